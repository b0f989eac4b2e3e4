import type { DocumentInfo, Version } from '../../schemas/document.ts';
import type { ServiceContext } from '../context.ts';
import type { Catalog } from './assemble-document.ts';
import { createVersion, getDocumentRow, getVersion } from './documents.ts';

/**
 * Moves some clauses of a draft to the library's current version, as a new version made from
 * the base version's answers, choices and overrides (the other clauses keep their pins).
 */
export async function moveClausesToCurrent(
  ctx: ServiceContext,
  catalog: Catalog,
  documentId: number,
  input: { baseVersionNo: number; clauseIds: string[]; note: string },
): Promise<{ document: DocumentInfo; version: Version }> {
  await getDocumentRow(ctx.db, ctx.principal, documentId);
  const base = await getVersion(ctx.db, ctx.principal, documentId, input.baseVersionNo);
  const next = {
    baseVersionNo: input.baseVersionNo,
    answers: base.answers,
    choices: base.choices,
    overrides: base.overrides,
    note: input.note || `Moved ${input.clauseIds.join(', ')} to the current library version`,
  };
  return createVersion(ctx, catalog, documentId, next, { moveToCurrent: input.clauseIds });
}
