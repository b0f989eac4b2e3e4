import type { Matter } from '../../../server/schemas/matter.ts';
import { MSO_OWNER_KINDS, PRACTICE_TYPES, PRACTICE_TYPE_LABELS, type MsoOwnerKind } from '../../../server/schemas/matter-structure.ts';
import { US_STATES } from '../../../server/schemas/text.ts';
import { CheckboxField, SelectField, TextField } from '../../components/form-fields.tsx';

/**
 * Who owns the MSO and the practice type (issue 23): the open-a-matter form's rows, following
 * the affiliates rows (one blank row more than entered, skipped when left blank), and the cards
 * the matter page shows. Field names are the API's, so web/forms.ts reads them from the schema.
 */

const OWNER_KIND_LABELS: Record<MsoOwnerKind, string> = {
  'practice-physician': 'Physician owner of the practice',
  'referral-physician': 'Other physician who refers to the practice',
  investor: 'Investor (not a referral source)',
  parent: 'The MSO’s parent company',
};

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** The investment-term questions, each naming the safe-harbor paragraph it answers. */
const INVESTMENT_QUESTIONS: [key: string, label: string][] = [
  ['sameTermsForAllInvestors', 'Passive investors are offered the same terms as every other investor — 1001.952(a)(2)(ii)'],
  ['referralsRequiredToStayInvestor', 'An investor must refer (or be able to) to keep the interest — (a)(2)(iv)'],
  ['investorsFavoredAsPatients', 'Investors are marketed to or served differently from non-investors — (a)(2)(v)'],
  ['loansOrGuaranteesToInvestors', 'The MSO or an investor lends to, or guarantees a loan for, a physician investor to buy in — (a)(2)(vii)'],
  ['returnsProportionalToCapital', 'Returns are directly proportional to the capital invested — (a)(2)(viii)'],
  ['distributionsTiedToReferrals', 'Distributions vary with the referrals or business an owner generates (Anti-Kickback Statute)'],
];

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const STATES = [...US_STATES];

export function MsoStructureFields(props: { values: Record<string, unknown>; errors: Record<string, string>; part: 'equity' | 'practice' }) {
  const v = props.values;
  const e = props.errors;
  if (props.part === 'equity') {
    const owners = [...((v.msoOwners as Record<string, unknown>[] | undefined) ?? []), {}];
    const inv = (v.msoInvestment ?? {}) as Record<string, unknown>;
    return (
      <>
        <fieldset id="m-msoOwners" tabindex={-1} aria-describedby={e.msoOwners ? 'm-mso-owners-error' : undefined}>
          <legend>Owners of the MSO</legend>
          <p class="help">Who holds the MSO’s units. Physicians who refer to the practice bring in the investment-interest safe harbor (42 CFR 1001.952(a)(2)). Leave blank if not known.</p>
          {e.msoOwners && (
            <p class="error" id="m-mso-owners-error">
              {e.msoOwners}
            </p>
          )}
          {owners.map((o, i) => (
            <fieldset class="nested">
              <legend>{`MSO owner ${i + 1}${i === owners.length - 1 ? ' (leave blank to skip)' : ''}`}</legend>
              <TextField id={`m-msoown-${i}-name`} name={`msoOwners.${i}.name`} label="Name" value={text(o.name)} error={e[`msoOwners.${i}.name`]} />
              <SelectField id={`m-msoown-${i}-kind`} name={`msoOwners.${i}.kind`} label="Kind of owner" value={text(o.kind)} error={e[`msoOwners.${i}.kind`]} options={MSO_OWNER_KINDS.map((k) => ({ value: k, label: OWNER_KIND_LABELS[k] }))} blank="— choose —" />
              <TextField id={`m-msoown-${i}-pct`} name={`msoOwners.${i}.ownershipPct`} label="Percentage of the MSO" inputmode="decimal" value={text(o.ownershipPct)} error={e[`msoOwners.${i}.ownershipPct`]} />
              <CheckboxField id={`m-msoown-${i}-terms`} name={`msoOwners.${i}.termsRelatedToReferrals`} label="The terms offered to this owner relate to their referrals" checked={o.termsRelatedToReferrals === true} error={e[`msoOwners.${i}.termsRelatedToReferrals`]} />
            </fieldset>
          ))}
        </fieldset>
        <fieldset>
          <legend>MSO investment terms (physician investors)</legend>
          <p class="help">Only needed when physicians who refer hold MSO units. Leave “not known” where the facts are not settled; the checks list what is missing.</p>
          <TextField id="m-inv-revenue" name="msoInvestment.revenueFromInvestorReferralsPct" label="Share of the MSO’s health-care revenue from investors’ referrals, last 12 months (%) — (a)(2)(vi)" inputmode="decimal" value={text(inv.revenueFromInvestorReferralsPct)} error={e['msoInvestment.revenueFromInvestorReferralsPct']} />
          {INVESTMENT_QUESTIONS.map(([key, label]) => (
            <SelectField id={`m-inv-${key}`} name={`msoInvestment.${key}`} label={label} value={text(inv[key])} error={e[`msoInvestment.${key}`]} options={YES_NO} blank="not known" />
          ))}
        </fieldset>
      </>
    );
  }
  const patients = [...((v.patientStates as Record<string, unknown>[] | undefined) ?? []), {}];
  return (
    <fieldset id="m-patientStates" tabindex={-1}>
      <legend>Practice type</legend>
      <SelectField id="m-practiceType" name="practiceType" label="Kind of practice" help="Telehealth, medical spa, infusion and ASC practices add their own checks and checklist tasks." value={text(v.practiceType) || 'general'} error={e.practiceType} options={PRACTICE_TYPES.map((t) => ({ value: t, label: PRACTICE_TYPE_LABELS[t] }))} />
      <p class="help">Telehealth: each state where patients are located during visits, and whether a physician of the practice licensed there is confirmed.</p>
      {patients.map((p, i) => (
        <fieldset class="nested">
          <legend>{`Patient state ${i + 1}${i === patients.length - 1 ? ' (leave blank to skip)' : ''}`}</legend>
          <SelectField id={`m-pat-${i}-state`} name={`patientStates.${i}.state`} label="State" value={text(p.state)} error={e[`patientStates.${i}.state`]} options={STATES} blank="— choose —" />
          <CheckboxField id={`m-pat-${i}-confirmed`} name={`patientStates.${i}.licensureConfirmed`} label="A physician licensed in this state is confirmed" checked={p.licensureConfirmed === true} />
        </fieldset>
      ))}
    </fieldset>
  );
}

/** The matter page's cards: the MSO's owners and the practice type (clients see these; not the investment terms). */
export function MsoStructureCards(props: { matter: Matter }) {
  const m = props.matter;
  return (
    <>
      {m.msoOwners.length > 0 && (
        <div class="card">
          <h2>MSO owners</h2>
          <ul>
            {m.msoOwners.map((o) => (
              <li>
                {o.name} — {o.ownershipPct}% · {OWNER_KIND_LABELS[o.kind]}
                {o.termsRelatedToReferrals ? ' · terms relate to referrals' : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card">
        <h2>Practice type</h2>
        <p>
          {PRACTICE_TYPE_LABELS[m.practiceType]}
          {m.patientStates.length > 0 && (
            <>
              <br />
              Patients in: {m.patientStates.map((p) => `${p.state}${p.licensureConfirmed ? ' (licensed physician confirmed)' : ' (licence not confirmed)'}`).join(', ')}
            </>
          )}
        </p>
      </div>
    </>
  );
}
