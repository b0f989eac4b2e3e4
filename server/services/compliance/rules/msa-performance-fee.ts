import { withValueBasedDefaults, type MsaAnswers } from '../../../schemas/answers/msa.ts';
import { isUnverified, jurisdiction, jurisdictionCitation } from '../jurisdiction.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';

/**
 * A performance fee (quality bonus or shared savings) on top of the base fee (issue 23). The personal services
 * safe harbor wants the compensation methodology set in advance and not determined in a manner that takes into
 * account the volume or value of referrals or business otherwise generated (42 CFR 1001.952(d)(1) as amended by
 * 85 FR 77684; its subparagraph numbering is not verified, so the citation stops at (d)(1)); a fee that rises with
 * visits, referrals, new patients or collections pays for business generated, which is what the Anti-Kickback
 * Statute forbids (42 U.S.C. 1320a-7b(b)).
 */
const AKS_METHODOLOGY = '42 CFR 1001.952(d)(1) (compensation methodology set in advance, consistent with fair market value, not determined by the volume or value of referrals or business otherwise generated; as amended 85 FR 77684, eff. Jan. 19, 2021)';
const OUTCOMES_BASED = '42 CFR 1001.952(d)(2) (outcomes-based payments; added by 85 FR 77684)';
const AKS = '42 U.S.C. 1320a-7b(b)';

// = { ...VALUE_BASED_DEFAULTS, ...answers }, without V8's slow spread path (see withValueBasedDefaults).
const msa = (input: RuleInput): MsaAnswers => withValueBasedDefaults(input.answers);
const performanceClause = (input: RuleInput) => clauseWithTag(input, 'fee.performance')?.id;
type Measure = MsaAnswers['performanceMeasures'][number];

const FORBIDDEN_TYPES: Partial<Record<Measure['type'], string>> = {
  volume: 'the volume of services (visits, encounters, procedures, new patients)',
  referrals: 'referrals',
  revenue: 'revenue, charges or collections',
};

/** Words that name a count of business; a measure that names one reads as volume unless it measures a reduction or a rate. */
const VOLUME_WORDS = /\b(visits?|encounters?|referrals?|referred|new patients?|patient (?:volume|count)|procedures?|RVUs?|relative value units?|collections?|revenues?|charges|billings?|growth|census|admissions?|attributed lives|enrollment)\b/i;
const REDUCTION_OR_RATE = /\b(reduc\w*|fewer|lower\w*|decreas\w*|avoid\w*|per 1,?000|rates?|proportion|share of|percentage of|completion|completed|closure|closed|within|timely)\b|%\s+of\b/i;

export function readsAsVolume(measure: Pick<Measure, 'name' | 'benchmark'>): boolean {
  const text = `${measure.name} ${measure.benchmark}`;
  return VOLUME_WORDS.test(text) && !REDUCTION_OR_RATE.test(text);
}

export const performanceFeeMeasures: Rule = {
  id: 'msa.performance-fee-measures',
  title: 'A performance fee pays for quality or cost-of-care measures, never volume, referrals or revenue',
  citations: [AKS, AKS_METHODOLOGY, OUTCOMES_BASED],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:fee.performance', 'answers.performanceFee', 'answers.performanceMeasures'],
  check(input) {
    const a = msa(input);
    if (a.performanceFee === 'none') return [];
    const clauseId = performanceClause(input);
    const findings: FindingDraft[] = [];
    for (const [i, m] of a.performanceMeasures.entries()) {
      const forbidden = FORBIDDEN_TYPES[m.type];
      if (forbidden) {
        findings.push({ clauseId, field: `performanceMeasures.${i}.type`, message: `The performance measure “${m.name}” is a measure of ${forbidden}. A performance fee that rises with it pays Manager for business generated for the practice, not for the quality or cost of care.`, fix: 'Replace it with a quality measure or a cost-of-care measure (e.g. a HEDIS measure, a readmission rate, total cost of care against a payor benchmark).' });
      } else if (readsAsVolume(m)) {
        findings.push({ severity: 'warning', clauseId, field: `performanceMeasures.${i}.name`, message: `The performance measure “${m.name}” (benchmark: ${m.benchmark}) is recorded as a ${m.type} measure but reads as a count of business (visits, referrals, patients, revenue or growth).`, fix: 'Restate it as a rate or a reduction tied to quality or cost of care, or correct its type; acknowledge with your reason if it is not a volume measure.' });
      }
    }
    if (a.performanceMeasures.length > 0 && a.performanceMeasures.every((m) => m.type === 'patient-experience')) {
      // The outcomes-based payment exclusion rests on the reference row vb.d2-outcome-measures, marked unverified.
      findings.push({ severity: 'warning', clauseId, field: 'performanceMeasures', citation: OUTCOMES_BASED, unverified: true, message: 'Every performance measure is a patient-experience measure. A payment based solely on patient satisfaction or convenience is not an outcomes-based payment.', fix: 'Add at least one quality or cost-of-care measure.' });
    }
    if (a.performanceFee === 'shared-savings') findings.push(...sharedSavingsGaps(input, a, clauseId));
    return findings;
  },
};

/** Shared savings: a cost measure sets the savings, a quality gate keeps them from rewarding less care, and a percentage of a practice receipt meets the state's fee-splitting rule. */
function sharedSavingsGaps(input: RuleInput, a: MsaAnswers, clauseId: string | undefined): FindingDraft[] {
  const findings: FindingDraft[] = [];
  if (!a.performanceMeasures.some((m) => m.type === 'cost')) {
    findings.push({ severity: 'warning', clauseId, field: 'performanceMeasures', message: 'The shared-savings fee has no cost-of-care measure: the savings it shares should be measured against a stated cost benchmark (the payor’s total cost of care for the attributed patients).', fix: 'Add the payor’s cost-of-care benchmark as a cost measure in Exhibit A, Part 3.' });
  }
  if (!a.performanceMeasures.some((m) => m.type === 'quality')) {
    findings.push({ severity: 'warning', clauseId, field: 'performanceMeasures', citation: `${OUTCOMES_BASED}; ${AKS}`, message: 'The shared-savings fee has no quality measure, so nothing stops it from rewarding less care: savings should be shared only where quality is maintained or improved.', fix: 'Add the quality measures that gate the shared savings (the clause pays nothing unless every quality benchmark is met).' });
  }
  const state = input.matter.peState;
  const row = jurisdiction(input.reference, state);
  if (row?.percentFeeTreatment !== 'allowed') {
    findings.push({
      severity: 'warning',
      clauseId,
      field: 'performanceFee',
      citation: jurisdictionCitation(row, state),
      unverified: isUnverified(row) || row?.percentFeeTreatment === 'unverified',
      message: `Manager’s share is a percentage of payments the practice receives from payors. ${row?.name ?? state} restricts or has not settled management fees measured as a percentage of the practice’s receipts (reference: ${row?.percentFeeTreatment ?? 'no row'}); whether that reaches a share of payor shared savings is not settled by the reference.`,
      fix: 'Confirm the state’s fee-splitting law allows a percentage share of shared-savings payments, or use a fixed quality bonus; acknowledge with your reason.',
    });
  }
  return findings;
}

/** The base fee in the FMV range's unit per month, and the largest performance fee in the same unit (fixed-amount models only). */
function monthlyInRangeUnit(a: MsaAnswers): { base: number; performance: number } | undefined {
  if (a.performanceCap === undefined || a.performancePeriodMonths === undefined) return undefined;
  const perMonth = a.performanceCap / a.performancePeriodMonths;
  switch (a.feeModel) {
    case 'flat-monthly':
      return a.monthlyFee === undefined ? undefined : { base: a.monthlyFee, performance: perMonth };
    case 'per-provider':
      return a.perProviderFee === undefined || !a.providerCount ? undefined : { base: a.perProviderFee, performance: perMonth / a.providerCount };
    case 'per-location':
      return a.perLocationFee === undefined || !a.locationCount ? undefined : { base: a.perLocationFee, performance: perMonth / a.locationCount };
    default:
      return undefined;
  }
}

export const performanceFeeSetInAdvance: Rule = {
  id: 'msa.performance-fee-set-in-advance',
  title: 'The performance fee’s measures, measurement period and cap are set in advance',
  citations: [AKS_METHODOLOGY, OUTCOMES_BASED],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:fee.performance', 'answers.performanceMeasures', 'answers.performancePeriodMonths', 'answers.performanceCap', 'answers.sharedSavingsPct'],
  check(input) {
    const a = msa(input);
    if (a.performanceFee === 'none') return [];
    const clauseId = performanceClause(input);
    const findings: FindingDraft[] = [];
    if (!clauseId) findings.push({ message: 'The answers provide for a performance fee, but the agreement has no performance fee clause, so its methodology is not in writing.', fix: 'Include the performance fee clause for the chosen model (msa.fee.performance-quality-bonus or msa.fee.performance-shared-savings).' });
    if (a.performanceMeasures.length === 0) findings.push({ clauseId, field: 'performanceMeasures', message: 'No performance measure is set: the performance fee would be paid on measures chosen after the fact, so its methodology is not set in advance.', fix: 'List each quality or cost measure with its benchmark in the performance measures.' });
    if (a.performancePeriodMonths === undefined) findings.push({ clauseId, field: 'performancePeriodMonths', message: 'The measurement period of the performance fee is not set, so the methodology is incomplete.', fix: 'Set the measurement period in months.' });
    if (a.performanceFee === 'shared-savings' && a.sharedSavingsPct === undefined) findings.push({ clauseId, field: 'sharedSavingsPct', message: 'Manager’s percentage of the shared savings is not set, so the methodology is incomplete.', fix: 'Set Manager’s share of shared savings.' });
    if (a.performanceCap === undefined && a.performanceFee === 'quality-bonus') {
      findings.push({ clauseId, field: 'performanceCap', message: 'The quality bonus has no amount: the cap is the pool each measure met earns a share of, so without it the methodology is not set.', fix: 'Set the most the quality bonus may pay for a measurement period.' });
    } else if (a.performanceCap === undefined) {
      findings.push({ severity: 'warning', clauseId, field: 'performanceCap', message: 'The shared-savings fee has no cap; the clause then limits it to fair market value. The law asks for a methodology set in advance and fair market value, not a cap, but without one the aggregate compensation is harder to show to be fair market value.', fix: 'Set the most the performance fee may pay for a measurement period, or acknowledge how the FMV opinion covers an uncapped share.' });
    }
    const fmv = monthlyInRangeUnit(a);
    if (fmv && a.fmvRangeHigh !== undefined && fmv.base + fmv.performance > a.fmvRangeHigh) {
      const total = Math.round((fmv.base + fmv.performance) * 100) / 100;
      findings.push({ severity: 'warning', clauseId, field: 'performanceCap', message: `The base fee plus the largest performance fee comes to ${total} a month in the FMV range’s unit, above the FMV opinion’s high end (${a.fmvRangeHigh}).`, fix: 'Confirm the FMV opinion values the aggregate compensation including the largest performance fee, or lower the cap.' });
    }
    return findings;
  },
};
