import type { AfrMonth } from '../../../server/schemas/reference.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SelectField, TextArea, TextField } from '../../components/form-fields.tsx';

export const VERIFICATION = ['primary', 'secondary', 'low', 'unverified'] as const;

export interface AfrFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  summary?: string;
}

/** An AFR month as the form's text values (blank rates stay blank: "not sourced yet"). */
export function afrValues(m: AfrMonth | undefined): Record<string, string> {
  if (!m) return { verification: 'unverified', midTerm120PctVerification: 'unverified' };
  const rate = (r: number | null) => (r === null ? '' : String(r));
  return {
    month: m.month,
    revRul: m.revRul,
    shortTermAnnual: rate(m.shortTermAnnual),
    midTermAnnual: rate(m.midTermAnnual),
    longTermAnnual: rate(m.longTermAnnual),
    midTerm120PctAnnual: rate(m.midTerm120PctAnnual),
    sources: m.sources.join('\n'),
    verification: m.verification,
    midTerm120PctSources: m.midTerm120PctSources.join('\n'),
    midTerm120PctVerification: m.midTerm120PctVerification,
    note: m.note,
  };
}

/**
 * Add or correct one AFR month. The row and the whole reference are validated before it is
 * stored (a rate needs a source; a month without rates must say "unverified").
 */
export function AfrForm(props: { state: AfrFormState }) {
  const { values: v, errors: e } = props.state;
  return (
    <form method="post" action="/admin/reference/afr" class="card" id="afr-form">
      <h2>Add or correct an AFR month</h2>
      {props.state.summary && <ErrorList errors={[props.state.summary]} />}
      <div class="grid">
        <TextField id="afr-month" name="month" label="Month (YYYY-MM)" value={v.month} error={e.month} required />
        <TextField id="afr-revrul" name="revRul" label="Revenue Ruling" help="e.g. Rev. Rul. 2026-23" value={v.revRul} error={e.revRul} required />
        <TextField id="afr-short" name="shortTermAnnual" label="Short-term AFR, annual %" help="Blank: not sourced yet" inputmode="decimal" value={v.shortTermAnnual} error={e.shortTermAnnual} />
        <TextField id="afr-mid" name="midTermAnnual" label="Mid-term AFR, annual %" help="Blank: not sourced yet" inputmode="decimal" value={v.midTermAnnual} error={e.midTermAnnual} />
        <TextField id="afr-long" name="longTermAnnual" label="Long-term AFR, annual %" help="Blank: not sourced yet" inputmode="decimal" value={v.longTermAnnual} error={e.longTermAnnual} />
        <TextField id="afr-120" name="midTerm120PctAnnual" label="120% of mid-term, annual %" inputmode="decimal" value={v.midTerm120PctAnnual} error={e.midTerm120PctAnnual} />
      </div>
      <div class="grid">
        <TextArea id="afr-sources" name="sources" label="Sources of the rates (one URL per line)" value={v.sources} error={e.sources} rows={2} />
        <SelectField id="afr-verification" name="verification" label="Verification of the rates" value={v.verification} error={e.verification} options={VERIFICATION} />
        <TextArea id="afr-120-sources" name="midTerm120PctSources" label="Sources of the ruling number and the 120% figure" value={v.midTerm120PctSources} error={e.midTerm120PctSources} rows={2} />
        <SelectField id="afr-120-verification" name="midTerm120PctVerification" label="Verification of the ruling number and the 120% figure" value={v.midTerm120PctVerification} error={e.midTerm120PctVerification} options={VERIFICATION} />
      </div>
      <TextField id="afr-note" name="note" label="Note (optional)" value={v.note} error={e.note} />
      <TextField id="afr-reason" name="reason" label="Reason for the change" help="Kept with the revision in the audit trail." value={v.reason} error={e.reason} required />
      <button type="submit">Save AFR month</button>
    </form>
  );
}
