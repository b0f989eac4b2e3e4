import { describe, expect, it } from 'vitest';
import { creditLimitCoversFees, locDocumentation, locParties } from '../../server/services/compliance/rules/loc.ts';
import { effectiveAnnual, rateAtLeastAfr } from '../../server/services/compliance/rules/loc-afr.ts';
import { clause, input, locAnswers } from './rule-input.ts';

const loc = (a: Record<string, unknown> = {}, extra = {}) => input({ kind: 'loc', answers: { ...locAnswers, ...a }, clauses: [clause('loc.interest.rate', ['interest', 'afr-basis'], 'x')], ...extra });

describe('loc.rate-at-least-afr', () => {
  it('passes a rate above the short-term AFR for March 2024 (4.71%)', () => expect(rateAtLeastAfr.check(loc())).toEqual([]));
  it('fails a rate below it', () => {
    const [f] = rateAtLeastAfr.check(loc({ interestRatePct: 4.5 }));
    expect(f!.message).toMatch(/below the short-term AFR of 4.71% for 2024-03/);
  });
  it('compares on an effective-annual basis: 4.66% compounded monthly clears 4.71% annual', () => {
    expect(effectiveAnnual(4.66, 12)).toBeGreaterThan(4.71);
    expect(rateAtLeastAfr.check(loc({ interestRatePct: 4.66, compounding: 'monthly' }))).toEqual([]);
  });
  it('uses the mid-term band for a 5-year loan (4.13% in March 2024)', () => {
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2029-03-01', interestRatePct: 4.2, compounding: 'annual' }))).toEqual([]);
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2029-03-01', interestRatePct: 4.1, compounding: 'annual' }))).toHaveLength(1);
  });
  it('uses the long-term band beyond 9 years (4.40%)', () => {
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2034-03-02', interestRatePct: 4.3, compounding: 'annual' }))[0]!.message).toMatch(/long-term/);
  });
  it('a month not on file is an error, never a pass', () => {
    const [f] = rateAtLeastAfr.check(loc({ effectiveDate: '2027-01-15', maturityDate: '2029-01-15' }));
    expect(f!.message).toMatch(/AFR for 2027-01 is not on file/);
    expect(f!.severity).toBeUndefined(); // the rule's default: error
  });
  it('a month on file without rates is also an error', () => {
    expect(rateAtLeastAfr.check(loc({ effectiveDate: '2023-05-01', maturityDate: '2025-05-01' }))[0]!.message).toMatch(/AFR for 2023-05 is not on file/);
  });
  it('warns when the AFR it relied on comes from a low-quality source', () => {
    const [f] = rateAtLeastAfr.check(loc({ effectiveDate: '2025-01-10', maturityDate: '2027-01-10' }));
    expect(f!.severity).toBe('warning');
    expect(f!.unverified).toBe(true);
  });
  it('adds a re-check note for demand loans', () => expect(rateAtLeastAfr.check(loc({ demandLoan: true }))[0]!.severity).toBe('info'));
});

describe('loc.credit-limit-covers-fees', () => {
  it('passes a limit that covers 12 months of $42,500 plus interest', () => expect(creditLimitCoversFees.check(loc())).toEqual([]));
  it('fails a limit that does not', () => expect(creditLimitCoversFees.check(loc({ creditLimit: 500000 }))[0]!.message).toMatch(/below 12 months/));
  it('warns when projections are missing', () => expect(creditLimitCoversFees.check(loc({ projectedMonthlyMsaFees: undefined }))[0]!.severity).toBe('warning'));
  it('takes the MSA fee from the matter’s MSA when the LOC has none', () => {
    const related = [{ kind: 'msa' as const, documentId: 9, answers: { monthlyFee: 80000 } }];
    expect(creditLimitCoversFees.check(loc({ projectedMonthlyMsaFees: undefined }, { related }))).toHaveLength(1);
  });
  it('does not apply to working-capital lines', () => expect(creditLimitCoversFees.check(loc({ purpose: 'working-capital', creditLimit: 1 }))).toEqual([]));
});

describe('loc.documentation', () => {
  const all = ['maturity', 'repayment', 'promissory-note', 'events-of-default', 'afr-basis'].map((t) => clause(`loc.${t}`, [t], 'x'));
  it('passes with every required clause', () => expect(locDocumentation.check(loc({}, { clauses: all }))).toEqual([]));
  it('names each missing one', () => expect(locDocumentation.check(loc({}, { clauses: all.slice(1) }))[0]!.message).toMatch(/maturity/));
  it('fails a draw period longer than the loan', () => expect(locDocumentation.check(loc({ drawPeriodMonths: 48 }, { clauses: all }))[0]!.message).toMatch(/draw period/));
});

describe('loc.parties-match-matter', () => {
  it('passes distinct parties and signatories', () => expect(locParties.check(loc())).toEqual([]));
  it('warns when one person signs both sides', () => {
    expect(locParties.check(loc({ borrowerSignatory: locAnswers.lenderSignatory }))[0]!.severity).toBe('warning');
  });
});
