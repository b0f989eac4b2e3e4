import type { LocAnswers } from '../../../schemas/answers/loc.ts';
import { monthsBetween } from '../../reference/afr.ts';
import { money } from '../../documents/format.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';

const loc = (input: RuleInput) => input.answers as unknown as LocAnswers;

export const creditLimitCoversFees: Rule = {
  id: 'loc.credit-limit-covers-fees',
  title: 'The credit limit covers the fees it funds plus interest (best practice)',
  // IRC 7872, once cited here, says nothing about credit limits. The risk is the AKS one: fees the
  // line cannot fund go unpaid or are carried informally, and forgiven fees can be remuneration.
  citations: ['Best practice: a limit below the fees it funds leaves fees unpaid or carried informally', '42 U.S.C. 1320a-7b(b) (forgiven or below-market credit can be remuneration)'],
  severity: 'warning',
  kinds: ['loc'],
  examines: ['tag:credit-limit', 'answers.creditLimit', 'answers.projectedMonthlyMsaFees', 'answers.coverageMonths'],
  check(input) {
    const a = loc(input);
    if (a.purpose === 'working-capital') return [];
    const clauseId = clauseWithTag(input, 'credit-limit')?.id;
    const msaFee = input.related.find((d) => d.kind === 'msa')?.answers.monthlyFee as number | undefined;
    const monthly = a.projectedMonthlyMsaFees ?? msaFee;
    if (monthly === undefined || a.coverageMonths === undefined) {
      return [{ severity: 'warning', clauseId, field: monthly === undefined ? 'projectedMonthlyMsaFees' : 'coverageMonths', message: 'The line funds MSA fees but the projected monthly fees or the coverage period are not given, so the limit cannot be checked.', fix: 'Enter the projected monthly MSA fees and the number of months the line must cover.' }];
    }
    const principal = monthly * a.coverageMonths;
    // Interest on the full drawn amount for the coverage period: a conservative ceiling.
    const interest = principal * (a.interestRatePct / 100) * (a.coverageMonths / 12);
    const needed = Math.round((principal + interest) * 100) / 100;
    if (a.creditLimit + 0.005 >= needed) return [];
    return [{ clauseId, field: 'creditLimit', message: `The credit limit (${money(a.creditLimit)}) is below ${a.coverageMonths} months of fees at ${money(monthly)} plus interest (${money(needed)}). This is a best practice, not a legal requirement.`, fix: `Raise the limit to at least ${money(needed)} or shorten the coverage period.` }];
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
  title: 'Maturity, repayment and documentation are present (best practice)',
  // IRC 7872, once cited here, sets the interest rate and says nothing about documentation. Whether
  // advances are bona fide debt is judged on factors such as a written note, a fixed maturity, a
  // repayment schedule and interest (Estate of Mixon): evidence, not a statutory requirement.
  citations: ['Best practice: bona fide debt factors (written instrument, fixed maturity date, repayment schedule, interest), Estate of Mixon v. United States, 464 F.2d 394, 402 (5th Cir. 1972)'],
  severity: 'warning',
  kinds: ['loc'],
  examines: REQUIRED_LOC_TERMS.map((t) => `tag:${t.tag}`),
  check(input) {
    const findings: FindingDraft[] = REQUIRED_LOC_TERMS.filter((t) => !hasTag(input, t.tag)).map((t) => ({ message: `The agreement has no clause on ${t.label}.`, fix: `Include the clause on ${t.label}.` }));
    const a = loc(input);
    if (a.maturityDate && a.drawPeriodMonths > monthsBetween(a.effectiveDate, a.maturityDate)) {
      findings.push({ field: 'drawPeriodMonths', message: 'The draw period runs past the maturity date.', fix: 'End the draw period on or before maturity.' });
    }
    return findings;
  },
};

export const locParties: Rule = {
  id: 'loc.parties-match-matter',
  title: 'Lender is the matter’s MSO or a named affiliate of it; borrower is the professional entity',
  citations: ['IRC 7872(c)(1)(B)(ii) (loans between an independent contractor and the person it serves)'],
  severity: 'error',
  kinds: ['loc'],
  examines: ['matter.msoName', 'matter.msoAffiliates', 'matter.peName', 'answers.lenderAffiliate', 'answers.lenderSignatory', 'answers.borrowerSignatory'],
  check(input) {
    const a = loc(input);
    const findings: FindingDraft[] = [];
    // A holding company or other affiliate of the MSO often lends; it must be one the matter names.
    if (a.lenderAffiliate) {
      const lender = a.lenderAffiliate.trim().toLowerCase();
      const affiliates = input.matter.msoAffiliates ?? [];
      if (lender === input.matter.msoName.trim().toLowerCase()) {
        findings.push({ severity: 'warning', field: 'lenderAffiliate', message: `The lender affiliate “${a.lenderAffiliate}” is the MSO itself.`, fix: 'Leave the lender affiliate blank when the MSO lends.' });
      } else if (!affiliates.some((x) => x.name.trim().toLowerCase() === lender)) {
        findings.push({ field: 'lenderAffiliate', message: `The lender “${a.lenderAffiliate}” is neither the matter’s MSO (${input.matter.msoName}) nor an affiliate named on the matter${affiliates.length ? ` (${affiliates.map((x) => x.name).join(', ')})` : ''}.`, fix: 'Add the lender to the matter’s MSO affiliates with its entity type and state, or correct the name.' });
      }
      if (lender === input.matter.peName.trim().toLowerCase()) findings.push({ field: 'lenderAffiliate', message: 'Lender and borrower are the same entity.', fix: 'The lender is the MSO or its affiliate and the borrower the professional entity.' });
    }
    if (input.matter.msoName.trim().toLowerCase() === input.matter.peName.trim().toLowerCase()) {
      findings.push({ message: 'Lender and borrower are the same entity.', fix: 'The lender is the MSO and the borrower the professional entity; correct the matter’s parties.' });
    }
    if (a.lenderSignatory.name.trim().toLowerCase() === a.borrowerSignatory.name.trim().toLowerCase()) {
      findings.push({ severity: 'warning' as const, field: 'borrowerSignatory.name', message: `${a.lenderSignatory.name} signs for both lender and borrower.`, fix: 'Have each party sign through its own officer, or acknowledge why one person signs both.' });
    }
    return findings;
  },
};
