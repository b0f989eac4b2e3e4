import type { TransactionFacts } from '../../schemas/matter.ts';
import { SIZE_BANDS, type NoticeThreshold, type ReferenceData, type TransactionNotice } from '../../schemas/reference.ts';
import { addDays } from '../deadlines/dates.ts';

/** The matter facts a transaction-notice law reads. */
export interface NoticeMatter {
  msoState: string;
  peState: string;
  transaction?: TransactionFacts;
}

export type NoticeFact = 'plannedClosingDate' | NoticeThreshold['fact'];

export const FACT_LABELS: Record<NoticeFact, string> = {
  plannedClosingDate: 'the planned closing date',
  physicianCount: 'the number of physicians in the practice group',
  revenueBand: 'the annual revenue of the largest party',
  assetsBand: 'the total assets of the parties',
};

/** A notice law that applies to the matter, or may apply once the missing facts are recorded. */
export interface DueNotice {
  state: string;
  notice: TransactionNotice;
  /** Threshold facts the matter has not recorded (the law may or may not apply). */
  missing: NoticeFact[];
  /** The planned closing date minus the notice period; null while the closing date is unknown. */
  dueDate: string | null;
}

const rank = (band: string) => SIZE_BANDS.indexOf(band as (typeof SIZE_BANDS)[number]);

/** 'met', 'not-met', or 'unknown' when the matter has not recorded the fact the threshold needs. */
function thresholdOutcome(t: NoticeThreshold, facts: TransactionFacts | undefined): 'met' | 'not-met' | 'unknown' {
  const value = facts?.[t.fact] ?? null;
  if (value === null) return 'unknown';
  if (t.fact === 'physicianCount') return (value as number) >= t.atLeast ? 'met' : 'not-met';
  return rank(value as string) >= rank(t.atLeast) ? 'met' : 'not-met';
}

/**
 * The transaction-notice laws of the practice's and the MSO's states (legal-updates.md §3) that
 * apply to the matter — each with its due date counted back from the planned closing — or that
 * may apply once missing facts are recorded. A law whose thresholds the recorded facts fall
 * below, or that takes effect after the planned closing, is left out. Pure.
 */
export function dueTransactionNotices(matter: NoticeMatter, reference: ReferenceData): DueNotice[] {
  const closing = matter.transaction?.plannedClosingDate ?? null;
  const states = [...new Set([matter.peState, matter.msoState])];
  const out: DueNotice[] = [];
  for (const state of states) {
    const row = reference.jurisdictions.rows.find((r) => r.code === state);
    for (const notice of row?.transactionNotices ?? []) {
      if (closing && notice.effectiveDate && closing < notice.effectiveDate) continue;
      const outcomes = notice.thresholds.map((t) => ({ fact: t.fact, outcome: thresholdOutcome(t, matter.transaction) }));
      if (outcomes.some((o) => o.outcome === 'not-met')) continue;
      out.push({ state, notice, missing: outcomes.filter((o) => o.outcome === 'unknown').map((o) => o.fact), dueDate: closing ? addDays(closing, -notice.daysBeforeClosing) : null });
    }
  }
  return out;
}

/** The checklist item id of a notice (stable, so a paralegal's task status survives new versions). */
export const noticeItemId = (notice: TransactionNotice) => `mso.notice-${notice.id.replace(/\./g, '-')}`;
