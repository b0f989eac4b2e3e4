import type { Role } from '../../../server/db/users.ts';
import type { ClauseVersion } from '../../../server/schemas/clause.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { TextArea, TextField } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface ClausePageProps {
  role: Role;
  history: ClauseVersion[];
  /** The publish form as entered, with the problems that stopped it. */
  draft?: { source: string; note: string; problems: string[]; summary: SummaryItem[] };
}

/** One clause: every version's text, and (attorneys, administrators) publishing the next one. */
export function ClausePage(props: ClausePageProps) {
  const current = props.history[props.history.length - 1]!;
  const canPublish = props.role === 'attorney' || props.role === 'admin';
  return (
    <section>
      <PageHeading title={current.title} detail={current.id} back={{ href: '/clauses', label: 'Back to the library' }} />
      <p class="small">
        Citations: {current.citations.join('; ') || '—'}
        <br />
        Tags: {current.tags.join(', ') || '—'}
      </p>
      <h2>Versions</h2>
      {[...props.history].reverse().map((v) => (
        <details open={v.version === current.version}>
          <summary>
            Version {v.version} {v.version === current.version ? '(current)' : ''}
          </summary>
          <pre class="clause-text">{v.body}</pre>
        </details>
      ))}
      {canPublish && (
        <form method="post" action={`/clauses/${current.id}`} class="card" data-progress>
          <h2>Publish version {current.version + 1}</h2>
          {props.draft && <ErrorList errors={linkSummary(props.draft.summary, (key) => ({ source: 'clause-source', note: 'clause-note' })[key])} />}
          <p class="small muted">The whole source: front matter and text. Drafts keep the version they pinned until an attorney moves them to the new one.</p>
          <TextArea id="clause-source" name="source" label="Clause source" value={props.draft?.source ?? current.source} error={props.draft?.problems.join(' · ') || undefined} mono rows={18} required />
          <TextField id="clause-note" name="note" label="What changed" value={props.draft?.note ?? ''} />
          <button type="submit">Publish version {current.version + 1}</button>
        </form>
      )}
    </section>
  );
}
