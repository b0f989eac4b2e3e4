import type { Role } from '../../../server/db/users.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import { Table } from '../../components/table.tsx';
import { fmtDate, humanize } from '../../format.ts';

export function MatterListPage(props: { role: Role; matters: Matter[] }) {
  return (
    <section>
      <h1>{props.role === 'client' ? 'My matters' : 'Matters'}</h1>
      {props.role === 'attorney' && <OpenMatterLink />}
      <Table
        caption={`${props.matters.length} matter(s)`}
        rows={props.matters}
        columns={[
          { header: 'Matter', cell: (m) => <a href={`/matters/${m.id}`}>{m.title}</a> },
          { header: 'MSO', cell: (m) => `${m.msoName} (${m.msoState})` },
          { header: 'Practice', cell: (m) => `${m.peName} (${m.peState} ${m.peEntityType})` },
          { header: 'Status', cell: (m) => humanize(m.trackingStatus) },
          { header: 'Updated', cell: (m) => fmtDate(m.updatedAt) },
        ]}
      />
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
