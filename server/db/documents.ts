import type { DocumentKind, DocumentStatus } from '../domain.ts';
import type { Queryable, Reader, SqlValue } from './database.ts';
import { readPage, type ListQuery, type ListSpec, type Page } from './keyset.ts';
import { visibleMatterFilter } from './matters.ts';

export interface DocumentRow {
  id: number;
  short_id: string;
  matter_id: number;
  kind: DocumentKind;
  title: string;
  status: DocumentStatus;
  current_version_no: number;
  executable_version_no: number | null;
  executed_version_no: number | null;
  executed_on: string | null;
  parent_document_id: number | null;
  relation: 'amendment' | 'renewal' | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface VersionRow {
  document_id: number;
  version_no: number;
  base_version_no: number;
  answers: string;
  clause_pins: string;
  overrides: string;
  choices: string;
  sha256: string;
  inputs_sha256: string;
  compliance: string;
  rule_set_version: string;
  reference_version: string;
  error_count: number;
  warning_count: number;
  author_id: number;
  created_at: string;
  note: string;
}

const VERSION_COLUMNS =
  'document_id, version_no, base_version_no, answers, clause_pins, overrides, choices, sha256, inputs_sha256, compliance, rule_set_version, reference_version, error_count, warning_count, author_id, created_at, note';

/** A document the user may see: the matter filter is applied in SQL, so a foreign id finds nothing. */
export function findVisibleDocument(q: Reader, user: { id: number; role: string }, id: number) {
  const filter = visibleMatterFilter(user);
  return q.get<DocumentRow>(`SELECT d.* FROM documents d JOIN matters m ON m.id = d.matter_id WHERE d.id = ? AND ${filter.sql}`, [id, ...filter.params]);
}

export const listDocumentsOfMatter = (q: Reader, matterId: number) =>
  q.all<DocumentRow>('SELECT * FROM documents WHERE matter_id = ? ORDER BY id', [matterId]);

export const findDocumentById = (q: Reader, id: number) => q.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', [id]);

/** A new document, already at its first version (inserted with it in the same transaction). */
export function insertDocument(
  q: Queryable,
  d: { shortId: string; matterId: number; kind: string; title: string; parentId: number | null; relation: string | null; createdBy: number; now: string },
): Promise<DocumentRow | undefined> {
  return q.get<DocumentRow>(
    `INSERT INTO documents (short_id, matter_id, kind, title, status, current_version_no, parent_document_id, relation, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'draft', 1, ?, ?, ?, ?, ?) RETURNING *`,
    [d.shortId, d.matterId, d.kind, d.title, d.parentId, d.relation, d.createdBy, d.now, d.now],
  );
}

export async function insertVersion(q: Queryable, v: VersionRow & { docx: Buffer }): Promise<void> {
  await q.run(`INSERT INTO document_versions (${VERSION_COLUMNS}, docx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    v.document_id,
    v.version_no,
    v.base_version_no,
    v.answers,
    v.clause_pins,
    v.overrides,
    v.choices,
    v.sha256,
    v.inputs_sha256,
    v.compliance,
    v.rule_set_version,
    v.reference_version,
    v.error_count,
    v.warning_count,
    v.author_id,
    v.created_at,
    v.note,
    v.docx,
  ]);
}

/**
 * Moves the head to `next` only if it is still `expected`, returning the document as it now is;
 * undefined means someone else got there first. RETURNING saves the read-back round trip
 * inside the write transaction, where every round trip holds the write lock.
 */
export function advanceHead(q: Queryable, id: number, expected: number, next: number, status: string, now: string): Promise<DocumentRow | undefined> {
  return q.get<DocumentRow>(
    `UPDATE documents SET current_version_no = ?, status = ?, executable_version_no = CASE WHEN ? = 'draft' THEN NULL ELSE executable_version_no END, updated_at = ?
      WHERE id = ? AND current_version_no = ? RETURNING *`,
    [next, status, status, now, id, expected],
  );
}

/** Sets the lifecycle status; fields left undefined keep their value, null clears them. */
export const setDocumentStatus = (q: Queryable, id: number, fields: { status: string; executableVersionNo?: number | null; executedVersionNo?: number | null; executedOn?: string | null; now: string }) =>
  q.run(
    `UPDATE documents SET status = ?,
            executable_version_no = CASE WHEN ? THEN ? ELSE executable_version_no END,
            executed_version_no = CASE WHEN ? THEN ? ELSE executed_version_no END,
            executed_on = CASE WHEN ? THEN ? ELSE executed_on END,
            updated_at = ? WHERE id = ?`,
    [
      fields.status,
      fields.executableVersionNo !== undefined ? 1 : 0,
      fields.executableVersionNo ?? null,
      fields.executedVersionNo !== undefined ? 1 : 0,
      fields.executedVersionNo ?? null,
      fields.executedOn !== undefined ? 1 : 0,
      fields.executedOn ?? null,
      fields.now,
      id,
    ],
  );

export const listVersions = (q: Reader, documentId: number) =>
  q.all<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? ORDER BY version_no`, [documentId]);

export const findVersion = (q: Reader, documentId: number, versionNo: number) =>
  q.get<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM document_versions WHERE document_id = ? AND version_no = ?`, [documentId, versionNo]);

export const findVersionBytes = (q: Reader, documentId: number, versionNo: number) =>
  q.get<{ docx: Buffer; sha256: string }>('SELECT docx, sha256 FROM document_versions WHERE document_id = ? AND version_no = ?', [documentId, versionNo]);

export const findRendition = (q: Reader, documentId: number, versionNo: number, purpose: 'executable' | 'signed-copy') =>
  q.get<{ bytes: Buffer; sha256: string; content_type: string; created_at: string }>(
    'SELECT bytes, sha256, content_type, created_at FROM renditions WHERE document_id = ? AND version_no = ? AND purpose = ?',
    [documentId, versionNo, purpose],
  );

export const insertRendition = (q: Queryable, r: { documentId: number; versionNo: number; purpose: string; contentType: string; bytes: Buffer; sha256: string; createdBy: number; now: string }) =>
  q.run('INSERT INTO renditions (document_id, version_no, purpose, content_type, bytes, sha256, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    r.documentId,
    r.versionNo,
    r.purpose,
    r.contentType,
    r.bytes,
    r.sha256,
    r.createdBy,
    r.now,
  ]);

export const listAcks = (q: Reader, documentId: number, versionNo: number) =>
  q.all<{ rule_id: string; reason: string; attorney_id: number; at: string }>('SELECT rule_id, reason, attorney_id, at FROM warning_acks WHERE document_id = ? AND version_no = ?', [documentId, versionNo]);

export const insertAck = (q: Queryable, a: { documentId: number; versionNo: number; ruleId: string; reason: string; attorneyId: number; now: string }) =>
  q.run(
    `INSERT INTO warning_acks (document_id, version_no, rule_id, reason, attorney_id, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (document_id, version_no, rule_id) DO UPDATE SET reason = excluded.reason, attorney_id = excluded.attorney_id, at = excluded.at`,
    [a.documentId, a.versionNo, a.ruleId, a.reason, a.attorneyId, a.now],
  );

/**
 * For the cross-document rules: the current answers of the matter's newest other MSA and LOC
 * still in force or in draft — one per kind, however many documents the matter holds.
 */
export const listLatestAnswersInMatter = (q: Reader, matterId: number, exceptDocumentId: number) =>
  q.all<{ document_id: number; kind: string; answers: string }>(
    // One backward step per kind on documents_matter_kind, however many documents the matter holds
    // (a GROUP BY over the matter read every document: ~2 ms per request at 2,000 of them).
    `SELECT d.id AS document_id, d.kind, v.answers FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version_no = d.current_version_no
      WHERE d.id IN (
        SELECT (SELECT id FROM documents WHERE matter_id = ?1 AND kind = 'msa' AND id <> ?2 AND status NOT IN ('terminated', 'expired') ORDER BY id DESC LIMIT 1)
        UNION ALL
        SELECT (SELECT id FROM documents WHERE matter_id = ?1 AND kind = 'loc' AND id <> ?2 AND status NOT IN ('terminated', 'expired') ORDER BY id DESC LIMIT 1))
      ORDER BY d.id`,
    [matterId, exceptDocumentId],
  );

/** Stored files with this SHA-256: versions, executable renditions and signed copies (migration 007 moved those to their own table). */
export const findFilesBySha256 = (q: Reader, sha256: string) =>
  q.all<{ document_id: number; version_no: number; purpose: string }>(
    `SELECT document_id, version_no, 'version' AS purpose FROM document_versions WHERE sha256 = ?1
     UNION ALL SELECT document_id, version_no, purpose FROM renditions WHERE sha256 = ?1 AND purpose = 'executable'
     UNION ALL SELECT document_id, version_no, 'signed-copy' FROM signed_copies WHERE sha256 = ?1`,
    [sha256],
  );

/** Every document in force with the version that is in force, for a re-check after the law or the AFR table changes. */
export const listInForceVersions = (q: Reader) =>
  q.all<DocumentRow & { in_force_version_no: number; answers: string; clause_pins: string; overrides: string; choices: string; compliance: string }>(
    `SELECT d.*, v.version_no AS in_force_version_no, v.answers, v.clause_pins, v.overrides, v.choices, v.compliance
       FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version_no = COALESCE(d.executed_version_no, d.executable_version_no)
      WHERE d.status IN ('executable', 'executed', 'renewed', 'amended')
      ORDER BY d.id`,
  );

/** Draft documents with the clause versions their current version pins, for the "outdated clause" view. */
export const listDraftPins = (q: Reader) =>
  q.all<{ id: number; matter_id: number; title: string; kind: string; current_version_no: number; clause_pins: string }>(
    `SELECT d.id, d.matter_id, d.title, d.kind, d.current_version_no, v.clause_pins FROM documents d
       JOIN document_versions v ON v.document_id = d.id AND v.version_no = d.current_version_no
      WHERE d.status = 'draft' ORDER BY d.id`,
  );

/** A matter's documents list (issue 21): sorts and search for keyset pages (keyset.ts). */
export const DOCUMENT_LIST: ListSpec = {
  sorts: {
    created: { sql: 'd.id', type: 'int', dir: 'asc', label: 'Started' },
    updated: { sql: 'd.updated_at', type: 'text', dir: 'desc', label: 'Last changed' },
    title: { sql: 'd.title', type: 'text', dir: 'asc', label: 'Title' },
    kind: { sql: 'd.kind', type: 'text', dir: 'asc', label: 'Kind' },
    status: { sql: 'd.status', type: 'text', dir: 'asc', label: 'Status' },
  },
  defaultSort: 'created',
  searchColumns: ['d.title', 'd.short_id', 'd.status', 'd.kind'],
  id: 'd.id',
};

/**
 * One page of a matter's documents as the user may see them, in one query: the matter's
 * visibility filter and, for a client, the released statuses are in its WHERE.
 */
export function pageDocumentsOfMatter(q: Reader, user: { id: number; role: string }, matterId: number, query: ListQuery, clientStatuses: readonly string[]): Promise<Page<DocumentRow>> {
  const filter = visibleMatterFilter(user);
  const where = ['d.matter_id = ?', filter.sql];
  const params: SqlValue[] = [matterId, ...filter.params];
  if (user.role === 'client') {
    where.push(`d.status IN (${clientStatuses.map(() => '?').join(',')})`);
    params.push(...clientStatuses);
  }
  return readPage<DocumentRow>(q, DOCUMENT_LIST, query, { select: 'd.*', from: 'FROM documents d JOIN matters m ON m.id = d.matter_id', where, params });
}

/** Titles of these documents of one matter (an audit trail names the documents its events are about). */
export async function findDocumentTitles(q: Reader, matterId: number, ids: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id) => Number.isSafeInteger(id)))];
  if (!wanted.length) return new Map();
  const rows = await q.all<{ id: number; title: string }>(`SELECT id, title FROM documents WHERE matter_id = ? AND id IN (${wanted.map(() => '?').join(',')})`, [matterId, ...wanted]);
  return new Map(rows.map((r) => [r.id, r.title]));
}
