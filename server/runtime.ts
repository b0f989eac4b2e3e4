import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isPostgresUrl, openStore, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';

/**
 * The composition root for the database (issue 22): the one place the server, every CLI command
 * and the tests open the configured database, migrate it and prove it accepts writes.
 * `DATABASE_URL=postgres://…` (or postgresql://) selects PostgreSQL; without it the SQLite file
 * CLAUSEWRIGHT_DB is used, as it always has been, with no configuration.
 */

/** The part of the configuration that names the database (main.ts's Config satisfies it). */
export interface DatabaseConfig {
  /** A PostgreSQL URL; when set it wins over CLAUSEWRIGHT_DB. */
  DATABASE_URL?: string | undefined;
  /** The SQLite file (or `:memory:`) used when DATABASE_URL is not set. */
  CLAUSEWRIGHT_DB: string;
}

export interface Runtime {
  db: Database;
  /** Where the database is, safe to log or print: a URL's password is replaced by `***`. */
  location: string;
  /**
   * Whether this start created the database: a SQLite file that did not exist (or `:memory:`),
   * or a PostgreSQL database whose first migration this start applied (the migration lock lets
   * only one of several app servers starting together see that). Demo seeding keys on it.
   */
  created: boolean;
}

/** The location a configuration opens: the PostgreSQL URL if one is set, else the SQLite file. */
export const databaseLocation = (config: DatabaseConfig): string => config.DATABASE_URL || config.CLAUSEWRIGHT_DB;

const PASSWORD_IN_QUERY = /([?&]password=)[^&#]*/gi;

/** A location with any password removed, for logs and error messages. */
export function redactLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    return url.toString().replace(PASSWORD_IN_QUERY, '$1***');
  } catch {
    // Not parseable as a URL (e.g. a socket URL with no host): mask what follows "user:" up to the "@".
    return location.replace(/^([a-z]+:\/\/[^:@/]*):[^@]*@/i, '$1:***@').replace(PASSWORD_IN_QUERY, '$1***');
  }
}

/** The passwords a location carries, so a driver's message that repeats one can be cleaned. */
function passwordsIn(location: string): string[] {
  const found: string[] = [];
  try {
    const url = new URL(location);
    if (url.password) found.push(url.password, decodeURIComponent(url.password));
    const fromQuery = url.searchParams.get('password');
    if (fromQuery) found.push(fromQuery);
  } catch {
    // Not a parseable URL: take what redactLocation masks.
    const masked = /^[a-z]+:\/\/[^:@/]*:([^@]*)@/i.exec(location)?.[1];
    if (masked) found.push(masked);
  }
  return found.filter((p) => p.length > 0);
}

/** Opens, migrates and checks the configured database; a fault is one StartupError sentence naming the location. */
export async function openRuntime(config: DatabaseConfig): Promise<Runtime> {
  const location = databaseLocation(config);
  const postgres = isPostgresUrl(location);
  const shown = redactLocation(location);
  let db: Database | undefined;
  try {
    const fileIsNew = !postgres && (location === ':memory:' || !existsSync(location));
    if (!postgres && location !== ':memory:') await mkdir(dirname(location), { recursive: true });
    db = await openStore(location);
    const applied = await migrate(db);
    // SQLite opens a file it may not write read-only without a word, and a PostgreSQL standby
    // accepts reads only: every write would then fail, so refuse to start instead.
    await db.assertWritable();
    const created = postgres ? applied.some((name) => name.startsWith('001_')) : fileIsNew;
    return { db, location: shown, created };
  } catch (error) {
    await db?.close().catch(() => undefined);
    const code = (error as { code?: string }).code ?? 'error';
    let message = (error as Error)?.message ?? String(error);
    for (const password of passwordsIn(location)) message = message.split(password).join('***');
    const advice = postgres
      ? 'Check that the PostgreSQL server is running and reachable, the database exists, the user may write to it and the password is right, or correct DATABASE_URL.'
      : 'Check that the file and its directory exist, are writable by this user and the disk is not full, or set CLAUSEWRIGHT_DB.';
    throw new StartupError(`clausewright cannot use its database ${shown} (${code}: ${message}). ${advice}`);
  }
}

/** Opens the configured database (see openRuntime) for a command that needs only the store. */
export const openDatabase = async (config: DatabaseConfig): Promise<Database> => (await openRuntime(config)).db;

/** A reason the server or a command cannot start, said in one sentence (no stack trace). */
export class StartupError extends Error {}
