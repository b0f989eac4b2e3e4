import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/database.ts';
import { SqliteStore } from '../../server/db/sqlite-store.ts';
import { migrationsDir } from '../../server/db/migrate.ts';
import { listAuditAll } from '../../server/db/audit.ts';
import { listVersions } from '../../server/db/documents.ts';
import { hashAuditRow } from '../../server/services/audit/record-audit.ts';
import { createVersion } from '../../server/services/documents/documents.ts';
import { addUser } from '../../server/services/users/users.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import { createApp } from '../../server/app.ts';
import { copyToPostgres } from '../../server/db/copy/copy-to-postgres.ts';
import { CopyFailed, CopyRefused } from '../../server/db/copy/copy-errors.ts';
import { migrate } from '../../server/db/migrate.ts';
import { makeTestApp, testCatalogFiles, TEST_PASSWORD, cookieFrom } from '../helpers/test-app.ts';
import { approve, matterWithDocument, sample } from '../helpers/documents.ts';
import { enrol, totpAt } from '../helpers/mfa.ts';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { cliBundle } from '../helpers/bundle.ts';

/**
 * clausewright migrate, backup and copy-to-postgres (issue 22): a firm's SQLite file, built
 * through the real services (users with two-step sign-in, a matter, a document with several
 * versions, its Word rendition and signed copy, deadlines, checklist tasks, the audit log), is
 * copied by the CLI into a fresh PostgreSQL database and found there row for row and byte for
 * byte; the app then keeps working on it (numbers and the audit chain continue). Refusals leave
 * the target untouched.
 */

const PG_BIN = findPostgresBin();
if (!PG_BIN) console.warn('copy-to-postgres tests skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');

const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cw-copy-'));
/** One key for both apps, so the authenticator secrets sealed on SQLite open on PostgreSQL. */
const SECRET_KEY = new Uint8Array(randomBytes(32));

let server: PostgresServer | undefined;
beforeAll(async () => {
  if (PG_BIN) server = await startPostgres(PG_BIN);
});
afterAll(() => {
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real command line, as an operator runs it. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliBundle(), ...args],
      { cwd: ROOT, env: { ...process.env, UV_THREADPOOL_SIZE: '16', CLAUSEWRIGHT_DB: join(dir, 'unused.db'), DATABASE_URL: '', ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The application tables and their primary keys, read from SQLite. */
async function tablesOf(db: Store): Promise<{ name: string; key: string[] }[]> {
  const names = (await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")).map((t) => t.name);
  const tables = [];
  for (const name of names) {
    const key = (await db.all<{ name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [name])).map((c) => c.name);
    tables.push({ name, key });
  }
  return tables;
}

/** Every row of a table in key order (numbers by value, text bytewise, as each side sorts it); the test databases are small. */
async function allRows(db: Store, table: string, key: string[]) {
  const rows = await db.all<Record<string, unknown>>(`SELECT * FROM ${table}`);
  const compare = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b))));
  return rows.sort((a, b) => key.reduce((order, k) => order || compare(a[k], b[k]), 0));
}

/** Every audit row's prev_hash is the row before's row_hash, and its row_hash is recomputed from its fields. */
async function expectIntactChain(db: Store): Promise<{ rows: number; lastHash: string }> {
  const rows = await listAuditAll(db, 0, 100_000);
  let prev = '';
  rows.forEach((row, i) => {
    expect(row.prev_hash, `audit row ${i + 1} (id ${row.id}) follows the row before it`).toBe(prev);
    expect(row.row_hash, `audit row ${i + 1} hash`).toBe(hashAuditRow(prev, row));
    prev = row.row_hash;
  });
  return { rows: rows.length, lastHash: prev };
}

const files = (dialect: 'sqlite' | 'postgres') => readdirSync(migrationsDir(dialect)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();

const countRows = async (db: Store, table: string) => (await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;

/**
 * A small firm on SQLite, built through the API as users would: the attorney turns on two-step
 * sign-in, opens a matter, drafts an MSA in three versions, approves the third (its Word
 * rendition), the paralegal records it executed and uploads the signed copy, marks a deadline
 * handled; a formation checklist adds its tasks.
 */
async function buildFirm(file: string) {
  const t = await makeTestApp({ file, deps: { secretKey: SECRET_KEY } });
  try {
    const { attorney, matter, document } = await matterWithDocument(t, 'msa');
    const { secret } = await enrol(t, attorney);
    let version;
    for (const baseVersionNo of [1, 2]) {
      const res = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo, answers: sample('msa'), note: `revision ${baseVersionNo + 1}` } });
      expect(res.status).toBe(201);
      version = (await res.json()).version;
    }
    const approved = await approve(t, attorney, document.id, version);
    expect(approved.status, await approved.clone().text()).toBe(200);
    const paralegal = await t.login('paralegal');
    expect((await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-11-20' } })).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n% signed copy\ntrailer\n<< >>\n%%EOF\n')]), 'signed.pdf');
    expect((await t.request(`/api/documents/${document.id}/signed-copy`, { method: 'POST', cookie: paralegal, body: form })).status).toBe(201);
    const { deadlines } = await (await t.request(`/api/deadlines?matterId=${matter.id}`, { cookie: paralegal })).json();
    expect(deadlines.length).toBeGreaterThan(0);
    expect((await t.request(`/api/deadlines/${deadlines[0].id}/handled`, { method: 'POST', cookie: paralegal, json: { note: 'Done.' } })).status).toBe(200);
    const checklist = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });
    expect(checklist.status).toBe(201);
    return { documentId: document.id as number, checklistId: (await checklist.json()).document.id as number, matterId: matter.id as number, attorneyId: t.users.attorney, secret, now: t.clock.now(), paralegalCookie: paralegal };
  } finally {
    await t.close();
  }
}

describe.skipIf(!PG_BIN)('clausewright copy-to-postgres', () => {
  const sqliteFile = join(dir, 'firm.db');
  let firm: Awaited<ReturnType<typeof buildFirm>>;
  let url: string;
  let copied: CliResult;

  beforeAll(async () => {
    firm = await buildFirm(sqliteFile);
    url = await server!.createDatabase();
    copied = await cli(['copy-to-postgres', '--from', sqliteFile, '--to', url, '--json']);
  });

  it('copies every table row for row and byte for byte, verified by counts, hashes and the audit chain', async () => {
    expect(copied.stderr).toMatch(/copied users: \d+ rows/);
    expect(copied.code, copied.stderr).toBe(0);
    const report = JSON.parse(copied.stdout);
    const sqlite = await SqliteStore.open(sqliteFile);
    const postgres = await openStore(url);
    try {
      const tables = await tablesOf(sqlite);
      expect(report.tables.map((t: { table: string }) => t.table).sort()).toEqual(tables.map((t) => t.name));
      // Whatever the report says, compare the rows themselves: every value, every byte.
      for (const { name, key } of tables) {
        const [before, after] = [await allRows(sqlite, name, key), await allRows(postgres, name, key)];
        expect(after, `table ${name}`).toEqual(before);
        expect(report.tables.find((t: { table: string }) => t.table === name).rows, `reported rows of ${name}`).toBe(before.length);
      }
      // The firm's data really is there, not an empty copy of an empty file.
      for (const table of ['users', 'sessions', 'mfa_factors', 'mfa_recovery_codes', 'matters', 'documents', 'renditions', 'signed_copies', 'deadlines', 'checklist_tasks', 'warning_acks', 'deadline_open_counts']) {
        expect(await countRows(postgres, table), table).toBeGreaterThan(0);
      }
      // The open-deadline counts are kept by a PostgreSQL trigger while the deadlines go in: verified, not copied (twice).
      expect(report.tables.filter((t: { derived: boolean }) => t.derived).map((t: { table: string }) => t.table)).toEqual(['deadline_open_counts']);
      expect(copied.stderr).toMatch(/verified deadline_open_counts: \d+ rows, sha256 [0-9a-f]{16}… \(kept by a trigger\)/);
      expect(await countRows(postgres, 'document_versions')).toBe(4);
      // The Word rendition and the signed copy: the same bytes, and still the SHA-256 recorded with them.
      for (const table of ['renditions', 'signed_copies']) {
        const copies = await postgres.all<{ bytes: Buffer; sha256: string }>(`SELECT bytes, sha256 FROM ${table}`);
        const originals = new Map((await sqlite.all<{ bytes: Buffer; sha256: string }>(`SELECT bytes, sha256 FROM ${table}`)).map((r) => [r.sha256, r.bytes]));
        expect(copies.length).toBe(originals.size);
        for (const copy of copies) {
          expect(Buffer.isBuffer(copy.bytes)).toBe(true);
          expect(copy.bytes.equals(originals.get(copy.sha256)!), `${table} ${copy.sha256} byte-exact`).toBe(true);
          expect(createHash('sha256').update(copy.bytes).digest('hex')).toBe(copy.sha256);
        }
      }
      const rendition = (await postgres.get<{ bytes: Buffer }>("SELECT bytes FROM renditions WHERE purpose = 'executable'"))!;
      expect(rendition.bytes.subarray(0, 2).toString()).toBe('PK');
      // The audit chain verifies on PostgreSQL, and the report names its head.
      const chain = await expectIntactChain(postgres);
      expect(chain.rows).toBeGreaterThan(10);
      expect(report.auditChain).toEqual(chain);
      expect(report.rows).toBe(report.tables.filter((t: { derived: boolean }) => !t.derived).reduce((n: number, t: { rows: number }) => n + t.rows, 0));
      console.info(`copy-to-postgres: ${report.rows} rows in ${report.tables.length} tables in ${report.seconds.toFixed(1)} s`);
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });

  it('leaves a database the app keeps working on: numbers, ids and the audit chain continue; sign-in with the code still works', async () => {
    expect(copied.code, copied.stderr).toBe(0);
    const db = await openStore(url);
    try {
      const lastAudit = (await db.get<{ id: number; row_hash: string }>('SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1'))!;
      const maxUser = (await db.get<{ id: number }>('SELECT max(id) AS id FROM users'))!.id;
      const now = firm.now;
      const catalog = await openCatalog(db, await testCatalogFiles(), now);
      const principal = { id: firm.attorneyId, role: 'attorney' as const, name: 'Avery Attorney', email: 'attorney@example.test' };
      const ctx = { db, now, principal, actor: { userId: firm.attorneyId, role: 'attorney', ip: null, requestId: 'after-copy' } };
      // The executed MSA is closed to edits; the checklist (a draft) takes a new version.
      const before = await listVersions(db, firm.checklistId);
      const head = Math.max(...before.map((v) => v.version_no));
      const next = await createVersion(ctx, catalog, firm.checklistId, { baseVersionNo: head, answers: sample('formation-checklist'), choices: {}, overrides: {}, note: 'after the move' });
      expect(next.version.versionNo).toBe(head + 1);
      // The identity column moved past the copied ids: a new user gets the next id, not 1.
      const user = await addUser({ db, now, actor: ctx.actor }, { email: 'new.hire@example.test', name: 'New Hire', role: 'paralegal', password: TEST_PASSWORD });
      expect(user.id).toBe(maxUser + 1);
      const appended = await db.all<{ id: number; prev_hash: string }>('SELECT id, prev_hash FROM audit_events WHERE id > ? ORDER BY id', [lastAudit.id]);
      expect(appended[0]).toMatchObject({ id: lastAudit.id + 1, prev_hash: lastAudit.row_hash });
      await expectIntactChain(db);
      // Nothing was switched off to copy: history still cannot be rewritten.
      await expect(db.transaction((tx) => tx.run("UPDATE audit_events SET data = '{}' WHERE id = 1"))).rejects.toThrow(/append-only/);
      await expect(db.transaction((tx) => tx.run('DELETE FROM renditions'))).rejects.toThrow(/immutable/);

      // Over HTTP on PostgreSQL: the paralegal's session made on SQLite still works, and the
      // attorney signs in with password and authenticator code (the sealed secret came across intact).
      const app = createApp({ db, catalog, clock: () => now, secretKey: SECRET_KEY });
      const request = (path: string, init: RequestInit & { json?: unknown } = {}) =>
        app.request(path, { ...init, headers: { ...(init.json ? { 'content-type': 'application/json' } : {}), origin: 'http://localhost', ...(init.headers as Record<string, string>) }, body: init.json ? JSON.stringify(init.json) : init.body });
      expect((await request('/api/auth/me', { headers: { cookie: firm.paralegalCookie } })).status).toBe(200);
      const first = await request('/api/auth/login', { method: 'POST', json: { email: 'attorney@example.test', password: TEST_PASSWORD } });
      const { challenge, step } = (await first.json()) as { challenge: string; step: string };
      expect(step).toBe('mfa_required');
      const later = new Date(now.getTime() + 60_000);
      const appLater = createApp({ db, catalog, clock: () => later, secretKey: SECRET_KEY });
      const second = await appLater.request('/api/auth/login/mfa', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ challenge, code: totpAt(firm.secret, later) }) });
      expect(second.status).toBe(200);
      expect(cookieFrom(second as unknown as Response)).toMatch(/cw_session=/);
    } finally {
      await db.close();
    }
  });

  it('refuses a target that is not empty (exit 2), and writes nothing', async () => {
    expect(copied.code, copied.stderr).toBe(0);
    const db = await openStore(url);
    const counts = async () => Promise.all(['users', 'audit_events', 'document_versions'].map((t) => countRows(db, t)));
    try {
      const before = await counts();
      const again = await cli(['copy-to-postgres', '--from', sqliteFile, '--to', url]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/^The PostgreSQL database is not empty \(rows in [a-z_, ]*users/);
      expect(again.stdout).toBe('');
      expect(await counts()).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('refuses a missing SQLite file, a file that is not SQLite and a URL it cannot reach, in plain words (exit 2), writing nothing', async () => {
    const target = await server!.createDatabase();
    const missing = join(dir, 'no-such.db');
    const noFile = await cli(['copy-to-postgres', '--from', missing, '--to', target]);
    expect(noFile).toMatchObject({ code: 2, stdout: '' });
    expect(noFile.stderr.trim()).toBe(`There is no SQLite file at ${missing}.`);
    expect(existsSync(missing)).toBe(false);

    const notSqlite = join(dir, 'notes.txt');
    writeFileSync(notSqlite, 'not a database, just words\n');
    const wrongFile = await cli(['copy-to-postgres', '--from', notSqlite, '--to', target]);
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr.trim()).toBe(`${notSqlite} is not a SQLite database file.`);

    const notUrl = await cli(['copy-to-postgres', '--from', sqliteFile, '--to', join(dir, 'other.db')]);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/^--to must be a PostgreSQL URL/);
    expect(existsSync(join(dir, 'other.db'))).toBe(false);

    const unreachable = target.replace(/\/cw_[0-9a-f]+\?/, '/no_such_database?').replace('postgres@', 'postgres:s3cret-pw@');
    const noDb = await cli(['copy-to-postgres', '--from', sqliteFile, '--to', unreachable]);
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/^Cannot reach the PostgreSQL database postgresql:\/\/postgres:\*\*\*@\/no_such_database.*does not exist/);
    expect(noDb.stderr).not.toContain('s3cret-pw');

    const missingArgs = await cli(['copy-to-postgres', '--from', sqliteFile]);
    expect(missingArgs.code).toBe(2);
    expect(missingArgs.stderr).toMatch(/needs --from <sqlite file> and --to <postgres url>/);

    // None of it touched the target: not even the migrations were applied.
    const db = await openStore(target);
    try {
      expect(await db.get("SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema()")).toBeUndefined();
    } finally {
      await db.close();
    }
  });

  it('rolls the whole copy back when the rows it wrote differ from the source: tables empty, ids not moved', async () => {
    const target = await server!.createDatabase();
    const [source, db] = [await SqliteStore.open(sqliteFile), await openStore(target)];
    try {
      const lines: string[] = [];
      const copy = copyToPostgres(source, db, {
        progress: (line) => lines.push(line),
        // As if a value were mangled on the way (the immutability triggers stop edits to versions, not users).
        beforeVerify: async (tx) => void (await tx.run("UPDATE users SET name = 'Someone Else' WHERE id = 1")),
      });
      await expect(copy).rejects.toThrow(CopyFailed);
      await expect(copy).rejects.toThrow(/rolled back.*users: the rows differ/);
      expect(lines).toContainEqual(expect.stringMatching(/^verified users: .* — DIFFERS$/));
      for (const table of ['users', 'audit_events', 'document_versions', 'renditions', 'deadlines']) expect(await countRows(db, table), table).toBe(0);
      const id = await db.transaction((tx) => tx.run("INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('a@example.test', 'A', 'admin', 'x', '2026-01-01')"));
      expect(id.insertedId).toBe(1);
    } finally {
      await Promise.all([source.close(), db.close()]);
    }
  });
});

describe.skipIf(!PG_BIN)('copy-to-postgres and schemas', () => {
  it('refuses a SQLite file that lacks a migration the target has, before copying a row', async () => {
    const file = join(dir, 'behind.db');
    const source = await SqliteStore.open(file);
    const target = await openStore(await server!.createDatabase());
    try {
      await migrate(source);
      const last = files('sqlite').at(-1)!;
      await source.transaction((tx) => tx.run('DELETE FROM schema_migrations WHERE name = ?', [last]));
      await expect(copyToPostgres(source, target)).rejects.toThrow(new CopyRefused(`The SQLite file lacks migrations ${last}: back it up, run clausewright migrate --database <file> on it, then copy again.`));
      expect(await countRows(target, 'users')).toBe(0);
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  });
});

describe('clausewright migrate', () => {

  it('applies every migration to a new SQLite file, and none on a second run', async () => {
    const file = join(dir, 'migrated.db');
    const first = await cli(['migrate', '--database', file, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ dialect: 'sqlite', applied: files('sqlite'), total: files('sqlite').length });
    const second = await cli(['migrate', '--json'], { CLAUSEWRIGHT_DB: file });
    expect(JSON.parse(second.stdout)).toMatchObject({ database: file, applied: [] });
    const plain = await cli(['migrate', '--database', file]);
    expect(plain.stdout).toBe(`${file} is up to date (${files('sqlite').length} migrations applied, none pending)\n`);
  });

  it.skipIf(!PG_BIN)('applies every migration to a new PostgreSQL database, and none on a second run', async () => {
    const url = await server!.createDatabase();
    const first = await cli(['migrate', '--database', url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`applied ${files('postgres').length} migration(s) to ${url}: ${files('postgres').join(', ')}\n`);
    const second = await cli(['migrate', '--json'], { DATABASE_URL: url });
    expect(JSON.parse(second.stdout)).toMatchObject({ dialect: 'postgres', applied: [], total: files('postgres').length });
  });
});

describe('clausewright backup', () => {
  it('writes a checked copy of a SQLite database', async () => {
    const file = join(dir, 'to-back-up.db');
    expect((await cli(['migrate', '--database', file])).code).toBe(0);
    const backup = await cli(['backup', join(dir, 'backup.db'), '--database', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/integrity: ok/);
    const missing = await cli(['backup', join(dir, 'backup2.db'), '--database', join(dir, 'nothing-here.db')]);
    expect(missing.code).toBe(2);
    expect(existsSync(join(dir, 'nothing-here.db'))).toBe(false);
  });

  it.skipIf(!PG_BIN)('on PostgreSQL runs pg_dump when it is on the PATH, and otherwise says to use pg_dump (exit 2)', async () => {
    const url = await server!.createDatabase();
    expect((await cli(['migrate', '--database', url])).code).toBe(0);
    const withoutTools = await cli(['backup', join(dir, 'pg.dump')], { DATABASE_URL: url, PATH: dir });
    expect(withoutTools.code).toBe(2);
    expect(withoutTools.stderr).toMatch(/^A PostgreSQL database is backed up with pg_dump, which is not installed/);
    expect(existsSync(join(dir, 'pg.dump'))).toBe(false);
    const withTools = await cli(['backup', join(dir, 'pg.dump')], { DATABASE_URL: url, PATH: `${PG_BIN}:/usr/bin:/bin` });
    expect(withTools.code, withTools.stderr).toBe(0);
    expect(withTools.stdout).toMatch(/^backup written to .*pg\.dump by pg_dump \(custom format, \d+ tables' data listed by pg_restore\)/);
    expect(readFileSync(join(dir, 'pg.dump')).subarray(0, 5).toString()).toBe('PGDMP');
  });
});
