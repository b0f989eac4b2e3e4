import type { Child } from 'hono/jsx';

/**
 * Labelled form controls. Each renders its <label for>, its help text and its error, and wires
 * them to the control with aria-describedby / aria-invalid, so no page can forget one of them.
 */
export interface FieldProps {
  id: string;
  name: string;
  label: string;
  help?: string;
  error?: string;
  required?: boolean;
}

export type Option = string | { value: string; label: string };
const optionOf = (o: Option) => (typeof o === 'string' ? { value: o, label: o } : o);

/** aria-describedby and aria-invalid for a control with this help and error. */
export function controlAria(id: string, help?: string, error?: string) {
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? 'true' : undefined };
}

function HelpAndError(props: { id: string; help?: string; error?: string }) {
  return (
    <>
      {props.help && (
        <p class="help" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </>
  );
}

/** The wrapper: label, control, help, error. */
export function Field(props: { id: string; label: string; help?: string; error?: string; children: Child }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      <HelpAndError id={props.id} help={props.help} error={props.error} />
    </div>
  );
}

export function TextField(
  props: FieldProps & { value?: string; type?: 'text' | 'email' | 'password' | 'date'; inputmode?: 'decimal' | 'numeric'; autocomplete?: string; placeholder?: string; minlength?: number; max?: string },
) {
  return (
    <Field id={props.id} label={props.label} help={props.help} error={props.error}>
      <input
        type={props.type ?? 'text'}
        id={props.id}
        name={props.name}
        value={props.value ?? ''}
        required={props.required}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        minlength={props.minlength}
        max={props.max}
        {...controlAria(props.id, props.help, props.error)}
      />
    </Field>
  );
}

export function TextArea(props: FieldProps & { value?: string; rows?: number; mono?: boolean }) {
  return (
    <Field id={props.id} label={props.label} help={props.help} error={props.error}>
      <textarea id={props.id} name={props.name} rows={props.rows ?? 4} class={props.mono ? 'clause' : undefined} required={props.required} {...controlAria(props.id, props.help, props.error)}>
        {props.value ?? ''}
      </textarea>
    </Field>
  );
}

/** A select; `blank` adds a first empty option with that text (for optional choices and "all" filters). */
export function SelectField(props: FieldProps & { value?: string; options: readonly Option[]; blank?: string }) {
  return (
    <Field id={props.id} label={props.label} help={props.help} error={props.error}>
      <select id={props.id} name={props.name} required={props.required} {...controlAria(props.id, props.help, props.error)}>
        {props.blank !== undefined && <option value="">{props.blank}</option>}
        {props.options.map(optionOf).map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A yes/no checkbox. An unchecked box sends nothing, so a hidden "false" goes first and the
 * box's "true" (sent after it) wins when checked: the form always says which.
 */
export function CheckboxField(props: { id: string; name: string; label: string; checked: boolean; help?: string; error?: string }) {
  return (
    <div class={props.error ? 'field check invalid' : 'field check'}>
      <input type="hidden" name={props.name} value="false" />
      <input type="checkbox" id={props.id} name={props.name} value="true" checked={props.checked} {...controlAria(props.id, props.help, props.error)} /> <label for={props.id}>{props.label}</label>
      <HelpAndError id={props.id} help={props.help} error={props.error} />
    </div>
  );
}

/** A group of checkboxes sharing one name (a multi-choice answer); the fieldset's legend is the question. */
export function CheckboxGroup(props: { id: string; name: string; legend: string; options: readonly Option[]; chosen: ReadonlySet<string>; help?: string; error?: string }) {
  return (
    // The fieldset carries the id (a finding's link targets it) and takes the focus a link gives it.
    <fieldset id={props.id} tabindex={-1} class={props.error ? 'nested invalid' : 'nested'} {...controlAria(props.id, props.help, props.error)}>
      <legend>{props.legend}</legend>
      <div class="checks">
        {props.options.map(optionOf).map((o) => (
          <div class="field check">
            <input type="checkbox" id={`${props.id}-${o.value}`} name={props.name} value={o.value} checked={props.chosen.has(o.value)} /> <label for={`${props.id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
      <HelpAndError id={props.id} help={props.help} error={props.error} />
    </fieldset>
  );
}

/**
 * The submit button of a slow form, with the progress shown while the server works (app.js
 * disables the button and reveals it; without script the browser's own loading indicator remains).
 */
export function SubmitWithProgress(props: { label: string; busy: string; secondary?: boolean }) {
  return (
    <div class="actions">
      <button type="submit" class={props.secondary ? 'secondary' : undefined}>
        {props.label}
      </button>
      <span class="progress" role="status">
        <progress aria-label={props.busy}></progress> {props.busy}
      </span>
    </div>
  );
}
