import { FormationAnswersSchema, type FormationAnswers } from '../../../schemas/answers/formation.ts';
import type { FormationItem, ReferenceData } from '../../../schemas/reference.ts';
import { longDate, stateName } from '../format.ts';
import { addDays } from '../../deadlines/dates.ts';
import { noticeChecklistItems } from './formation-notices.ts';
import { noLayOwnership, ownersLicensed, peTypeAllowed } from '../../compliance/rules/entity.ts';
import { distributionsTiedToReferrals, investmentSafeHarbor, stateInvestmentTreatment } from '../../compliance/rules/mso-equity.ts';
import { medSpaOwnership, telehealthLicensure } from '../../compliance/rules/practice-type.ts';
import { COMMON_VARIABLES, commonValues, matterFacts, type KindDefinition, type MatterFacts } from './kind.ts';
import { REFERRAL_SOURCE_KINDS } from '../../../schemas/matter-structure.ts';

export interface ChecklistItem {
  itemId: string;
  entity: FormationItem['entity'];
  title: string;
  detail: string;
  responsible: string;
  status: string;
  dueDate: string;
  verification: FormationItem['verification'];
  citations: string[];
  /** Agency, form, fee and link, where the reference has them. */
  authority?: FormationItem['authority'];
  dependsOn?: string[];
  /** Titles of the items this one waits for (its dependencies not yet done). */
  waitingOn?: string[];
}

const STATUS_LABELS: Record<string, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'N/A' };

/**
 * The checklist for a deal, as a worklist: items that apply to its states and scope, adjusted by
 * the attorney's overrides, with their dependencies respected — an item whose prerequisites are
 * not done cannot be done yet (marked done, it shows as in progress and says what it waits for).
 */
export function buildChecklist(answers: FormationAnswers, matter: MatterFacts, reference: ReferenceData): ChecklistItem[] {
  const items = listItems(answers, matter, reference);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const finished = (id: string) => ['done', 'not-applicable'].includes(byId.get(id)?.status ?? 'done');
  return items.map((item) => {
    const waiting = (item.dependsOn ?? []).filter((id) => !finished(id)).map((id) => byId.get(id)!.title);
    if (waiting.length === 0 || item.status === 'not-applicable') return item;
    return { ...item, status: item.status === 'done' ? 'in-progress' : item.status, waitingOn: waiting };
  });
}

/**
 * Due dates run forward from the checklist's date toward the target opening: each item's offset
 * before opening (the reference's, for a runway of OFFSET_RUNWAY days or more) is scaled into the
 * runway there is, so a new checklist never starts with tasks already overdue and the order of
 * the steps is kept. An override's date is kept as given.
 */
export function dueBeforeOpening(start: string, targetOpening: string, offsetDays: number): string {
  const runway = Math.round((Date.parse(targetOpening) - Date.parse(start)) / 86_400_000);
  if (runway <= 0) return targetOpening;
  const scaled = runway >= OFFSET_RUNWAY ? offsetDays : Math.floor((offsetDays * runway) / OFFSET_RUNWAY);
  return addDays(targetOpening, -Math.min(scaled, runway));
}

/** The longest offset in the reference (120 days before opening): the runway the offsets assume. */
const OFFSET_RUNWAY = 120;

function listItems(answers: FormationAnswers, matter: MatterFacts, reference: ReferenceData): ChecklistItem[] {
  const overrides = new Map(answers.itemOverrides.map((o) => [o.itemId, o]));
  const items: ChecklistItem[] = reference.formationItems.items
    .filter((item) => applies(item, answers, matter))
    .map((item) => {
      const o = overrides.get(item.id);
      return {
        itemId: item.id,
        entity: item.entity,
        title: item.title,
        detail: item.detail,
        responsible: o?.responsible ?? item.defaultResponsible,
        status: o?.status ?? 'not-started',
        dueDate: o?.dueDate ?? dueBeforeOpening(answers.effectiveDate, answers.targetOpeningDate, item.offsetDaysBeforeOpening),
        verification: item.verification,
        citations: item.citations,
        authority: item.authority,
        dependsOn: item.dependsOn,
      };
    });
  // State transaction-notice laws: one task per agency, counted back from the planned closing (not scaled).
  return [...items, ...noticeChecklistItems(answers, matter, reference)];
}

function applies(item: FormationItem, a: FormationAnswers, matter: MatterFacts): boolean {
  const w = item.appliesWhen;
  const state = item.entity === 'mso' ? matter.msoState : matter.peState;
  const states: readonly string[] | undefined = w.states;
  if (states && !states.includes(state) && !states.includes(matter.peState)) return false;
  if ((w.notInStates as readonly string[] | undefined)?.includes(state)) return false;
  if (w.includeLoc && !a.includeLoc) return false;
  if (w.billsMedicare && !a.billsMedicare) return false;
  if (w.performsLabTesting && !a.performsLabTesting) return false;
  if (w.prescribesControlledSubstances && !a.prescribesControlledSubstances) return false;
  if (w.physicianMsoOwners && !(matter.msoOwners ?? []).some((o) => REFERRAL_SOURCE_KINDS.includes(o.kind))) return false;
  if (w.practiceTypes && !(w.practiceTypes as readonly string[]).includes(matter.practiceType ?? 'general')) return false;
  return true;
}

/** Who does the task, by name: the matter's MSO and practice rather than codes ("mso"). */
function responsibleName(matter: MatterFacts): (code: string) => string {
  const names: Record<string, string> = { mso: matter.msoName, practice: matter.peName, attorney: 'Attorney', paralegal: 'Paralegal', client: 'Client', accountant: 'Accountant' };
  return (code) => names[code] ?? code;
}

function statusText(item: ChecklistItem): string {
  const status = STATUS_LABELS[item.status] ?? item.status;
  return item.waitingOn?.length ? `${status}; waiting on: ${item.waitingOn.join('; ')}` : status;
}

/** Agency, form, fee and link; without them, the citations or sources, and whether the reference could verify the item. */
function authorityText(item: ChecklistItem): string {
  const a = item.authority;
  const parts = a ? [a.agency, a.form, a.fee ? `Fee: ${a.fee}` : undefined, a.link] : item.citations.length ? [item.citations.join('; ')] : [];
  if (item.verification === 'unverified') parts.push('UNVERIFIED in the reference: confirm before relying on it');
  return parts.filter(Boolean).join('\n') || 'See the matter file';
}

/**
 * The matter's own open findings (entity type, owners' licences, lay or MSO ownership), shown on
 * the checklist so it never reads as if the structure were settled when the rules say it is not.
 */
function openEntityFindings(answers: FormationAnswers, matter: MatterFacts, reference: ReferenceData): string[][] {
  const input = { kind: 'formation-checklist' as const, answers: answers as unknown as Record<string, unknown>, matter, clauses: [], values: {}, missing: [], reference, related: [] };
  // The MSO-equity and practice-type warnings too (issue 23); their info-level notes stay in the compliance report.
  const rules = [peTypeAllowed, ownersLicensed, noLayOwnership, distributionsTiedToReferrals, investmentSafeHarbor, stateInvestmentTreatment, telehealthLicensure, medSpaOwnership];
  return rules.flatMap((rule) =>
    rule
      .check(input)
      .filter((f) => (f.severity ?? rule.severity) !== 'info')
      .map((f) => [(f.severity ?? rule.severity) === 'error' ? 'Error' : 'Warning', f.message, f.fix]),
  );
}

export const formationKind: KindDefinition<FormationAnswers> = {
  kind: 'formation-checklist',
  title: 'Entity Formation Checklist',
  parties: ['MSO', 'Practice'],
  answersSchema: FormationAnswersSchema,
  // The notes follow the tasks, unnumbered: the document is a worklist, not a contract.
  articles: [{ key: 'introduction', title: 'Notes on this checklist', numbered: false }],
  variables: [...COMMON_VARIABLES, 'targetOpeningDate', 'preparedBy'],
  values: (a, matter) => ({ ...commonValues(matter, a.effectiveDate), targetOpeningDate: longDate(a.targetOpeningDate), preparedBy: a.preparedBy }),
  exhibits: (a, matter, ctx) => {
    const items = buildChecklist(a, matter, ctx.reference);
    const who = responsibleName(matter);
    const table = (entity: FormationItem['entity']) => ({
      widths: [27, 13, 12, 20, 28],
      rows: [
        ['Task', 'Responsible', 'Due', 'Status', 'Authority and form'],
        ...items
          .filter((i) => i.entity === entity)
          .map((i) => [i.title, who(i.responsible), longDate(i.dueDate), statusText(i), authorityText(i)]),
      ],
    });
    const findings = openEntityFindings(a, matter, ctx.reference);
    return [
      ...(findings.length
        ? [{ title: 'Open compliance findings for this matter', intro: 'Resolve these before the items below are relied on; they come from the same rules that gate the agreements.', tables: [{ table: { widths: [14, 46, 40], rows: [['Severity', 'Finding', 'What to do'], ...findings] } }] }]
        : []),
      {
        title: `Part A — Professional Entity (${matter.peName}, ${stateName(matter.peState)})`,
        tables: [{ table: table('professional-entity') }],
      },
      { title: `Part B — Management Services Organization (${matter.msoName})`, tables: [{ table: table('mso') }] },
    ];
  },
  signatories: () => [],
  facts: (a, matter) => ({ ...a, ...matterFacts(matter) }),
};
