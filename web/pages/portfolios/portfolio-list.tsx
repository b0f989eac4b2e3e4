import type { Role } from '../../../server/db/users.ts';
import type { Portfolio } from '../../../server/schemas/portfolio.ts';
import { Table } from '../../components/table.tsx';
import { fmtDateIn, plural } from '../../format.ts';

/** Every portfolio the reader can see: one MSO each, with the states of its practices. */
export function PortfolioListPage(props: { role: Role; portfolios: Portfolio[]; /** The firm's time zone ("Updated" is a date there). */ timeZone: string }) {
  return (
    <section>
      <h1>Portfolios</h1>
      <p class="muted">A portfolio is one MSO serving several practices, often in several states. Each practice is a matter of its own.</p>
      {props.role === 'attorney' && (
        <p>
          <a class="button" href="/portfolios/new">
            Open a portfolio
          </a>
        </p>
      )}
      <Table
        caption={`${props.portfolios.length} portfolio(s)`}
        rows={props.portfolios}
        empty="No portfolios yet."
        columns={[
          { header: 'Portfolio', cell: (p) => <a href={`/portfolios/${p.id}`}>{p.name}</a> },
          { header: 'MSO', cell: (p) => `${p.msoName} (${p.msoState})` },
          { header: 'Practices', cell: (p) => `${plural(p.practices.length, 'practice')}${p.practices.length ? `: ${[...new Set(p.practices.map((x) => x.peState))].join(', ')}` : ''}` },
          { header: 'Updated', cell: (p) => fmtDateIn(p.updatedAt, props.timeZone) },
        ]}
      />
    </section>
  );
}
