import type { Reader } from '../../db/database.ts';
import { listLatestAnswersInMatter } from '../../db/documents.ts';
import type { DocumentKind } from '../../schemas/clause.ts';
import type { RelatedDocument } from '../compliance/rule.ts';
import { runChecks, type ComplianceReport } from '../compliance/run-checks.ts';
import type { MatterFacts } from './kinds/kind.ts';
import { composeDocument, type AssembleInput, type Catalog, type ComposedDocument } from './assemble-document.ts';

export type ComposeInput = Pick<AssembleInput, 'kind' | 'answers' | 'matter' | 'choices' | 'overrides' | 'pins'>;

export interface CheckContext {
  /** The matter's other documents, for the cross-document rules. */
  related: RelatedDocument[];
  /** Today in the firm's time zone, for rules that measure time left (e.g. transaction notices). */
  today: string;
}

/**
 * The one "compose, then run the checks" path: saving a version, the live preview, the
 * executable gate, `clausewright check` and the re-check of documents in force all come here.
 * Pass `composed` when the caller has already assembled the document (a version being saved is
 * rendered anyway, and its shell's blanks are findings too); nothing here renders Word.
 */
export function composeAndCheck(
  catalog: Catalog,
  input: ComposeInput & { answers: Record<string, unknown>; matter: MatterFacts },
  ctx: CheckContext,
  composed: Pick<ComposedDocument, 'clauses' | 'values' | 'missing'> = composeDocument(catalog, input),
): { composed: Pick<ComposedDocument, 'clauses' | 'values' | 'missing'>; report: ComplianceReport } {
  const report = runChecks({
    kind: input.kind,
    answers: input.answers,
    matter: input.matter,
    clauses: composed.clauses,
    values: composed.values,
    missing: composed.missing,
    reference: catalog.reference(),
    related: ctx.related,
    today: ctx.today,
  });
  return { composed, report };
}

/** The latest answers of the matter's other documents (the cross-document rules read them). */
export async function relatedDocuments(q: Reader, matterId: number, documentId: number | null): Promise<RelatedDocument[]> {
  return (await listLatestAnswersInMatter(q, matterId, documentId ?? 0)).map((r) => ({
    kind: r.kind as DocumentKind,
    documentId: r.document_id,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
  }));
}
