import type { Database } from './database.ts';

/** SQLite result codes that mean the database cannot serve right now — not a bug in the request. */
const UNAVAILABLE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL', 'SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_PERM']);

/** The SQLite code of an error that means "the database is unavailable", or null. */
export function databaseFaultCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code) ? code : null;
}

/**
 * Proves the database can be written: a real, committed no-op write (the schema cookie's
 * neighbour, user_version, set to itself) through the same write path as every request. A file
 * SQLite opened read-only, a full disk or an unwritable directory for the WAL fails here.
 */
export async function assertWritable(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await tx.get<{ user_version: number }>('PRAGMA user_version');
    await tx.run(`PRAGMA user_version = ${Number(row?.user_version ?? 0)}`);
  });
}

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
