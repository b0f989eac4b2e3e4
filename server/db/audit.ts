import type { Queryable, Reader } from './database.ts';
import { readPage, type ListQuery, type ListSpec, type Page } from './keyset.ts';
import { visibleMatterFilter } from './matters.ts';

export interface AuditRow {
  id: number;
  at: string;
  type: string;
  actor_user_id: number | null;
  actor_role: string | null;
  ip: string | null;
  request_id: string | null;
  matter_id: number | null;
  object_type: string | null;
  object_id: string | null;
  data: string;
  prev_hash: string;
  row_hash: string;
}

export type NewAuditRow = Omit<AuditRow, 'id' | 'prev_hash' | 'row_hash'>;

export const lastAuditHash = async (q: Reader) =>
  (await q.get<{ row_hash: string }>('SELECT row_hash FROM audit_events ORDER BY id DESC LIMIT 1'))?.row_hash ?? '';

const AUDIT_COLUMNS = 'at, type, actor_user_id, actor_role, ip, request_id, matter_id, object_type, object_id, data, prev_hash, row_hash';

/** A row's fields in column order: the INSERT's parameters, and what its hash covers (record-audit.ts). */
export const auditRowValues = (row: NewAuditRow) => [row.at, row.type, row.actor_user_id, row.actor_role, row.ip, row.request_id, row.matter_id, row.object_type, row.object_id, row.data];

const auditParams = (row: NewAuditRow & { prev_hash: string; row_hash: string }) => [...auditRowValues(row), row.prev_hash, row.row_hash];

export const insertAuditRow = (q: Queryable, row: NewAuditRow & { prev_hash: string; row_hash: string }) =>
  q.run(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, auditParams(row));

/**
 * Inserts the row only if the newest event's hash is still `row.prev_hash` (what this process
 * remembers); 0 changes means another writer appended since, and the caller reads it afresh.
 */
export const insertAuditRowAfter = (q: Queryable, row: NewAuditRow & { prev_hash: string; row_hash: string }) =>
  q.run(
    // The integer columns are cast: PostgreSQL types a SELECT's bare parameters as text.
    `INSERT INTO audit_events (${AUDIT_COLUMNS}) SELECT ?, ?, CAST(? AS INTEGER), ?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?
      WHERE COALESCE((SELECT row_hash FROM audit_events ORDER BY id DESC LIMIT 1), '') = ?`,
    [...auditParams(row), row.prev_hash],
  );

export const listAuditForMatter = (q: Reader, matterId: number, limit: number) =>
  q.all<AuditRow>('SELECT * FROM audit_events WHERE matter_id = ? ORDER BY id DESC LIMIT ?', [matterId, limit]);

export const listAuditAll = (q: Reader, afterId: number, limit: number) =>
  q.all<AuditRow>('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT ?', [afterId, limit]);

/** A matter's audit trail (issue 21): newest first by default, searched in the event's type, object and data and who did it; keyset pages (keyset.ts). */
export const AUDIT_LIST: ListSpec = {
  sorts: { when: { sql: 'a.id', type: 'int', dir: 'desc', label: 'When' } },
  defaultSort: 'when',
  searchColumns: ['a.type', 'a.object_type', 'a.object_id', 'a.data', 'a.actor_role', 'u.name'],
  id: 'a.id',
};

/**
 * One page of a matter's events, read through the audit_events_matter (matter_id, id) index; the
 * visibility filter in the same query. `spec` may add what the page shows to the search (the
 * sentence words of web/audit-words.ts).
 */
export function pageAuditForMatter(q: Reader, user: { id: number; role: string }, matterId: number, query: ListQuery, spec: ListSpec = AUDIT_LIST): Promise<Page<AuditRow>> {
  const filter = visibleMatterFilter(user);
  return readPage<AuditRow>(q, spec, query, {
    select: 'a.*',
    from: 'FROM audit_events a JOIN matters m ON m.id = a.matter_id LEFT JOIN users u ON u.id = a.actor_user_id',
    where: ['a.matter_id = ?', filter.sql],
    params: [matterId, ...filter.params],
  });
}
