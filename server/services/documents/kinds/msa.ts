import { FIXED_FEE_MODELS, MsaAnswersSchema, withValueBasedDefaults, type MsaAnswers } from '../../../schemas/answers/msa.ts';
import { listJoin, longDate, money, numberWords, ordinal, percentWords, period, termFromMonths } from '../format.ts';
import { COMMON_VARIABLES, commonValues, matterFacts, opt, type KindDefinition } from './kind.ts';

export const SERVICE_LABELS: Record<MsaAnswers['services'][number], string> = {
  billing: 'billing and revenue-cycle management',
  credentialing: 'credentialing and payer enrollment support',
  'hr-payroll': 'human resources and payroll administration',
  'it-ehr': 'information technology, EHR and cybersecurity',
  facilities: 'facilities and lease management',
  equipment: 'equipment procurement and maintenance',
  marketing: 'marketing and patient engagement',
  compliance: 'compliance program support',
  financial: 'financial management and tax support',
  'strategic-planning': 'strategic planning',
  'care-coordination': 'non-clinical care coordination support',
};

const FEE_LABELS: Record<MsaAnswers['feeModel'], string> = {
  'flat-monthly': 'Flat monthly fee',
  'per-provider': 'Per-provider monthly fee',
  'per-location': 'Per-location monthly fee',
  'cost-plus': 'Cost plus a fixed margin',
  'percent-collections': 'Percentage of net collections',
};

export const msaKind: KindDefinition<MsaAnswers> = {
  kind: 'msa',
  title: 'Management Services Agreement',
  parties: ['Manager', 'Practice'],
  answersSchema: MsaAnswersSchema,
  articles: [
    { key: 'recitals', title: 'Recitals', numbered: false },
    { key: 'definitions', title: 'Definitions', numbered: true },
    { key: 'engagement', title: 'Engagement of Manager', numbered: true },
    { key: 'services', title: 'Management Services', numbered: true },
    { key: 'clinical', title: 'Reservation of Professional Authority', numbered: true },
    { key: 'fees', title: 'Management Fee', numbered: true },
    { key: 'records', title: 'Books and Records', numbered: true },
    { key: 'hipaa', title: 'Protected Health Information', numbered: true },
    { key: 'term', title: 'Term and Termination', numbered: true },
    { key: 'insurance', title: 'Insurance and Indemnification', numbered: true },
    { key: 'covenants', title: 'Covenants', numbered: true },
    // New articles sit after Covenants and before General Provisions, so the article numbers that
    // existing clauses cite (Articles 2–10) do not move.
    { key: 'representations', title: 'Representations and Warranties', numbered: true },
    { key: 'ip', title: 'Intellectual Property', numbered: true },
    { key: 'disputes', title: 'Dispute Resolution', numbered: true },
    { key: 'general', title: 'General Provisions', numbered: true },
  ],
  variables: [
    ...COMMON_VARIABLES,
    'servicesList', 'monthlyFee', 'perProviderFee', 'providerCount', 'perLocationFee', 'locationCount', 'costPlusMarginPct', 'collectionsPct', 'paymentDueDay',
    'fmvOpinionDate', 'fmvValuator', 'initialTerm', 'renewalTerm', 'nonRenewalNotice', 'cureDays', 'insurancePerOccurrence',
    'insuranceAggregate', 'nonSolicitPeriod', 'msoNoticeAddress', 'practiceNoticeAddress', 'msoSignatoryName', 'msoSignatoryTitle',
    'practiceSignatoryName', 'practiceSignatoryTitle', 'feeAdjustmentPct', 'cleanClaimRate', 'daysInArTarget', 'msoCounselAddress',
    'practiceCounselAddress', 'performancePeriod', 'performanceCap', 'sharedSavingsPct', 'sharedSavingsLimit', 'valueBasedEnterprise', 'valueBasedPurposesList',
    'targetPatientPopulation', 'practiceRiskSharePct', 'inKindContributionPct',
  ],
  // Object.assign onto commonValues rather than `{ ...commonValues(…), servicesList: …, … }`: the same keys in the
  // same order with the same values, but in V8 (Node 20) every property written after a spread in a literal takes
  // a slow path, ~120 µs for this one per call against a few µs (perf, 2026-12-03; it runs in every check).
  values: (a, matter) => Object.assign(commonValues(matter, a.effectiveDate), {
    servicesList: listJoin(a.services.map((s) => SERVICE_LABELS[s])),
    monthlyFee: opt(a.monthlyFee, money),
    perProviderFee: opt(a.perProviderFee, money),
    providerCount: opt(a.providerCount, (n) => `${numberWords(n)} (${n})`),
    perLocationFee: opt(a.perLocationFee, money),
    locationCount: opt(a.locationCount, (n) => `${numberWords(n)} (${n})`),
    costPlusMarginPct: opt(a.costPlusMarginPct, percentWords),
    collectionsPct: opt(a.collectionsPct, percentWords),
    paymentDueDay: ordinal(a.paymentDueDay),
    fmvOpinionDate: opt(a.fmvOpinionDate, longDate),
    fmvValuator: a.fmvValuator,
    initialTerm: termFromMonths(a.initialTermMonths),
    renewalTerm: termFromMonths(a.renewalTermMonths),
    nonRenewalNotice: period(a.nonRenewalNotice.amount, a.nonRenewalNotice.unit),
    cureDays: period(a.cureDays, 'days'),
    insurancePerOccurrence: money(a.insurancePerOccurrence),
    insuranceAggregate: money(a.insuranceAggregate),
    nonSolicitPeriod: period(a.nonSolicitMonths, 'months'),
    msoNoticeAddress: a.msoNoticeAddress,
    practiceNoticeAddress: a.practiceNoticeAddress,
    msoSignatoryName: a.msoSignatory.name,
    msoSignatoryTitle: a.msoSignatory.title,
    practiceSignatoryName: a.practiceSignatory.name,
    practiceSignatoryTitle: a.practiceSignatory.title,
    feeAdjustmentPct: opt(a.feeAdjustmentPct, percentWords),
    cleanClaimRate: percentWords(a.cleanClaimRatePct),
    daysInArTarget: period(a.daysInArTarget, 'days'),
    msoCounselAddress: a.msoCounselAddress,
    practiceCounselAddress: a.practiceCounselAddress,
    performancePeriod: opt(a.performancePeriodMonths, (n) => period(n, 'months')),
    performanceCap: opt(a.performanceCap, money),
    sharedSavingsPct: opt(a.sharedSavingsPct, percentWords),
    // A shared-savings fee may be uncapped (the checks warn); fair market value then bounds it in the clause's own words.
    sharedSavingsLimit:
      a.performanceCap === undefined
        ? 'but never more than the amount that keeps Manager’s aggregate compensation for the Measurement Period consistent with Fair Market Value, as the FMV Opinion determines'
        : `but never more than ${money(a.performanceCap)} for any Measurement Period`,
    valueBasedEnterprise: a.valueBasedEnterprise,
    valueBasedPurposesList: a.valueBasedPurposes?.length ? listJoin(a.valueBasedPurposes.map((p) => PURPOSE_LABELS[p])) : undefined,
    targetPatientPopulation: a.targetPatientPopulation,
    practiceRiskSharePct: opt(a.practiceRiskSharePct, percentWords),
    inKindContributionPct: opt(a.inKindContributionPct, percentWords),
  }),
  exhibits: (a, _matter, ctx) => [
    {
      title: 'Exhibit A — Management Services and Fee Schedule',
      intro: 'Manager shall provide the following non-clinical Management Services. Nothing in this Exhibit authorizes Manager to perform or direct any Professional Services.',
      tables: [
        {
          caption: 'Part 1 — Management Services',
          table: {
            widths: [30, 70],
            rows: [['Service', 'Scope'], ...a.services.map((s) => [capitalize(SERVICE_LABELS[s]), ctx.summaries.get(`msa.services.${s}`) ?? ''])],
          },
        },
        { caption: 'Part 2 — Fee Schedule', table: { widths: [35, 65], rows: [['Term', 'Amount or method'], ...feeRows(a)] } },
        ...measureTables(withValueBasedDefaults(a)),
      ],
    },
  ],
  signatories: (a) => [a.msoSignatory, a.practiceSignatory],
  // counselCopies: the notices clause with copies to counsel needs both addresses. ownersLicensed: the
  // recital that the practice's owners are licensed is printed only when the matter says they are.
  // Object.assign for the same reason as values: the same keys, order and values as the spreads, without the slow path.
  facts: (a, matter) =>
    Object.assign({ ...a }, matterFacts(matter), {
      counselCopies: Boolean(a.msoCounselAddress && a.practiceCounselAddress),
      valueBasedWriting: needsValueBasedWriting(withValueBasedDefaults(a)),
      ownersLicensed: matter.owners.every((o) => o.licensed),
    }),
};

function feeRows(a: MsaAnswers): string[][] {
  const rows: string[][] = [['Fee model', FEE_LABELS[a.feeModel]]];
  if (a.feeModel === 'flat-monthly') rows.push(['Monthly fee', a.monthlyFee === undefined ? '' : money(a.monthlyFee)]);
  if (a.feeModel === 'per-provider') {
    rows.push(['Fee per provider per month', a.perProviderFee === undefined ? '' : money(a.perProviderFee)]);
    rows.push(['Providers at the Effective Date', a.providerCount === undefined ? '' : String(a.providerCount)]);
  }
  if (a.feeModel === 'per-location') {
    rows.push(['Fee per location per month', a.perLocationFee === undefined ? '' : money(a.perLocationFee)]);
    rows.push(['Locations at the Effective Date', a.locationCount === undefined ? '' : String(a.locationCount)]);
  }
  if (a.feeModel === 'cost-plus') rows.push(['Margin over documented costs', a.costPlusMarginPct === undefined ? '' : `${a.costPlusMarginPct}%`]);
  if (a.feeModel === 'percent-collections') rows.push(['Percentage of net collections', a.collectionsPct === undefined ? '' : `${a.collectionsPct}%`]);
  if (a.feeAdjustment !== 'none' && (FIXED_FEE_MODELS as readonly string[]).includes(a.feeModel)) {
    const pct = a.feeAdjustmentPct === undefined ? '' : `${a.feeAdjustmentPct}%`;
    rows.push(['Annual adjustment', a.feeAdjustment === 'fixed-step' ? `Increase of ${pct} on each anniversary` : `CPI-U, capped at ${pct} a year`]);
  }
  if ((a.performanceFee ?? 'none') !== 'none') rows.push(['Performance fee', performanceRow(a)]);
  rows.push(['Payment due', `On or before the ${ordinal(a.paymentDueDay)} day of each month`]);
  rows.push(['Program payments', PROGRAM_ACCOUNT_LABELS[a.programPaymentAccount]]);
  if (a.fmvOpinionDate) rows.push(['Fair market value opinion', `${a.fmvValuator ?? 'Independent valuator'}, dated ${longDate(a.fmvOpinionDate)}`]);
  return rows;
}

/** The value-based arrangement section: the enterprise-based safe harbors ((ee)-(gg)) need it, and so does Stark's value-based exception whatever the AKS basis. */
function needsValueBasedWriting(a: MsaAnswers): boolean {
  const enterpriseBased = a.valueBasedBasis === 'care-coordination' || a.valueBasedBasis === 'substantial-downside-risk' || a.valueBasedBasis === 'full-financial-risk';
  return enterpriseBased || (a.starkApplies && a.valueBasedBasis !== 'none');
}

function performanceRow(a: MsaAnswers): string {
  const per = a.performancePeriodMonths === undefined ? 'each measurement period' : `each ${a.performancePeriodMonths}-month measurement period`;
  const cap = a.performanceCap === undefined ? '' : money(a.performanceCap);
  if (a.performanceFee === 'shared-savings') {
    const share = a.sharedSavingsPct === undefined ? 'A share of' : `${a.sharedSavingsPct}% of`;
    return `${share} the shared savings Practice receives from payors for ${per}${cap && `, up to ${cap} a period`}, if the quality measures in Part 3 are met`;
  }
  return `An equal share of ${cap || 'the cap'} for each measure in Part 3 met in ${per}`;
}

const PURPOSE_LABELS: Record<MsaAnswers['valueBasedPurposes'][number], string> = {
  'coordinate-care': 'coordinating and managing the care of the Target Patient Population',
  'improve-quality': 'improving the quality of care for the Target Patient Population',
  'reduce-payor-costs': 'appropriately reducing the costs to, or growth in expenditures of, payors without reducing the quality of care for the Target Patient Population',
  'transition-from-volume': 'transitioning from health care delivery and payment mechanisms based on the volume of items and services provided to mechanisms based on the quality of care and control of costs of care for the Target Patient Population',
};

const MEASURE_TYPE_LABELS: Record<MsaAnswers['performanceMeasures'][number]['type'], string> = {
  quality: 'Quality of care',
  cost: 'Cost of care',
  'patient-experience': 'Patient experience',
  volume: 'Volume',
  referrals: 'Referrals',
  revenue: 'Revenue',
};

/** Part 3: the performance and outcome measures, set in advance, when a performance fee or a value-based safe harbor uses them. */
function measureTables(a: MsaAnswers) {
  if (a.performanceFee === 'none' && a.valueBasedBasis === 'none') return [];
  const rows = a.performanceMeasures.map((m) => [m.name, MEASURE_TYPE_LABELS[m.type], m.benchmark, m.source ?? '']);
  return [{ caption: 'Part 3 — Measures', table: { widths: [28, 16, 36, 20], rows: [['Measure', 'Type', 'Benchmark', 'Steward or evidence'], ...(rows.length ? rows : [['None set', '', '', '']])] } }];
}

const PROGRAM_ACCOUNT_LABELS: Record<MsaAnswers['programPaymentAccount'], string> = {
  'practice-controlled': 'Deposited to an account in Practice’s name that only Practice controls',
  'practice-named-manager-access': 'Deposited to an account in Practice’s name; Manager signs as billing agent under revocable instructions',
  'manager-named': 'Deposited to an account in Manager’s name',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
