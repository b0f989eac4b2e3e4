import { createHash } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
import { deleteFailuresBefore, deleteFailuresOfKey, hasFailures, insertFailure, listRecentFailures, trimFailuresOfKey } from '../../db/auth-failures.ts';

/**
 * Counts failed attempts in a sliding window, per key (an account, an address), in the database
 * (table auth_failures, migration 018): several app servers on one database share the count, so
 * spreading guesses over the servers behind a load balancer gains nothing, and a restart does
 * not reset it. Keys are stored only as SHA-256. Each failure written also deletes the scope's
 * rows that have left the window and the key's rows beyond the limit, so the table holds at most
 * `limit` rows per key that failed within the last window.
 */
export class FailureWindow {
  /**
   * @param scope what is counted ('sign-in-account', …): windows with different keys or limits
   *   need different scopes, and one FailureWindow per scope is shared by every route using it.
   */
  constructor(
    private readonly db: Database,
    readonly scope: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async isBlocked(key: string, now: number): Promise<boolean> {
    return (await this.recent(key, now)).length >= this.limit;
  }

  async record(key: string, now: number): Promise<void> {
    await this.db.transaction((tx) => this.recordIn(tx, key, now));
  }

  /** Records a failure inside the caller's transaction (with its audit event: one write, not two). */
  async recordIn(tx: Queryable, key: string, now: number): Promise<void> {
    const keyHash = hashKey(key);
    await insertFailure(tx, this.scope, keyHash, new Date(now).toISOString());
    await trimFailuresOfKey(tx, this.scope, keyHash, this.limit);
    await deleteFailuresBefore(tx, this.scope, this.windowStart(now));
  }

  /** Forgets a key's failures (after a success). A read first, so a success with nothing to forget takes no write lock. */
  async clear(key: string): Promise<void> {
    const keyHash = hashKey(key);
    if (!(await hasFailures(this.db, this.scope, keyHash))) return;
    await this.db.transaction((tx) => deleteFailuresOfKey(tx, this.scope, keyHash));
  }

  /** Forgets a key's failures inside the caller's transaction (a success that writes anyway). */
  async clearIn(tx: Queryable, key: string): Promise<void> {
    await deleteFailuresOfKey(tx, this.scope, hashKey(key));
  }

  /** Seconds until the oldest counted failure leaves the window (at least 1). */
  async retryAfterSeconds(key: string, now: number): Promise<number> {
    const oldest = (await this.recent(key, now)).at(-1);
    const oldestAt = oldest ? Date.parse(oldest) : now;
    return Math.max(1, Math.ceil((oldestAt + this.windowMs - now) / 1000));
  }

  /** The newest `limit` failures still in the window, newest first: only they decide whether and how long the key is blocked. */
  private recent(key: string, now: number): Promise<string[]> {
    return listRecentFailures(this.db, this.scope, hashKey(key), this.windowStart(now), this.limit);
  }

  private windowStart(now: number): string {
    return new Date(now - this.windowMs).toISOString();
  }
}

/** Raw e-mail addresses and IP addresses stay out of the table; equal keys still meet. */
const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
