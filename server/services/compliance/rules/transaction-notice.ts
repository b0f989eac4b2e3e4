import { addDays } from '../../deadlines/dates.ts';
import type { FindingDraft, Rule } from '../rule.ts';
import { FACT_LABELS, dueTransactionNotices } from '../transaction-notices.ts';

/**
 * State laws that require notice to an agency a number of days before a covered transaction
 * closes (legal-updates.md §3: Oregon 180, California 90, New York 30, Illinois 30, Washington 60,
 * Massachusetts 60, Indiana 90). A planned closing too soon for the period is a warning, not an
 * error: the rule cannot see whether the notice was already filed, so the attorney confirms it.
 */
export const transactionNotice: Rule = {
  id: 'matter.transaction-notice',
  title: 'State pre-closing transaction notice is planned in time',
  citations: [
    'ORS 415.500-415.501; OAR 409-070-0030(2) (Oregon, 180 days)',
    'Cal. Health & Safety Code 127507 (AB 1415, 90 days)',
    'N.Y. Pub. Health Law 4552 (30 days)',
    '740 ILCS 10/7.2a (30 days)',
    'RCW 19.390 (60 days)',
    'Mass. Gen. Laws ch. 6D, 13 (ch. 343 of the Acts of 2024, 60 days)',
    'Ind. Code 25-1-8.5-4 (90 days)',
  ],
  severity: 'warning',
  kinds: ['msa', 'formation-checklist'],
  examines: ['matter.transaction.plannedClosingDate', 'matter.transaction.physicianCount', 'matter.transaction.revenueBand', 'matter.transaction.assetsBand'],
  check(input) {
    return dueTransactionNotices(input.matter, input.reference).flatMap(({ notice, missing, dueDate }): FindingDraft[] => {
      const base = { citation: `${notice.citation} [reference: ${notice.verification}]`, ...(notice.verification === 'unverified' ? { unverified: true } : {}) };
      const law = `${notice.name} requires notice to ${notice.agency} at least ${notice.daysBeforeClosing} days before closing`;
      const closing = (input.matter as { transaction?: { plannedClosingDate: string | null } }).transaction?.plannedClosingDate;
      if (!closing) return [{ ...base, matterField: 'transaction.plannedClosingDate', message: `${law}; the matter has no planned closing date, so the notice date cannot be set.`, fix: 'Enter the planned closing date on the matter.' }];
      if (missing.length) {
        const facts = missing.map((m) => FACT_LABELS[m]).join(' and ');
        // One missing fact: its field; several: the first, which the attorney fills before the rest beside it.
        return [{ ...base, matterField: `transaction.${missing[0]}`, message: `${law} when its thresholds are met (${notice.thresholdNote}); the matter does not record ${facts}, so whether it applies cannot be decided.`, fix: `Record ${facts} on the matter.` }];
      }
      if (input.today && dueDate && dueDate < input.today) {
        return [{ ...base, matterField: 'transaction.plannedClosingDate', message: `${law}: for the planned closing on ${closing} the notice was due by ${dueDate}, which has passed.`, fix: `Unless the notice was filed by ${dueDate}, move the closing to ${addDays(input.today, notice.daysBeforeClosing)} or later and file now; acknowledge with the filing date if it was filed.` }];
      }
      return [];
    });
  },
};
