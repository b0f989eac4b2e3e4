import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export type { Dialect, Params, Queryable, Reader, RunResult, SqlValue, Store } from './store.ts';
export { insertedIdOf } from './store.ts';
export { SqliteStore } from './sqlite-store.ts';

/** What services are written against: a store on any backend (store.ts). */
export type Database = Store;

/** `Database.open(file)` opens the embedded SQLite store, as it always has. */
export const Database = { open: (file: string): Promise<SqliteStore> => SqliteStore.open(file) };

/** Whether a location names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (location: string) => /^postgres(?:ql)?:\/\//i.test(location);

/**
 * Opens the store a location names: `postgres://…` (or `postgresql://…`) is PostgreSQL, anything
 * else a SQLite file (or `:memory:`). The PostgreSQL driver is loaded only when asked for.
 */
export async function openStore(location: string): Promise<Store> {
  if (!isPostgresUrl(location)) return SqliteStore.open(location);
  const { PostgresStore } = await import('./postgres/postgres-store.ts');
  return PostgresStore.open(location);
}

/** The engine and its version, for the start-up log line (e.g. "sqlite 3.46.1", "postgres 15.14"). */
export async function engineVersion(db: Store): Promise<string> {
  const sql = db.dialect === 'postgres' ? "SELECT current_setting('server_version') AS v" : 'SELECT sqlite_version() AS v';
  const row = await db.get<{ v: string }>(sql);
  return `${db.dialect} ${row?.v ?? 'unknown'}`;
}
