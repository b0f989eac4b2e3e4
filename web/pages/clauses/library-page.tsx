import type { ClauseSummary } from '../../../server/services/clauses/clause-catalog.ts';
import { DOCUMENT_KINDS } from '../../../server/schemas/clause.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { humanize } from '../../format.ts';
import type { ListQuery, ListSpec } from '../../../server/db/keyset.ts';
import { ListPaging, ListProblems, pagingOf } from '../../components/list-controls.tsx';

/** The library's sorts (in memory: `sql` is unused); ties broken by the clause id. */
export const CLAUSE_LIST: ListSpec = {
  sorts: {
    library: { sql: '', type: 'text', dir: 'asc', label: 'Library order' },
    title: { sql: '', type: 'text', dir: 'asc', label: 'Title' },
    id: { sql: '', type: 'text', dir: 'asc', label: 'Id' },
  },
  defaultSort: 'library',
  searchColumns: [],
  id: 'id',
  idType: 'text',
};

export const clauseSortKey = (sort: string) => (cl: ClauseSummary): string =>
  sort === 'title' ? cl.title : sort === 'id' ? cl.id : `${cl.kinds[0] ?? ''}|${String(cl.order).padStart(8, '0')}`;

/** Browse and search the clause library's current versions, 25 a page. */
export function LibraryPage(props: { clauses: ClauseSummary[]; q: string; kind: string; list?: { query: ListQuery; page: { nextCursor: string | null; prevCursor: string | null }; problems: string[] } }) {
  const extra = { ...(props.q ? { q: props.q } : {}), ...(props.kind ? { kind: props.kind } : {}) };
  const paging = props.list ? pagingOf('/clauses', CLAUSE_LIST, { ...props.list.query, q: '' }, props.list.page, extra) : null;
  return (
    <section>
      <h1>Clause library</h1>
      <form method="get" action="/clauses" class="card inline-fields" role="search" aria-label="Search the clause library">
        <TextField id="clause-q" name="q" label="Search id, title, tags and text" value={props.q} />
        <SelectField id="clause-kind" name="kind" label="Document kind" value={props.kind} blank="all kinds" options={DOCUMENT_KINDS.map((k) => ({ value: k, label: KINDS[k].title }))} />
        {props.list && <SelectField id="clause-sort" name="sort" label="Sort by" value={props.list.query.sort} options={Object.entries(CLAUSE_LIST.sorts).map(([value, s]) => ({ value, label: s.label }))} />}
        {props.list && (
          <SelectField
            id="clause-dir"
            name="dir"
            label="Order"
            value={props.list.query.dir}
            options={[
              { value: 'asc', label: 'Ascending (A–Z)' },
              { value: 'desc', label: 'Descending (Z–A)' },
            ]}
          />
        )}
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      {props.list && <ListProblems problems={props.list.problems} />}
      {paging && <ListPaging label="Pages of clauses" {...paging} shown={props.clauses.length} what="clauses" />}
      <Table
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
