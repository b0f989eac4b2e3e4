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
 *
 * Group commit: transactions that queue up while one is running are run together, each inside
 * its own SAVEPOINT, under one BEGIN IMMEDIATE … COMMIT (one fsync). A transaction that throws
 * is rolled back to its savepoint alone; the others still commit. Each caller is answered only
 * after the COMMIT that made its writes durable. Under load on two cores every statement waits
 * for a busy event loop, and the write lock became the bottleneck (~7 ms held per version at
 * concurrency 8, BEGIN and COMMIT a third of it); alone, a transaction runs exactly as before.
 */
/** The most transactions one COMMIT takes; more wait for the next. */
const MAX_GROUP = 16;

interface QueuedTransaction {
  work: (tx: Queryable) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class Database implements Reader {
  private readonly writeLock = new Mutex();
  private readonly writerMemo = new Map<string, unknown>();
  private readonly queued: QueuedTransaction[] = [];
  private commitScheduled = false;
  private closed = false;
  /** Transactions committed, the COMMITs that carried them (their ratio is the mean group size) and the write lock's turns. */
  readonly stats = { transactions: 0, commits: 0, turns: 0 };

  private constructor(
    private readonly writer: sqlite3.Database,
    private readonly reader: sqlite3.Database,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<Database> {
    const writer = await openConnection(file);
    // Statements on the write connection run one at a time in the order issued (group commit relies on it).
    writer.serialize();
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

  /**
   * Runs `work` inside BEGIN IMMEDIATE … COMMIT on the write connection (possibly with others:
   * see group commit above); its writes are rolled back if it throws.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.scheduleCommit();
    });
  }

  /**
   * One turn of the write lock for whatever has queued, scheduled only when none is pending.
   * (A turn per transaction would not do: a turn takes a whole group, so turns would pile up
   * faster than they ran, each holding its transaction's data — memory grew ~10 MB/s under load.)
   */
  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    void this.writeLock.runExclusive(async () => {
      // From here on, a new arrival schedules the next turn.
      this.commitScheduled = false;
      this.stats.turns++;
      await this.commitQueued();
      if (this.queued.length) this.scheduleCommit();
    });
  }

  /** Runs what has queued (up to MAX_GROUP) as one transaction; a later turn of the lock finds the rest. */
  private async commitQueued(): Promise<void> {
    const group = this.queued.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    if (this.closed) return group.forEach((t) => t.reject(new Error('database is closed')));
    try {
      await beginImmediate(this.writer);
    } catch (error) {
      return group.forEach((t) => t.reject(error));
    }
    const tx: Queryable = {
      get: (sql, params = []) => getOn(this.writer, sql, params),
      all: (sql, params = []) => allOn(this.writer, sql, params),
      run: (sql, params = []) => runOn(this.writer, sql, params),
      memo: this.writerMemo,
    };
    const outcomes: Outcome[] = [];
    try {
      if (group.length === 1) outcomes.push({ ok: true, value: await group[0]!.work(tx) });
      else {
        const failures: unknown[] = [];
        for (const [i, t] of group.entries()) outcomes.push(await this.inSavepoint(tx, t.work, failures, i === group.length - 1));
        // The last RELEASE was awaited, so every queued statement has run: refuse the group if any failed.
        if (failures.length) throw failures[0];
      }
      await runOn(this.writer, 'COMMIT');
      this.stats.commits++;
      this.stats.transactions += outcomes.filter((o) => o.ok).length;
    } catch (error) {
      // Nothing of the group was committed: a lone transaction gets its own error, a group the one that stopped it.
      this.writerMemo.clear();
      await runOn(this.writer, 'ROLLBACK').catch(() => undefined);
      return group.forEach((t, i) => t.reject(outcomes[i]?.ok === false ? outcomes[i].error : error));
    }
    group.forEach((t, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) t.resolve(outcome.value);
      else t.reject(outcome.error);
    });
  }

  /**
   * One transaction of a group, inside a savepoint. The write connection runs statements in
   * the order they are issued (serialized mode), so SAVEPOINT and RELEASE are queued without
   * waiting for them (only the group's last RELEASE is awaited); their failures are collected.
   */
  private async inSavepoint(tx: Queryable, work: (tx: Queryable) => Promise<unknown>, failures: unknown[], last: boolean): Promise<Outcome> {
    const queue = (sql: string) => void runOn(this.writer, sql).catch((error) => failures.push(error));
    queue('SAVEPOINT cw_grouped');
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: await work(tx) };
    } catch (error) {
      // Undo this transaction's writes only; the group goes on. (If SQLite already rolled the
      // whole transaction back, this throws and the group is rolled back and refused.)
      this.writerMemo.clear();
      await runOn(this.writer, 'ROLLBACK TO cw_grouped');
      outcome = { ok: false, error };
    }
    if (last) await runOn(this.writer, 'RELEASE cw_grouped');
    else queue('RELEASE cw_grouped');
    return outcome;
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
