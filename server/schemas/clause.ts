import { z } from 'zod';
import { freeText } from './text.ts';

import { DOCUMENT_KINDS, type DocumentKind } from '../domain.ts';

export { DOCUMENT_KINDS, type DocumentKind };
export const documentKind = z.enum(DOCUMENT_KINDS);

const value = z.union([z.string(), z.number(), z.boolean()]);

/** A selection condition: data only, never code. Exactly one operator per condition. */
export const ConditionSchema = z
  .object({
    field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
    equals: value.optional(),
    notEquals: value.optional(),
    in: z.array(value).min(1).optional(),
    notIn: z.array(value).min(1).optional(),
    includes: value.optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
  })
  .strict()
  .refine((c) => ['equals', 'notEquals', 'in', 'notIn', 'includes', 'gt', 'lt'].filter((op) => op in c).length === 1, {
    message: 'needs exactly one operator (equals, notEquals, in, notIn, includes, gt, lt)',
  });
export type Condition = z.infer<typeof ConditionSchema>;

export const CLAUSE_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

export const ClauseFrontMatterSchema = z
  .object({
    id: z.string().regex(CLAUSE_ID, 'lowercase letters, digits, dots and dashes'),
    title: z.string().min(1).max(120),
    kinds: z.array(documentKind).min(1),
    article: z.string().regex(/^[a-z-]+$/),
    order: z.number().int().min(0).max(100_000),
    variantGroup: z.string().regex(/^[a-z0-9-]+$/).optional(),
    summary: z.string().max(400).optional(),
    when: z.array(ConditionSchema).default([]),
    variables: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)).default([]),
    tags: z.array(z.string().regex(/^[a-z0-9.-]+$/)).default([]),
    citations: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type ClauseFrontMatter = z.infer<typeof ClauseFrontMatterSchema>;

/** One version of one clause: its metadata and text. Documents pin (id, version). */
export interface ClauseVersion extends ClauseFrontMatter {
  version: number;
  /** The whole source as stored: front matter and text (what an attorney edits to publish the next version). */
  source: string;
  body: string;
  sha256: string;
}

/** A new version of a library clause, as an attorney publishes it: the whole source and a note. */
export const PublishClauseSchema = z.object({ source: freeText(40_000).pipe(z.string().min(1)), note: freeText(500).default('') }).strict();
