import * as sql from '../../db/deadlines.ts';
import * as tasks from '../../db/checklist-tasks.ts';
import type { Reader } from '../../db/database.ts';
import type { ListQuery, Page } from '../../db/keyset.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { Deadline, DeadlineFilters, DeadlineQuery } from '../../schemas/deadline.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type Principal, type ServiceContext } from '../context.ts';
import { addDays, daysBetween } from './dates.ts';
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, URGENCIES, urgencyOf, type DeadlineKind, type Urgency } from './deadline-kinds.ts';
import { recomputeDeadlines } from './recompute.ts';
import { forRole } from '../visibility/for-role.ts';
import { reminderDaysOf } from './reminders.ts';

/**
 * Deadlines the user may see (a client: only their matters), soonest first, one LIMIT/OFFSET page with
 * its exact total: the portfolio overview (its 500 soonest) and the bench. The API and the dashboard
 * page by cursor (pageDeadlines).
 */
export async function listDeadlines(ctx: Pick<ServiceContext, 'db' | 'now' | 'principal' | 'timeZone'>, query: DeadlineQuery): Promise<{ today: string; total: number; deadlines: Deadline[] }> {
  const today = todayOf(ctx);
  const filter = toFilter(query, today);
  const [rows, total, reminderDays] = await Promise.all([
    sql.findVisibleDeadlines(ctx.db, ctx.principal, filter, { limit: query.limit, offset: query.offset, sort: query.sort }),
    exactTotal(ctx, filter),
    reminderDaysOf(ctx.db, ctx.principal.id),
  ]);
  return { today, total, deadlines: rows.map((row) => forRole('deadline', ctx.principal.role, toDeadline(row, today, reminderDays))) };
}

/**
 * One keyset page of the deadlines the user may see (the dashboard and `GET /api/deadlines`, issue 21):
 * the DeadlineFilters (window, kind, matter, client, status, urgency) plus the list's search, sort and
 * cursor (server/db/keyset.ts). `total` is given when it costs no pass over the firm's deadlines:
 * from the maintained counts for open deadlines firm-wide, by counting for one matter or client;
 * for a search, or handled deadlines firm-wide, it is null (the page says what it shows).
 */
export async function pageDeadlines(
  ctx: Pick<ServiceContext, 'db' | 'now' | 'principal' | 'timeZone'>,
  query: DeadlineFilters,
  list: ListQuery,
): Promise<{ today: string; total: number | null; page: Page<Deadline> }> {
  const today = todayOf(ctx);
  const filter = toFilter(query, today);
  const [page, total, reminderDays] = await Promise.all([sql.pageVisibleDeadlines(ctx.db, ctx.principal, filter, list), totalOf(ctx, filter, list), reminderDaysOf(ctx.db, ctx.principal.id)]);
  return { today, total, page: { ...page, rows: page.rows.map((row) => forRole('deadline', ctx.principal.role, toDeadline(row, today, reminderDays))) } };
}

async function totalOf(ctx: Pick<ServiceContext, 'db' | 'principal'>, filter: sql.DeadlineFilter, list: ListQuery): Promise<number | null> {
  if (list.q) return null;
  if (!isScoped(ctx.principal, filter) && filter.status !== 'open') return null;
  return exactTotal(ctx, filter);
}

/** One matter, one client, one portfolio, or a reader who does not see every matter: a bounded set of rows. */
const isScoped = (principal: Principal, filter: sql.DeadlineFilter) =>
  filter.matterId !== undefined || filter.clientId !== undefined || filter.portfolioId !== undefined || !sql.seesEveryMatter(principal);

/** How many deadlines the filter matches: every matter's open ones from the maintained counts, the rest counted. */
const exactTotal = (ctx: Pick<ServiceContext, 'db' | 'principal'>, filter: sql.DeadlineFilter) =>
  !isScoped(ctx.principal, filter) && filter.status === 'open' ? sql.countAllOpen(ctx.db, filter) : sql.countVisibleDeadlines(ctx.db, ctx.principal, filter);

/** The due-date window of each urgency (the bands of urgencyOf), for the dashboard's count links. */
const URGENCY_WINDOW: Record<Urgency, [from: number | undefined, to: number | undefined]> = {
  overdue: [undefined, -1],
  'within-7': [0, 7],
  'within-30': [8, 30],
  'within-90': [31, 90],
  later: [91, undefined],
};

function toFilter(query: DeadlineFilters, today: string): sql.DeadlineFilter {
  if (query.urgency) {
    // An urgency is a band of open deadlines; the other filters still narrow it.
    const [from, to] = URGENCY_WINDOW[query.urgency];
    const base = toFilter({ ...query, urgency: undefined }, today);
    return { ...base, status: 'open', dueFrom: from === undefined ? undefined : addDays(today, from), dueBy: to === undefined ? base.dueBy : addDays(today, to) };
  }
  return {
    status: query.status === 'all' ? undefined : query.status,
    dueBy: query.withinDays === undefined ? undefined : addDays(today, query.withinDays),
    dueFrom: query.includeOverdue === 'false' ? today : undefined,
    matterId: query.matterId,
    clientId: query.clientId,
    kind: query.kind,
    portfolioId: query.portfolioId,
  };
}

/** Dashboard counts of open deadlines by kind and by urgency. */
export async function summarizeDeadlines(ctx: Pick<ServiceContext, 'db' | 'now' | 'principal' | 'timeZone'>, query: Pick<DeadlineFilters, 'matterId' | 'clientId' | 'withinDays'>) {
  const today = todayOf(ctx);
  const filter: sql.DeadlineFilter = { matterId: query.matterId, clientId: query.clientId, dueBy: query.withinDays === undefined ? undefined : addDays(today, query.withinDays) };
  const buckets = { overdueBefore: today, week: addDays(today, 7), month: addDays(today, 30), quarter: addDays(today, 90) };
  // Firm-wide counts for those who see every matter come from the maintained counts (migration
  // 017); one matter's or one client's are counted from their rows, a bounded index range.
  const firmWide = filter.matterId === undefined && filter.clientId === undefined && sql.seesEveryMatter(ctx.principal);
  const rows = firmWide ? await sql.countAllOpenByKindAndDate(ctx.db, filter, buckets) : await sql.countOpenByKindAndDate(ctx.db, ctx.principal, filter, buckets);
  const byUrgency = Object.fromEntries(URGENCIES.map((u) => [u, 0])) as Record<Urgency, number>;
  const byKind = Object.fromEntries(DEADLINE_KINDS.map((k) => [k, 0])) as Record<DeadlineKind, number>;
  for (const row of rows) {
    byUrgency[row.bucket as Urgency] += row.n;
    byKind[row.kind as DeadlineKind] += row.n;
  }
  return { today, open: Object.values(byKind).reduce((a, b) => a + b, 0), byUrgency, byKind };
}

/**
 * Marks a deadline handled (attorneys and paralegals). A checklist task's deadline is handled by
 * completing the task, so the two never disagree.
 */
export async function markHandled(ctx: ServiceContext, id: number, note: string): Promise<Deadline> {
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'paralegal') throw forbidden('Only attorneys and paralegals mark deadlines handled.');
  const deadline = await sql.findVisibleDeadline(ctx.db, ctx.principal, id);
  if (!deadline) throw notFound('Deadline');
  if (deadline.status === 'handled') throw new AppError('conflict', 'This deadline is already marked handled.', { reason: 'already_handled' });
  const now = ctx.now.toISOString();
  const today = todayOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const changed = await sql.markDeadlineHandled(tx, id, ctx.principal.id, note, now);
    if (changed.rowsAffected === 0) throw new AppError('conflict', 'This deadline was handled or recomputed meanwhile; reload the list.', { reason: 'stale_deadline' });
    if (deadline.task_id !== null) {
      const task = await tasks.findTask(tx, deadline.task_id);
      if (task) {
        await tasks.updateTask(tx, task.id, task.row_version, { status: 'done', responsible: task.responsible, dueDate: task.due_date, dueDateSet: task.due_date_set === 1, note: note || task.note, userId: ctx.principal.id, now });
        await recomputeDeadlines(tx, deadline.document_id, today, now);
      }
    }
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'deadline.handled', matterId: deadline.matter_id, object: { type: 'deadline', id }, data: { deadlineId: id, kind: deadline.kind } });
    // Read back on the write connection: the read connection may still hold an older snapshot.
    return (await readDeadline(tx, ctx.principal, id, today))!;
  });
}

async function readDeadline(q: Reader, principal: Principal, id: number, today: string): Promise<Deadline | null> {
  const row = await sql.findVisibleDeadlineListRow(q, principal, id);
  return row ? forRole('deadline', principal.role, toDeadline(row, today, await reminderDaysOf(q, principal.id))) : null;
}

export function toDeadline(row: sql.DeadlineListRow, today: string, reminderDays: readonly number[]): Deadline {
  const daysUntilDue = daysBetween(today, row.due_date);
  const reminders = reminderDays.map((days) => addDays(row.due_date, -days)).filter((date) => date >= today).sort();
  return {
    id: row.id,
    kind: row.kind as DeadlineKind,
    kindLabel: DEADLINE_KIND_LABELS[row.kind as DeadlineKind],
    dueDate: row.due_date,
    daysUntilDue,
    urgency: urgencyOf(daysUntilDue),
    title: row.title,
    action: row.action,
    basis: row.basis,
    status: row.status,
    handledAt: row.handled_at,
    handledBy: row.handled_by_name,
    handledNote: row.handled_note,
    nextReminder: row.status === 'open' ? (reminders[0] ?? null) : null,
    matter: { id: row.matter_id, title: row.matter_title },
    document: { id: row.document_id, shortId: row.document_short_id, title: row.document_title, kind: row.document_kind },
    taskId: row.task_id,
  };
}
