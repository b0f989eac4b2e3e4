import type { Queryable, Reader } from './database.ts';

export interface ClauseVersionRow {
  clause_id: string;
  version: number;
  source: string;
  sha256: string;
  origin: 'file' | 'published';
  published_by: number | null;
  published_at: string;
  note: string;
}

export const listClauseVersions = (q: Reader) => q.all<ClauseVersionRow>('SELECT * FROM clause_versions ORDER BY clause_id, version');

export const latestClauseVersion = (q: Reader, clauseId: string) =>
  q.get<ClauseVersionRow>('SELECT * FROM clause_versions WHERE clause_id = ? ORDER BY version DESC LIMIT 1', [clauseId]);

export const latestFileVersion = (q: Reader, clauseId: string) =>
  q.get<ClauseVersionRow>("SELECT * FROM clause_versions WHERE clause_id = ? AND origin = 'file' ORDER BY version DESC LIMIT 1", [clauseId]);

export const insertClauseVersion = (q: Queryable, row: ClauseVersionRow) =>
  q.run('INSERT INTO clause_versions (clause_id, version, source, sha256, origin, published_by, published_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    row.clause_id,
    row.version,
    row.source,
    row.sha256,
    row.origin,
    row.published_by,
    row.published_at,
    row.note,
  ]);
