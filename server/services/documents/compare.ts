import * as sql from '../../db/documents.ts';
import { notFound } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import { getMatter } from '../matters/matters.ts';
import type { ChangeMark } from '../../docx/redline.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { assembleDocument, composeDocument, type AssembleInput, type Catalog, type UsedClause } from './assemble-document.ts';
import { getDocumentRow, getVersion } from './documents.ts';
import { answerLabel } from './answer-labels.ts';
import { KINDS } from './kinds/index.ts';

export interface VersionComparison {
  from: number;
  to: number;
  answers: { path: string; label: string; before: unknown; after: unknown }[];
  clauses: {
    added: { id: string; title: string }[];
    removed: { id: string; title: string }[];
    changed: { id: string; title: string; fromVersion: number; toVersion: number; overriddenBefore: boolean; overriddenAfter: boolean; textChanged: boolean }[];
  };
}

/** Leaf-by-leaf differences between two answer objects, with dotted paths. */
export function diffAnswers(before: unknown, after: unknown, path = ''): { path: string; before: unknown; after: unknown }[] {
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
  const { kind } = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const before = new Map(a.clauses.map((c) => [c.id, c]));
  const after = new Map(b.clauses.map((c) => [c.id, c]));
  const texts = new Map<string, { title: string; before: string; after: string }>();
  for (const c of [...a.clauses, ...b.clauses]) texts.set(c.id, { title: (after.get(c.id) ?? c).title, before: before.get(c.id)?.text ?? '', after: after.get(c.id)?.text ?? '' });
  return {
    from,
    to,
    answers: diffAnswers(a.answers, b.answers).map((d) => ({ ...d, label: answerLabel(KINDS[kind].answersSchema, d.path) })),
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

/**
 * The redline between two versions: the whole later version as Word renders it (cover, body,
 * signature page, exhibits), with the body's differences from the earlier version tracked in
 * place by the later version's author and date, so a reviewer reads it like any redline.
 */
export async function redlineVersions(ctx: ServiceContext, catalog: Catalog, documentId: number, from: number, to: number): Promise<{ bytes: Buffer; filename: string }> {
  if (ctx.principal.role === 'client') throw notFound('Document');
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const [earlier, later] = await Promise.all([getVersion(ctx.db, ctx.principal, documentId, from), getVersion(ctx.db, ctx.principal, documentId, to)]);
  const matter = await getMatter(ctx.db, ctx.principal, doc.matter_id);
  const stored = await sql.findVersion(ctx.db, documentId, to);
  if (!stored) throw notFound('Version');
  const bytes = await redlineDocument(catalog, {
    kind: doc.kind,
    matter,
    before: { answers: earlier.answers, choices: earlier.choices, overrides: earlier.overrides, pins: earlier.clausePins },
    after: { answers: later.answers, choices: later.choices, overrides: later.overrides, pins: later.clausePins },
    meta: { documentName: `${doc.title} — redline of version ${from} against ${to}`, versionLabel: String(to), documentShortId: doc.short_id },
    mark: { author: `clausewright (version ${to})`, date: stored.created_at.replace(/\.\d+Z$/, 'Z') },
  });
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.actor, ctx.now, { type: 'version.downloaded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo: to, sha256: '', redline: true } }),
  );
  return { bytes, filename: `${doc.title} ${doc.short_id} redline v${from}-v${to}.docx` };
}

type VersionInputs = Pick<AssembleInput, 'answers' | 'choices' | 'overrides' | 'pins'>;

/** Assembles the later version with the earlier one's body as the redline's base (no database). */
export async function redlineDocument(catalog: Catalog, input: { kind: AssembleInput['kind']; matter: AssembleInput['matter']; before: VersionInputs; after: VersionInputs; meta: AssembleInput['meta']; mark: ChangeMark }): Promise<Buffer> {
  const earlier = composeDocument(catalog, { kind: input.kind, matter: input.matter, ...input.before });
  const { bytes } = await assembleDocument(catalog, {
    kind: input.kind,
    matter: input.matter,
    ...input.after,
    mode: 'draft',
    meta: input.meta,
    redlineFrom: { articles: earlier.articles, values: earlier.values, mark: input.mark },
  });
  return bytes;
}
