import { cpomLevel, percentFeeTreatment, verificationStatus, type Jurisdiction } from '../../../server/schemas/reference.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { SelectField, TextArea, TextField } from '../../components/form-fields.tsx';
import { humanize } from '../../format.ts';
import { PageHeading } from '../../components/page-heading.tsx';

const VERIFICATION = verificationStatus.options;

/** Each form field's input id, by the error key fieldErrors gives it (the row's own paths). */
const FIELD_IDS: Record<string, string> = {
  cpom: 'j-cpom',
  percentFeeTreatment: 'j-fee',
  'licensedOwnership.minimumLicensedPct': 'j-min',
  verification: 'j-verification',
  percentFeeNotes: 'j-fee-notes',
  'licensedOwnership.rule': 'j-rule',
  notes: 'j-notes',
  sources: 'j-sources',
  citations: 'j-citations',
  reason: 'j-reason',
};

/** A jurisdiction row as the form's text values. */
export function jurisdictionValues(j: Jurisdiction): Record<string, string> {
  return {
    cpom: j.cpom,
    percentFeeTreatment: j.percentFeeTreatment,
    percentFeeNotes: j.percentFeeNotes,
    licensedOwnershipRule: j.licensedOwnership.rule,
    minimumLicensedPct: j.licensedOwnership.minimumLicensedPct === null ? '' : String(j.licensedOwnership.minimumLicensedPct),
    notes: j.notes,
    sources: j.sources.join('\n'),
    citations: j.citations.join('\n'),
    verification: j.verification,
    reason: '',
  };
}

/**
 * Correct one state's row: the rules the checks read (CPOM level, percentage-fee treatment,
 * licensed ownership) with their notes, sources and verification. Statutes and entity types are
 * shown as they are.
 */
export function JurisdictionPage(props: { row: Jurisdiction; values: Record<string, string>; errors: Record<string, string>; summary?: SummaryItem[] }) {
  const { row: j, values: v, errors: e } = props;
  return (
    <section>
      <PageHeading title={j.name} detail={j.code} back={{ href: '/admin/reference', label: 'Back to the reference data' }} />
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => FIELD_IDS[key])} />}
      <form method="post" action={`/admin/reference/jurisdictions/${j.code}`} class="card">
        <div class="grid">
          <SelectField id="j-cpom" name="cpom" label="Corporate practice of medicine" value={v.cpom} error={e.cpom} options={cpomLevel.options.map((o) => ({ value: o, label: humanize(o) }))} />
          <SelectField id="j-fee" name="percentFeeTreatment" label="Percentage-of-collections fees" value={v.percentFeeTreatment} error={e.percentFeeTreatment} options={percentFeeTreatment.options.map((o) => ({ value: o, label: humanize(o) }))} />
          <TextField id="j-min" name="minimumLicensedPct" label="Minimum licensed ownership %" help="Blank when the state sets none" inputmode="decimal" value={v.minimumLicensedPct} error={e['licensedOwnership.minimumLicensedPct']} />
          <SelectField id="j-verification" name="verification" label="Verification" value={v.verification} error={e.verification} options={VERIFICATION} />
        </div>
        <TextArea id="j-fee-notes" name="percentFeeNotes" label="Percentage-fee notes" value={v.percentFeeNotes} error={e.percentFeeNotes} rows={3} />
        <TextArea id="j-rule" name="licensedOwnershipRule" label="Licensed-ownership rule" value={v.licensedOwnershipRule} error={e['licensedOwnership.rule']} rows={2} />
        <TextArea id="j-notes" name="notes" label="Notes" value={v.notes} error={e.notes} rows={3} />
        <div class="grid">
          <TextArea id="j-sources" name="sources" label="Sources (one URL per line)" value={v.sources} error={e.sources} rows={4} />
          <TextArea id="j-citations" name="citations" label="Citations (one per line)" value={v.citations} error={e.citations} rows={4} />
        </div>
        <TextField id="j-reason" name="reason" label="Reason for the change" help="Kept with the revision in the audit trail." value={v.reason} error={e.reason} required />
        <button type="submit">Save {j.code}</button>
      </form>
      <h2>Statutes</h2>
      {j.statutes.length === 0 ? (
        <p class="muted">None recorded.</p>
      ) : (
        <ul>
          {j.statutes.map((s) => (
            <li>
              <strong>{s.name}</strong> ({s.citation}; {s.verification}) — {s.summary}
            </li>
          ))}
        </ul>
      )}
      <h2>Professional entity types</h2>
      <p>{j.entityTypeNotes.join(' · ') || '—'}</p>
    </section>
  );
}
