import { z } from 'zod';

/**
 * Table 1 of the IRS's monthly AFR revenue ruling (26 U.S.C. 1274(d)): for each term band, the
 * AFR and its multiples, each at four compounding periods. Figures are percentages (4.10 = 4.10%),
 * stored in the column order of the ruling: annual, semiannual, quarterly, monthly.
 */
export const AFR_COMPOUNDING = ['annual', 'semiannual', 'quarterly', 'monthly'] as const;
export type AfrCompounding = (typeof AFR_COMPOUNDING)[number];
export const PERIODS_PER_YEAR: Record<AfrCompounding, number> = { annual: 1, semiannual: 2, quarterly: 4, monthly: 12 };

export const AFR_BANDS = ['short-term', 'mid-term', 'long-term'] as const;
export type AfrBand = (typeof AFR_BANDS)[number];

/** The rows of each band: the ruling prints 150% and 175% for the mid-term band only. */
export const AFR_ROWS = { 'short-term': ['afr', 'pct110', 'pct120', 'pct130'], 'mid-term': ['afr', 'pct110', 'pct120', 'pct130', 'pct150', 'pct175'], 'long-term': ['afr', 'pct110', 'pct120', 'pct130'] } as const;
export type AfrRow = 'afr' | 'pct110' | 'pct120' | 'pct130' | 'pct150' | 'pct175';
export const ROW_MULTIPLE: Record<AfrRow, number> = { afr: 1, pct110: 1.1, pct120: 1.2, pct130: 1.3, pct150: 1.5, pct175: 1.75 };
export const ROW_LABEL: Record<AfrRow, string> = { afr: 'AFR', pct110: '110% AFR', pct120: '120% AFR', pct130: '130% AFR', pct150: '150% AFR', pct175: '175% AFR' };

const rate = z.number().min(0, { message: 'rate must be between 0 and 25' }).max(25, { message: 'rate must be between 0 and 25' });
/** [annual, semiannual, quarterly, monthly] */
const byCompounding = z.tuple([rate, rate, rate, rate]);
const band = z.object({ afr: byCompounding, pct110: byCompounding, pct120: byCompounding, pct130: byCompounding }).strict();
export const afrTableSchema = z
  .object({ 'short-term': band, 'mid-term': band.extend({ pct150: byCompounding, pct175: byCompounding }).strict(), 'long-term': band })
  .strict();
export type AfrTable = z.infer<typeof afrTableSchema>;

export function tableRate(table: AfrTable, band: AfrBand, compounding: AfrCompounding, row: AfrRow = 'afr'): number | undefined {
  const figures = (table[band] as Partial<Record<AfrRow, number[]>>)[row];
  return figures?.[AFR_COMPOUNDING.indexOf(compounding)];
}

/** A nominal rate compounded n times a year, as the equivalent rate compounded m times a year. */
export function convertRate(pct: number, fromPeriods: number, toPeriods: number): number {
  const effective = Math.pow(1 + pct / 100 / fromPeriods, fromPeriods);
  return (Math.pow(effective, 1 / toPeriods) - 1) * toPeriods * 100;
}

/**
 * How far a printed figure may stray from what the table's own figures imply. The IRS computes
 * each row and column from unrounded rates and prints them to 0.01%, so the figure we start from
 * is off by up to 0.005 and a multiple of it by up to 0.005 × the multiple, plus the figure's own
 * rounding of 0.005. Anything further is a misread figure, not rounding.
 */
const tolerance = (multiple: number) => 0.005 * multiple + 0.005 + 1e-9;

/**
 * Internal consistency of a Table 1, checked before anything is stored: in every row annual ≥
 * semiannual ≥ quarterly ≥ monthly, each column is the annual figure converted to its
 * compounding period, and each multiple row is that multiple of the AFR compounded semiannually
 * (the multiples are defined on the semiannual rate, 26 U.S.C. 1274(b)(2), and the annual column
 * is converted from it), all within the IRS's rounding. Returns one plain sentence per problem
 * (empty when consistent).
 */
export function tableInconsistencies(table: AfrTable): string[] {
  const problems: string[] = [];
  for (const band of AFR_BANDS) {
    const base = table[band].afr[1];
    for (const row of AFR_ROWS[band]) {
      const figures = (table[band] as Record<string, number[]>)[row]!;
      const where = `${band} ${ROW_LABEL[row]}`;
      for (let i = 1; i < figures.length; i++) {
        if (figures[i]! > figures[i - 1]! + 1e-9) problems.push(`${where}: the ${AFR_COMPOUNDING[i]} rate ${figures[i]}% exceeds the ${AFR_COMPOUNDING[i - 1]} rate ${figures[i - 1]}%.`);
      }
      const expected = base * ROW_MULTIPLE[row];
      if (Math.abs(figures[1]! - expected) > tolerance(ROW_MULTIPLE[row])) {
        problems.push(`${where}: the semiannual rate ${figures[1]}% is not ${Math.round(ROW_MULTIPLE[row] * 100)}% of the semiannual AFR ${base}% (expected about ${expected.toFixed(2)}%).`);
      }
      for (let i = 1; i < figures.length; i++) {
        const expected = convertRate(figures[0]!, 1, PERIODS_PER_YEAR[AFR_COMPOUNDING[i]!]);
        if (Math.abs(figures[i]! - expected) > tolerance(1)) {
          problems.push(`${where}: the ${AFR_COMPOUNDING[i]} rate ${figures[i]}% does not match the annual rate ${figures[0]}% (expected about ${expected.toFixed(2)}%).`);
        }
      }
    }
  }
  return problems;
}
