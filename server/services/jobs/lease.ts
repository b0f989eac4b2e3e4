import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../db/database.ts';
import { releaseLease, takeLease } from '../../db/job-leases.ts';

/** Names this process among the app servers sharing a database: host, pid and a random tag (pids repeat across restarts and containers). */
export const newHolderId = () => `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/**
 * One job's lease, as one holder sees it. The lease lives in the database (job_leases), so it
 * works the same on SQLite and PostgreSQL; a holder that dies simply stops renewing, and once
 * expires_at passes another holder's next attempt takes it.
 */
export class JobLease {
  constructor(
    private readonly db: Database,
    readonly job: string,
    readonly holder: string,
    private readonly leaseMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Takes the lease, or renews it when this holder has it: true while this holder may run the job. */
  async acquire(): Promise<boolean> {
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.leaseMs);
    // Beside the writers' queue: a renewal must not wait behind a burst of saves and let the lease lapse.
    return (await this.db.transactionBesideWriters((tx) => takeLease(tx, this.job, this.holder, now.toISOString(), expiresAt.toISOString()))) === 1;
  }

  async release(): Promise<void> {
    await this.db.transactionBesideWriters((tx) => releaseLease(tx, this.job, this.holder));
  }
}

export interface OneNodeJob {
  db: Database;
  job: string;
  /** The job itself; it must tolerate running twice (see below). */
  work: () => Promise<unknown>;
  /** How often the holder runs the job; it also runs as soon as a server takes the lease. */
  everyMs: number;
  /** How long a lease lasts without renewal: how long a dead holder keeps the job from running. */
  leaseMs: number;
  /** How often every server tries to take or renew the lease (default a third of leaseMs, so two missed renewals still keep it). */
  pollMs?: number;
  holder?: string;
  log?: (line: object) => void;
  clock?: () => Date;
}

export interface OneNodeRunner {
  readonly holder: string;
  /** Whether this server held the lease at its last attempt. */
  readonly holding: boolean;
  /**
   * Stops trying and waits for a run in progress. `release: true` (a clean shutdown) hands the
   * lease over at once; without it the lease is left to expire, as when a server dies.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * Runs a periodic job on exactly one of the app servers sharing a database: every server tries to
 * take or renew the job's lease every pollMs; the holder runs the job when it takes the lease and
 * then every everyMs. A run is not awaited by the renewals, so a long run keeps its lease.
 *
 * A holder stalled for longer than the lease (a frozen VM) may find on waking that another server
 * took over while its own run was still going; the jobs given here are idempotent (the deadline
 * roll recomputes only what is due, each batch in its own transaction) so such an overlap costs
 * a repeated query, not a wrong result. Expiry is judged by each server's own clock, so servers
 * are assumed to keep NTP time: one whose clock runs s seconds ahead may take an expired-looking
 * lease s seconds early, with the same harmless overlap.
 */
export function runOnOneNode(options: OneNodeJob): OneNodeRunner {
  const holder = options.holder ?? newHolderId();
  const clock = options.clock ?? (() => new Date());
  const lease = new JobLease(options.db, options.job, holder, options.leaseMs, clock);
  const pollMs = options.pollMs ?? Math.max(1, Math.floor(options.leaseMs / 3));
  const log = options.log ?? (() => undefined);
  let holding = false;
  let stopped = false;
  let lastRun = -Infinity;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async () => {
    let held: boolean;
    try {
      held = await lease.acquire();
    } catch (error) {
      // The database is away: assume the lease lost (another server may take it once it expires).
      held = false;
      log({ level: 'error', msg: 'job lease attempt failed', job: options.job, error: String(error) });
    }
    if (held !== holding) log({ level: 'info', msg: held ? 'job lease taken' : 'job lease lost', job: options.job, holder });
    if (held && !holding) lastRun = -Infinity;
    holding = held;
    const now = clock().getTime();
    if (!holding || stopped || running || now - lastRun < options.everyMs) return;
    lastRun = now;
    // One line per run: which server ran the job, for the operator (and the two-node test).
    log({ level: 'info', msg: 'job running', job: options.job, holder });
    running = options
      .work()
      .then(() => undefined)
      .catch((error: unknown) => log({ level: 'error', msg: 'job failed', job: options.job, error: String(error) }))
      .finally(() => (running = null));
  };

  let attempting: Promise<void> = Promise.resolve();
  const loop = () => {
    attempting = attempt().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, pollMs);
      timer.unref();
    });
  };
  loop();

  return {
    holder,
    get holding() {
      return holding;
    },
    async stop({ release = false } = {}) {
      stopped = true;
      clearTimeout(timer);
      await attempting;
      await running;
      if (release && holding) {
        holding = false;
        await lease.release().catch((error: unknown) => log({ level: 'error', msg: 'job lease release failed', job: options.job, error: String(error) }));
      }
    },
  };
}
