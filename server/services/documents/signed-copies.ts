import * as sql from '../../db/signed-copies.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { inspectUpload } from '../../docx/inspect-upload.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { sha256 } from './assemble-document.ts';
import { getDocumentRow } from './documents.ts';
import { DOCX_TYPE, type Download } from './download.ts';

export interface SignedCopy {
  id: number;
  versionNo: number;
  sha256: string;
  contentType: string;
  uploadedBy: number;
  uploadedAt: string;
  replacesId: number | null;
  reason: string | null;
  current: boolean;
}

const toSignedCopy = (r: sql.SignedCopyRow): SignedCopy => ({
  id: r.id,
  versionNo: r.version_no,
  sha256: r.sha256,
  contentType: r.content_type,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
  replacesId: r.replaces_id,
  reason: r.reason,
  current: r.current === 1,
});

/**
 * Stores the signed copy (DOCX or PDF, inspected, hashed) of an executed document's executed
 * version. A version has one current copy; replacing it needs a reason, keeps the old copy and
 * is audited. A file already attached to another document (or version) is refused, not
 * silently attached twice.
 */
export async function storeSignedCopy(ctx: ServiceContext, documentId: number, bytes: Buffer, reason?: string): Promise<SignedCopy> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'paralegal') throw forbidden();
  if (doc.status === 'draft' || doc.status === 'executable' || doc.executed_version_no === null) throw new AppError('conflict', 'Record the execution (status “executed”) before uploading the signed copy.', { reason: 'invalid_transition' });
  const kind = await inspectUpload(bytes);
  const contentType = kind === 'pdf' ? 'application/pdf' : DOCX_TYPE;
  const hash = sha256(bytes);
  const versionNo = doc.executed_version_no;
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const elsewhere = (await sql.findSignedCopiesBySha256(tx, hash)).find((c) => c.document_id !== documentId || c.version_no !== versionNo);
    if (elsewhere) throw new AppError('conflict', 'This file is already the signed copy of another document; one signed file belongs to one agreement.', { reason: 'signed_copy_elsewhere' });
    const current = await sql.findCurrentSignedCopy(tx, documentId, versionNo);
    if (current?.sha256 === hash) throw new AppError('conflict', 'This file is already the signed copy of this version.', { reason: 'signed_copy_unchanged' });
    if (current && !reason) throw new AppError('conflict', 'A signed copy is already stored for this version; give a reason to replace it (the old copy is kept).', { reason: 'signed_copy_exists', currentSha256: current.sha256 });
    const id = await sql.insertSignedCopy(tx, { documentId, versionNo, contentType, bytes, sha256: hash, uploadedBy: ctx.principal.id, now, replacesId: current?.id ?? null, reason: current ? reason! : null });
    const object = { type: 'document' as const, id: documentId };
    if (current) await recordAudit(tx, ctx.actor, ctx.now, { type: 'signed-copy.replaced', matterId: doc.matter_id, object, data: { documentId, versionNo, sha256: hash, previousSha256: current.sha256, reason: reason! } });
    else await recordAudit(tx, ctx.actor, ctx.now, { type: 'execution.recorded', matterId: doc.matter_id, object, data: { documentId, versionNo, executedOn: doc.executed_on ?? '', signedCopySha256: hash } });
    return { id, versionNo, sha256: hash, contentType, uploadedBy: ctx.principal.id, uploadedAt: now, replacesId: current?.id ?? null, reason: current ? reason! : null, current: true };
  });
}

/** Versions a client may see: the executable and executed ones. */
const clientMaySee = (doc: { executable_version_no: number | null; executed_version_no: number | null }, versionNo: number) => versionNo === doc.executable_version_no || versionNo === doc.executed_version_no;

/** The signed copies of a document the principal may see; a client sees only the current copy of a version they may see, without the firm's reasons. */
export async function listSignedCopies(ctx: ServiceContext, documentId: number): Promise<SignedCopy[]> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const copies = (await sql.listSignedCopies(ctx.db, documentId)).map(toSignedCopy);
  if (ctx.principal.role !== 'client') return copies;
  return copies.filter((c) => c.current && clientMaySee(doc, c.versionNo)).map((c) => ({ ...c, replacesId: null, reason: null }));
}

/** One signed copy's stored bytes, for whoever may see its version (clients: the current copy only). Audited as a download. */
export async function downloadSignedCopy(ctx: ServiceContext, documentId: number, copyId: number): Promise<Download> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const copy = await sql.findSignedCopyBytes(ctx.db, documentId, copyId);
  if (!copy || (ctx.principal.role === 'client' && (!copy.current || !clientMaySee(doc, copy.version_no)))) throw notFound('Signed copy');
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.actor, ctx.now, { type: 'version.downloaded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo: copy.version_no, sha256: copy.sha256, signedCopy: true } }),
  );
  const extension = copy.content_type === 'application/pdf' ? 'pdf' : 'docx';
  return { bytes: copy.bytes, sha256: copy.sha256, contentType: copy.content_type, filename: `${doc.title} ${doc.short_id} signed${copy.current ? '' : ` (replaced, copy ${copy.id})`}.${extension}` };
}
