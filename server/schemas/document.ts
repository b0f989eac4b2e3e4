import { z } from 'zod';
import { documentKind, CLAUSE_ID } from './clause.ts';
import { freeText, nameText } from './text.ts';

const clauseId = z.string().regex(CLAUSE_ID).max(120);

/** The drafting inputs of a version: answers (validated per kind), variant choices and clause text overrides. */
const draftingInputs = {
  answers: z.record(z.string(), z.unknown()).describe('Answers to the questionnaire of this kind (see GET /api/document-kinds)'),
  choices: z.record(z.string().regex(/^[a-z0-9-]+$/).max(60), clauseId).default({}).describe('Chosen clause per variant group'),
  overrides: z.record(clauseId, z.string().max(20_000)).default({}).describe('Per-document clause text, by clause id'),
  note: freeText(500).default('').describe('What changed in this version'),
};

export const CreateDocumentSchema = z
  .object({
    kind: documentKind,
    title: nameText(200).optional().describe('Defaults to the kind’s title'),
    ...draftingInputs,
    parentDocumentId: z.number().int().positive().optional().describe('The agreement this amends or renews'),
    relation: z.enum(['amendment', 'renewal']).optional(),
  })
  .strict()
  .refine((d) => (d.parentDocumentId === undefined) === (d.relation === undefined), { message: 'parentDocumentId and relation go together', path: ['relation'] });
export type CreateDocument = z.infer<typeof CreateDocumentSchema>;

export const NewVersionSchema = z
  .object({
    baseVersionNo: z.number().int().positive().describe('The version you edited; a newer one gets 409'),
    ...draftingInputs,
  })
  .strict();
export type NewVersion = z.infer<typeof NewVersionSchema>;

export const FindingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  message: z.string(),
  fix: z.string(),
  citation: z.string(),
  clauseId: z.string().optional(),
  field: z.string().optional().describe('The questionnaire answer the finding concerns (its path), when it is one'),
  matterField: z.string().optional().describe('The matter fact the finding concerns (its path in the matter, e.g. peState or transaction.plannedClosingDate), when it is one'),
  unverified: z.boolean().optional(),
});

export const ReportSchema = z.object({
  ruleSetVersion: z.string(),
  referenceVersion: z.string(),
  findings: z.array(FindingSchema),
  summary: z.object({ errors: z.number(), warnings: z.number(), infos: z.number() }),
});

export const VersionSchema = z.object({
  documentId: z.number().int(),
  versionNo: z.number().int(),
  baseVersionNo: z.number().int(),
  answers: z.record(z.string(), z.unknown()),
  clausePins: z.record(z.string(), z.number().int()),
  overrides: z.record(z.string(), z.string()),
  choices: z.record(z.string(), z.string()),
  sha256: z.string(),
  inputsSha256: z.string(),
  compliance: ReportSchema,
  // Acknowledgements and the drafting note are the firm's: never sent to clients (server/services/visibility/for-role.ts).
  acknowledgements: z.array(z.object({ ruleId: z.string(), reason: z.string(), attorneyId: z.number().int(), at: z.string() })).optional(),
  authorId: z.number().int(),
  createdAt: z.string(),
  note: z.string().optional(),
});
export type Version = z.infer<typeof VersionSchema>;

export const DocumentSchema = z.object({
  id: z.number().int(),
  shortId: z.string(),
  matterId: z.number().int(),
  kind: documentKind,
  title: z.string(),
  status: z.enum(['draft', 'executable', 'executed', 'renewed', 'amended', 'terminated', 'expired']),
  currentVersionNo: z.number().int(),
  executableVersionNo: z.number().int().nullable(),
  executedVersionNo: z.number().int().nullable(),
  executedOn: z.string().nullable(),
  parentDocumentId: z.number().int().nullable(),
  relation: z.enum(['amendment', 'renewal']).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DocumentInfo = z.infer<typeof DocumentSchema>;

/** An attorney's acceptance of a compliance warning on a version, with the reason. */
export const AcknowledgementSchema = z.object({ ruleId: z.string().regex(/^[a-z0-9.-]+$/).max(80), reason: nameText(1000).describe('Why the warning is acceptable') }).strict();
