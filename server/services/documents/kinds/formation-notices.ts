import type { FormationAnswers } from '../../../schemas/answers/formation.ts';
import type { ReferenceData } from '../../../schemas/reference.ts';
import { FACT_LABELS, dueTransactionNotices, noticeItemId, type NoticeMatter } from '../../compliance/transaction-notices.ts';
import { addDays } from '../../deadlines/dates.ts';
import type { ChecklistItem } from './formation.ts';

/**
 * One task per state transaction-notice law that applies to the matter (or may, until the facts
 * its thresholds need are recorded): "file the notice with <agency>", due the notice period before
 * the planned closing. Without a closing date the target opening date stands in, and the task says so.
 */
export function noticeChecklistItems(answers: FormationAnswers, matter: NoticeMatter, reference: ReferenceData): ChecklistItem[] {
  const overrides = new Map(answers.itemOverrides.map((o) => [o.itemId, o]));
  return dueTransactionNotices(matter, reference).map(({ notice, missing, dueDate }) => {
    const itemId = noticeItemId(notice);
    const o = overrides.get(itemId);
    const basis = dueDate
      ? `due ${notice.daysBeforeClosing} days before the planned closing`
      : `the planned closing date is not recorded, so this date counts ${notice.daysBeforeClosing} days back from the target opening date`;
    const unknown = missing.length ? ` Whether it applies depends on ${missing.map((m) => FACT_LABELS[m]).join(' and ')}, not recorded on the matter.` : '';
    return {
      itemId,
      entity: 'mso',
      title: `File the notice with ${notice.agency}`,
      detail: `${notice.name} (${notice.citation}): ${basis}. ${notice.thresholdNote}${unknown}`.trim(),
      responsible: o?.responsible ?? 'attorney',
      status: o?.status ?? 'not-started',
      // Without a closing date the count-back is a stand-in, not a statutory date: never before the
      // checklist's own date, so a new checklist does not open with a false overdue task (issue 18).
      dueDate: o?.dueDate ?? dueDate ?? latest(answers.effectiveDate, addDays(answers.targetOpeningDate, -notice.daysBeforeClosing)),
      verification: notice.verification,
      citations: [notice.citation],
    };
  });
}

const latest = (a: string, b: string) => (a > b ? a : b);
