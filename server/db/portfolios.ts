import type { Queryable, Reader, SqlValue } from './database.ts';
import { insertedIdOf } from './database.ts';

export interface PortfolioRow {
  id: number;
  name: string;
  mso_name: string;
  mso_entity_type: string;
  mso_state: string;
  /** JSON array of { name, entityType, state }, as on a matter (migration 008). */
  mso_affiliates: string;
  created_by: number;
  created_at: string;
  updated_at: string;
  row_version: number;
}

/** A practice of a portfolio: the matter's own facts that differ from practice to practice. */
export interface PracticeRow {
  matter_id: number;
  title: string;
  pe_name: string;
  pe_entity_type: string;
  pe_state: string;
  governing_law_state: string;
}

export interface PortfolioValues {
  name: string;
  msoName: string;
  msoEntityType: string;
  msoState: string;
  msoAffiliates: { name: string; entityType: string; state: string }[];
}

/**
 * Which portfolios a user may see: staff see every one; a client only a portfolio holding at
 * least one matter they are a member of (and, inside it, only those matters — see practices).
 */
function visiblePortfolioFilter(user: { id: number; role: string }): { sql: string; params: SqlValue[] } {
  if (user.role !== 'client') return { sql: '1 = 1', params: [] };
  return { sql: 'EXISTS (SELECT 1 FROM matters m JOIN matter_members mm ON mm.matter_id = m.id WHERE m.portfolio_id = p.id AND mm.user_id = ?)', params: [user.id] };
}

export function findVisiblePortfolio(q: Reader, user: { id: number; role: string }, id: number) {
  const f = visiblePortfolioFilter(user);
  return q.get<PortfolioRow>(`SELECT p.* FROM portfolios p WHERE p.id = ? AND ${f.sql}`, [id, ...f.params]);
}

export function listVisiblePortfolios(q: Reader, user: { id: number; role: string }) {
  const f = visiblePortfolioFilter(user);
  return q.all<PortfolioRow>(`SELECT p.* FROM portfolios p WHERE ${f.sql} ORDER BY p.name COLLATE NOCASE, p.id`, f.params);
}

/** The practices of a portfolio the user may see (a client: only the matters they are on), by state then title. */
export function listVisiblePractices(q: Reader, user: { id: number; role: string }, portfolioId: number) {
  const clientOnly = user.role === 'client';
  return q.all<PracticeRow>(
    `SELECT m.id AS matter_id, m.title, m.pe_name, m.pe_entity_type, m.pe_state, m.governing_law_state
       FROM matters m
      WHERE m.portfolio_id = ? ${clientOnly ? 'AND EXISTS (SELECT 1 FROM matter_members mm WHERE mm.matter_id = m.id AND mm.user_id = ?)' : ''}
      ORDER BY m.pe_state, m.title COLLATE NOCASE, m.id`,
    clientOnly ? [portfolioId, user.id] : [portfolioId],
  );
}

export async function insertPortfolio(q: Queryable, v: PortfolioValues, createdBy: number, now: string): Promise<number> {
  const inserted = await q.run(
    'INSERT INTO portfolios (name, mso_name, mso_entity_type, mso_state, mso_affiliates, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [v.name, v.msoName, v.msoEntityType, v.msoState, JSON.stringify(v.msoAffiliates), createdBy, now, now],
  );
  return insertedIdOf(inserted);
}

/** Writes the new values only if nobody changed the portfolio since `rowVersion`; returns rows changed. */
export async function updatePortfolio(q: Queryable, id: number, rowVersion: number, v: PortfolioValues, now: string): Promise<number> {
  const { rowsAffected } = await q.run(
    `UPDATE portfolios SET name = ?, mso_name = ?, mso_entity_type = ?, mso_state = ?, mso_affiliates = ?, updated_at = ?, row_version = row_version + 1
      WHERE id = ? AND row_version = ?`,
    [v.name, v.msoName, v.msoEntityType, v.msoState, JSON.stringify(v.msoAffiliates), now, id, rowVersion],
  );
  return rowsAffected;
}

/** Copies the portfolio's MSO facts onto every matter in it (the one place they are edited is the portfolio). */
export async function copyMsoFactsToMatters(q: Queryable, portfolioId: number, v: PortfolioValues, now: string): Promise<number[]> {
  const rows = await q.all<{ id: number }>('SELECT id FROM matters WHERE portfolio_id = ? ORDER BY id', [portfolioId]);
  await q.run(
    `UPDATE matters SET mso_name = ?, mso_entity_type = ?, mso_state = ?, mso_affiliates = ?, updated_at = ?, row_version = row_version + 1 WHERE portfolio_id = ?`,
    [v.msoName, v.msoEntityType, v.msoState, JSON.stringify(v.msoAffiliates), now, portfolioId],
  );
  return rows.map((r) => r.id);
}

/**
 * Puts an existing matter into the portfolio, with the portfolio's MSO facts, if it is in no
 * portfolio yet; returns rows changed (0: it joined one meanwhile).
 */
export async function attachMatterToPortfolio(q: Queryable, matterId: number, portfolioId: number, v: PortfolioValues, now: string): Promise<number> {
  const { rowsAffected } = await q.run(
    `UPDATE matters SET portfolio_id = ?, mso_name = ?, mso_entity_type = ?, mso_state = ?, mso_affiliates = ?, updated_at = ?, row_version = row_version + 1
      WHERE id = ? AND portfolio_id IS NULL`,
    [portfolioId, v.msoName, v.msoEntityType, v.msoState, JSON.stringify(v.msoAffiliates), now, matterId],
  );
  return rowsAffected;
}

export const setMatterPortfolio = (q: Queryable, matterId: number, portfolioId: number) => q.run('UPDATE matters SET portfolio_id = ? WHERE id = ?', [portfolioId, matterId]);

/** Each document of the portfolio's matters with the findings of its current version. */
export interface PortfolioDocumentRow {
  id: number;
  short_id: string;
  matter_id: number;
  kind: string;
  title: string;
  status: string;
  current_version_no: number;
  error_count: number;
  warning_count: number;
  /** Warnings of the current version whose rule no attorney has acknowledged on it. */
  open_warning_count: number;
  updated_at: string;
}

/**
 * The open warnings are counted here rather than in SQL: the stored findings are JSON, which
 * SQLite reads with json_each and PostgreSQL with its own functions. One query for the documents
 * (with their findings) and one for their acknowledgements serve both engines alike.
 */
export async function listDocumentsOfMatters(q: Reader, matterIds: number[]): Promise<PortfolioDocumentRow[]> {
  if (matterIds.length === 0) return [];
  const inList = matterIds.map(() => '?').join(',');
  const [rows, acks] = await Promise.all([
    q.all<Omit<PortfolioDocumentRow, 'open_warning_count'> & { compliance: string }>(
      `SELECT d.id, d.short_id, d.matter_id, d.kind, d.title, d.status, d.current_version_no, v.error_count, v.warning_count, v.compliance, d.updated_at
         FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.version_no = d.current_version_no
        WHERE d.matter_id IN (${inList})
        ORDER BY d.matter_id, d.id`,
      matterIds,
    ),
    q.all<{ document_id: number; rule_id: string }>(
      `SELECT a.document_id, a.rule_id
         FROM warning_acks a JOIN documents d ON d.id = a.document_id AND a.version_no = d.current_version_no
        WHERE d.matter_id IN (${inList})`,
      matterIds,
    ),
  ]);
  const acknowledged = new Set(acks.map((a) => `${a.document_id}\n${a.rule_id}`));
  return rows.map(({ compliance, ...row }) => {
    const findings = (JSON.parse(compliance) as { findings?: { severity?: string; ruleId?: string }[] }).findings ?? [];
    const open = findings.filter((f) => f.severity === 'warning' && !acknowledged.has(`${row.id}\n${f.ruleId}`)).length;
    return { ...row, open_warning_count: open };
  });
}
