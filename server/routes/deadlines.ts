import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  CalendarLinkSchema,
  ChecklistTaskSchema,
  DeadlineFiltersSchema,
  DeadlineSchema,
  DeadlineSummarySchema,
  MarkHandledSchema,
  RecordRenewalSchema,
  ReminderSettingsSchema,
  TermSchema,
  UpdateTaskSchema,
} from '../schemas/deadline.ts';
import { DocumentSchema } from '../schemas/document.ts';
import { markHandled, pageDeadlines, summarizeDeadlines } from '../services/deadlines/deadlines.ts';
import { DEADLINE_LIST } from '../db/deadlines.ts';
import { parseListQuery } from '../db/keyset.ts';
import { AppError } from '../errors.ts';
import { isoDate } from '../schemas/text.ts';
import { listQueryParams, PageCursors } from './list-params.ts';
import { emailRemindersOf, getsEmailDigests, reminderDaysOf, setReminderDays } from '../services/deadlines/reminders.ts';
import { calendarLinkStatus, revokeCalendarLink, rotateCalendarLink } from '../services/deadlines/calendar.ts';
import { recordRenewal } from '../services/deadlines/renewals.ts';
import { listChecklist, updateChecklistTask } from '../services/deadlines/checklist.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import type { AppEnv } from '../http/env.ts';
import { isSecureRequest } from '../http/middleware.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const EVERYONE = ['admin', 'attorney', 'paralegal', 'client'] as const;
const TRACKERS = ['attorney', 'paralegal'] as const;

const SummaryQuery = DeadlineFiltersSchema.pick({ matterId: true, clientId: true, withinDays: true }).strict();

/**
 * The list's query (issue 21): the deadlines' filters plus the lists' q, sort, dir, limit and
 * cursor, read by parseListQuery like every other list. `sort=due-desc` (the older API's) is the
 * due sort, latest first, as on the dashboard. `offset` is refused with its own reason.
 */
const ListQuery = DeadlineFiltersSchema.extend({
  ...listQueryParams(DEADLINE_LIST, 'the matter’s title and the document’s title and short id').shape,
  sort: z.string().optional().describe('One of: due (soonest first, the default), matter (by matter title, then due date); due-desc, the older name of due with dir=desc, is still read'),
  offset: z.string().optional().describe('Removed: this list pages by cursor (nextCursor, prevCursor). Any offset is refused with 400 bad_request, details.reason offset_not_supported'),
}).strict();

/**
 * The schedule with the e-mail digest choice. Only attorneys and paralegals are ever e-mailed, so
 * only their answers carry `emailReminders`; a body may leave it out (older clients): the choice is kept.
 */
const ReminderSettingsBody = ReminderSettingsSchema.extend({
  emailReminders: z.boolean().optional().describe('Attorneys and paralegals: whether to be e-mailed a digest on reminder days (left out: unchanged). Ignored for clients and admins, who are never e-mailed'),
});
const ReminderSettingsResponse = ReminderSettingsSchema.extend({
  emailReminders: z.boolean().optional().describe('Attorneys and paralegals only: whether you are e-mailed a digest on reminder days (when the server has e-mail set up)'),
});

const DeadlinePageSchema = z.object({
  today: isoDate,
  total: z
    .number()
    .int()
    .nullable()
    .describe('How many deadlines the filters match, over every page. null when counting would cost a pass over the firm’s deadlines: with a search (q), or handled or all statuses for a reader who sees every matter and gave no matterId, clientId or portfolioId'),
  deadlines: z.array(DeadlineSchema),
  ...PageCursors,
});

export const deadlineRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Deadlines, soonest first, with filters (a client sees only their matters), a page at a time: search, sort and keyset paging',
      ...roles(...EVERYONE),
      request: { query: ListQuery },
      responses: { 200: jsonResponse(DeadlinePageSchema, 'Deadlines'), ...errors(400, 401) },
    }),
    async (c) => {
      const { q, sort, dir, limit, cursor, offset, ...filters } = c.req.valid('query');
      if (offset !== undefined) throw new AppError('bad_request', 'This list pages by cursor, not offset: leave offset out for the first page, then pass its nextCursor as cursor.', { reason: 'offset_not_supported' });
      const legacy = sort === 'due-desc' ? { sort: 'due', dir: dir || 'desc' } : {};
      const { query: list } = parseListQuery({ q, sort, dir, limit, cursor, ...legacy }, DEADLINE_LIST, true);
      const { today, total, page } = await pageDeadlines(serviceContext(c, requireUser(c)), filters, list);
      return c.json({ today, total, deadlines: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/summary',
      summary: 'Dashboard counts of open deadlines by kind and by urgency',
      ...roles(...EVERYONE),
      request: { query: SummaryQuery },
      responses: { 200: jsonResponse(DeadlineSummarySchema, 'Counts'), ...errors(400, 401) },
    }),
    async (c) => c.json(await summarizeDeadlines(serviceContext(c, requireUser(c)), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/handled',
      summary: 'Mark a deadline handled (a checklist task’s deadline completes the task)',
      ...roles(...TRACKERS),
      request: { params: IdParams, body: jsonBody(MarkHandledSchema) },
      responses: { 200: jsonResponse(z.object({ deadline: DeadlineSchema }), 'Handled'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => c.json({ deadline: await markHandled(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json').note) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/reminders',
      summary: 'Your reminder schedule (days before each deadline)',
      ...roles(...EVERYONE),
      responses: { 200: jsonResponse(ReminderSettingsResponse, 'Schedule'), ...errors(401) },
    }),
    async (c) => {
      const user = requireUser(c);
      const db = c.get('services').db;
      const daysBefore = await reminderDaysOf(db, user.id);
      return c.json(getsEmailDigests(user.role) ? { daysBefore, emailReminders: await emailRemindersOf(db, user) } : { daysBefore }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/reminders',
      summary: 'Set your reminder schedule (default 120, 90, 60, 30 and 7 days before) and whether to be e-mailed a digest on reminder days',
      ...roles(...EVERYONE),
      request: { body: jsonBody(ReminderSettingsBody) },
      responses: { 200: jsonResponse(ReminderSettingsResponse, 'Saved'), ...errors(400, 401, 415) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await setReminderDays(serviceContext(c, requireUser(c)), body.daysBefore, body.emailReminders), 200);
    },
  );

/** The secret calendar-feed link of the signed-in user. */
export const calendarLinkRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/link',
      summary: 'Whether you have a calendar feed link (the link itself is shown only when made)',
      ...roles(...EVERYONE),
      responses: { 200: jsonResponse(CalendarLinkSchema, 'Status'), ...errors(401) },
    }),
    async (c) => c.json(await calendarLinkStatus(serviceContext(c, requireUser(c))), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/link',
      summary: 'Make a new secret calendar feed link (revokes the previous one)',
      ...roles(...EVERYONE),
      responses: { 201: jsonResponse(CalendarLinkSchema, 'The new link, shown once'), ...errors(401) },
    }),
    async (c) => c.json(await rotateCalendarLink(serviceContext(c, requireUser(c)), publicOrigin(c)), 201),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/link',
      summary: 'Revoke your calendar feed link',
      ...roles(...EVERYONE),
      responses: { 204: { description: 'Revoked' }, ...errors(401) },
    }),
    async (c) => {
      await revokeCalendarLink(serviceContext(c, requireUser(c)));
      return c.body(null, 204);
    },
  );

export const renewalRoutes = newRouter().openapi(
  createRoute({
    method: 'post',
    path: '/{id}/renewal',
    summary: 'Record a renewal of an MSA: starts the next term and its deadlines',
    ...roles(...TRACKERS),
    request: { params: IdParams, body: jsonBody(RecordRenewalSchema) },
    responses: { 201: jsonResponse(z.object({ document: DocumentSchema, term: TermSchema }), 'Recorded'), ...errors(400, 401, 403, 404, 409, 415) },
  }),
  async (c) => c.json(await recordRenewal(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json')), 201),
);

export const matterChecklistRoutes = newRouter().openapi(
  createRoute({
    method: 'get',
    path: '/{id}/checklist',
    summary: 'Formation-checklist tasks of a matter (clients: their own matters)',
    ...roles(...EVERYONE),
    request: { params: IdParams },
    responses: { 200: jsonResponse(z.object({ tasks: z.array(ChecklistTaskSchema) }), 'Tasks'), ...errors(400, 401, 404) },
  }),
  async (c) => c.json({ tasks: await listChecklist(serviceContext(c, requireUser(c)), c.req.valid('param').id) }, 200),
);

export const checklistTaskRoutes = newRouter().openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    summary: 'Update a checklist task: status, responsible party, due date, note',
    ...roles(...TRACKERS),
    request: { params: IdParams, body: jsonBody(UpdateTaskSchema) },
    responses: { 200: jsonResponse(z.object({ task: ChecklistTaskSchema }), 'Updated'), ...errors(400, 401, 403, 404, 409, 415) },
  }),
  async (c) => c.json({ task: await updateChecklistTask(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json')) }, 200),
);

/** The address this server is reached at, for links that leave the browser (calendar feeds). */
export function publicOrigin(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const host = c.req.header('host') ?? url.host;
  return `${isSecureRequest(c) ? 'https' : url.protocol.replace(':', '')}://${host}`;
}
