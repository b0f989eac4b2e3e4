import type { Role } from '../../../server/db/users.ts';
import type { Deadline, DeadlineQuery } from '../../../server/schemas/deadline.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import type { User } from '../../../server/schemas/user.ts';
import { DEADLINE_KIND_LABELS, DEADLINE_KINDS, type DeadlineKind, type Urgency } from '../../../server/services/deadlines/deadline-kinds.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Table, type Column } from '../../components/table.tsx';
import { UrgencyCounts } from '../../components/urgency-counts.tsx';

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
  list: { today: string; total: number; deadlines: Deadline[] };
  summary: { byUrgency: Record<Urgency, number>; byKind: Record<DeadlineKind, number> };
  matters: Matter[];
  /** Staff: client users, to filter by client. */
  clients: User[];
  reminders: number[];
  link: { active: boolean; createdAt: string | null };
  newLink?: string;
  problems: string[];
  failed?: DeadlineFormState;
  /** The reminder days as entered, with what is wrong with them. */
  reminderForm?: { value: string; error: string };
}

/** The deadlines dashboard: counts, filters, the list with its actions, reminders and the calendar link. */
export function DashboardPage(props: DashboardProps) {
  const { query, role } = props;
  const canTrack = role === 'attorney' || role === 'paralegal';
  const columns: Column<Deadline>[] = [
    { header: 'Due', cell: (d) => <DueCell deadline={d} /> },
    { header: 'What', cell: (d) => <WhatCell deadline={d} /> },
    { header: 'Matter / document', cell: (d) => <WhereCell deadline={d} linkDocument={role !== 'client'} /> },
    { header: 'Status', cell: (d) => (d.status === 'handled' ? `Handled ${d.handledAt?.slice(0, 10) ?? ''}${d.handledBy ? ` by ${d.handledBy}` : ''}${d.handledNote ? ` — ${d.handledNote}` : ''}` : 'Open') },
    ...(canTrack ? [{ header: 'Action', cell: (d: Deadline) => <DeadlineActions deadline={d} filters={props.filters} failed={props.failed?.deadlineId === d.id ? props.failed : undefined} /> }] : []),
  ];
  return (
    <section>
      <h1>{role === 'client' ? 'Key dates' : 'Deadlines'}</h1>
      <ErrorList errors={props.problems} />
      <h2>Open deadlines by urgency</h2>
      <UrgencyCounts byUrgency={props.summary.byUrgency} />
      <form method="get" action="/deadlines" class="card" role="search" aria-label="Filter deadlines">
        <div class="grid">
          <SelectField id="f-window" name="withinDays" label="Due within" value={query.withinDays === undefined ? '' : String(query.withinDays)} options={WINDOWS} />
          <SelectField id="f-kind" name="kind" label="Kind" value={query.kind ?? ''} blank="all kinds" options={DEADLINE_KINDS.map((k) => ({ value: k, label: `${DEADLINE_KIND_LABELS[k]} (${props.summary.byKind[k]})` }))} />
          <SelectField id="f-matter" name="matterId" label="Matter" value={String(query.matterId ?? '')} blank="all matters" options={props.matters.map((m) => ({ value: String(m.id), label: m.title }))} />
          {props.clients.length > 0 && <SelectField id="f-client" name="clientId" label="Client" value={String(query.clientId ?? '')} blank="all clients" options={props.clients.map((u) => ({ value: String(u.id), label: u.name }))} />}
          <SelectField id="f-status" name="status" label="Status" value={query.status} options={['open', 'handled', 'all']} />
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      <p class="muted small">
        {props.list.total} deadline(s) · today is {props.list.today}
        {props.list.total > props.list.deadlines.length ? ` · showing the first ${props.list.deadlines.length}` : ''}
      </p>
      <Table rows={props.list.deadlines} columns={columns} empty="No deadlines match these filters." />
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
          <button type="submit" class="secondary">
            Save reminders
          </button>
        </form>
        <CalendarLink link={props.link} newLink={props.newLink} />
      </div>
    </section>
  );
}

function DueCell(props: { deadline: Deadline }) {
  const d = props.deadline;
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

function CalendarLink(props: { link: DashboardProps['link']; newLink?: string }) {
  const { link } = props;
  return (
    <div class="card">
      <p>
        Subscribe in Outlook, Google or Apple Calendar with a secret link. {link.active ? `You have a link (made ${link.createdAt?.slice(0, 10)}); making a new one revokes it.` : 'You have no link yet.'}
      </p>
      {props.newLink && (
        <p role="status">
          Your new calendar link (shown once — copy it now): <code class="url" id="calendar-url">{props.newLink}</code>
        </p>
      )}
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
