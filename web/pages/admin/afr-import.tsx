import type { AfrMonth } from '../../../server/schemas/reference.ts';
import type { AfrImportResult } from '../../../server/services/reference/import-afr-rulings.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SubmitWithProgress, TextArea } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { IRS_AFR_INDEX } from '../../../server/services/reference/afr.ts';
import type { SetAsideAfrRevision } from '../../../server/services/reference/reference-revisions.ts';
import { fmtDateIn } from '../../format.ts';

export interface AfrImportState {
  /** Why the last import was refused, in plain words. */
  problem?: string;
  /** Months the last attempt would replace: the form then asks for a reason. */
  confirmReplace?: string[];
  result?: AfrImportResult;
}

const figure = (m: AfrMonth, band: 'short-term' | 'mid-term' | 'long-term') => `${m.table[band].afr[0].toFixed(2)}% / ${m.table[band].afr[1].toFixed(2)}%`;
const months = (list: { month: string }[]) => list.map((r) => r.month).join(', ');

/**
 * The monthly AFR job: upload the IRS's ruling PDF(s); every figure is read from Table 1 and
 * checked before anything is stored. Lists which months since 2015-01 are on file and which are not.
 */
export function AfrSection(props: { months: AfrMonth[]; missing: string[]; setAside: SetAsideAfrRevision[]; timeZone: string; state: AfrImportState }) {
  const { state } = props;
  const latest = props.months[0];
  return (
    <section aria-labelledby="afr-heading">
      <h2 id="afr-heading">Applicable federal rates</h2>
      <p>
        {props.months.length} months on file{latest ? `, the latest ${latest.month} (${latest.revRul})` : ''}.{' '}
        {props.missing.length === 0 ? 'No month since January 2015 is missing.' : `Missing since January 2015: ${props.missing.join(', ')}. A loan made in a missing month cannot be checked until its ruling is imported.`}
      </p>
      {props.setAside.length > 0 && <SetAsideCorrections rows={props.setAside} timeZone={props.timeZone} />}
      <form method="post" action="/admin/reference/afr/import" enctype="multipart/form-data" data-progress class="card" id="afr-import">
        <h3>Import IRS rulings</h3>
        <p class="small">
          Each month the IRS publishes a revenue ruling with the next month’s rates, around the middle of the month, at <a href={IRS_AFR_INDEX}>{IRS_AFR_INDEX}</a>. Upload the PDF as published (one or several, up to 24);
          every figure of Table 1 is read and checked before anything is stored, and a file that cannot be read completely imports nothing.
        </p>
        {state.problem && <ErrorList errors={[state.problem]} />}
        <p>
          <label for="afr-files">Ruling PDFs</label>
          <input id="afr-files" name="file" type="file" accept="application/pdf,.pdf" multiple required />
        </p>
        {state.confirmReplace && (
          <TextArea
            id="afr-replace-reason"
            name="replaceReason"
            label={`Reason to replace ${state.confirmReplace.join(', ')}`}
            help="The months on file have different figures. Give the reason to replace them with the ruling’s; it is kept in the audit trail, and documents in force are re-checked."
            rows={2}
            required
          />
        )}
        <SubmitWithProgress label="Import rulings" busy="Reading the rulings…" />
      </form>
      {state.result && <ImportResult result={state.result} />}
      <Table
        caption="The 24 most recent months (rate for annual / semiannual compounding)"
        rows={props.months.slice(0, 24)}
        columns={[
          { header: 'Month', cell: (m) => m.month },
          { header: 'Ruling', cell: (m) => (m.sources[0] ? <a href={m.sources[0]}>{m.revRul}</a> : m.revRul) },
          { header: 'Short-term', cell: (m) => figure(m, 'short-term') },
          { header: 'Mid-term', cell: (m) => figure(m, 'mid-term') },
          { header: 'Long-term', cell: (m) => figure(m, 'long-term') },
          { header: 'Source', cell: (m) => (m.verification === 'primary' ? 'Read from the ruling' : `Entered by hand (${m.verification})`) },
        ]}
      />
    </section>
  );
}

/**
 * Corrections entered by hand before every figure of Table 1 was kept (annual short-term only):
 * the checks no longer use them, so the page says which months they touched and what is in force.
 */
function SetAsideCorrections(props: { rows: SetAsideAfrRevision[]; timeZone: string }) {
  const missing = props.rows.filter((r) => !r.inForce).map((r) => r.month);
  return (
    <div class="card" id="afr-set-aside">
      <h3>Corrections set aside</h3>
      <p>
        {props.rows.length} AFR correction{props.rows.length === 1 ? ' was' : 's were'} entered by hand before every figure of the ruling’s Table 1 was kept. They hold only the annual short-term rate, so the checks do not use
        them: each month is checked against the ruling on file instead.
        {missing.length ? ` ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no ruling on file: import ${missing.length === 1 ? 'it' : 'them'} to check loans made then.` : ''}
      </p>
      <Table
        caption="Corrections entered before the whole Table 1 was kept"
        rows={props.rows}
        columns={[
          { header: 'Month', cell: (r) => r.month },
          { header: 'Entered', cell: (r) => fmtDateIn(r.enteredAt, props.timeZone) },
          { header: 'Reason given', cell: (r) => r.reason },
          { header: 'Short-term (annual) entered', cell: (r) => (r.shortTermAnnual === null ? '—' : `${r.shortTermAnnual.toFixed(2)}%`) },
          { header: 'In force now', cell: (r) => (r.inForce ? `${r.inForce.shortTermAnnual.toFixed(2)}% (${r.inForce.revRul}${r.inForce.verification === 'primary' ? ', read from the ruling' : `, ${r.inForce.verification}`})` : 'Nothing: the month is missing') },
        ]}
      />
    </div>
  );
}

function ImportResult(props: { result: AfrImportResult }) {
  const { result } = props;
  return (
    <div role="status" class="card">
      <p>
        <strong>
          {result.imported.length ? `Imported ${months(result.imported)}. ` : ''}
          {result.replaced.length ? `Replaced ${months(result.replaced)}. ` : ''}
          {result.unchanged.length ? `Already on file with the same figures: ${months(result.unchanged)}.` : ''}
        </strong>{' '}
        Reference data is now version {result.version}.
      </p>
      {result.recheck && (
        <p>
          Re-checked {result.recheck.checked} document(s) in force; {result.recheck.changes.length} had findings that changed
          {result.recheck.changes.length ? ': ' : '.'}
          {result.recheck.changes.map((c, i) => (
            <>
              {i ? ', ' : ''}
              <a href={`/documents/${c.documentId}`}>{c.title}</a>
            </>
          ))}
        </p>
      )}
    </div>
  );
}
