import type { Queryable, Reader, SqlValue } from './database.ts';
import { insertedIdOf } from './database.ts';
import { readPage, searchClause, type ListQuery, type ListSpec, type Page } from './keyset.ts';

export interface MatterRow {
  id: number;
  title: string;
  mso_name: string;
  mso_entity_type: string;
  mso_state: string;
  pe_name: string;
  pe_entity_type: 'PC' | 'PLLC' | 'PA' | 'medical-corporation' | 'other';
  pe_state: string;
  governing_law_state: string;
  /** JSON array of { name, entityType, state } (migration 008). */
  mso_affiliates: string;
  /** The portfolio this practice belongs to, if any (migration 012). */
  portfolio_id?: number | null;
  tracking_status: string;
  tracking_notes: string;
  next_follow_up: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  row_version: number;
}

export interface OwnerRow {
  name: string;
  license_state: string | null;
  licensed: number;
  is_mso: number;
  ownership_pct: number;
}

export interface MemberRow {
  user_id: number;
  role: string;
}

/**
 * Which matters a user may see, in SQL: staff with the firm-wide roles see every matter, a
 * client only the matters they are a member of. Every matter query goes through this filter.
 */
export function visibleMatterFilter(user: { id: number; role: string }): { sql: string; params: [number] | [] } {
  if (user.role === 'client') return { sql: 'EXISTS (SELECT 1 FROM matter_members mm WHERE mm.matter_id = m.id AND mm.user_id = ?)', params: [user.id] };
  return { sql: '1 = 1', params: [] };
}

export const findVisibleMatter = (q: Reader, user: { id: number; role: string }, id: number) => {
  const filter = visibleMatterFilter(user);
  return q.get<MatterRow>(`SELECT m.* FROM matters m WHERE m.id = ? AND ${filter.sql}`, [id, ...filter.params]);
};

export const listVisibleMatters = (q: Reader, user: { id: number; role: string }) => {
  const filter = visibleMatterFilter(user);
  return q.all<MatterRow>(`SELECT m.* FROM matters m WHERE ${filter.sql} ORDER BY m.updated_at DESC, m.id DESC`, filter.params);
};

export const listOwners = (q: Reader, matterId: number) =>
  q.all<OwnerRow>('SELECT name, license_state, licensed, is_mso, ownership_pct FROM matter_owners WHERE matter_id = ? ORDER BY position', [matterId]);

export const listMembers = (q: Reader, matterId: number) =>
  q.all<MemberRow>('SELECT mm.user_id, u.role FROM matter_members mm JOIN users u ON u.id = mm.user_id WHERE mm.matter_id = ? ORDER BY mm.user_id', [matterId]);

export const findUsersByIds = (q: Reader, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : q.all<{ id: number; role: string }>(`SELECT id, role FROM users WHERE id IN (${ids.map(() => '?').join(',')})`, ids);

export interface MatterValues {
  title: string;
  msoName: string;
  msoEntityType: string;
  msoState: string;
  peName: string;
  peEntityType: string;
  peState: string;
  governingLawState: string;
  /** Absent: none (stored as '[]'). */
  msoAffiliates?: { name: string; entityType: string; state: string }[];
  trackingStatus: string;
  trackingNotes: string;
  nextFollowUp: string | null;
}

export async function insertMatter(q: Queryable, v: MatterValues, createdBy: number, now: string): Promise<number> {
  const inserted = await q.run(
    `INSERT INTO matters (title, mso_name, mso_entity_type, mso_state, pe_name, pe_entity_type, pe_state, governing_law_state, mso_affiliates,
                          tracking_status, tracking_notes, next_follow_up, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [v.title, v.msoName, v.msoEntityType, v.msoState, v.peName, v.peEntityType, v.peState, v.governingLawState, JSON.stringify(v.msoAffiliates ?? []), v.trackingStatus, v.trackingNotes, v.nextFollowUp, createdBy, now, now],
  );
  return insertedIdOf(inserted);
}

/** Writes the new values only if nobody else changed the matter since `rowVersion`; returns rows changed. */
export async function updateMatter(q: Queryable, id: number, rowVersion: number, v: MatterValues, now: string): Promise<number> {
  const { rowsAffected } = await q.run(
    `UPDATE matters SET title = ?, mso_name = ?, mso_entity_type = ?, mso_state = ?, pe_name = ?, pe_entity_type = ?, pe_state = ?,
            governing_law_state = ?, mso_affiliates = ?, tracking_status = ?, tracking_notes = ?, next_follow_up = ?, updated_at = ?, row_version = row_version + 1
      WHERE id = ? AND row_version = ?`,
    [v.title, v.msoName, v.msoEntityType, v.msoState, v.peName, v.peEntityType, v.peState, v.governingLawState, JSON.stringify(v.msoAffiliates ?? []), v.trackingStatus, v.trackingNotes, v.nextFollowUp, now, id, rowVersion],
  );
  return rowsAffected;
}

export async function replaceOwners(
  q: Queryable,
  matterId: number,
  owners: { name: string; licenseState: string | null; licensed: boolean; isMso: boolean; ownershipPct: number }[],
): Promise<void> {
  await q.run('DELETE FROM matter_owners WHERE matter_id = ?', [matterId]);
  for (const [position, o] of owners.entries()) {
    await q.run('INSERT INTO matter_owners (matter_id, position, name, license_state, licensed, is_mso, ownership_pct) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      matterId,
      position,
      o.name,
      o.licenseState,
      o.licensed ? 1 : 0,
      o.isMso ? 1 : 0,
      o.ownershipPct,
    ]);
  }
}

export async function replaceMembers(q: Queryable, matterId: number, userIds: number[]): Promise<void> {
  await q.run('DELETE FROM matter_members WHERE matter_id = ?', [matterId]);
  for (const userId of new Set(userIds)) await q.run('INSERT INTO matter_members (matter_id, user_id) VALUES (?, ?)', [matterId, userId]);
}

export const listMattersByIds = (q: Reader, ids: number[]) =>
  ids.length === 0 ? Promise.resolve([]) : q.all<MatterRow>(`SELECT * FROM matters WHERE id IN (${ids.map(() => '?').join(',')})`, ids);

export const listOwnersOfMatters = (q: Reader, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : q.all<OwnerRow & { matter_id: number }>(`SELECT matter_id, name, license_state, licensed, is_mso, ownership_pct FROM matter_owners WHERE matter_id IN (${ids.map(() => '?').join(',')}) ORDER BY matter_id, position`, ids);

/** The matters list's sorts and search (issue 21): keyset pages, see keyset.ts. */
export const MATTER_LIST: ListSpec = {
  sorts: {
    updated: { sql: 'm.updated_at', type: 'text', dir: 'desc', label: 'Last updated' },
    title: { sql: 'm.title', type: 'text', dir: 'asc', label: 'Title' },
    created: { sql: 'm.created_at', type: 'text', dir: 'desc', label: 'Opened' },
    mso: { sql: 'm.mso_name', type: 'text', dir: 'asc', label: 'MSO' },
    practice: { sql: 'm.pe_name', type: 'text', dir: 'asc', label: 'Practice' },
  },
  defaultSort: 'updated',
  searchColumns: ['m.title', 'm.mso_name', 'm.pe_name', 'm.mso_state', 'm.pe_state'],
  id: 'm.id',
};

/** One page of the matters the user may see: the visibility filter is inside the same query. */
export const pageVisibleMatters = (q: Reader, user: { id: number; role: string }, query: ListQuery): Promise<Page<MatterRow>> => {
  const filter = visibleMatterFilter(user);
  return readPage<MatterRow>(q, MATTER_LIST, query, { select: 'm.*', from: 'FROM matters m', where: [filter.sql], params: filter.params });
};

/**
 * Matters that may join a portfolio of this MSO (not yet in a portfolio, same MSO name and
 * state, as attachMatter checks), matching `search` in the title or practice, by title: at most
 * `limit` rows, one query. The portfolio page offers these instead of loading every matter.
 * LOWER folds ASCII only in SQLite; attachMatter stays the judge of what may join.
 */
export function findJoinableMatters(q: Reader, user: { id: number; role: string }, mso: { name: string; state: string }, search: string, limit: number) {
  const filter = visibleMatterFilter(user);
  const where = ['m.portfolio_id IS NULL', 'm.mso_state = ?', 'LOWER(TRIM(m.mso_name)) = ?', filter.sql];
  const params: SqlValue[] = [mso.state, mso.name.trim().toLowerCase(), ...filter.params];
  const words = searchClause(search, ['m.title', 'm.pe_name', 'm.pe_state']);
  if (words) (where.push(words.sql), params.push(...words.params));
  return q.all<{ id: number; title: string; pe_state: string }>(`SELECT m.id, m.title, m.pe_state FROM matters m WHERE ${where.join(' AND ')} ORDER BY m.title, m.id LIMIT ?`, [...params, limit]);
}
