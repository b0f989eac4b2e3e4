import type { LocAnswers } from '../../../schemas/answers/loc.ts';
import type { AfrBand } from '../../../schemas/afr-table.ts';
import type { AfrMonth } from '../../../schemas/reference.ts';
import { afrBand, afrRate, demandPeriodOf, findAfrMonth, IRS_AFR_INDEX, nextDemandPeriod, type DemandPeriod } from '../../reference/afr.ts';
import { monthName } from '../../documents/format.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag } from '../rule.ts';

const loc = (input: RuleInput) => input.answers as unknown as LocAnswers;

/** A nominal rate compounded n times a year, as an effective annual rate (so rates on different bases compare). */
export function effectiveAnnual(nominalPct: number, periodsPerYear: number): number {
  return (Math.pow(1 + nominalPct / 100 / periodsPerYear, periodsPerYear) - 1) * 100;
}

/** Rates compare in hundredths of a basis point, so 4.05 vs 4.06 is never decided by float noise. */
const below = (stated: number, afr: number) => Math.round(stated * 10_000) < Math.round(afr * 10_000);

const missingMonth = (month: string, what: string, clauseId: string | undefined): FindingDraft => ({
  clauseId,
  message: `The AFR for ${monthName(month)} (${month}) is not on file, so ${what} cannot be tested. A missing month is never a pass.`,
  fix: `An administrator imports the IRS revenue ruling for ${monthName(month)} (the IRS publishes it around the middle of the month before, at ${IRS_AFR_INDEX}): Admin → Reference data → Import a ruling, or \`clausewright afr import <file.pdf>\`. Then re-check.`,
});

const source = (row: AfrMonth) => `${row.revRul}, Table 1${row.verification === 'primary' ? '' : ` [reference: ${row.verification}]`}`;

/** A figure from a manually entered, non-primary row clears the test only provisionally. */
function provisional(row: AfrMonth, band: AfrBand, clauseId: string | undefined, citation: string): FindingDraft[] {
  if (row.verification === 'primary') return [];
  return [{ severity: 'warning', clauseId, citation, unverified: true, message: `The rate clears the ${band} AFR for ${row.month}, but that figure was entered from a ${row.verification}-quality source, not read from the ruling.`, fix: `Import ${row.revRul} from irs.gov to confirm the ${row.month} figures.` }];
}

/**
 * A term loan: the AFR in effect on the day the loan is made, for the band of its term
 * (IRC 7872(f)(2)(A); 26 U.S.C. 1274(d)(1)). The ruling prints that rate for each compounding
 * period, so the stated rate is compared with the figure for its own compounding — the same rate
 * expressed on the same basis, with no conversion of ours in between.
 */
function termLoanFindings(a: LocAnswers & { maturityDate: string }, clauseId: string | undefined, input: RuleInput): FindingDraft[] {
  const month = a.effectiveDate.slice(0, 7);
  const band = afrBand(a.effectiveDate, a.maturityDate, false);
  const row = findAfrMonth(input.reference, month);
  const afr = afrRate(row, band, a.compounding);
  if (!row || afr === null) return [missingMonth(month, `the loan’s ${band} rate`, clauseId)];
  const citation = `IRC 7872(e)(1), (f)(2)(A); ${source(row)}: ${band} AFR for ${month}, ${a.compounding} compounding ${afr}%`;
  if (below(a.interestRatePct, afr)) {
    return [{ clauseId, citation, field: 'interestRatePct', message: `The stated rate (${a.interestRatePct}% compounded ${a.compounding}) is below the ${band} AFR for ${monthName(month)} at ${a.compounding} compounding, ${afr}% (${row.revRul}): a below-market loan.`, fix: `Set the rate at or above ${afr}% compounded ${a.compounding}.` }];
  }
  const findings = provisional(row, band, clauseId, citation);
  if (a.rateType === 'variable') findings.push({ severity: 'info', clauseId, citation, field: 'rateType', message: 'A variable rate is tested here at the rate stated for the month the loan is made; each reset must stay at or above the AFR.', fix: 'Re-check at each reset (a deadline is tracked).' });
  return findings;
}

/**
 * A demand loan: the federal short-term rate for each semiannual period, compounded semiannually
 * (IRC 7872(f)(2)(B)) — January's rate for January–June, July's for July–December (see
 * demandPeriodOf). The period the loan is made in is an error if the rate is below; later
 * periods are a warning the attorney sees, naming any half-year already on file in which a
 * fixed rate falls below, because the loan is re-tested as long as it is outstanding.
 */
function demandLoanFindings(a: LocAnswers, clauseId: string | undefined, input: RuleInput): FindingDraft[] {
  const first = demandPeriodOf(a.effectiveDate);
  const row = findAfrMonth(input.reference, first.rateMonth);
  const afr = afrRate(row, 'short-term', a.compounding);
  if (!row || afr === null) return [missingMonth(first.rateMonth, `the demand loan’s rate for ${first.start} to ${first.end}`, clauseId)];
  const citation = `IRC 7872(f)(2)(B); ${source(row)}: short-term AFR for ${first.rateMonth}, ${a.compounding} compounding ${afr}%`;
  if (below(a.interestRatePct, afr)) {
    return [{ clauseId, citation, field: 'interestRatePct', message: `The stated rate (${a.interestRatePct}% compounded ${a.compounding}) is below the federal short-term rate for the half-year ${first.start} to ${first.end}: ${afr}% at ${a.compounding} compounding, the ${monthName(first.rateMonth)} rate (${row.revRul}). A demand loan below it is a below-market loan.`, fix: `Set the rate at or above ${afr}% compounded ${a.compounding}.` }];
  }
  return [...provisional(row, 'short-term', clauseId, citation), retestWarning(a, first, clauseId, input)];
}

function retestWarning(a: LocAnswers, first: DemandPeriod, clauseId: string | undefined, input: RuleInput): FindingDraft {
  const shortfalls: string[] = [];
  let notYet: DemandPeriod | undefined;
  for (let p = nextDemandPeriod(first); !a.maturityDate || p.start <= a.maturityDate; p = nextDemandPeriod(p)) {
    const rate = afrRate(findAfrMonth(input.reference, p.rateMonth), 'short-term', a.compounding);
    if (rate === null) {
      notYet = p;
      break;
    }
    if (a.rateType === 'fixed' && below(a.interestRatePct, rate)) shortfalls.push(`${p.start} to ${p.end} (${rate}%)`);
  }
  const next = notYet ? ` The next half-year to test begins ${notYet.start} (the ${monthName(notYet.rateMonth)} rate, not yet on file).` : '';
  const missed = shortfalls.length ? ` On the rates already on file, the fixed rate of ${a.interestRatePct}% is below the short-term AFR for ${shortfalls.length === 1 ? 'the half-year' : 'the half-years'} ${shortfalls.join('; ')}.` : '';
  return {
    severity: 'warning',
    clauseId,
    // The rate is what each half-year re-tests.
    field: 'interestRatePct',
    citation: 'IRC 7872(f)(2)(B) (the federal short-term rate for each semiannual period, compounded semiannually)',
    message: `A demand loan is tested again for every half-year it is outstanding, against that half-year’s short-term AFR (January’s or July’s).${missed}${next}`,
    fix: shortfalls.length
      ? 'Raise the rate, or rely on the demand-loan clause that lifts it to the federal short-term rate for each half-year, and confirm it is applied.'
      : 'Keep the demand-loan clause that lifts the rate to the federal short-term rate for each half-year; the re-check deadlines follow the half-years.',
  };
}

export const rateAtLeastAfr: Rule = {
  id: 'loc.rate-at-least-afr',
  title: 'Interest at or above the applicable federal rate',
  citations: [
    'IRC 7872(e)(1) (a below-market term loan)',
    'IRC 7872(f)(2)(A)–(B) (term loan: the AFR when made; demand loan: the federal short-term rate for each semiannual period, compounded semiannually)',
    '26 U.S.C. 1274(d)(1) (term bands)',
    'the IRS revenue ruling for the month, Table 1',
  ],
  severity: 'error',
  kinds: ['loc'],
  examines: ['tag:afr-basis', 'answers.interestRatePct', 'answers.compounding', 'answers.effectiveDate', 'answers.maturityDate', 'answers.demandLoan'],
  check(input) {
    const a = loc(input);
    const clauseId = clauseWithTag(input, 'afr-basis')?.id;
    if (a.demandLoan || a.maturityDate === undefined) return demandLoanFindings(a, clauseId, input);
    return termLoanFindings({ ...a, maturityDate: a.maturityDate }, clauseId, input);
  },
};
