import type { Queryable, Reader } from './database.ts';

export const isMatterMember = async (q: Reader, matterId: number, userId: number) =>
  Boolean(await q.get<{ one: number }>('SELECT 1 AS one FROM matter_members WHERE matter_id = ? AND user_id = ?', [matterId, userId]));

/**
 * Adds one person to a matter and moves its row version on, so an edit form opened before (which
 * holds the old member list) is refused as stale instead of dropping the new member.
 */
export async function addMatterMember(q: Queryable, matterId: number, userId: number, now: string): Promise<void> {
  await q.run('INSERT INTO matter_members (matter_id, user_id) VALUES (?, ?)', [matterId, userId]);
  await q.run('UPDATE matters SET updated_at = ?, row_version = row_version + 1 WHERE id = ?', [now, matterId]);
}
