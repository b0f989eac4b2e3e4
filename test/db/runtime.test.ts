import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineVersion } from '../../server/db/database.ts';
import { openRuntime, redactLocation, StartupError } from '../../server/runtime.ts';
import { readConfig, startServer } from '../../server/main.ts';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';

/**
 * The composition root (issue 22): DATABASE_URL=postgres://… selects PostgreSQL, otherwise the
 * SQLite file CLAUSEWRIGHT_DB; the server, the CLI and the tests open the database through it.
 */

const PG_BIN = findPostgresBin();
if (!PG_BIN) console.warn('PostgreSQL runtime tests skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');

let server: PostgresServer | undefined;
beforeAll(async () => {
  if (PG_BIN) server = await startPostgres(PG_BIN);
}, 120_000);
afterAll(() => server?.stop());

/** The test cluster trusts every local user, so a password in the URL is accepted and ignored: enough to see it is never shown. */
const withPassword = (url: string, password: string) => url.replace('postgresql://postgres@', `postgresql://postgres:${password}@`);

describe('which database the configuration opens', () => {
  it('without DATABASE_URL the SQLite file CLAUSEWRIGHT_DB is used, created on the first start only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-runtime-')), 'sub', 'x.db');
    const first = await openRuntime(readConfig({ CLAUSEWRIGHT_DB: file }));
    expect(first.db.dialect).toBe('sqlite');
    expect(first.location).toBe(file);
    expect(first.created).toBe(true);
    expect(await engineVersion(first.db)).toMatch(/^sqlite 3\.\d+/);
    await first.db.close();
    const again = await openRuntime(readConfig({ CLAUSEWRIGHT_DB: file }));
    expect(again.created).toBe(false);
    await again.db.close();
  });

  it('a DATABASE_URL that is not PostgreSQL is refused with the variable named; an empty one means unset', () => {
    expect(() => readConfig({ DATABASE_URL: 'mysql://u:p@h/db' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(readConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(readConfig({ DATABASE_URL: 'postgresql://u@h/db' }).DATABASE_URL).toBe('postgresql://u@h/db');
  });

  it('passwords are masked wherever the location is shown', () => {
    expect(redactLocation('postgres://cw:s3cr%40t@db.example:5432/cw')).toBe('postgres://cw:***@db.example:5432/cw');
    expect(redactLocation('postgresql://cw:pw@/cw?host=/run/pg')).toBe('postgresql://cw:***@/cw?host=/run/pg');
    expect(redactLocation('postgres://cw@db/cw?sslmode=require&password=abc')).toBe('postgres://cw@db/cw?sslmode=require&password=***');
    expect(redactLocation('postgres://cw@db/cw')).toBe('postgres://cw@db/cw');
    expect(redactLocation('/var/lib/clausewright/x.db')).toBe('/var/lib/clausewright/x.db');
  });

  it('a PostgreSQL server that cannot be reached is one sentence naming the location, without the password', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const error = await openRuntime({ CLAUSEWRIGHT_DB: 'unused.db', DATABASE_URL: 'postgres://cw:hunter2@127.0.0.1:1/cw' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    const message = (error as Error).message;
    expect(message).toContain('cannot use its database postgres://cw:***@127.0.0.1:1/cw (ECONNREFUSED');
    expect(message).toContain('correct DATABASE_URL');
    expect(message).not.toContain('hunter2');
  });
});

describe.skipIf(!PG_BIN)('DATABASE_URL on a real PostgreSQL server', () => {
  it('opens PostgreSQL, migrates it once and proves it writable; the first start is the one that created it', async () => {
    const url = withPassword(await server!.createDatabase(), 'hunter2');
    const first = await openRuntime({ CLAUSEWRIGHT_DB: '/nonexistent/never-used.db', DATABASE_URL: url });
    expect(first.db.dialect).toBe('postgres');
    expect(first.created).toBe(true);
    expect(first.location).not.toContain('hunter2');
    expect(await engineVersion(first.db)).toMatch(/^postgres \d+/);
    const second = await openRuntime({ CLAUSEWRIGHT_DB: '/nonexistent/never-used.db', DATABASE_URL: url });
    expect(second.created).toBe(false);
    await Promise.all([first.db.close(), second.db.close()]);
  });

  it('the server starts on DATABASE_URL, logs the engine and a location without the password, and needs CLAUSEWRIGHT_SECRET_KEY', async () => {
    const url = withPassword(await server!.createDatabase(), 'hunter2');
    const env = { DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', CLAUSEWRIGHT_RENDER_WORKERS: '0', CLAUSEWRIGHT_DB: '/nonexistent/never-used.db' };
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      await expect(startServer(readConfig({ ...env, CLAUSEWRIGHT_LOG: 'silent' }))).rejects.toThrow(/CLAUSEWRIGHT_SECRET_KEY/);
      const running = await startServer(readConfig({ ...env, CLAUSEWRIGHT_SECRET_KEY: 'ab'.repeat(32) }));
      const res = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      await running.close();
      expect(res.status).toBe(200);
    } finally {
      vi.restoreAllMocks();
    }
    const started = out.map((l) => l.trim()).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'clausewright started');
    expect(started?.engine).toMatch(/^postgres \d+/);
    expect(String(started?.db)).toMatch(/^postgresql:\/\/postgres:\*\*\*@/);
    expect(out.join('')).not.toContain('hunter2');
  }, 60_000);
});
