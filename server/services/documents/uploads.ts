import * as sql from '../../db/documents.ts';
import { AppError, forbidden } from '../../errors.ts';
import { inspectUpload } from '../../docx/inspect-upload.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { sha256 } from './assemble-document.ts';
import { getDocumentRow } from './documents.ts';
import { DOCX_TYPE } from './download.ts';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Which stored version (if any) an uploaded file is, byte for byte; only documents the user may see are reported. */
export async function identifyUpload(ctx: ServiceContext, bytes: Buffer): Promise<{ sha256: string; matches: { documentId: number; versionNo: number; purpose: string; title: string }[] }> {
  await inspectUpload(bytes);
  const hash = sha256(bytes);
  const matches = [];
  for (const file of await sql.findFilesBySha256(ctx.db, hash)) {
    try {
      const doc = await getDocumentRow(ctx.db, ctx.principal, file.document_id);
      if (ctx.principal.role === 'client' && file.version_no !== doc.executable_version_no && file.version_no !== doc.executed_version_no) continue;
      matches.push({ documentId: file.document_id, versionNo: file.version_no, purpose: file.purpose, title: doc.title });
    } catch {
      continue; // not visible to this user: reported as no match
    }
  }
  return { sha256: hash, matches };
}

/** Stores the signed copy (DOCX or PDF, magic-byte checked, hashed) of an executed document. */
export async function storeSignedCopy(ctx: ServiceContext, documentId: number, bytes: Buffer): Promise<{ sha256: string; contentType: string }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'paralegal') throw forbidden();
  if (doc.status === 'draft' || doc.status === 'executable' || doc.executed_version_no === null) throw new AppError('conflict', 'Record the execution (status “executed”) before uploading the signed copy.', { reason: 'invalid_transition' });
  const kind = await inspectUpload(bytes);
  const contentType = kind === 'pdf' ? 'application/pdf' : DOCX_TYPE;
  const hash = sha256(bytes);
  const versionNo = doc.executed_version_no;
  await ctx.db.transaction(async (tx) => {
    if (await sql.findRendition(tx, documentId, versionNo, 'signed-copy')) throw new AppError('conflict', 'A signed copy is already stored for this version; stored files are never replaced.');
    await sql.insertRendition(tx, { documentId, versionNo, purpose: 'signed-copy', contentType, bytes, sha256: hash, createdBy: ctx.principal.id, now: ctx.now.toISOString() });
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'execution.recorded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, executedOn: doc.executed_on ?? '', signedCopySha256: hash } });
  });
  return { sha256: hash, contentType };
}
