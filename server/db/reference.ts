import type { Queryable, Reader } from './database.ts';
import { insertedIdOf } from './database.ts';

export interface ReferenceRevisionRow {
  id: number;
  table_name: 'afr' | 'jurisdiction';
  row_key: string;
  row_json: string;
  author_id: number | null;
  created_at: string;
  reason: string;
}

export const listReferenceRevisions = (q: Reader) => q.all<ReferenceRevisionRow>('SELECT * FROM reference_revisions ORDER BY id');

export const latestReferenceRevisionId = async (q: Reader) => (await q.get<{ id: number | null }>('SELECT max(id) AS id FROM reference_revisions'))?.id ?? 0;

export async function insertReferenceRevision(q: Queryable, r: Omit<ReferenceRevisionRow, 'id'>): Promise<number> {
  const inserted = await q.run('INSERT INTO reference_revisions (table_name, row_key, row_json, author_id, created_at, reason) VALUES (?, ?, ?, ?, ?, ?)', [
    r.table_name,
    r.row_key,
    r.row_json,
    r.author_id,
    r.created_at,
    r.reason,
  ]);
  return insertedIdOf(inserted);
}
