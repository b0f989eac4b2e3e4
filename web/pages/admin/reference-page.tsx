import type { AfrMonth, Jurisdiction } from '../../../server/schemas/reference.ts';
import type { SetAsideAfrRevision } from '../../../server/services/reference/reference-revisions.ts';
import { SubmitWithProgress } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { humanize } from '../../format.ts';
import { AfrSection, type AfrImportState } from './afr-import.tsx';

export interface ReferencePageProps {
  version: string;
  afrMonths: AfrMonth[];
  /** Months since 2015-01 with no ruling on file. */
  afrMissing: string[];
  /** Hand-entered AFR corrections in the old shape, which are not applied. */
  afrSetAside: SetAsideAfrRevision[];
  timeZone: string;
  jurisdictions: Jurisdiction[];
  afrImport: AfrImportState;
  /** The outcome of a re-check of every document in force. */
  recheck?: { checked: number; changed: { title: string; documentId: number; before: string; after: string }[] };
}

/** The reference data in force: AFR months (import the IRS's rulings), jurisdiction rows (correct one), and the re-check. */
export function ReferencePage(props: ReferencePageProps) {
  return (
    <section>
      <h1>Reference data</h1>
      <p>
        Version {props.version}. Rows marked <strong>unverified</strong> could not be confirmed from a primary source; findings that rest on them say so. A change takes effect at once and is audited.
      </p>
      <form method="post" action="/admin/recheck" data-progress class="card">
        <h2>Re-check documents in force</h2>
        <p class="small">Runs today’s rules and reference data over every executable and executed document and lists those whose findings changed.</p>
        <SubmitWithProgress label="Re-check every document in force" busy="Re-checking documents…" secondary />
        {props.recheck && <RecheckResult result={props.recheck} />}
      </form>
      <AfrSection months={props.afrMonths} missing={props.afrMissing} setAside={props.afrSetAside} timeZone={props.timeZone} state={props.afrImport} />
      <h2>Jurisdictions</h2>
      <Table
        rows={props.jurisdictions}
        columns={[
          { header: 'State', cell: (j) => <a href={`/admin/reference/jurisdictions/${j.code}`}>{`${j.code} — ${j.name}`}</a> },
          { header: 'Corporate practice of medicine', cell: (j) => humanize(j.cpom) },
          { header: 'Percentage fees', cell: (j) => humanize(j.percentFeeTreatment) },
          { header: 'Verification', cell: (j) => j.verification },
        ]}
      />
    </section>
  );
}

function RecheckResult(props: { result: NonNullable<ReferencePageProps['recheck']> }) {
  const { result } = props;
  return (
    <div role="status">
      <p>
        <strong>
          Re-checked {result.checked} document(s) in force; {result.changed.length} had findings that changed.
        </strong>
      </p>
      <ul>
        {result.changed.map((d) => (
          <li>
            <a href={`/documents/${d.documentId}`}>{d.title}</a>: {d.before} → {d.after}
          </li>
        ))}
      </ul>
    </div>
  );
}
