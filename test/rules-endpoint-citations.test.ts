import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';

/** GET /api/rules carries the corrected citations of issue 16 (legal-updates.md §2–3), and no longer the overreaching ones. */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let rules: { id: string; severity: string; citations: string[] }[];
beforeAll(async () => {
  t = await makeTestApp();
  rules = (await (await t.request('/api/rules', { cookie: await t.login('attorney') })).json()).rules;
});
afterAll(async () => t?.close());

const rule = (id: string) => rules.find((r) => r.id === id)!;

describe('GET /api/rules after the legal corrections', () => {
  it('cites Or. Laws 2025 ch. 295 for the share-transfer and financing rules', () => {
    expect(rule('msa.state-share-transfer').citations.join(' ')).toMatch(/ch\. 295/);
    expect(rule('state.share-acquisition-financing').citations.join(' ')).toMatch(/SB 951/);
  });
  it('no longer cites 1001.952(d)(1)(iii), IRC 7872 or 424.73 where the rule does not rest on them, and grades best practice as a warning', () => {
    expect(rule('document.effective-date').citations.join(' ')).not.toMatch(/1001\.952/);
    for (const id of ['loc.documentation', 'loc.credit-limit-covers-fees', 'matter.loc-limit-vs-msa-fee', 'matter.msa-term-vs-loc-maturity']) {
      expect(rule(id).citations.join(' '), id).not.toMatch(/IRC 7872/);
      expect(rule(id).severity, id).toBe('warning');
    }
    expect(rule('msa.separate-books').citations.join(' ')).not.toMatch(/424\.73/);
  });
  it('lists the transaction-notice and Texas non-compete rules with their statutes', () => {
    expect(rule('matter.transaction-notice').citations.join(' ')).toMatch(/OAR 409-070-0030[\s\S]*127507[\s\S]*4552[\s\S]*7\.2a[\s\S]*19\.390[\s\S]*6D[\s\S]*25-1-8\.5-4/);
    expect(rule('msa.state-physician-non-compete').citations.join(' ')).toMatch(/15\.50/);
  });
});
