import { describe, expect, it } from 'vitest';
import { MsaAnswersSchema } from '../server/schemas/answers/msa.ts';
import { msaAnswers } from './compliance/rule-input.ts';

const issues = (answers: Record<string, unknown>) => {
  const r = MsaAnswersSchema.safeParse(answers);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('MSA answers: the annual fee adjustment', () => {
  it('accepts the sample (CPI with a cap on a flat fee) and no adjustment at all', () => {
    expect(issues(msaAnswers)).toEqual([]);
    expect(issues({ ...msaAnswers, feeAdjustment: 'none', feeAdjustmentPct: undefined })).toEqual([]);
  });
  it('refuses an escalator on a cost-plus or percentage fee, which true up instead', () => {
    expect(issues({ ...msaAnswers, feeModel: 'cost-plus', costPlusMarginPct: 10 })).toEqual(['feeAdjustment']);
    expect(issues({ ...msaAnswers, feeModel: 'percent-collections', collectionsPct: 6 })).toEqual(['feeAdjustment']);
  });
  it('accepts an escalator on a per-location fee, a fixed amount like per-provider', () => {
    expect(issues({ ...msaAnswers, feeModel: 'per-location', monthlyFee: undefined, perLocationFee: 12000, locationCount: 3 })).toEqual([]);
  });
  it('needs the step or cap percentage', () => expect(issues({ ...msaAnswers, feeAdjustment: 'fixed-step', feeAdjustmentPct: undefined })).toEqual(['feeAdjustmentPct']));
});

describe('MSA answers: performance fee and value-based arrangement (issue 23)', () => {
  it('default to no performance fee and no value-based basis, so earlier answers read as before', () => {
    const parsed = MsaAnswersSchema.parse(msaAnswers);
    expect(parsed).toMatchObject({ performanceFee: 'none', performanceMeasures: [], valueBasedBasis: 'none', valueBasedPurposes: [], payorRisk: 'none', starkApplies: false });
  });
  it('needs each measure’s name, type and benchmark, and takes only the listed types', () => {
    const measure = { name: 'Breast cancer screening', type: 'quality', benchmark: 'At or above 74%' };
    expect(issues({ ...msaAnswers, performanceFee: 'quality-bonus', performanceMeasures: [measure] })).toEqual([]);
    expect(issues({ ...msaAnswers, performanceMeasures: [{ ...measure, type: undefined }] })).toEqual(['performanceMeasures.0.type']);
    expect(issues({ ...msaAnswers, performanceMeasures: [{ ...measure, type: 'bonus-points' }] })).toEqual(['performanceMeasures.0.type']);
    expect(issues({ ...msaAnswers, performanceMeasures: [{ ...measure, benchmark: '' }] })).toEqual(['performanceMeasures.0.benchmark']);
  });
  it('refuses a value-based purpose listed twice', () => expect(issues({ ...msaAnswers, valueBasedPurposes: ['coordinate-care', 'coordinate-care'] })).toEqual(['valueBasedPurposes']));
});
