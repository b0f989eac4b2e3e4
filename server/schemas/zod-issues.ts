import type { z } from 'zod';
import type { FieldProblem } from '../errors.ts';

/** Turns zod issues into field problems with a dotted path a person (and the UI) can follow. */
export function toFieldProblems(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldProblem[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const reason = issue.code === 'custom' ? (issue.params as { reason?: string } | undefined)?.reason : undefined;
    return { path: path || '(body)', issue: reason ?? issue.code, message: issue.message };
  });
}

export function describeProblems(problems: FieldProblem[]): string {
  // A labelled problem's message names its field already (http/field-labels.ts).
  const shown = problems.slice(0, 5).map((p) => (p.label || p.path === '(body)' ? p.message : `${p.path}: ${p.message}`));
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return shown.join('; ') + more;
}
