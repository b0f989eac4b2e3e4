import { US_STATES } from '../../server/schemas/text.ts';
import { CheckboxField, SelectField, TextField } from './form-fields.tsx';

const STATES = [...US_STATES];
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/**
 * The practice's owners as form rows: those entered plus blank ones (two rows at first, one more
 * after that), shared by the open-a-matter form and the portfolio's add-a-practice form.
 */
export function OwnerRows(props: { idPrefix: string; owners: Record<string, unknown>[]; errors: Record<string, string>; withMsoFlag?: boolean }) {
  const { idPrefix: p, owners, errors: e } = props;
  const rows = [...owners, ...Array.from({ length: Math.max(1, 2 - owners.length) }, () => ({}))] as Record<string, unknown>[];
  return (
    <fieldset id={`${p}-owners`} tabindex={-1} aria-describedby={e.owners ? `${p}-owners-error` : undefined}>
      <legend>Owners of the professional entity</legend>
      {e.owners && (
        <p class="error" id={`${p}-owners-error`}>
          {e.owners}
        </p>
      )}
      {rows.map((o, i) => (
        <fieldset class="nested">
          <legend>{i < owners.length || i === 0 ? `Owner ${i + 1}` : `Owner ${i + 1} (leave blank to skip)`}</legend>
          <TextField id={`${p}-owners-${i}-name`} name={`owners.${i}.name`} label="Name" value={text(o.name)} error={e[`owners.${i}.name`]} />
          <TextField id={`${p}-owners-${i}-pct`} name={`owners.${i}.ownershipPct`} label="Ownership %" inputmode="decimal" value={text(o.ownershipPct)} error={e[`owners.${i}.ownershipPct`]} />
          <SelectField id={`${p}-owners-${i}-state`} name={`owners.${i}.licenseState`} label="State of the medical licence" value={text(o.licenseState)} error={e[`owners.${i}.licenseState`]} options={STATES} blank="none" />
          <CheckboxField id={`${p}-owners-${i}-licensed`} name={`owners.${i}.licensed`} label="Holds a medical licence" checked={o.licensed === true} error={e[`owners.${i}.licensed`]} />
          {props.withMsoFlag && <CheckboxField id={`${p}-owners-${i}-isMso`} name={`owners.${i}.isMso`} label="Is the MSO or an MSO affiliate" checked={o.isMso === true} />}
        </fieldset>
      ))}
    </fieldset>
  );
}

const OWNER_FIELD_IDS: Record<string, string> = { name: 'name', ownershipPct: 'pct', licenseState: 'state', licensed: 'licensed' };

/** The id of the input OwnerRows shows an error key (`owners`, `owners.0.name`) beside; undefined when it shows none. */
export function ownerFieldId(idPrefix: string, key: string): string | undefined {
  if (key === 'owners') return `${idPrefix}-owners`;
  const m = /^owners\.(\d+)\.(\w+)$/.exec(key);
  return m && OWNER_FIELD_IDS[m[2]!] ? `${idPrefix}-owners-${m[1]}-${OWNER_FIELD_IDS[m[2]!]}` : undefined;
}
