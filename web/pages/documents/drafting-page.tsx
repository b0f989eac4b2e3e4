import type { Role } from '../../../server/db/users.ts';
import type { DocumentInfo, Version } from '../../../server/schemas/document.ts';
import type { DocumentStatus } from '../../../server/services/documents/lifecycle.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { draftingFieldId } from '../../components/questionnaire.tsx';
import { SubmitWithProgress, TextField } from '../../components/form-fields.tsx';
import { humanize } from '../../format.ts';
import { CompliancePanel, LivePanel } from './compliance-panel.tsx';
import { DraftingForm, type DraftingValues, type VariantGroups } from './drafting-form.tsx';
import { VersionList } from './version-list.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface DraftingPageProps {
  role: Role;
  doc: DocumentInfo;
  versions: Version[];
  current: Version;
  groups: VariantGroups;
  needed?: ReadonlySet<string>;
  /** The clauses the current version uses, for overrides. */
  clauses: { id: string; title: string }[];
  /** Clauses pinned to an older version than the library's current one. */
  outdated: { clauseId: string; pinnedVersion: number; currentVersion: number }[];
  /** Lifecycle steps this user may take from here (marking executable has its own page). */
  nextStatuses: DocumentStatus[];
  /** Today in the firm's time zone: the latest date signed the form accepts. */
  today: string;
  /** The firm's time zone (the versions' times). */
  timeZone?: string;
  /** The drafting form as the attorney left it, when saving it failed. */
  failed?: { values: DraftingValues; errors: Record<string, string>; summary: string | SummaryItem[] };
  /** A refused lifecycle step. */
  problem?: string;
  /** The execution form as the user left it when the step was refused, with each error beside its field (the date signed). */
  statusForm?: { values: { executedOn: string }; errors: Record<string, string> };
}

/**
 * A document's drafting page: the questionnaire (attorneys, while the document can still change),
 * the live check, the stored version's compliance report, versions, newer clause versions and the
 * lifecycle steps. Paralegals and administrators see it read-only.
 */
export function DraftingPage(props: DraftingPageProps) {
  const { doc, current, role } = props;
  const editable = role === 'attorney' && (doc.status === 'draft' || doc.status === 'executable');
  const values = props.failed?.values ?? { answers: current.answers, choices: current.choices, overrides: current.overrides, note: '' };
  return (
    <section>
      <PageHeading title={doc.title} detail={doc.shortId} back={{ href: `/matters/${doc.matterId}`, label: 'Back to the matter' }}>
        Status: <span class="status-pill">{humanize(doc.status)}</span> · version {doc.currentVersionNo}
        {doc.executableVersionNo ? ` · executable version ${doc.executableVersionNo}` : ''}
        {doc.executedVersionNo ? ` · executed version ${doc.executedVersionNo}, signed ${doc.executedOn ?? '(date not recorded)'}` : ''}
        {doc.executedVersionNo && role !== 'client' ? (
          <>
            {' · '}
            <a href={`/documents/${doc.id}/signed-copy`}>Signed copy</a>
          </>
        ) : null}
      </PageHeading>
      {props.failed && <ErrorList errors={linkSummary(props.failed.summary, (key) => (key === 'title' ? undefined : draftingFieldId(key)))} />}
      {/* A refused date signed: the summary links to its field in the lifecycle form. */}
      {props.problem && <ErrorList errors={[props.statusForm?.errors.executedOn ? { message: props.problem, field: 'executed-on' } : props.problem]} />}
      {doc.status === 'executable' && editable && <p class="notice">Saving a new version withdraws executable status: the new version must pass the review again.</p>}
      <div class="cols">
        <div>
          {editable ? (
            <>
              <h2>Questionnaire</h2>
              <DraftingForm
                action={`/documents/${doc.id}/versions`}
                liveCheck={`/matters/${doc.matterId}/documents/preview`}
                kind={doc.kind}
                values={values}
                errors={props.failed?.errors ?? {}}
                groups={props.groups}
                needed={props.needed}
                clauses={props.clauses}
                hidden={{ baseVersionNo: String(doc.currentVersionNo), documentId: String(doc.id) }}
                submit={{ label: 'Save new version', busy: 'Assembling and checking the new version…' }}
              />
            </>
          ) : (
            <NotEditable doc={doc} role={role} />
          )}
        </div>
        {/* Sticky on wide screens: the live check stays in view beside a long questionnaire. */}
        <aside class="side-panel" aria-label="Compliance checks" tabindex={0}>
          {editable && <LivePanel />}
          <CompliancePanel doc={doc} version={current} canApprove={role === 'attorney'} canEditMatter={role === 'attorney'} />
          {editable && props.outdated.length > 0 && <ClauseUpdates doc={doc} outdated={props.outdated} />}
          <VersionList doc={doc} versions={props.versions} timeZone={props.timeZone} />
          {props.nextStatuses.length > 0 && <Lifecycle doc={doc} next={props.nextStatuses} today={props.today} failed={props.statusForm} />}
        </aside>
      </div>
    </section>
  );
}

/** Why there is no questionnaire, and what an attorney can do instead (amend an agreement in force). */
function NotEditable(props: { doc: DocumentInfo; role: Role }) {
  const { doc } = props;
  if (props.role !== 'attorney') return <p class="muted">Only attorneys edit documents; you can follow its checks, versions and lifecycle here.</p>;
  const amendable = doc.status === 'executed' || doc.status === 'renewed' || doc.status === 'amended';
  return (
    <p class="muted">
      A {doc.status} document cannot be edited.{' '}
      {amendable && (
        <a class="button secondary" href={`/matters/${doc.matterId}/documents/new?parent=${doc.id}`}>
          Start an amendment
        </a>
      )}
    </p>
  );
}

/** Clauses the library has revised since this draft pinned them; moving them makes a new version. */
function ClauseUpdates(props: { doc: DocumentInfo; outdated: DraftingPageProps['outdated'] }) {
  return (
    <section class="card" id="clause-updates" aria-labelledby="updates-heading">
      <h2 id="updates-heading">Newer library clauses</h2>
      <form method="post" action={`/documents/${props.doc.id}/clause-updates`} data-progress>
        <input type="hidden" name="baseVersionNo" value={String(props.doc.currentVersionNo)} />
        <fieldset class="nested">
          <legend>Move to the current library version</legend>
          {props.outdated.map((o) => (
            <div class="field check">
              <input type="checkbox" id={`move-${o.clauseId}`} name="clauseIds" value={o.clauseId} checked />{' '}
              <label for={`move-${o.clauseId}`}>{`${o.clauseId}: version ${o.pinnedVersion} → ${o.currentVersion}`}</label> <a href={`/clauses/${o.clauseId}`}>see the versions</a>
            </div>
          ))}
        </fieldset>
        <SubmitWithProgress label="Save as a new version" busy="Assembling and checking…" secondary />
      </form>
    </section>
  );
}

function Lifecycle(props: { doc: DocumentInfo; next: DocumentStatus[]; today: string; failed?: DraftingPageProps['statusForm'] }) {
  const { doc } = props;
  return (
    <section class="card" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">Lifecycle</h2>
      {props.next.map((to) =>
        // An MSA's renewal is recorded as a new term, which moves its deadlines (the deadlines service).
        to === 'renewed' && doc.kind === 'msa' ? (
          <form method="post" action={`/documents/${doc.id}/renewal`} data-confirm="Record that this agreement renewed for a further term?">
            <TextField id="renewal-months" name="termMonths" label="Renewal term (months)" help="Blank: the agreement’s own renewal term." inputmode="numeric" />
            <div class="actions">
              <button type="submit" class="secondary">
                Record renewal
              </button>
            </div>
          </form>
        ) : (
          <form method="post" action={`/documents/${doc.id}/status`} data-confirm={to === 'terminated' || to === 'draft' ? `Make this document ${to}?` : undefined}>
            <input type="hidden" name="to" value={to} />
            {to === 'executed' && <TextField id="executed-on" name="executedOn" label="Date signed" help={`The day the last party signed; not after today (${props.today}).`} type="date" max={props.today} value={props.failed?.values.executedOn} error={props.failed?.errors.executedOn} required />}
            <div class="actions">
              <button type="submit" class="secondary">
                {to === 'draft' ? 'Withdraw executable status (back to draft)' : `Mark ${to}`}
              </button>
            </div>
          </form>
        ),
      )}
    </section>
  );
}
