import type { Matter } from '../../../server/schemas/matter.ts';
import type { Principal } from '../../../server/services/context.ts';
import type { Urgency } from '../../../server/services/deadlines/deadline-kinds.ts';
import { UrgencyCounts } from '../../components/urgency-counts.tsx';
import { humanize } from '../../format.ts';
import { OpenMatterLink } from '../matters/matter-list.tsx';
import { AfrMonthNotice, type AfrMonthStatus } from '../../components/afr-month-notice.tsx';

export interface HomeData {
  user: Principal;
  matters: Matter[];
  /** Open deadlines by urgency (not for administrators, who work on no matter). */
  byUrgency: Record<Urgency, number> | null;
  /** Attorneys: drafts pinned to an older clause version than the library's current one. */
  outdated: { documentId: number; title: string; clauses: number }[];
  /** Administrators: the reference data version in force and how many users there are. */
  admin: { referenceVersion: string; users: number } | null;
  /** Administrators and attorneys: whether this month's (and next month's) AFR ruling is on file. */
  afr?: AfrMonthStatus | null;
}

const INTRO: Record<Principal['role'], string> = {
  attorney: 'Draft agreements, check them and mark them executable.',
  paralegal: 'Track deadlines, renewals and checklist tasks across the firm’s matters.',
  client: 'Your matters, their signature-ready documents and the checklist’s progress.',
  admin: 'Users, roles and the reference data the compliance checks rest on.',
};

/** The home page: what this role works on first. */
export function HomePage(props: HomeData) {
  const { user } = props;
  return (
    <section>
      <h1>Welcome, {user.name}</h1>
      <p>{INTRO[user.role]}</p>
      {props.afr && (user.role === 'admin' || user.role === 'attorney') && <AfrMonthNotice status={props.afr} role={user.role} />}
      {props.admin && (
        <ul class="counts">
          <li>
            <strong>{props.admin.users}</strong> <a href="/admin/users">users</a>
          </li>
          <li>
            <strong>{props.admin.referenceVersion}</strong> <a href="/admin/reference">reference data version</a>
          </li>
        </ul>
      )}
      {props.byUrgency && (
        <section aria-labelledby="due-heading">
          <h2 id="due-heading">{user.role === 'client' ? 'Key dates in the next 90 days' : 'Due in the next 90 days'}</h2>
          <UrgencyCounts byUrgency={props.byUrgency} only={['overdue', 'within-7', 'within-30', 'within-90']} />
          <p>
            <a href="/deadlines">{user.role === 'client' ? 'See the key dates' : 'Open the deadlines dashboard'}</a>
          </p>
        </section>
      )}
      {props.outdated.length > 0 && (
        <section aria-labelledby="outdated-heading">
          <h2 id="outdated-heading">Drafts with newer library clauses</h2>
          <ul>
            {props.outdated.map((d) => (
              <li>
                <a href={`/documents/${d.documentId}#clause-updates`}>{d.title}</a> — {d.clauses} clause(s) have a newer version
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>{user.role === 'client' ? 'Your matters' : 'Recent matters'}</h2>
      {props.matters.length === 0 ? (
        <p class="muted">No matters yet.</p>
      ) : (
        <ul>
          {props.matters.slice(0, 10).map((m) => (
            <li>
              <a href={`/matters/${m.id}`}>{m.title}</a> <span class="muted small">({humanize(m.trackingStatus)})</span>
            </li>
          ))}
        </ul>
      )}
      {props.matters.length >= 10 && (
        <p>
          <a href="/matters">All matters (search and sort)</a>
        </p>
      )}
      {user.role === 'attorney' && <OpenMatterLink />}
    </section>
  );
}
