import sqlite3 from 'sqlite3';

import type { Params, SqlValue } from './store.ts';

export type { Params, SqlValue };
export type RunResult = { lastID: number; changes: number };

/** More distinct statements than the app's SQL has; texts past it (long IN lists) run unprepared. */
const MAX_CACHED_STATEMENTS = 256;

/**
 * Statements that return no rows, so a prepared copy is finished (and holds no lock or
 * snapshot) as soon as it has run. Anything else given to run() (a PRAGMA that answers, an
 * INSERT … RETURNING) is prepared afresh and finalized, as node-sqlite3 does by default.
 */
const RUNS_TO_COMPLETION = /^\s*(?:(?:INSERT|UPDATE|DELETE|REPLACE)\b(?![\s\S]*\bRETURNING\b)|(?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b)/i;

/**
 * One SQLite connection with its prepared statements kept by SQL text.
 *
 * node-sqlite3's db.run/get/all prepare a new statement on every call: one trip to libuv's
 * thread pool to prepare and a second to run, each answered on the event loop. Under load the
 * event loop is busy, and inside a write transaction every trip is time the write lock is held
 * (measured: ~35 thread-pool wake-ups per created document). A kept statement runs in one trip.
 *
 * Reads always step to the end (`all`, even for one row), inside one trip: a statement left on
 * a row keeps its read transaction open, and while reads overlap the connection then keeps its
 * first snapshot — new commits go unseen and WAL checkpoints are blocked. (node-sqlite3's
 * one-shot db.get left each statement on its row until it was finalized a trip later; under
 * load a version just created could answer 404 on the read connection.)
 *
 * `inOrder`: kept statements run outside node-sqlite3's serialize queue, so the write connection
 * orders its own calls — each starts when the one before has finished, in the order issued.
 * Group commit relies on it (sqlite-store.ts queues a SAVEPOINT without waiting for it).
 */
export class Connection {
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: sqlite3.Database,
    private readonly options: { inOrder: boolean },
  ) {}

  static async open(file: string, options: { inOrder: boolean }): Promise<Connection> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const conn = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(conn)));
    });
    const connection = new Connection(db, options);
    // busy_timeout before anything else: a second process (the CLI's backup) may hold the lock.
    await connection.all('PRAGMA busy_timeout = 5000');
    if (file !== ':memory:') await connection.all('PRAGMA journal_mode = WAL');
    // FULL: an executed agreement acknowledged to the user must survive power loss, not only a crash.
    await connection.all('PRAGMA synchronous = FULL');
    await connection.all('PRAGMA foreign_keys = ON');
    return connection;
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.schedule(async () => {
      const statement = RUNS_TO_COMPLETION.test(sql) ? await this.statement(sql) : null;
      return new Promise<RunResult>((resolve, reject) => {
        // A function, not an arrow: node-sqlite3 passes lastID and changes on `this`.
        const done = function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ lastID: this.lastID, changes: this.changes });
        };
        if (statement) statement.run(params as SqlValue[], done);
        else this.db.run(sql, params as SqlValue[], done);
      });
    });
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.schedule(async () => {
      const statement = await this.statement(sql);
      return new Promise<T[]>((resolve, reject) => {
        const done = (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows));
        if (statement) statement.all(params as SqlValue[], done);
        else this.db.all(sql, params as SqlValue[], done);
      });
    });
  }

  /** Executes a script of statements (migrations only — never pass it interpolated text). */
  exec(sql: string): Promise<void> {
    return this.schedule(() => new Promise<void>((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve()))));
  }

  /** Finalizes the kept statements (SQLite will not close a connection with statements open), then closes. */
  async close(): Promise<void> {
    await this.tail;
    const statements = await Promise.allSettled(this.statements.values());
    this.statements.clear();
    for (const s of statements) if (s.status === 'fulfilled') await new Promise<void>((resolve) => s.value.finalize(() => resolve()));
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }

  /** The kept statement for this text (prepared on first use), or null once the cache is full. */
  private statement(sql: string): Promise<sqlite3.Statement | null> {
    const kept = this.statements.get(sql);
    if (kept) return kept;
    if (this.statements.size >= MAX_CACHED_STATEMENTS) return Promise.resolve(null);
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const statement = this.db.prepare(sql, (err) => (err ? reject(err) : resolve(statement)));
    });
    this.statements.set(sql, prepared);
    // A text that does not prepare is not kept: the next call prepares it again and gets the same error.
    prepared.catch(() => this.statements.delete(sql));
    return prepared;
  }

  /** On the write connection, each call waits for the one before it; reads run as they come. */
  private schedule<T>(call: () => Promise<T>): Promise<T> {
    if (!this.options.inOrder) return call();
    const result = this.tail.then(call);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
