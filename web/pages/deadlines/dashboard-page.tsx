import type { Role } from '../../../server/db/users.ts';
import { DEADLINE_LIST } from '../../../server/db/deadlines.ts';
import type { ListQuery, Page } from '../../../server/db/keyset.ts';
import type { Deadline, DeadlineQuery } from '../../../server/schemas/deadline.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import type { User } from '../../../server/schemas/user.ts';
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, type DeadlineKind, type Urgency } from '../../../server/services/deadlines/deadline-kinds.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { ListProblems } from '../../components/list-controls.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';
import { Table, type Column } from '../../components/table.tsx';
import { UrgencyCounts } from '../../components/urgency-counts.tsx';
import { fmtDateIn } from '../../format.ts';

const WINDOWS = [
  { value: '30', label: 'next 30 days' },
  { value: '90', label: 'next 90 days' },
  { value: '365', label: 'next year' },
  { value: '', label: 'any time' },
];

/** A deadline form (mark handled, record renewal) that came back with a problem. */
export interface DeadlineFormState {
  deadlineId: number;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface DashboardProps {
  role: Role;
  /** The current filters as a query string: the dashboard's forms post with it and come back to the same list. */
  filters: string;
  query: DeadlineQuery;
  /** Search, sort, order and page (the lists' keyset paging, server/db/keyset.ts). */
  listQuery: ListQuery;
  /** Search or page settings the page could not use (a stale page link, an unknown sort), in words. */
  notices: string[];
  /** One page; `total` when it could be had without a pass over every deadline (null: not counted). */
  list: { today: string; total: number | null; page: Page<Deadline> };
  summary: { byUrgency: Record<Urgency, number>; byKind: Record<DeadlineKind, number> };
  /** The matter filter's choices: every visible matter, or (allMatters false, too many to list) those on this page and the one chosen. */
  matters: Pick<Matter, 'id' | 'title'>[];
  allMatters: boolean;
  /** Staff: client users, to filter by client. */
  clients: Pick<User, 'id' | 'name'>[];
  /** False when there were too many to list: `clients` holds those of the matters on this page and the one chosen. */
  allClients: boolean;
  reminders: number[];
  /** Attorneys and paralegals: whether they are e-mailed a digest on reminder days (undefined: the checkbox is not shown). */
  emailReminders?: boolean;
  link: { active: boolean; createdAt: string | null };
  newLink?: string;
  problems: SummaryItem[];
  failed?: DeadlineFormState;
  /** The reminder days as entered, with what is wrong with them. */
  reminderForm?: { value: string; error: string; emailReminders?: boolean };
  /** The firm's time zone: every date on the page is a date there, like "today". */
  timeZone: string;
  pageSize: number;
}

const SORTS = Object.entries(DEADLINE_LIST.sorts).map(([value, s]) => ({ value, label: s.label }));
const DIRECTIONS = [
  { value: 'asc', label: 'Ascending (soonest first, A–Z)' },
  { value: 'desc', label: 'Descending (latest first, Z–A)' },
];
const URGENCY_OPTIONS = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'within-7', label: 'Within 7 days' },
  { value: 'within-30', label: 'Within 8–30 days' },
  { value: 'within-90', label: 'Within 31–90 days' },
  { value: 'later', label: 'Later' },
];

/** The dashboard's address with these filters changed (a count's link, a page link); the first page unless a cursor is given. */
function withFilters(filters: string, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams(filters);
  params.delete('cursor');
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined || value === '') params.delete(name);
    else params.set(name, value);
  }
  const text = params.toString();
  return text ? `/deadlines?${text}` : '/deadlines';
}

/** The deadlines dashboard: counts, filters, the list with its actions, reminders and the calendar link. */
export function DashboardPage(props: DashboardProps) {
  const { query, role } = props;
  const canTrack = role === 'attorney' || role === 'paralegal';
  const columns: Column<Deadline>[] = [
    { header: 'Due', cell: (d) => <DueCell deadline={d} /> },
    { header: 'What', cell: (d) => <WhatCell deadline={d} /> },
    { header: 'Matter / document', cell: (d) => <WhereCell deadline={d} linkDocument={role !== 'client'} /> },
    { header: 'Status', cell: (d) => (d.status === 'handled' ? `Handled ${fmtDateIn(d.handledAt, props.timeZone)}${d.handledBy ? ` by ${d.handledBy}` : ''}${d.handledNote ? ` — ${d.handledNote}` : ''}` : 'Open') },
    ...(canTrack ? [{ header: 'Action', cell: (d: Deadline) => <DeadlineActions deadline={d} filters={props.filters} failed={props.failed?.deadlineId === d.id ? props.failed : undefined} /> }] : []),
  ];
  return (
    <section>
      <h1>{role === 'client' ? 'Key dates' : 'Deadlines'}</h1>
      {/* The one-time calendar link is shown where the page lands, not below the list. */}
      {props.newLink && <NewCalendarLink url={props.newLink} />}
      <ErrorList errors={linkSummary(props.problems, (key) => failedFieldId(props.failed, props.list.page.rows, key))} />
      <ListProblems problems={props.notices} />
      <h2>Open deadlines by urgency</h2>
      <UrgencyCounts byUrgency={props.summary.byUrgency} href={(u) => withFilters(props.filters, { urgency: u, status: undefined, withinDays: u === 'later' ? '' : undefined })} />
      <ul class="counts">
        {DEADLINE_KINDS.filter((k) => props.summary.byKind[k] > 0).map((k) => (
          <li>
            <a href={withFilters(props.filters, { kind: k })}>
              <strong>{props.summary.byKind[k]}</strong> {DEADLINE_KIND_LABELS[k]}
            </a>
          </li>
        ))}
      </ul>
      <form method="get" action="/deadlines" class="card" role="search" aria-label="Filter deadlines">
        <div class="grid">
          <TextField id="f-q" name="q" label="Search" help="Words in the matter’s or document’s title, or the document’s short id (every word must appear). Use Kind for the kind of deadline." value={props.listQuery.q} />
          <SelectField id="f-window" name="withinDays" label="Due within" value={query.withinDays === undefined ? '' : String(query.withinDays)} options={WINDOWS} />
          <SelectField id="f-kind" name="kind" label="Kind" value={query.kind ?? ''} blank="all kinds" options={DEADLINE_KINDS.map((k) => ({ value: k, label: `${DEADLINE_KIND_LABELS[k]} (${props.summary.byKind[k]})` }))} />
          <SelectField id="f-matter" name="matterId" label="Matter" value={String(query.matterId ?? '')} blank="all matters" help={props.allMatters ? undefined : 'Lists the matters on this page; open a matter from the list to narrow to it.'} options={props.matters.map((m) => ({ value: String(m.id), label: m.title }))} />
          {(props.clients.length > 0 || !props.allClients) && (
            <SelectField id="f-client" name="clientId" label="Client" value={String(query.clientId ?? '')} blank="all clients" help={props.allClients ? undefined : 'Lists the clients of the matters on this page; open a matter from the list to narrow to it.'} options={props.clients.map((u) => ({ value: String(u.id), label: u.name }))} />
          )}
          <SelectField id="f-status" name="status" label="Status" value={query.status} options={['open', 'handled', 'all']} />
          <SelectField id="f-urgency" name="urgency" label="Urgency" value={query.urgency ?? ''} blank="any" options={URGENCY_OPTIONS} />
          <SelectField id="f-sort" name="sort" label="Sort by" value={props.listQuery.sort} options={SORTS} />
          <SelectField id="f-dir" name="dir" label="Order" value={props.listQuery.dir} options={DIRECTIONS} />
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      <Paging filters={props.filters} list={props.list} listQuery={props.listQuery} label="Pages of deadlines" />
      <Table rows={props.list.page.rows} columns={columns} empty="No deadlines match these filters." rowId={(d) => `deadline-${d.id}`} />
      {(props.list.page.nextCursor || props.list.page.prevCursor) && <Paging filters={props.filters} list={props.list} listQuery={props.listQuery} label="Pages of deadlines (bottom)" />}
      <h2>Reminders and calendar</h2>
      <div class="grid">
        <form method="post" action="/deadlines/reminders" class="card">
          <TextField
            id="reminder-days"
            name="daysBefore"
            label="Remind me this many days before each deadline"
            help="Comma-separated whole numbers from 0 to 365, e.g. 120, 90, 60, 30, 7. They become the calendar feed’s alarms."
            value={props.reminderForm?.value ?? props.reminders.join(', ')}
            error={props.reminderForm?.error}
          />
          {props.emailReminders !== undefined && (
            <CheckboxField
              id="email-reminders"
              name="emailReminders"
              label="E-mail me a digest on reminder days"
              help="When the firm has e-mail set up: at most one e-mail a day, only when a deadline on your matters reaches one of your reminder days, falls due today, or fell due yesterday."
              checked={props.reminderForm?.emailReminders ?? props.emailReminders}
            />
          )}
          <button type="submit" class="secondary">
            Save reminders
          </button>
        </form>
        <CalendarLink link={props.link} timeZone={props.timeZone} />
      </div>
    </section>
  );
}

/**
 * "44 deadlines, 25 on this page · today is …" with the first, previous and next pages (keyset
 * cursors; the filters kept). The total is left out when it was not counted (a search, or
 * handled deadlines firm-wide).
 */
function Paging(props: { filters: string; list: DashboardProps['list']; listQuery: ListQuery; label: string }) {
  const { page, total, today } = props.list;
  const shown = page.rows.length;
  const at = (cursor: string | null) => withFilters(props.filters, { cursor: cursor ?? undefined });
  const counted = total === null ? `${shown} ${shown === 1 ? 'deadline' : 'deadlines'} on this page` : total === shown && !props.listQuery.cursor ? `${total} ${total === 1 ? 'deadline' : 'deadlines'}` : `${total} deadlines, ${shown} on this page`;
  return (
    <nav class="paging small" aria-label={props.label}>
      <span>
        {shown === 0 && !props.listQuery.cursor ? 'No deadlines' : counted} · today is {today}
      </span>
      {props.listQuery.cursor && (
        <>
          {' · '}
          <a href={at(null)}>First page</a>
        </>
      )}
      {page.prevCursor && (
        <>
          {' · '}
          <a href={at(page.prevCursor)} rel="prev">
            Previous page
          </a>
        </>
      )}
      {page.nextCursor && (
        <>
          {' · '}
          <a href={at(page.nextCursor)} rel="next">
            Next page
          </a>
        </>
      )}
    </nav>
  );
}

function DueCell(props: { deadline: Deadline }) {
  const d = props.deadline;
  // A handled deadline is done: no overdue count, no urgency colour.
  if (d.status === 'handled') {
    return (
      <span>
        <strong class="nowrap">{d.dueDate}</strong>
        <br />
        <span class="small">handled</span>
      </span>
    );
  }
  return (
    <span class={`urg-${d.urgency}`}>
      <strong class="nowrap">{d.dueDate}</strong>
      <br />
      <span class="small">{d.daysUntilDue < 0 ? `${-d.daysUntilDue} days overdue` : d.daysUntilDue === 0 ? 'today' : `in ${d.daysUntilDue} days`}</span>
    </span>
  );
}

function WhatCell(props: { deadline: Deadline }) {
  const d = props.deadline;
  return (
    <>
      <strong>{d.title}</strong> <span class="badge">{d.kindLabel}</span>
      <br />
      {d.action}
      <br />
      <span class="small muted">Basis: {d.basis}</span>
      {d.nextReminder && <span class="small muted"> · next reminder {d.nextReminder}</span>}
    </>
  );
}

function WhereCell(props: { deadline: Deadline; linkDocument: boolean }) {
  const d = props.deadline;
  return (
    <>
      <a href={`/matters/${d.matter.id}`}>{d.matter.title}</a>
      <br />
      {props.linkDocument ? <a href={`/documents/${d.document.id}`}>{d.document.title}</a> : d.document.title}
    </>
  );
}

/** Mark handled (with a note) and, for a term end, record the renewal. */
/** The id of the failed note or renewal form's input for an error key, when its deadline's row (and the form) is on this page. */
function failedFieldId(failed: DeadlineFormState | undefined, rows: Deadline[], key: string): string | undefined {
  const d = failed && rows.find((r) => r.id === failed.deadlineId && r.status === 'open');
  if (!d) return undefined;
  if (key === 'note') return `note-${d.id}`;
  return key === 'termMonths' && d.kind === 'term-end' ? `renew-${d.id}` : undefined;
}

function DeadlineActions(props: { deadline: Deadline; filters: string; failed?: DeadlineFormState }) {
  const d = props.deadline;
  if (d.status !== 'open') return null;
  const v = props.failed?.values ?? {};
  const e = props.failed?.errors ?? {};
  const q = props.filters ? `?${props.filters}` : '';
  return (
    <>
      <form method="post" action={`/deadlines/${d.id}/handled${q}`}>
        <TextField id={`note-${d.id}`} name="note" label="Note (optional)" value={v.note} error={e.note} />
        <button type="submit" class="secondary">
          Mark handled
        </button>
      </form>
      {d.kind === 'term-end' && (
        <form method="post" action={`/documents/${d.document.id}/renewal${q}`} data-confirm="Record that this agreement renewed for a further term?">
          <input type="hidden" name="deadlineId" value={String(d.id)} />
          <TextField id={`renew-${d.id}`} name="termMonths" label="Renewal term (months)" help="Blank: the agreement’s own renewal term." inputmode="numeric" value={v.termMonths} error={e.termMonths} />
          <button type="submit" class="secondary">
            Record renewal
          </button>
        </form>
      )}
    </>
  );
}

/** The link just made, at the top of the page with a copy button (app.js; without script, select and copy). */
function NewCalendarLink(props: { url: string }) {
  return (
    <div class="notice" role="status" id="new-calendar-link">
      <p>
        <strong>Your new calendar link is ready.</strong> It is shown only this once: copy it now and add it to Outlook, Google or Apple Calendar as a subscription. Any earlier link no longer works.
      </p>
      <p>
        <code class="url" id="calendar-url">
          {props.url}
        </code>{' '}
        <button type="button" class="secondary" data-copy="calendar-url" hidden>
          Copy link
        </button>
      </p>
    </div>
  );
}

function CalendarLink(props: { link: DashboardProps['link']; timeZone: string }) {
  const { link } = props;
  return (
    <div class="card">
      <p>
        Subscribe in Outlook, Google or Apple Calendar with a secret link. {link.active ? `You have a link (made ${fmtDateIn(link.createdAt, props.timeZone)}); making a new one revokes it.` : 'You have no link yet.'}
      </p>
      <form method="post" action="/calendar/link" class="inline">
        <button type="submit">{link.active ? 'Make a new link' : 'Make a calendar link'}</button>
      </form>{' '}
      {link.active && (
        <form method="post" action="/calendar/link/revoke" class="inline" data-confirm="Revoke your calendar link? Calendars subscribed to it stop updating.">
          <button type="submit" class="secondary">
            Revoke link
          </button>
        </form>
      )}
    </div>
  );
}
