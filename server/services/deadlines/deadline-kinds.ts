/** The kinds of deadline the dashboard, the API and the calendar feed know. */
export const DEADLINE_KINDS = ['term-end', 'notice', 'fmv-review', 'loc-maturity', 'draw-period-end', 'afr-recheck', 'checklist-task'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  'term-end': 'End of term',
  notice: 'Notice date',
  'fmv-review': 'FMV review',
  'loc-maturity': 'Loan maturity',
  'draw-period-end': 'End of draw period',
  'afr-recheck': 'AFR re-check',
  'checklist-task': 'Checklist task',
};

/**
 * Where each deadline comes from: the clause of the agreement that creates it and, where the
 * law sets the reason for it, the citation (the same ones the compliance rules use).
 */
export const BASIS = {
  autoRenewal: 'MSA clause msa.term.renewal-auto (automatic renewal unless notice of non-renewal)',
  noRenewal: 'MSA clause msa.term.renewal-none (notice whether to negotiate a renewal)',
  fmvReview: 'MSA clause msa.fee.fmv-review; 42 CFR 1001.952(d)(1)(iv) (compensation consistent with fair market value); 42 CFR 411.357(d)',
  maturity: 'LOC clause loc.definitions (Maturity Date) and the repayment clause',
  drawPeriod: 'LOC clause loc.commitment.draws (draw period)',
  afr: 'IRC 7872(e)(1) and (f)(2)(B): a demand loan is tested against the federal short-term rate for each semiannual period, compounded semiannually (January’s and July’s rates, the method behind each July ruling’s blended annual rate); a variable rate is re-tested as it resets',
  checklist: 'Formation checklist item (see the item’s citations)',
} as const;

/** Urgency buckets for the dashboard, by days until due (open deadlines only). */
export const URGENCIES = ['overdue', 'within-7', 'within-30', 'within-90', 'later'] as const;
export type Urgency = (typeof URGENCIES)[number];

export function urgencyOf(daysUntilDue: number): Urgency {
  if (daysUntilDue < 0) return 'overdue';
  if (daysUntilDue <= 7) return 'within-7';
  if (daysUntilDue <= 30) return 'within-30';
  if (daysUntilDue <= 90) return 'within-90';
  return 'later';
}

/** The default reminder schedule, in days before a deadline (issue 6). */
export const DEFAULT_REMINDER_DAYS = [120, 90, 60, 30, 7] as const;
