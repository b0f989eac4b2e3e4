import { randomBytes } from 'node:crypto';
import type { Reader } from '../../db/database.ts';
import type { ListQuery, Page } from '../../db/keyset.ts';
import * as sql from '../../db/documents.ts';
import { forRole } from '../visibility/for-role.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { CreateDocument, DocumentInfo, NewVersion, Version } from '../../schemas/document.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { syncChecklistFromAnswers } from '../deadlines/checklist.ts';
import { recomputeDeadlines } from '../deadlines/recompute.ts';
import { todayOf, type Principal, type ServiceContext } from '../context.ts';
import { getMatter } from '../matters/matters.ts';
import type { Catalog } from './assemble-document.ts';
import { KINDS } from './kinds/index.ts';
import { prepareVersion, type PreparedVersion } from './prepare-version.ts';

/** Which statuses a client may download: only signature-ready and signed agreements. */
export const CLIENT_VISIBLE_STATUSES = new Set(['executable', 'executed', 'renewed', 'amended', 'terminated', 'expired']);

/** A short, unguessable document id for footers and filenames (e.g. CW-7K2Q9XMD). */
export const newShortId = () => 'CW-' + randomBytes(6).toString('base64url').toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 8);

export function toDocumentInfo(row: sql.DocumentRow): DocumentInfo {
  return {
    id: row.id,
    shortId: row.short_id,
    matterId: row.matter_id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    currentVersionNo: row.current_version_no,
    executableVersionNo: row.executable_version_no,
    executedVersionNo: row.executed_version_no,
    executedOn: row.executed_on,
    parentDocumentId: row.parent_document_id,
    relation: row.relation,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A document the principal may see; clients see only executable and later documents of their own matters. */
export async function getDocumentRow(q: Reader, principal: Principal, id: number): Promise<sql.DocumentRow> {
  const row = await sql.findVisibleDocument(q, principal, id);
  if (!row || (principal.role === 'client' && !CLIENT_VISIBLE_STATUSES.has(row.status))) throw notFound('Document');
  return row;
}

export async function listMatterDocuments(q: Reader, principal: Principal, matterId: number): Promise<DocumentInfo[]> {
  await getMatter(q, principal, matterId);
  const rows = await sql.listDocumentsOfMatter(q, matterId);
  return rows.filter((r) => principal.role !== 'client' || CLIENT_VISIBLE_STATUSES.has(r.status)).map(toDocumentInfo);
}

/** One page of a matter's documents (issue 21): searched, sorted and paged in SQL; 404 for a matter the principal cannot see. */
export async function pageMatterDocuments(q: Reader, principal: Principal, matterId: number, query: ListQuery): Promise<Page<DocumentInfo>> {
  await getMatter(q, principal, matterId);
  const page = await sql.pageDocumentsOfMatter(q, principal, matterId, query, [...CLIENT_VISIBLE_STATUSES]);
  return { ...page, rows: page.rows.map(toDocumentInfo) };
}

export async function getVersion(q: Reader, principal: Principal, documentId: number, versionNo: number): Promise<Version> {
  const doc = await getDocumentRow(q, principal, documentId);
  if (principal.role === 'client' && versionNo !== doc.executable_version_no && versionNo !== doc.executed_version_no) throw notFound('Version');
  const row = await sql.findVersion(q, documentId, versionNo);
  if (!row) throw notFound('Version');
  const acks = await sql.listAcks(q, documentId, versionNo);
  return forRole('version', principal.role, toVersion(row, acks));
}

export async function listDocumentVersions(q: Reader, principal: Principal, documentId: number): Promise<Version[]> {
  const doc = await getDocumentRow(q, principal, documentId);
  const rows = await sql.listVersions(q, documentId);
  const visible = principal.role === 'client' ? rows.filter((r) => r.version_no === doc.executable_version_no || r.version_no === doc.executed_version_no) : rows;
  return Promise.all(visible.map(async (r) => forRole('version', principal.role, toVersion(r, await sql.listAcks(q, documentId, r.version_no)))));
}

export function toVersion(row: sql.VersionRow, acks: { rule_id: string; reason: string; attorney_id: number; at: string }[]): Version {
  return {
    documentId: row.document_id,
    versionNo: row.version_no,
    baseVersionNo: row.base_version_no,
    answers: JSON.parse(row.answers),
    clausePins: JSON.parse(row.clause_pins),
    overrides: JSON.parse(row.overrides),
    choices: JSON.parse(row.choices),
    sha256: row.sha256,
    inputsSha256: row.inputs_sha256,
    compliance: JSON.parse(row.compliance),
    acknowledgements: acks.map((a) => ({ ruleId: a.rule_id, reason: a.reason, attorneyId: a.attorney_id, at: a.at })),
    authorId: row.author_id,
    createdAt: row.created_at,
    note: row.note,
  };
}

export function versionRow(documentId: number, versionNo: number, baseVersionNo: number, p: PreparedVersion, inputs: { overrides: Record<string, string>; choices: Record<string, string>; note: string }, authorId: number, now: string) {
  return {
    document_id: documentId,
    version_no: versionNo,
    base_version_no: baseVersionNo,
    answers: JSON.stringify(p.answers),
    clause_pins: JSON.stringify(p.pins),
    overrides: JSON.stringify(inputs.overrides),
    choices: JSON.stringify(inputs.choices),
    docx: p.bytes,
    sha256: p.sha256,
    inputs_sha256: p.inputsSha256,
    compliance: JSON.stringify(p.report),
    rule_set_version: p.report.ruleSetVersion,
    reference_version: p.report.referenceVersion,
    error_count: p.report.summary.errors,
    warning_count: p.report.summary.warnings,
    author_id: authorId,
    created_at: now,
    note: inputs.note,
  };
}

/** Starts a document in a matter from answers; returns it with its first version (attorneys only). */
export async function createDocument(ctx: ServiceContext, catalog: Catalog, matterId: number, input: CreateDocument): Promise<{ document: DocumentInfo; version: Version }> {
  const matter = await getMatter(ctx.db, ctx.principal, matterId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys draft documents.');
  if (input.parentDocumentId) {
    const parent = await sql.findVisibleDocument(ctx.db, ctx.principal, input.parentDocumentId);
    if (!parent || parent.matter_id !== matterId) throw new AppError('validation_failed', 'The parent document is not in this matter.', { fields: [{ path: 'parentDocumentId', issue: 'not_found', message: 'The parent document is not in this matter.' }] });
  }
  const title = input.title ?? KINDS[input.kind].title;
  const shortId = newShortId();
  const prepared = await prepareVersion(ctx.db, catalog, { id: null, shortId, kind: input.kind, title, matter }, input, 1, { today: todayOf(ctx) });
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const document = (await sql.insertDocument(tx, { shortId, matterId, kind: input.kind, title, parentId: input.parentDocumentId ?? null, relation: input.relation ?? null, createdBy: ctx.principal.id, now }))!;
    const id = document.id;
    const version = versionRow(id, 1, 0, prepared, input, ctx.principal.id, now);
    await sql.insertVersion(tx, version);
    if (input.kind === 'formation-checklist') await syncChecklistFromAnswers(tx, { id, matterId }, input.answers, matter, catalog.reference(), ctx);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'document.created', matterId, object: { type: 'document', id }, data: { kind: input.kind, title, versionNo: 1 } });
    return saved(document, version);
  });
}

/**
 * The document and version as just written: the document row as the head update returned it,
 * the version as inserted (a new version has no acknowledgements yet). Not read back: that
 * would be another round trip, and the answer must be what this transaction wrote.
 */
function saved(document: sql.DocumentRow, version: sql.VersionRow): { document: DocumentInfo; version: Version } {
  return { document: toDocumentInfo(document), version: toVersion(version, []) };
}

/**
 * Saves an edit as a new version against its stated base. If someone saved a newer version
 * first, answers 409 with the current number and the rejected input, so nothing is lost.
 * An edit to an executable document makes it a draft again (executable status is withdrawn).
 */
export async function createVersion(
  ctx: ServiceContext,
  catalog: Catalog,
  documentId: number,
  input: NewVersion,
  options: { moveToCurrent?: string[] } = {},
): Promise<{ document: DocumentInfo; version: Version }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys edit documents.');
  if (doc.status !== 'draft' && doc.status !== 'executable') throw new AppError('conflict', `A ${doc.status} document cannot be edited; start an amendment or renewal instead.`, { status: doc.status });
  const conflict = (current: number) =>
    new AppError('conflict', `Version ${current} was saved after the version ${input.baseVersionNo} you edited. Your changes are returned unsaved; reapply them to version ${current}.`, {
      reason: 'stale_base_version',
      currentVersionNo: current,
      rejected: input,
    });
  // Every refused stale save is audited, whether it is caught here or at the head's compare-and-set below.
  const refuseStale = async (current: number): Promise<never> => {
    await ctx.db.transaction((tx) =>
      recordAudit(tx, ctx.actor, ctx.now, { type: 'version.conflict', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, baseVersionNo: input.baseVersionNo, currentVersionNo: current } }),
    );
    throw conflict(current);
  };
  if (input.baseVersionNo !== doc.current_version_no) return refuseStale(doc.current_version_no);
  const matter = await getMatter(ctx.db, ctx.principal, doc.matter_id);
  const base = await sql.findVersion(ctx.db, documentId, input.baseVersionNo);
  const pins = base ? (JSON.parse(base.clause_pins) as Record<string, number>) : {};
  // Clauses the attorney moves to the library's current version lose their pin.
  for (const id of options.moveToCurrent ?? []) delete pins[id];
  const versionNo = input.baseVersionNo + 1;
  const prepared = await prepareVersion(ctx.db, catalog, { id: documentId, shortId: doc.short_id, kind: doc.kind, title: doc.title, matter }, input, versionNo, { pins, today: todayOf(ctx) });
  const now = ctx.now.toISOString();
  const outcome = await ctx.db.transaction(async (tx) => {
    const moved = await sql.advanceHead(tx, documentId, input.baseVersionNo, versionNo, 'draft', now);
    if (!moved) return { saved: null, lostTo: (await sql.findDocumentById(tx, documentId))?.current_version_no ?? 0 };
    const version = versionRow(documentId, versionNo, input.baseVersionNo, prepared, input, ctx.principal.id, now);
    await sql.insertVersion(tx, version);
    if (doc.kind === 'formation-checklist') await syncChecklistFromAnswers(tx, { id: documentId, matterId: doc.matter_id }, input.answers, matter, catalog.reference(), ctx);
    // Editing an executable document withdraws it to draft: its dates stop until it is executed again.
    else if (doc.status !== 'draft') await recomputeDeadlines(tx, documentId, todayOf(ctx), now);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'version.created', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, sha256: prepared.sha256, baseVersionNo: input.baseVersionNo } });
    return { saved: saved(moved, version), lostTo: 0 };
  });
  if (outcome.saved) return outcome.saved;
  // Recorded in its own transaction: the losing request wrote nothing else.
  return refuseStale(outcome.lostTo);
}
