import type { Reader } from '../../db/database.ts';
import { listDraftPins } from '../../db/documents.ts';
import type { ClauseVersion, DocumentKind } from '../../schemas/clause.ts';
import { forbidden } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import type { ClauseLibrary } from './clause-library.ts';

export interface ClauseSummary {
  id: string;
  title: string;
  kinds: DocumentKind[];
  article: string;
  order: number;
  variantGroup: string | null;
  version: number;
  tags: string[];
  citations: string[];
  summary: string | null;
}

const summarize = (c: ClauseVersion): ClauseSummary => ({
  id: c.id,
  title: c.title,
  kinds: c.kinds,
  article: c.article,
  order: c.order,
  variantGroup: c.variantGroup ?? null,
  version: c.version,
  tags: c.tags,
  citations: c.citations,
  summary: c.summary ?? null,
});

/** The library's current clauses, optionally of one kind and matching a search in id, title, tags or text (case-insensitive, literal). */
export function searchClauses(library: ClauseLibrary, filter: { kind?: DocumentKind; q?: string }): ClauseSummary[] {
  const needle = filter.q?.trim().toLowerCase();
  return library
    .ids()
    .map((id) => library.current(id))
    .filter((c) => !filter.kind || c.kinds.includes(filter.kind))
    .filter((c) => !needle || [c.id, c.title, c.body, ...c.tags].some((field) => field.toLowerCase().includes(needle)))
    .sort((a, b) => a.kinds[0]!.localeCompare(b.kinds[0]!) || a.order - b.order)
    .map(summarize);
}

export function clauseHistory(library: ClauseLibrary, id: string) {
  return library.history(id).map((v) => ({ ...summarize(v), body: v.body, sha256: v.sha256 }));
}

export async function publishClause(ctx: ServiceContext, library: ClauseLibrary, id: string, source: string, note: string) {
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'admin') throw forbidden('Only attorneys and administrators publish clauses.');
  const published = await library.publish({ now: ctx.now, actor: ctx.actor, userId: ctx.principal.id }, id, source, note);
  return { ...summarize(published), body: published.body, sha256: published.sha256 };
}

/** Drafts whose current version pins an older version of a clause than the library's current one. */
export async function listOutdatedDrafts(q: Reader, library: ClauseLibrary) {
  const rows = await listDraftPins(q);
  const known = new Set(library.ids());
  return rows
    .map((r) => {
      const outdated = outdatedPins(library, JSON.parse(r.clause_pins) as Record<string, number>, known);
      return { documentId: r.id, matterId: r.matter_id, title: r.title, kind: r.kind, versionNo: r.current_version_no, outdated };
    })
    .filter((d) => d.outdated.length > 0);
}

/** The clauses a version pins at an older version than the library's current one. */
export function outdatedPins(library: ClauseLibrary, pins: Record<string, number>, known = new Set(library.ids())) {
  return Object.entries(pins)
    .filter(([id, version]) => known.has(id) && library.current(id).version > version)
    .map(([id, version]) => ({ clauseId: id, pinnedVersion: version, currentVersion: library.current(id).version }));
}
