import type { LocAnswers } from '../../schemas/answers/loc.ts';
import type { MsaAnswers } from '../../schemas/answers/msa.ts';
import type { NoticePeriod } from '../../schemas/answers/shared.ts';
import { addDays, addMonths, termEnd } from './dates.ts';
import { BASIS, type DeadlineKind } from './deadline-kinds.ts';
import { demandPeriodOf, nextDemandPeriod } from '../reference/afr.ts';

/**
 * Deadlines of an agreement in force, computed from its executed answers and the renewals
 * recorded against it. Pure: `today` is passed in, nothing is read or written here.
 *
 * Rolling series (terms, FMV reviews, AFR re-checks) yield at most two occurrences each: the
 * most recent one if it fell due within the last LOOKBACK_DAYS (so a missed notice date shows
 * as overdue instead of silently rolling away) and the next one on or after today.
 */
export const LOOKBACK_DAYS = 90;

export interface ComputedDeadline {
  kind: DeadlineKind;
  /** Stable within the document across recomputation; carries the occurrence's date. */
  key: string;
  dueDate: string;
  title: string;
  action: string;
  basis: string;
}

export interface Term {
  start: string;
  end: string;
  months: number;
  origin: 'initial' | 'recorded' | 'automatic';
}

export interface RecordedRenewal {
  termStart: string;
  termMonths: number;
}

type MsaTermAnswers = Pick<MsaAnswers, 'effectiveDate' | 'initialTermMonths' | 'autoRenew' | 'renewalTermMonths' | 'nonRenewalNotice'> & Partial<Pick<MsaAnswers, 'fmvOpinionDate'>>;
type LocTermAnswers = Pick<LocAnswers, 'effectiveDate' | 'maturityDate' | 'demandLoan' | 'drawPeriodMonths' | 'rateType'>;

export type DeadlineSource =
  | { kind: 'msa'; answers: MsaTermAnswers; renewals: RecordedRenewal[] }
  | { kind: 'loc'; answers: LocTermAnswers; renewals: RecordedRenewal[] };

export function computeDeadlines(source: DeadlineSource, today: string): ComputedDeadline[] {
  const found = source.kind === 'msa' ? msaDeadlines(source.answers, source.renewals, today) : locDeadlines(source.answers, today);
  return found.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.key.localeCompare(b.key));
}

/**
 * The agreement's terms up to the one in force today: the initial term, each recorded renewal
 * (starting where it was recorded to start), then — if it renews automatically — renewal terms
 * until one ends on or after today. A non-renewing agreement's last term may end before today.
 */
export function computeTerms(a: MsaTermAnswers, renewals: RecordedRenewal[], today: string): Term[] {
  const terms: Term[] = [{ start: a.effectiveDate, end: termEnd(a.effectiveDate, a.initialTermMonths), months: a.initialTermMonths, origin: 'initial' }];
  for (const r of [...renewals].sort((x, y) => x.termStart.localeCompare(y.termStart))) {
    terms.push({ start: r.termStart, end: termEnd(r.termStart, r.termMonths), months: r.termMonths, origin: 'recorded' });
  }
  if (a.autoRenew) {
    // Anchor automatic terms on the day after the last known term, counting months from that
    // anchor (not term by term) so month-end clamping never drifts.
    const anchor = addDays(terms[terms.length - 1]!.end, 1);
    for (let n = 1; terms[terms.length - 1]!.end < today; n++) {
      terms.push({ start: addDays(terms[terms.length - 1]!.end, 1), end: termEnd(anchor, n * a.renewalTermMonths), months: a.renewalTermMonths, origin: 'automatic' });
    }
  }
  return terms;
}

/** The notice deadline of one term. */
function noticeOf(a: MsaTermAnswers, term: Term, notice: string): ComputedDeadline {
  return {
    kind: 'notice',
    key: `notice:${term.end}`,
    dueDate: notice,
    title: a.autoRenew ? 'Last day to give notice of non-renewal' : 'Last day to notify whether to negotiate a renewal',
    action: a.autoRenew
      ? `Send written notice of non-renewal by this date (${period(a.nonRenewalNotice)} before the term ends on ${term.end}) if the client does not want another ${a.renewalTermMonths}-month term.`
      : `Each party must say in writing by this date (${period(a.nonRenewalNotice)} before ${term.end}) whether it wishes to negotiate a renewal.`,
    basis: a.autoRenew ? BASIS.autoRenewal : BASIS.noRenewal,
  };
}

/** The last day to give notice `period` before `end`: whole days, or calendar months (clamped to month ends). */
export function noticeDeadline(end: string, period: NoticePeriod): string {
  return period.unit === 'days' ? addDays(end, -period.amount) : addMonths(end, -period.amount);
}

function msaDeadlines(a: MsaTermAnswers, renewals: RecordedRenewal[], today: string): ComputedDeadline[] {
  const terms = computeTerms(a, renewals, today);
  const last = terms[terms.length - 1]!;
  const recent = addDays(today, -LOOKBACK_DAYS);
  const out: ComputedDeadline[] = [];
  // A term is shown while it is current or future, or recently ended; the last term always is,
  // so an agreement that expired without renewal stays visible until someone records what happened.
  for (const term of terms.filter((t) => t.end >= recent || t === last)) {
    const renews = a.autoRenew ? `it renews automatically for ${a.renewalTermMonths} months` : 'it expires unless the parties sign a renewal';
    out.push({
      kind: 'term-end',
      key: `term-end:${term.end}`,
      dueDate: term.end,
      title: `${term.origin === 'initial' ? 'Initial term' : 'Renewal term'} ends`,
      action: a.autoRenew
        ? `The term that began ${term.start} ends; ${renews} unless notice of non-renewal was given. Record the renewal when it takes effect.`
        : `The term that began ${term.start} ends and ${renews}. Record a renewal, or mark the agreement expired.`,
      basis: a.autoRenew ? BASIS.autoRenewal : BASIS.noRenewal,
    });
    const notice = noticeDeadline(term.end, a.nonRenewalNotice);
    if (notice >= term.start) out.push(noticeOf(a, term, notice));
  }
  // A missed notice date stays listed (overdue) and, from the day it is missed, the next date the
  // client can still act on — the following term's notice date — is listed with it, not only once
  // the term rolls. The following term comes from computeTerms so its end (and key) match the
  // term it will become.
  const lastNotice = noticeDeadline(last.end, a.nonRenewalNotice);
  if (a.autoRenew && lastNotice < today && last.end >= today) {
    const following = computeTerms(a, renewals, addDays(last.end, 1)).at(-1)!;
    const next = noticeDeadline(following.end, a.nonRenewalNotice);
    if (following.end > last.end && next >= following.start) out.push(noticeOf(a, following, next));
  }
  // Annual FMV review, measured from the most recent FMV opinion, for as long as the agreement runs.
  const fmvAnchor = a.fmvOpinionDate ?? a.effectiveDate;
  // An agreement that renews by itself has no last day; one that does not ends with its last term.
  const reviews = rolling((n) => addMonths(fmvAnchor, 12 * n), today).filter((d) => a.autoRenew || d <= last.end);
  for (const due of reviews) {
    out.push({
      kind: 'fmv-review',
      key: `fmv-review:${due}`,
      dueDate: due,
      title: 'Annual fair market value review',
      action: `Obtain the independent valuator’s written review that the management fee is still consistent with fair market value (at least once every 12 months from the last FMV opinion${a.fmvOpinionDate ? `, dated ${a.fmvOpinionDate}` : ''}).`,
      basis: BASIS.fmvReview,
    });
  }
  return out;
}

function locDeadlines(a: LocTermAnswers, today: string): ComputedDeadline[] {
  const out: ComputedDeadline[] = [];
  // A demand loan may have no maturity date: it is repaid when the lender demands it.
  const maturity = a.maturityDate ?? '9999-12-31';
  if (a.maturityDate) {
    out.push({
      kind: 'loc-maturity',
      key: `loc-maturity:${a.maturityDate}`,
      dueDate: a.maturityDate,
      title: 'Line of credit matures',
      action: `All principal and accrued interest are due on ${a.maturityDate}. Confirm repayment, or document an extension before this date (an extension is a change to the loan’s terms for AFR purposes).`,
      basis: BASIS.maturity,
    });
  }
  const drawEnd = termEnd(a.effectiveDate, a.drawPeriodMonths);
  if (drawEnd < maturity) {
    out.push({
      kind: 'draw-period-end',
      key: `draw-period-end:${drawEnd}`,
      dueDate: drawEnd,
      title: 'Draw period ends',
      action: `Last day the practice may request an advance (${a.drawPeriodMonths}-month draw period from ${a.effectiveDate}). Tell the client; no advances after this date.`,
      basis: BASIS.drawPeriod,
    });
  }
  if (a.demandLoan) {
    // A demand loan is tested against the short-term AFR of each half-year (IRC 7872(f)(2)(B)),
    // which is January's or July's rate: re-check when each new half-year begins.
    const first = nextDemandPeriod(demandPeriodOf(a.effectiveDate)).start;
    for (const due of rolling((n) => addMonths(first, 6 * (n - 1)), today).filter((d) => d <= maturity)) {
      const period = demandPeriodOf(due);
      out.push({
        kind: 'afr-recheck',
        key: `afr-recheck:${period.rateMonth}`,
        dueDate: due,
        title: `AFR re-check for the half-year from ${due}`,
        action: `Compare the loan’s interest rate with the short-term AFR for ${period.rateMonth} (the rate for ${due} to ${period.end}); a demand loan below it is a below-market loan for that half-year. Import the ${period.rateMonth} ruling first if it is not on file.`,
        basis: BASIS.afr,
      });
    }
  } else if (a.rateType === 'variable') {
    // A variable-rate term loan is re-tested as its rate resets: monthly, as the IRS publishes.
    const firstOfMonth = `${a.effectiveDate.slice(0, 7)}-01`;
    for (const due of rolling((n) => addMonths(firstOfMonth, n), today).filter((d) => d <= maturity)) {
      out.push({
        kind: 'afr-recheck',
        key: `afr-recheck:${due.slice(0, 7)}`,
        dueDate: due,
        title: `AFR re-check for ${due.slice(0, 7)}`,
        action: `Confirm the variable rate for ${due.slice(0, 7)} is at or above the applicable AFR for the loan’s term.`,
        basis: BASIS.afr,
      });
    }
  }
  return out;
}

/**
 * Of the series occurrence(1), occurrence(2), …: the most recent one before today if it is
 * within LOOKBACK_DAYS, and the first one on or after today.
 */
function rolling(occurrence: (n: number) => string, today: string): string[] {
  const recent = addDays(today, -LOOKBACK_DAYS);
  let previous: string | null = null;
  for (let n = 1; n < 10_000; n++) {
    const due = occurrence(n);
    if (due >= today) return previous && previous >= recent ? [previous, due] : [due];
    previous = due;
  }
  return [];
}

const period = (p: NoticePeriod) => `${p.amount} ${p.unit === 'days' ? (p.amount === 1 ? 'day' : 'days') : p.amount === 1 ? 'month' : 'months'}`;
