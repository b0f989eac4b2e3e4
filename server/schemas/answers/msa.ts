import { z } from 'zod';
import { q } from './question.ts';
import { isoDate, money, nameText, freeText, percent } from '../text.ts';
import { signatory, noticePeriod } from './shared.ts';

/** The non-clinical service catalogue (../shared/DESIGN.md). Each has one clause in clauses/msa/services-*.md. */
export const MSA_SERVICES = [
  'billing',
  'credentialing',
  'hr-payroll',
  'it-ehr',
  'facilities',
  'equipment',
  'marketing',
  'compliance',
  'financial',
  'strategic-planning',
  'care-coordination',
] as const;

export const FEE_MODELS = ['flat-monthly', 'per-provider', 'per-location', 'cost-plus', 'percent-collections'] as const;
/** Fixed-amount models: set in advance as a dollar amount, so a fixed step or CPI escalator may adjust them. */
export const FIXED_FEE_MODELS = ['flat-monthly', 'per-provider', 'per-location'] as const;

/** Whose side the drafting leans to where market provisions genuinely differ (termination, budget deadlock, asset purchase, suspension). */
export const POSTURES = ['balanced', 'manager-favourable', 'practice-favourable'] as const;
/**
 * Where Medicare and Medicaid payments land (42 CFR 424.73(b), 424.80(b)(5), 447.10): an account in the
 * practice's name that only the practice controls; one in its name on which the manager also has
 * access as billing agent; or one in the manager's own name (a prohibited reassignment).
 */
export const PROGRAM_PAYMENT_ACCOUNTS = ['practice-controlled', 'practice-named-manager-access', 'manager-named'] as const;
export const STANDING_SWEEPS = ['none', 'revocable', 'irrevocable'] as const;
export const COMMERCIAL_RECEIVABLES = ['practice-accounts', 'deposit-account-control'] as const;
export const FEE_ADJUSTMENTS = ['none', 'fixed-step', 'cpi'] as const;
export const DISPUTE_FORUMS = ['courts', 'arbitration'] as const;

/** A performance component paid on top of the base fee, whatever its model (issue 23). */
export const PERFORMANCE_FEES = ['none', 'quality-bonus', 'shared-savings'] as const;
/**
 * What a performance measure counts. Only quality and cost-of-care measures may earn a performance fee; a volume,
 * referral or revenue measure is recorded as what it is so the compliance check can refuse it (42 U.S.C. 1320a-7b(b)).
 */
export const MEASURE_TYPES = ['quality', 'cost', 'patient-experience', 'volume', 'referrals', 'revenue'] as const;
/**
 * The 2020 value-based safe harbor the parties say the arrangement is meant to fit: outcomes-based payments under the
 * personal services safe harbor (42 CFR 1001.952(d)(2)), care coordination arrangements ((ee)), substantial downside
 * financial risk ((ff)) or full financial risk ((gg)).
 */
export const VALUE_BASED_BASES = ['none', 'outcomes-based-payment', 'care-coordination', 'substantial-downside-risk', 'full-financial-risk'] as const;
/** The four value-based purposes (42 CFR 1001.952(ee)(14); 411.351). */
export const VALUE_BASED_PURPOSES = ['coordinate-care', 'improve-quality', 'reduce-payor-costs', 'transition-from-volume'] as const;
/** The financial risk the value-based enterprise has taken on from a payor. */
export const PAYOR_RISKS = ['none', 'substantial-downside', 'full'] as const;

const performanceMeasure = z
  .object({
    name: nameText(200).describe('Measure'),
    type: z.enum(MEASURE_TYPES).describe('What it measures'),
    benchmark: nameText(300).describe('Benchmark to meet'),
    source: nameText(200).optional().describe('Measure steward or clinical evidence'),
  })
  .strict();

export const MsaAnswersSchema = z
  .object({
    effectiveDate: isoDate.describe('Effective date').meta(q('Term', 'The date the agreement takes effect; deadlines are computed from it.')),
    services: z
      .array(z.enum(MSA_SERVICES))
      .min(1)
      .max(MSA_SERVICES.length)
      .refine((s) => new Set(s).size === s.length, { message: 'must not list a service twice' })
      .describe('Services the MSO provides')
      .meta(q('Services', 'Only non-clinical services. Each selected service adds its clause and a line in Exhibit A.')),
    feeModel: z
      .enum(FEE_MODELS)
      .describe('Fee model')
      .meta(q('Fee', 'Flat monthly is the most defensible; percentage of collections is restricted in several states.')),
    monthlyFee: money.optional().describe('Flat monthly fee (USD)').meta(q('Fee', 'Required for the flat monthly model.')),
    perProviderFee: money.optional().describe('Fee per full-time provider per month (USD)').meta(q('Fee')),
    providerCount: z.number().int().min(1).max(10_000).optional().describe('Number of full-time-equivalent providers').meta(q('Fee')),
    perLocationFee: money.optional().describe('Fee per practice location per month (USD)').meta(q('Fee', 'Per-location model: a fixed rate for each site where the practice sees patients.')),
    locationCount: z.number().int().min(1).max(1_000).optional().describe('Number of practice locations').meta(q('Fee', 'Per-location model: locations open on the effective date.')),
    costPlusMarginPct: percent.optional().describe('Cost-plus margin (%)').meta(q('Fee', 'Fixed margin over documented MSO costs.')),
    estimatedMonthlyCosts: money.optional().describe('Estimated monthly MSO costs (USD)').meta(q('Fee', 'Cost-plus only; used to project the fee for the LOC check.')),
    collectionsPct: percent.optional().describe('Percentage of net collections (%)').meta(q('Fee')),
    estimatedMonthlyCollections: money.optional().describe('Estimated monthly net collections (USD)').meta(q('Fee', 'Percentage model only; used to project the fee.')),
    paymentDueDay: z.number().int().min(1).max(28).default(10).describe('Day of the month the fee is due').meta(q('Fee')),
    fmvOpinionDate: isoDate.optional().describe('Date of the fair market value opinion').meta(q('Fair market value', 'Must be within 12 months before the effective date.')),
    fmvValuator: nameText().optional().describe('Independent valuator').meta(q('Fair market value')),
    fmvRangeLow: z.number().nonnegative().optional().describe('FMV range — low').meta(q('Fair market value', 'Same unit as the fee: USD per month (flat), USD per provider or per location per month, margin % (cost-plus) or % of collections.')),
    fmvRangeHigh: z.number().nonnegative().optional().describe('FMV range — high').meta(q('Fair market value')),
    initialTermMonths: z.number().int().min(1).max(240).describe('Initial term (months)').meta(q('Term', 'The AKS safe harbor requires at least 12 months.')),
    autoRenew: z.boolean().describe('Renews automatically').meta(q('Term')),
    renewalTermMonths: z.number().int().min(1).max(120).default(12).describe('Each renewal term (months)').meta(q('Term')),
    nonRenewalNotice: noticePeriod.describe('Notice of non-renewal').meta(q('Term')),
    cureDays: z.number().int().min(1).max(180).default(30).describe('Days to cure a material breach').meta(q('Termination')),
    handlesPhi: z.boolean().describe('MSO creates, receives or maintains PHI').meta(q('HIPAA', 'Adds the business-associate terms (45 CFR 164.504(e)).')),
    governmentPayers: z.boolean().describe('Practice bills Medicare, Medicaid or other federal programs').meta(q('Payers')),
    insurancePerOccurrence: money.default(1_000_000).describe('General liability — per occurrence (USD)').meta(q('Insurance')),
    insuranceAggregate: money.default(3_000_000).describe('General liability — aggregate (USD)').meta(q('Insurance')),
    nonSolicitMonths: z.number().int().min(0).max(24).default(12).describe('Employee non-solicitation period (months, 0 for none)').meta(q('Covenants')),
    shareTransferRestriction: z
      .boolean()
      .default(false)
      .describe('MSO may restrict transfers of the practice’s shares')
      .meta(q('Covenants', 'The “friendly PC” stock-transfer restriction. Barred in Oregon for structures formed after SB 951.')),
    posture: z
      .enum(POSTURES)
      .default('balanced')
      .describe('Drafting posture')
      .meta(q('Posture', 'Balanced, or leaning to the side the firm represents where market terms differ: termination without cause, budget deadlock, suspension for non-payment, purchase of the manager’s assets, performance remedies, financing parties’ rights and the limitation of liability.')),
    exclusivity: z.enum(['exclusive', 'non-exclusive']).default('exclusive').describe('Engagement of the manager').meta(q('Engagement', 'Exclusive: the practice uses no other manager for the services. Non-exclusive: says expressly that either may deal with others.')),
    programPaymentAccount: z
      .enum(PROGRAM_PAYMENT_ACCOUNTS)
      .default('practice-controlled')
      .describe('Where Medicare and Medicaid payments are deposited')
      .meta(q('Billing and collection', 'The reassignment rules require an account in the practice’s name; with a percentage fee the manager may not control it (42 CFR 424.73(b), 424.80(b)(5), 447.10).')),
    standingSweep: z
      .enum(STANDING_SWEEPS)
      .default('none')
      .describe('Standing transfer instruction from the program deposit account')
      .meta(q('Billing and collection', 'A standing instruction to move program deposits to the practice’s operating account must be revocable by the practice.')),
    commercialReceivables: z
      .enum(COMMERCIAL_RECEIVABLES)
      .default('practice-accounts')
      .describe('Commercial receivables')
      .meta(q('Billing and collection', 'Practice accounts only, or a deposit account control agreement over the commercial operating account securing the fee (never the program account).')),
    setOff: z.enum(['none', 'mutual-undisputed']).default('none').describe('Set-off').meta(q('Fee', 'No set-off, or mutual set-off of undisputed amounts due under the agreement only.')),
    feeAdjustment: z.enum(FEE_ADJUSTMENTS).default('none').describe('Annual fee adjustment').meta(q('Fee', 'Flat, per-provider and per-location fees only: a fixed annual step, or CPI-U capped.')),
    feeAdjustmentPct: percent.optional().describe('Annual step, or CPI cap (%)').meta(q('Fee', 'The fixed annual increase, or the most a CPI adjustment may raise the fee in one year.')),
    performanceFee: z
      .enum(PERFORMANCE_FEES)
      .default('none')
      .describe('Performance fee on top of the base fee')
      .meta(q('Performance fee', 'A quality bonus, or a share of the shared savings a payor pays the practice; either sits on top of any fee model. The measures, the measurement period and the cap are set here, in advance.')),
    performanceMeasures: z
      .array(performanceMeasure)
      .max(12)
      .default([])
      .describe('Performance measures')
      .meta(q('Performance fee', 'Quality or cost-of-care measures, each with the benchmark to meet and its steward or evidence (e.g. NCQA HEDIS). Never visits, referrals, new patients or collections.')),
    performancePeriodMonths: z.number().int().min(1).max(36).optional().describe('Measurement period (months)').meta(q('Performance fee', 'Consecutive periods of this length from the effective date.')),
    performanceCap: money.optional().describe('Most the performance fee may pay per measurement period (USD)').meta(q('Performance fee')),
    sharedSavingsPct: percent.optional().describe('Manager’s share of shared savings (%)').meta(q('Performance fee', 'Shared savings only: the share of the savings payment the practice receives from a payor.')),
    valueBasedBasis: z
      .enum(VALUE_BASED_BASES)
      .default('none')
      .describe('Value-based safe harbor relied on')
      .meta(q('Value-based arrangement', 'Outcomes-based payments (42 CFR 1001.952(d)(2)), care coordination ((ee), in-kind only), substantial downside risk ((ff)) or full risk ((gg)). The checks list what each needs.')),
    valueBasedEnterprise: nameText(200).optional().describe('Value-based enterprise').meta(q('Value-based arrangement', 'The network of participants collaborating toward the value-based purposes, by name.')),
    vbeGovernance: z.boolean().default(false).describe('The enterprise has a governing document and an accountable body or person').meta(q('Value-based arrangement')),
    valueBasedPurposes: z
      .array(z.enum(VALUE_BASED_PURPOSES))
      .max(VALUE_BASED_PURPOSES.length)
      .refine((s) => new Set(s).size === s.length, { message: 'must not list a purpose twice' })
      .default([])
      .describe('Value-based purposes')
      .meta(q('Value-based arrangement')),
    targetPatientPopulation: freeText(500).optional().describe('Target patient population').meta(q('Value-based arrangement', 'Chosen by legitimate and verifiable criteria, set out in writing before the arrangement starts.')),
    payorRisk: z.enum(PAYOR_RISKS).default('none').describe('Financial risk the enterprise has taken on from a payor').meta(q('Value-based arrangement', 'Substantial downside risk or full risk under a payor contract; the (ff) and (gg) safe harbors need it.')),
    practiceRiskSharePct: percent.optional().describe('Practice’s share of the enterprise’s losses and savings (%)').meta(q('Value-based arrangement', 'Substantial downside risk only: the practice’s “meaningful share”.')),
    inKindContributionPct: percent.optional().describe('Practice’s contribution to the cost of in-kind care coordination support (%)').meta(q('Value-based arrangement', 'Care coordination safe harbor only.')),
    starkApplies: z.boolean().default(false).describe('Stark applies (a physician owner refers designated health services to Manager or its affiliate)').meta(q('Value-based arrangement', 'Adds the Stark value-based exception’s elements (42 CFR 411.357(aa)).')),
    cleanClaimRatePct: percent.default(95).describe('Clean-claim rate standard (%)').meta(q('Performance standards', 'Billing service only.')),
    daysInArTarget: z.number().int().min(10).max(180).default(45).describe('Days in accounts receivable standard').meta(q('Performance standards', 'Billing service only.')),
    disputeForum: z.enum(DISPUTE_FORUMS).default('courts').describe('Final forum for disputes').meta(q('Disputes', 'After negotiation and mediation: the courts, or binding arbitration.')),
    juryWaiver: z.boolean().default(false).describe('Jury trial waiver').meta(q('Disputes', 'Check that a pre-dispute jury waiver is enforceable in the governing-law state.')),
    msoCounselAddress: freeText(500).optional().describe('Copy of notices to the MSO’s counsel').meta(q('Notices')),
    practiceCounselAddress: freeText(500).optional().describe('Copy of notices to the practice’s counsel').meta(q('Notices')),
    practiceFormedOn: isoDate.optional().describe('Date the professional entity was formed').meta(q('Parties')),
    msoNoticeAddress: freeText(500).pipe(z.string().min(1)).describe('MSO notice address').meta(q('Notices')),
    practiceNoticeAddress: freeText(500).pipe(z.string().min(1)).describe('Practice notice address').meta(q('Notices')),
    msoSignatory: signatory.describe('Signs for the MSO').meta(q('Signatures')),
    practiceSignatory: signatory.describe('Signs for the practice').meta(q('Signatures')),
  })
  .strict()
  .superRefine((a, ctx) => {
    // A manager-named collection account replaces the practice's Government Receivables and Operating
    // Accounts, so a sweep between them or control over the operating account has nothing to act on
    // (the clauses would name accounts the agreement never creates).
    if (a.programPaymentAccount === 'manager-named') {
      if (a.standingSweep !== 'none') ctx.addIssue({ code: 'custom', path: ['standingSweep'], message: 'moves program deposits between accounts in the practice’s name, which a manager-named collection account replaces: choose an account in the practice’s name, or no standing instruction', params: { reason: 'cross_field' } });
      if (a.commercialReceivables === 'deposit-account-control') ctx.addIssue({ code: 'custom', path: ['commercialReceivables'], message: 'covers the practice’s operating account, which a manager-named collection account replaces: choose an account in the practice’s name, or practice accounts only', params: { reason: 'cross_field' } });
    }
    // A fixed step or CPI escalator adjusts a fixed fee; cost-plus and percentage fees true up instead.
    if (a.feeAdjustment === 'none') return;
    if (!(FIXED_FEE_MODELS as readonly string[]).includes(a.feeModel)) {
      ctx.addIssue({ code: 'custom', path: ['feeAdjustment'], message: 'applies only to a flat monthly, per-provider or per-location fee (cost-plus and percentage fees are reconciled annually instead)', params: { reason: 'cross_field' } });
    }
    if (a.feeAdjustmentPct === undefined) {
      ctx.addIssue({ code: 'custom', path: ['feeAdjustmentPct'], message: 'is required for an annual fee adjustment (the step, or the CPI cap)', params: { reason: 'cross_field' } });
    }
  });

export type MsaAnswers = z.infer<typeof MsaAnswersSchema>;

/**
 * The defaults of the performance-fee and value-based answers, for answers stored before they existed (a re-check
 * reads stored versions as they were saved): spread under stored answers, they read as "no performance fee".
 */
export const VALUE_BASED_DEFAULTS = {
  performanceFee: 'none',
  performanceMeasures: [],
  valueBasedBasis: 'none',
  valueBasedPurposes: [],
  vbeGovernance: false,
  payorRisk: 'none',
  starkApplies: false,
} as const satisfies Partial<MsaAnswers>;

const VALUE_BASED_DEFAULT_KEYS = Object.keys(VALUE_BASED_DEFAULTS) as (keyof typeof VALUE_BASED_DEFAULTS)[];

/**
 * `{ ...VALUE_BASED_DEFAULTS, ...answers }` with the same values, computed cheaply (perf, 2026-12-03): in V8
 * (Node 20) that spread of the 46 MSA answers over the `as const` defaults takes ~120 µs a call (a slow
 * property-add path, measured in isolation), and a compliance check did it 13 times plus twice in
 * composeDocument. Copying the answers first (~0.1 µs, the fast clone path) and filling only the defaults
 * they lack gives the same own properties with the same values (an answer present but undefined stays
 * undefined, as with the spread); only the key order differs, and no caller iterates the keys.
 */
export function withValueBasedDefaults(answers: unknown): MsaAnswers {
  const out = { ...(answers as MsaAnswers) } as Record<string, unknown>;
  for (const k of VALUE_BASED_DEFAULT_KEYS) if (!Object.hasOwn(out, k)) out[k] = VALUE_BASED_DEFAULTS[k];
  return out as unknown as MsaAnswers;
}
