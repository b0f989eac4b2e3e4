import type { AfrMonth } from '../../../schemas/reference.ts';
import type { AfrRuling } from './parse-afr-ruling.ts';

/** The reference row for a parsed ruling: every figure as printed, with its provenance. */
export function afrMonthFromRuling(ruling: AfrRuling): AfrMonth {
  return {
    month: ruling.month,
    revRul: ruling.revRul,
    table: ruling.table,
    ...(ruling.blendedAnnualRate === undefined ? {} : { blendedAnnualRate: ruling.blendedAnnualRate }),
    sources: [ruling.sourceUrl],
    sha256: ruling.sha256,
    verification: 'primary',
  };
}

/** True when two rows carry the same figures (provenance aside): re-importing the same ruling is a no-op. */
export function sameFigures(a: AfrMonth, b: AfrMonth): boolean {
  return a.revRul === b.revRul && JSON.stringify(a.table) === JSON.stringify(b.table) && a.blendedAnnualRate === b.blendedAnnualRate;
}
