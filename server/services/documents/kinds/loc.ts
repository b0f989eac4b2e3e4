import { LocAnswersSchema, type LocAnswers } from '../../../schemas/answers/loc.ts';
import { afrBand, demandPeriodOf } from '../../reference/afr.ts';
import { longDate, money, monthName, percentWords, period, rate, stateName } from '../format.ts';
import { COMMON_VARIABLES, commonValues, matterFacts, type Exhibit, type KindDefinition, type MatterFacts, type Values } from './kind.ts';

const COMPOUNDING_WORDS: Record<LocAnswers['compounding'], string> = {
  annual: 'annually',
  semiannual: 'semiannually',
  quarterly: 'quarterly',
  monthly: 'monthly',
};

const REPAYMENT_LABELS: Record<LocAnswers['repayment'], string> = {
  'interest-monthly-principal-at-maturity': 'Interest monthly; principal at maturity',
  'amortizing-monthly': 'Equal monthly installments of principal and interest',
  'on-demand': 'Payable on demand',
};

/** A demand loan may have no maturity date (IRC 7872(f)(5)): it matures when the lender demands payment. */
const maturityWords = (a: LocAnswers) => (a.maturityDate ? longDate(a.maturityDate) : 'the date on which Lender demands payment of the Obligations in full');

/**
 * The rate that measures the line when it is made. A term loan: its band's AFR for the month it is
 * made (IRC 7872(f)(2)(A)). A demand loan: the short-term AFR for the half-year it is made in,
 * which is January's or July's rate (IRC 7872(f)(2)(B); demandPeriodOf) — the rate
 * loc.rate-at-least-afr tests, so the clause and the check name the same figure.
 */
function afrReference(a: LocAnswers): string {
  const band = afrBand(a.effectiveDate, a.maturityDate, a.demandLoan);
  if (!a.demandLoan) return `${band} AFR for ${monthName(a.effectiveDate.slice(0, 7))}`;
  const half = demandPeriodOf(a.effectiveDate);
  return `short-term AFR for ${monthName(half.rateMonth)}, for the half-year ${longDate(half.start)} to ${longDate(half.end)}; each later half-year at its own short-term AFR`;
}

/** The half-year a demand loan is made in, and the month whose short-term AFR governs it. */
function demandPeriodValues(a: LocAnswers): Values {
  const half = demandPeriodOf(a.effectiveDate);
  return { afrPeriod: `${longDate(half.start)} through ${longDate(half.end)}`, afrPeriodMonth: monthName(half.rateMonth) };
}

/**
 * The lender: the MSO itself, or the MSO affiliate the answers name (a holding company often lends).
 * An affiliate is looked up among the matter's named affiliates; one not found keeps only its name,
 * so its entity type and state print as missing fields and loc.parties-match-matter reports it.
 */
export function lenderOf(a: LocAnswers, matter: MatterFacts): { name: string; entityType?: string; state?: string; affiliate: boolean } {
  if (!a.lenderAffiliate) return { name: matter.msoName, entityType: matter.msoEntityType, state: matter.msoState, affiliate: false };
  const key = a.lenderAffiliate.trim().toLowerCase();
  const found = (matter.msoAffiliates ?? []).find((x) => x.name.trim().toLowerCase() === key);
  return { name: found?.name ?? a.lenderAffiliate, entityType: found?.entityType, state: found?.state, affiliate: true };
}

/** Exhibit A: the form of note the documentation clause refers to, filled from the same answers. */
function promissoryNoteForm(a: LocAnswers, matter: MatterFacts): Exhibit {
  return {
    title: 'Exhibit A — Form of Revolving Promissory Note',
    paragraphs: [
      `${money(a.creditLimit)}\t\t\t\t\t\t\tDated: ____________________`,
      `FOR VALUE RECEIVED, ${matter.peName} (“Borrower”) promises to pay to the order of ${lenderOf(a, matter).name} (“Lender”) the lesser of ${money(a.creditLimit)} and the aggregate unpaid principal amount of all Advances made by Lender to Borrower under the Revolving Line of Credit Agreement dated as of ${longDate(a.effectiveDate)} between Borrower and Lender (the “Agreement”), together with interest on the unpaid principal amount of each Advance from the date it is made until paid in full, at the rates and at the times provided in the Agreement.`,
      `${a.maturityDate ? `All unpaid principal and accrued interest are due and payable on ${longDate(a.maturityDate)}, or earlier as provided in the Agreement.` : 'All unpaid principal and accrued interest are due and payable on Lender’s written demand, as provided in the Agreement.'} Payments are to be made in lawful money of the United States, in immediately available funds, at the place Lender designates in writing.`,
      'This Note is the Note referred to in the Agreement, is entitled to its benefits, and is subject to prepayment and to acceleration upon an Event of Default as provided in it. Lender shall record each Advance and each payment in its books of account and may endorse them on the Schedule of Advances and Payments attached to this Note; those records and that schedule are prima facie evidence of the amounts owing absent manifest error, but no failure to record or endorse affects Borrower’s obligation to pay.',
      `This Note is governed by the laws of ${stateName(matter.governingLawState)}. Borrower waives presentment, demand, protest and notice of dishonor to the extent permitted by law.`,
      `${matter.peName}`,
      'By: ______________________________',
      `Name: ${a.borrowerSignatory.name}`,
      `Title: ${a.borrowerSignatory.title}`,
    ],
    tables: [
      {
        caption: 'Schedule of Advances and Payments',
        table: {
          widths: [16, 17, 17, 17, 17, 16],
          rows: [['Date', 'Amount of Advance', 'Principal paid', 'Interest paid', 'Unpaid principal', 'Notation by'], ...Array.from({ length: 8 }, () => ['', '', '', '', '', ''])],
        },
      },
    ],
  };
}

function lenderValues(a: LocAnswers, matter: MatterFacts): Values {
  const lender = lenderOf(a, matter);
  return {
    msoName: lender.name,
    msoEntityType: lender.entityType,
    msoState: lender.state ? stateName(lender.state) : undefined,
    managerReference: lender.affiliate ? `${matter.msoName}, an affiliate of Lender,` : 'Lender',
  };
}

export const locKind: KindDefinition<LocAnswers> = {
  kind: 'loc',
  title: 'Revolving Line of Credit Agreement',
  parties: ['Lender', 'Borrower'],
  answersSchema: LocAnswersSchema,
  articles: [
    { key: 'recitals', title: 'Recitals', numbered: false },
    { key: 'definitions', title: 'Definitions', numbered: true },
    { key: 'commitment', title: 'The Commitment', numbered: true },
    { key: 'interest', title: 'Interest', numbered: true },
    { key: 'repayment', title: 'Repayment and Prepayment', numbered: true },
    { key: 'documentation', title: 'Documentation, Representations and Covenants', numbered: true },
    { key: 'security', title: 'Security', numbered: true },
    { key: 'default', title: 'Events of Default and Remedies', numbered: true },
    { key: 'general', title: 'General Provisions', numbered: true },
  ],
  variables: [
    ...COMMON_VARIABLES,
    'creditLimit', 'maturityDate', 'drawPeriod', 'minimumDraw', 'drawNoticeDays', 'interestRate', 'afrBand', 'afrMonth', 'afrPeriod', 'afrPeriodMonth', 'compounding',
    'defaultRatePremium', 'cureDays', 'lenderSignatoryName', 'lenderSignatoryTitle', 'borrowerSignatoryName', 'borrowerSignatoryTitle',
    'managerReference',
  ],
  values: (a, matter) => ({
    ...commonValues(matter, a.effectiveDate),
    // The parties paragraph and the clauses name the lender, which may be an MSO affiliate.
    ...lenderValues(a, matter),
    creditLimit: money(a.creditLimit),
    maturityDate: maturityWords(a),
    drawPeriod: period(a.drawPeriodMonths, 'months'),
    minimumDraw: money(a.minimumDraw),
    drawNoticeDays: period(a.drawNoticeDays, 'Business Days'),
    interestRate: `${rate(a.interestRatePct)} per annum`,
    afrBand: afrBand(a.effectiveDate, a.maturityDate, a.demandLoan),
    afrMonth: monthName(a.effectiveDate.slice(0, 7)),
    ...demandPeriodValues(a),
    compounding: COMPOUNDING_WORDS[a.compounding],
    defaultRatePremium: percentWords(a.defaultRatePremiumPct),
    cureDays: period(a.cureDays, 'days'),
    lenderSignatoryName: a.lenderSignatory.name,
    lenderSignatoryTitle: a.lenderSignatory.title,
    borrowerSignatoryName: a.borrowerSignatory.name,
    borrowerSignatoryTitle: a.borrowerSignatory.title,
  }),
  exhibits: (a, matter) => [
    ...(a.promissoryNote ? [promissoryNoteForm(a, matter)] : []),
    {
      title: 'Schedule 1 — Summary of Key Terms',
      intro: 'This summary is for convenience; if it differs from the body of the Agreement, the body controls.',
      tables: [
        {
          table: {
            widths: [40, 60],
            rows: [
              ['Term', 'Provision'],
              ['Lender', lenderOf(a, matter).name],
              ['Borrower', matter.peName],
              ['Credit limit', money(a.creditLimit)],
              ['Draw period', period(a.drawPeriodMonths, 'months')],
              ['Maturity date', maturityWords(a)],
              ['Stated rate', `${rate(a.interestRatePct)} per annum, ${a.rateType}, compounded ${COMPOUNDING_WORDS[a.compounding]}`],
              ['AFR reference', afrReference(a)],
              ['Repayment', REPAYMENT_LABELS[a.repayment]],
              ['Prepayment', a.prepaymentPenalty ? 'Permitted with premium' : 'Permitted without premium or penalty'],
            ],
          },
        },
      ],
    },
  ],
  signatories: (a) => [a.lenderSignatory, a.borrowerSignatory],
  // hasMaturityDate selects the repayment wording of a demand loan with no fixed maturity.
  facts: (a, matter) => ({ ...a, hasMaturityDate: a.maturityDate !== undefined, ...matterFacts(matter), lenderIsAffiliate: Boolean(a.lenderAffiliate) }),
};
