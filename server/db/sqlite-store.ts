import { Connection } from './connection.ts';
import { Mutex } from './mutex.ts';
import { splitStatements } from './migrate.ts';
import { runResult, type Params, type Queryable, type RunResult, type Store } from './store.ts';

/**
 * The SQLite store (the embedded default): a write connection and a read connection (connection.ts), and transactions.
 *
 * node-sqlite3 shares one connection between every async caller, so two requests that both
 * BEGIN on it interleave their statements ("cannot start a transaction within a transaction",
 * or one request's ROLLBACK undoing another's work). We therefore keep exactly one write
 * connection behind a FIFO mutex and open every write transaction with BEGIN IMMEDIATE, which
 * takes the write lock up front instead of failing with SQLITE_BUSY on upgrade in WAL mode.
 * Reads use a second connection and see the last committed snapshot.
 * (../shared/reference/reliability-security.md §2.8)
 *
 * Group commit: transactions that queue up while one is running join it, each inside its own
 * SAVEPOINT, under one BEGIN IMMEDIATE … COMMIT (one fsync). A transaction that throws
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

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly writeLock = new Mutex();
  private readonly writerMemo = new Map<string, unknown>();
  private readonly queued: QueuedTransaction[] = [];
  private commitScheduled = false;
  private closed = false;
  /** Transactions committed, the COMMITs that carried them (their ratio is the mean group size) and the write lock's turns. */
  readonly stats = { transactions: 0, commits: 0, turns: 0 };

  private constructor(
    private readonly writer: Connection,
    private readonly reader: Connection,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<SqliteStore> {
    const writer = await Connection.open(file, { inOrder: true });
    // An in-memory database is private to its connection, so it has to share the writer.
    const reader = file === ':memory:' ? writer : await Connection.open(file, { inOrder: false });
    return new SqliteStore(writer, reader, file);
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.reader.get<T>(sql, params);
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.reader.all<T>(sql, params);
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

  /** SQLite has one writer per file: an ordinary transaction. */
  transactionBesideWriters<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.transaction(work);
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
      // Everything may already have joined the group before this turn came.
      if (this.queued.length === 0) return;
      this.stats.turns++;
      await this.commitQueued();
      if (this.queued.length) this.scheduleCommit();
    });
  }

  /**
   * Runs the first queued transaction, then — inside the same BEGIN IMMEDIATE … COMMIT — each
   * one that has queued meanwhile (up to MAX_GROUP), so those arriving while the group runs join
   * it instead of waiting for the next COMMIT. The first runs as a lone transaction would; each
   * later one inside its own savepoint.
   */
  private async commitQueued(): Promise<void> {
    const first = this.queued.shift();
    if (!first) return;
    if (this.closed) return first.reject(new Error('database is closed'));
    try {
      await beginImmediate(this.writer);
    } catch (error) {
      return first.reject(error);
    }
    const tx: Queryable = {
      get: (sql, params = []) => this.writer.get(sql, params),
      all: (sql, params = []) => this.writer.all(sql, params),
      run: async (sql, params = []) => toRunResult(sql, await this.writer.run(sql, params)),
      memo: this.writerMemo,
    };
    const group: QueuedTransaction[] = [first];
    const outcomes: Outcome[] = [];
    try {
      outcomes.push({ ok: true, value: await first.work(tx) });
    } catch (error) {
      // Alone so far, so nothing else is lost; whatever queued meanwhile gets the next turn.
      await this.rollback();
      return first.reject(error);
    }
    const savepoints: Promise<unknown>[] = [];
    try {
      while (group.length < MAX_GROUP && this.queued.length) {
        const next = this.queued.shift()!;
        group.push(next);
        outcomes.push(await this.inSavepoint(tx, next.work, savepoints));
      }
      // Queued without waiting, so make sure every SAVEPOINT ran before committing what it guards.
      await Promise.all(savepoints);
      await this.writer.run('COMMIT');
      this.stats.commits++;
      this.stats.transactions += outcomes.filter((o) => o.ok).length;
    } catch (error) {
      // Nothing of the group was committed: each is refused with its own error, or the one that stopped the group.
      await this.rollback();
      return group.forEach((t, i) => t.reject(outcomes[i]?.ok === false ? outcomes[i].error : error));
    }
    group.forEach((t, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) t.resolve(outcome.value);
      else t.reject(outcome.error);
    });
  }

  private async rollback(): Promise<void> {
    this.writerMemo.clear();
    await this.writer.run('ROLLBACK').catch(() => undefined);
  }

  /**
   * One later transaction of a group, inside a savepoint. The write connection runs statements
   * in the order they are issued, so the SAVEPOINT is queued without waiting for it. Savepoints
   * are never released: they nest, ROLLBACK TO undoes the innermost (this transaction's), and
   * COMMIT keeps whatever was not rolled back — a RELEASE would cost a round trip under the
   * write lock for nothing.
   */
  private async inSavepoint(tx: Queryable, work: (tx: Queryable) => Promise<unknown>, savepoints: Promise<unknown>[]): Promise<Outcome> {
    const savepoint = this.writer.run('SAVEPOINT cw_grouped');
    // Its failure is reported before COMMIT (commitQueued awaits them all); never unhandled.
    savepoint.catch(() => undefined);
    savepoints.push(savepoint);
    try {
      return { ok: true, value: await work(tx) };
    } catch (error) {
      // Undo this transaction's writes only; the group goes on. (If SQLite already rolled the
      // whole transaction back, this throws and the group is rolled back and refused.)
      this.writerMemo.clear();
      await this.writer.run('ROLLBACK TO cw_grouped');
      return { ok: false, error };
    }
  }

  /** Executes a script of statements (migrations only — never pass it interpolated text). */
  exec(sql: string): Promise<void> {
    return this.writer.exec(sql);
  }

  /** One process at a time already: each migration is its own BEGIN IMMEDIATE transaction, and the migrator re-reads what is applied. */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  async applyMigration(name: string, sql: string, at: string): Promise<void> {
    await this.transaction(async (tx) => {
      // Another process may have applied it since the migrator looked.
      if (await tx.get('SELECT 1 AS applied FROM schema_migrations WHERE name = ?', [name])) return;
      for (const statement of splitStatements(sql)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [name, at]);
    });
  }

  /**
   * A real, committed no-op write (the schema cookie's neighbour, user_version, set to itself)
   * through the same write path as every request. A file SQLite opened read-only, a full disk or
   * an unwritable directory for the WAL fails here.
   */
  async assertWritable(): Promise<void> {
    await this.transaction(async (tx) => {
      const row = await tx.get<{ user_version: number }>('PRAGMA user_version');
      await tx.run(`PRAGMA user_version = ${Number(row?.user_version ?? 0)}`);
    });
  }

  /** Online backup through SQLite itself (VACUUM INTO), safe while the server is writing. */
  async backupTo(targetFile: string): Promise<void> {
    await this.writeLock.runExclusive(() => this.writer.run('VACUUM INTO ?', [targetFile]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeLock.runExclusive(async () => {
      this.closed = true;
      await this.writer.close();
      if (this.reader !== this.writer) await this.reader.close();
    });
  }
}

/** The driver's lastID means something only after an INSERT (the new row's rowid). */
const toRunResult = (sql: string, r: { lastID: number; changes: number }): RunResult =>
  runResult(r.changes, /^\s*(?:INSERT|REPLACE)\b/i.test(sql) ? r.lastID : null);

/**
 * BEGIN IMMEDIATE waits up to busy_timeout for another process (the CLI's backup, say) to
 * release the write lock; if it still gets SQLITE_BUSY it tries again a few times with backoff,
 * so a user sees BUSY (as a 503) only when the database is genuinely stuck.
 */
async function beginImmediate(db: Connection, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.run('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
