import pg from 'pg';
import { Mutex } from '../mutex.ts';
import { runResult, type Params, type Queryable, type RunResult, type Store } from '../store.ts';
import { insertTarget, toPostgresParams, toPostgresSql } from './dialect.ts';

/** Advisory lock keys: (application, what). One application id so other users of the database are not disturbed. */
const LOCK_APP = 0x6377; // "cw"
const WRITER_LOCK = 1;
const MIGRATION_LOCK = 2;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PostgresOptions {
  /** Connections per app server (default 10): one writes at a time, the rest serve reads. */
  maxConnections?: number;
  /** How long a write waits for the writer lock before it is refused as busy (503), in ms. */
  lockTimeoutMs?: number;
}

/**
 * The PostgreSQL store: several app servers on one database.
 *
 * Every write transaction takes one transaction-scoped advisory lock before its first statement
 * — the database-wide equivalent of SQLite's BEGIN IMMEDIATE — so writes from all app servers run
 * one at a time. That is what the audit hash chain (each row carries the hash of the one before)
 * and "a new version is current + 1" rely on; at READ COMMITTED each statement after the lock sees
 * every write committed before it. Inside one process the writes queue on a mutex first, so at
 * most one pooled connection waits for the lock and the others stay free for reads. The lock goes
 * with the transaction: a node that dies mid-write loses its connection, PostgreSQL rolls the
 * transaction back and the next writer proceeds.
 */
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private readonly writeLock = new Mutex();
  private readonly writerMemo = new Map<string, unknown>();
  private idTablesCache: Promise<Set<string>> | null = null;
  private closed = false;
  /** Transactions committed and rolled back (the figures a bench or test reads). */
  readonly stats = { transactions: 0, rollbacks: 0 };

  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      lock_timeout: options.lockTimeoutMs ?? 10_000,
      // A node that stops mid-transaction must not hold the writer lock for long.
      idle_in_transaction_session_timeout: 60_000,
      // Counts and sums come back as int8/numeric: numbers here, as SQLite gives them.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection that breaks is dropped by the pool; the next query reports the fault.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    await store.get('SELECT 1 AS ok');
    return store;
  }

  async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async all<T>(sql: string, params: Params = []): Promise<T[]> {
    const result = await this.pool.query(toPostgresSql(sql), toPostgresParams(params));
    return result.rows as T[];
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.writeLock.runExclusive(async () => {
      if (this.closed) throw new Error('database is closed');
      return this.inTransaction(true, async (client) => work(this.queryable(client)));
    });
  }

  transactionBesideWriters<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('database is closed'));
    // Its own memo: what the writer remembers between its transactions is not this one's to see.
    return this.inTransaction(false, async (client) => work({ ...this.queryable(client), memo: new Map() }));
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  /** A session-level advisory lock on its own connection, held while `work` runs: one migrator at a time across all app servers. */
  async withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_APP, MIGRATION_LOCK]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_APP, MIGRATION_LOCK]).catch((e: Error) => (broken = e));
      }
    } finally {
      client.release(broken);
    }
  }

  async applyMigration(name: string, sql: string, at: string): Promise<void> {
    await this.inTransaction(false, async (client) => {
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.rowCount) return;
      // One script, run as PostgreSQL runs a file: DDL is transactional, so it lands whole or not at all.
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [name, at]);
    });
    this.idTablesCache = null;
  }

  /** Getting a transaction id fails on a read-only server or standby (25006), so this proves writes are accepted. */
  async assertWritable(): Promise<void> {
    await this.transaction((tx) => tx.get('SELECT pg_current_xact_id()::text AS xid'));
  }

  async backupTo(): Promise<void> {
    throw new Error('A PostgreSQL database is backed up with pg_dump (see the README), not by clausewright backup.');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeLock.runExclusive(async () => {
      this.closed = true;
      await this.pool.end();
    });
  }

  private async inTransaction<T>(writer: boolean, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // One round trip for both: the writer lock is held from here to COMMIT, so every trip counts.
      await client.query(writer ? `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_APP}, ${WRITER_LOCK})` : 'BEGIN');
      const value = await work(client);
      await client.query('COMMIT');
      this.stats.transactions++;
      return value;
    } catch (error) {
      this.writerMemo.clear();
      this.stats.rollbacks++;
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private queryable(client: pg.PoolClient): Queryable {
    // A transaction's statements go to its one connection one after another, even when the work
    // starts several at once (Promise.all): node-postgres queues them today but deprecates it.
    let tail: Promise<unknown> = Promise.resolve();
    const inTurn = <R>(step: () => Promise<R>): Promise<R> => {
      const result = tail.then(step, step);
      tail = result.catch(() => undefined);
      return result;
    };
    const all = <T>(sql: string, params: Params = []) => inTurn(async () => (await client.query(toPostgresSql(sql), toPostgresParams(params))).rows as T[]);
    return {
      all,
      get: async <T>(sql: string, params: Params = []) => (await all<T>(sql, params))[0],
      run: (sql, params = []) => inTurn(() => this.run(client, sql, params)),
      memo: this.writerMemo,
    };
  }

  /** An INSERT into a table with an `id` key returns it, so insertedId means what SQLite's lastID meant. */
  private async run(client: pg.PoolClient, sql: string, params: Params): Promise<RunResult> {
    const table = insertTarget(sql);
    const returnsId = table !== null && (await this.idTables()).has(table);
    const result = await client.query(toPostgresSql(sql) + (returnsId ? ' RETURNING id' : ''), toPostgresParams(params));
    const lastRow = returnsId ? (result.rows.at(-1) as { id: number } | undefined) : undefined;
    return runResult(result.rowCount ?? 0, lastRow ? Number(lastRow.id) : null);
  }

  private idTables(): Promise<Set<string>> {
    this.idTablesCache ??= this.all<{ table_name: string }>(
      "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'",
    ).then((rows) => new Set(rows.map((r) => r.table_name)));
    // A failed look-up is not kept: the next INSERT asks again.
    this.idTablesCache.catch(() => (this.idTablesCache = null));
    return this.idTablesCache;
  }
}
