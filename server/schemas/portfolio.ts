import { z } from 'zod';
import { CLAUSE_ID, documentKind } from './clause.ts';
import { DeadlineSchema } from './deadline.ts';
import { DocumentSchema, ReportSchema } from './document.ts';
import { CreateMatterSchema, MsoAffiliateSchema, PE_ENTITY_TYPES } from './matter.ts';
import { freeText, nameText, stateCode } from './text.ts';

/** The MSO's party facts, held once by the portfolio and copied onto each of its practices' matters. */
const msoFacts = {
  msoName: nameText().describe('MSO legal name'),
  msoEntityType: nameText(80).describe('MSO entity type (e.g. limited liability company)'),
  msoState: stateCode.describe('MSO state of organization'),
  msoAffiliates: z.array(MsoAffiliateSchema).max(20).describe('Affiliates of the MSO (e.g. a holding company that lends)'),
};

export const CreatePortfolioSchema = z
  .object({ name: nameText(200).describe('Portfolio name (e.g. the MSO’s platform name)'), ...msoFacts, msoAffiliates: msoFacts.msoAffiliates.default([]) })
  .strict();
export type CreatePortfolio = z.infer<typeof CreatePortfolioSchema>;

export const UpdatePortfolioSchema = z
  .object({
    rowVersion: z.number().int().positive().describe('The version of the portfolio you edited (optimistic concurrency)'),
    name: nameText(200).optional(),
    ...z.object(msoFacts).partial().shape,
  })
  .strict();
export type UpdatePortfolio = z.infer<typeof UpdatePortfolioSchema>;

/** A practice joins the portfolio as a matter of its own; the MSO's facts come from the portfolio, so they are not asked. */
export const CreatePracticeSchema = CreateMatterSchema.omit({ msoName: true, msoEntityType: true, msoState: true, msoAffiliates: true });
export type CreatePractice = z.infer<typeof CreatePracticeSchema>;

export const AttachMatterSchema = z.object({ matterId: z.number().int().positive().describe('A matter opened on its own whose MSO is the portfolio’s') }).strict();

const matterIdKey = z.string().regex(/^[1-9][0-9]{0,11}$/, 'must be a matter id');

/**
 * "Draft for every practice": one set of shared answers, optionally changed per practice (e.g. a
 * fee model one state allows and another does not), gives one document per practice, each
 * checked under its own matter's state.
 */
export const DraftPortfolioSchema = z
  .object({
    kind: documentKind,
    title: nameText(200).optional().describe('Defaults to the kind’s title'),
    answers: z.record(z.string(), z.unknown()).describe('Answers shared by every practice (see GET /api/document-kinds)'),
    practiceAnswers: z
      .record(matterIdKey, z.record(z.string(), z.unknown()))
      .default({})
      .describe('Per practice (by matter id): answers that replace the shared ones for that practice only; null drops a shared answer'),
    choices: z.record(z.string().regex(/^[a-z0-9-]+$/).max(60), z.string().regex(CLAUSE_ID).max(120)).default({}).describe('Chosen clause per variant group'),
    overrides: z.record(z.string().regex(CLAUSE_ID).max(120), z.string().max(20_000)).default({}).describe('Clause text for these documents, by clause id'),
    note: freeText(500).default('').describe('What this version is'),
    matterIds: z.array(z.number().int().positive()).min(1).max(100).optional().describe('Only these practices (default: every practice of the portfolio)'),
  })
  .strict();
export type DraftPortfolio = z.infer<typeof DraftPortfolioSchema>;

export const PracticeSchema = z.object({
  matterId: z.number().int(),
  title: z.string(),
  peName: z.string(),
  peEntityType: z.enum(PE_ENTITY_TYPES),
  peState: z.string(),
  governingLawState: z.string(),
});

export const PortfolioSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  msoName: z.string(),
  msoEntityType: z.string(),
  msoState: stateCode,
  msoAffiliates: z.array(MsoAffiliateSchema),
  practices: z.array(PracticeSchema).describe('The practices you can see (a client: only their own)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  rowVersion: z.number().int(),
});
export type Portfolio = z.infer<typeof PortfolioSchema>;

export const DraftedSchema = z.object({
  drafted: z.array(
    z.object({
      matterId: z.number().int(),
      peState: z.string(),
      document: DocumentSchema,
      compliance: ReportSchema.describe('The findings of the first version, under this practice’s state'),
    }),
  ),
});

export const PortfolioDocumentSchema = z.object({
  id: z.number().int(),
  shortId: z.string(),
  kind: documentKind,
  title: z.string(),
  status: z.string(),
  currentVersionNo: z.number().int(),
  errors: z.number().int().describe('Error findings of the current version'),
  openWarnings: z.number().int().describe('Warnings of the current version not yet acknowledged'),
  updatedAt: z.string(),
});
export type PortfolioDocument = z.infer<typeof PortfolioDocumentSchema>;

export const PortfolioOverviewSchema = z.object({
  portfolio: PortfolioSchema,
  practices: z.array(PracticeSchema.extend({ documents: z.array(PortfolioDocumentSchema) })),
  today: z.string(),
  deadlines: z.array(DeadlineSchema).describe('Open deadlines across the practices you can see, soonest first'),
  totalDeadlines: z.number().int(),
});
export type PortfolioOverview = z.infer<typeof PortfolioOverviewSchema>;
