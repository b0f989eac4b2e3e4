import type { Queryable, Reader } from './database.ts';

/**
 * Failed attempts (sign-in, second-factor codes, reset codes) for the rate limits that every app
 * server shares (server/services/auth/rate-limit.ts). A key is stored only as its SHA-256; times
 * are ISO-8601 in UTC, one fixed format, so they compare as text on both backends.
 */

/** The times of a key's newest failures after `since`, newest first, at most `limit`. */
export const listRecentFailures = async (q: Reader, scope: string, keyHash: string, since: string, limit: number) =>
  (
    await q.all<{ failed_at: string }>('SELECT failed_at FROM auth_failures WHERE scope = ? AND key_hash = ? AND failed_at > ? ORDER BY failed_at DESC, id DESC LIMIT ?', [
      scope,
      keyHash,
      since,
      limit,
    ])
  ).map((r) => r.failed_at);

export const insertFailure = (tx: Queryable, scope: string, keyHash: string, failedAt: string) =>
  tx.run('INSERT INTO auth_failures (scope, key_hash, failed_at) VALUES (?, ?, ?)', [scope, keyHash, failedAt]);

/** Keeps only a key's newest `keep` rows: more than the limit never changes the answer. */
export const trimFailuresOfKey = (tx: Queryable, scope: string, keyHash: string, keep: number) =>
  tx.run(
    `DELETE FROM auth_failures WHERE scope = ?1 AND key_hash = ?2 AND id NOT IN (
       SELECT id FROM auth_failures WHERE scope = ?1 AND key_hash = ?2 ORDER BY failed_at DESC, id DESC LIMIT ?3)`,
    [scope, keyHash, keep],
  );

/** Deletes the scope's rows at or before `cutoff` (out of the window): a range of the (scope, failed_at) index. */
export const deleteFailuresBefore = (tx: Queryable, scope: string, cutoff: string) => tx.run('DELETE FROM auth_failures WHERE scope = ? AND failed_at <= ?', [scope, cutoff]);

export const deleteFailuresOfKey = (tx: Queryable, scope: string, keyHash: string) => tx.run('DELETE FROM auth_failures WHERE scope = ? AND key_hash = ?', [scope, keyHash]);

export const hasFailures = async (q: Reader, scope: string, keyHash: string) =>
  (await q.get<{ one: number }>('SELECT 1 AS one FROM auth_failures WHERE scope = ? AND key_hash = ? LIMIT 1', [scope, keyHash])) !== undefined;

export const countFailures = async (q: Reader, scope?: string) =>
  (await q.get<{ n: number }>(scope ? 'SELECT count(*) AS n FROM auth_failures WHERE scope = ?' : 'SELECT count(*) AS n FROM auth_failures', scope ? [scope] : []))!.n;
