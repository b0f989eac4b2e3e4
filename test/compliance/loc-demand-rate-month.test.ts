import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { assembleDocument, parseAnswers, type Catalog } from '../../server/services/documents/assemble-document.ts';
import { runChecks } from '../../server/services/compliance/run-checks.ts';
import { testCatalogFiles } from '../helpers/test-app.ts';
import { dealFixtures } from '../helpers/fixtures.ts';
import { docxText } from '../helpers/docx-text.ts';

/**
 * A line payable on demand is measured by the short-term AFR of the half-year it is made in
 * (January's or July's rate, IRC 7872(f)(2)(B)); a term loan by its band's AFR for the month it
 * is made (7872(f)(2)(A)). The rate clause and loc.rate-at-least-afr must name the same month:
 * before, a demand line made in March promised March's rate while the check tested January's.
 */
let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
});

const base = dealFixtures().find((f) => f.name === 'loc-demand-working-capital')!;

async function draft(answers: Record<string, unknown>) {
  const parsed = parseAnswers('loc', { ...base.answers, ...answers });
  const assembled = await assembleDocument(catalog, { kind: 'loc', answers: parsed, matter: base.matter, mode: 'draft', meta: { documentName: 'Demand', versionLabel: '1', documentShortId: 'CW-DEMAND' } });
  const report = runChecks({ kind: 'loc', answers: parsed as Record<string, unknown>, matter: base.matter, clauses: assembled.clauses, values: assembled.values, missing: assembled.missing, reference: catalog.reference(), related: [] });
  const rateFinding = report.findings.find((f) => f.ruleId === 'loc.rate-at-least-afr' && f.severity === 'error');
  return { text: docxText(assembled.bytes), clauseIds: assembled.clauses.map((c) => c.id), rateFinding };
}

const rateParagraph = (text: string) => text.split('\n').find((line) => line.includes('the semiannual period in which this line of credit is made')) ?? '';

describe('a demand line names the half-year rate the check tests', () => {
  it.each([
    ['2025-02-03', 'January 2025', 'January 1, 2025 through June 30, 2025', '2025-01'],
    ['2025-06-30', 'January 2025', 'January 1, 2025 through June 30, 2025', '2025-01'],
    ['2025-07-01', 'July 2025', 'July 1, 2025 through December 31, 2025', '2025-07'],
    ['2025-11-14', 'July 2025', 'July 1, 2025 through December 31, 2025', '2025-07'],
  ])('made %s: %s, for %s', async (effectiveDate, month, half, checkedMonth) => {
    // A rate below every AFR on file, so the check's error names the rate it tested.
    const { text, clauseIds, rateFinding } = await draft({ effectiveDate, maturityDate: undefined, demandLoan: true, repayment: 'on-demand', interestRatePct: 0.25 });
    expect(clauseIds).toContain('loc.interest.rate-demand');
    expect(clauseIds).not.toContain('loc.interest.rate');
    const paragraph = rateParagraph(text);
    expect(paragraph).toContain(`that rate for ${half}`);
    expect(paragraph).toContain(`published for ${month}`);
    // The month the line is made in is not the test when it is not January or July.
    const madeIn = new Date(`${effectiveDate}T12:00:00Z`).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    if (madeIn !== month) expect(text).not.toContain(`in effect for ${madeIn}`);
    expect(rateFinding?.citation).toContain(`short-term AFR for ${checkedMonth}`);
    expect(rateFinding?.message).toContain(`the ${month} rate`);
    expect(text).toContain(`short-term AFR for ${month}, for the half-year`);
  });

  it('a variable-rate demand line measures its spread and first rate by the half-year rate', async () => {
    const { text, clauseIds } = await draft({ effectiveDate: '2025-04-10', maturityDate: undefined, demandLoan: true, repayment: 'on-demand', rateType: 'variable' });
    expect(clauseIds).toContain('loc.interest.rate-variable-demand');
    expect(clauseIds).not.toContain('loc.interest.rate-variable');
    expect(text).toContain('exceeds the short-term Applicable Federal Rate published for January 2025');
    expect(rateParagraph(text)).toContain('that rate for January 1, 2025 through June 30, 2025');
    expect(text).not.toContain('April 2025, the month in which this line of credit is made');
  });

  it('a term line keeps the AFR of the month it is made', async () => {
    const { text, clauseIds } = await draft({ effectiveDate: '2025-04-10', maturityDate: '2027-04-09', demandLoan: false, repayment: 'interest-monthly-principal-at-maturity' });
    expect(clauseIds).toContain('loc.interest.rate');
    expect(clauseIds).not.toContain('loc.interest.rate-demand');
    expect(text).toContain('short-term Applicable Federal Rate in effect for April 2025, the month in which this line of credit is made');
    expect(text).toContain('short-term AFR for April 2025');
  });
});
