import type { Queryable, Reader } from './database.ts';

export interface SignedCopyRow {
  id: number;
  document_id: number;
  version_no: number;
  content_type: string;
  sha256: string;
  uploaded_by: number;
  uploaded_at: string;
  replaces_id: number | null;
  reason: string | null;
  /** 1 when no newer copy replaces it. */
  current: number;
}

const COLUMNS = `s.id, s.document_id, s.version_no, s.content_type, s.sha256, s.uploaded_by, s.uploaded_at, s.replaces_id, s.reason,
  CASE WHEN EXISTS (SELECT 1 FROM signed_copies n WHERE n.replaces_id = s.id) THEN 0 ELSE 1 END AS current`;
// (A CASE rather than the bare NOT EXISTS: SQLite answers 1/0, PostgreSQL a boolean; this is 1/0 on both.)

/** Every signed copy of a document, oldest first. */
export const listSignedCopies = (q: Reader, documentId: number) =>
  q.all<SignedCopyRow>(`SELECT ${COLUMNS} FROM signed_copies s WHERE s.document_id = ? ORDER BY s.version_no, s.id`, [documentId]);

/** The current (not replaced) copy of a version. */
export const findCurrentSignedCopy = async (q: Reader, documentId: number, versionNo: number) =>
  (await q.all<SignedCopyRow>(`SELECT ${COLUMNS} FROM signed_copies s WHERE s.document_id = ? AND s.version_no = ? AND NOT EXISTS (SELECT 1 FROM signed_copies n WHERE n.replaces_id = s.id)`, [documentId, versionNo]))[0];

export const findSignedCopyBytes = async (q: Reader, documentId: number, copyId: number) =>
  (await q.all<SignedCopyRow & { bytes: Buffer }>(`SELECT ${COLUMNS}, s.bytes FROM signed_copies s WHERE s.document_id = ? AND s.id = ?`, [documentId, copyId]))[0];

/** Signed copies anywhere with this hash (a file attached elsewhere). */
export const findSignedCopiesBySha256 = (q: Reader, sha256: string) =>
  q.all<{ id: number; document_id: number; version_no: number }>('SELECT id, document_id, version_no FROM signed_copies WHERE sha256 = ?', [sha256]);

export const insertSignedCopy = async (q: Queryable, c: { documentId: number; versionNo: number; contentType: string; bytes: Buffer; sha256: string; uploadedBy: number; now: string; replacesId: number | null; reason: string | null }) =>
  (
    await q.all<{ id: number }>(
      'INSERT INTO signed_copies (document_id, version_no, content_type, bytes, sha256, uploaded_by, uploaded_at, replaces_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      [c.documentId, c.versionNo, c.contentType, c.bytes, c.sha256, c.uploadedBy, c.now, c.replacesId, c.reason],
    )
  )[0]!.id;
