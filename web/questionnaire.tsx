import { z } from 'zod';
import type { DocumentKind } from '../server/schemas/clause.ts';
import { KINDS } from '../server/services/documents/kinds/index.ts';
import { Field, describedBy } from './layout.tsx';

/**
 * The questionnaire of a document kind, generated from its zod answer schema (as JSON Schema):
 * grouped by x-group, labelled by description, with x-help as help text. Field names are dotted
 * paths into the answers ("nonRenewalNotice.amount", "itemOverrides.0.status").
 */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: string[];
  description?: string;
  'x-group'?: string;
  'x-help'?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  default?: unknown;
}

const schemas = new Map<DocumentKind, JsonSchema>();
export function answersSchemaOf(kind: DocumentKind): JsonSchema {
  if (!schemas.has(kind)) schemas.set(kind, z.toJSONSchema(KINDS[kind].answersSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
  return schemas.get(kind)!;
}

/** Form values (strings) → typed answers. Empty inputs are left out so optional answers stay absent. */
export function answersFromForm(kind: DocumentKind, form: Record<string, string | string[]>): Record<string, unknown> {
  return objectFromForm(answersSchemaOf(kind), form, '') as Record<string, unknown>;
}

function objectFromForm(schema: JsonSchema, form: Record<string, string | string[]>, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const value = valueFromForm(prop, form, `${prefix}${name}`);
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function valueFromForm(schema: JsonSchema, form: Record<string, string | string[]>, path: string): unknown {
  if (schema.type === 'object') return objectFromForm(schema, form, `${path}.`);
  if (schema.type === 'array' && schema.items?.enum) {
    const v = form[path];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    const rows: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      if (!Object.keys(form).some((k) => k.startsWith(`${path}.${i}.`))) break;
      const row = objectFromForm(schema.items, form, `${path}.${i}.`);
      if (row) rows.push(row);
    }
    return rows;
  }
  const raw = form[path];
  const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (schema.type === 'boolean') return text === 'true' || text === 'on';
  if (text === undefined || text.trim() === '') return undefined;
  if (schema.type === 'number' || schema.type === 'integer') {
    const n = Number(text.replace(/[,$\s]/g, ''));
    // Kept as text when not a number, so validation names the field instead of dropping it.
    return Number.isFinite(n) ? n : text;
  }
  return text;
}

/** The answers' JSON Schema groups, in the order their first field appears. */
function groups(schema: JsonSchema): [string, [string, JsonSchema][]][] {
  const byGroup = new Map<string, [string, JsonSchema][]>();
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const group = prop['x-group'] ?? 'General';
    if (!byGroup.has(group)) byGroup.set(group, []);
    byGroup.get(group)!.push([name, prop]);
  }
  return [...byGroup.entries()];
}

const label = (name: string, schema: JsonSchema) => schema.description ?? name;
const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9]/g, '-')}`;

export function Questionnaire(props: { kind: DocumentKind; values: Record<string, unknown>; errors: Record<string, string> }) {
  const schema = answersSchemaOf(props.kind);
  return (
    <div class="questionnaire">
      {groups(schema).map(([group, fields]) => (
        <fieldset>
          <legend>{group}</legend>
          {fields.map(([name, prop]) => (
            <Input path={name} schema={prop} value={props.values[name]} errors={props.errors} required={schema.required?.includes(name) ?? false} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function Input(props: { path: string; schema: JsonSchema; value: unknown; errors: Record<string, string>; required: boolean }) {
  const { path, schema } = props;
  const id = idOf(path);
  const error = props.errors[path];
  const help = schema['x-help'];
  const common = { id, name: path, 'aria-describedby': describedBy(id, help, error), 'aria-invalid': error ? 'true' : undefined };
  const text = props.value === undefined || props.value === null ? '' : String(props.value);
  if (schema.type === 'object') {
    return (
      <fieldset class="nested">
        <legend>{label(path, schema)}</legend>
        {error && <p class="error">{error}</p>}
        {Object.entries(schema.properties ?? {}).map(([name, prop]) => (
          <Input path={`${path}.${name}`} schema={prop} value={(props.value as Record<string, unknown> | undefined)?.[name]} errors={props.errors} required={schema.required?.includes(name) ?? false} />
        ))}
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items?.enum) {
    const chosen = new Set(Array.isArray(props.value) ? (props.value as string[]) : []);
    return (
      <fieldset class="nested" aria-describedby={describedBy(id, help, error)}>
        <legend>{label(path, schema)}</legend>
        <div class="checks">
          {schema.items.enum.map((option) => (
            <div class="field check">
              <input type="checkbox" id={`${id}-${option}`} name={path} value={option} checked={chosen.has(option)} />{' '}
              <label for={`${id}-${option}`}>{option}</label>
            </div>
          ))}
        </div>
        {help && <p class="help" id={`${id}-help`}>{help}</p>}
        {error && <p class="error" id={`${id}-error`}>{error}</p>}
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items?.type === 'object') {
    // One row per entry plus one blank row, so "add another" works without script.
    const rows = [...(Array.isArray(props.value) ? (props.value as Record<string, unknown>[]) : []), {}];
    return (
      <fieldset class="nested">
        <legend>{label(path, schema)}</legend>
        {help && <p class="help">{help}</p>}
        {rows.map((row, i) => (
          <fieldset class="nested">
            <legend>{i < rows.length - 1 ? `Entry ${i + 1}` : 'Add another (leave blank to skip)'}</legend>
            {Object.entries(schema.items!.properties ?? {}).map(([name, prop]) => (
              <Input path={`${path}.${i}.${name}`} schema={prop} value={row[name]} errors={props.errors} required={false} />
            ))}
          </fieldset>
        ))}
      </fieldset>
    );
  }
  if (schema.type === 'boolean') {
    const checked = props.value === undefined ? schema.default === true : props.value === true;
    return (
      <div class={error ? 'field check invalid' : 'field check'}>
        {/* An unchecked box sends nothing; the hidden field makes "false" explicit. */}
        <input type="hidden" name={path} value="false" />
        <input type="checkbox" {...common} value="true" checked={checked} /> <label for={id}>{label(path, schema)}</label>
        {help && <p class="help" id={`${id}-help`}>{help}</p>}
        {error && <p class="error" id={`${id}-error`}>{error}</p>}
      </div>
    );
  }
  if (schema.enum) {
    return (
      <Field id={id} label={label(path, schema)} help={help} error={error}>
        <select {...common} required={props.required}>
          {!props.required && <option value="">—</option>}
          {schema.enum.map((option) => (
            <option value={option} selected={text === option || (!text && schema.default === option)}>
              {option}
            </option>
          ))}
        </select>
      </Field>
    );
  }
  if (schema.type === 'string' && (schema.maxLength ?? 0) >= 500) {
    return (
      <Field id={id} label={label(path, schema)} help={help} error={error}>
        <textarea {...common} rows={4}>
          {text}
        </textarea>
      </Field>
    );
  }
  const type = schema.format === 'date' ? 'date' : schema.type === 'number' || schema.type === 'integer' ? 'text' : 'text';
  const numeric = schema.type === 'number' || schema.type === 'integer';
  return (
    <Field id={id} label={label(path, schema)} help={help} error={error}>
      <input type={type} {...common} value={text || (props.value === undefined && schema.default !== undefined && !numeric ? String(schema.default) : text)} inputmode={numeric ? 'decimal' : undefined} placeholder={numeric && schema.default !== undefined ? `default ${String(schema.default)}` : undefined} />
    </Field>
  );
}
