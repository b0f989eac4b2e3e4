import { US_STATES } from '../../../server/schemas/text.ts';
import { ErrorList } from '../../components/error-views.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** Open a portfolio: its name and the MSO's facts, which every practice added to it shares. */
export function PortfolioFormPage(props: { values: Record<string, unknown>; errors: Record<string, string>; summary?: string }) {
  const v = props.values;
  const e = props.errors;
  const f = (name: string, label: string, help?: string) => <TextField id={`p-${name}`} name={name} label={label} help={help} value={text(v[name])} error={e[name]} required />;
  return (
    <section>
      <h1>Open a portfolio</h1>
      {props.summary && <ErrorList errors={[props.summary]} />}
      <form method="post" action="/portfolios/new">
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
        <button type="submit">Open portfolio</button>
      </form>
    </section>
  );
}
