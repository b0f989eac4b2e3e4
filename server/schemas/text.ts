import { z } from 'zod';

/**
 * Text that can travel safely into OOXML and into a contract.
 *
 * XML 1.0 cannot carry C0 controls (other than tab, LF, CR), U+FFFE/U+FFFF or unpaired
 * surrogates: docxtemplater throws on the first, passes the second into the XML (which breaks
 * LibreOffice) and the `docx` package silently strips them — so we refuse them at the edge
 * instead of altering the client's data (../shared/reference/reliability-security.md §2.3).
 */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidi embedding/override/isolate controls can make a name or amount display differently from what it says. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

export function findTextProblem(value: string, allowBidi: boolean): 'invalid_characters' | 'bidi_control_not_allowed' | null {
  if (XML_FORBIDDEN.test(value) || UNPAIRED_SURROGATE.test(value)) return 'invalid_characters';
  if (!allowBidi && BIDI_CONTROL.test(value)) return 'bidi_control_not_allowed';
  return null;
}

const PROBLEM_MESSAGES = {
  invalid_characters: 'contains characters a Word document cannot hold (control characters, U+FFFE/U+FFFF or a broken surrogate pair)',
  bidi_control_not_allowed: 'contains a right-to-left override or isolate control, which could make the text display differently from what it says',
} as const;

function safe(schema: z.ZodString, allowBidi: boolean) {
  return schema.superRefine((value, ctx) => {
    const problem = findTextProblem(value, allowBidi);
    if (problem) ctx.addIssue({ code: 'custom', message: PROBLEM_MESSAGES[problem], params: { reason: problem } });
  });
}

/** A short single-line value that appears in a contract: names, titles, amounts-as-text. Bidi controls refused. */
export const nameText = (max = 200) => safe(z.string().trim().min(1).max(max), false);
/** Free text such as addresses, notes and clause text: bidi marks allowed (real RTL text needs them), XML-unsafe characters refused. */
export const freeText = (max = 2000) => safe(z.string().max(max), true);

/** A calendar date, YYYY-MM-DD, that exists (2025-02-30 is refused) between 1900 and 2199. */
export const isoDate = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', { message: 'must be a date between 1900 and 2199' });

/** US dollars: a non-negative number with at most two decimals, below one billion. */
export const money = z
  .number()
  .nonnegative()
  .max(999_999_999.99)
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'must have at most two decimal places' });

/** A percentage between 0 and 100 with at most three decimals. */
export const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6, { message: 'must have at most three decimal places' });

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME',
  'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI',
  'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
] as const;
export const stateCode = z.enum(US_STATES);
export type StateCode = z.infer<typeof stateCode>;
