import { z } from 'zod';
import { q } from './question.ts';
import { isoDate, nameText } from '../text.ts';

export const CHECKLIST_STATUSES = ['not-started', 'in-progress', 'done', 'not-applicable'] as const;
export const RESPONSIBLE_PARTIES = ['attorney', 'paralegal', 'client', 'mso', 'practice', 'accountant'] as const;

/** An attorney's adjustment to one generated checklist item (items come from data/reference/formation-items.json). */
const itemOverride = z
  .object({
    itemId: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,80}$/).describe('Checklist item id'),
    responsible: z.enum(RESPONSIBLE_PARTIES).optional().describe('Responsible party'),
    status: z.enum(CHECKLIST_STATUSES).optional().describe('Status'),
    dueDate: isoDate.optional().describe('Due date'),
  })
  .strict();

export const FormationAnswersSchema = z
  .object({
    effectiveDate: isoDate.describe('Checklist date').meta(q('General')),
    targetOpeningDate: isoDate.describe('Target date the structure starts operating').meta(q('General', 'Item due dates default to this date.')),
    includeLoc: z.boolean().default(true).describe('The structure includes a line of credit').meta(q('Scope')),
    billsMedicare: z.boolean().default(true).describe('The practice will enroll in Medicare').meta(q('Scope')),
    performsLabTesting: z.boolean().default(false).describe('The practice performs laboratory testing (CLIA)').meta(q('Scope')),
    prescribesControlledSubstances: z.boolean().default(true).describe('Physicians prescribe controlled substances (DEA)').meta(q('Scope')),
    preparedBy: nameText(120).describe('Prepared by').meta(q('General')),
    itemOverrides: z.array(itemOverride).max(200).default([]).describe('Adjustments to generated items').meta(q('Items')),
  })
  .strict();

export type FormationAnswers = z.infer<typeof FormationAnswersSchema>;
