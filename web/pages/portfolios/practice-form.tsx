import { PE_ENTITY_TYPES } from '../../../server/schemas/matter.ts';
import type { Portfolio } from '../../../server/schemas/portfolio.ts';
import { US_STATES } from '../../../server/schemas/text.ts';
import type { User } from '../../../server/schemas/user.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { OwnerRows, ownerFieldId } from '../../components/owner-rows.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { PageHeading } from '../../components/page-heading.tsx';
import { humanize } from '../../format.ts';

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const STATES = [...US_STATES];

export interface PracticeFormProps {
  portfolio: Pick<Portfolio, 'id' | 'name' | 'msoName' | 'msoState'>;
  /** What the attorney entered (as parsed by matterFromForm), kept when the form comes back with errors. */
  values: Record<string, unknown>;
  errors: Record<string, string>;
  summary?: string | SummaryItem[];
  clients: User[];
}

/**
 * Add a practice to a portfolio: the professional entity, its state and owners, and its clients.
 * The MSO is the portfolio's, so it is shown, not asked. Deal facts beyond these (transaction
 * notices, MSO ownership, practice type) are edited on the practice's matter afterwards.
 */
export function PracticeFormPage(props: PracticeFormProps) {
  const v = props.values;
  const e = props.errors;
  const owners = [...((v.owners as Record<string, unknown>[] | undefined) ?? [])];
  const chosen = new Set(((v.clientUserIds as unknown[] | undefined) ?? []).map(String));
  const state = (name: string, label: string, help?: string) => <SelectField id={`pr-${name}`} name={name} label={label} help={help} value={text(v[name])} error={e[name]} options={STATES} blank="— choose —" required />;
  return (
    <section>
      <PageHeading title="Add a practice" detail={`to ${props.portfolio.name}`} back={{ href: `/portfolios/${props.portfolio.id}`, label: 'Back to the portfolio' }}>
        {`MSO: ${props.portfolio.msoName} (${props.portfolio.msoState}), from the portfolio`}
      </PageHeading>
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => (['title', 'peName', 'peEntityType', 'peState', 'governingLawState'].includes(key) ? `pr-${key}` : ownerFieldId('pr', key)))} />}
      <form method="post" action={`/portfolios/${props.portfolio.id}/practices/new`}>
        <fieldset>
          <legend>Practice</legend>
          <TextField id="pr-title" name="title" label="Matter title" value={text(v.title)} error={e.title} required />
          <TextField id="pr-peName" name="peName" label="Practice legal name" value={text(v.peName)} error={e.peName} required />
          <SelectField id="pr-peEntityType" name="peEntityType" label="Practice entity type" value={text(v.peEntityType)} error={e.peEntityType} options={PE_ENTITY_TYPES.map((t) => ({ value: t, label: humanize(t) }))} required />
          {state('peState', 'Practice state', 'Decides the corporate-practice and fee-splitting rules its documents are checked under.')}
          {state('governingLawState', 'Governing-law state')}
        </fieldset>
        <OwnerRows idPrefix="pr" owners={owners} errors={e} />
        <fieldset>
          <legend>Clients who may see this practice</legend>
          {props.clients.length === 0 && <p class="muted small">No client users yet; an administrator adds them.</p>}
          {props.clients.map((u) => (
            <div class="field check">
              <input type="checkbox" id={`pr-client-${u.id}`} name="clientUserIds" value={String(u.id)} checked={chosen.has(String(u.id))} /> <label for={`pr-client-${u.id}`}>{`${u.name} (${u.email})`}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Add practice</button>
      </form>
    </section>
  );
}
