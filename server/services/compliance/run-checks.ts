import type { Finding, Rule, RuleInput } from './rule.ts';
import { RULES } from './rules/index.ts';

/** Bumped whenever a rule is added, removed or changes what it finds; stored with every report. */
export const RULE_SET_VERSION = '2026-12-02.2';

export interface ComplianceReport {
  ruleSetVersion: string;
  referenceVersion: string;
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number };
}

/** Runs every rule that applies to the document's kind. Pure: same input, same report. */
export function runChecks(input: RuleInput, rules: readonly Rule[] = RULES): ComplianceReport {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (!rule.kinds.includes(input.kind)) continue;
    for (const draft of rule.check(input)) {
      findings.push({
        ruleId: rule.id,
        severity: draft.severity ?? rule.severity,
        title: rule.title,
        message: draft.unverified ? `${draft.message} This rests on reference data marked UNVERIFIED; confirm the law before relying on it.` : draft.message,
        fix: draft.fix,
        citation: draft.citation ?? rule.citations.join('; '),
        ...(draft.clauseId ? { clauseId: draft.clauseId } : {}),
        ...(draft.field ? { field: draft.field } : {}),
        ...(draft.matterField ? { matterField: draft.matterField } : {}),
        ...(draft.unverified ? { unverified: true } : {}),
      });
    }
  }
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    ruleSetVersion: RULE_SET_VERSION,
    referenceVersion: input.reference.jurisdictions.version,
    findings,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info') },
  };
}
