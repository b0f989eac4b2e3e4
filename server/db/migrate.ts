import { readdir, readFile } from 'node:fs/promises';
import { projectPath } from '../paths.ts';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = projectPath('server/db/migrations') + '/';

/**
 * Applies every numbered migration in server/db/migrations that is not yet recorded, each in
 * its own transaction together with its record, so a crash leaves either all of it or none.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
  const applied = new Set((await db.all<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const newlyApplied: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)', [file, new Date().toISOString()]);
    });
    newlyApplied.push(file);
  }
  return newlyApplied;
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
