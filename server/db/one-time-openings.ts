import type { Queryable } from './database.ts';

/**
 * Records the first opening of a one-time secret (table one_time_openings, migration 020):
 * true when this nonce had not been opened on any app server, false for a second opening.
 * Expired rows are pruned first, so the table holds only the last couple of minutes' openings.
 */
export async function recordFirstOpening(tx: Queryable, nonceHash: string, expiresAt: string, now: string): Promise<boolean> {
  await tx.run('DELETE FROM one_time_openings WHERE expires_at < ?', [now]);
  const inserted = await tx.run('INSERT INTO one_time_openings (nonce_hash, expires_at) VALUES (?, ?) ON CONFLICT (nonce_hash) DO NOTHING', [nonceHash, expiresAt]);
  return inserted.rowsAffected === 1;
}
