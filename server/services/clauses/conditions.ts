import type { Condition } from '../../schemas/clause.ts';

export type Facts = Readonly<Record<string, unknown>>;

/** Evaluates a clause's selection conditions against answers and matter facts. All must hold. */
export function conditionsHold(conditions: readonly Condition[], facts: Facts): boolean {
  return conditions.every((c) => holds(c, facts[c.field]));
}

function holds(c: Condition, actual: unknown): boolean {
  if (c.equals !== undefined) return actual === c.equals;
  if (c.notEquals !== undefined) return actual !== c.notEquals;
  if (c.in) return c.in.some((v) => v === actual);
  if (c.notIn) return !c.notIn.some((v) => v === actual);
  if (c.includes !== undefined) return Array.isArray(actual) && actual.includes(c.includes);
  if (c.gt !== undefined) return typeof actual === 'number' && actual > c.gt;
  if (c.lt !== undefined) return typeof actual === 'number' && actual < c.lt;
  return false;
}
