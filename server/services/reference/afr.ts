import { AFR_BANDS, tableRate, type AfrBand, type AfrCompounding } from '../../schemas/afr-table.ts';
import type { AfrMonth, ReferenceData } from '../../schemas/reference.ts';

export { AFR_BANDS, type AfrBand };

/** The first month on file by design: the shipped table starts with Rev. Rul. 2015-1. */
export const AFR_FIRST_MONTH = '2015-01';
/** Where the IRS publishes each month's ruling (the list of AFR revenue rulings). */
export const IRS_AFR_INDEX = 'https://www.irs.gov/applicable-federal-rates';

/** Whole months from one ISO date to another (a partial month counts as started). */
export function monthsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td > fd ? 1 : 0);
}

/**
 * The AFR term band of a loan (26 U.S.C. 1274(d)(1)): not over 3 years is short-term, over 3
 * and not over 9 years mid-term, over 9 years long-term. A demand loan (no maturity) is tested
 * against the federal short-term rate (IRC 7872(f)(2)(B)).
 */
export function afrBand(effectiveDate: string, maturityDate: string | undefined, demandLoan: boolean): AfrBand {
  if (demandLoan || !maturityDate) return 'short-term';
  const months = monthsBetween(effectiveDate, maturityDate);
  if (months <= 36) return 'short-term';
  if (months <= 108) return 'mid-term';
  return 'long-term';
}

export function findAfrMonth(reference: ReferenceData, yyyyMm: string): AfrMonth | undefined {
  return reference.afr.months.find((m) => m.month === yyyyMm);
}

/** The AFR of a band at a compounding period in a month, or null when the month is not on file. */
export function afrRate(month: AfrMonth | undefined, band: AfrBand, compounding: AfrCompounding = 'annual'): number | null {
  return month ? (tableRate(month.table, band, compounding) ?? null) : null;
}

/**
 * The semiannual periods of a demand loan (IRC 7872(f)(2)(B): the federal short-term rate for
 * the period, compounded semiannually). Each calendar half-year is tested against the short-term
 * AFR of its first month, January or July: that is the method behind the "blended annual rate"
 * each July ruling publishes (IRC 7872(e)(2)) — (1 + January's semiannual rate / 2) × (1 +
 * July's / 2) − 1 reproduces every published blended rate from 2015 to 2026 to the hundredth
 * (test/reference/afr-rulings.test.ts checks it against the rulings).
 */
export interface DemandPeriod {
  /** First day of the half-year, YYYY-01-01 or YYYY-07-01. */
  start: string;
  /** Last day of the half-year. */
  end: string;
  /** The month whose short-term AFR governs the period. */
  rateMonth: string;
}

export function demandPeriodOf(dateIso: string): DemandPeriod {
  const year = dateIso.slice(0, 4);
  const firstHalf = Number(dateIso.slice(5, 7)) <= 6;
  return firstHalf ? { start: `${year}-01-01`, end: `${year}-06-30`, rateMonth: `${year}-01` } : { start: `${year}-07-01`, end: `${year}-12-31`, rateMonth: `${year}-07` };
}

export function nextDemandPeriod(period: DemandPeriod): DemandPeriod {
  const year = Number(period.start.slice(0, 4));
  return period.start.endsWith('-01-01') ? demandPeriodOf(`${year}-07-01`) : demandPeriodOf(`${year + 1}-01-01`);
}

/** Months from AFR_FIRST_MONTH through `through` (YYYY-MM) that are not on file. */
export function missingAfrMonths(reference: ReferenceData, through: string): string[] {
  const onFile = new Set(reference.afr.months.map((m) => m.month));
  const missing: string[] = [];
  for (let [y, m] = AFR_FIRST_MONTH.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= through; m === 12 ? ((m = 1), y++) : m++) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (!onFile.has(key)) missing.push(key);
  }
  return missing;
}
