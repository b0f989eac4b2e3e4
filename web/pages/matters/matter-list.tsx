import type { Role } from '../../../server/db/users.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import { Table } from '../../components/table.tsx';
import { fmtDateIn, humanize } from '../../format.ts';
import { MATTER_LIST } from '../../../server/db/matters.ts';
import type { ListQuery } from '../../../server/db/keyset.ts';
import { ListPaging, ListProblems, ListSearch, pagingOf } from '../../components/list-controls.tsx';

export interface MatterListProps {
  role: Role;
  matters: Matter[];
  query: ListQuery;
  page: { nextCursor: string | null; prevCursor: string | null };
  problems: string[];
  /** The firm's time zone: "Updated" is a date there, like every date on the pages. */
  timeZone: string;
}

/** The matters list (issue 21): searched, sorted and paged in SQL, 25 a page; the links keep the search. */
export function MatterListPage(props: MatterListProps) {
  const paging = pagingOf('/matters', MATTER_LIST, props.query, props.page);
  const what = props.query.q ? `matters matching “${props.query.q}”` : 'matters';
  return (
    <section>
      <h1>{props.role === 'client' ? 'My matters' : 'Matters'}</h1>
      {props.role === 'attorney' && <OpenMatterLink />}
      <ListProblems problems={props.problems} />
      <ListSearch path="/matters" spec={MATTER_LIST} query={props.query} label="Search matters" id="ml" />
      <ListPaging label="Pages of matters" {...paging} shown={props.matters.length} what={what} />
      <Table
        empty={props.query.q ? `No matters match “${props.query.q}”.` : 'No matters yet.'}
        rows={props.matters}
        columns={[
          { header: 'Matter', cell: (m) => <a href={`/matters/${m.id}`}>{m.title}</a> },
          { header: 'MSO', cell: (m) => `${m.msoName} (${m.msoState})` },
          { header: 'Practice', cell: (m) => `${m.peName} (${m.peState} ${m.peEntityType})` },
          { header: 'Status', cell: (m) => humanize(m.trackingStatus) },
          { header: 'Updated', cell: (m) => fmtDateIn(m.updatedAt, props.timeZone) },
        ]}
      />
      {(paging.nextHref || paging.prevHref) && <ListPaging label="Pages of matters (bottom)" {...paging} shown={props.matters.length} what={what} />}
    </section>
  );
}

/** Attorneys open matters (the home page and the matter list). */
export function OpenMatterLink() {
  return (
    <p>
      <a class="button" href="/matters/new">
        Open a matter
      </a>
    </p>
  );
}
