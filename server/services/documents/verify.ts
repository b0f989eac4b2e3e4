import * as sql from '../../db/documents.ts';
import { notFound } from '../../errors.ts';
import type { ServiceContext } from '../context.ts';
import { sha256 } from './assemble-document.ts';
import { getDocumentRow } from './documents.ts';

/** Re-hashes the stored bytes of a version (and its executable rendition) against the recorded SHA-256. */
export async function verifyVersion(ctx: ServiceContext, documentId: number, versionNo: number) {
  await getDocumentRow(ctx.db, ctx.principal, documentId);
  const draft = await sql.findVersionBytes(ctx.db, documentId, versionNo);
  if (!draft) throw notFound('Version');
  const files = [{ purpose: 'version', recorded: draft.sha256, actual: sha256(draft.docx) }];
  const rendition = await sql.findRendition(ctx.db, documentId, versionNo, 'executable');
  if (rendition) files.push({ purpose: 'executable', recorded: rendition.sha256, actual: sha256(rendition.bytes) });
  const checked = files.map((f) => ({ ...f, ok: f.recorded === f.actual }));
  return { ok: checked.every((f) => f.ok), files: checked };
}
