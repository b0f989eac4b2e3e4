import type { UsedClause } from '../documents/assemble-document.ts';

// Per process on purpose (issue 22): a cache of results that depend only on a clause version's
// text, which is the same on every app server; nothing here is a count or a decision to share.
const memo = new Map<string, unknown>();

/**
 * Scanning clause language is the costly part of a check, and library text is the same in
 * every document that pins the same clause version; results are kept per (rule, clause
 * version). An attorney's override is scanned fresh every time.
 */
export function scanOnce<T>(ruleId: string, clause: UsedClause, scan: (text: string) => T): T {
  if (!clause.scanKey) return scan(clause.templateText);
  const key = `${ruleId}|${clause.scanKey}`;
  if (memo.has(key)) return memo.get(key) as T;
  const result = scan(clause.templateText);
  memo.set(key, result);
  return result;
}
