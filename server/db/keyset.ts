import { AppError } from '../errors.ts';
import type { Reader, SqlValue } from './database.ts';

/**
 * Server-side search, sort and keyset paging for the lists (issue 21). A list names a small
 * whitelist of sorts (each an SQL expression of a NOT NULL column); a page is read with a WHERE
 * on (sort key, id) past the cursor and a LIMIT, so no query reads more than one page (+1 row to
 * know whether another follows). The cursor is opaque base64url JSON of the sort it was made for
 * and the edge row's key and id; a cursor that does not decode to exactly that is refused.
 */

export const PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 200;

export type Direction = 'asc' | 'desc';

export interface SortSpec {
  /** SQL expression of a NOT NULL column; ties are broken by the list's id column. */
  sql: string;
  type: 'text' | 'int';
  /** Direction when none is asked for. */
  dir: Direction;
  label: string;
  /**
   * A second key (NOT NULL), ordered the same way, before the id: e.g. the deadlines by matter,
   * then by due date. The cursor then carries it too (`t`).
   */
  then?: { sql: string; type: 'text' | 'int' };
}

export interface ListSpec {
  sorts: Record<string, SortSpec>;
  defaultSort: string;
  /** Columns `q` is searched in (LIKE, case-insensitive, % and _ matched literally). */
  searchColumns: string[];
  /**
   * Words that match a row through what the page shows rather than what is stored: a word also
   * matches rows whose `column` is one of `valuesFor(word)` (the audit trail: the event types whose
   * sentence holds the word).
   */
  searchAlso?: { column: string; valuesFor(word: string): readonly string[] };
  /** The id column (the tie-break). */
  id: string;
  /** The id's type: integer row ids unless a list in memory (the clause library) is keyed by text. */
  idType?: 'int' | 'text';
}

export interface ListQuery {
  q: string;
  sort: string;
  dir: Direction;
  limit: number;
  cursor: Cursor | null;
}

export interface Cursor {
  s: string;
  d: Direction;
  /** The edge row's sort key and id. */
  k: string | number;
  /** The edge row's second key, for a sort that has one. */
  t?: string | number;
  i: number | string;
  /** 1: the rows before this key (a "previous" link). */
  b?: 1;
}

export interface Page<T> {
  rows: T[];
  /** Opaque: the next page's cursor, or null on the last page. */
  nextCursor: string | null;
  prevCursor: string | null;
}

const listError = (reason: string, message: string, extra: Record<string, unknown> = {}) => new AppError('bad_request', message, { reason, ...extra });

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

export function decodeCursor(text: string, spec: ListSpec, sort: string, dir: Direction): Cursor {
  const bad = () => listError('invalid_cursor', 'That page link is not valid (it may be from another sort). Start again from the first page.');
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad();
  const c = value as Record<string, unknown>;
  const then = spec.sorts[sort]?.then;
  const keys = Object.keys(c).sort().join(',');
  const expected = then ? ['d,i,k,s,t', 'b,d,i,k,s,t'] : ['d,i,k,s', 'b,d,i,k,s'];
  if (!expected.includes(keys)) throw bad();
  if (then && (then.type === 'int' ? typeof c.t !== 'number' || !Number.isSafeInteger(c.t) : typeof c.t !== 'string' || c.t.length > 1000)) throw bad();
  if (c.s !== sort || c.d !== dir || (c.b !== undefined && c.b !== 1)) throw bad();
  if (spec.idType === 'text' ? typeof c.i !== 'string' || c.i.length > 200 : typeof c.i !== 'number' || !Number.isSafeInteger(c.i)) throw bad();
  const type = spec.sorts[sort]!.type;
  if (type === 'int' ? typeof c.k !== 'number' || !Number.isSafeInteger(c.k) : typeof c.k !== 'string' || c.k.length > 1000) throw bad();
  return c as unknown as Cursor;
}

/**
 * Reads q, sort, dir, limit and cursor from a query string. `strict` (the API): anything unknown
 * or malformed → 400 bad_request with a stable `details.reason` (unknown_sort, invalid_direction,
 * invalid_limit, invalid_cursor, search_too_long). Not strict (pages): each is dropped back to its
 * default and named in `problems`, for the page to say so.
 */
export function parseListQuery(params: Record<string, string | undefined>, spec: ListSpec, strict: boolean): { query: ListQuery; problems: string[] } {
  const problems: string[] = [];
  const fail = (err: AppError) => {
    if (strict) throw err;
    problems.push(err.message);
  };
  let q = (params.q ?? '').trim();
  if (q.length > MAX_SEARCH) {
    fail(listError('search_too_long', `Search for at most ${MAX_SEARCH} characters.`));
    q = q.slice(0, MAX_SEARCH);
  }
  let sort = params.sort || spec.defaultSort;
  if (!Object.hasOwn(spec.sorts, sort)) {
    fail(listError('unknown_sort', `“${sort}” is not a sort of this list; sorted by ${spec.sorts[spec.defaultSort]!.label.toLowerCase()} instead.`, { allowed: Object.keys(spec.sorts) }));
    sort = spec.defaultSort;
  }
  let dir: Direction = spec.sorts[sort]!.dir;
  if (params.dir) {
    if (params.dir === 'asc' || params.dir === 'desc') dir = params.dir;
    else fail(listError('invalid_direction', 'The order is “asc” or “desc”.', { allowed: ['asc', 'desc'] }));
  }
  let limit = PAGE_SIZE;
  if (params.limit !== undefined && params.limit !== '') {
    const n = /^\d{1,4}$/.test(params.limit) ? Number(params.limit) : NaN;
    if (n >= 1 && n <= MAX_PAGE_SIZE) limit = n;
    else fail(listError('invalid_limit', `A page holds 1 to ${MAX_PAGE_SIZE} rows.`, { max: MAX_PAGE_SIZE }));
  }
  let cursor: Cursor | null = null;
  if (params.cursor) {
    try {
      cursor = decodeCursor(params.cursor, spec, sort, dir);
    } catch (err) {
      fail(err as AppError);
    }
  }
  return { query: { q, sort, dir, limit, cursor }, problems };
}

/** `%text%` for LIKE … ESCAPE '\', with \, % and _ in the text matched literally. */
export const likeContains = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * The WHERE part for `q`: every word must appear in one of the columns (case-insensitive).
 * LOWER(…) LIKE a lowered pattern is case-insensitive on both engines (SQLite's LIKE already is,
 * PostgreSQL's is not); COLLATE BINARY lets PostgreSQL run LIKE on a column with a
 * case-insensitive collation (an e-mail address), which it otherwise refuses. SQLite's LIKE
 * ignores collations, so there it changes nothing.
 */
export function searchClause(q: string, columns: string[], also?: ListSpec['searchAlso']): { sql: string; params: string[] } | null {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return null;
  const params: string[] = [];
  const parts = words.map((w) => {
    const pattern = likeContains(w.toLowerCase());
    params.push(...columns.map(() => pattern));
    const alternatives = columns.map((col) => `LOWER(${col}) COLLATE BINARY LIKE ? ESCAPE '\\'`);
    const values = also?.valuesFor(w.toLowerCase()) ?? [];
    if (also && values.length) {
      alternatives.push(`${also.column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    return `(${alternatives.join(' OR ')})`;
  });
  return { sql: parts.join(' AND '), params };
}

/**
 * One page of `from` (e.g. "FROM matters m"), filtered by `where` (which must hold the caller's
 * visibility filter) and the search, in the asked order, past the cursor: one query with a LIMIT.
 */
export async function readPage<T extends { id: number | string }>(
  db: Reader,
  spec: ListSpec,
  query: ListQuery,
  parts: { select: string; from: string; where: string[]; params: SqlValue[] },
): Promise<Page<T>> {
  const sort = spec.sorts[query.sort]!;
  const where = [...parts.where];
  const params = [...parts.params];
  const search = searchClause(query.q, spec.searchColumns, spec.searchAlso);
  if (search) {
    where.push(search.sql);
    params.push(...search.params);
  }
  const backward = query.cursor?.b === 1;
  const dir: Direction = backward ? (query.dir === 'asc' ? 'desc' : 'asc') : query.dir;
  if (query.cursor) {
    const op = dir === 'asc' ? '>' : '<';
    // A row value: SQLite and PostgreSQL both read it as a range of the (key, id) index.
    if (sort.then) {
      where.push(`(${sort.sql}, ${sort.then.sql}, ${spec.id}) ${op} (?, ?, ?)`);
      params.push(query.cursor.k, query.cursor.t!, query.cursor.i);
    } else {
      where.push(`(${sort.sql}, ${spec.id}) ${op} (?, ?)`);
      params.push(query.cursor.k, query.cursor.i);
    }
  }
  const d = dir.toUpperCase();
  const order = sort.then ? `${sort.sql} ${d}, ${sort.then.sql} ${d}, ${spec.id} ${d}` : `${sort.sql} ${d}, ${spec.id} ${d}`;
  const sqlText = `SELECT ${parts.select}, ${sort.sql} AS sort_key__${sort.then ? `, ${sort.then.sql} AS sort_then__` : ''} ${parts.from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`;
  const found = await db.all<T & { sort_key__: string | number; sort_then__?: string | number }>(sqlText, [...params, query.limit + 1]);
  const more = found.length > query.limit;
  const rows = found.slice(0, query.limit);
  if (backward) rows.reverse();
  const cursorAt = (row: (typeof found)[number] | undefined, before: boolean) =>
    row ? encodeCursor({ s: query.sort, d: query.dir, k: row.sort_key__, ...(sort.then ? { t: row.sort_then__ } : {}), i: row.id, ...(before ? { b: 1 as const } : {}) }) : null;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const nextCursor = backward ? cursorAt(last, false) : more ? cursorAt(last, false) : null;
  const prevCursor = backward ? (more ? cursorAt(first, true) : null) : query.cursor ? cursorAt(first, true) : null;
  for (const row of rows) {
    delete (row as Partial<typeof row>).sort_key__;
    delete (row as Partial<typeof row>).sort_then__;
  }
  return { rows: rows as T[], nextCursor, prevCursor };
}

/**
 * The same paging over a list already in memory (the clause library, read from files): sorted by
 * (key, id), the page after (or before) the cursor. The cursor is the same opaque form.
 */
export function pageInMemory<T>(rows: readonly T[], query: ListQuery, keyOf: (row: T) => string | number, idOf: (row: T) => string): Page<T> {
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const sign = query.dir === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => sign * (cmp(keyOf(a), keyOf(b)) || cmp(idOf(a), idOf(b))));
  const position = (row: T, c: Cursor) => sign * (cmp(keyOf(row), c.k) || cmp(idOf(row), c.i));
  let start = 0;
  let end = sorted.length;
  const c = query.cursor;
  if (c && c.b === 1) {
    end = sorted.findIndex((row) => position(row, c) >= 0);
    if (end < 0) end = sorted.length;
    start = Math.max(0, end - query.limit);
  } else if (c) {
    start = sorted.findIndex((row) => position(row, c) > 0);
    if (start < 0) start = sorted.length;
  }
  end = Math.min(end, start + query.limit);
  const page = sorted.slice(start, end);
  const at = (row: T | undefined, before: boolean) => (row ? encodeCursor({ s: query.sort, d: query.dir, k: keyOf(row), i: idOf(row), ...(before ? { b: 1 as const } : {}) }) : null);
  return { rows: page, nextCursor: end < sorted.length ? at(page[page.length - 1], false) : null, prevCursor: start > 0 ? at(page[0], true) : null };
}
