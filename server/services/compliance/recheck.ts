import type { Database } from '../../db/database.ts';
import { listInForceVersions } from '../../db/documents.ts';
import { listMatterFacts } from '../matters/matter-facts.ts';
import type { DocumentKind } from '../../schemas/clause.ts';
import type { Catalog } from '../documents/assemble-document.ts';
import { composeAndCheck } from '../documents/compose-and-check.ts';
import { dateIn, DEFAULT_TIME_ZONE } from '../deadlines/dates.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { Finding, RelatedDocument } from './rule.ts';
import type { ComplianceReport } from './run-checks.ts';

export interface RecheckChange {
  documentId: number;
  matterId: number;
  title: string;
  status: string;
  versionNo: number;
  before: ComplianceReport['summary'];
  after: ComplianceReport['summary'];
  added: Finding[];
  removed: Finding[];
}

const key = (f: Finding) => `${f.severity}|${f.ruleId}|${f.clauseId ?? ''}|${f.message}`;

/**
 * Re-runs today's rules and reference data over every executable or executed document and
 * lists the ones whose findings changed. Nothing is re-rendered and nothing stored is changed:
 * the stored report stays the record of what was approved.
 */
export async function recheckInForce(deps: { db: Database; catalog: Catalog; now: Date; timeZone?: string; actor: Actor }): Promise<{ checked: number; changes: RecheckChange[] }> {
  const rows = await listInForceVersions(deps.db);
  const matters = await listMatterFacts(deps.db, [...new Set(rows.map((r) => r.matter_id))]);
  // Each document's answers parsed once: they are read again as the "related" documents of every other document in its matter.
  const answersOf = new Map(rows.map((r) => [r.id, JSON.parse(r.answers) as Record<string, unknown>]));
  const byMatter = new Map<number, RelatedDocument[]>();
  for (const r of rows) {
    const inMatter = byMatter.get(r.matter_id) ?? [];
    inMatter.push({ kind: r.kind as DocumentKind, documentId: r.id, answers: answersOf.get(r.id)! });
    byMatter.set(r.matter_id, inMatter);
  }
  const today = dateIn(deps.now, deps.timeZone ?? DEFAULT_TIME_ZONE);
  const changes: RecheckChange[] = [];
  for (const row of rows) {
    const matter = matters.get(row.matter_id);
    if (!matter) continue;
    const answers = answersOf.get(row.id)!;
    const related = (byMatter.get(row.matter_id) ?? []).filter((r) => r.documentId !== row.id);
    const inputs = { kind: row.kind, answers, matter, choices: JSON.parse(row.choices), overrides: JSON.parse(row.overrides), pins: JSON.parse(row.clause_pins) };
    const after = composeAndCheck(deps.catalog, inputs, { related, today }).report;
    const before = JSON.parse(row.compliance) as ComplianceReport;
    const beforeKeys = new Set(before.findings.map(key));
    const afterKeys = new Set(after.findings.map(key));
    const added = after.findings.filter((f) => !beforeKeys.has(key(f)));
    const removed = before.findings.filter((f) => !afterKeys.has(key(f)));
    if (added.length || removed.length) {
      changes.push({ documentId: row.id, matterId: row.matter_id, title: row.title, status: row.status, versionNo: row.in_force_version_no, before: before.summary, after: after.summary, added, removed });
    }
  }
  await deps.db.transaction((tx) => recordAudit(tx, deps.actor, deps.now, { type: 'recheck.run', data: { checked: rows.length, changed: changes.length } }));
  return { checked: rows.length, changes };
}
