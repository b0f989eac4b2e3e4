import { hashAuditRow } from '../../services/audit/record-audit.ts';
import type { AuditRow } from '../audit.ts';
import { migrate } from '../migrate.ts';
import type { Queryable, Reader, SqlValue, Store } from '../store.ts';
import { CopyFailed, CopyRefused } from './copy-errors.ts';
import { TableHasher } from './table-hash.ts';
import { planCopy, type TablePlan } from './table-plan.ts';

/**
 * The one-shot move from the embedded SQLite file to PostgreSQL (issue 22): every application
 * table copied with its ids, in foreign-key order, a page of rows at a time, inside one
 * PostgreSQL transaction that commits only if every table's row count and content hash match
 * the source and the audit hash chain verifies on the target. Anything else rolls it all back.
 *
 * Nothing is disabled to get the rows in: the immutability triggers refuse UPDATE, DELETE and
 * TRUNCATE, and the copy only INSERTs. The source is read inside one SQLite write transaction,
 * so the copy is one consistent snapshot and a server still writing to the file is held off
 * (its writes wait, then fail as busy) rather than writing rows the copy would miss.
 */

export interface CopyOptions {
  /** Rows per page for ordinary tables (default 500); tables holding bytes go 20 at a time. */
  pageRows?: number;
  /** One line per step (table copied, table verified), for stderr. */
  progress?: (line: string) => void;
  /** Runs on the target after the rows are in and before they are verified (tests prove a difference rolls the copy back). */
  beforeVerify?: (target: Queryable) => Promise<void>;
}

export interface TableReport {
  table: string;
  rows: number;
  /** The content hash (table-hash.ts), the same on both sides. */
  sha256: string;
  /** Filled on PostgreSQL by a trigger while its source rows were copied; verified, not copied. */
  derived: boolean;
}

export interface CopyReport {
  /** Migrations the copy applied to the target first. */
  migrationsApplied: string[];
  tables: TableReport[];
  rows: number;
  /** The audit log's length and newest hash, re-verified row by row on the target. */
  auditChain: { rows: number; lastHash: string };
  /** Each identity column's next value on the target, past the highest copied id. */
  identities: { table: string; column: string; next: number }[];
}

const DEFAULT_PAGE_ROWS = 500;
/** A page of Word renditions or signed copies: a few MB, however large the table. */
const BYTES_PAGE_ROWS = 20;
/** PostgreSQL takes at most 65,535 parameters a statement; stay well below. */
const MAX_PARAMETERS = 30_000;
const CURSOR = 'cw_copy_verify';
const PROGRESS_EVERY_MS = 10_000;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

export async function copyToPostgres(source: Store, target: Store, options: CopyOptions = {}): Promise<CopyReport> {
  if (source.dialect !== 'sqlite') throw new CopyRefused('The source must be a SQLite file.');
  if (target.dialect !== 'postgres') throw new CopyRefused('The target must be a PostgreSQL database (postgres://…).');
  const progress = options.progress ?? (() => undefined);
  const sourceMigrations = await appliedMigrations(source);
  if (!sourceMigrations) throw new CopyRefused('The source file is not a clausewright database (it has no schema_migrations table).');
  // Checked before migrating, so a database holding someone else's data is left exactly as it was.
  await refuseUnlessEmpty(target);
  const migrationsApplied = await migrate(target);
  refuseUnlessSameMigrations(sourceMigrations, (await appliedMigrations(target))!);
  const plan = await planCopy(source, target);

  let step = 'starting';
  try {
    return await source.transaction((src) =>
      target.transaction(async (dst) => {
        // Again with the writer lock held: nothing may have been written since the first look.
        await refuseUnlessEmpty(dst);
        const sourceHashes = new Map<string, TableHasher>();
        const sourceChain = new AuditChain();
        for (const table of plan.filter((t) => !t.derived)) {
          step = `copying ${table.name}`;
          const started = Date.now();
          const onRow = table.name === 'audit_events' ? (row: Record<string, unknown>) => sourceChain.add(row) : undefined;
          // A large table (years of versions with their Word files) says how far it has got every 10 s.
          let lastNote = started;
          const onPage = (rows: number) => {
            if (Date.now() - lastNote < PROGRESS_EVERY_MS) return;
            lastNote = Date.now();
            progress(`copying ${table.name}: ${rows} rows so far (${seconds(started)} s)`);
          };
          sourceHashes.set(table.name, await copyTable(src, dst, table, pageRowsFor(table, options.pageRows), onRow, onPage));
          progress(`copied ${table.name}: ${sourceHashes.get(table.name)!.rows} rows (${seconds(started)} s)`);
        }
        for (const table of plan.filter((t) => t.derived)) {
          step = `reading ${table.name}`;
          sourceHashes.set(table.name, await hashSqliteTable(src, table, pageRowsFor(table, options.pageRows)));
        }
        await options.beforeVerify?.(dst);

        const tables: TableReport[] = [];
        const problems: string[] = [];
        const targetChain = new AuditChain();
        for (const table of plan) {
          step = `verifying ${table.name}`;
          const onRow = table.name === 'audit_events' ? (row: Record<string, unknown>) => targetChain.add(row) : undefined;
          const copied = await hashPostgresTable(dst, table, pageRowsFor(table, options.pageRows), onRow);
          const original = sourceHashes.get(table.name)!;
          const [sourceHash, targetHash] = [original.digest(), copied.digest()];
          const same = original.rows === copied.rows && sourceHash === targetHash;
          if (original.rows !== copied.rows) problems.push(`${table.name}: ${original.rows} rows in the SQLite file, ${copied.rows} in PostgreSQL`);
          else if (sourceHash !== targetHash) problems.push(`${table.name}: the rows differ (sha256 ${sourceHash.slice(0, 12)}… in the SQLite file, ${targetHash.slice(0, 12)}… in PostgreSQL)`);
          progress(`verified ${table.name}: ${copied.rows} rows, sha256 ${targetHash.slice(0, 16)}…${same ? '' : ' — DIFFERS'}${table.derived ? ' (kept by a trigger)' : ''}`);
          tables.push({ table: table.name, rows: copied.rows, sha256: targetHash, derived: table.derived });
        }
        if (targetChain.brokenAt !== null) {
          const already = sourceChain.brokenAt === targetChain.brokenAt ? ' (the SQLite file’s chain is already broken there: that file was changed outside clausewright)' : '';
          problems.push(`audit_events: the hash chain breaks at row id ${targetChain.brokenAt}${already}`);
        }
        if (problems.length) throw new CopyFailed(`The copy did not match its source and was rolled back; PostgreSQL is as it was before. ${problems.join('; ')}.`);

        step = 'moving identity columns past the copied ids';
        const identities = await restartIdentities(dst, plan);
        return {
          migrationsApplied,
          tables,
          rows: tables.filter((t) => !t.derived).reduce((sum, t) => sum + t.rows, 0),
          auditChain: { rows: targetChain.rows, lastHash: targetChain.lastHash },
          identities,
        };
      }),
    );
  } catch (error) {
    if (error instanceof CopyRefused || error instanceof CopyFailed) throw error;
    throw new CopyFailed(`The copy failed while ${step} and was rolled back; PostgreSQL is as it was before (${(error as Error).message}).`);
  }
}

/** The names in schema_migrations, or null when the database has no such table. */
async function appliedMigrations(db: Store): Promise<string[] | null> {
  const exists =
    db.dialect === 'sqlite'
      ? await db.get("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      : await db.get("SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'");
  if (!exists) return null;
  return (await db.all<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
}

function refuseUnlessSameMigrations(source: string[], target: string[]): void {
  const missingInSource = target.filter((m) => !source.includes(m));
  const unknownHere = source.filter((m) => !target.includes(m));
  if (unknownHere.length) {
    throw new CopyRefused(`The SQLite file has migrations this clausewright does not know (${unknownHere.join(', ')}): copy it with the clausewright version that wrote it.`);
  }
  if (missingInSource.length) {
    throw new CopyRefused(`The SQLite file lacks migrations ${missingInSource.join(', ')}: back it up, run clausewright migrate --database <file> on it, then copy again.`);
  }
}

/** Refuses unless every table in the target's schema (ours or anyone's) is empty; schema_migrations alone may hold rows. */
async function refuseUnlessEmpty(target: Reader): Promise<void> {
  const tables = await target.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name",
  );
  const holding: string[] = [];
  for (const { name } of tables) if (await target.get(`SELECT 1 AS found FROM ${quote(name)} LIMIT 1`)) holding.push(name);
  if (holding.length) {
    throw new CopyRefused(`The PostgreSQL database is not empty (rows in ${holding.join(', ')}). copy-to-postgres only fills a new, empty database, so nothing there is overwritten or mixed: create one (createdb) and copy into it.`);
  }
}

const pageRowsFor = (table: TablePlan, pageRows = DEFAULT_PAGE_ROWS) =>
  Math.max(1, Math.min(table.hasBytes ? Math.min(pageRows, BYTES_PAGE_ROWS) : pageRows, Math.floor(MAX_PARAMETERS / table.columns.length)));

type Row = Record<string, SqlValue>;

/**
 * Reads a SQLite table a page at a time in key order (keyset paging on the primary key, so each
 * page is an index search and only one page is in memory), hashing each page and handing it on.
 * Key columns are compared with their declared collation, BINARY for every key we have; a key
 * that sorted otherwise would show as a hash difference, never as a wrong copy.
 */
async function eachSqlitePage(src: Reader, table: TablePlan, pageRows: number, onPage: (rows: Row[]) => Promise<void>): Promise<void> {
  const columns = table.columns.map(quote).join(', ');
  const key = table.key.map(quote).join(', ');
  let after: SqlValue[] | null = null;
  for (;;) {
    const where = after ? `WHERE (${key}) > (${after.map(() => '?').join(', ')})` : '';
    const rows: Row[] = await src.all<Row>(`SELECT ${columns} FROM ${quote(table.name)} ${where} ORDER BY ${key} LIMIT ${pageRows}`, after ?? []);
    if (rows.length === 0) return;
    await onPage(rows);
    if (rows.length < pageRows) return;
    const last: Row = rows[rows.length - 1]!;
    after = table.key.map((k) => last[k] ?? null);
  }
}

async function copyTable(src: Reader, dst: Queryable, table: TablePlan, pageRows: number, onRow?: (row: Row) => void, onPage?: (rowsSoFar: number) => void): Promise<TableHasher> {
  const hasher = new TableHasher(table.columns);
  const columns = table.columns.map(quote).join(', ');
  await eachSqlitePage(src, table, pageRows, async (rows) => {
    const params: SqlValue[] = [];
    const tuples = rows.map((row) => {
      hasher.add(row);
      onRow?.(row);
      const start = params.length;
      for (const column of table.columns) params.push(row[column] ?? null);
      return `(${table.columns.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    await dst.run(`INSERT INTO ${quote(table.name)} (${columns}) VALUES ${tuples.join(', ')}`, params);
    onPage?.(hasher.rows);
  });
  return hasher;
}

async function hashSqliteTable(src: Reader, table: TablePlan, pageRows: number): Promise<TableHasher> {
  const hasher = new TableHasher(table.columns);
  await eachSqlitePage(src, table, pageRows, async (rows) => rows.forEach((row) => hasher.add(row)));
  return hasher;
}

/**
 * Hashes a PostgreSQL table in key order through a cursor, a page at a time. Text keys sort in
 * the "C" collation (bytewise, as SQLite's BINARY), whatever the database's own collation is.
 */
async function hashPostgresTable(dst: Queryable, table: TablePlan, pageRows: number, onRow?: (row: Row) => void): Promise<TableHasher> {
  const hasher = new TableHasher(table.columns);
  const order = table.key.map((k) => (table.textKey.includes(k) ? `${quote(k)} COLLATE "C"` : quote(k))).join(', ');
  await dst.run(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${order}`);
  for (;;) {
    const rows = await dst.all<Row>(`FETCH FORWARD ${pageRows} FROM ${CURSOR}`);
    for (const row of rows) {
      hasher.add(row);
      onRow?.(row);
    }
    if (rows.length < pageRows) break;
  }
  await dst.run(`CLOSE ${CURSOR}`);
  return hasher;
}

/** Follows the audit log in id order: each row must carry the hash of the one before and its own recomputed hash. */
class AuditChain {
  rows = 0;
  lastHash = '';
  brokenAt: number | null = null;

  add(row: Record<string, unknown>): void {
    const audit = row as unknown as AuditRow;
    this.rows++;
    if (this.brokenAt === null && (audit.prev_hash !== this.lastHash || audit.row_hash !== hashAuditRow(this.lastHash, audit))) this.brokenAt = audit.id;
    this.lastHash = audit.row_hash;
  }
}

/**
 * Moves each identity column to one past the highest copied id, so the next row PostgreSQL
 * numbers follows the copied ones. ALTER TABLE … RESTART is transactional (setval is not), so a
 * copy rolled back afterwards leaves the sequences as they were too.
 */
async function restartIdentities(dst: Queryable, plan: TablePlan[]): Promise<CopyReport['identities']> {
  const identities: CopyReport['identities'] = [];
  for (const table of plan) {
    if (!table.identity) continue;
    const row = await dst.get<{ next: number }>(`SELECT COALESCE(MAX(${quote(table.identity)}), 0) + 1 AS next FROM ${quote(table.name)}`);
    const next = Number(row?.next ?? 1);
    if (!Number.isSafeInteger(next)) throw new Error(`the next ${table.name}.${table.identity} is not a whole number (${row?.next})`);
    await dst.run(`ALTER TABLE ${quote(table.name)} ALTER COLUMN ${quote(table.identity)} RESTART WITH ${next}`);
    identities.push({ table: table.name, column: table.identity, next });
  }
  return identities;
}

const seconds = (started: number) => ((Date.now() - started) / 1000).toFixed(1);
