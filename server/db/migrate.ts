import { readdir, readFile } from 'node:fs/promises';
import { projectPath } from '../paths.ts';
import type { Store } from './store.ts';

const MIGRATIONS_DIR = projectPath('server/db/migrations') + '/';

/** Each backend's numbered migrations: SQLite's in migrations/, PostgreSQL's twins (same numbers) in migrations/postgres/. */
export const migrationsDir = (dialect: Store['dialect']) => (dialect === 'postgres' ? MIGRATIONS_DIR + 'postgres/' : MIGRATIONS_DIR);

const BOOKKEEPING = {
  sqlite: 'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT',
  postgres: 'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
};

/**
 * Applies every numbered migration of the store's dialect that is not yet recorded, each in its
 * own transaction together with its record, so a crash leaves either all of it or none. Several
 * app servers may start at once: the store's migration lock lets one migrate while the others wait.
 */
export async function migrate(db: Store): Promise<string[]> {
  return db.withMigrationLock(async () => {
    await db.exec(BOOKKEEPING[db.dialect]);
    const applied = new Set((await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    const dir = migrationsDir(db.dialect);
    const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
    const newlyApplied: string[] = [];
    for (const file of files) {
      if (applied.has(file)) continue;
      await db.applyMigration(file, await readFile(dir + file, 'utf8'), new Date().toISOString());
      newlyApplied.push(file);
    }
    return newlyApplied;
  });
}

/**
 * Splits a migration into statements at semicolons outside string literals. A trigger body
 * holds semicolons of its own, so a CREATE TRIGGER statement ends only at the semicolon after
 * its closing END. Comments are dropped first (they may hold quotes or semicolons).
 */
export function splitStatements(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, '');
  const statements: string[] = [];
  let current = '';
  let inString = false;
  for (const ch of text) {
    current += ch;
    if (ch === "'") inString = !inString;
    if (ch !== ';' || inString) continue;
    const statement = current.trim();
    const isTrigger = /^CREATE\s+TRIGGER\b/i.test(statement);
    if (isTrigger && !/\bEND\s*;$/i.test(statement)) continue;
    if (statement !== ';') statements.push(statement);
    current = '';
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
