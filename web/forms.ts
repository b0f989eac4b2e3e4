import { z, type ZodType } from 'zod';
import { AppError } from '../server/errors.ts';
import type { DocumentKind } from '../server/schemas/clause.ts';
import { CreateMatterSchema } from '../server/schemas/matter.ts';
import type { Jurisdiction } from '../server/schemas/reference.ts';
import { toFieldProblems } from '../server/schemas/zod-issues.ts';
import { answersSchemaOf, isChoiceList, isNumeric, isRowList, type JsonSchema } from './answers-schema.ts';
import { plainMessage, problemsOf, schemaLabel, withoutLabel } from './messages.ts';
import type { WebContext } from './page.tsx';

/**
 * Form values (always strings) → the typed inputs the services take. Every page parses its form
 * here, so "what does a blank field mean" and "how is a number read" are decided once:
 *   - a blank text field is absent (an optional answer stays unanswered; a required one is named);
 *   - a number is read without thousands separators or a dollar sign; text that is not a number
 *     is kept as text, so validation names the field instead of silently dropping it;
 *   - a checkbox posts a hidden "false" then its "true": the last value wins.
 * The results are validated by the API's own zod schemas, never trusted as typed.
 */
export type FormValues = Record<string, string | string[]>;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The urlencoded (or multipart) body as strings; repeated names keep every value. */
export async function readForm(c: WebContext): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (PROTOTYPE_KEYS.has(k)) continue;
    out[k] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v : '';
  }
  return out;
}

/** One field's value (the last, if repeated); '' when absent. */
export function field(form: FormValues, name: string): string {
  const v = Object.hasOwn(form, name) ? form[name] : undefined;
  return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
}

/** Every value of a repeated field (checkbox groups). */
export const allOf = (form: FormValues, name: string): string[] => [(Object.hasOwn(form, name) ? form[name] : undefined) ?? []].flat();

/** Blank → undefined; a number → number; anything else stays text for validation to name. */
export function numberOrText(text: string | undefined): number | string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.replace(/[,$\s]/g, ''));
  return Number.isFinite(n) ? n : text;
}

/** A textarea's non-blank lines, trimmed (URL lists, citations). */
export const lines = (text: string): string[] => text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/** Validates with the API's own schema; a failure becomes the same validation_failed error, field by field. */
export function validate<T extends ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = toFieldProblems(parsed.error.issues).map((f) => ({ ...f, message: plainMessage(f.message) }));
  const error = new AppError('validation_failed', '', { fields });
  throw new AppError('validation_failed', problemsOf(error).join(' '), { fields });
}

/**
 * An AppError's field problems keyed by form field name. Answers travel as "answers.x" in the
 * services' errors but are named "x" in the questionnaire; `rename` maps other paths.
 */
export function fieldErrors(error: AppError, rename: (path: string) => string = (p) => p): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (error.details?.fields ?? []) as { path: string; message: string; label?: string }[]) {
    const name = rename(f.path.replace(/^answers\./, ''));
    const message = plainMessage(withoutLabel(f));
    out[name] = out[name] ? `${out[name]} ${message}` : message;
  }
  return out;
}


// ── Schema-driven values (questionnaires and the matter form) ─────────────────────────────────

/** The non-null branch of a nullable field ("anyOf": [X, null]). */
function unwrap(schema: JsonSchema & { anyOf?: JsonSchema[] }): JsonSchema {
  return schema.anyOf?.find((s) => s.type !== 'null') ?? schema;
}

/** Reads an object's fields from the form at `prefix`; undefined when every field is blank. */
export function valuesFromForm(schema: JsonSchema, form: FormValues, prefix = ''): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const value = valueFromForm(unwrap(prop), form, `${prefix}${name}`);
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function valueFromForm(schema: JsonSchema, form: FormValues, path: string): unknown {
  if (schema.type === 'object') return valuesFromForm(schema, form, `${path}.`);
  if (isChoiceList(schema)) return form[path] === undefined ? [] : allOf(form, path);
  if (isRowList(schema)) return rowsFromForm(schema.items!, form, path);
  if (schema.type === 'array') return form[path] === undefined ? undefined : allOf(form, path).map((v) => numberOrText(v) ?? v);
  if (schema.type === 'boolean') return form[path] === undefined ? undefined : ['true', 'on'].includes(field(form, path));
  const text = form[path] === undefined ? undefined : field(form, path);
  if (isNumeric(schema)) return numberOrText(text);
  return text === undefined || text.trim() === '' ? undefined : text;
}

/**
 * Repeated rows "path.0.x", "path.1.x", …: the form always offers one blank row more than it
 * holds ("add another" without script), so a row with nothing but unticked boxes is skipped.
 */
function rowsFromForm(item: JsonSchema, form: FormValues, path: string): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < 200; i++) {
    if (!Object.keys(form).some((k) => k.startsWith(`${path}.${i}.`))) break;
    const row = valuesFromForm(item, form, `${path}.${i}.`);
    if (row && Object.values(row).some((v) => v !== false)) rows.push(row);
  }
  return rows;
}

/** A questionnaire's form → the kind's answers (validated later by the kind's schema). */
export function answersFromForm(kind: DocumentKind, form: FormValues): Record<string, unknown> {
  return valuesFromForm(answersSchemaOf(kind), form) ?? {};
}

const matterJsonSchema = z.toJSONSchema(CreateMatterSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A matter field's label from the schema's descriptions ("owners.0.name" → "Owners of the professional entity, entry 1 — Owner name"). */
export const matterLabel = (path: string) => schemaLabel(matterJsonSchema, path);

/** The open-a-matter form → CreateMatter (owners as rows, client and staff ids as checkbox groups). */
export function matterFromForm(form: FormValues): Record<string, unknown> {
  return { owners: [], clientUserIds: [], staffUserIds: [], ...valuesFromForm(matterJsonSchema, form) };
}

// ── Drafting inputs beyond the answers ───────────────────────────────────────────────────────

/** Variant choices ("choice.<group>"), clause text overrides ("override.<clauseId>", plus one new one) and the note. */
export function draftingFromForm(form: FormValues): { choices: Record<string, string>; overrides: Record<string, string>; note: string } {
  const choices: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const key of Object.keys(form)) {
    const text = field(form, key);
    if (key.startsWith('choice.') && text) choices[key.slice('choice.'.length)] = text;
    if (key.startsWith('override.') && text.trim()) overrides[key.slice('override.'.length)] = text;
  }
  const newId = field(form, 'newOverrideClause');
  if (newId && field(form, 'newOverrideText').trim()) overrides[newId] = field(form, 'newOverrideText');
  return { choices, overrides, note: field(form, 'note') };
}

/** The acknowledgement step: "reason.<ruleId>" → reason, blank ones included (the page names them). */
export function reasonsFromForm(form: FormValues): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const key of Object.keys(form)) if (key.startsWith('reason.')) reasons.set(key.slice('reason.'.length), field(form, key).trim());
  return reasons;
}

// ── Administration ───────────────────────────────────────────────────────────────────────────

export const userFromForm = (form: FormValues) => ({ email: field(form, 'email'), name: field(form, 'name'), role: field(form, 'role'), password: field(form, 'password') });

export const userUpdateFromForm = (form: FormValues) => ({ role: field(form, 'role') || undefined, disabled: form.disabled === undefined ? undefined : field(form, 'disabled') === 'true' });

/**
 * The jurisdiction form → a whole jurisdictions.json row: the fields the form edits over the
 * row in force (statutes and entity types are kept as they are; they are not edited here).
 */
export function jurisdictionFromForm(form: FormValues, current: Jurisdiction): Record<string, unknown> {
  const minimum = numberOrText(field(form, 'minimumLicensedPct'));
  return {
    ...current,
    cpom: field(form, 'cpom'),
    percentFeeTreatment: field(form, 'percentFeeTreatment'),
    percentFeeNotes: field(form, 'percentFeeNotes').trim(),
    licensedOwnership: { rule: field(form, 'licensedOwnershipRule').trim(), minimumLicensedPct: minimum ?? null },
    notes: field(form, 'notes').trim(),
    sources: lines(field(form, 'sources')),
    citations: lines(field(form, 'citations')),
    verification: field(form, 'verification'),
  };
}

// ── Deadlines and checklist tasks ────────────────────────────────────────────────────────────

export const taskPatchFromForm = (form: FormValues) => ({
  rowVersion: numberOrText(field(form, 'rowVersion')),
  status: field(form, 'status') || undefined,
  responsible: field(form, 'responsible') || undefined,
  dueDate: field(form, 'dueDate') || undefined,
  note: form.note === undefined ? undefined : field(form, 'note'),
});

export const renewalFromForm = (form: FormValues) => ({ termMonths: numberOrText(field(form, 'termMonths')), note: field(form, 'note') });

/** "120, 90, 30" → [120, 90, 30] (non-numbers kept for validation to name). */
export const reminderDaysFromForm = (form: FormValues) => ({ daysBefore: field(form, 'daysBefore').split(/[\s,]+/).filter(Boolean).map((d) => numberOrText(d)) });
