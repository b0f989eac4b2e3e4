import sqlite3 from 'sqlite3';
import { Mutex } from './mutex.ts';

export type SqlValue = string | number | bigint | Buffer | null;
export type Params = readonly SqlValue[];

/** What read queries need: the database's read connection and a transaction both offer it. */
export interface Reader {
  get<T>(sql: string, params?: Params): Promise<T | undefined>;
  all<T>(sql: string, params?: Params): Promise<T[]>;
}

/** What writes need: only a transaction offers it, so every write runs under the write lock. */
export interface Queryable extends Reader {
  run(sql: string, params?: Params): Promise<{ lastID: number; changes: number }>;
  /**
   * What this process's writer remembers between its transactions (e.g. the last audit hash),
   * to save a query under the write lock. Cleared on every rollback; another process may
   * still have written since, so whatever is read from it must be checked by the write that uses it.
   */
  readonly memo: Map<string, unknown>;
}

/**
 * One promise wrapper over node-sqlite3.
 *
 * node-sqlite3 shares one connection between every async caller, so two requests that both
 * BEGIN on it interleave their statements ("cannot start a transaction within a transaction",
 * or one request's ROLLBACK undoing another's work). We therefore keep exactly one write
 * connection behind a FIFO mutex and open every write transaction with BEGIN IMMEDIATE, which
 * takes the write lock up front instead of failing with SQLITE_BUSY on upgrade in WAL mode.
 * Reads use a second connection and see the last committed snapshot.
 * (../shared/reference/reliability-security.md §2.8)
 */
export class Database implements Reader {
  private readonly writeLock = new Mutex();
  private readonly writerMemo = new Map<string, unknown>();
  private closed = false;

  private constructor(
    private readonly writer: sqlite3.Database,
    private readonly reader: sqlite3.Database,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<Database> {
    const writer = await openConnection(file);
    // An in-memory database is private to its connection, so it has to share the writer.
    const reader = file === ':memory:' ? writer : await openConnection(file);
    return new Database(writer, reader, file);
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return getOn<T>(this.reader, sql, params);
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return allOn<T>(this.reader, sql, params);
  }

  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT on the write connection; rolls back if it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.writeLock.runExclusive(async () => {
      if (this.closed) throw new Error('database is closed');
      await beginImmediate(this.writer);
      const tx: Queryable = {
        get: (sql, params = []) => getOn(this.writer, sql, params),
        all: (sql, params = []) => allOn(this.writer, sql, params),
        run: (sql, params = []) => runOn(this.writer, sql, params),
        memo: this.writerMemo,
      };
      try {
        const result = await work(tx);
        await runOn(this.writer, 'COMMIT');
        return result;
      } catch (error) {
        this.writerMemo.clear();
        await runOn(this.writer, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Executes a script of statements (migrations only — never pass it interpolated text). */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.writer.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /** Online backup through SQLite itself (VACUUM INTO), safe while the server is writing. */
  async backupTo(targetFile: string): Promise<void> {
    await this.writeLock.runExclusive(() => runOn(this.writer, 'VACUUM INTO ?', [targetFile]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeLock.runExclusive(async () => {
      this.closed = true;
      await closeConnection(this.writer);
      if (this.reader !== this.writer) await closeConnection(this.reader);
    });
  }
}

/**
 * BEGIN IMMEDIATE waits up to busy_timeout for another process (the CLI's backup, say) to
 * release the write lock; if it still gets SQLITE_BUSY it tries again a few times with backoff,
 * so a user sees BUSY (as a 503) only when the database is genuinely stuck.
 */
async function beginImmediate(db: sqlite3.Database, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runOn(db, 'BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

async function openConnection(file: string): Promise<sqlite3.Database> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const conn = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(conn)));
  });
  // busy_timeout before anything else: a second process (the CLI's backup) may hold the lock.
  await runOn(db, 'PRAGMA busy_timeout = 5000');
  if (file !== ':memory:') await getOn(db, 'PRAGMA journal_mode = WAL', []);
  // FULL: an executed agreement acknowledged to the user must survive power loss, not only a crash.
  await runOn(db, 'PRAGMA synchronous = FULL');
  await runOn(db, 'PRAGMA foreign_keys = ON');
  return db;
}

function runOn(db: sqlite3.Database, sql: string, params: Params = []): Promise<{ lastID: number; changes: number }> {
  return new Promise((resolve, reject) => {
    // A function, not an arrow: node-sqlite3 passes lastID and changes on `this`.
    db.run(sql, params as SqlValue[], function (this: sqlite3.RunResult, err: Error | null) {
      if (err) reject(err);
      else resolve({ lastID: this.lastID, changes: this.changes });
    });
  });
}

function getOn<T>(db: sqlite3.Database, sql: string, params: Params): Promise<T | undefined> {
  return new Promise((resolve, reject) =>
    db.get(sql, params as SqlValue[], (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row))),
  );
}

function allOn<T>(db: sqlite3.Database, sql: string, params: Params): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, params as SqlValue[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))),
  );
}

function closeConnection(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
}
