import type { LocAnswers } from '../../../schemas/answers/loc.ts';
import { monthsBetween } from '../../reference/afr.ts';
import { money } from '../../documents/format.ts';
import type { Rule, RuleInput } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';

const loc = (input: RuleInput) => input.answers as unknown as LocAnswers;

export const creditLimitCoversFees: Rule = {
  id: 'loc.credit-limit-covers-fees',
  title: 'The credit limit covers the fees it funds plus interest',
  citations: ['IRC 7872 (arm’s-length terms)', '42 U.S.C. 1320a-7b(b) (a below-market or forgiven loan can be remuneration)'],
  severity: 'error',
  kinds: ['loc'],
  examines: ['tag:credit-limit', 'answers.creditLimit', 'answers.projectedMonthlyMsaFees', 'answers.coverageMonths'],
  check(input) {
    const a = loc(input);
    if (a.purpose === 'working-capital') return [];
    const clauseId = clauseWithTag(input, 'credit-limit')?.id;
    const msaFee = input.related.find((d) => d.kind === 'msa')?.answers.monthlyFee as number | undefined;
    const monthly = a.projectedMonthlyMsaFees ?? msaFee;
    if (monthly === undefined || a.coverageMonths === undefined) {
      return [{ severity: 'warning', clauseId, message: 'The line funds MSA fees but the projected monthly fees or the coverage period are not given, so the limit cannot be checked.', fix: 'Enter the projected monthly MSA fees and the number of months the line must cover.' }];
    }
    const principal = monthly * a.coverageMonths;
    // Interest on the full drawn amount for the coverage period: a conservative ceiling.
    const interest = principal * (a.interestRatePct / 100) * (a.coverageMonths / 12);
    const needed = Math.round((principal + interest) * 100) / 100;
    if (a.creditLimit + 0.005 >= needed) return [];
    return [{ clauseId, message: `The credit limit (${money(a.creditLimit)}) is below ${a.coverageMonths} months of fees at ${money(monthly)} plus interest (${money(needed)}).`, fix: `Raise the limit to at least ${money(needed)} or shorten the coverage period.` }];
  },
};

const REQUIRED_LOC_TERMS: { tag: string; label: string }[] = [
  { tag: 'maturity', label: 'a maturity date' },
  { tag: 'repayment', label: 'repayment terms' },
  { tag: 'promissory-note', label: 'a promissory note or loan account' },
  { tag: 'events-of-default', label: 'events of default' },
  { tag: 'afr-basis', label: 'the interest rate and its AFR basis' },
];

export const locDocumentation: Rule = {
  id: 'loc.documentation',
  title: 'Maturity, repayment and documentation are present',
  citations: ['IRC 7872 (a loan must be documented with arm’s-length terms and actual repayment)'],
  severity: 'error',
  kinds: ['loc'],
  examines: REQUIRED_LOC_TERMS.map((t) => `tag:${t.tag}`),
  check(input) {
    const findings = REQUIRED_LOC_TERMS.filter((t) => !hasTag(input, t.tag)).map((t) => ({ message: `The agreement has no clause on ${t.label}.`, fix: `Include the clause on ${t.label}.` }));
    const a = loc(input);
    if (a.drawPeriodMonths > monthsBetween(a.effectiveDate, a.maturityDate)) {
      findings.push({ message: 'The draw period runs past the maturity date.', fix: 'End the draw period on or before maturity.' });
    }
    return findings;
  },
};

export const locParties: Rule = {
  id: 'loc.parties-match-matter',
  title: 'Lender and borrower are the matter’s MSO and professional entity',
  citations: ['IRC 7872(c)(1)(B)(ii) (loans between an independent contractor and the person it serves)'],
  severity: 'error',
  kinds: ['loc'],
  examines: ['matter.msoName', 'matter.peName', 'answers.lenderSignatory', 'answers.borrowerSignatory'],
  check(input) {
    const a = loc(input);
    const findings = [];
    if (input.matter.msoName.trim().toLowerCase() === input.matter.peName.trim().toLowerCase()) {
      findings.push({ message: 'Lender and borrower are the same entity.', fix: 'The lender is the MSO and the borrower the professional entity; correct the matter’s parties.' });
    }
    if (a.lenderSignatory.name.trim().toLowerCase() === a.borrowerSignatory.name.trim().toLowerCase()) {
      findings.push({ severity: 'warning' as const, message: `${a.lenderSignatory.name} signs for both lender and borrower.`, fix: 'Have each party sign through its own officer, or acknowledge why one person signs both.' });
    }
    return findings;
  },
};
