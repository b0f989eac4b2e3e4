/**
 * The acceptance loans: one made in each of 2015-06, 2020-04, 2023-11 and 2026-08, at
 * the AFR of its band (for its own compounding) and 0.01% below it, through `clausewright check`
 * and the HTTP gate; and a demand loan with no maturity date drafted, checked, executed, with its
 * re-check deadlines on the half-years.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, matterWithDocument, sample } from '../helpers/documents.ts';
import { makeTestApp } from '../helpers/test-app.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';
import { cliBundle } from '../helpers/bundle.ts';
import { testBackend } from '../helpers/test-database.ts';

const LOANS = [
  // month, maturity (sets the band), compounding, the ruling's figure for that band and column
  { made: '2015-06-10', maturity: '2017-06-10', band: 'short-term', compounding: 'semiannual', afr: 0.43, ruling: 'Rev. Rul. 2015-14' },
  { made: '2020-04-01', maturity: '2025-04-01', band: 'mid-term', compounding: 'annual', afr: 0.99, ruling: 'Rev. Rul. 2020-9' },
  { made: '2023-11-15', maturity: '2033-11-16', band: 'long-term', compounding: 'monthly', afr: 4.72, ruling: 'Rev. Rul. 2023-20' },
  { made: '2026-08-03', maturity: '2028-08-03', band: 'short-term', compounding: 'quarterly', afr: 4.04, ruling: 'Rev. Rul. 2026-13' },
] as const;

const CASES = LOANS.flatMap((l) => [
  { ...l, rate: l.afr, expectError: false },
  { ...l, rate: Math.round((l.afr - 0.01) * 100) / 100, expectError: true },
]);

const answersFor = (c: (typeof CASES)[number]) => ({ ...sample('loc'), effectiveDate: c.made, maturityDate: c.maturity, interestRatePct: c.rate, compounding: c.compounding, drawPeriodMonths: 12 });

const BIN = cliBundle();
const dir = mkdtempSync(join(tmpdir(), 'cw-afr-loans-'));

async function check(answersFile: string) {
  try {
    // A database file per process: eight CLI starts migrating one file would queue on its lock.
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'check', '--kind', 'loc', '--answers', answersFile, '--json'], { env: { ...process.env, CLAUSEWRIGHT_DB: `${answersFile}.db` } });
    return { code: 0, findings: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, findings: e.stdout ? JSON.parse(e.stdout) : e.stderr };
  }
}

// Concurrent: each case is a separate process start.
// The command line on a SQLite file: the same on both passes, so only `npm test` runs it.
describe.skipIf(testBackend() === 'postgres').concurrent('clausewright check: a loan at the AFR passes, 0.01% below is an error', () => {
  it.each(CASES.map((c) => [`${c.made} ${c.band} ${c.compounding} at ${c.rate}%`, c] as const))('%s', async (_label, c) => {
    const file = join(dir, `${c.made}-${c.rate}.json`);
    writeFileSync(file, JSON.stringify(answersFor(c)));
    const { code, findings } = await check(file);
    const afr = (findings as { ruleId: string; severity: string; message: string }[]).filter((f) => f.ruleId === 'loc.rate-at-least-afr');
    if (c.expectError) {
      expect(code).toBe(1);
      expect(afr).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining(c.ruling) })]);
    } else {
      expect(afr).toEqual([]);
    }
    // Generous: each case starts a process (TypeScript loaded cold), several at once on two cores.
  }, 180_000);
});

describe('the HTTP gate', () => {
  let t: Awaited<ReturnType<typeof makeTestApp>>;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(async () => t?.close());

  it.each(CASES.map((c) => [`${c.made} ${c.band} at ${c.rate}%`, c] as const))('%s', async (_label, c) => {
    const { attorney, document, version } = await matterWithDocument(t, 'loc', answersFor(c));
    const res = await approve(t, attorney, document.id, version);
    if (c.expectError) {
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain('loc.rate-at-least-afr');
    } else {
      expect(res.status, await res.clone().text()).toBe(200);
    }
  });

  it('a demand loan with no maturity date is drafted, checked, executed, and re-checked on the half-years', async () => {
    // Made 2026-03-10 at 3.60% semiannual: the January 2026 short-term rate (Rev. Rul. 2026-2) governs January–June.
    const answers = { ...sample('loc'), effectiveDate: '2026-03-10', maturityDate: undefined, demandLoan: true, repayment: 'on-demand', interestRatePct: 3.6, compounding: 'semiannual', drawPeriodMonths: 24 };
    const { attorney, document, version, matter } = await matterWithDocument(t, 'loc', answers);
    const findings = version.compliance.findings.filter((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr');
    expect(findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);
    expect(findings[0].message).toMatch(/2026-07-01 to 2026-12-31 \(3\.96%\)/);
    const below = await matterWithDocument(t, 'loc', { ...answers, interestRatePct: 3.59 });
    expect(below.version.compliance.findings.find((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr')?.severity).toBe('error');

    expect((await approve(t, attorney, document.id, version)).status).toBe(200);
    const paralegal = await t.login('paralegal');
    const executed = await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-03-12' } });
    expect(executed.status, await executed.clone().text()).toBe(200);
    const deadlines = await allDeadlines<{ kind: string; dueDate: string }>(t, `matterId=${matter.id}`, paralegal);
    const kinds = deadlines.map((d: { kind: string; dueDate: string }) => `${d.kind} ${d.dueDate}`).sort();
    // The test clock is 2026-11-22: the next half-year starts 2027-01-01; there is no maturity.
    expect(kinds).toEqual(['afr-recheck 2027-01-01', 'draw-period-end 2028-03-09']);

    const docx = await t.request(`/api/documents/${document.id}/versions/${version.versionNo}/docx`, { cookie: attorney });
    expect(docx.status).toBe(200);
  });
});
