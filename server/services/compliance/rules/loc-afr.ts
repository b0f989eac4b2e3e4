import type { LocAnswers } from '../../../schemas/answers/loc.ts';
import { afrBand, afrRate, findAfrMonth } from '../../reference/afr.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';

const loc = (input: RuleInput) => input.answers as unknown as LocAnswers;
const PERIODS: Record<LocAnswers['compounding'], number> = { annual: 1, semiannual: 2, quarterly: 4, monthly: 12 };

/** A nominal rate compounded n times a year, as an effective annual rate (so rates on different bases compare). */
export function effectiveAnnual(nominalPct: number, periodsPerYear: number): number {
  return (Math.pow(1 + nominalPct / 100 / periodsPerYear, periodsPerYear) - 1) * 100;
}

export const rateAtLeastAfr: Rule = {
  id: 'loc.rate-at-least-afr',
  title: 'Interest at or above the applicable federal rate',
  citations: ['IRC 7872(e)(1), (f)(2)', '26 U.S.C. 1274(d)(1) (term bands)'],
  severity: 'error',
  kinds: ['loc'],
  examines: ['tag:afr-basis', 'answers.interestRatePct', 'answers.effectiveDate', 'answers.maturityDate'],
  check(input) {
    const a = loc(input);
    const month = a.effectiveDate.slice(0, 7);
    const band = afrBand(a.effectiveDate, a.maturityDate, a.demandLoan);
    const clauseId = clauseWithTag(input, 'afr-basis')?.id;
    const row = findAfrMonth(input.reference, month);
    const afr = afrRate(row, band);
    if (afr === null) {
      return [{ clauseId, message: `AFR for ${month} is not on file (${band} rate), so the loan’s rate cannot be tested. A missing month is never a pass.`, fix: `An administrator adds the ${month} AFR from the IRS revenue ruling (Table 1); then re-check.` }];
    }
    const stated = effectiveAnnual(a.interestRatePct, PERIODS[a.compounding]);
    const unverified = row!.verification === 'unverified' || row!.verification === 'low';
    const citation = `IRC 7872; ${row!.revRul} (${band}, ${month}) [reference: ${row!.verification}]`;
    if (stated + 1e-9 < afr) {
      return [{ clauseId, citation, unverified, message: `The stated rate (${a.interestRatePct}% compounded ${a.compounding}, ${stated.toFixed(3)}% effective) is below the ${band} AFR of ${afr}% for ${month}: a below-market loan.`, fix: `Set the rate at or above ${afr}% (annual equivalent).` }];
    }
    const findings = [];
    if (unverified) findings.push({ severity: 'warning' as const, clauseId, citation, unverified, message: `The rate clears the ${band} AFR of ${afr}% for ${month}, but that AFR comes from a ${row!.verification}-quality source.`, fix: `Confirm the ${month} rate against ${row!.revRul} on irs.gov.` });
    if (a.demandLoan || a.rateType === 'variable') findings.push({ severity: 'info' as const, clauseId, citation, message: `A ${a.demandLoan ? 'demand' : 'variable-rate'} loan is tested against the AFR for each period, not only at origination.`, fix: 'Re-check the rate each semiannual period (a deadline is tracked).' });
    return findings;
  },
};

