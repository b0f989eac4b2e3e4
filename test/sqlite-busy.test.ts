import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';

describe('SQLite under concurrency', () => {
  it('a write waits for another connection holding the write lock instead of failing with SQLITE_BUSY', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-busy-')), 'busy.db');
    const db = await Database.open(file);
    await migrate(db);
    // A second, independent connection (as the CLI's backup would be) takes the write lock for 700 ms.
    const other = new sqlite3.Database(file);
    await new Promise<void>((ok, fail) => other.exec('BEGIN IMMEDIATE', (e) => (e ? fail(e) : ok())));
    setTimeout(() => other.exec('COMMIT'), 700);
    const started = Date.now();
    await db.transaction((tx) => tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('w@example.test', 'W', 'client', 'x', 'now')"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM users'))?.n).toBe(1);
    await new Promise<void>((ok) => other.close(() => ok()));
    await db.close();
  });

  it('runs 8 connections’ worth of concurrent writers in one process without a single failure', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-busy-')), 'many.db');
    const db = await Database.open(file);
    await migrate(db);
    const writes = Array.from({ length: 200 }, (_, i) =>
      db.transaction(async (tx) => {
        const n = (await tx.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
        await tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, 'U', 'client', 'x', 'now')", [`u${i}-${n}@example.test`]);
      }),
    );
    const results = await Promise.allSettled(writes);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM users'))?.n).toBe(200);
    await db.close();
  });
});
