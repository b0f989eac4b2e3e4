import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readConfig } from './main.ts';
import { databaseLocation, redactLocation } from './runtime.ts';
import { isPostgresUrl, openStore, type Store } from './db/database.ts';
import { SqliteStore } from './db/sqlite-store.ts';
import { migrate } from './db/migrate.ts';
import { CopyFailed, CopyRefused } from './db/copy/copy-errors.ts';
import { copyToPostgres, type CopyReport } from './db/copy/copy-to-postgres.ts';

/**
 * The database commands (issue 22): `migrate`, `backup` and the one-shot `copy-to-postgres`.
 * Exit codes: 0 done; 2 refused before anything was written (bad arguments, a missing file, a
 * PostgreSQL database that cannot be reached or is not empty, pg_dump not installed); 1 failed
 * (a copy that did not verify and was rolled back, a migration or backup that failed).
 */

/** The database the configuration names (runtime.ts): DATABASE_URL (PostgreSQL) if set, else the SQLite file CLAUSEWRIGHT_DB. */
const configuredLocation = () => databaseLocation(readConfig());

/** A refusal said in one sentence on stderr, with its exit code. */
class Refusal extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export async function migrateCommand(args: string[]): Promise<number> {
  return explained(async () => {
    const values = parse(args, { database: { type: 'string' }, json: { type: 'boolean' } }, 'migrate [--database <sqlite file|postgres url>] [--json]');
    const location = (values.database as string | undefined) ?? configuredLocation();
    const db = await openLocation(location, { exitCode: 1 });
    try {
      const applied = await migrate(db).catch((error: Error) => {
        // Each migration is all or nothing: those before the failing one stay applied.
        throw new Refusal(`A migration failed on ${redact(location)} and was rolled back (${redact(error.message, location)}).`, 1);
      });
      const total = (await db.all<{ name: string }>('SELECT name FROM schema_migrations')).length;
      if (values.json) {
        process.stdout.write(JSON.stringify({ database: redact(location), dialect: db.dialect, applied, total }) + '\n');
      } else if (applied.length) {
        process.stdout.write(`applied ${applied.length} migration(s) to ${redact(location)}: ${applied.join(', ')}\n`);
      } else {
        process.stdout.write(`${redact(location)} is up to date (${total} migrations applied, none pending)\n`);
      }
      return 0;
    } finally {
      await db.close();
    }
  });
}

export async function backupCommand(args: string[]): Promise<number> {
  return explained(async () => {
    const { values, positionals } = parseWithFile(args);
    const target = positionals[0];
    if (!target || positionals.length > 1) throw new Refusal('backup needs one target file: clausewright backup <file> [--database <sqlite file|postgres url>]');
    const location = (values.database as string | undefined) ?? configuredLocation();
    if (isPostgresUrl(location)) return pgDump(location, target);
    if (location !== ':memory:' && !existsSync(location)) throw new Refusal(`There is no database at ${location}, so there is nothing to back up.`);
    const db = await openLocation(location, { exitCode: 1 });
    try {
      await db.backupTo(target);
    } finally {
      await db.close();
    }
    const check = await SqliteStore.open(target);
    const result = await check.get<{ integrity_check: string }>('PRAGMA integrity_check').finally(() => check.close());
    process.stdout.write(`backup written to ${target} (integrity: ${result?.integrity_check})\n`);
    return result?.integrity_check === 'ok' ? 0 : 1;
  });
}

export async function copyToPostgresCommand(args: string[]): Promise<number> {
  return explained(async () => {
    const values = parse(args, { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } }, 'copy-to-postgres --from <sqlite file> --to <postgres url> [--json]');
    const from = values.from as string | undefined;
    const to = values.to as string | undefined;
    if (!from || !to) throw new Refusal('copy-to-postgres needs --from <sqlite file> and --to <postgres url>');
    await refuseUnlessSqliteFile(from);
    if (!isPostgresUrl(to)) throw new Refusal(`--to must be a PostgreSQL URL (postgres://user@host/database), not ${redact(to)}.`);
    const source = await openLocation(from, { exitCode: 2 });
    try {
      const target = await openLocation(to, { exitCode: 2 });
      try {
        const started = Date.now();
        const report = await copyToPostgres(source, target, { progress: (line) => process.stderr.write(line + '\n') });
        printCopyReport(report, { from, to: redact(to), seconds: (Date.now() - started) / 1000, json: Boolean(values.json) });
        return 0;
      } finally {
        await target.close();
      }
    } catch (error) {
      if (error instanceof CopyRefused) throw new Refusal(redact(error.message, to), 2);
      if (error instanceof CopyFailed) throw new Refusal(redact(error.message, to), 1);
      if (error instanceof Refusal) throw error;
      // Before the copy's transaction (reading the schemas, migrating the target): no row was copied.
      throw new Refusal(`copy-to-postgres failed before copying anything (${redact((error as Error).message, to)}).`, 1);
    } finally {
      await source.close();
    }
  });
}

function printCopyReport(report: CopyReport, run: { from: string; to: string; seconds: number; json: boolean }): void {
  if (run.json) {
    process.stdout.write(JSON.stringify({ from: run.from, to: run.to, seconds: run.seconds, ...report }) + '\n');
    return;
  }
  const width = Math.max(...report.tables.map((t) => t.table.length));
  const lines = [
    `copied ${report.rows} rows in ${report.tables.filter((t) => !t.derived).length} tables from ${run.from} to ${run.to} in ${run.seconds.toFixed(1)} s`,
    `verified: every table's row count and sha256 match the SQLite file; ${report.auditChain.rows ? `audit chain intact (${report.auditChain.rows} events, last ${report.auditChain.lastHash.slice(0, 16)}…)` : 'the audit log is empty'}`,
    ...(report.migrationsApplied.length ? [`migrations applied to the target first: ${report.migrationsApplied.join(', ')}`] : []),
    '',
    `${'table'.padEnd(width)}  ${'rows'.padStart(8)}  sha256`,
    ...report.tables.map((t) => `${t.table.padEnd(width)}  ${String(t.rows).padStart(8)}  ${t.sha256}${t.derived ? '  (kept by a trigger)' : ''}`),
    '',
    // The authenticator secrets were sealed with the key beside the file; every PostgreSQL app server needs it.
    `next: start the servers with DATABASE_URL set to the target and CLAUSEWRIGHT_SECRET_KEY=${existsSync(`${run.from}.key`) ? `$(cat ${run.from}.key)` : '<the key the SQLite server used>'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** A PostgreSQL database is backed up by its own tool: pg_dump if installed here, otherwise a plain instruction. */
async function pgDump(location: string, target: string): Promise<number> {
  const pgDumpPath = onPath('pg_dump');
  if (!pgDumpPath) {
    throw new Refusal(
      `A PostgreSQL database is backed up with pg_dump, which is not installed on this machine's PATH. Install the PostgreSQL client (Debian: postgresql-client) and run: pg_dump --format=custom --file ${target} "$DATABASE_URL" — restore with pg_restore.`,
    );
  }
  // The password goes in the environment, not on a command line any user of the machine can read.
  const { url, password } = withoutPassword(location);
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  try {
    await promisify(execFile)(pgDumpPath, ['--format=custom', '--file', target, '--dbname', url], { env });
  } catch (error) {
    throw new Refusal(`pg_dump failed: ${redact(String((error as { stderr?: string }).stderr || (error as Error).message).trim(), location)}`, 1);
  }
  const pgRestore = onPath('pg_restore');
  const listed = pgRestore ? (await promisify(execFile)(pgRestore, ['--list', target])).stdout : '';
  const tables = (listed.match(/ TABLE DATA /g) ?? []).length;
  process.stdout.write(`backup written to ${target} by pg_dump (custom format${pgRestore ? `, ${tables} tables' data listed by pg_restore` : ''}); restore it with pg_restore\n`);
  return 0;
}

function onPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, program))) return join(dir, program);
  return null;
}

/** Refuses, before opening anything (opening would create an empty file), unless `file` is an existing SQLite database. */
async function refuseUnlessSqliteFile(file: string): Promise<void> {
  if (isPostgresUrl(file)) throw new Refusal('--from must be the SQLite file to copy, not a PostgreSQL URL.');
  if (!existsSync(file)) throw new Refusal(`There is no SQLite file at ${file}.`);
  const header = Buffer.alloc(16);
  const handle = await open(file, 'r').catch((error: Error) => {
    throw new Refusal(`Cannot read ${file}: ${error.message}`);
  });
  try {
    await handle.read(header, 0, 16, 0);
  } finally {
    await handle.close();
  }
  if (header.toString('latin1') !== 'SQLite format 3\0') throw new Refusal(`${file} is not a SQLite database file.`);
}

async function openLocation(location: string, options: { exitCode: number }): Promise<Store> {
  try {
    return await openStore(location);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    const what = isPostgresUrl(location) ? 'reach the PostgreSQL database' : 'open the SQLite file';
    throw new Refusal(`Cannot ${what} ${redact(location)} (${code}: ${redact((error as Error).message, location)}).`, options.exitCode);
  }
}

/** A location with its password replaced by *** (as the server logs it), or a message with the location's password removed. */
function redact(text: string, location?: string): string {
  if (location === undefined) return redactLocation(text);
  let out = text;
  const { password } = withoutPassword(location);
  if (password) out = out.split(password).join('***').split(encodeURIComponent(password)).join('***');
  return out;
}

/** Splits a PostgreSQL URL's password (user:password@… or ?password=…) from the rest. */
function withoutPassword(location: string): { url: string; password: string | null } {
  if (!isPostgresUrl(location)) return { url: location, password: null };
  const inUserInfo = /^([a-z]+:\/\/[^:@/]*):([^@/]*)@/i.exec(location);
  const inQuery = /[?&]password=([^&#]*)/i.exec(location);
  let url = location;
  if (inUserInfo) url = url.replace(inUserInfo[0], `${inUserInfo[1]}@`);
  if (inQuery) url = url.replace(/([?&])password=[^&#]*&?/i, '$1').replace(/[?&]$/, '');
  const raw = inUserInfo?.[2] ?? inQuery?.[1];
  return { url, password: raw ? decodeURIComponent(raw) : null };
}

function parse(args: string[], options: ParseArgsConfig['options'], usage: string): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\nusage: clausewright ${usage}`);
  }
}

function parseWithFile(args: string[]) {
  try {
    return parseArgs({ args, options: { database: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\nusage: clausewright backup <file> [--database <sqlite file|postgres url>]`);
  }
}

/** Runs a command, turning a Refusal into its sentence on stderr and its exit code. */
async function explained(command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
}
