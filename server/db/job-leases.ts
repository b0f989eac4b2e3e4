import type { Queryable, Reader } from './database.ts';

/** Who runs a periodic job (table job_leases, migration 018). Times are ISO-8601 in UTC. */
export interface LeaseRow {
  job: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

/**
 * Takes the job's lease for `holder` until `expiresAt` when nobody holds it, when it expired at or
 * before `now`, or when `holder` already holds it (a renewal, which keeps acquired_at). One
 * statement, so two servers taking it at once cannot both succeed. 1 when held, 0 when another
 * server holds it.
 */
export const takeLease = async (tx: Queryable, job: string, holder: string, now: string, expiresAt: string) =>
  (
    await tx.run(
      `INSERT INTO job_leases (job, holder, acquired_at, expires_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (job) DO UPDATE SET
         acquired_at = CASE WHEN job_leases.holder = excluded.holder THEN job_leases.acquired_at ELSE excluded.acquired_at END,
         holder = excluded.holder,
         expires_at = excluded.expires_at
       WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= excluded.acquired_at`,
      [job, holder, now, expiresAt],
    )
  ).rowsAffected;

/** Gives the lease up (a clean shutdown), so another server need not wait for it to expire. */
export const releaseLease = (tx: Queryable, job: string, holder: string) => tx.run('DELETE FROM job_leases WHERE job = ? AND holder = ?', [job, holder]);

export const findLease = (q: Reader, job: string) => q.get<LeaseRow>('SELECT job, holder, acquired_at, expires_at FROM job_leases WHERE job = ?', [job]);
