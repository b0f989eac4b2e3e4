import { describe, expect, it } from 'vitest';
import { MsaAnswersSchema } from '../../server/schemas/answers/msa.ts';
import { performanceFeeMeasures, performanceFeeSetInAdvance, readsAsVolume } from '../../server/services/compliance/rules/msa-performance-fee.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { msaKind } from '../../server/services/documents/kinds/msa.ts';
import { RESERVATION, clause, input, msaAnswers } from './rule-input.ts';

const QUALITY = { name: 'Controlling high blood pressure', type: 'quality', benchmark: 'At or above 70% of attributed patients with hypertension', source: 'NCQA HEDIS (CBP)' };
const COST = { name: 'Total cost of care for attributed members', type: 'cost', benchmark: 'Below the payor’s risk-adjusted benchmark', source: 'Payor contract, Exhibit B' };
const BONUS = clause('msa.fee.performance-quality-bonus', ['fee.performance', 'fee.performance.quality-bonus'], 'Performance Fee text.');
const SHARED = clause('msa.fee.performance-shared-savings', ['fee.performance', 'fee.performance.shared-savings'], 'Performance Fee text.');

/** The sample (flat $42,500, FMV 38,000–47,000) with a quality bonus of $24,000 a year on two good measures. */
function bonus(overrides: Record<string, unknown> = {}, state = 'TX') {
  const answers = MsaAnswersSchema.parse({ ...msaAnswers, performanceFee: 'quality-bonus', performanceMeasures: [QUALITY, COST], performancePeriodMonths: 12, performanceCap: 24000, ...overrides });
  const shared = answers.performanceFee === 'shared-savings';
  return input({ answers: answers as unknown as Record<string, unknown>, clauses: [RESERVATION, shared ? SHARED : BONUS], matter: { ...DEFAULT_MATTER, peState: state as never } });
}
const shared = (overrides: Record<string, unknown> = {}, state = 'TX') => bonus({ performanceFee: 'shared-savings', sharedSavingsPct: 20, ...overrides }, state);
const severities = (findings: { severity?: string }[]) => findings.map((f) => f.severity ?? 'error');

describe('msa.performance-fee-measures', () => {
  it('passes quality and cost-of-care measures', () => expect(performanceFeeMeasures.check(bonus())).toEqual([]));
  it('is silent without a performance fee', () => expect(performanceFeeMeasures.check(input({ answers: MsaAnswersSchema.parse(msaAnswers) as never }))).toEqual([]));
  it.each([
    ['volume', 'New patient visits', /volume of services/],
    ['referrals', 'Referrals to the imaging center', /referrals/],
    ['revenue', 'Growth in net collections', /revenue, charges or collections/],
  ])('errors on a %s measure', (type, name, words) => {
    const [f, ...rest] = performanceFeeMeasures.check(bonus({ performanceMeasures: [{ name, type, benchmark: 'At least 500 in the period' }, QUALITY] }));
    expect(rest).toEqual([]);
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.message).toMatch(words);
    expect(f!.clauseId).toBe('msa.fee.performance-quality-bonus');
  });
  it('warns when a measure typed as quality reads as a count of business', () => {
    const findings = performanceFeeMeasures.check(bonus({ performanceMeasures: [{ name: 'Growth in net collections', type: 'quality', benchmark: 'Up 8% on the prior period' }, QUALITY] }));
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0]!.message).toMatch(/reads as a count of business/);
  });
  it('tells a rate or a reduction from a count', () => {
    expect(readsAsVolume({ name: 'Avoidable emergency department visits per 1,000 attributed patients', benchmark: 'At or below 180' })).toBe(false);
    expect(readsAsVolume({ name: 'Referral loop closure', benchmark: 'At or above 80% of referrals' })).toBe(false);
    expect(readsAsVolume({ name: 'Annual wellness visits', benchmark: 'At least 1,200 visits' })).toBe(true);
  });
  it('warns when every measure is a patient-experience measure', () => {
    const findings = performanceFeeMeasures.check(bonus({ performanceMeasures: [{ name: 'CAHPS overall rating', type: 'patient-experience', benchmark: 'At or above the 75th percentile' }] }));
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0]!.message).toMatch(/patient satisfaction/);
  });
  it('asks a shared-savings fee for a cost measure and a quality gate, and warns on a percentage of practice receipts', () => {
    const noCost = performanceFeeMeasures.check(shared({ performanceMeasures: [QUALITY] }));
    expect(noCost.map((f) => f.message).join(' ')).toMatch(/no cost-of-care measure/);
    const noQuality = performanceFeeMeasures.check(shared({ performanceMeasures: [COST] }));
    expect(noQuality.map((f) => f.message).join(' ')).toMatch(/no quality measure/);
    const both = performanceFeeMeasures.check(shared());
    expect(both).toHaveLength(1);
    expect(both[0]!.severity).toBe('warning');
    expect(both[0]!.message).toMatch(/Texas restricts or has not settled/);
  });
  it('says so when the state’s percentage-fee row is unverified', () => {
    const [f] = performanceFeeMeasures.check(shared({}, 'AK'));
    expect(f!.unverified).toBe(true);
  });
});

describe('msa.performance-fee-set-in-advance', () => {
  it('passes measures, a period and a cap within the FMV range', () => expect(performanceFeeSetInAdvance.check(bonus())).toEqual([]));
  it('errors without measures or a measurement period', () => {
    const findings = performanceFeeSetInAdvance.check(bonus({ performanceMeasures: [], performancePeriodMonths: undefined }));
    expect(severities(findings)).toEqual(['error', 'error']);
    expect(findings.map((f) => f.message).join(' ')).toMatch(/No performance measure is set[\s\S]*measurement period/);
  });
  it('errors when a quality bonus has no amount, but only warns when shared savings are uncapped', () => {
    const [noPool] = performanceFeeSetInAdvance.check(bonus({ performanceCap: undefined }));
    expect(noPool!.severity ?? 'error').toBe('error');
    const [uncapped, ...rest] = performanceFeeSetInAdvance.check(shared({ performanceCap: undefined }));
    expect(rest).toEqual([]);
    expect(uncapped!.severity).toBe('warning');
  });
  it('bounds an uncapped shared-savings fee by fair market value in the clause’s own words', () => {
    const limit = (cap?: number) => msaKind.values(MsaAnswersSchema.parse({ ...msaAnswers, performanceFee: 'shared-savings', sharedSavingsPct: 20, performanceCap: cap }), DEFAULT_MATTER, {} as never).sharedSavingsLimit;
    expect(limit()).toMatch(/consistent with Fair Market Value, as the FMV Opinion determines/);
    expect(limit(96000)).toBe('but never more than $96,000.00 for any Measurement Period');
  });
  it('errors when a shared-savings fee has no percentage', () => {
    const findings = performanceFeeSetInAdvance.check(shared({ sharedSavingsPct: undefined }));
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/percentage of the shared savings is not set/)]);
  });
  it('errors when the answers choose a performance fee but no clause carries it', () => {
    const findings = performanceFeeSetInAdvance.check({ ...bonus(), clauses: [RESERVATION] });
    expect(findings[0]!.message).toMatch(/no performance fee clause/);
  });
  it('warns when the base fee plus the largest performance fee passes the FMV range’s high end', () => {
    // $42,500 + $60,000 / 12 = $47,500 a month, above $47,000.
    const findings = performanceFeeSetInAdvance.check(bonus({ performanceCap: 60000 }));
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0]!.message).toMatch(/47500 a month[\s\S]*47000/);
    // Per provider: $6,500 + $96,000 / 12 / 8 = $7,500, at the high end.
    expect(performanceFeeSetInAdvance.check(bonus({ feeModel: 'per-provider', monthlyFee: undefined, feeAdjustment: 'none', feeAdjustmentPct: undefined, perProviderFee: 6500, providerCount: 8, fmvRangeLow: 5500, fmvRangeHigh: 7500, performanceCap: 96000 }))).toEqual([]);
  });
});
