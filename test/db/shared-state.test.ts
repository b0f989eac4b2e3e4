import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { insertUser } from '../../server/db/users.ts';
import { countFailures } from '../../server/db/auth-failures.ts';
import { findLease } from '../../server/db/job-leases.ts';
import { createApp } from '../../server/app.ts';
import { readConfig, startServer } from '../../server/main.ts';
import { hashPassword } from '../../server/services/auth/password.ts';
import { FailureWindow } from '../../server/services/auth/rate-limit.ts';
import { JobLease, runOnOneNode } from '../../server/services/jobs/lease.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { TestClock, testCatalogFiles } from '../helpers/test-app.ts';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';

/**
 * Nothing per process that must be shared (issue 22): two app servers on one database — two
 * stores on one SQLite file, or two pools on one PostgreSQL database — share the sign-in limits
 * and let exactly one of them run a periodic job, handing it over when the holder dies.
 */

const PG_BIN = findPostgresBin();
if (!PG_BIN) console.warn('PostgreSQL tests skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH.');

let server: PostgresServer | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'cw-shared-'));
beforeAll(async () => {
  if (PG_BIN) server = await startPostgres(PG_BIN);
});
afterAll(() => {
  server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

let files = 0;
const backends = [
  { name: 'sqlite', skip: false, location: async () => join(scratch, `shared-${++files}.db`) },
  { name: 'postgres', skip: !PG_BIN, location: () => server!.createDatabase() },
];

/** Two stores on one new database, as two app servers open it; the first has migrated it. */
async function twoStores(location: string): Promise<[Store, Store]> {
  const a = await openStore(location);
  await migrate(a);
  return [a, await openStore(location)];
}

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

describe.each(backends)('two app servers on one $name database', ({ location, skip }) => {
  const open = async () => twoStores(await location());
  it.skipIf(skip)('share the sign-in limit: five failures through one server make the other refuse with 429 and Retry-After until the window passes', async () => {
    const [a, b] = await open();
    try {
      const clock = new TestClock();
      await a.transaction((tx) => hashPassword(PASSWORD).then((passwordHash) => insertUser(tx, { email: 'casey@example.test', name: 'Casey Client', role: 'client', passwordHash, createdAt: clock.now().toISOString() })));
      const catalogFiles = await testCatalogFiles();
      const [appA, appB] = [createApp({ db: a, catalog: await openCatalog(a, catalogFiles, clock.now()), clock: clock.now }), createApp({ db: b, catalog: await openCatalog(b, catalogFiles, clock.now()), clock: clock.now })];
      const signIn = (app: typeof appA, password: string) =>
        app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ email: 'Casey@Example.test', password }) });

      for (let i = 0; i < 5; i++) {
        expect((await signIn(appA, 'wrong password')).status).toBe(401);
        clock.advanceMinutes(1);
      }
      // The right password, on the other server: refused, because the failures are counted in the database.
      const blocked = await signIn(appB, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      // The oldest of the five failures (5 minutes ago) leaves the 15-minute window in 10 minutes.
      expect(blocked.headers.get('retry-after')).toBe(String(10 * 60));
      const refusedOnB = await b.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'login.failed' ORDER BY id");
      expect(refusedOnB.map((r) => JSON.parse(r.data).reason)).toEqual([...Array(5).fill('invalid_credentials'), 'rate_limited']);

      clock.advanceMinutes(10);
      expect((await signIn(appB, PASSWORD)).status).toBe(200);
      // A success forgets the account's failures on every server: one more failure through A does not block.
      expect((await signIn(appA, 'wrong password')).status).toBe(401);
      expect((await signIn(appA, PASSWORD)).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.skipIf(skip)('keep the failures table bounded (each key keeps at most its limit; rows out of the window are pruned) and store no raw key', async () => {
    const [a, b] = await open();
    try {
      const [onA, onB] = [new FailureWindow(a, 'sign-in-account', 5, 15 * MINUTE), new FailureWindow(b, 'sign-in-account', 5, 15 * MINUTE)];
      const t0 = Date.parse('2026-11-22T15:00:00Z');
      for (let i = 0; i < 12; i++) await (i % 2 ? onA : onB).record('casey@example.test', t0 + i * 1000);
      expect(await countFailures(a, 'sign-in-account')).toBe(5);
      expect(await onB.isBlocked('casey@example.test', t0 + 12_000)).toBe(true);
      // Blocked until the oldest of the five kept (at 7 s) leaves the window.
      expect(await onA.retryAfterSeconds('casey@example.test', t0 + 12_000)).toBe(15 * 60 + 7 - 12);

      for (let i = 0; i < 30; i++) await onA.record(`guess-${i}@example.test`, t0 + 20_000);
      expect(await countFailures(a, 'sign-in-account')).toBe(35);
      // Sixteen minutes on, one new failure prunes everything that left the window.
      await onB.record('late@example.test', t0 + 16 * MINUTE + 20_000);
      expect(await countFailures(a, 'sign-in-account')).toBe(1);
      expect(await onA.isBlocked('casey@example.test', t0 + 16 * MINUTE + 20_000)).toBe(false);

      const stored = await a.all<{ key_hash: string }>('SELECT key_hash FROM auth_failures');
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
      expect(JSON.stringify(await a.all('SELECT * FROM auth_failures'))).not.toContain('example.test');
      // Another scope is another count: the same key's code failures do not block its sign-in.
      const codes = new FailureWindow(b, 'code-account', 5, 15 * MINUTE);
      for (let i = 0; i < 5; i++) await codes.record('late@example.test', t0 + 16 * MINUTE + 21_000);
      expect(await codes.isBlocked('late@example.test', t0 + 16 * MINUTE + 22_000)).toBe(true);
      expect(await onA.isBlocked('late@example.test', t0 + 16 * MINUTE + 22_000)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.skipIf(skip)('let one holder have a job lease: the other is refused while it renews, and takes it once a holder stops renewing and it expires', async () => {
    const [a, b] = await open();
    try {
      const clock = new TestClock();
      const second = (s: number) => (clock.current = new Date(Date.parse('2026-11-22T15:00:00Z') + s * 1000));
      const [nodeA, nodeB] = [new JobLease(a, 'deadline-roll', 'node-a', 60_000, clock.now), new JobLease(b, 'deadline-roll', 'node-b', 60_000, clock.now)];
      second(0);
      const [tookA, tookB] = await Promise.all([nodeA.acquire(), nodeB.acquire()]);
      // Taken at the same moment from two servers: exactly one gets it.
      expect([tookA, tookB].filter(Boolean)).toHaveLength(1);
      const [holder, other] = tookA ? [nodeA, nodeB] : [nodeB, nodeA];
      second(40);
      expect(await holder.acquire()).toBe(true); // renewed: now until 100 s
      second(70); // past the first expiry (60 s), not the renewed one
      expect(await other.acquire()).toBe(false);
      expect((await findLease(a, 'deadline-roll'))?.holder).toBe(holder.holder);
      // The holder dies: no more renewals. At 100 s the lease has expired and the other takes it.
      second(100);
      expect(await other.acquire()).toBe(true);
      const taken = await findLease(b, 'deadline-roll');
      expect(taken).toMatchObject({ holder: other.holder, acquired_at: '2026-11-22T15:01:40.000Z', expires_at: '2026-11-22T15:02:40.000Z' });
      // The old holder, back from the dead, finds it gone.
      expect(await holder.acquire()).toBe(false);
      // A clean shutdown releases it: the other need not wait for an expiry.
      await other.release();
      expect(await holder.acquire()).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.skipIf(skip)('run a periodic job on one server only (its renewals keep it past the lease), and on the other once the first dies', async () => {
    const [a, b] = await open();
    const runs: string[] = [];
    // Hourly: within this test each server runs the job only when it takes the lease. The lease is
    // long enough that a busy machine's stalls (both servers share this event loop) do not lose it.
    const start = (db: Store, name: string) => runOnOneNode({ db, job: 'deadline-roll', holder: name, everyMs: 3600_000, leaseMs: 5000, pollMs: 250, work: async () => void runs.push(name) });
    const nodes = { a: start(a, 'a'), b: start(b, 'b') };
    try {
      await vi.waitFor(() => expect(runs).toHaveLength(1), { timeout: 30_000, interval: 50 });
      const first = runs[0] as 'a' | 'b';
      const other = first === 'a' ? 'b' : 'a';
      // Longer than the lease: had the holder not renewed, the other would have taken it and run.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(runs).toEqual([first]);
      expect(nodes[first].holding).toBe(true);
      expect(nodes[other].holding).toBe(false);
      // The holder dies: it stops renewing, and does not release.
      await nodes[first].stop();
      const died = performance.now();
      await vi.waitFor(() => expect(runs).toEqual([first, other]), { timeout: 30_000, interval: 50 });
      // A figure for the report, not a check: a lease (5 s) less the time since the last renewal, plus up to a poll.
      console.info(`job taken over ${Math.round(performance.now() - died)} ms after its holder stopped renewing (lease 5000 ms, poll 250 ms)`);
      expect(nodes[other].holding).toBe(true);
      expect((await findLease(a, 'deadline-roll'))?.holder).toBe(other);
    } finally {
      await Promise.all([nodes.a.stop(), nodes.b.stop({ release: true })]);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.skipIf(skip)('start the deadline roll under the lease in main.ts: one of two servers holds it, the other takes it when the first shuts down, and a clean shutdown releases it', async () => {
    const at = await location();
    const env = {
      ...(at.startsWith('postgres') ? { DATABASE_URL: at } : { CLAUSEWRIGHT_DB: at }),
      PORT: '0',
      HOST: '127.0.0.1',
      CLAUSEWRIGHT_LOG: 'silent',
      CLAUSEWRIGHT_RENDER_WORKERS: '0',
      CLAUSEWRIGHT_SECRET_KEY: 'ab'.repeat(32),
      CLAUSEWRIGHT_JOB_LEASE_SECONDS: '1',
    };
    const config = readConfig(env);
    expect(config.CLAUSEWRIGHT_JOB_LEASE_SECONDS).toBe(1);
    expect(() => readConfig({ ...env, CLAUSEWRIGHT_JOB_LEASE_SECONDS: '0' })).toThrow(/CLAUSEWRIGHT_JOB_LEASE_SECONDS/);
    const first = await startServer(config);
    const second = await startServer(config);
    const db = await openStore(at);
    try {
      await vi.waitFor(async () => expect(await findLease(db, 'deadline-roll')).toBeDefined(), { timeout: 30_000, interval: 100 });
      const holder = (await findLease(db, 'deadline-roll'))!.holder;
      await first.close();
      // Whoever held it, the remaining server now holds a live lease (taken over at once if the first released it).
      await vi.waitFor(async () => expect(Date.parse((await findLease(db, 'deadline-roll'))?.expires_at ?? '1970-01-01T00:00:00Z')).toBeGreaterThan(Date.now()), { timeout: 30_000, interval: 100 });
      const after = (await findLease(db, 'deadline-roll'))!.holder;
      await second.close();
      expect(await findLease(db, 'deadline-roll')).toBeUndefined();
      console.info(`deadline-roll lease: ${holder} then ${after}`);
    } finally {
      await Promise.all([first.close(), second.close()]);
      await db.close();
    }
  });
});

