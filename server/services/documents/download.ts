import * as sql from '../../db/documents.ts';
import { notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { getDocumentRow } from './documents.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface Download {
  bytes: Buffer;
  sha256: string;
  contentType: string;
  filename: string;
}

/**
 * The bytes of a version as stored — never re-rendered. For an executable or executed version
 * that is the signature-ready rendition carrying its document record; clients get only those.
 */
export async function downloadVersion(ctx: ServiceContext, documentId: number, versionNo: number): Promise<Download> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  const released = versionNo === doc.executable_version_no || versionNo === doc.executed_version_no;
  if (ctx.principal.role === 'client' && !released) throw notFound('Version');
  const file = (released ? await sql.findRendition(ctx.db, documentId, versionNo, 'executable') : undefined) ?? (await sql.findVersionBytes(ctx.db, documentId, versionNo));
  if (!file) throw notFound('Version');
  const bytes = 'bytes' in file ? file.bytes : file.docx;
  await ctx.db.transaction((tx) =>
    recordAudit(tx, ctx.actor, ctx.now, { type: 'version.downloaded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, sha256: file.sha256 } }),
  );
  const stage = released ? 'execution' : `draft-v${versionNo}`;
  return { bytes, sha256: file.sha256, contentType: DOCX_TYPE, filename: `${doc.title} ${doc.short_id} ${stage}.docx` };
}

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name; CR, LF and quotes can never reach the header. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\\r\n;]/g, '').replace(/\s+/g, ' ').trim() || 'document.docx';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename.replace(/[\r\n]/g, ''))}`;
}
