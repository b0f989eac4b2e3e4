/**
 * The pages' plain-language messages: the one place that turns validation results into sentences
 * lives in server/http/messages.ts, so the API's error details read the same as the pages.
 */
export * from '../server/http/messages.ts';

import type { AppError } from '../server/errors.ts';
import { problemsOf, summaryOf, type Labeler } from '../server/http/messages.ts';
import type { SummaryItem } from './components/error-views.tsx';

/**
 * A form's summary problem by problem, each with the error key (as fieldErrors names it) of the
 * field it belongs to, so the page can link it to that field. The sentences are summaryOf's
 * (or `text`, the message the page would show): when `text` is not those sentences joined, it
 * stays one item, tied to the field only when there is exactly one.
 */
export function summaryItemsOf(error: AppError, label?: Labeler, rename: (path: string) => string = (p) => p, text: string = summaryOf(error, label)): SummaryItem[] {
  const fields = (error.details?.fields ?? []) as { path: string }[];
  const keyOf = (path: string) => (path === '(body)' || path === '' ? undefined : rename(path.replace(/^answers\./, '')));
  if (fields.length === 0) return [text];
  const problems = problemsOf(error, label);
  if (problems.join(' ') !== text) {
    const key = fields.length === 1 ? keyOf(fields[0]!.path) : undefined;
    return [key ? { message: text, key } : text];
  }
  return fields.map((f, i) => {
    const key = keyOf(f.path);
    return key ? { message: problems[i]!, key } : problems[i]!;
  });
}
