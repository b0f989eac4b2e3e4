import { describe, expect, it } from 'vitest';
import { MsaAnswersSchema } from '../../server/schemas/answers/msa.ts';
import { starkValueBasedException, valueBasedSafeHarbor } from '../../server/services/compliance/rules/msa-value-based.ts';
import { RESERVATION, clause, input, msaAnswers } from './rule-input.ts';

const MEASURE = { name: 'Follow-up visit within 7 days after discharge', type: 'quality', benchmark: 'At or above 60% of discharges', source: 'NCQA HEDIS, Transitions of Care' };
const ARRANGEMENT = clause('msa.fee.value-based-arrangement', ['value-based-arrangement'], 'Value-based arrangement text.');
const IN_KIND = clause('msa.fee.care-coordination-in-kind', ['value-based.in-kind-support'], 'In-kind support text.');
const OUTCOMES = clause('msa.fee.outcomes-based-payment', ['value-based.outcomes-based-terms'], 'Outcomes-based payment text.');
const BONUS = clause('msa.fee.performance-quality-bonus', ['fee.performance'], 'Performance Fee text.');
/** A value-based enterprise with governance, purposes and a population: what (ee)-(gg) and Stark's (aa) all need. */
const VBE = {
  valueBasedEnterprise: 'Hill Country Value Partners, LLC',
  vbeGovernance: true,
  valueBasedPurposes: ['coordinate-care', 'improve-quality'],
  targetPatientPopulation: 'attributed patients with two or more chronic conditions',
  performanceMeasures: [MEASURE],
};
/** The sample without marketing or billing, so only the element under test is unmet. */
const SERVICES = ['credentialing', 'hr-payroll', 'it-ehr', 'facilities', 'equipment', 'compliance', 'strategic-planning', 'care-coordination'];

function check(rule: typeof valueBasedSafeHarbor, answers: Record<string, unknown>, clauses = [RESERVATION, ARRANGEMENT, IN_KIND]) {
  const parsed = MsaAnswersSchema.parse({ ...msaAnswers, services: SERVICES, ...answers });
  return rule.check(input({ answers: parsed as unknown as Record<string, unknown>, clauses }));
}
const warnings = (findings: { severity?: string; message: string }[]) => findings.filter((f) => (f.severity ?? 'warning') === 'warning').map((f) => f.message);

describe('msa.value-based-safe-harbor', () => {
  it('is silent when the parties rely on no value-based safe harbor', () => expect(check(valueBasedSafeHarbor, {})).toEqual([]));

  describe('care coordination (42 CFR 1001.952(ee))', () => {
    const ee = { ...VBE, valueBasedBasis: 'care-coordination', inKindContributionPct: 15 };
    it('passes with only a summary when the agreement and the facts meet every element checked', () => {
      const findings = check(valueBasedSafeHarbor, ee);
      expect(warnings(findings)).toEqual([]);
      const [summary] = findings;
      expect(summary!.severity).toBe('info');
      expect(summary!.message).toMatch(/Management Fee is paid in cash[\s\S]*1001\.952\(d\)\(1\)/);
      expect(summary!.unverified).toBe(true);
    });
    it('says a cash performance fee cannot rely on (ee), resting on an UNVERIFIED row', () => {
      const findings = check(valueBasedSafeHarbor, { ...ee, performanceFee: 'quality-bonus', performancePeriodMonths: 12, performanceCap: 24000 });
      const cash = findings.find((f) => /only in-kind remuneration/.test(f.message))!;
      expect(cash.severity ?? 'warning').toBe('warning');
      expect(cash.citation).toMatch(/1001\.952\(ee\)\(1\) \[reference: unverified\]/);
      expect(cash.unverified).toBe(true);
    });
    it('names each fact it does not meet: contribution under 15%, no enterprise, no care coordination purpose', () => {
      const messages = warnings(check(valueBasedSafeHarbor, { ...ee, inKindContributionPct: 10, vbeGovernance: false, valueBasedPurposes: ['improve-quality'] }));
      expect(messages).toEqual([
        expect.stringMatching(/No value-based enterprise/),
        expect.stringMatching(/do not include coordinating and managing/),
        expect.stringMatching(/contribution .* is 10%/),
      ]);
    });
    it('names what the document does not carry', () => {
      const messages = warnings(check(valueBasedSafeHarbor, ee, [RESERVATION]));
      expect(messages).toEqual([expect.stringMatching(/no value-based arrangement section/), expect.stringMatching(/does not describe the in-kind support/)]);
    });
    it('reports marketing, and notes billing and financial services, which the support may not serve', () => {
      const findings = check(valueBasedSafeHarbor, { ...ee, services: [...SERVICES, 'marketing', 'billing'] });
      expect(warnings(findings)).toEqual([expect.stringMatching(/markets the practice/)]);
      expect(findings.filter((f) => f.severity === 'info').map((f) => f.message).join(' ')).toMatch(/billing or financial management/);
    });
  });

  describe('outcomes-based payments (42 CFR 1001.952(d)(2))', () => {
    const d2 = { valueBasedBasis: 'outcomes-based-payment', performanceFee: 'quality-bonus', performanceMeasures: [MEASURE], performancePeriodMonths: 12, performanceCap: 24000 };
    it('passes a quality bonus on evidenced measures with its terms in writing', () => {
      expect(warnings(check(valueBasedSafeHarbor, d2, [RESERVATION, BONUS, OUTCOMES]))).toEqual([]);
    });
    it('needs a performance fee to protect, and the evidence for each measure', () => {
      const messages = warnings(check(valueBasedSafeHarbor, { ...d2, performanceFee: 'none', performanceMeasures: [{ ...MEASURE, source: undefined }] }, [RESERVATION]));
      expect(messages).toEqual([
        expect.stringMatching(/pays no performance fee/),
        expect.stringMatching(/does not set out the outcomes-based payment terms/),
        expect.stringMatching(/clinical evidence or credible medical support/),
      ]);
    });
  });

  describe('substantial downside and full financial risk (42 CFR 1001.952(ff), (gg))', () => {
    it('passes (ff) with payor risk and a meaningful share of at least 5%', () => {
      expect(warnings(check(valueBasedSafeHarbor, { ...VBE, valueBasedBasis: 'substantial-downside-risk', payorRisk: 'substantial-downside', practiceRiskSharePct: 5 }))).toEqual([]);
    });
    it('says which risk facts (ff) and (gg) do not meet', () => {
      expect(warnings(check(valueBasedSafeHarbor, { ...VBE, valueBasedBasis: 'substantial-downside-risk', practiceRiskSharePct: 3 }))).toEqual([
        expect.stringMatching(/not taken on substantial downside financial risk/),
        expect.stringMatching(/share .* is 3%/),
      ]);
      expect(warnings(check(valueBasedSafeHarbor, { ...VBE, valueBasedBasis: 'full-financial-risk', payorRisk: 'substantial-downside' }))).toEqual([expect.stringMatching(/not taken on full financial risk/)]);
      expect(warnings(check(valueBasedSafeHarbor, { ...VBE, valueBasedBasis: 'full-financial-risk', payorRisk: 'full' }))).toEqual([]);
    });
  });
});

describe('msa.stark-value-based-exception', () => {
  it('is silent where Stark does not apply or no value-based basis is chosen', () => {
    expect(check(starkValueBasedException, { ...VBE, valueBasedBasis: 'care-coordination' })).toEqual([]);
    expect(check(starkValueBasedException, { starkApplies: true })).toEqual([]);
  });
  it('lists the (aa)(3) elements and passes when they are met', () => {
    const findings = check(starkValueBasedException, { ...VBE, valueBasedBasis: 'care-coordination', starkApplies: true });
    expect(findings.map((f) => f.severity)).toEqual(['info']);
    expect(findings[0]!.message).toMatch(/411\.357\(aa\)\(3\)[\s\S]*does not need fair market value/);
  });
  it('names the writing, the population and unevidenced measures when they are missing, and (aa)(1) under full risk', () => {
    const findings = check(starkValueBasedException, { ...VBE, valueBasedBasis: 'full-financial-risk', payorRisk: 'full', starkApplies: true, targetPatientPopulation: undefined, performanceMeasures: [{ ...MEASURE, source: undefined }] }, [RESERVATION]);
    expect(warnings(findings)).toEqual([expect.stringMatching(/No target patient population/), expect.stringMatching(/no value-based arrangement section/), expect.stringMatching(/clinical evidence/)]);
    expect(findings.at(-1)!.message).toMatch(/\(aa\)\(1\)/);
  });
});
