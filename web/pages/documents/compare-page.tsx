import { diffWords } from 'diff';
import type { VersionComparison } from '../../../server/services/documents/compare.ts';
import { SelectField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { PageHeading } from '../../components/page-heading.tsx';

export interface ComparePageProps {
  documentId: number;
  title: string;
  versionNos: number[];
  comparison: VersionComparison;
  /** Changed clauses' text, before and after, by clause id. */
  texts: Map<string, { title: string; before: string; after: string }>;
}

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Two versions side by side: changed answers, clauses added, removed and changed, with word-level differences. */
export function ComparePage(props: ComparePageProps) {
  const { comparison: cmp, documentId } = props;
  const versions = props.versionNos.map(String);
  // Every clause whose wording differs: changed in place, added (all inserted) or removed (all deleted).
  const changedText = [...cmp.clauses.changed.filter((x) => x.textChanged), ...cmp.clauses.added, ...cmp.clauses.removed];
  return (
    <section>
      <PageHeading title={`${props.title}: version ${cmp.from} → version ${cmp.to}`} back={{ href: `/documents/${documentId}`, label: 'Back to the document' }}>
        <a href={`/documents/${documentId}/redline?from=${cmp.from}&to=${cmp.to}`}>Download the redline (.docx with tracked changes)</a>
      </PageHeading>
      <form method="get" action={`/documents/${documentId}/compare`} class="card inline-fields">
        <SelectField id="cmp-from" name="from" label="From version" value={String(cmp.from)} options={versions} />
        <SelectField id="cmp-to" name="to" label="To version" value={String(cmp.to)} options={versions} />
        <button type="submit" class="secondary">
          Compare
        </button>
      </form>
      <h2>Answers</h2>
      <Table
        rows={cmp.answers}
        empty="No answers changed."
        columns={[
          { header: 'Answer', cell: (a) => a.label },
          { header: `Version ${cmp.from}`, cell: (a) => <del>{show(a.before)}</del> },
          { header: `Version ${cmp.to}`, cell: (a) => <ins>{show(a.after)}</ins> },
        ]}
      />
      <h2>Clauses</h2>
      <ul>
        {cmp.clauses.added.map((x) => (
          <li>Added: {x.title}</li>
        ))}
        {cmp.clauses.removed.map((x) => (
          <li>Removed: {x.title}</li>
        ))}
        {cmp.clauses.changed.map((x) => (
          <li>
            Changed: {x.title} (library version {x.fromVersion} → {x.toVersion}
            {x.overriddenAfter ? '; text overridden for this document' : ''}
            {!x.textChanged ? '; same wording' : ''})
          </li>
        ))}
        {cmp.clauses.added.length + cmp.clauses.removed.length + cmp.clauses.changed.length === 0 && <li class="muted">No clause changed.</li>}
      </ul>
      {changedText.map((x) => (
        <WordDiff title={x.title} text={props.texts.get(x.id)} />
      ))}
    </section>
  );
}

/** A clause's wording before and after, deletions struck and insertions marked (and said, for screen readers). */
function WordDiff(props: { title: string; text?: { before: string; after: string } }) {
  if (!props.text) return null;
  return (
    <section class="card">
      <h3>{props.title}</h3>
      <p class="diff">
        {diffWords(props.text.before, props.text.after).map((part) =>
          part.added ? (
            <ins>
              <span class="sr-only">[inserted: </span>
              {part.value}
              <span class="sr-only">]</span>
            </ins>
          ) : part.removed ? (
            <del>
              <span class="sr-only">[deleted: </span>
              {part.value}
              <span class="sr-only">]</span>
            </del>
          ) : (
            part.value
          ),
        )}
      </p>
    </section>
  );
}
