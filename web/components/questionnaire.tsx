import type { DocumentKind } from '../../server/schemas/clause.ts';
import { answersSchemaOf, isChoiceList, isNumeric, isRowList, questionGroups, SHOWN_WHEN, type JsonSchema } from '../answers-schema.ts';
import { humanize } from '../format.ts';
import { CheckboxField, CheckboxGroup, SelectField, TextArea, TextField } from './form-fields.tsx';
import { controlAria } from './form-fields.tsx';

/**
 * The questionnaire of a document kind, generated from its answer schema: one fieldset per
 * x-group, each field labelled by its description with x-help as help text, the control chosen
 * by type. Values and errors are keyed by the same dotted paths web/forms.ts reads back.
 */
export function Questionnaire(props: { kind: DocumentKind; values: Record<string, unknown>; errors: Record<string, string>; needed?: ReadonlySet<string> }) {
  const schema = answersSchemaOf(props.kind);
  const when = SHOWN_WHEN[props.kind] ?? {};
  const needed = props.needed ?? new Set<string>();
  return (
    <div class="questionnaire">
      {questionGroups(schema).map(([group, fields]) => (
        <fieldset>
          <legend>{group}</legend>
          {fields.map(([name, prop]) => {
            const condition = when[name];
            // "(optional)" only where the checks agree: a field a library clause prints is reported blank by the checks.
            const question = <Question path={name} schema={prop} value={props.values[name]} errors={props.errors} required={(schema.required?.includes(name) ?? false) || condition !== undefined || needed.has(name)} />;
            if (!condition) return question;
            return (
              <div class="conditional" data-show-when={`${condition.field}=${condition.values.join(',')}`}>
                <p class="help">
                  Only when the {(schema.properties?.[condition.field]?.description ?? condition.field).toLowerCase()} is {condition.values.map((v) => humanize(v).toLowerCase()).join(' or ')}.
                </p>
                {question}
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}

/** A question's element id: the anchor a finding about it links to (findings.tsx). */
export const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
/** The id of the input a drafting form shows an error key beside: its question, or the document title ("doc-title"). */
export const draftingFieldId = (key: string): string => (key === 'title' ? 'doc-title' : idOf(key));
const labelOf = (path: string, schema: JsonSchema) => schema.description ?? path;
const textOf = (value: unknown) => (value === undefined || value === null ? '' : String(value));

function Question(props: { path: string; schema: JsonSchema; value: unknown; errors: Record<string, string>; required: boolean }) {
  const { path, schema, value } = props;
  const id = idOf(path);
  const common = { id, name: path, label: labelOf(path, schema) + (props.required || schema.type === 'boolean' ? '' : ' (optional)'), help: schema['x-help'], error: props.errors[path] };
  if (schema.type === 'object') return <NestedObject {...props} />;
  if (isRowList(schema)) return <RowList {...props} />;
  if (isChoiceList(schema)) {
    const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
    return <CheckboxGroup id={id} name={path} legend={common.label} help={common.help} error={common.error} chosen={chosen} options={schema.items!.enum!.map((o) => ({ value: o, label: humanize(o) }))} />;
  }
  if (schema.type === 'boolean') return <CheckboxField {...common} checked={value === undefined ? schema.default === true : value === true} />;
  if (schema.enum) {
    const selected = value === undefined ? textOf(schema.default) : textOf(value);
    return <SelectField {...common} value={selected} blank={props.required ? undefined : '—'} options={schema.enum.map((o) => ({ value: o, label: humanize(o) }))} />;
  }
  if (schema.type === 'string' && (schema.maxLength ?? 0) >= 500) return <TextArea {...common} value={textOf(value)} />;
  if (schema.format === 'date') return <TextField {...common} type="date" value={textOf(value)} />;
  // Numbers are text inputs: the browser's number input would drop "42,500" and say nothing.
  const numeric = isNumeric(schema);
  const placeholder = schema.default !== undefined ? `default ${String(schema.default)}` : undefined;
  return <TextField {...common} value={textOf(value)} inputmode={numeric ? 'decimal' : undefined} placeholder={placeholder} />;
}

/** A nested answer such as the notice period {amount, unit} or a signatory {name, title}. */
function NestedObject(props: { path: string; schema: JsonSchema; value: unknown; errors: Record<string, string> }) {
  const { path, schema } = props;
  const error = props.errors[path];
  const values = (props.value ?? {}) as Record<string, unknown>;
  return (
    <fieldset id={idOf(path)} tabindex={-1} class={error ? 'nested invalid' : 'nested'} {...controlAria(idOf(path), undefined, error)}>
      <legend>{labelOf(path, schema)}</legend>
      {error && (
        <p class="error" id={`${idOf(path)}-error`}>
          {error}
        </p>
      )}
      {Object.entries(schema.properties ?? {}).map(([name, prop]) => (
        <Question path={`${path}.${name}`} schema={prop} value={values[name]} errors={props.errors} required={schema.required?.includes(name) ?? false} />
      ))}
    </fieldset>
  );
}

/** Repeated rows, plus one blank row so "add another" works without script. */
function RowList(props: { path: string; schema: JsonSchema; value: unknown; errors: Record<string, string> }) {
  const { path, schema } = props;
  const item = schema.items!;
  const rows = [...(Array.isArray(props.value) ? (props.value as Record<string, unknown>[]) : []), {}];
  const error = props.errors[path];
  return (
    <fieldset id={idOf(path)} tabindex={-1} class={error ? 'nested invalid' : 'nested'} {...controlAria(idOf(path), schema['x-help'], error)}>
      <legend>{labelOf(path, schema)}</legend>
      {schema['x-help'] && (
        <p class="help" id={`${idOf(path)}-help`}>
          {schema['x-help']}
        </p>
      )}
      {error && (
        <p class="error" id={`${idOf(path)}-error`}>
          {error}
        </p>
      )}
      {rows.map((row, i) => (
        <fieldset class="nested">
          <legend>{i < rows.length - 1 ? `Entry ${i + 1}` : 'Add another (leave blank to skip)'}</legend>
          {/* The blank row asks nothing as required, so its choice lists start blank and an untouched row posts nothing. */}
          {Object.entries(item.properties ?? {}).map(([name, prop]) => (
            <Question path={`${path}.${i}.${name}`} schema={prop} value={row[name]} errors={props.errors} required={i < rows.length - 1 && (item.required?.includes(name) ?? false)} />
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}
