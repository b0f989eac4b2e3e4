import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { runChecks } from '../server/services/compliance/run-checks.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';
import { docxText } from './helpers/docx-text.ts';

/**
 * Issue 17, "no internal contradictions": each statement below is printed only when the answers
 * make it true; when they make it false the statement is left out and, where the law is at stake,
 * the rule that owns the point reports it instead. Each case is tried on both sides of the line.
 */
let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

async function draft(answers: Record<string, unknown>, matter: Record<string, unknown> = {}) {
  const f = dealFixtures().find((x) => x.name === 'msa-tx-flat-phi')!;
  const parsed = parseAnswers('msa', { ...f.answers, ...answers });
  const m = { ...f.matter, ...matter } as typeof f.matter;
  const assembled = await assembleDocument(catalog, { kind: 'msa', answers: parsed, matter: m, mode: 'draft', meta: { documentName: 'X', versionLabel: '1', documentShortId: 'CW-X' } });
  const report = runChecks({ kind: 'msa', answers: parsed as Record<string, unknown>, matter: m, clauses: assembled.clauses, values: assembled.values, missing: assembled.missing, reference: catalog.reference(), related: [] });
  return { text: docxText(assembled.bytes), ids: assembled.clauses.map((c) => c.id), findings: report.findings.map((x) => `${x.severity} ${x.ruleId}`) };
}

const ONE_YEAR_INTENT = 'The parties intend the Term to be not less than one (1) year';
const FIRST_ANNIVERSARY = 'no such termination may take effect before the first anniversary';
/** The three ways the library says a fee is independent of the business generated. */
const INDEPENDENT_OF_BUSINESS = [
  'it is not determined in a manner that takes into account the volume or value of referrals or other business generated',
  'without regard to the volume or value of any referrals or other business generated between them',
  'the Management Fee does not vary with the volume or value of referrals or other business generated',
];

describe('a term under one year', () => {
  it.each([6, 11])('%i months: no one-year intention, no first-anniversary limit, and the rule reports the term', async (months) => {
    for (const posture of ['balanced', 'practice-favourable', 'manager-favourable']) {
      const { text, findings } = await draft({ initialTermMonths: months, posture });
      expect(text, posture).not.toContain(ONE_YEAR_INTENT);
      expect(text, posture).not.toContain(FIRST_ANNIVERSARY);
      expect(findings).toContain('error msa.term-at-least-one-year');
    }
  });

  it('12 months: the intention is stated and the rule is quiet', async () => {
    const { text, findings } = await draft({ initialTermMonths: 12 });
    expect(text).toContain(ONE_YEAR_INTENT);
    expect(findings).not.toContain('error msa.term-at-least-one-year');
  });
});

describe('a percentage fee that also pays for marketing', () => {
  const percent = { feeModel: 'percent-collections', collectionsPct: 6 };
  it('never says the fee is independent of the business generated; the set-in-advance rule says so instead', async () => {
    const { text, findings } = await draft(percent);
    for (const statement of INDEPENDENT_OF_BUSINESS) expect(text).not.toContain(statement);
    expect(findings).toContain('error msa.compensation-set-in-advance');
  });

  it('without marketing the statements are made (and the rule does not report a missing one)', async () => {
    const services = ['billing', 'credentialing', 'hr-payroll', 'it-ehr', 'facilities', 'equipment', 'compliance', 'financial', 'strategic-planning'];
    const { text, findings } = await draft({ ...percent, services });
    for (const statement of INDEPENDENT_OF_BUSINESS) expect(text).toContain(statement);
    expect(findings).not.toContain('error msa.compensation-set-in-advance');
  });
});

describe('the owners recital', () => {
  it('says the owners are licensed only when every owner on the matter is', async () => {
    const f = dealFixtures().find((x) => x.name === 'msa-tx-flat-phi')!;
    const licensedClaim = 'whose owners are licensed';
    expect((await draft({})).text).toContain(licensedClaim);
    const lay = await draft({}, { owners: [f.matter.owners[0]!, { ...f.matter.owners[1]!, name: 'Pat Investor', licensed: false, licenseState: null }] });
    expect(lay.text).not.toContain(licensedClaim);
  });
});

describe('engagement, renewal and PHI', () => {
  it('a non-exclusive engagement never states exclusivity', async () => {
    const { ids } = await draft({ exclusivity: 'non-exclusive' });
    expect(ids).toContain('msa.engagement.non-exclusive');
    expect(ids).not.toContain('msa.engagement.exclusive');
  });

  it('an agreement without automatic renewal never says it renews automatically', async () => {
    const { text } = await draft({ autoRenew: false, renewalTermMonths: undefined });
    expect(text).not.toMatch(/renews automatically/);
    expect(text).toContain('does not renew automatically');
  });

  it('a manager that handles no PHI signs no business associate terms', async () => {
    const { ids } = await draft({ handlesPhi: false });
    expect(ids).toContain('msa.hipaa.no-phi');
    expect(ids).not.toContain('msa.hipaa.business-associate');
  });
});
