import type { Role } from '../../../server/db/users.ts';
import type { ChecklistTask } from '../../../server/schemas/deadline.ts';
import type { DocumentInfo } from '../../../server/schemas/document.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import type { AuditEvent } from '../../../server/services/audit/list-audit.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { DOCUMENT_KINDS } from '../../../server/schemas/clause.ts';
import { CHECKLIST_STATUSES } from '../../../server/schemas/answers/formation.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { SelectField, TextArea, TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { auditSentence } from '../../audit-words.ts';
import { fmtDateTime, fmtDateTimeIn, humanize } from '../../format.ts';
import { MsoStructureCards } from './mso-structure-fields.tsx';

export interface MatterPageProps {
  role: Role;
  matter: Matter;
  /** The first page of the matter's documents (keyset, server/db/keyset.ts): a matter with thousands renders 25. */
  documents: DocumentInfo[];
  /** The documents list's address for the page after this one, when there is one. */
  moreDocumentsHref: string | null;
  /** Titles of the documents the audit trail's events are about. */
  documentTitles: Map<number, string>;
  tasks: ChecklistTask[];
  /** Attorneys and administrators: the matter's audit trail, newest first. */
  audit: AuditEvent[] | null;
  /** User names by id, for the people on the matter and the audit trail (staff only). */
  names: Map<number, string>;
  tracking?: { values: Record<string, string>; errors: Record<string, string>; summary: SummaryItem[] };
  /** The firm's time zone, for the audit trail's times (the deadlines use the same). */
  timeZone?: string;
  /** Attorneys: the invite-a-client form refused (its input kept), or the invitation just made. */
  invite?: InviteState;
}

export interface InviteState {
  values?: { name: string; email: string };
  errors?: Record<string, string>;
  summary?: SummaryItem[];
  /** Done: who, and for a new account the one-time set-password code and link (shown this once). */
  done?: { name: string; email: string; accountCreated: boolean; attached: boolean; code?: string; link?: string; /** As the firm reads it (its time zone). */ expiresAt?: string };
}

/** The matter: parties and owners, documents, checklist progress, tracking, audit trail. */
export function MatterPage(props: MatterPageProps) {
  const { matter, role } = props;
  const staff = role !== 'client';
  return (
    <section>
      <h1>{matter.title}</h1>
      {role === 'attorney' && (
        <p>
          <a href={`/matters/${matter.id}/edit`}>Edit the matter (parties, owners, governing law, clients and staff)</a>
        </p>
      )}
      {props.invite?.done && <InvitedNotice {...props.invite.done} />}
      <MatterFacts matter={matter} names={staff ? props.names : null} />
      {role === 'attorney' && <InviteClientForm matterId={matter.id} state={props.invite} />}
      <h2 id="documents">Documents</h2>
      <DocumentTable role={role} documents={props.documents} />
      <p class="small">
        {props.moreDocumentsHref && (
          <>
            <a href={props.moreDocumentsHref} rel="next">
              Next page of documents
            </a>
            {' · '}
          </>
        )}
        <a href={`/matters/${matter.id}/documents`}>Search, sort and page through the documents</a>
      </p>
      {role === 'attorney' && (
        <form method="get" action={`/matters/${matter.id}/documents/new`} class="actions">
          <SelectField id="new-kind" name="kind" label="Start a new document" options={DOCUMENT_KINDS.map((k) => ({ value: k, label: KINDS[k].title }))} />
          <button type="submit">Start drafting</button>
        </form>
      )}
      <h2 id="checklist">Formation checklist</h2>
      <ChecklistSummary matterId={matter.id} tasks={props.tasks} role={role} />
      {(role === 'attorney' || role === 'paralegal') && <TrackingForm matter={matter} state={props.tracking} />}
      {props.audit && <AuditTrail events={props.audit} names={props.names} documentTitles={props.documentTitles} timeZone={props.timeZone} />}
      {props.audit && (
        <p class="small">
          <a href={`/matters/${matter.id}/audit`}>Search and page through the whole audit trail</a>
        </p>
      )}
    </section>
  );
}

function MatterFacts(props: { matter: Matter; names: Map<number, string> | null }) {
  const m = props.matter;
  const people = (ids: number[]) => ids.map((id) => props.names?.get(id) ?? `user ${id}`).join(', ') || '—';
  return (
    <div class="grid">
      <div class="card">
        <h2>MSO</h2>
        <p>
          {m.msoName}
          <br />
          {m.msoEntityType}, {m.msoState}
        </p>
        {m.portfolioId !== null && (
          <p class="small">
            A practice of a <a href={`/portfolios/${m.portfolioId}`}>portfolio</a>: the MSO’s facts are kept there, for every practice.
          </p>
        )}
        {m.msoAffiliates.length > 0 && (
          <>
            <h3>Affiliates</h3>
            <ul id="mso-affiliates">
              {m.msoAffiliates.map((a) => (
                <li>
                  {a.name} — {a.entityType}, {a.state}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div class="card">
        <h2>Practice</h2>
        <p>
          {m.peName}
          <br />
          {humanize(m.peEntityType)}, {m.peState} · governing law {m.governingLawState}
        </p>
      </div>
      <TransactionCard facts={m.transaction} />
      <div class="card">
        <h2>Owners</h2>
        <ul>
          {m.owners.map((o) => (
            <li>
              {o.name} — {o.ownershipPct}% {o.licensed ? `(licensed${o.licenseState ? ` in ${o.licenseState}` : ''})` : '(not licensed)'}
              {o.isMso ? ' · MSO affiliate' : ''}
            </li>
          ))}
        </ul>
      </div>
      <MsoStructureCards matter={m} />
      {props.names && (
        <div class="card">
          <h2>People</h2>
          <p>
            Clients: {people(m.clientUserIds)}
            <br />
            Staff: {people(m.staffUserIds)}
          </p>
        </div>
      )}
    </div>
  );
}

const BAND_WORDS: Record<string, string> = { 'under-10m': 'under $10 million', '10m-to-25m': '$10 million to under $25 million', '25m-or-more': '$25 million or more' };

/** What the state transaction-notice laws read (issue 16); "not known" until the attorney records it. */
function TransactionCard(props: { facts: Matter['transaction'] }) {
  const f = props.facts;
  const known = (v: string | number | null) => (v === null ? 'not known' : String(v));
  return (
    <div class="card">
      <h2>Transaction</h2>
      <p id="transaction-facts">
        Planned closing: {f.plannedClosingDate ?? 'not known'}
        <br />
        Physicians in the group: {known(f.physicianCount)}
        <br />
        Revenue of the largest party: {f.revenueBand ? BAND_WORDS[f.revenueBand] : 'not known'}
        <br />
        Assets of the parties: {f.assetsBand ? BAND_WORDS[f.assetsBand] : 'not known'}
      </p>
    </div>
  );
}

/** Documents; a client sees only released ones, each with its signature-ready file. */
export function DocumentTable(props: { role: Role; documents: DocumentInfo[] }) {
  const released = (d: DocumentInfo) => d.executedVersionNo ?? d.executableVersionNo;
  return (
    <Table
      rows={props.documents}
      empty={props.role === 'client' ? 'No documents are ready for you yet.' : 'No documents yet.'}
      columns={[
        {
          header: 'Document',
          cell: (d) => (
            <>
              {props.role === 'client' ? d.title : <a href={`/documents/${d.id}`}>{d.title}</a>} <span class="muted small">{d.shortId}</span>
            </>
          ),
        },
        { header: 'Kind', cell: (d) => KINDS[d.kind].title },
        { header: 'Status', cell: (d) => (<><span class="status-pill">{humanize(d.status)}</span>{d.executedOn ? <span class="small"> signed {d.executedOn}</span> : null}</>) },
        { header: 'Version', cell: (d) => String(d.currentVersionNo) },
        {
          header: 'Signature-ready file',
          cell: (d) =>
            released(d) ? (
              <a href={`/documents/${d.id}/versions/${released(d)}/download`}>{`Download .docx (${d.executedVersionNo ? 'executed' : 'executable'} version ${released(d)})`}</a>
            ) : (
              <span class="muted">not yet executable</span>
            ),
        },
      ]}
    />
  );
}

function ChecklistSummary(props: { matterId: number; tasks: ChecklistTask[]; role: Role }) {
  if (props.tasks.length === 0) return <p class="muted">No checklist tasks yet.{props.role === 'attorney' ? ' Start an Entity Formation Checklist document to create them.' : ''}</p>;
  const count = (status: string) => props.tasks.filter((t) => t.status === status).length;
  return (
    <>
      <ul class="counts">
        {CHECKLIST_STATUSES.map((s) => (
          <li>
            <strong>{count(s)}</strong> {humanize(s).toLowerCase()}
          </li>
        ))}
      </ul>
      <p>
        <a href={`/matters/${props.matterId}/checklist`}>{props.role === 'client' ? 'See every checklist task' : `Work the checklist (${props.tasks.length} tasks)`}</a>
      </p>
    </>
  );
}

const INVITE_FIELD_IDS: Record<string, string> = { name: 'invite-name', email: 'invite-email' };

/**
 * Attorneys bring a client's person onto the matter: a new e-mail gets a client account (only
 * that role; administrators create every other) with a one-time set-password code.
 */
function InviteClientForm(props: { matterId: number; state?: InviteState }) {
  const v = props.state?.values ?? { name: '', email: '' };
  const e = props.state?.errors ?? {};
  return (
    <section class="card" aria-labelledby="invite-heading" id="invite-client">
      <h2 id="invite-heading">Invite a client user</h2>
      <p class="small">
        A new e-mail gets a client account — it sees only its own matters — and a one-time code to set its password, shown here once for you to pass on. An e-mail that already has a client account adds that person.
      </p>
      {props.state?.summary && <ErrorList errors={linkSummary(props.state.summary, (key) => INVITE_FIELD_IDS[key])} />}
      <form method="post" action={`/matters/${props.matterId}/clients`}>
        <div class="grid">
          <TextField id="invite-name" name="name" label="Client’s full name" value={v.name} error={e.name} autocomplete="off" required />
          <TextField id="invite-email" name="email" label="Client’s e-mail" type="email" value={v.email} error={e.email} autocomplete="off" required />
        </div>
        <button type="submit" class="secondary">
          Invite to this matter
        </button>
      </form>
    </section>
  );
}

function InvitedNotice(props: NonNullable<InviteState['done']>) {
  if (!props.code) {
    return (
      <div class="card" role="status" id="invited-client">
        <p>{props.attached ? `${props.name} (${props.email}) now sees this matter; they sign in with their existing account.` : `${props.name} (${props.email}) was already on this matter; nothing changed.`}</p>
      </div>
    );
  }
  return (
    <div class="card" role="status" id="invited-client">
      <h2>Set-password code for {props.name}</h2>
      <p>
        {props.name} ({props.email}) now has a client account on this matter. Give them this privately: it is shown only now, works once, and expires {props.expiresAt} (24 hours).
      </p>
      <p>
        Code: <code>{props.code}</code>
      </p>
      <p>
        Or the link: <code>{props.link}</code>
      </p>
    </div>
  );
}

const TRACKING_FIELD_IDS: Record<string, string> = { trackingStatus: 't-status', nextFollowUp: 't-follow', trackingNotes: 't-notes' };

/** The tracking fields attorneys and paralegals keep (status, next follow-up, notes). */
function TrackingForm(props: { matter: Matter; state?: MatterPageProps['tracking'] }) {
  const m = props.matter;
  const v = props.state?.values ?? { trackingStatus: m.trackingStatus, nextFollowUp: m.nextFollowUp ?? '', trackingNotes: m.trackingNotes };
  const e = props.state?.errors ?? {};
  return (
    <section class="card" aria-labelledby="tracking-heading">
      <h2 id="tracking-heading">Tracking</h2>
      {props.state && <ErrorList errors={linkSummary(props.state.summary, (key) => TRACKING_FIELD_IDS[key])} />}
      <form method="post" action={`/matters/${m.id}/tracking`}>
        <input type="hidden" name="rowVersion" value={String(m.rowVersion)} />
        <div class="grid">
          <SelectField id="t-status" name="trackingStatus" label="Matter status" value={v.trackingStatus} error={e.trackingStatus} options={['open', 'on-hold', 'closed'].map((s) => ({ value: s, label: humanize(s) }))} />
          <TextField id="t-follow" name="nextFollowUp" label="Next follow-up" type="date" value={v.nextFollowUp} error={e.nextFollowUp} />
        </div>
        <TextArea id="t-notes" name="trackingNotes" label="Tracking notes" value={v.trackingNotes} error={e.trackingNotes} rows={3} />
        <button type="submit" class="secondary">
          Save tracking
        </button>
      </form>
    </section>
  );
}

/** Who did what to which document, in words (the event codes and hashes stay in the API). */
export function AuditTrail(props: { events: AuditEvent[]; names: Map<number, string>; documentTitles: Map<number, string>; timeZone?: string }) {
  const context = { documents: props.documentTitles };
  return (
    <>
      <h2 id="audit">Audit trail</h2>
      <Table
        rows={props.events}
        empty="No events yet."
        caption="Most recent first"
        columns={[
          { header: 'When', cell: (e) => (props.timeZone ? fmtDateTimeIn(e.at, props.timeZone) : fmtDateTime(e.at)) },
          { header: 'Who', cell: (e) => (e.actorUserId ? `${props.names.get(e.actorUserId) ?? `user ${e.actorUserId}`} (${e.actorRole})` : 'The system') },
          { header: 'What', cell: (e) => auditSentence(e, context) },
        ]}
      />
    </>
  );
}
