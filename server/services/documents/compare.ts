import * as sql from '../../db/documents.ts';
import { notFound } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import { getMatter } from '../matters/matters.ts';
import { buildRedline } from '../../docx/redline.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { composeDocument, type Catalog, type UsedClause } from './assemble-document.ts';
import { getDocumentRow, getVersion } from './documents.ts';

export interface VersionComparison {
  from: number;
  to: number;
  answers: { path: string; before: unknown; after: unknown }[];
  clauses: {
    added: { id: string; title: string }[];
    removed: { id: string; title: string }[];
    changed: { id: string; title: string; fromVersion: number; toVersion: number; overriddenBefore: boolean; overriddenAfter: boolean; textChanged: boolean }[];
  };
}

/** Leaf-by-leaf differences between two answer objects, with dotted paths. */
export function diffAnswers(before: unknown, after: unknown, path = ''): VersionComparison['answers'] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffAnswers(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

async function composedClauses(ctx: ServiceContext, catalog: Catalog, documentId: number, versionNo: number): Promise<{ clauses: UsedClause[]; answers: Record<string, unknown> }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const version = await getVersion(ctx.db, ctx.principal, documentId, versionNo);
  const matter = await getMatter(ctx.db, ctx.principal, doc.matter_id);
  const composed = composeDocument(catalog, { kind: doc.kind, answers: version.answers, matter, choices: version.choices, overrides: version.overrides, pins: version.clausePins });
  return { clauses: composed.clauses, answers: version.answers };
}

export async function compareVersions(ctx: ServiceContext, catalog: Catalog, documentId: number, from: number, to: number): Promise<VersionComparison & { texts: Map<string, { title: string; before: string; after: string }> }> {
  if (ctx.principal.role === 'client') throw notFound('Document');
  const [a, b] = await Promise.all([composedClauses(ctx, catalog, documentId, from), composedClauses(ctx, catalog, documentId, to)]);
  const before = new Map(a.clauses.map((c) => [c.id, c]));
  const after = new Map(b.clauses.map((c) => [c.id, c]));
  const texts = new Map<string, { title: string; before: string; after: string }>();
  for (const c of [...a.clauses, ...b.clauses]) texts.set(c.id, { title: (after.get(c.id) ?? c).title, before: before.get(c.id)?.text ?? '', after: after.get(c.id)?.text ?? '' });
  return {
    from,
    to,
    answers: diffAnswers(a.answers, b.answers),
    clauses: {
      added: b.clauses.filter((c) => !before.has(c.id)).map((c) => ({ id: c.id, title: c.title })),
      removed: a.clauses.filter((c) => !after.has(c.id)).map((c) => ({ id: c.id, title: c.title })),
      changed: b.clauses
        .filter((c) => before.has(c.id))
        .map((c) => ({ c, p: before.get(c.id)! }))
        .filter(({ c, p }) => c.text !== p.text || c.version !== p.version || c.overridden !== p.overridden)
        .map(({ c, p }) => ({ id: c.id, title: c.title, fromVersion: p.version, toVersion: c.version, overriddenBefore: p.overridden, overriddenAfter: c.overridden, textChanged: c.text !== p.text })),
    },
    texts,
  };
}

/** The redline between two versions as a .docx with tracked changes by the later version's author. */
export async function redlineVersions(ctx: ServiceContext, catalog: Catalog, documentId: number, from: number, to: number): Promise<{ bytes: Buffer; filename: string }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const comparison = await compareVersions(ctx, catalog, documentId, from, to);
  const later = await sql.findVersion(ctx.db, documentId, to);
  if (!later) throw notFound('Version');
  const changedIds = new Set([...comparison.clauses.added, ...comparison.clauses.removed, ...comparison.clauses.changed.filter((c) => c.textChanged)].map((c) => c.id));
  const clauses = [...comparison.texts.entries()].filter(([id]) => changedIds.has(id)).map(([, t]) => t);
  const bytes = await buildRedline({
    title: `${doc.title} — Redline`,
    subtitle: `Version ${from} compared with version ${to} (${doc.short_id}). Changed clauses only; ${comparison.answers.length} answer(s) changed.`,
    author: `clausewright (version ${to})`,
    date: later.created_at,
    clauses,
  });
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.actor, ctx.now, { type: 'version.downloaded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo: to, sha256: '', redline: true } }),
  );
  return { bytes, filename: `${doc.title} ${doc.short_id} redline v${from}-v${to}.docx` };
}
