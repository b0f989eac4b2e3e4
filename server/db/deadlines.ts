import type { Queryable, Reader, SqlValue } from './database.ts';
import { runResult } from './store.ts';
import { readPage, searchClause, type ListQuery, type ListSpec, type Page } from './keyset.ts';
import { visibleMatterFilter } from './matters.ts';

export interface DeadlineRow {
  id: number;
  document_id: number;
  matter_id: number;
  task_id: number | null;
  kind: string;
  key: string;
  due_date: string;
  title: string;
  action: string;
  basis: string;
  status: 'open' | 'handled';
  handled_by: number | null;
  handled_at: string | null;
  handled_note: string;
}

/** A deadline with what the dashboard shows next to it. */
export interface DeadlineListRow extends DeadlineRow {
  document_title: string;
  document_short_id: string;
  document_kind: string;
  matter_title: string;
  handled_by_name: string | null;
}

export interface NewDeadline {
  kind: string;
  key: string;
  dueDate: string;
  title: string;
  action: string;
  basis: string;
  taskId?: number | null;
  /** Set only for rows driven by a checklist task's status. */
  status?: 'open' | 'handled';
}

export const listDocumentDeadlines = (q: Reader, documentId: number) =>
  q.all<DeadlineRow>('SELECT * FROM deadlines WHERE document_id = ?', [documentId]);

export const insertDeadline = (q: Queryable, documentId: number, matterId: number, d: NewDeadline, now: string) =>
  q.run(
    `INSERT INTO deadlines (document_id, matter_id, task_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [documentId, matterId, d.taskId ?? null, d.kind, d.key, d.dueDate, d.title, d.action, d.basis, d.status ?? 'open', now, now],
  );

/** Refreshes the computed parts of a deadline; whether it was handled is kept unless a task drives it. */
export const refreshDeadline = (q: Queryable, id: number, d: NewDeadline, now: string) =>
  d.status
    ? q.run('UPDATE deadlines SET due_date = ?, title = ?, action = ?, basis = ?, status = ?, updated_at = ? WHERE id = ?', [d.dueDate, d.title, d.action, d.basis, d.status, now, id])
    : q.run('UPDATE deadlines SET due_date = ?, title = ?, action = ?, basis = ?, updated_at = ? WHERE id = ?', [d.dueDate, d.title, d.action, d.basis, now, id]);

export const deleteDeadlines = (q: Queryable, ids: number[]) =>
  ids.length === 0 ? Promise.resolve(runResult(0, null)) : q.run(`DELETE FROM deadlines WHERE id IN (${ids.map(() => '?').join(',')})`, ids);

export const markDeadlineHandled = (q: Queryable, id: number, userId: number, note: string, now: string) =>
  q.run("UPDATE deadlines SET status = 'handled', handled_by = ?, handled_at = ?, handled_note = ?, updated_at = ? WHERE id = ? AND status = 'open'", [userId, now, note, now, id]);

export const setDeadlinesRollOn = (q: Queryable, documentId: number, rollOn: string | null) =>
  q.run('UPDATE documents SET deadlines_roll_on = ? WHERE id = ?', [rollOn, documentId]);

export const listDocumentsToRoll = (q: Reader, today: string, limit: number) =>
  q.all<{ id: number }>('SELECT id FROM documents WHERE deadlines_roll_on IS NOT NULL AND deadlines_roll_on <= ? ORDER BY id LIMIT ?', [today, limit]);

export interface DeadlineFilter {
  /** Inclusive upper bound on the due date. */
  dueBy?: string;
  /** Inclusive lower bound on the due date (absent: overdue ones are included). */
  dueFrom?: string;
  status?: 'open' | 'handled';
  matterId?: number;
  clientId?: number;
  kind?: string;
  /** Only the practices (matters) of this portfolio (migration 012). */
  portfolioId?: number;
}

/** WHERE clause for deadlines the user may see, joined as d (deadlines) and m (matters). */
function where(user: { id: number; role: string }, f: DeadlineFilter): { sql: string; params: SqlValue[] } {
  // A client's deadlines are found from their few matters (the matter index), not by testing
  // every deadline in the date range for membership; staff see every matter.
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (user.role === 'client') {
    parts.push('d.matter_id IN (SELECT matter_id FROM matter_members WHERE user_id = ?)');
    params.push(user.id);
  } else parts.push(visibleMatterFilter(user).sql);
  const add = (sql: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    parts.push(sql);
    params.push(value);
  };
  add('d.status = ?', f.status);
  add('d.due_date <= ?', f.dueBy);
  add('d.due_date >= ?', f.dueFrom);
  add('d.matter_id = ?', f.matterId);
  add('d.kind = ?', f.kind);
  add('d.matter_id IN (SELECT matter_id FROM matter_members WHERE user_id = ?)', f.clientId);
  add('d.matter_id IN (SELECT id FROM matters WHERE portfolio_id = ?)', f.portfolioId);
  return { sql: parts.join(' AND '), params };
}

/**
 * CROSS JOIN fixes deadlines as the outer loop (SQLite keeps that order), so the first page is
 * read in index order and stops after LIMIT rows; with a plain JOIN the planner may scan every
 * matter and sort the whole window (45 ms instead of 4 ms at 500,000 deadlines).
 */
const LIST_COLUMNS = 'd.*, doc.title AS document_title, doc.short_id AS document_short_id, doc.kind AS document_kind, m.title AS matter_title, hu.name AS handled_by_name';
const LIST_FROM = `FROM deadlines d
  CROSS JOIN matters m ON m.id = d.matter_id
  CROSS JOIN documents doc ON doc.id = d.document_id
  LEFT JOIN users hu ON hu.id = d.handled_by`;
const LIST_SELECT = `SELECT ${LIST_COLUMNS} ${LIST_FROM}`;
/** The same rows with the matters as the outer loop (CROSS JOIN keeps SQLite's order), read in title order. */
const LIST_FROM_BY_MATTER = `FROM matters m
  CROSS JOIN deadlines d ON d.matter_id = m.id
  CROSS JOIN documents doc ON doc.id = d.document_id
  LEFT JOIN users hu ON hu.id = d.handled_by`;
/** Soonest first, in the order of the deadlines_open_due index. */
const LIST_ORDER = 'ORDER BY d.due_date, d.kind, d.matter_id, d.id';

/** The other orders a reader may choose (never text from the request: a key into this table). */
const ORDERS = {
  due: LIST_ORDER,
  'due-desc': 'ORDER BY d.due_date DESC, d.kind, d.matter_id, d.id DESC',
  matter: 'ORDER BY m.title, d.matter_id, d.due_date, d.id',
} as const;

/**
 * The dashboard list's sorts and search (issue 21): keyset pages, see keyset.ts. By due date, a
 * page is read in the order of the (status, due_date, …) indexes (migrations 003 and 017), ties
 * sorted by id within a day. By matter, then due date: the matters are walked by title (the
 * matters_title index, LIST_FROM_BY_MATTER) and each one's deadlines sorted, so a page stops
 * after a few matters instead of sorting every deadline in the window. A search (deadlineSearch)
 * looks for its words in the matters' and documents' titles and the documents' short ids.
 */
export const DEADLINE_LIST: ListSpec = {
  sorts: {
    due: { sql: 'd.due_date', type: 'text', dir: 'asc', label: 'Due date' },
    matter: { sql: 'm.title', type: 'text', dir: 'asc', label: 'Matter, then due date', then: { sql: 'd.due_date', type: 'text' } },
  },
  defaultSort: 'due',
  // What `q` searches; pageVisibleDeadlines applies it through deadlineSearch, not readPage.
  searchColumns: ['m.title', 'doc.title', 'doc.short_id'],
  id: 'd.id',
};

/** One page of the deadlines the user may see: the visibility filter and the filters in the same query. */
export function pageVisibleDeadlines(q: Reader, user: { id: number; role: string }, f: DeadlineFilter, query: ListQuery): Promise<Page<DeadlineListRow>> {
  const w = where(user, f);
  const from = query.sort === 'matter' ? LIST_FROM_BY_MATTER : LIST_FROM;
  const search = deadlineSearch(query.q);
  const conditions = search ? [w.sql, search.sql] : [w.sql];
  const params = search ? [...w.params, ...search.params] : w.params;
  return readPage<DeadlineListRow>(q, DEADLINE_LIST, { ...query, q: '' }, { select: LIST_COLUMNS, from, where: conditions, params });
}

/**
 * The list's search: every word in the matter's title or the document's title or short id
 * (DEADLINE_LIST.searchColumns). Each word is looked up in the matters and documents tables
 * (10,000 and 100,000 rows at the bench's scale) and the deadlines kept by their matter and
 * document ids: a search with no match over the 90-day window took ~40 ms this way against
 * ~400 ms testing each of its 45,000 deadlines' joined text. The deadline's own kind is a filter.
 */
function deadlineSearch(q: string): { sql: string; params: SqlValue[] } | null {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  if (!words.length) return null;
  const params: SqlValue[] = [];
  const parts = words.map((word) => {
    const inMatter = searchClause(word, ['sm.title'])!;
    const inDocument = searchClause(word, ['sd.title', 'sd.short_id'])!;
    params.push(...inMatter.params, ...inDocument.params);
    return `(d.matter_id IN (SELECT sm.id FROM matters sm WHERE ${inMatter.sql}) OR d.document_id IN (SELECT sd.id FROM documents sd WHERE ${inDocument.sql}))`;
  });
  return { sql: parts.join(' AND '), params };
}

export function findVisibleDeadlines(q: Reader, user: { id: number; role: string }, f: DeadlineFilter, page: { limit: number; offset: number; sort?: keyof typeof ORDERS }) {
  const w = where(user, f);
  return q.all<DeadlineListRow>(`${LIST_SELECT} WHERE ${w.sql} ${ORDERS[page.sort ?? 'due']} LIMIT ? OFFSET ?`, [...w.params, page.limit, page.offset]);
}

/** One deadline as the list shows it, if the user may see it. */
export function findVisibleDeadlineListRow(q: Reader, user: { id: number; role: string }, id: number) {
  const visible = visibleMatterFilter(user);
  return q.get<DeadlineListRow>(`${LIST_SELECT} WHERE d.id = ? AND ${visible.sql}`, [id, ...visible.params]);
}

export async function countVisibleDeadlines(q: Reader, user: { id: number; role: string }, f: DeadlineFilter): Promise<number> {
  const w = where(user, f);
  const row = await q.get<{ n: number }>(`SELECT count(*) AS n FROM deadlines d WHERE ${w.sql}`, w.params);
  return row?.n ?? 0;
}

/** Open deadlines due by `dueBy` grouped by kind and due date bucket, for the dashboard counts. */
export function countOpenByKindAndDate(q: Reader, user: { id: number; role: string }, f: DeadlineFilter, buckets: { overdueBefore: string; week: string; month: string; quarter: string }) {
  const w = where(user, { ...f, status: 'open' });
  return q.all<{ kind: string; bucket: string; n: number }>(
    `SELECT d.kind AS kind,
       CASE WHEN d.due_date < ? THEN 'overdue' WHEN d.due_date <= ? THEN 'within-7' WHEN d.due_date <= ? THEN 'within-30' WHEN d.due_date <= ? THEN 'within-90' ELSE 'later' END AS bucket,
       count(*) AS n
     FROM deadlines d
     WHERE ${w.sql}
     GROUP BY 1, 2`,
    [buckets.overdueBefore, buckets.week, buckets.month, buckets.quarter, ...w.params],
  );
}

/**
 * Whether this user's counts may come from deadline_open_counts, which counts every matter's
 * open deadlines: only for someone who sees every matter (staff today). Should visibility ever
 * narrow for a role, its counts fall back to counting its rows.
 */
export const seesEveryMatter = (user: { id: number; role: string }) => visibleMatterFilter(user).sql === '1 = 1';

/**
 * Every matter's open deadlines by kind and due-date bucket, from deadline_open_counts
 * (migration 017: one row per due date and kind, kept by triggers on deadlines): a sum over a
 * few thousand rows instead of a pass over every open deadline.
 */
export function countAllOpenByKindAndDate(q: Reader, f: CountsFilter, buckets: { overdueBefore: string; week: string; month: string; quarter: string }) {
  const w = countsWhere(f);
  return q.all<{ kind: string; bucket: string; n: number }>(
    `SELECT c.kind AS kind,
       CASE WHEN c.due_date < ? THEN 'overdue' WHEN c.due_date <= ? THEN 'within-7' WHEN c.due_date <= ? THEN 'within-30' WHEN c.due_date <= ? THEN 'within-90' ELSE 'later' END AS bucket,
       SUM(c.n) AS n
     FROM deadline_open_counts c
     WHERE ${w.sql}
     GROUP BY 1, 2`,
    [buckets.overdueBefore, buckets.week, buckets.month, buckets.quarter, ...w.params],
  );
}

/** How many open deadlines every matter has in this window (and kind), from deadline_open_counts. */
export async function countAllOpen(q: Reader, f: CountsFilter): Promise<number> {
  const w = countsWhere(f);
  return (await q.get<{ n: number | null }>(`SELECT SUM(c.n) AS n FROM deadline_open_counts c WHERE ${w.sql}`, w.params))?.n ?? 0;
}

type CountsFilter = Pick<DeadlineFilter, 'dueBy' | 'dueFrom' | 'kind'>;

function countsWhere(f: CountsFilter): { sql: string; params: SqlValue[] } {
  const parts = ['1 = 1'];
  const params: SqlValue[] = [];
  if (f.dueBy !== undefined) (parts.push('c.due_date <= ?'), params.push(f.dueBy));
  if (f.dueFrom !== undefined) (parts.push('c.due_date >= ?'), params.push(f.dueFrom));
  if (f.kind !== undefined) (parts.push('c.kind = ?'), params.push(f.kind));
  return { sql: parts.join(' AND '), params };
}

export function findVisibleDeadline(q: Reader, user: { id: number; role: string }, id: number) {
  const visible = visibleMatterFilter(user);
  return q.get<DeadlineRow>(`SELECT d.* FROM deadlines d JOIN matters m ON m.id = d.matter_id WHERE d.id = ? AND ${visible.sql}`, [id, ...visible.params]);
}

// ── Recorded renewals ────────────────────────────────────────────────────────

export interface RenewalRow {
  id: number;
  document_id: number;
  term_start: string;
  term_months: number;
  term_end: string;
  note: string;
  recorded_by: number;
  recorded_at: string;
}

export const listRenewals = (q: Reader, documentId: number) =>
  q.all<RenewalRow>('SELECT * FROM document_renewals WHERE document_id = ? ORDER BY term_start', [documentId]);

export const insertRenewal = (q: Queryable, r: { documentId: number; termStart: string; termMonths: number; termEnd: string; note: string; userId: number; now: string }) =>
  q.run('INSERT INTO document_renewals (document_id, term_start, term_months, term_end, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    r.documentId,
    r.termStart,
    r.termMonths,
    r.termEnd,
    r.note,
    r.userId,
    r.now,
  ]);

/** Documents that amend or renew this one and are themselves in force: they supersede its deadlines. */
export const countInForceSuccessors = async (q: Reader, documentId: number) =>
  (await q.get<{ n: number }>("SELECT count(*) AS n FROM documents WHERE parent_document_id = ? AND status IN ('executed', 'renewed', 'amended')", [documentId]))?.n ?? 0;

// ── Reminder settings and calendar links ─────────────────────────────────────

export const findReminderDays = async (q: Reader, userId: number) => {
  const row = await q.get<{ days_before: string }>('SELECT days_before FROM reminder_settings WHERE user_id = ?', [userId]);
  return row ? (JSON.parse(row.days_before) as number[]) : null;
};

export const saveReminderDays = (q: Queryable, userId: number, days: number[], now: string) =>
  q.run('INSERT INTO reminder_settings (user_id, days_before, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET days_before = excluded.days_before, updated_at = excluded.updated_at', [
    userId,
    JSON.stringify(days),
    now,
  ]);

export const saveCalendarToken = (q: Queryable, userId: number, tokenHash: string, now: string) =>
  q.run('INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at', [
    userId,
    tokenHash,
    now,
  ]);

export const deleteCalendarToken = (q: Queryable, userId: number) => q.run('DELETE FROM calendar_tokens WHERE user_id = ?', [userId]);

export const findCalendarToken = (q: Reader, userId: number) => q.get<{ created_at: string }>('SELECT created_at FROM calendar_tokens WHERE user_id = ?', [userId]);

/** The active user a calendar link belongs to (a disabled user's link stops working). */
export const findUserByCalendarToken = (q: Reader, tokenHash: string) =>
  q.get<{ id: number; role: string; name: string; email: string }>(
    'SELECT u.id, u.role, u.name, u.email FROM calendar_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0',
    [tokenHash],
  );
