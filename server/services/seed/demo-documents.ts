import { readFileSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import { projectPath } from '../../paths.ts';
import type { Actor } from '../audit/record-audit.ts';
import type { Principal, ServiceContext } from '../context.ts';
import { todayOf } from '../context.ts';
import { addDays } from '../deadlines/dates.ts';
import type { Catalog } from '../documents/assemble-document.ts';
import { changeStatus } from '../documents/change-status.ts';
import { createDocument } from '../documents/documents.ts';
import { acknowledgeWarning } from '../documents/mark-executable.ts';

const sample = (kind: string) => JSON.parse(readFileSync(projectPath('templates', kind, 'sample.json'), 'utf8')) as Record<string, unknown>;

/**
 * The demo matter's documents, dated from today so the dashboards have something to show: an
 * executed MSA from the sample answers whose first one-year term ends within days (its notice
 * date has passed), and a formation checklist whose tasks fall due over the coming months.
 * Every step goes through the same services (and the same compliance gate) as a user would.
 */
export async function seedDemoDocuments(
  db: Database,
  catalog: Catalog,
  now: Date,
  people: { attorney: Principal; paralegal: Principal },
  matterId: number,
): Promise<void> {
  const ctx = (principal: Principal): ServiceContext => ({ db, now, principal, actor: { userId: principal.id, role: principal.role, ip: null, requestId: 'seed' } satisfies Actor });
  const today = todayOf({ now });
  const effectiveDate = addDays(today, -358);
  const msaAnswers = {
    ...sample('msa'),
    effectiveDate,
    initialTermMonths: 12,
    nonRenewalNotice: { amount: 90, unit: 'days' },
    fmvOpinionDate: addDays(effectiveDate, -45),
    practiceFormedOn: addDays(effectiveDate, -120),
  };
  const { document, version } = await createDocument(ctx(people.attorney), catalog, matterId, { kind: 'msa', answers: msaAnswers, choices: {}, overrides: {}, note: 'Demo agreement' });
  for (const ruleId of new Set(version.compliance.findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId))) {
    await acknowledgeWarning(ctx(people.attorney), document.id, version.versionNo, ruleId, 'Demo: reviewed with the client and accepted for this deal.');
  }
  if (version.compliance.summary.errors === 0) {
    await changeStatus(ctx(people.attorney), catalog, document.id, { to: 'executable' });
    await changeStatus(ctx(people.paralegal), catalog, document.id, { to: 'executed', executedOn: addDays(effectiveDate, -3) });
  }
  await createDocument(ctx(people.attorney), catalog, matterId, {
    kind: 'formation-checklist',
    answers: { ...sample('formation-checklist'), effectiveDate: today, targetOpeningDate: addDays(today, 120) },
    choices: {},
    overrides: {},
    note: 'Demo checklist',
  });
}
