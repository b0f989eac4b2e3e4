import type { Params } from '../store.ts';

/**
 * The one place query text written for SQLite is adapted to PostgreSQL. The per-table modules
 * write SQL both engines run (COALESCE, ON CONFLICT … DO UPDATE, RETURNING, CAST); what is left:
 * - `?` (numbered in order) and `?N` (SQLite's numbered form, reused for the same value) become `$N`;
 * - `CROSS JOIN t ON …` (SQLite's way of fixing the join order, an inner join) becomes `JOIN t ON …`;
 * - `COLLATE NOCASE` becomes the case-insensitive ICU collation migration 001 creates;
 * - `COLLATE BINARY` (byte order) becomes `COLLATE "C"`: it undoes a column's case-insensitive
 *   collation where PostgreSQL's would get in the way (LIKE refuses a nondeterministic collation,
 *   and ICU orders punctuation before digits where SQLite compares bytes).
 * Neither phrase occurs inside a string literal in our SQL; placeholders inside quotes are left alone.
 */
export function toPostgresSql(sql: string): string {
  return toPostgresPlaceholders(sql)
    .replace(/\bCROSS\s+JOIN\s+([A-Za-z_]\w*(?:\s+(?!ON\b)[A-Za-z_]\w*)?)\s+ON\b/gi, 'JOIN $1 ON')
    .replace(/\bCOLLATE\s+NOCASE\b/gi, 'COLLATE cw_nocase')
    .replace(/\bCOLLATE\s+BINARY\b/gi, 'COLLATE "C"');
}

export function toPostgresPlaceholders(sql: string): string {
  let out = '';
  let next = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      out += ch;
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      continue;
    }
    if (ch !== '?') {
      out += ch;
      continue;
    }
    const digits = /^\d+/.exec(sql.slice(i + 1))?.[0];
    if (digits) {
      out += '$' + digits;
      i += digits.length;
    } else {
      out += '$' + ++next;
    }
  }
  return out;
}

/** node-postgres sends a bigint as-is only in newer versions; text is what PostgreSQL parses either way. */
export const toPostgresParams = (params: Params): unknown[] => params.map((p) => (typeof p === 'bigint' ? p.toString() : p));

/** The table an INSERT writes to, if the statement is an INSERT without its own RETURNING. */
export function insertTarget(sql: string): string | null {
  const m = /^\s*INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(sql);
  if (!m || /\bRETURNING\b/i.test(sql)) return null;
  return m[1]!.toLowerCase();
}
