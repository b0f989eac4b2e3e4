import type { DocumentKind } from '../../schemas/clause.ts';
import { AppError } from '../../errors.ts';
import { findTextProblem } from '../../schemas/text.ts';
import type { ClauseLibrary } from '../clauses/clause-library.ts';
import { ClauseTextError, parseClauseText, variablesUsed, type Block } from '../clauses/clause-text.ts';
import { KINDS } from './kinds/index.ts';

export const MAX_OVERRIDE_LENGTH = 20_000;

/**
 * Parses an attorney's per-document clause text. Same language as the library; only the kind's
 * variables; the text is data like any other (a brace that is not a known tag is refused).
 */
export function parseOverrides(kind: DocumentKind, overrides: Record<string, string>, library: ClauseLibrary): Map<string, Block[]> {
  const parsed = new Map<string, Block[]>();
  const fields: { path: string; issue: string; message: string }[] = [];
  const known = new Set(library.currentForKind(kind).map((c) => c.id));
  for (const [clauseId, text] of Object.entries(overrides)) {
    const path = `overrides.${clauseId}`;
    if (!known.has(clauseId)) {
      fields.push({ path, issue: 'unknown_clause', message: `there is no clause ${clauseId} in a ${kind}` });
      continue;
    }
    const problem = text.length > MAX_OVERRIDE_LENGTH ? 'too_big' : findTextProblem(text, true);
    if (problem) {
      fields.push({ path, issue: problem, message: problem === 'too_big' ? `must be at most ${MAX_OVERRIDE_LENGTH} characters` : 'contains characters a Word document cannot hold' });
      continue;
    }
    try {
      const blocks = parseClauseText(text);
      const unknown = [...variablesUsed(blocks)].filter((v) => !KINDS[kind].variables.includes(v));
      if (unknown.length) fields.push({ path, issue: 'unknown_variable', message: `uses ${unknown.map((v) => `{${v}}`).join(', ')}, not available in a ${kind}` });
      else parsed.set(clauseId, blocks);
    } catch (error) {
      if (!(error instanceof ClauseTextError)) throw error;
      fields.push({ path, issue: 'invalid_clause_text', message: error.message });
    }
  }
  if (fields.length) throw new AppError('unprocessable', 'Some clause text overrides cannot be used.', { fields });
  return parsed;
}
