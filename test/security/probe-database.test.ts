import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { assertWritable } from '../../server/db/health.ts';
import { Database } from '../../server/db/database.ts';
import { countUsers } from '../../server/db/users.ts';
import { StartupError, openDatabase, readConfig, startServer } from '../../server/main.ts';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';

/** Issue 19, defects 7 (database faults answered 500) and 8 (demo data in production). */
let t: Awaited<ReturnType<typeof makeTestApp>> | undefined;
afterEach(async () => {
  await t?.close().catch(() => undefined);
  t = undefined;
  vi.restoreAllMocks();
});

const readOnly = (db: Database) => db.transaction((tx) => tx.run('PRAGMA query_only = ON'));

describe('defect 7: database faults are 503 with Retry-After and a log line', () => {
  it('a write to a database that refuses writes answers 503 (API and page), and logs the SQLite code', async () => {
    const lines: Record<string, unknown>[] = [];
    t = await makeTestApp({ deps: { log: (line) => lines.push(line as Record<string, unknown>) } });
    const attorney = await t.login('attorney');
    await readOnly(t.db);
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    const body = await res.json();
    expect(body.error).toMatchObject({ code: 'unavailable', details: { reason: 'database_unavailable' } });
    expect(JSON.stringify(body)).not.toMatch(/SQLITE/);
    expect(lines.some((l) => l.msg === 'database unavailable' && l.database === 'SQLITE_READONLY')).toBe(true);
    const page = await t.request('/logout', { method: 'POST', cookie: attorney });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('30');
  });
  it('start-up refuses, in one sentence, a database it cannot write or create', async () => {
    const db = await Database.open(':memory:');
    await readOnly(db);
    await expect(assertWritable(db)).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    await db.close();
    // A directory that cannot exist: its parent is a file.
    const parent = join(mkdtempSync(join(tmpdir(), 'cw-nodir-')), 'a-file');
    writeFileSync(parent, '');
    const error = await openDatabase(readConfig({ CLAUSEWRIGHT_DB: join(parent, 'x.db') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/cannot use its database .*a-file\/x\.db .*writable/);
  });
  it('/healthz is liveness; /readyz checks the database', async () => {
    t = await makeTestApp();
    expect((await t.request('/healthz')).status).toBe(200);
    expect(await (await t.request('/readyz')).json()).toEqual({ status: 'ready', database: 'ok' });
    await t.db.close();
    const down = await t.request('/readyz');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    t = undefined;
  });
});

describe('defect 8: demo data only when asked, never onto an existing installation', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'cw-demo-'));
  async function start(file: string, seed?: string) {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    const env: Record<string, string> = { CLAUSEWRIGHT_DB: file, PORT: '0', HOST: '127.0.0.1', CLAUSEWRIGHT_LOG: 'silent', CLAUSEWRIGHT_RENDER_WORKERS: '0' };
    if (seed) env.CLAUSEWRIGHT_SEED_DEMO = seed;
    const running = await startServer(readConfig(env));
    vi.restoreAllMocks();
    await running.close();
    const db = await Database.open(file);
    const users = await countUsers(db);
    await db.close();
    return { users, text: out.join('') };
  }
  it('by default nothing is seeded and the first admin is asked for', async () => {
    const { users, text } = await start(join(dir(), 'a.db'));
    expect(users).toBe(0);
    expect(text).toContain('clausewright user add');
    expect(text).not.toMatch(/@demo\.|demo-/);
  }, 30_000);
  it('"fresh" (npm start) seeds a new file once; an emptied or replaced file is not re-seeded', async () => {
    const folder = dir();
    const file = join(folder, 'b.db');
    const first = await start(file, 'fresh');
    expect(first.users).toBeGreaterThan(0);
    expect(first.text).toContain('Demo firm created');
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    writeFileSync(file, '');
    const again = await start(file, 'fresh');
    expect(again.users).toBe(0);
    expect(again.text).toContain('clausewright user add');
  }, 60_000);
  it('`clausewright serve` never seeds, even when the environment asks', async () => {
    const file = join(dir(), 'c.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'serve'], { cwd: new URL('../..', import.meta.url).pathname, env: { ...process.env, CLAUSEWRIGHT_DB: file, PORT: '0', HOST: '127.0.0.1', CLAUSEWRIGHT_LOG: 'silent', CLAUSEWRIGHT_RENDER_WORKERS: '0', CLAUSEWRIGHT_SEED_DEMO: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('drafting aid')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    expect(text).not.toContain('Demo firm created');
    expect(text).toContain('clausewright user add');
  }, 60_000);
});
