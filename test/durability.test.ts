import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
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
    const dir = await mkdtemp(join(tmpdir(), 'cw-chain-'));
    dirs.push(dir);
    const file = join(dir, 'clausewright.db');
    const server = await Database.open(file);
    await migrate(server);
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
    rows.forEach((row, i) => {
      expect(row.prev_hash).toBe(i === 0 ? '' : rows[i - 1]!.row_hash);
      expect(row.row_hash).toBe(hashAuditRow(row.prev_hash, row));
    });
    await cli.close();
    await server.close();
  });
});
