import { z } from 'zod';
import { freeText, isoDate, nameText, percent, stateCode } from './text.ts';
import { SIZE_BANDS } from './reference.ts';
import { MsoInvestmentSchema, MsoOwnerSchema, NO_MSO_INVESTMENT, PRACTICE_TYPES, PatientStateSchema, structureFields } from './matter-structure.ts';

export const PE_ENTITY_TYPES = ['PC', 'PLLC', 'PA', 'medical-corporation', 'other'] as const;

export const OwnerSchema = z
  .object({
    name: nameText(120).describe('Owner name'),
    licensed: z.boolean().describe('Holds a medical license'),
    licenseState: stateCode.nullable().default(null).describe('State of the medical license'),
    isMso: z.boolean().default(false).describe('The owner is the MSO or an MSO affiliate'),
    ownershipPct: percent.refine((n) => n > 0, { message: 'must be more than 0' }).describe('Ownership percentage'),
  })
  .strict();

/** An affiliate of the MSO named on the matter, e.g. the holding company that lends under the line of credit. */
export const MsoAffiliateSchema = z
  .object({
    name: nameText().describe('Affiliate legal name'),
    entityType: nameText(80).describe('Entity type (e.g. limited liability company)'),
    state: stateCode.describe('State of organization'),
  })
  .strict();
export type MsoAffiliate = z.infer<typeof MsoAffiliateSchema>;
const affiliatesList = z.array(MsoAffiliateSchema).max(20).describe('Affiliates of the MSO (e.g. a holding company that lends)');

const entity = {
  msoName: nameText().describe('MSO legal name'),
  msoEntityType: nameText(80).describe('MSO entity type (e.g. limited liability company)'),
  msoState: stateCode.describe('MSO state of organization'),
  peName: nameText().describe('Professional entity legal name'),
  peEntityType: z.enum(PE_ENTITY_TYPES).describe('Professional entity type'),
  peState: stateCode.describe('Professional entity state'),
  governingLawState: stateCode.describe('Governing-law state'),
};

const ownersList = z
  .array(OwnerSchema)
  .min(1)
  .max(50)
  .superRefine((owners, ctx) => {
    const total = owners.reduce((sum, o) => sum + o.ownershipPct, 0);
    if (Math.abs(total - 100) > 0.001) ctx.addIssue({ code: 'custom', message: `ownership must total 100% (it totals ${total}%)`, params: { reason: 'cross_field' } });
  })
  .describe('Owners of the professional entity');

const userIds = z.array(z.number().int().positive()).max(50);

/**
 * What the state transaction-notice laws need to decide whether, and by when, notice is due
 * (data/reference/jurisdictions.json `transactionNotices`): the planned closing date the notice
 * periods count back from, and only the facts their thresholds use. Null = not known yet.
 */
export const TransactionFactsSchema = z
  .object({
    plannedClosingDate: isoDate.nullable().default(null).describe('Planned closing date (state notice periods are counted back from it)'),
    physicianCount: z.number().int().min(0).max(100_000).nullable().default(null).describe('Physicians in the practice group (Illinois notice: 20 or more; Washington: 7 or more)'),
    revenueBand: z.enum(SIZE_BANDS).nullable().default(null).describe('Annual revenue of the largest party, with its affiliates (Oregon and New York notices: $25 million)'),
    assetsBand: z.enum(SIZE_BANDS).nullable().default(null).describe('Total assets of the parties, with their affiliates (Indiana notice: $10 million)'),
  })
  .strict();
export type TransactionFacts = z.infer<typeof TransactionFactsSchema>;
export const NO_TRANSACTION_FACTS: TransactionFacts = { plannedClosingDate: null, physicianCount: null, revenueBand: null, assetsBand: null };

export const CreateMatterSchema = z
  .object({
    title: nameText(200).describe('Matter title'),
    ...entity,
    owners: ownersList,
    msoAffiliates: affiliatesList.default([]),
    clientUserIds: userIds.default([]).describe('Client users who may see this matter'),
    staffUserIds: userIds.default([]).describe('Attorneys and paralegals on this matter'),
    transaction: TransactionFactsSchema.default(NO_TRANSACTION_FACTS).describe('Facts for the state transaction-notice laws'),
    // Who owns the MSO and the practice type (issue 23; schemas/matter-structure.ts).
    msoOwners: structureFields.msoOwners.default([]),
    msoInvestment: structureFields.msoInvestment.default(NO_MSO_INVESTMENT).describe('Facts about the MSO’s investment terms (investment-interest safe harbor)'),
    practiceType: structureFields.practiceType.default('general'),
    patientStates: structureFields.patientStates.default([]),
  })
  .strict();
export type CreateMatter = z.infer<typeof CreateMatterSchema>;

/** Attorneys may change anything; paralegals only the tracking fields (enforced in the service). */
export const UpdateMatterSchema = z
  .object({
    rowVersion: z.number().int().positive().describe('The version of the matter you edited (optimistic concurrency)'),
    title: nameText(200).optional(),
    ...z.object(entity).partial().shape,
    owners: ownersList.optional(),
    msoAffiliates: affiliatesList.optional(),
    clientUserIds: userIds.optional(),
    staffUserIds: userIds.optional(),
    transaction: TransactionFactsSchema.optional(),
    msoOwners: structureFields.msoOwners.optional(),
    msoInvestment: structureFields.msoInvestment.optional(),
    practiceType: structureFields.practiceType.optional(),
    patientStates: structureFields.patientStates.optional(),
    trackingStatus: z.enum(['open', 'on-hold', 'closed']).optional(),
    trackingNotes: freeText(4000).optional(),
    nextFollowUp: isoDate.nullable().optional(),
  })
  .strict();
export type UpdateMatter = z.infer<typeof UpdateMatterSchema>;

export const TRACKING_FIELDS = ['trackingStatus', 'trackingNotes', 'nextFollowUp'] as const;

export const MatterSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  msoName: z.string(),
  msoEntityType: z.string(),
  msoState: z.string(),
  peName: z.string(),
  peEntityType: z.enum(PE_ENTITY_TYPES),
  peState: z.string(),
  governingLawState: z.string(),
  portfolioId: z.number().int().nullable().describe('The portfolio (one MSO, several practices) this matter is a practice of'),
  owners: z.array(OwnerSchema),
  msoAffiliates: z.array(MsoAffiliateSchema),
  clientUserIds: z.array(z.number().int()),
  staffUserIds: z.array(z.number().int()),
  transaction: TransactionFactsSchema,
  // Optional for clients: the investment terms are the firm's assessment (visibility/for-role.ts).
  msoOwners: z.array(MsoOwnerSchema),
  msoInvestment: MsoInvestmentSchema.optional(),
  practiceType: z.enum(PRACTICE_TYPES),
  patientStates: z.array(PatientStateSchema),
  // Internal tracking: never sent to clients (server/services/visibility/for-role.ts).
  trackingStatus: z.string(),
  trackingNotes: z.string().optional(),
  nextFollowUp: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  rowVersion: z.number().int(),
});
export type Matter = z.infer<typeof MatterSchema>;
