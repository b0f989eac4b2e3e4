import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateIn, termEnd } from '../../server/services/deadlines/dates.ts';
import { computeDeadlines, computeTerms, noticeDeadline, type DeadlineSource } from '../../server/services/deadlines/compute-deadlines.ts';

/** Table-driven date arithmetic: month ends, leap years, rolled-over terms, notice in days and months. */

describe('addMonths clamps to the end of a shorter month', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-15', -13, '2024-12-15'],
  ])('%s %+d months = %s', (from, months, expected) => expect(addMonths(from, months)).toBe(expected));
});

describe('addDays crosses month, year and leap-day boundaries', () => {
  it.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-03-01', -1, '2028-02-29'],
  ])('%s %+d days = %s', (from, days, expected) => expect(addDays(from, days)).toBe(expected));
});

describe('termEnd: the day before the corresponding day, or the month end when there is none', () => {
  it.each([
    ['2027-01-01', 12, '2027-12-31'],
    ['2027-01-01', 60, '2031-12-31'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-28'],
    ['2026-03-15', 12, '2027-03-14'],
    ['2025-03-01', 12, '2026-02-28'],
    ['2027-03-01', 12, '2028-02-29'],
    ['2026-08-31', 1, '2026-09-30'],
  ])('%s for %d months ends %s', (start, months, expected) => expect(termEnd(start, months)).toBe(expected));
});

describe('notice periods in days versus months', () => {
  it.each([
    ['2031-12-31', { amount: 180, unit: 'days' }, '2031-07-04'],
    ['2031-12-31', { amount: 6, unit: 'months' }, '2031-06-30'],
    ['2031-12-31', { amount: 3, unit: 'months' }, '2031-09-30'],
    ['2026-05-31', { amount: 3, unit: 'months' }, '2026-02-28'],
    ['2028-05-31', { amount: 3, unit: 'months' }, '2028-02-29'],
    ['2028-02-29', { amount: 90, unit: 'days' }, '2027-12-01'],
    ['2028-02-29', { amount: 1, unit: 'months' }, '2028-01-29'],
    ['2027-02-28', { amount: 1, unit: 'months' }, '2027-01-28'],
    ['2026-12-31', { amount: 90, unit: 'days' }, '2026-10-02'],
  ] as const)('end %s, notice %o → %s', (end, period, expected) => expect(noticeDeadline(end, period)).toBe(expected));
});

const msa = (over: Partial<Extract<DeadlineSource, { kind: 'msa' }>['answers']> = {}) => ({
  effectiveDate: '2027-01-01',
  initialTermMonths: 60,
  autoRenew: true,
  renewalTermMonths: 12,
  nonRenewalNotice: { amount: 180, unit: 'days' as const },
  fmvOpinionDate: '2026-10-15',
  ...over,
});

describe('terms already rolled over by today', () => {
  const spans = (answers: ReturnType<typeof msa>, today: string, renewals: { termStart: string; termMonths: number }[] = []) =>
    computeTerms(answers, renewals, today).map((t) => `${t.start}..${t.end} ${t.origin}`);
  it.each<[string, ReturnType<typeof msa>, string, { termStart: string; termMonths: number }[], string[]]>([
    ['today inside the initial term', msa(), '2026-11-23', [], ['2027-01-01..2031-12-31 initial']],
    [
      'two automatic renewals by today',
      msa({ effectiveDate: '2020-01-01', initialTermMonths: 36 }),
      '2024-06-15',
      [],
      ['2020-01-01..2022-12-31 initial', '2023-01-01..2023-12-31 automatic', '2024-01-01..2024-12-31 automatic'],
    ],
    ['today is the last day of the term: not yet renewed', msa({ effectiveDate: '2020-01-01', initialTermMonths: 36 }), '2022-12-31', [], ['2020-01-01..2022-12-31 initial']],
    ['today is the first day after the term: renewed', msa({ effectiveDate: '2020-01-01', initialTermMonths: 36 }), '2023-01-01', [], ['2020-01-01..2022-12-31 initial', '2023-01-01..2023-12-31 automatic']],
    ['no automatic renewal: the term simply ended', msa({ effectiveDate: '2020-01-01', initialTermMonths: 12, autoRenew: false }), '2022-01-01', [], ['2020-01-01..2020-12-31 initial']],
    [
      'a recorded two-year renewal, then automatic terms',
      msa({ effectiveDate: '2020-01-01', initialTermMonths: 12 }),
      '2023-05-01',
      [{ termStart: '2021-01-01', termMonths: 24 }],
      ['2020-01-01..2020-12-31 initial', '2021-01-01..2022-12-31 recorded', '2023-01-01..2023-12-31 automatic'],
    ],
    [
      'leap-day effective date renews each year through the end of February',
      msa({ effectiveDate: '2024-02-29', initialTermMonths: 12 }),
      '2026-03-15',
      [],
      ['2024-02-29..2025-02-28 initial', '2025-03-01..2026-02-28 automatic', '2026-03-01..2027-02-28 automatic'],
    ],
    [
      'a month-end effective date does not drift over many monthly renewals',
      msa({ effectiveDate: '2026-01-31', initialTermMonths: 1, renewalTermMonths: 1 }),
      '2026-05-15',
      [],
      ['2026-01-31..2026-02-28 initial', '2026-03-01..2026-03-31 automatic', '2026-04-01..2026-04-30 automatic', '2026-05-01..2026-05-31 automatic'],
    ],
  ])('%s', (_name, answers, today, renewals, expected) => expect(spans(answers, today, renewals)).toEqual(expected));
});

describe('deadlines of an agreement', () => {
  const due = (source: DeadlineSource, today: string) => computeDeadlines(source, today).map((d) => `${d.kind} ${d.dueDate}`);
  it.each<[string, DeadlineSource, string, string[]]>([
    ['the sample MSA: term end, notice 180 days before, first FMV review', { kind: 'msa', answers: msa(), renewals: [] }, '2026-11-23', ['notice 2031-07-04', 'fmv-review 2027-10-15', 'term-end 2031-12-31'].sort(byDate)],
    [
      'rolled over by today: the current term, its missed notice date with the next one the client can act on, the next FMV review',
      { kind: 'msa', answers: msa({ effectiveDate: '2020-01-01', initialTermMonths: 12, nonRenewalNotice: { amount: 90, unit: 'days' }, fmvOpinionDate: undefined }), renewals: [] },
      '2026-11-23',
      ['notice 2026-10-02', 'term-end 2026-12-31', 'fmv-review 2027-01-01', 'notice 2027-10-02'],
    ],
    [
      'the day a notice date is missed, the following term’s notice date is listed too (issue 21); the day before, it is not',
      { kind: 'msa', answers: msa({ effectiveDate: '2026-01-31', initialTermMonths: 12, renewalTermMonths: 12, nonRenewalNotice: { amount: 1, unit: 'months' }, fmvOpinionDate: '2026-01-15' }), renewals: [] },
      '2026-12-31',
      ['notice 2026-12-30', 'term-end 2027-01-30', 'fmv-review 2027-01-15', 'notice 2027-12-30'].sort(byDate),
    ],
    [
      'the day before the notice date, only the current term',
      { kind: 'msa', answers: msa({ effectiveDate: '2026-01-31', initialTermMonths: 12, renewalTermMonths: 12, nonRenewalNotice: { amount: 1, unit: 'months' }, fmvOpinionDate: '2026-01-15' }), renewals: [] },
      '2026-12-30',
      ['notice 2026-12-30', 'term-end 2027-01-30', 'fmv-review 2027-01-15'].sort(byDate),
    ],
    [
      'notice in months clamps to the end of February',
      { kind: 'msa', answers: msa({ effectiveDate: '2025-03-31', initialTermMonths: 12, nonRenewalNotice: { amount: 1, unit: 'months' }, fmvOpinionDate: '2025-03-01' }), renewals: [] },
      '2025-12-01',
      ['notice 2026-02-28', 'fmv-review 2026-03-01', 'term-end 2026-03-30'],
    ],
    [
      'an agreement that expired without renewal keeps its last term visible',
      { kind: 'msa', answers: msa({ effectiveDate: '2020-01-01', initialTermMonths: 12, autoRenew: false, nonRenewalNotice: { amount: 60, unit: 'days' }, fmvOpinionDate: undefined }), renewals: [] },
      '2026-11-23',
      ['notice 2020-11-01', 'term-end 2020-12-31'],
    ],
    [
      'a recently ended term stays (overdue window) next to the current one',
      { kind: 'msa', answers: msa({ effectiveDate: '2025-12-01', initialTermMonths: 12, nonRenewalNotice: { amount: 30, unit: 'days' }, fmvOpinionDate: '2025-11-01' }), renewals: [] },
      '2027-01-15',
      ['fmv-review 2026-11-01', 'notice 2026-10-31', 'term-end 2026-11-30', 'fmv-review 2027-11-01', 'notice 2027-10-31', 'term-end 2027-11-30'].sort(byDate),
    ],
    [
      'LOC: maturity and end of the draw period',
      { kind: 'loc', answers: { effectiveDate: '2026-06-15', maturityDate: '2029-06-14', demandLoan: false, drawPeriodMonths: 24, rateType: 'fixed' }, renewals: [] },
      '2026-11-23',
      ['draw-period-end 2028-06-14', 'loc-maturity 2029-06-14'],
    ],
    [
      'LOC: a draw period as long as the loan adds no separate deadline',
      { kind: 'loc', answers: { effectiveDate: '2026-06-15', maturityDate: '2027-06-14', demandLoan: false, drawPeriodMonths: 12, rateType: 'fixed' }, renewals: [] },
      '2026-11-23',
      ['loc-maturity 2027-06-14'],
    ],
    [
      'demand loan: AFR re-checks on the half-years (IRC 7872(f)(2)(B)), not monthly',
      { kind: 'loc', answers: { effectiveDate: '2026-06-15', maturityDate: '2029-06-14', demandLoan: true, drawPeriodMonths: 24, rateType: 'fixed' }, renewals: [] },
      '2026-11-23',
      ['afr-recheck 2027-01-01', 'draw-period-end 2028-06-14', 'loc-maturity 2029-06-14'],
    ],
    [
      'demand loan without a maturity date: the half-year just begun and the next; no maturity deadline',
      { kind: 'loc', answers: { effectiveDate: '2026-03-10', demandLoan: true, drawPeriodMonths: 24, rateType: 'fixed' }, renewals: [] },
      '2026-07-20',
      ['afr-recheck 2026-07-01', 'afr-recheck 2027-01-01', 'draw-period-end 2028-03-09'],
    ],
    [
      'variable-rate loan re-checks stop at maturity',
      { kind: 'loc', answers: { effectiveDate: '2026-01-10', maturityDate: '2026-12-09', demandLoan: false, drawPeriodMonths: 6, rateType: 'variable' }, renewals: [] },
      '2026-12-05',
      ['afr-recheck 2026-12-01', 'loc-maturity 2026-12-09', 'draw-period-end 2026-07-09'].sort(byDate),
    ],
  ])('%s', (_name, source, today, expected) => expect(due(source, today)).toEqual(expected));

  it('keys are stable across recomputation on different days within a term', () => {
    const source: DeadlineSource = { kind: 'msa', answers: msa(), renewals: [] };
    const keys = (today: string) => computeDeadlines(source, today).filter((d) => d.kind !== 'fmv-review').map((d) => d.key);
    expect(keys('2027-03-01')).toEqual(keys('2029-08-30'));
  });

  it('every deadline says what to do and on what basis', () => {
    for (const d of computeDeadlines({ kind: 'msa', answers: msa(), renewals: [] }, '2026-11-23')) {
      expect(d.action.length).toBeGreaterThan(20);
      expect(d.basis).toMatch(/clause|CFR|IRC/);
    }
  });
});

describe('the firm’s calendar date', () => {
  it.each([
    ['2026-11-23T03:30:00Z', 'America/New_York', '2026-11-22'],
    ['2026-11-23T03:30:00Z', 'UTC', '2026-11-23'],
    ['2026-12-31T23:30:00Z', 'Asia/Tokyo', '2027-01-01'],
  ])('%s in %s is %s', (instant, zone, expected) => expect(dateIn(new Date(instant), zone)).toBe(expected));
});

function byDate(a: string, b: string): number {
  return a.split(' ')[1]!.localeCompare(b.split(' ')[1]!) || a.localeCompare(b);
}
