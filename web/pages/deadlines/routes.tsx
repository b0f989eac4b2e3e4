import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { publicOrigin } from '../../../server/routes/deadlines.ts';
import { DeadlineQuerySchema, MarkHandledSchema, RecordRenewalSchema, ReminderSettingsSchema } from '../../../server/schemas/deadline.ts';
import { calendarLinkStatus, revokeCalendarLink, rotateCalendarLink } from '../../../server/services/deadlines/calendar.ts';
import { markHandled, pageDeadlines, summarizeDeadlines } from '../../../server/services/deadlines/deadlines.ts';
import { DEADLINE_LIST } from '../../../server/db/deadlines.ts';
import { parseListQuery } from '../../../server/db/keyset.ts';
import { emailRemindersOf, getsEmailDigests, reminderDaysOf, setReminderDays } from '../../../server/services/deadlines/reminders.ts';
import { recordRenewal } from '../../../server/services/deadlines/renewals.ts';
import { visibleMatterFilter } from '../../../server/db/matters.ts';
import type { Reader } from '../../../server/db/store.ts';
import { field, fieldErrors, readForm, reminderDaysFromForm, renewalFromForm, validate } from '../../forms.ts';
import { labelsFrom, summaryItemsOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { DashboardPage, type DashboardProps } from './dashboard-page.tsx';
import { alreadyShownAt, asksToShow, holdOnce, shownAt, takeOnce, userOwner } from '../../one-time.ts';

/** The dashboard forms' field labels, for their messages (never the field names). */
const DEADLINE_LABELS = labelsFrom({ note: 'Note', termMonths: 'Renewal term (months)', daysBefore: 'Reminder days' });

/** Everything that says which rows the list shows, including the page (cursor): a post comes back to the same page. */
const FILTERS = ['withinDays', 'kind', 'matterId', 'clientId', 'status', 'urgency', 'q', 'sort', 'dir', 'limit', 'cursor'] as const;

/** Rows per page: a firm's 40-odd deadlines a quarter fit on two pages, never one 9,000-pixel list. */
export const PAGE_SIZE = 25;

/** The dashboard's filters as a query string, carried through its forms so a post comes back to the same list. */
function filtersOf(c: WebContext): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = c.req.query(name);
    if (value !== undefined) params.set(name, value);
  }
  return params.toString();
}

/**
 * Back to the dashboard with the same filters and a confirmation; after acting on a row, to that
 * row (#deadline-<id>) when the list still shows it — otherwise the page opens at the message.
 */
const backTo = (c: WebContext, msg: string, row?: number) => c.redirect(`/deadlines?${[filtersOf(c), `msg=${msg}`].filter(Boolean).join('&')}${row ? `#deadline-${row}` : ''}`, 303);

/** What a re-rendered dashboard shows beyond the data: problems, a failed form, a new calendar link. */
type DashboardState = Partial<Pick<DashboardProps, 'problems' | 'failed' | 'newLink' | 'reminderForm'>>;

export const deadlinePages = new Hono<AppEnv>()
  .get('/deadlines', (c) => (asksToShow(c, 'calendar-link') ? showNewLink(c) : dashboard(c)))
  .post('/deadlines/:id/handled', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const id = idFrom(c.req.param('id'));
    const form = await readForm(c);
    try {
      await markHandled(ctxOf(c, user), id, validate(MarkHandledSchema, { note: field(form, 'note') }).note);
      return backTo(c, 'handled', id);
    } catch (err) {
      const error = formError(err);
      return dashboard(c, { problems: summaryItemsOf(error, DEADLINE_LABELS), failed: { deadlineId: id, values: { note: field(form, 'note') }, errors: fieldErrors(error) } }, formStatus(error));
    }
  })
  .post('/documents/:id/renewal', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const form = await readForm(c);
    try {
      await recordRenewal(ctxOf(c, user), idFrom(c.req.param('id')), validate(RecordRenewalSchema, renewalFromForm(form)));
      return backTo(c, 'renewed', Number(field(form, 'deadlineId')) || undefined);
    } catch (err) {
      const error = formError(err);
      const deadlineId = Number(field(form, 'deadlineId')) || 0;
      return dashboard(c, { problems: summaryItemsOf(error, DEADLINE_LABELS), failed: { deadlineId, values: { termMonths: field(form, 'termMonths') }, errors: fieldErrors(error) } }, formStatus(error));
    }
  })
  .post('/deadlines/reminders', async (c) => {
    const user = pageUser(c);
    const form = await readForm(c);
    try {
      // The checkbox (attorneys and paralegals only) always sends "false" or "true"; a form without it keeps the choice.
      const emailReminders = field(form, 'emailReminders') ? field(form, 'emailReminders') === 'true' : undefined;
      await setReminderDays(ctxOf(c, user), validate(ReminderSettingsSchema, reminderDaysFromForm(form)).daysBefore, emailReminders);
      return backTo(c, 'reminders');
    } catch (err) {
      formError(err);
      const error = 'Use whole numbers from 0 to 365, each once, at most ten.';
      return dashboard(c, { problems: [`Reminder days: ${error}`], reminderForm: { value: field(form, 'daysBefore'), error, emailReminders: field(form, 'emailReminders') === 'true' } }, 400);
    }
  })
  .post('/calendar/link', async (c) => {
    const user = pageUser(c);
    const link = await rotateCalendarLink(ctxOf(c, user), publicOrigin(c));
    // Shown once by the GET this redirects to (web/one-time.ts): a reload never makes another link.
    holdOnce(c, 'calendar-link', userOwner(user.id), link.url);
    return c.redirect(shownAt(dashboardWithFilters(c), 'calendar-link', 'new-calendar-link'), 303);
  })
  .post('/calendar/link/revoke', async (c) => {
    const user = pageUser(c);
    await revokeCalendarLink(ctxOf(c, user));
    return backTo(c, 'link-revoked');
  });

/** The new calendar link, once, at the top of the dashboard; a reload of that address says it was shown. */
async function showNewLink(c: WebContext) {
  const url = await takeOnce<string>(c, 'calendar-link', userOwner(pageUser(c).id));
  return url ? dashboard(c, { newLink: url }) : c.redirect(alreadyShownAt(dashboardWithFilters(c), 'calendar-link'), 303);
}

const dashboardWithFilters = (c: WebContext) => (filtersOf(c) ? `/deadlines?${filtersOf(c)}` : '/deadlines');

/** The filters from the address, read with the API's own query schema; anything invalid is reset and said so. */
function queryOf(c: WebContext) {
  const q = c.req.query();
  const parsed = DeadlineQuerySchema.safeParse({
    withinDays: q.withinDays === undefined ? '90' : q.withinDays || undefined,
    kind: q.kind || undefined,
    matterId: q.matterId || undefined,
    clientId: q.clientId || undefined,
    status: q.status || undefined,
    urgency: q.urgency || undefined,
  });
  // Search, sort, order and page: the lists' keyset paging; an older link's "due-desc" is the due sort, latest first.
  const legacy = q.sort === 'due-desc' ? { sort: 'due', dir: q.dir || 'desc' } : {};
  const list = parseListQuery({ ...q, ...legacy, limit: q.limit || String(PAGE_SIZE) }, DEADLINE_LIST, false);
  const query = parsed.success ? parsed.data : DeadlineQuerySchema.parse({ withinDays: '90' });
  return { query, list: list.query, problems: parsed.success ? [] : ['Some filters were not valid and were reset.'], notices: list.problems };
}

/** More matters than this and the matter filter lists only those on the page (and the one chosen). */
export const MATTER_CHOICES = 200;

/**
 * The matter filter's choices: id and title only, by title. The dashboard once built every
 * visible matter in full (owners, members, structure: queries per matter) to list their titles;
 * at 10,000 matters that was seconds and a megabyte of options (issue 21's page bench).
 */
async function matterChoices(db: Reader, user: { id: number; role: string }, onPage: number[], chosen: number | undefined) {
  const filter = visibleMatterFilter(user);
  const all = await db.all<{ id: number; title: string }>(`SELECT m.id, m.title FROM matters m WHERE ${filter.sql} ORDER BY m.title, m.id LIMIT ${MATTER_CHOICES + 1}`, filter.params);
  if (all.length <= MATTER_CHOICES) return { matters: all, allMatters: true };
  const ids = [...new Set([...onPage, ...(chosen ? [chosen] : [])])];
  const some = ids.length ? await db.all<{ id: number; title: string }>(`SELECT m.id, m.title FROM matters m WHERE m.id IN (${ids.map(() => '?').join(', ')}) AND ${filter.sql} ORDER BY m.title, m.id`, [...ids, ...filter.params]) : [];
  return { matters: some, allMatters: false };
}

/** More client users than this and the client filter lists only the clients of the matters on the page (and the one chosen). */
export const CLIENT_CHOICES = 200;

/**
 * The client filter's choices (staff): id and name, by name. It once listed every user of the
 * firm to pick out the clients — at 1,000 clients, 1,000 options (~20 KB) on every request.
 */
async function clientChoices(db: Reader, onPage: number[], chosen: number | undefined) {
  const all = await db.all<{ id: number; name: string }>(`SELECT id, name FROM users WHERE role = 'client' ORDER BY name, id LIMIT ${CLIENT_CHOICES + 1}`);
  if (all.length <= CLIENT_CHOICES) return { clients: all, allClients: true };
  const matterIds = [...new Set(onPage)];
  const onMatters = matterIds.length ? `id IN (SELECT user_id FROM matter_members WHERE matter_id IN (${matterIds.map(() => '?').join(', ')}))` : '1 = 0';
  const some = await db.all<{ id: number; name: string }>(`SELECT id, name FROM users WHERE role = 'client' AND (${onMatters} OR id = ?) ORDER BY name, id`, [...matterIds, chosen ?? 0]);
  return { clients: some, allClients: false };
}

async function dashboard(c: WebContext, state: DashboardState = {}, status: PageStatus = 200) {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const { query, list: listQuery, problems: filterProblems, notices } = queryOf(c);
  const staff = user.role !== 'client';
  const [list, summary, reminders, link, emailReminders] = await Promise.all([
    pageDeadlines(ctx, query, listQuery),
    summarizeDeadlines(ctx, { matterId: query.matterId, clientId: query.clientId }),
    reminderDaysOf(ctx.db, user.id),
    calendarLinkStatus(ctx),
    emailRemindersOf(ctx.db, user),
  ]);
  const { matters, allMatters } = await matterChoices(ctx.db, user, list.page.rows.map((d) => d.matter.id), query.matterId);
  const onPage = list.page.rows.map((d) => d.matter.id);
  const { clients, allClients } = staff ? await clientChoices(ctx.db, onPage, query.clientId) : { clients: [], allClients: true };
  const problems = [...filterProblems, ...(state.problems ?? [])];
  const timeZone = c.get('services').timeZone;
  const page = <DashboardPage filters={filtersOf(c)} role={user.role} query={query} listQuery={listQuery} notices={notices} list={list} summary={summary} matters={matters} allMatters={allMatters} clients={clients} allClients={allClients} reminders={reminders} emailReminders={getsEmailDigests(user.role) ? emailReminders : undefined} link={link} {...state} problems={problems} timeZone={timeZone} pageSize={PAGE_SIZE} />;
  return render(c, user.role === 'client' ? 'Key dates' : 'Deadlines', page, status);
}
