import { PE_ENTITY_TYPES } from '../../../server/schemas/matter.ts';
import { MsoStructureFields } from './mso-structure-fields.tsx';
import { US_STATES } from '../../../server/schemas/text.ts';
import type { User } from '../../../server/schemas/user.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { OwnerRows, ownerFieldId } from '../../components/owner-rows.tsx';
import { MemberChecks } from './member-checks.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { humanize } from '../../format.ts';

const BANDS = [
  { value: 'under-10m', label: 'Under $10 million' },
  { value: '10m-to-25m', label: '$10 million to under $25 million' },
  { value: '25m-or-more', label: '$25 million or more' },
];

export interface MatterFormProps {
  /** What the attorney entered (as parsed by matterFromForm), kept when the form comes back with errors. */
  values: Record<string, unknown>;
  errors: Record<string, string>;
  summary?: string | SummaryItem[];
  clients: User[];
  staff: User[];
  /** Editing an existing matter (issue 21): the same form, posted to its edit route with the version edited. */
  editing?: { id: number; rowVersion: number; title: string };
  /** The administrators' names: whom to ask for a new client's account. */
  admins?: string[];
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const STATES = [...US_STATES];

/** Open a matter: the parties, the practice's owners (one blank row more than entered) and who may see it. */
export function MatterFormPage(props: MatterFormProps) {
  const v = props.values;
  const e = props.errors;
  const owners = [...((v.owners as Record<string, unknown>[] | undefined) ?? [])];
  const tx = (v.transaction ?? {}) as Record<string, unknown>;
  const affiliates = [...((v.msoAffiliates as Record<string, unknown>[] | undefined) ?? []), {}];
  const list = (name: string) => (v[name] as unknown[] | undefined) ?? [];
  const f = (name: string, label: string, help?: string) => <TextField id={`m-${name}`} name={name} label={label} help={help} value={text(v[name])} error={e[name]} required />;
  const state = (name: string, label: string, help?: string) => <SelectField id={`m-${name}`} name={name} label={label} help={help} value={text(v[name])} error={e[name]} options={STATES} blank="— choose —" required />;
  return (
    <section>
      <h1>{props.editing ? `Edit ${props.editing.title}` : 'Open a matter'}</h1>
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => matterFieldId(key, v))} />}
      <form method="post" action={props.editing ? `/matters/${props.editing.id}/edit` : '/matters/new'}>
        {props.editing && <input type="hidden" name="rowVersion" value={String(props.editing.rowVersion)} />}
        <fieldset>
          <legend>Matter</legend>
          {f('title', 'Matter title')}
        </fieldset>
        <fieldset>
          <legend>MSO</legend>
          {f('msoName', 'MSO legal name')}
          {f('msoEntityType', 'MSO entity type', 'e.g. limited liability company')}
          {state('msoState', 'MSO state of organization')}
        </fieldset>
        <fieldset id="m-msoAffiliates" tabindex={-1}>
          <legend>Affiliates of the MSO</legend>
          <p class="help">A holding company or other affiliate that may lend to the practice under the line of credit. Leave blank if none.</p>
          {affiliates.map((x, i) => (
            <fieldset class="nested">
              <legend>{`Affiliate ${i + 1}${i === affiliates.length - 1 ? ' (leave blank to skip)' : ''}`}</legend>
              <TextField id={`m-aff-${i}-name`} name={`msoAffiliates.${i}.name`} label="Legal name" value={text(x.name)} error={e[`msoAffiliates.${i}.name`]} />
              <TextField id={`m-aff-${i}-type`} name={`msoAffiliates.${i}.entityType`} label="Entity type" value={text(x.entityType)} error={e[`msoAffiliates.${i}.entityType`]} />
              <SelectField id={`m-aff-${i}-state`} name={`msoAffiliates.${i}.state`} label="State of organization" value={text(x.state)} error={e[`msoAffiliates.${i}.state`]} options={STATES} blank="— choose —" />
            </fieldset>
          ))}
        </fieldset>
        <MsoStructureFields values={v} errors={e} part="equity" />
        <fieldset>
          <legend>Professional entity</legend>
          {f('peName', 'Practice legal name')}
          <SelectField id="m-peEntityType" name="peEntityType" label="Practice entity type" value={text(v.peEntityType)} error={e.peEntityType} options={PE_ENTITY_TYPES.map((t) => ({ value: t, label: humanize(t) }))} required />
          {state('peState', 'Practice state', 'Decides the corporate-practice and fee-splitting rules that apply.')}
          {state('governingLawState', 'Governing-law state')}
        </fieldset>
        <OwnerRows idPrefix="m" owners={owners} errors={e} withMsoFlag />
        <MsoStructureFields values={v} errors={e} part="practice" />
        <fieldset>
          <legend>Transaction (for state notice laws)</legend>
          <p class="help">Some states require notice to an agency 30–180 days before the deal closes (Oregon, California, New York, Illinois, Washington, Massachusetts, Indiana). Leave blank what you do not know yet; the checks say what is missing.</p>
          <TextField id="m-closing" name="transaction.plannedClosingDate" type="date" label="Planned closing date" value={text(tx.plannedClosingDate)} error={e['transaction.plannedClosingDate']} />
          <TextField id="m-physicians" name="transaction.physicianCount" label="Physicians in the practice group" help="Illinois: 20 or more; Washington: 7 or more." inputmode="numeric" value={text(tx.physicianCount)} error={e['transaction.physicianCount']} />
          <SelectField id="m-revenue" name="transaction.revenueBand" label="Annual revenue of the largest party (with affiliates)" help="Oregon and New York: $25 million." value={text(tx.revenueBand)} error={e['transaction.revenueBand']} options={BANDS} blank="not known" />
          <SelectField id="m-assets" name="transaction.assetsBand" label="Total assets of the parties (with affiliates)" help="Indiana: $10 million." value={text(tx.assetsBand)} error={e['transaction.assetsBand']} options={BANDS} blank="not known" />
        </fieldset>
        <fieldset>
          <legend>People on the matter</legend>
          <p class="legend">Clients who may see it</p>
          <p class="help" id="m-new-client-help">
            {props.clients.length === 0 ? 'No client users yet. ' : ''}
            {props.editing ? (
              <>
                A client who has no account yet: <a href={`/matters/${props.editing.id}#invite-client`}>invite them from the matter page</a> (name and e-mail; they get a one-time link to set their password).
              </>
            ) : (
              'A client who has no account yet: open the matter, then invite them from its page (name and e-mail; they get a one-time link to set their password).'
            )}{' '}
            Other accounts (staff) are made by {props.admins?.length ? `your firm’s administrator (${props.admins.join(', ')})` : 'your firm’s administrator'}.
          </p>
          <MemberChecks name="clientUserIds" idPrefix="m-client" users={props.clients} describe={(u) => `${u.name} (${u.email})`} chosen={list('clientUserIds')} errors={e} />
          <p class="legend">{props.editing ? 'Attorneys and paralegals (you stay on the matter)' : 'Attorneys and paralegals (you are added yourself)'}</p>
          <MemberChecks name="staffUserIds" idPrefix="m-staff" users={props.staff} describe={(u) => `${u.name} (${u.role})`} chosen={list('staffUserIds')} errors={e} />
        </fieldset>
        <button type="submit">{props.editing ? 'Save changes' : 'Open matter'}</button>
      </form>
    </section>
  );
}

const TOP_LEVEL = new Set(['title', 'msoName', 'msoEntityType', 'msoState', 'peName', 'peEntityType', 'peState', 'governingLawState', 'practiceType', 'msoAffiliates', 'msoOwners', 'patientStates']);
const NESTED_IDS: Record<string, string> = {
  'transaction.plannedClosingDate': 'm-closing',
  'transaction.physicianCount': 'm-physicians',
  'transaction.revenueBand': 'm-revenue',
  'transaction.assetsBand': 'm-assets',
  'msoInvestment.revenueFromInvestorReferralsPct': 'm-inv-revenue',
};
const ROW_FIELD_IDS: Record<string, [prefix: string, ids: Record<string, string>]> = {
  msoAffiliates: ['m-aff', { name: 'name', entityType: 'type', state: 'state' }],
  msoOwners: ['m-msoown', { name: 'name', kind: 'kind', ownershipPct: 'pct', termsRelatedToReferrals: 'terms' }],
  patientStates: ['m-pat', { state: 'state' }],
};

/**
 * The id of the input the matter form shows an error key beside (the error summary links there);
 * undefined for a key it shows nowhere. `values` are the posted ones: a refused member's index
 * is a place in the list posted.
 */
export function matterFieldId(key: string, values: Record<string, unknown>): string | undefined {
  if (TOP_LEVEL.has(key)) return `m-${key}`;
  if (NESTED_IDS[key]) return NESTED_IDS[key];
  const owner = ownerFieldId('m', key);
  if (owner) return owner;
  const inv = /^msoInvestment\.(\w+)$/.exec(key);
  if (inv) return `m-inv-${inv[1]}`;
  const member = /^(clientUserIds|staffUserIds)\.(\d+)$/.exec(key);
  if (member) {
    const id = ((values[member[1]!] as unknown[] | undefined) ?? [])[Number(member[2])];
    return id === undefined ? undefined : `${member[1] === 'clientUserIds' ? 'm-client' : 'm-staff'}-${String(id)}`;
  }
  const row = /^(\w+)\.(\d+)\.(\w+)$/.exec(key);
  const spec = row && ROW_FIELD_IDS[row[1]!];
  return spec && spec[1][row[3]!] ? `${spec[0]}-${row[2]}-${spec[1][row[3]!]}` : undefined;
}
