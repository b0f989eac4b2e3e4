import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/database.ts';
import { SqliteStore } from '../../server/db/sqlite-store.ts';
import { PostgresStore } from '../../server/db/postgres/postgres-store.ts';
import { migrate, migrationsDir } from '../../server/db/migrate.ts';
import { databaseFaultCode } from '../../server/db/health.ts';
import { insertTarget, toPostgresSql } from '../../server/db/postgres/dialect.ts';
import { databaseUnavailable } from '../../server/http/errors.ts';
import { findUserByEmail, insertUser } from '../../server/db/users.ts';
import { listAuditAll } from '../../server/db/audit.ts';
import { findLease } from '../../server/db/job-leases.ts';
import { JobLease } from '../../server/services/jobs/lease.ts';
import { listVersions } from '../../server/db/documents.ts';
import { hashAuditRow, recordAudit, type Actor } from '../../server/services/audit/record-audit.ts';
import { addUser } from '../../server/services/users/users.ts';
import { createMatter } from '../../server/services/matters/matters.ts';
import { createDocument, createVersion } from '../../server/services/documents/documents.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import type { ServiceContext } from '../../server/services/context.ts';
import { AppError } from '../../server/errors.ts';
import { sampleMatter, testCatalogFiles } from '../helpers/test-app.ts';
import { sample } from '../helpers/documents.ts';
import { findPostgresBin, startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';

/**
 * The store seam (issue 22): the same migrations, service scenario and invariants on the
 * embedded SQLite store and on a real PostgreSQL server started for this file; on PostgreSQL,
 * two stores (two app servers' pools) writing at once.
 */

const PG_BIN = findPostgresBin();
if (!PG_BIN) console.warn('PostgreSQL tests skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');

let server: PostgresServer | undefined;
beforeAll(async () => {
  if (PG_BIN) server = await startPostgres(PG_BIN);
});
afterAll(() => server?.stop());

const backends = [
  { name: 'sqlite', open: (): Promise<Store> => SqliteStore.open(':memory:'), skip: false },
  { name: 'postgres', open: async (): Promise<Store> => openStore(await server!.createDatabase()), skip: !PG_BIN },
];

const SYSTEM: Actor = { userId: null, role: null, ip: null, requestId: null };

/** Every audit row's prev_hash is the row before's row_hash, and its row_hash is recomputed from its fields. */
async function expectIntactChain(db: Store): Promise<number> {
  const rows = await listAuditAll(db, 0, 100_000);
  let prev = '';
  rows.forEach((row, i) => {
    expect(row.prev_hash, `audit row ${i + 1} (id ${row.id}) follows the row before it`).toBe(prev);
    expect(row.row_hash, `audit row ${i + 1} hash`).toBe(hashAuditRow(prev, row));
    prev = row.row_hash;
  });
  return rows.length;
}

describe.each(backends)('the $name store', ({ name, open, skip }) => {
  it.skipIf(skip)('applies every migration of its dialect once, and a second run applies none', async () => {
    const db = await open();
    try {
      const files = readdirSync(migrationsDir(db.dialect)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
      expect(db.dialect).toBe(name);
      expect(await migrate(db)).toEqual(files);
      expect(await migrate(db)).toEqual([]);
      await db.assertWritable();
    } finally {
      await db.close();
    }
  });

  it.skipIf(skip)('runs the service scenario: user, matter, document and version, audit chain intact', async () => {
    const db = await open();
    try {
      await migrate(db);
      const now = new Date('2026-11-22T15:00:00Z');
      const adminId = await db.transaction((tx) => insertUser(tx, { email: 'Admin@Example.test', name: 'Ada Admin', role: 'admin', passwordHash: 'x', createdAt: now.toISOString() }));
      expect(typeof adminId).toBe('number');
      // E-mail addresses compare without regard to case on both backends (SQLite: COLLATE NOCASE).
      expect((await findUserByEmail(db, 'admin@example.TEST'))?.id).toBe(adminId);
      const attorney = await addUser({ db, now, actor: { ...SYSTEM, userId: adminId, role: 'admin' } }, { email: 'avery@example.test', name: 'Avery Attorney', role: 'attorney', password: 'correct horse battery staple' });
      expect(attorney).toMatchObject({ email: 'avery@example.test', role: 'attorney' });
      const ctx: ServiceContext = { db, now, principal: { id: attorney.id, role: 'attorney', name: attorney.name, email: attorney.email }, actor: { ...SYSTEM, userId: attorney.id, role: 'attorney' } };
      const matter = await createMatter(ctx, { ...sampleMatter(), clientUserIds: [], staffUserIds: [] } as Parameters<typeof createMatter>[1]);
      expect(matter.id).toEqual(expect.any(Number));
      const catalog = await openCatalog(db, await testCatalogFiles(), now);
      const { document, version } = await createDocument(ctx, catalog, matter.id, { kind: 'msa', answers: sample('msa'), choices: {}, overrides: {}, note: '' });
      expect(version.versionNo).toBe(1);
      const second = await createVersion(ctx, catalog, document.id, { baseVersionNo: 1, answers: { ...sample('msa'), monthlyFee: 47_500 }, choices: {}, overrides: {}, note: 'fee' });
      expect(second.version.versionNo).toBe(2);
      await expect(createVersion(ctx, catalog, document.id, { baseVersionNo: 1, answers: sample('msa'), choices: {}, overrides: {}, note: 'stale' })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'stale_base_version', currentVersionNo: 2 } });
      const stored = await listVersions(db, document.id);
      expect(stored.map((v) => [v.version_no, v.base_version_no])).toEqual([
        [1, 0],
        [2, 1],
      ]);
      // The bytes come back as stored (BLOB / BYTEA), and their SHA-256 is the one recorded.
      const bytes = await db.get<{ docx: Buffer; sha256: string }>('SELECT docx, sha256 FROM document_versions WHERE document_id = ? AND version_no = ?', [document.id, 2]);
      expect(Buffer.isBuffer(bytes!.docx)).toBe(true);
      expect(createHash('sha256').update(bytes!.docx).digest('hex')).toBe(bytes!.sha256);
      const types = (await listAuditAll(db, 0, 100)).map((r) => r.type);
      // The stale save is refused and audited.
      expect(types).toEqual(['user.created', 'matter.created', 'document.created', 'version.created', 'version.conflict']);
      expect(await expectIntactChain(db)).toBe(5);
      // The database itself refuses to rewrite history.
      await expect(db.transaction((tx) => tx.run("UPDATE audit_events SET data = '{}' WHERE id = 1"))).rejects.toThrow(/append-only/);
      await expect(db.transaction((tx) => tx.run('DELETE FROM document_versions'))).rejects.toThrow(/immutable/);
    } finally {
      await db.close();
    }
  });
});

describe('query text for PostgreSQL (server/db/postgres/dialect.ts)', () => {
  it('numbers placeholders, keeps ?N numbers and quoted question marks, and rewrites the SQLite-only phrases', () => {
    expect(toPostgresSql("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?")).toBe("SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2");
    expect(toPostgresSql('SELECT x FROM t WHERE a = ?1 OR b = ?1 AND c <> ?2')).toBe('SELECT x FROM t WHERE a = $1 OR b = $1 AND c <> $2');
    expect(toPostgresSql('FROM deadlines d\n  CROSS JOIN matters m ON m.id = d.matter_id\n  CROSS JOIN documents ON documents.id = d.document_id')).toBe(
      'FROM deadlines d\n  JOIN matters m ON m.id = d.matter_id\n  JOIN documents ON documents.id = d.document_id',
    );
    expect(toPostgresSql('ORDER BY p.name COLLATE NOCASE, p.id')).toBe('ORDER BY p.name COLLATE cw_nocase, p.id');
    expect(insertTarget('INSERT INTO users (email) VALUES (?)')).toBe('users');
    expect(insertTarget('INSERT INTO documents (a) VALUES (?) RETURNING *')).toBeNull();
    expect(insertTarget('UPDATE users SET a = ?')).toBeNull();
  });
});

describe('SQLite and PostgreSQL schemas', () => {
  it.skipIf(!PG_BIN)('have the same tables and columns in the same order (every migration has its twin)', async () => {
    const sqlite = await SqliteStore.open(':memory:');
    const postgres = await openStore(await server!.createDatabase());
    try {
      await Promise.all([migrate(sqlite), migrate(postgres)]);
      const sqliteTables = await sqlite.all<{ name: string; columns: string }>(
        "SELECT m.name, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info(m.name) ORDER BY cid)) AS columns FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name",
      );
      const postgresTables = await postgres.all<{ name: string; columns: string }>(
        "SELECT table_name AS name, string_agg(column_name, ',' ORDER BY ordinal_position) AS columns FROM information_schema.columns WHERE table_schema = current_schema() GROUP BY table_name ORDER BY table_name COLLATE \"C\"",
      );
      expect(sqliteTables.length).toBeGreaterThan(20);
      expect(postgresTables).toEqual(sqliteTables);
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });
});

describe.skipIf(!PG_BIN)('two app servers on one PostgreSQL database', () => {
  /** A fresh database and two stores on it, as two app servers would open it. */
  async function twoServers(options: { lockTimeoutMs?: number } = {}) {
    const url = await server!.createDatabase();
    const [a, b] = await Promise.all([PostgresStore.open(url, options), PostgresStore.open(url, options)]);
    return { url, a, b, close: () => Promise.all([a.close(), b.close()]) };
  }

  it('start at once: both migrate, each migration is applied exactly once', async () => {
    const { a, b, close } = await twoServers();
    try {
      const [appliedA, appliedB] = await Promise.all([migrate(a), migrate(b)]);
      const all = readdirSync(migrationsDir('postgres')).filter((f) => f.endsWith('.sql')).sort();
      expect([...appliedA, ...appliedB].sort()).toEqual(all);
      expect((await a.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name)).toEqual(all);
    } finally {
      await close();
    }
  });

  it('keep the audit hash chain intact while both append at once (2 × 60 transactions)', async () => {
    const { a, b, close } = await twoServers();
    try {
      await migrate(a);
      const at = new Date('2026-11-22T15:00:00Z');
      const append = (db: Store, node: string, i: number) =>
        db.transaction((tx) => recordAudit(tx, { ...SYSTEM, requestId: `${node}-${i}` }, at, { type: 'user.created', object: { type: 'user', id: i }, data: { email: `${node}${i}@example.test`, role: 'client' } }));
      await Promise.all(Array.from({ length: 60 }, (_, i) => [append(a, 'a', i), append(b, 'b', i)]).flat());
      expect(await expectIntactChain(a)).toBe(120);
      const perNode = await a.all<{ node: string; n: number }>("SELECT substr(request_id, 1, 1) AS node, count(*) AS n FROM audit_events GROUP BY 1 ORDER BY 1");
      expect(perNode).toEqual([
        { node: 'a', n: 60 },
        { node: 'b', n: 60 },
      ]);
    } finally {
      await close();
    }
  });

  it('number versions uniquely and contiguously while both save versions of one document', async () => {
    const { a, b, close } = await twoServers();
    try {
      await migrate(a);
      const now = new Date('2026-11-22T15:00:00Z');
      const attorneyId = await a.transaction((tx) => insertUser(tx, { email: 'avery@example.test', name: 'Avery Attorney', role: 'attorney', passwordHash: 'x', createdAt: now.toISOString() }));
      const ctxOf = (db: Store): ServiceContext => ({ db, now, principal: { id: attorneyId, role: 'attorney', name: 'Avery Attorney', email: 'avery@example.test' }, actor: { ...SYSTEM, userId: attorneyId, role: 'attorney' } });
      const files = await testCatalogFiles();
      const [catalogA, catalogB] = [await openCatalog(a, files, now), await openCatalog(b, files, now)];
      const matter = await createMatter(ctxOf(a), { ...sampleMatter(), clientUserIds: [], staffUserIds: [] } as Parameters<typeof createMatter>[1]);
      const { document } = await createDocument(ctxOf(a), catalogA, matter.id, { kind: 'msa', answers: sample('msa'), choices: {}, overrides: {}, note: '' });
      let conflicts = 0;
      // Each worker saves `wins` versions, each against the head it just read; a 409 means another got there first.
      const worker = async (db: Store, catalog: typeof catalogA, wins: number) => {
        for (let saved = 0; saved < wins; ) {
          const head = (await db.get<{ current_version_no: number }>('SELECT current_version_no FROM documents WHERE id = ?', [document.id]))!.current_version_no;
          try {
            await createVersion(ctxOf(db), catalog, document.id, { baseVersionNo: head, answers: { ...sample('msa'), monthlyFee: 40_000 + head }, choices: {}, overrides: {}, note: '' });
            saved++;
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
            conflicts++;
          }
        }
      };
      await Promise.all([worker(a, catalogA, 4), worker(a, catalogA, 4), worker(b, catalogB, 4), worker(b, catalogB, 4)]);
      const versions = await listVersions(a, document.id);
      expect(versions.map((v) => v.version_no)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
      expect(versions.every((v) => v.base_version_no === v.version_no - 1)).toBe(true);
      expect((await a.get<{ current_version_no: number }>('SELECT current_version_no FROM documents WHERE id = ?', [document.id]))!.current_version_no).toBe(17);
      // user (none: inserted directly), matter, document, 16 versions and one event per refused save.
      expect(await expectIntactChain(a)).toBe(2 + 16 + conflicts);
      console.info(`two app servers, 4 writers: 16 versions saved, ${conflicts} stale saves refused with 409`);
    } finally {
      await close();
    }
  });

  it('refuse a write that cannot get the writer lock in time as busy (503 database_busy), not a 500', async () => {
    const { a, b, close } = await twoServers({ lockTimeoutMs: 300 });
    try {
      await migrate(a);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const started = new Promise<void>((resolve) => (holding = resolve));
      const holder = a.transaction(async () => {
        holding();
        await held;
      });
      await started;
      const error = await b.transaction((tx) => tx.run('DELETE FROM sessions')).catch((e: unknown) => e);
      release();
      await holder;
      const code = databaseFaultCode(error);
      expect(code).toBe('55P03');
      expect(databaseUnavailable(code!).details).toEqual({ reason: 'database_busy' });
      // Once the lock is free the same write goes through.
      await expect(b.transaction((tx) => tx.run('DELETE FROM sessions'))).resolves.toMatchObject({ rowsAffected: 0, insertedId: null });
    } finally {
      await close();
    }
  });

  it('renew a job lease while another server holds the writer lock (the lease does not queue behind saves)', async () => {
    const { a, b, close } = await twoServers({ lockTimeoutMs: 300 });
    try {
      await migrate(a);
      const lease = new JobLease(b, 'deadline-roll', 'server-b', 60_000);
      expect(await lease.acquire()).toBe(true);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const started = new Promise<void>((resolve) => (holding = resolve));
      const holder = a.transaction(async () => {
        holding();
        await held;
      });
      await started;
      // A write on b would wait 300 ms and be refused (the test above); the renewal goes through.
      const renewed = await lease.acquire().catch((e: unknown) => e);
      release();
      await holder;
      expect(renewed).toBe(true);
      expect((await findLease(a, 'deadline-roll'))?.holder).toBe('server-b');
    } finally {
      await close();
    }
  });
});
