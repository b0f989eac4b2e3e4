import { US_STATES } from '../../../server/schemas/text.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** Open a portfolio, or (given `edit`) change it: its name and the MSO's facts, which every practice shares. */
export function PortfolioFormPage(props: { values: Record<string, unknown>; errors: Record<string, string>; summary?: string | SummaryItem[]; edit?: { id: number; rowVersion: number; practices: number } }) {
  const v = props.values;
  const e = props.errors;
  const edit = props.edit;
  const f = (name: string, label: string, help?: string) => <TextField id={`p-${name}`} name={name} label={label} help={help} value={text(v[name])} error={e[name]} required />;
  return (
    <section>
      <h1>{edit ? 'Change the portfolio' : 'Open a portfolio'}</h1>
      {edit && (
        <p>
          <a href={`/portfolios/${edit.id}`}>Back to the portfolio</a>
          {` · A change to the MSO is written onto all ${edit.practices} practice(s); their documents use it from their next version.`}
        </p>
      )}
      {props.summary && <ErrorList errors={linkSummary(props.summary, (key) => (['name', 'msoName', 'msoEntityType', 'msoState'].includes(key) ? `p-${key}` : undefined))} />}
      <form method="post" action={edit ? `/portfolios/${edit.id}/edit` : '/portfolios/new'}>
        {edit && <input type="hidden" name="rowVersion" value={String(edit.rowVersion)} />}
        <fieldset>
          <legend>Portfolio</legend>
          {f('name', 'Portfolio name', 'e.g. the MSO’s platform name')}
        </fieldset>
        <fieldset>
          <legend>MSO</legend>
          <p class="help">Entered once here and used by every practice of the portfolio; a change here changes every practice.</p>
          {f('msoName', 'MSO legal name')}
          {f('msoEntityType', 'MSO entity type', 'e.g. limited liability company')}
          <SelectField id="p-msoState" name="msoState" label="MSO state of organization" value={text(v.msoState)} error={e.msoState} options={[...US_STATES]} blank="— choose —" required />
        </fieldset>
        <button type="submit">{edit ? 'Save changes' : 'Open portfolio'}</button>
      </form>
    </section>
  );
}
