import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database, type Queryable } from '../server/db/database.ts';
import { makeTestApp, sampleMatter, testCatalogFiles } from './helpers/test-app.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { createApp } from '../server/app.ts';
import { migrate } from '../server/db/migrate.ts';
import { hashAuditRow, recordAudit } from '../server/services/audit/record-audit.ts';
import type { AuditRow } from '../server/db/audit.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A migrated database in a fresh temporary folder (removed after the test). */
async function freshDatabaseFile(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  const file = join(dir, 'clausewright.db');
  const db = await Database.open(file);
  await migrate(db);
  await db.close();
  return file;
}

/** Every audit row carries the hash of the one before it and its own correct hash. */
function expectIntactChain(rows: AuditRow[]): void {
  rows.forEach((row, i) => {
    expect(row.prev_hash).toBe(i === 0 ? '' : rows[i - 1]!.row_hash);
    expect(row.row_hash).toBe(hashAuditRow(row.prev_hash, row));
  });
}

describe('durability on a real database file', () => {
  it('a restarted app on the same file finds every matter and audit event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cw-durable-'));
    dirs.push(dir);
    const file = join(dir, 'clausewright.db');
    const t = await makeTestApp({ file });
    const cookie = await t.login('attorney');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.request('/api/matters', { method: 'POST', cookie, json: sampleMatter({ title: `Matter ${i}` }) });
      ids.push((await res.json()).matter.id);
    }
    const before = await t.db.all<{ id: number; row_hash: string }>('SELECT id, row_hash FROM audit_events ORDER BY id');
    await t.close();

    const db = await Database.open(file);
    expect(await migrate(db)).toEqual([]); // nothing re-applied
    const app = createApp({ db, catalog: await openCatalog(db, await testCatalogFiles(), new Date()) });
    const after = await db.all<{ id: number; row_hash: string }>('SELECT id, row_hash FROM audit_events ORDER BY id');
    expect(after).toEqual(before);
    const titles = (await db.all<{ title: string }>('SELECT title FROM matters ORDER BY id')).map((r) => r.title);
    expect(titles).toEqual(['Matter 0', 'Matter 1', 'Matter 2', 'Matter 3', 'Matter 4']);
    expect((await app.request('/api/openapi.json')).status).toBe(200);
    expect((await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode).toBe('wal');
    await db.close();
  });

  it('the database itself refuses UPDATE and DELETE on the audit log', async () => {
    const t = await makeTestApp();
    await t.login('attorney');
    await expect(t.db.transaction((tx) => tx.run("UPDATE audit_events SET type = 'forged'"))).rejects.toThrow(/append-only/);
    await expect(t.db.transaction((tx) => tx.run('DELETE FROM audit_events'))).rejects.toThrow(/append-only/);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_events'))?.n).toBe(1);
    await t.close();
  });

  it('runs 50 concurrent write transactions on one connection without interleaving', async () => {
    const t = await makeTestApp();
    const cookie = await t.login('attorney');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => t.request('/api/matters', { method: 'POST', cookie, json: sampleMatter({ title: `Concurrent ${i}` }) })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM matters'))?.n).toBe(50);
    const audit = await t.db.all<{ prev_hash: string; row_hash: string }>('SELECT prev_hash, row_hash FROM audit_events ORDER BY id');
    for (let i = 1; i < audit.length; i++) expect(audit[i]!.prev_hash).toBe(audit[i - 1]!.row_hash);
    await t.close();
  });

  it('the audit hash chain holds when another process appends between our events and after a rolled-back one', async () => {
    const file = await freshDatabaseFile('cw-chain-');
    const server = await Database.open(file);
    const cli = await Database.open(file); // as the CLI would: its own connections to the same file
    const actor = { userId: null, role: 'system', ip: null, requestId: null };
    const event = (db: Database, note: string) => db.transaction((tx) => recordAudit(tx, actor, new Date(), { type: 'matter.updated', data: { changed: [note] } }));
    await event(server, 'a'); // the server now remembers the newest hash
    await event(cli, 'b'); // …which another process makes stale
    await event(server, 'c');
    await expect(server.transaction(async (tx) => {
      await recordAudit(tx, actor, new Date(), { type: 'matter.updated', data: { changed: ['rolled back'] } });
      throw new Error('fails after its audit event');
    })).rejects.toThrow(/fails after/);
    await event(server, 'd');
    const rows = await server.all<AuditRow>('SELECT * FROM audit_events ORDER BY id');
    expect(rows.map((r) => JSON.parse(r.data).changed[0])).toEqual(['a', 'b', 'c', 'd']);
    expectIntactChain(rows);
    await cli.close();
    await server.close();
  });

  it('group commit: transactions queued together commit together, and one that throws takes only its own writes with it', async () => {
    const db = await Database.open(await freshDatabaseFile('cw-group-'));
    const actor = { userId: null, role: 'system', ip: null, requestId: null };
    const before = { ...db.stats };
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction(async (tx) => {
          await recordAudit(tx, actor, new Date(), { type: 'matter.updated', data: { changed: [`t${i}`] } });
          await tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, 'G', 'client', 'x', 'now')", [`g${i}@example.test`]);
          if (i === 5) throw new Error('transaction 5 fails after writing');
          if (i === 8) await tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('g0@example.test', 'dup', 'client', 'x', 'now')"); // UNIQUE fails
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 5 || i === 8 ? 'rejected' : 'fulfilled')));
    expect((results[8] as PromiseRejectedResult).reason.code).toBe('SQLITE_CONSTRAINT');
    const emails = (await db.all<{ email: string }>("SELECT email FROM users WHERE name = 'G' ORDER BY id")).map((r) => r.email);
    expect(emails).toEqual([0, 1, 2, 3, 4, 6, 7, 9, 10, 11].map((i) => `g${i}@example.test`));
    const audit = await db.all<AuditRow>('SELECT * FROM audit_events ORDER BY id');
    expect(audit.map((r) => JSON.parse(r.data).changed[0])).toEqual([0, 1, 2, 3, 4, 6, 7, 9, 10, 11].map((i) => `t${i}`));
    expectIntactChain(audit);
    // All twelve were queued before the lock's first turn, so the ten that succeeded shared one COMMIT.
    expect(db.stats.transactions - before.transactions).toBe(10);
    expect(db.stats.commits - before.commits).toBe(1);
    // One turn of the write lock for the group, not one per transaction: turns that pile up hold their transactions' data.
    expect(db.stats.turns - before.turns).toBe(1);
    await db.close();
  });

  it('group commit: one queued while a group runs joins it; a first transaction that throws is undone alone; a whole-transaction rollback refuses the group', async () => {
    const db = await Database.open(await freshDatabaseFile('cw-group-'));
    const insertUser = (tx: Queryable, i: number) => tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, 'J', 'client', 'x', 'now')", [`j${i}@example.test`]);
    const emails = async () => (await db.all<{ email: string }>("SELECT email FROM users WHERE name = 'J' ORDER BY id")).map((r) => r.email);

    let before = { ...db.stats };
    let late: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await insertUser(tx, 0);
      // Queued while this one holds the write lock: it joins this COMMIT rather than waiting for the next.
      late = db.transaction((tx2) => insertUser(tx2, 1));
      await insertUser(tx, 2);
    });
    await late;
    expect(await emails()).toEqual(['j0@example.test', 'j2@example.test', 'j1@example.test']);
    expect([db.stats.transactions - before.transactions, db.stats.commits - before.commits, db.stats.turns - before.turns]).toEqual([2, 1, 1]);

    before = { ...db.stats };
    const results = await Promise.allSettled([
      db.transaction(async (tx) => {
        await insertUser(tx, 3);
        throw new Error('the first of the queue fails after writing');
      }),
      db.transaction((tx) => insertUser(tx, 4)),
      db.transaction((tx) => insertUser(tx, 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await emails()).toEqual(['j0@example.test', 'j2@example.test', 'j1@example.test', 'j4@example.test', 'j5@example.test']);
    // The failed one was rolled back alone; the other two committed together on the lock's next turn.
    expect([db.stats.transactions - before.transactions, db.stats.commits - before.commits, db.stats.turns - before.turns]).toEqual([2, 1, 2]);

    // A statement that makes SQLite roll back the whole transaction (ON CONFLICT ROLLBACK) takes its
    // group with it: every member is refused — none left waiting — and the next transaction runs.
    let joined: Promise<unknown>[] = [];
    const lead = db.transaction(async (tx) => {
      await insertUser(tx, 6);
      joined = [
        db.transaction((tx2) => tx2.run("INSERT OR ROLLBACK INTO users (email, name, role, password_hash, created_at) VALUES ('j0@example.test', 'J', 'client', 'x', 'now')")),
        db.transaction((tx2) => insertUser(tx2, 7)),
      ];
    });
    await lead.catch(() => undefined);
    const settled = await Promise.allSettled([lead, ...joined]);
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    await db.transaction((tx) => insertUser(tx, 8));
    expect(await emails()).toEqual(['j0@example.test', 'j2@example.test', 'j1@example.test', 'j4@example.test', 'j5@example.test', 'j7@example.test', 'j8@example.test']);
    await db.close();
  });
});
