import * as sql from '../../db/documents.ts';
import { inspectUpload } from '../../docx/inspect-upload.ts';
import type { ServiceContext } from '../context.ts';
import { sha256 } from './assemble-document.ts';
import { getDocumentRow } from './documents.ts';

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
