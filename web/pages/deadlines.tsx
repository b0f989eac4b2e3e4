import { Hono } from 'hono';
import type { AppEnv } from '../../server/http/env.ts';
import { AppError } from '../../server/errors.ts';
import { idParam } from '../../server/routes/router.ts';
import { publicOrigin } from '../../server/routes/deadlines.ts';
import { DeadlineQuerySchema, RecordRenewalSchema, ReminderSettingsSchema, UpdateTaskSchema } from '../../server/schemas/deadline.ts';
import { calendarLinkStatus, revokeCalendarLink, rotateCalendarLink } from '../../server/services/deadlines/calendar.ts';
import { updateChecklistTask } from '../../server/services/deadlines/checklist.ts';
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, URGENCIES, type Urgency } from '../../server/services/deadlines/deadline-kinds.ts';
import { listDeadlines, markHandled, summarizeDeadlines } from '../../server/services/deadlines/deadlines.ts';
import { reminderDaysOf, setReminderDays } from '../../server/services/deadlines/reminders.ts';
import { recordRenewal } from '../../server/services/deadlines/renewals.ts';
import { listMatters } from '../../server/services/matters/matters.ts';
import { ErrorList, Field } from '../layout.tsx';
import { ctxOf, formOf, pageUser, render, str, validate, type WebContext } from '../page.tsx';

const WINDOWS = [['30', 'next 30 days'], ['90', 'next 90 days'], ['365', 'next year'], ['', 'all']] as const;

export const deadlinePages = new Hono<AppEnv>()
  .get('/deadlines', (c) => dashboard(c))
  .post('/deadlines/:id/handled', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const form = await formOf(c);
    await markHandled(ctxOf(c, user), idParam.parse(c.req.param('id')), str(form, 'note').slice(0, 1000));
    return c.redirect(`/deadlines?msg=handled`, 303);
  })
  .post('/documents/:id/renewal', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const form = await formOf(c);
    const input = validate(RecordRenewalSchema, { termMonths: str(form, 'termMonths') ? Number(str(form, 'termMonths')) : undefined, note: str(form, 'note') });
    await recordRenewal(ctxOf(c, user), idParam.parse(c.req.param('id')), input);
    return c.redirect('/deadlines?msg=renewed', 303);
  })
  .post('/deadlines/reminders', async (c) => {
    const user = pageUser(c);
    const form = await formOf(c);
    try {
      const days = str(form, 'daysBefore').split(/[\s,]+/).filter(Boolean).map(Number);
      await setReminderDays(ctxOf(c, user), validate(ReminderSettingsSchema, { daysBefore: days }).daysBefore);
      return c.redirect('/deadlines?msg=reminders', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return dashboard(c, `Reminder days: ${err.message.replace(/^Please correct: /, '')}. Use whole numbers from 0 to 365, each once.`);
    }
  })
  .post('/calendar/link', async (c) => {
    const user = pageUser(c);
    const link = await rotateCalendarLink(ctxOf(c, user), publicOrigin(c));
    return dashboard(c, undefined, link.url);
  })
  .post('/calendar/link/revoke', async (c) => {
    const user = pageUser(c);
    await revokeCalendarLink(ctxOf(c, user));
    return c.redirect('/deadlines?msg=link-revoked', 303);
  })
  .post('/checklist-tasks/:id', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const form = await formOf(c);
    const patch = validate(UpdateTaskSchema, { rowVersion: Number(str(form, 'rowVersion')), status: str(form, 'status') || undefined, responsible: str(form, 'responsible') || undefined, dueDate: str(form, 'dueDate') || undefined });
    const task = await updateChecklistTask(ctxOf(c, user), idParam.parse(c.req.param('id')), patch);
    const matterId = Number(str(form, 'matterId'));
    return c.redirect(Number.isInteger(matterId) && matterId > 0 ? `/matters/${matterId}?msg=task#checklist` : `/deadlines?msg=task&task=${task.id}`, 303);
  });

async function dashboard(c: WebContext, problem?: string, newLink?: string) {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const q = c.req.query();
  const parsed = DeadlineQuerySchema.safeParse({
    withinDays: q.withinDays === undefined ? '90' : q.withinDays || undefined,
    kind: q.kind || undefined,
    matterId: q.matterId || undefined,
    status: q.status || undefined,
    limit: '200',
  });
  const query = parsed.success ? parsed.data : DeadlineQuerySchema.parse({ withinDays: '90', limit: '200' });
  const [list, summary, matters, reminders, link] = await Promise.all([
    listDeadlines(ctx, query),
    summarizeDeadlines(ctx, { matterId: query.matterId }),
    listMatters(ctx.db, user),
    reminderDaysOf(ctx.db, user.id),
    calendarLinkStatus(ctx),
  ]);
  const canTrack = user.role === 'attorney' || user.role === 'paralegal';
  return render(
    c,
    'Deadlines',
    <section>
      <h1>{user.role === 'client' ? 'Key dates' : 'Deadlines'}</h1>
      {problem && <ErrorList errors={[problem]} />}
      {!parsed.success && <ErrorList errors={['Some filters were not valid and were reset.']} />}
      <h2 class="small muted">Open deadlines by urgency</h2>
      <UrgencyCounts byUrgency={summary.byUrgency} />
      <form method="get" action="/deadlines" class="card">
        <div class="grid">
          <Field id="f-window" label="Due within">
            <select id="f-window" name="withinDays">
              {WINDOWS.map(([value, text]) => (
                <option value={value} selected={String(query.withinDays ?? '') === value}>
                  {text}
                </option>
              ))}
            </select>
          </Field>
          <Field id="f-kind" label="Kind">
            <select id="f-kind" name="kind">
              <option value="">all kinds</option>
              {DEADLINE_KINDS.map((k) => (
                <option value={k} selected={query.kind === k}>
                  {DEADLINE_KIND_LABELS[k]} ({summary.byKind[k]})
                </option>
              ))}
            </select>
          </Field>
          <Field id="f-matter" label="Matter">
            <select id="f-matter" name="matterId">
              <option value="">all matters</option>
              {matters.map((m) => (
                <option value={String(m.id)} selected={query.matterId === m.id}>
                  {m.title}
                </option>
              ))}
            </select>
          </Field>
          <Field id="f-status" label="Status">
            <select id="f-status" name="status">
              {(['open', 'handled', 'all'] as const).map((s) => (
                <option value={s} selected={query.status === s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      <p class="muted small">
        {list.total} deadline(s) · today is {list.today}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">What</th>
              <th scope="col">Matter / document</th>
              <th scope="col">Status</th>
              {canTrack && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.deadlines.map((d) => (
              <tr>
                <td class={`urg-${d.urgency}`}>
                  <strong>{d.dueDate}</strong>
                  <br />
                  <span class="small">{d.daysUntilDue < 0 ? `${-d.daysUntilDue} days overdue` : `in ${d.daysUntilDue} days`}</span>
                </td>
                <td>
                  <strong>{d.title}</strong> <span class="badge">{d.kindLabel}</span>
                  <br />
                  {d.action}
                  <br />
                  <span class="small muted">Basis: {d.basis}</span>
                  {d.nextReminder && <span class="small muted"> · next reminder {d.nextReminder}</span>}
                </td>
                <td>
                  <a href={`/matters/${d.matter.id}`}>{d.matter.title}</a>
                  <br />
                  {user.role === 'client' ? d.document.title : <a href={`/documents/${d.document.id}`}>{d.document.title}</a>}
                </td>
                <td>{d.status === 'handled' ? `handled ${d.handledAt?.slice(0, 10) ?? ''}${d.handledBy ? ` by ${d.handledBy}` : ''}` : 'open'}</td>
                {canTrack && (
                  <td>
                    {d.status === 'open' && (
                      <form method="post" action={`/deadlines/${d.id}/handled`}>
                        <Field id={`note-${d.id}`} label="Note (optional)">
                          <input type="text" id={`note-${d.id}`} name="note" />
                        </Field>
                        <button type="submit" class="secondary">
                          Mark handled
                        </button>
                      </form>
                    )}
                    {d.status === 'open' && d.kind === 'term-end' && (
                      <form method="post" action={`/documents/${d.document.id}/renewal`} data-confirm="Record that this agreement renewed for a further term?">
                        <Field id={`renew-${d.id}`} label="Renewal term (months)" help="Blank: the agreement’s renewal term">
                          <input type="text" inputmode="numeric" id={`renew-${d.id}`} name="termMonths" />
                        </Field>
                        <button type="submit" class="secondary">
                          Record renewal
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Reminders and calendar</h2>
      <div class="grid">
        <form method="post" action="/deadlines/reminders" class="card">
          <Field id="reminder-days" label="Remind me this many days before each deadline" help="Comma-separated, e.g. 120, 90, 60, 30, 7. Used for the calendar alarms.">
            <input type="text" id="reminder-days" name="daysBefore" value={reminders.join(', ')} />
          </Field>
          <button type="submit" class="secondary">
            Save reminders
          </button>
        </form>
        <div class="card">
          <p>
            Subscribe in Outlook or Google Calendar with a secret link. {link.active ? `You have a link (made ${link.createdAt?.slice(0, 10)}); making a new one revokes it.` : 'You have no link yet.'}
          </p>
          {newLink && (
            <p role="status">
              Your new calendar link (shown once — copy it now): <code class="url" id="calendar-url">{newLink}</code>
            </p>
          )}
          <form method="post" action="/calendar/link" class="inline">
            <button type="submit">{link.active ? 'Make a new link' : 'Make a calendar link'}</button>
          </form>{' '}
          {link.active && (
            <form method="post" action="/calendar/link/revoke" class="inline" data-confirm="Revoke your calendar link?">
              <button type="submit" class="secondary">
                Revoke link
              </button>
            </form>
          )}
        </div>
      </div>
    </section>,
  );
}

const URGENCY_LABELS: Record<Urgency, string> = { overdue: 'overdue', 'within-7': 'within 7 days', 'within-30': 'within 30 days', 'within-90': 'within 90 days', later: 'later' };

/** Open deadlines counted by urgency (the home page leaves out "later"). */
export function UrgencyCounts(props: { byUrgency: Record<Urgency, number>; only?: Urgency[] }) {
  return (
    <ul class="counts">
      {(props.only ?? URGENCIES).map((u) => (
        <li class={`urg-${u}`}>
          <strong>{props.byUrgency[u]}</strong> {URGENCY_LABELS[u]}
        </li>
      ))}
    </ul>
  );
}
