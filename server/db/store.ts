/**
 * The seam between the services and a database engine (issue 22). Services and the per-table
 * modules in server/db speak only these types; each backend (sqlite-store.ts,
 * postgres/postgres-store.ts) implements them, and nothing above server/db sees a driver's
 * result shapes or error codes (health.ts classifies those).
 */

export type SqlValue = string | number | bigint | Buffer | null;
export type Params = readonly SqlValue[];
export type Dialect = 'sqlite' | 'postgres';

/** What a statement that returns no rows reports, the same on every backend. */
export interface RunResult {
  /** Rows inserted, updated or deleted. */
  rowsAffected: number;
  /** The `id` of the row an INSERT made (tables with an `id` key), otherwise null. */
  insertedId: number | null;
}

export const runResult = (rowsAffected: number, insertedId: number | null): RunResult => ({ rowsAffected, insertedId });

/** The new row's id from an INSERT into a table with an `id` key; its absence is a bug in the statement. */
export function insertedIdOf(result: RunResult): number {
  if (result.insertedId === null) throw new Error('the INSERT reported no new row id');
  return result.insertedId;
}

/** What read queries need: the store itself and a transaction both offer it. */
export interface Reader {
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
}

/** What writes need: only a transaction offers it, so every write runs at the store's single-writer point. */
export interface Queryable extends Reader {
  run(sql: string, params?: Params): Promise<RunResult>;
  /**
   * What this process's writer remembers between its transactions (e.g. the last audit hash),
   * to save a query while holding the write lock. Cleared on every rollback; another process may
   * still have written since, so whatever is read from it must be checked by the write that uses it.
   */
  readonly memo: Map<string, unknown>;
}

/**
 * A database: reads, and write transactions that run one at a time across every process using
 * it (SQLite's write lock; on PostgreSQL a transaction-scoped advisory lock), which is what the
 * audit hash chain and the version numbering rely on.
 */
export interface Store extends Reader {
  readonly dialect: Dialect;
  /** Runs `work` in one transaction; its writes are rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * A write transaction that does not queue for the writer lock: only for rows no invariant chains
   * through (a job's lease), so a long queue of writers cannot make a lease holder miss its
   * renewal. On SQLite, one writer per file, it is an ordinary transaction.
   */
  transactionBesideWriters<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Executes a script of statements outside any transaction (set-up only — never interpolated text). */
  exec(sql: string): Promise<void>;
  /** Runs `work` while no other process can run it on this database (the migrator). */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /** Applies one migration script and records it under `name`, all or nothing. */
  applyMigration(name: string, sql: string, at: string): Promise<void>;
  /** A committed write that changes nothing: proves the database accepts writes. */
  assertWritable(): Promise<void>;
  /** An online copy of the database to a file (SQLite); PostgreSQL is backed up with pg_dump. */
  backupTo(targetFile: string): Promise<void>;
  close(): Promise<void>;
}
