import type { Database } from './database.ts';

/** SQLite result codes that mean the database cannot serve right now — not a bug in the request. */
const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_PERM']);

/**
 * PostgreSQL SQLSTATEs (and the socket errors node-postgres passes on) that mean the same:
 * lock or serialization waits that gave up, a server shutting down or starting, a standby that
 * cannot write, no connections or disk left, the connection lost.
 */
const PG_BUSY_CODES = new Set(['40001', '40P01', '55P03', '57014', '53300']);
const PG_UNAVAILABLE_CODES = new Set(['25006', '57P01', '57P02', '57P03', '53100', '53200', '58030', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
const PG_CONNECTION_CLASS = /^08[0-9A-Z]{3}$/;

/** The driver's code of an error that means "the database is unavailable", or null. */
export function databaseFaultCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || PG_BUSY_CODES.has(code) || PG_UNAVAILABLE_CODES.has(code) || PG_CONNECTION_CLASS.test(code))) return code;
  // node-postgres reports a connection that died mid-query without a code.
  if (error instanceof Error && /^Connection terminated/.test(error.message)) return 'ECONNRESET';
  return null;
}

/** Whether a fault code (from databaseFaultCode) is a wait worth retrying in a moment, rather than an outage. */
export const isBusyFault = (code: string) => code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || PG_BUSY_CODES.has(code);

/** Proves the database can be written: a real, committed no-op write through the same write path as every request. */
export const assertWritable = (db: Database): Promise<void> => db.assertWritable();

/** Readiness: the database answers a read within `timeoutMs`. */
export async function checkReadable(db: Database, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('database read timed out'), { code: 'SQLITE_BUSY' })), timeoutMs);
  });
  try {
    await Promise.race([db.get('SELECT 1 AS ok FROM schema_migrations LIMIT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
