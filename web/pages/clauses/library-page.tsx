import type { ClauseSummary } from '../../../server/services/clauses/clause-catalog.ts';
import { DOCUMENT_KINDS } from '../../../server/schemas/clause.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { humanize } from '../../format.ts';

/** Browse and search the clause library's current versions. */
export function LibraryPage(props: { clauses: ClauseSummary[]; q: string; kind: string }) {
  return (
    <section>
      <h1>Clause library</h1>
      <form method="get" action="/clauses" class="card inline-fields" role="search" aria-label="Search the clause library">
        <TextField id="clause-q" name="q" label="Search id, title, tags and text" value={props.q} />
        <SelectField id="clause-kind" name="kind" label="Document kind" value={props.kind} blank="all kinds" options={DOCUMENT_KINDS.map((k) => ({ value: k, label: KINDS[k].title }))} />
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <Table
        caption={`${props.clauses.length} clause(s)`}
        rows={props.clauses}
        empty="No clause matches."
        columns={[
          {
            header: 'Clause',
            cell: (cl) => (
              <>
                <a href={`/clauses/${cl.id}`}>{cl.title}</a>
                <br />
                <span class="small muted">{cl.id}</span>
                {cl.summary && <p class="small">{cl.summary}</p>}
              </>
            ),
          },
          { header: 'Kinds', cell: (cl) => cl.kinds.map((k) => KINDS[k].title).join(', ') },
          { header: 'Variant group', cell: (cl) => (cl.variantGroup ? humanize(cl.variantGroup) : '—') },
          { header: 'Version', cell: (cl) => String(cl.version) },
          { header: 'Citations', cell: (cl) => cl.citations.join('; ') || '—', class: 'small' },
        ]}
      />
    </section>
  );
}
