import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../server/db/connection.ts';
import { Database } from '../server/db/database.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cw-conn-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}

describe('kept prepared statements on a real database file', () => {
  it('a read repeated through its kept statement sees every commit, and leaves no snapshot that blocks a checkpoint', async () => {
    const file = await tempFile();
    const writer = await Connection.open(file, { inOrder: true });
    const reader = await Connection.open(file, { inOrder: false });
    await writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    for (let i = 1; i <= 5; i++) {
      await writer.run('INSERT INTO t (v) VALUES (?)', [`v${i}`]);
      // get() of a query with more rows than it returns: a statement left on its first row would hold its snapshot.
      expect(await reader.get<{ v: string }>('SELECT v FROM t ORDER BY id DESC')).toEqual({ v: `v${i}` });
      expect((await reader.all<{ n: number }>('SELECT count(*) AS n FROM t'))[0]!.n).toBe(i);
    }
    // busy = 0: no reader holds an old snapshot, so the whole WAL could be copied back.
    const [checkpoint] = await writer.all<{ busy: number; log: number; checkpointed: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(checkpoint!.busy).toBe(0);
    await reader.close();
    await writer.close();
  });

  it('reads that overlap without pause still see each commit as soon as it is made', async () => {
    const file = await tempFile();
    const writer = await Connection.open(file, { inOrder: true });
    const reader = await Connection.open(file, { inOrder: false });
    await writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    let stop = false;
    // Eight readers that never pause: with node-sqlite3's one-shot get, a statement stayed open on
    // its row until finalized, overlapping reads kept the connection's first snapshot, and a read
    // after a commit could miss it (the load test once saw a new version answer 404).
    const loops = Array.from({ length: 8 }, async () => {
      while (!stop) await reader.get('SELECT count(*) AS n FROM t');
    });
    for (let i = 1; i <= 40; i++) {
      await writer.run('INSERT INTO t DEFAULT VALUES');
      expect((await reader.get<{ n: number }>('SELECT count(*) AS n FROM t'))!.n).toBe(i);
    }
    stop = true;
    await Promise.all(loops);
    await reader.close();
    await writer.close();
  });

  it('the write connection runs calls in the order issued, kept or not, without each waiting for the last', async () => {
    const file = await tempFile();
    const writer = await Connection.open(file, { inOrder: true });
    await writer.exec('CREATE TABLE t (n INTEGER)');
    await writer.run('BEGIN IMMEDIATE');
    const calls: Promise<unknown>[] = [];
    for (let n = 0; n < 60; n++) {
      if (n % 10 === 3) calls.push(writer.run('SAVEPOINT s'));
      calls.push(writer.run('INSERT INTO t (n) VALUES (?)', [n]));
      // Not kept (it returns a row): prepared afresh, and still in its place in the order.
      if (n % 10 === 5) calls.push(writer.run('INSERT INTO t (n) VALUES (?) RETURNING n', [1000 + n]));
      if (n % 10 === 7) calls.push(writer.run('ROLLBACK TO s'));
    }
    calls.push(writer.run('COMMIT'));
    await Promise.all(calls);
    const rows = (await writer.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).map((r) => r.n);
    // Rows 3–7 of each ten (inserted after SAVEPOINT, before ROLLBACK TO) are undone, with the RETURNING row among them.
    const expected = Array.from({ length: 60 }, (_, n) => n).filter((n) => n % 10 <= 2 || n % 10 >= 8);
    expect(rows).toEqual(expected);
    await writer.close();
  });

  it('errors: a text that does not prepare fails every time with its SQLite error; a kept statement that fails runs again', async () => {
    const file = await tempFile();
    const writer = await Connection.open(file, { inOrder: true });
    await writer.exec('CREATE TABLE t (k TEXT UNIQUE)');
    for (let i = 0; i < 2; i++) await expect(writer.all('SELEC nothing')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await writer.run('INSERT INTO t (k) VALUES (?)', ['a']);
    await expect(writer.run('INSERT INTO t (k) VALUES (?)', ['a'])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    expect(await writer.run('INSERT INTO t (k) VALUES (?)', ['b'])).toMatchObject({ changes: 1, lastID: 2 });
    await writer.close();
  });

  it('INSERT … RETURNING read with get() leaves nothing open: the transaction commits', async () => {
    const file = await tempFile();
    const db = await Database.open(file);
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const rows = await db.transaction(async (tx) => {
      const a = await tx.get<{ id: number }>('INSERT INTO t (v) VALUES (?) RETURNING id', ['a']);
      const b = await tx.get<{ id: number }>('INSERT INTO t (v) VALUES (?) RETURNING id', ['b']);
      return [a, b];
    });
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await db.all('SELECT v FROM t ORDER BY id')).toEqual([{ v: 'a' }, { v: 'b' }]);
    await db.close();
  });

  it('texts past the cache (long IN lists of every length) still run, and close() finalizes what it kept', async () => {
    const file = await tempFile();
    const db = await Database.open(file);
    await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    await db.transaction((tx) => tx.run(`INSERT INTO t (id) VALUES ${Array.from({ length: 300 }, (_, i) => `(${i + 1})`).join(',')}`));
    for (let n = 1; n <= 300; n++) {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const rows = await db.all<{ id: number }>(`SELECT id FROM t WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
      expect(rows.length).toBe(n);
    }
    await db.close();
  });
});
