import { forbidden } from '../../errors.ts';
import type { DocumentKind } from '../../schemas/clause.ts';
import type { ComplianceReport } from '../compliance/run-checks.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { getMatter } from '../matters/matters.ts';
import { parseAnswers, type Catalog } from './assemble-document.ts';
import { composeAndCheck, relatedDocuments } from './compose-and-check.ts';
import type { DraftingInputs } from './prepare-version.ts';
import type { ClausePins } from './select-clauses.ts';

/**
 * The compliance report unsaved answers would get — for the drafting page's live panel. Same
 * selection and rules as saving a version, without rendering Word or writing anything. Invalid
 * answers throw the same 422 (with every field) that saving them would.
 */
export async function previewChecks(
  ctx: Pick<ServiceContext, 'db' | 'principal' | 'now' | 'timeZone'>,
  catalog: Catalog,
  matterId: number,
  input: DraftingInputs & { kind: DocumentKind; documentId?: number; pins?: ClausePins },
): Promise<ComplianceReport> {
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys draft documents.');
  const matter = await getMatter(ctx.db, ctx.principal, matterId);
  const answers = parseAnswers(input.kind, input.answers) as Record<string, unknown>;
  const related = await relatedDocuments(ctx.db, matter.id, input.documentId ?? null);
  return composeAndCheck(catalog, { kind: input.kind, answers, matter, choices: input.choices, overrides: input.overrides, pins: input.pins }, { related, today: todayOf(ctx) }).report;
}
