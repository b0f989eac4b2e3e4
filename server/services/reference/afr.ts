import type { AfrMonth, ReferenceData } from '../../schemas/reference.ts';

export type AfrBand = 'short-term' | 'mid-term' | 'long-term';

/** Whole months from one ISO date to another (a partial month counts as started). */
export function monthsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = fromIso.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = toIso.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td > fd ? 1 : 0);
}

/**
 * The AFR term band of a loan (26 U.S.C. 1274(d)(1)): not over 3 years is short-term, over 3
 * and not over 9 years mid-term, over 9 years long-term. A demand loan is tested against the
 * federal short-term rate (IRC 7872(f)(2)(B)).
 */
export function afrBand(effectiveDate: string, maturityDate: string, demandLoan: boolean): AfrBand {
  if (demandLoan) return 'short-term';
  const months = monthsBetween(effectiveDate, maturityDate);
  if (months <= 36) return 'short-term';
  if (months <= 108) return 'mid-term';
  return 'long-term';
}

export function findAfrMonth(reference: ReferenceData, yyyyMm: string): AfrMonth | undefined {
  return reference.afr.months.find((m) => m.month === yyyyMm);
}

/** The annual rate for a band in a month, or null when the month or its rate is not on file. */
export function afrRate(month: AfrMonth | undefined, band: AfrBand): number | null {
  if (!month) return null;
  return band === 'short-term' ? month.shortTermAnnual : band === 'mid-term' ? month.midTermAnnual : month.longTermAnnual;
}
