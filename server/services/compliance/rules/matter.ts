import type { LocAnswers } from '../../../schemas/answers/loc.ts';
import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import { addMonths } from '../../deadlines/dates.ts';
import type { Rule, RuleInput } from '../rule.ts';

const pair = (input: RuleInput): { msa?: MsaAnswers; loc?: LocAnswers } => {
  const own = { [input.kind]: input.answers };
  const related = Object.fromEntries(input.related.map((d) => [d.kind, d.answers]));
  return { msa: (own.msa ?? related.msa) as MsaAnswers | undefined, loc: (own.loc ?? related.loc) as LocAnswers | undefined };
};

export const sameSignatories: Rule = {
  id: 'matter.same-signatories',
  title: 'The matter’s documents name the same signatories',
  citations: ['Best practice: the same authorized officers sign every document of the structure (no statute requires it)'],
  severity: 'warning',
  kinds: ['msa', 'loc'],
  examines: ['answers.msoSignatory', 'answers.practiceSignatory', 'answers.lenderSignatory', 'answers.borrowerSignatory'],
  check(input) {
    const { msa, loc } = pair(input);
    if (!msa || !loc) return [];
    const findings = [];
    // The finding names the answer on the document being checked: the MSA's or the line's own signatory.
    const own = (msaPath: string, locPath: string) => (input.kind === 'msa' ? msaPath : locPath);
    if (msa.msoSignatory.name !== loc.lenderSignatory.name) findings.push({ field: own('msoSignatory.name', 'lenderSignatory.name'), message: `The MSA is signed for the MSO by ${msa.msoSignatory.name}, the line of credit by ${loc.lenderSignatory.name}.`, fix: 'Use the same authorized signatory, or acknowledge why they differ.' });
    if (msa.practiceSignatory.name !== loc.borrowerSignatory.name) findings.push({ field: own('practiceSignatory.name', 'borrowerSignatory.name'), message: `The MSA is signed for the practice by ${msa.practiceSignatory.name}, the line of credit by ${loc.borrowerSignatory.name}.`, fix: 'Use the same authorized signatory, or acknowledge why they differ.' });
    return findings;
  },
};

export const locLimitVsMsaFee: Rule = {
  id: 'matter.loc-limit-vs-msa-fee',
  title: 'The line of credit and the MSA fee agree',
  citations: ['Best practice: the documents of one structure state the same fee (no statute requires it)'],
  severity: 'warning',
  kinds: ['msa', 'loc'],
  examines: ['answers.monthlyFee', 'answers.projectedMonthlyMsaFees'],
  check(input) {
    const { msa, loc } = pair(input);
    if (!msa || !loc || loc.purpose === 'working-capital' || msa.feeModel !== 'flat-monthly' || msa.monthlyFee === undefined) return [];
    if (loc.projectedMonthlyMsaFees === undefined || Math.abs(loc.projectedMonthlyMsaFees - msa.monthlyFee) < 0.01) return [];
    return [{ field: input.kind === 'msa' ? 'monthlyFee' : 'projectedMonthlyMsaFees', message: `The line of credit projects MSA fees of ${loc.projectedMonthlyMsaFees} a month; the MSA fee is ${msa.monthlyFee}.`, fix: 'Align the projected fees in the line of credit with the MSA.' }];
  },
};

export const termVsMaturity: Rule = {
  id: 'matter.msa-term-vs-loc-maturity',
  title: 'The loan does not outlive the management relationship',
  citations: ['Best practice: a loan that outlives the management relationship has no fee stream to repay it from (no statute requires it)'],
  severity: 'warning',
  kinds: ['msa', 'loc'],
  examines: ['answers.initialTermMonths', 'answers.maturityDate'],
  check(input) {
    const { msa, loc } = pair(input);
    if (!msa || !loc || msa.autoRenew) return [];
    const msaEnd = addMonths(msa.effectiveDate, msa.initialTermMonths);
    // A demand loan has no maturity to outlive the MSA: the lender can call it when the MSA ends.
    if (!loc.maturityDate || loc.maturityDate <= msaEnd) return [];
    return [{ field: input.kind === 'msa' ? 'initialTermMonths' : 'maturityDate', message: `The line of credit matures ${loc.maturityDate}, after the MSA ends on ${msaEnd} without renewal.`, fix: 'Mature the line no later than the end of the MSA term, or accelerate repayment when the MSA ends.' }];
  },
};
