import { FormationAnswersSchema, type FormationAnswers } from '../../../schemas/answers/formation.ts';
import type { FormationItem, ReferenceData } from '../../../schemas/reference.ts';
import { longDate, stateName } from '../format.ts';
import { addDays } from '../../deadlines/dates.ts';
import { noticeChecklistItems } from './formation-notices.ts';
import { COMMON_VARIABLES, commonValues, matterFacts, type KindDefinition, type MatterFacts } from './kind.ts';

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
}

const STATUS_LABELS: Record<string, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', 'not-applicable': 'N/A' };

/** The checklist for a deal: reference items that apply to its states and scope, adjusted by the attorney's overrides. */
export function buildChecklist(answers: FormationAnswers, matter: MatterFacts, reference: ReferenceData): ChecklistItem[] {
  const overrides = new Map(answers.itemOverrides.map((o) => [o.itemId, o]));
  const items = reference.formationItems.items
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
        dueDate: o?.dueDate ?? addDays(answers.targetOpeningDate, -item.offsetDaysBeforeOpening),
        verification: item.verification,
        citations: item.citations,
      };
    });
  // State transaction-notice laws: one task per agency, counted back from the planned closing.
  return [...items, ...noticeChecklistItems(answers, matter, reference)];
}

function applies(item: FormationItem, a: FormationAnswers, matter: MatterFacts): boolean {
  const w = item.appliesWhen;
  const state = item.entity === 'mso' ? matter.msoState : matter.peState;
  const states: readonly string[] | undefined = w.states;
  if (states && !states.includes(state) && !states.includes(matter.peState)) return false;
  if (w.includeLoc && !a.includeLoc) return false;
  if (w.billsMedicare && !a.billsMedicare) return false;
  if (w.performsLabTesting && !a.performsLabTesting) return false;
  if (w.prescribesControlledSubstances && !a.prescribesControlledSubstances) return false;
  return true;
}

export const formationKind: KindDefinition<FormationAnswers> = {
  kind: 'formation-checklist',
  title: 'Entity Formation Checklist',
  parties: ['MSO', 'Practice'],
  answersSchema: FormationAnswersSchema,
  articles: [{ key: 'introduction', title: 'Introduction', numbered: true }],
  variables: [...COMMON_VARIABLES, 'targetOpeningDate', 'preparedBy'],
  values: (a, matter) => ({ ...commonValues(matter, a.effectiveDate), targetOpeningDate: longDate(a.targetOpeningDate), preparedBy: a.preparedBy }),
  exhibits: (a, matter, ctx) => {
    const items = buildChecklist(a, matter, ctx.reference);
    const table = (entity: FormationItem['entity']) => ({
      widths: [40, 13, 15, 13, 19],
      rows: [
        ['Item', 'Responsible', 'Due', 'Status', 'Source'],
        ...items
          .filter((i) => i.entity === entity)
          .map((i) => [i.title, i.responsible, longDate(i.dueDate), STATUS_LABELS[i.status] ?? i.status, i.verification === 'unverified' ? 'UNVERIFIED — confirm' : i.verification]),
      ],
    });
    return [
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
