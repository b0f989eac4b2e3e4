import { withValueBasedDefaults, type MsaAnswers } from '../../../schemas/answers/msa.ts';
import type { FederalElement } from '../../../schemas/reference.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';

/**
 * The 2020 value-based safe harbors (85 FR 77684) and Stark exceptions (85 FR 77492) the parties may say the
 * arrangement is meant to fit. Safe-harbor compliance is voluntary, so an element the agreement or the facts do
 * not meet is a warning: the arrangement is then judged on its facts, not protected. Each element is a row of
 * data/reference/federal.json (regime "value-based") carrying its citation and verification status; a finding
 * that rests on an UNVERIFIED row says so.
 */
// = { ...VALUE_BASED_DEFAULTS, ...answers }, without V8's slow spread path (see withValueBasedDefaults).
const msa = (input: RuleInput): MsaAnswers => withValueBasedDefaults(input.answers);
type Basis = Exclude<MsaAnswers['valueBasedBasis'], 'none'>;

/** Each basis: its name in a finding and its paragraph. */
const BASES: Record<Basis, { name: string; citation: string }> = {
  'outcomes-based-payment': { name: 'the outcomes-based payments safe harbor', citation: '42 CFR 1001.952(d)(2)' },
  'care-coordination': { name: 'the care coordination arrangements safe harbor', citation: '42 CFR 1001.952(ee)' },
  'substantial-downside-risk': { name: 'the substantial downside financial risk safe harbor', citation: '42 CFR 1001.952(ff)' },
  'full-financial-risk': { name: 'the full financial risk safe harbor', citation: '42 CFR 1001.952(gg)' },
};

/** What the summary adds per basis: the fees' own basis where the safe harbor cannot carry them. */
const BASIS_NOTES: Partial<Record<Basis, string>> = {
  'care-coordination': ' The Management Fee is paid in cash, so it looks to the personal services safe harbor (42 CFR 1001.952(d)(1)); 42 CFR 1001.952(ee) can protect only in-kind care coordination support.',
};

/** One element: the reference row it rests on, whether the document or the facts meet it, and what to say when not. */
interface Element {
  row: string;
  label: string;
  met: boolean;
  message: string;
  fix: string;
  /** The answer that decides the element, when one does (the drafting page links to it); a clause the agreement lacks has none. */
  field?: string;
}

/** A finding resting on one reference row: its citation and verification status come from the row. */
function onRow(input: RuleInput, rowId: string, draft: Omit<FindingDraft, 'citation' | 'unverified' | 'clauseId'>): FindingDraft {
  const row: FederalElement | undefined = input.reference.federal.elements.find((x) => x.id === rowId);
  return {
    ...draft,
    clauseId: clauseWithTag(input, 'value-based-arrangement')?.id,
    citation: row ? `${row.citation} [reference: ${row.verification}]` : `${rowId}: no reference row`,
    unverified: !row || row.verification === 'unverified' || row.verification === 'low',
  };
}

const unmet = (input: RuleInput, elements: Element[]) => elements.filter((e) => !e.met).map((e) => onRow(input, e.row, { message: e.message, fix: e.fix, ...(e.field ? { field: e.field } : {}) }));

const hasVbe = (a: MsaAnswers) => Boolean(a.valueBasedEnterprise) && a.vbeGovernance;
const evidenced = (a: MsaAnswers) => a.performanceMeasures.length > 0 && a.performanceMeasures.every((m) => Boolean(m.source));
const writingElement = (input: RuleInput, row: string): Element => ({
  row,
  label: 'a written value-based arrangement (purposes, target patient population, outcome measures, safeguards, monitoring, records)',
  met: hasTag(input, 'value-based-arrangement'),
  message: 'The agreement has no value-based arrangement section stating the value-based purposes, the target patient population, the outcome measures, the safeguards, the annual monitoring and the records.',
  fix: 'Include the value-based arrangement clause (msa.fee.value-based-arrangement).',
});
const enterpriseElements = (a: MsaAnswers): Element[] => [
  { row: 'vb.enterprise', label: 'a value-based enterprise with a governing document and an accountable body', field: a.valueBasedEnterprise ? 'vbeGovernance' : 'valueBasedEnterprise', met: hasVbe(a), message: 'No value-based enterprise with a governing document and an accountable body or person is recorded; the value-based safe harbors and the Stark exception protect only arrangements within one.', fix: 'Name the value-based enterprise and confirm its governing document and accountable body, or choose another basis.' },
  { row: 'vb.purposes', label: 'at least one value-based purpose', field: 'valueBasedPurposes', met: a.valueBasedPurposes.length > 0, message: 'No value-based purpose is stated.', fix: 'Choose the value-based purposes the arrangement serves.' },
  { row: 'vb.enterprise', label: 'a target patient population chosen by criteria set in writing in advance', field: 'targetPatientPopulation', met: Boolean(a.targetPatientPopulation), message: 'No target patient population is stated.', fix: 'Describe the target patient population and the criteria that select it.' },
];
const noMarketing = (a: MsaAnswers, row: string): Element => ({
  row,
  label: 'no remuneration for marketing or patient recruitment',
  field: 'services',
  met: !a.services.includes('marketing'),
  message: 'Manager also markets the practice under this agreement. Remuneration exchanged or used for marketing items or services to patients or for patient recruitment is outside this safe harbor, so the fee for marketing cannot rely on it.',
  fix: 'Move marketing to a separate agreement judged on its own, or rely on the personal services safe harbor for the fee.',
});

function elementsFor(basis: Basis, a: MsaAnswers, input: RuleInput): Element[] {
  switch (basis) {
    case 'outcomes-based-payment':
      return [
        { row: 'vb.d2-scope', label: 'an outcomes-based payment to protect', field: 'performanceFee', met: a.performanceFee !== 'none', message: 'The agreement pays no performance fee, so there is no outcomes-based payment for 42 CFR 1001.952(d)(2) to protect; the base fee looks to paragraph (d)(1).', fix: 'Choose a performance fee, or rely on the personal services safe harbor for the base fee alone.' },
        { row: 'vb.d2-terms', label: 'the outcomes-based payment terms in writing (measures, evidence, monitoring schedule, rebasing)', met: hasTag(input, 'value-based.outcomes-based-terms'), message: 'The agreement does not set out the outcomes-based payment terms: the measures and the evidence for them, the schedule for monitoring them and their periodic rebasing.', fix: 'Include the outcomes-based payment clause (msa.fee.outcomes-based-payment).' },
        { row: 'vb.d2-outcome-measures', label: 'outcome measures of quality or of payor cost', field: 'performanceMeasures', met: a.performanceMeasures.some((m) => m.type === 'quality' || m.type === 'cost'), message: 'No quality or cost-of-care outcome measure is set; an outcomes-based payment rewards measured improvement in quality or a material reduction in payor costs while quality is kept.', fix: 'Set quality or cost-of-care measures with benchmarks.' },
        { row: 'vb.d2-terms', label: 'the clinical evidence or credible medical support for each measure', field: 'performanceMeasures', met: evidenced(a), message: 'Not every performance measure names the clinical evidence or credible medical support (or the measure steward) it was selected on; the writing must specify it.', fix: 'Fill in the steward or evidence for each measure (e.g. NCQA HEDIS, CMS Quality Payment Program measure).' },
      ];
    case 'care-coordination':
      return [
        { row: 'vb.ee-in-kind', label: 'no cash performance fee relying on it', field: 'performanceFee', met: a.performanceFee === 'none', message: 'The care coordination safe harbor protects only in-kind remuneration. A performance fee is a cash payment to Manager, so it cannot rely on 42 CFR 1001.952(ee); neither can the Management Fee, which is also cash.', fix: 'Rely on the personal services safe harbor for the fees (42 CFR 1001.952(d)(1), and (d)(2) for an outcomes-based payment), and keep 42 CFR 1001.952(ee) for in-kind care coordination support only.' },
        ...enterpriseElements(a),
        { row: 'vb.ee-in-kind', label: 'use predominantly for the coordination and management of care', field: 'valueBasedPurposes', met: a.valueBasedPurposes.includes('coordinate-care'), message: 'The value-based purposes do not include coordinating and managing the care of the target patient population, which the in-kind support must predominantly serve.', fix: 'Add the care coordination purpose, or choose another basis.' },
        writingElement(input, 'vb.ee-writing'),
        { row: 'vb.ee-writing', label: 'the in-kind support, its cost and the recipient’s contribution in writing', met: hasTag(input, 'value-based.in-kind-support'), message: 'The agreement does not describe the in-kind support, its cost or the practice’s contribution.', fix: 'Include the in-kind care coordination support clause (msa.fee.care-coordination-in-kind) and sign its schedule of cost.' },
        { row: 'vb.ee-writing', label: 'legitimate outcome or process measures', field: 'performanceMeasures', met: a.performanceMeasures.some((m) => m.type === 'quality' || m.type === 'cost'), message: 'No outcome or process measure is set against which the practice will be measured.', fix: 'Set quality or cost-of-care measures in Exhibit A, Part 3.' },
        { row: 'vb.ee-contribution', label: 'the practice pays at least 15% of the support’s cost or value', field: 'inKindContributionPct', met: (a.inKindContributionPct ?? 0) >= 15, message: `The practice’s contribution to the cost of the in-kind support is ${a.inKindContributionPct === undefined ? 'not stated' : `${a.inKindContributionPct}%`}; the recipient must pay at least 15 percent of the offeror’s cost or of its fair market value.`, fix: 'Set the practice’s contribution at 15% or more.' },
        noMarketing(a, 'vb.ee-in-kind'),
      ];
    case 'substantial-downside-risk':
      return [
        ...enterpriseElements(a),
        writingElement(input, 'vb.ff-risk'),
        { row: 'vb.ff-risk', label: 'substantial downside financial risk taken on from a payor', field: 'payorRisk', met: a.payorRisk !== 'none', message: 'The value-based enterprise has not taken on substantial downside financial risk from a payor, which this safe harbor requires.', fix: 'Record the payor contract’s risk, or choose another basis.' },
        { row: 'vb.ff-risk', label: 'the practice’s meaningful share of the risk (at least 5%, two-sided)', field: 'practiceRiskSharePct', met: (a.practiceRiskSharePct ?? 0) >= 5, message: `The practice’s share of the enterprise’s losses and savings is ${a.practiceRiskSharePct === undefined ? 'not stated' : `${a.practiceRiskSharePct}%`}; a meaningful share is two-sided risk for at least 5 percent of them (or a prospective per-patient payment).`, fix: 'Record the practice’s two-sided share of 5% or more.' },
        { row: 'vb.ff-risk', label: 'remuneration directly connected to coordinating and managing care', field: 'valueBasedPurposes', met: a.valueBasedPurposes.includes('coordinate-care'), message: 'The value-based purposes do not include coordinating and managing the care of the target patient population; at least one purpose the remuneration serves must be that.', fix: 'Add the care coordination purpose.' },
        noMarketing(a, 'vb.ff-risk'),
      ];
    case 'full-financial-risk':
      return [
        ...enterpriseElements(a),
        writingElement(input, 'vb.gg-risk'),
        { row: 'vb.gg-risk', label: 'full financial risk taken on from a payor', field: 'payorRisk', met: a.payorRisk === 'full', message: 'The value-based enterprise has not taken on full financial risk from a payor (prospective responsibility for the cost of all covered items and services for each patient in the target population for at least a year).', fix: 'Record the payor contract’s full risk, or choose another basis.' },
        noMarketing(a, 'vb.gg-risk'),
      ];
  }
}

export const valueBasedSafeHarbor: Rule = {
  id: 'msa.value-based-safe-harbor',
  title: 'The value-based safe harbor the parties rely on: what the agreement must carry and what the facts must meet',
  citations: ['42 CFR 1001.952(d)(2)', '42 CFR 1001.952(ee)', '42 CFR 1001.952(ff)', '42 CFR 1001.952(gg)', '85 FR 77684 (Dec. 2, 2020, eff. Jan. 19, 2021)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['answers.valueBasedBasis', 'tag:value-based-arrangement', 'tag:value-based.in-kind-support', 'tag:value-based.payor-risk', 'answers.performanceFee', 'answers.performanceMeasures'],
  check(input) {
    const a = msa(input);
    if (a.valueBasedBasis === 'none') return [];
    const elements = elementsFor(a.valueBasedBasis, a, input);
    const findings = unmet(input, elements);
    const carried = [...new Set(elements.filter((e) => e.met).map((e) => e.label))];
    findings.push({
      severity: 'info',
      field: 'valueBasedBasis',
      clauseId: clauseWithTag(input, 'value-based-arrangement')?.id ?? clauseWithTag(input, 'value-based.outcomes-based-terms')?.id,
      citation: BASES[a.valueBasedBasis].citation,
      unverified: true,
      message: `The parties rely on ${BASES[a.valueBasedBasis].name} (${BASES[a.valueBasedBasis].citation}). Met by the agreement and the facts: ${carried.length ? carried.join('; ') : 'none of the elements checked'}.${BASIS_NOTES[a.valueBasedBasis] ?? ''} Safe-harbor compliance is voluntary; an arrangement outside it is judged on its facts. Most element rows are reconstructed from the 2020 rule and marked UNVERIFIED.`,
      fix: 'Confirm each element against the eCFR text of the safe harbor before relying on it.',
    });
    if (a.valueBasedBasis === 'care-coordination' && (a.services.includes('billing') || a.services.includes('financial'))) {
      findings.push(onRow(input, 'vb.ee-in-kind', { severity: 'info', field: 'services', message: 'Manager also provides billing or financial management services. In-kind care coordination support may not be used more than incidentally for the practice’s billing or financial management, so keep it apart from those services (the clause says so).', fix: 'Keep the in-kind support’s scope and cost schedule separate from the billing and financial services.' }));
    }
    return findings;
  },
};

export const starkValueBasedException: Rule = {
  id: 'msa.stark-value-based-exception',
  title: 'Where Stark applies, the value-based exception’s elements (42 CFR 411.357(aa))',
  citations: ['42 CFR 411.357(aa)', '42 CFR 411.351 (value-based definitions)', '42 U.S.C. 1395nn', '85 FR 77492 (Dec. 2, 2020, eff. Jan. 19, 2021)'],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['answers.starkApplies', 'answers.valueBasedBasis', 'tag:value-based-arrangement', 'answers.performanceMeasures'],
  check(input) {
    const a = msa(input);
    if (!a.starkApplies || a.valueBasedBasis === 'none') return [];
    const elements: Element[] = [
      ...enterpriseElements(a),
      writingElement(input, 'vb.stark-aa3-elements'),
      { row: 'vb.stark-aa3-elements', label: 'objective, measurable outcome measures selected on clinical evidence', field: 'performanceMeasures', met: a.performanceMeasures.length === 0 || evidenced(a), message: 'Not every outcome measure names the clinical evidence or credible medical support it was selected on; the exception wants objective, measurable measures so selected.', fix: 'Fill in the steward or evidence for each measure.' },
      { row: 'vb.stark-aa3-elements', label: 'a methodology set in advance', field: a.performanceMeasures.length === 0 ? 'performanceMeasures' : 'performancePeriodMonths', met: a.performanceFee === 'none' || (a.performanceMeasures.length > 0 && a.performancePeriodMonths !== undefined), message: 'The performance fee’s measures or measurement period are not set, so its methodology is not set in advance of the activities it pays for.', fix: 'Set the measures and the measurement period.' },
    ];
    const findings = unmet(input, elements);
    const aa1 = a.payorRisk === 'full' ? ' With full financial risk taken on from a payor, the full financial risk exception ((aa)(1)) may also be available.' : '';
    findings.push(onRow(input, 'vb.stark-aa3-elements', { severity: 'info', field: 'starkApplies', message: `Stark applies, and the parties rely on a value-based arrangement: the value-based arrangements exception (42 CFR 411.357(aa)(3)) needs the writing, the target patient population, a methodology set in advance, outcome measures (if any) selected on clinical evidence, records kept six years and annual monitoring; it does not need fair market value, but the Anti-Kickback Statute still does.${aa1}`, fix: 'Confirm the elements against the eCFR text of 42 CFR 411.357(aa).' }));
    return findings;
  },
};
