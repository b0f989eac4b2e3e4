import { describe, expect, it } from 'vitest';
import { creditLimitCoversFees, locDocumentation, locParties } from '../../server/services/compliance/rules/loc.ts';
import { effectiveAnnual, rateAtLeastAfr } from '../../server/services/compliance/rules/loc-afr.ts';
import { clause, input, locAnswers } from './rule-input.ts';

const loc = (a: Record<string, unknown> = {}, extra = {}) => input({ kind: 'loc', answers: { ...locAnswers, ...a }, clauses: [clause('loc.interest.rate', ['interest', 'afr-basis'], 'x')], ...extra });

describe('loc.rate-at-least-afr', () => {
  // March 2024 (Rev. Rul. 2024-4), short-term AFR: 4.71 annual, 4.66 semiannual, 4.63 quarterly, 4.62 monthly.
  it('passes a rate at the short-term AFR for the note’s own compounding', () => expect(rateAtLeastAfr.check(loc({ interestRatePct: 4.66, compounding: 'semiannual' }))).toEqual([]));
  it('fails a rate 0.01% below it, naming the ruling', () => {
    const [f] = rateAtLeastAfr.check(loc({ interestRatePct: 4.65, compounding: 'semiannual' }));
    expect(f!.message).toMatch(/below the short-term AFR for March 2024 at semiannual compounding, 4\.66% \(Rev\. Rul\. 2024-4\)/);
    expect(f!.citation).toMatch(/Rev\. Rul\. 2024-4, Table 1/);
  });
  it('compares each compounding with the ruling’s own column: 4.62% monthly clears, 4.62% annual does not', () => {
    expect(effectiveAnnual(4.62, 12)).toBeGreaterThan(4.71);
    expect(rateAtLeastAfr.check(loc({ interestRatePct: 4.62, compounding: 'monthly' }))).toEqual([]);
    expect(rateAtLeastAfr.check(loc({ interestRatePct: 4.62, compounding: 'annual' }))).toHaveLength(1);
  });
  it('uses the mid-term band for a 5-year loan (4.13% annual in March 2024)', () => {
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2029-03-01', interestRatePct: 4.13, compounding: 'annual' }))).toEqual([]);
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2029-03-01', interestRatePct: 4.12, compounding: 'annual' }))[0]!.message).toMatch(/mid-term/);
  });
  it('uses the long-term band beyond 9 years (4.40%)', () => {
    expect(rateAtLeastAfr.check(loc({ maturityDate: '2034-03-02', interestRatePct: 4.39, compounding: 'annual' }))[0]!.message).toMatch(/long-term/);
  });
  it('a month not on file is an error, never a pass, saying which ruling to import and where', () => {
    const [f] = rateAtLeastAfr.check(loc({ effectiveDate: '2027-01-15', maturityDate: '2029-01-15' }));
    expect(f!.message).toMatch(/AFR for January 2027 \(2027-01\) is not on file/);
    expect(f!.fix).toMatch(/irs\.gov.*Import a ruling.*clausewright afr import/);
    expect(f!.severity).toBeUndefined(); // the rule's default: error
  });
  it('every month since 2015-01 through 2026-08 is on file', () => {
    expect(rateAtLeastAfr.check(loc({ effectiveDate: '2015-01-05', maturityDate: '2016-01-05', interestRatePct: 0.41, compounding: 'annual' }))).toEqual([]);
    expect(rateAtLeastAfr.check(loc({ effectiveDate: '2023-05-01', maturityDate: '2025-05-01', interestRatePct: 9 }))).toEqual([]);
  });
  it('warns when the figure was entered by hand rather than read from the ruling', () => {
    const reference = structuredClone(input().reference);
    reference.afr.months.find((m) => m.month === '2024-03')!.verification = 'secondary';
    const [f] = rateAtLeastAfr.check(loc({}, { reference }));
    expect(f).toMatchObject({ severity: 'warning', unverified: true });
  });
});

describe('loc.rate-at-least-afr for demand loans (IRC 7872(f)(2)(B))', () => {
  const demand = (a: Record<string, unknown>) => loc({ demandLoan: true, maturityDate: undefined, repayment: 'on-demand', rateType: 'fixed', ...a });
  it('tests the half-year of the loan against January’s or July’s short-term rate: made in March 2026, the January rate 3.60% semiannual', () => {
    expect(rateAtLeastAfr.check(demand({ effectiveDate: '2026-03-10', interestRatePct: 3.59, compounding: 'semiannual' }))[0]!.message).toMatch(/half-year 2026-01-01 to 2026-06-30: 3\.6% .*January 2026 rate \(Rev\. Rul\. 2026-2\)/);
    const ok = rateAtLeastAfr.check(demand({ effectiveDate: '2026-03-10', interestRatePct: 3.6, compounding: 'semiannual' }));
    expect(ok.map((f) => f.severity)).toEqual(['warning']);
  });
  it('the re-test is a warning naming later half-years on file where a fixed rate falls below, and the next one not yet on file', () => {
    // July 2026's short-term rate is 3.96% semiannual; a 3.7% demand loan made in March clears January's 3.60% only.
    const [f] = rateAtLeastAfr.check(demand({ effectiveDate: '2026-03-10', interestRatePct: 3.7, compounding: 'semiannual' }));
    expect(f!.severity).toBe('warning');
    expect(f!.message).toMatch(/below the short-term AFR for the half-year 2026-07-01 to 2026-12-31 \(3\.96%\)/);
    expect(f!.message).toMatch(/next half-year to test begins 2027-01-01 \(the January 2027 rate, not yet on file\)/);
  });
  it('a demand loan in a half-year whose rate month is missing is an error', () => {
    expect(rateAtLeastAfr.check(demand({ effectiveDate: '2027-02-01', interestRatePct: 9 }))[0]!.message).toMatch(/AFR for January 2027 .* is not on file/);
  });
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
