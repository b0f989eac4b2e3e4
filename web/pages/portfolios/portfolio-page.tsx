import type { Role } from '../../../server/db/users.ts';
import type { Deadline } from '../../../server/schemas/deadline.ts';
import type { PortfolioDocument, PortfolioOverview } from '../../../server/schemas/portfolio.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { DOCUMENT_KINDS } from '../../../server/schemas/clause.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { Table, type Column } from '../../components/table.tsx';
import { humanize, plural } from '../../format.ts';

/** How the portfolio's deadlines can be ordered (the page's ?sort=). */
export const DEADLINE_SORTS = {
  due: 'due date',
  state: 'state',
  practice: 'practice',
  kind: 'kind',
} as const;
export type DeadlineSort = keyof typeof DEADLINE_SORTS;

export const deadlineSortFrom = (value: string | undefined): DeadlineSort => (value && Object.hasOwn(DEADLINE_SORTS, value) ? (value as DeadlineSort) : 'due');

/**
 * The deadlines in the chosen order; ties fall back to the due date, then the practice, so the
 * order is the same on every load. Pure, so the page and its test agree on it.
 */
export function sortDeadlines(deadlines: readonly Deadline[], sort: DeadlineSort, stateOf: ReadonlyMap<number, string>): Deadline[] {
  const key = (d: Deadline): string => (sort === 'state' ? (stateOf.get(d.matter.id) ?? '') : sort === 'practice' ? d.matter.title : sort === 'kind' ? d.kindLabel : '');
  return [...deadlines].sort((a, b) => key(a).localeCompare(key(b)) || a.dueDate.localeCompare(b.dueDate) || a.matter.title.localeCompare(b.matter.title) || a.id - b.id);
}

/** The "add an existing matter" choice: the search asked for, the matters found (bounded), whether more matched. */
export interface JoinChoice {
  search: string;
  matters: { id: number; title: string; peState: string }[];
  more: boolean;
}

export interface PortfolioPageProps {
  role: Role;
  overview: PortfolioOverview;
  sort: DeadlineSort;
  /** Attorneys: matters opened on their own whose MSO is this portfolio's, which can join it (a searched, bounded choice). */
  join?: JoinChoice;
  /** A refused "add an existing matter", said above the practices. */
  problem?: string;
}

/** One MSO and its practices: each practice's documents with their open findings, and every deadline across them. */
export function PortfolioPage(props: PortfolioPageProps) {
  const { overview, role } = props;
  const { portfolio } = overview;
  const attorney = role === 'attorney';
  const stateOf = new Map(overview.practices.map((p) => [p.matterId, p.peState]));
  const deadlines = sortDeadlines(overview.deadlines, props.sort, stateOf);
  const practices = new Set(overview.practices.map((p) => p.peState));
  return (
    <section>
      <PageHeading title={portfolio.name} detail={`${plural(overview.practices.length, 'practice')} in ${plural(practices.size, 'state')}`} back={{ href: '/portfolios', label: 'All portfolios' }}>
        {`MSO: ${portfolio.msoName}, a ${portfolio.msoState} ${portfolio.msoEntityType}`}
      </PageHeading>
      {attorney && (
        <p class="actions">
          <a class="button" href={`/portfolios/${portfolio.id}/practices/new`}>
            Add a practice
          </a>{' '}
          <a class="button secondary" href={`/portfolios/${portfolio.id}/edit`}>
            Change the MSO’s facts
          </a>{' '}
          {overview.practices.length > 0 &&
            DOCUMENT_KINDS.map((kind) => (
              <>
                <a class="button secondary" href={`/portfolios/${portfolio.id}/documents/new?kind=${kind}`}>
                  {`Draft ${KINDS[kind].title} for every practice`}
                </a>{' '}
              </>
            ))}
        </p>
      )}
      <h2 id="practices-heading">Practices</h2>
      <ErrorList errors={props.problem ? [props.problem] : []} />
      <p class="muted small">Each practice is a matter of its own: its documents are checked under its own state’s rules.</p>
      <Table
        rows={overview.practices}
        empty={attorney ? 'No practices yet: add the first one.' : 'No practices to show.'}
        columns={[
          { header: 'State', cell: (p) => <strong>{p.peState}</strong> },
          {
            header: 'Practice',
            cell: (p) => (
              <>
                <a href={`/matters/${p.matterId}`}>{p.title}</a>
                <br />
                <span class="small muted">{`${p.peName} (${humanize(p.peEntityType)}; ${p.governingLawState} law)`}</span>
              </>
            ),
          },
          { header: 'Documents', cell: (p) => <DocumentList documents={p.documents} linkDocuments={role !== 'client'} /> },
        ]}
      />
      {attorney && props.join && <JoinMatter portfolioId={portfolio.id} join={props.join} />}
      <h2 id="deadlines-heading">Deadlines across the portfolio</h2>
      <p class="muted small">
        {`${overview.totalDeadlines} open deadline(s) · today is ${overview.today}`}
        {overview.totalDeadlines > deadlines.length ? ` · showing the first ${deadlines.length}` : ''}
      </p>
      <nav aria-label="Sort deadlines" class="small">
        {'Sort by: '}
        {Object.entries(DEADLINE_SORTS).map(([value, label], i) => (
          <>
            {i > 0 && ' · '}
            {value === props.sort ? <strong aria-current="true">{label}</strong> : <a href={`/portfolios/${portfolio.id}?sort=${value}#deadlines-heading`}>{label}</a>}
          </>
        ))}
      </nav>
      <Table rows={deadlines} columns={deadlineColumns(stateOf, role !== 'client')} empty="No open deadlines in this portfolio." />
      <h2>Calendar</h2>
      <p>
        To subscribe to this portfolio’s deadlines only, add <code>{`?portfolio=${portfolio.id}`}</code> to the end of your calendar link (made on the{' '}
        <a href="/deadlines">{role === 'client' ? 'key dates' : 'deadlines'} page</a>). The link without it keeps every matter you can see.
      </p>
    </section>
  );
}

function deadlineColumns(stateOf: ReadonlyMap<number, string>, linkDocument: boolean): Column<Deadline>[] {
  return [
    {
      header: 'Due',
      cell: (d) => (
        <span class={`urg-${d.urgency}`}>
          <strong class="nowrap">{d.dueDate}</strong>
          <br />
          <span class="small">{d.daysUntilDue < 0 ? `${-d.daysUntilDue} days overdue` : d.daysUntilDue === 0 ? 'today' : `in ${d.daysUntilDue} days`}</span>
        </span>
      ),
    },
    { header: 'State', cell: (d) => stateOf.get(d.matter.id) ?? '' },
    {
      header: 'What',
      cell: (d) => (
        <>
          <strong>{d.title}</strong> <span class="badge">{d.kindLabel}</span>
          <br />
          <span class="small">{d.action}</span>
        </>
      ),
    },
    {
      header: 'Practice / document',
      cell: (d) => (
        <>
          <a href={`/matters/${d.matter.id}`}>{d.matter.title}</a>
          <br />
          {linkDocument ? <a href={`/documents/${d.document.id}`}>{d.document.title}</a> : d.document.title}
        </>
      ),
    },
  ];
}

function DocumentList(props: { documents: PortfolioDocument[]; linkDocuments: boolean }) {
  if (props.documents.length === 0) return <span class="muted">none yet</span>;
  return (
    <ul>
      {props.documents.map((d) => (
        <li>
          {props.linkDocuments ? <a href={`/documents/${d.id}`}>{d.title}</a> : d.title} <span class="status-pill">{humanize(d.status)}</span>{' '}
          <span class={d.errors > 0 ? 'small sev-error' : 'small muted'}>{plural(d.errors, 'error')}</span>
          {', '}
          <span class="small muted">{`${plural(d.openWarnings, 'open warning')}`}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Add an existing matter as a practice": a search (a GET form, so it works without script)
 * and a bounded list of the matters it found. Left out when no matter could join at all.
 */
function JoinMatter(props: { portfolioId: number; join: JoinChoice }) {
  const { search, matters, more } = props.join;
  if (!search && matters.length === 0) return null;
  return (
    <section class="card" id="add-matter" aria-labelledby="add-matter-heading">
      <h3 id="add-matter-heading">Add an existing matter as a practice</h3>
      <form method="get" action={`/portfolios/${props.portfolioId}#add-matter`} role="search" aria-label="Find a matter to add" class="inline-fields">
        <TextField id="join-q" name="matterQ" label="Find a matter" help="Words in its title, practice or state. Only matters opened on their own with this portfolio’s MSO (same name and state) are listed." value={search} />
        <button type="submit" class="secondary">
          Find
        </button>
      </form>
      {matters.length === 0 ? (
        <p class="muted">No matter of this MSO matches “{search}”.</p>
      ) : (
        <form method="post" action={`/portfolios/${props.portfolioId}/matters`}>
          <SelectField
            id="join-matter"
            name="matterId"
            label="Matter to add"
            help={more ? `The first ${matters.length} by title; more match — narrow the search to find others.` : undefined}
            blank="— choose —"
            options={matters.map((m) => ({ value: String(m.id), label: `${m.title} (${m.peState})` }))}
          />
          <button type="submit" class="secondary">
            Add to the portfolio
          </button>
        </form>
      )}
    </section>
  );
}
