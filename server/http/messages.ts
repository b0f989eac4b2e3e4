import type { AppError } from '../errors.ts';

/** What a label is read from: a JSON Schema's descriptions (the answers' and the API's schemas). */
export interface LabelSchema {
  type?: unknown;
  description?: string;
  properties?: Record<string, LabelSchema>;
  items?: LabelSchema;
  anyOf?: LabelSchema[];
}

/**
 * The one place validation results become sentences a lawyer reads. zod's texts ("Too small:
 * expected array to have >=1 items") and field paths ("answers.services", "termMonths",
 * "(body)") are for programs; pages and the API's error details show the field's own label and a
 * plain sentence instead. Below web/ so the API's validation hook (routes/router.ts) uses it too;
 * web/messages.ts re-exports it for the pages.
 */

/** zod's default messages → plain sentences. Messages written by our own checks pass through. */
export function plainMessage(message: string): string {
  const m = message.trim();
  if (/received undefined$/.test(m) || /^Invalid input: expected (string|object|array|boolean), received null$/.test(m)) return 'This is required.';
  let x = /^Invalid input: expected (number|int|integer|nan), received \w+$/.exec(m);
  if (x) return x[1] === 'number' || x[1] === 'nan' ? 'Enter a number.' : 'Enter a whole number.';
  if (/^Invalid input: expected boolean/.test(m)) return 'Choose yes or no.';
  if ((x = /^Too small: expected string to have >=?1 characters?$/.exec(m))) return 'This is required.';
  if ((x = /^Too small: expected array to have >=?1 items?$/.exec(m))) return 'Choose at least one.';
  if ((x = /^Too small: expected string to have >=?(\d+) characters?$/.exec(m))) return `Use at least ${x[1]} characters.`;
  if ((x = /^Too big: expected string to have <=?(\d+) characters?$/.exec(m))) return `Use at most ${x[1]} characters.`;
  if ((x = /^Too small: expected array to have >=?(\d+) items?$/.exec(m))) return `Give at least ${x[1]}.`;
  if ((x = /^Too big: expected array to have <=?(\d+) items?$/.exec(m))) return `Give at most ${x[1]}.`;
  if ((x = /^Too small: expected (?:number|int|bigint) to be (>=?)(-?[\d.]+)$/.exec(m))) return x[1] === '>' ? `Must be more than ${x[2]}.` : `Must be at least ${x[2]}.`;
  if ((x = /^Too big: expected (?:number|int|bigint) to be (<=?)(-?[\d.]+)$/.exec(m))) return x[1] === '<' ? `Must be less than ${x[2]}.` : `Must be at most ${x[2]}.`;
  if (/^Invalid option: expected one of /.test(m) || /^Invalid input: expected "/.test(m)) return 'Choose one of the options offered.';
  if (/^Invalid (ISO )?date/.test(m) || /^Invalid string: must match pattern .*\\d\{4\}/.test(m)) return 'Enter a date as YYYY-MM-DD.';
  if (/^Invalid email/.test(m)) return 'Enter an email address.';
  if (/^Invalid string: must match pattern/.test(m)) return 'This is not in the expected form.';
  if (/^Unrecognized keys?:/.test(m)) return 'The form sent a field this page does not know; reload the page and try again.';
  if (/^Invalid input$/.test(m)) return 'This is not a valid answer.';
  // A fragment that needs a subject ("is not correct", "was used already") reads beside its field as "This is not correct."
  if (/^(is|was|are|were) /.test(m)) return sentence(`This ${m}`);
  // Our own checks write lower-case fragments meant to follow a label ("must not list a service twice").
  return sentence(m);
}

const sentence = (s: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.') : s);

/** "initialTermMonths" → "Initial term months": the fallback when no schema labels a path. */
export function wordsOf(name: string): string {
  const text = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase()
    .replace(/\b(msa|loc|fmv|afr|mso|phi|ein|npi|cpi)\b/g, (w) => w.toUpperCase());
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A dotted path's label from a JSON Schema's descriptions: "nonRenewalNotice.amount" →
 * "Notice of non-renewal — Amount", "owners.1.name" → "Owners, entry 2 — Name".
 */
export function schemaLabel(schema: LabelSchema | undefined, path: string): string {
  const parts: string[] = [];
  let node: LabelSchema | undefined = schema;
  for (const key of path.split('.')) {
    if (/^\d+$/.test(key)) {
      parts[parts.length - 1] = `${parts[parts.length - 1] ?? 'Entry'}, entry ${Number(key) + 1}`;
      node = node?.items;
      continue;
    }
    const next: LabelSchema | undefined = node?.properties?.[key];
    const branch = next?.anyOf?.find((s) => s.type !== 'null') ?? next;
    parts.push(next?.description ?? branch?.description ?? wordsOf(key));
    node = branch;
  }
  return parts.join(' — ');
}

export type Labeler = (path: string) => string;

/** Labels from a fixed map (forms whose fields are not schema-generated), falling back to words. */
export const labelsFrom =
  (labels: Record<string, string>): Labeler =>
  (path) =>
    labels[path] ?? wordsOf(path.split('.').pop() ?? path);

/**
 * What a refused form says at its top: each problem as "Label: sentence" (the same sentence is
 * shown beside the field). Errors without field problems keep their own message, which services
 * write for people already.
 */
export function problemsOf(error: AppError, label: Labeler = labelsFrom({})): string[] {
  const fields = (error.details?.fields ?? []) as { path: string; message: string; label?: string }[];
  if (fields.length === 0) return [error.message];
  return fields.map((f) => {
    const path = f.path.replace(/^answers\./, '');
    const message = plainMessage(withoutLabel(f));
    return path === '(body)' || path === '' ? message : `${label(path)}: ${message}`;
  });
}

/** A problem's sentence without the label the API puts before it (a page names the field its own way). */
export const withoutLabel = (f: { message: string; label?: string }): string => (f.label && f.message.startsWith(`${f.label}: `) ? f.message.slice(f.label.length + 2) : f.message);

/** The same as one line, for pages that show a single summary. */
export const summaryOf = (error: AppError, label?: Labeler): string => problemsOf(error, label).join(' ');

/** "a executed document" → "an executed document". */
export const withArticle = (word: string): string => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
