import { LocAnswersSchema, type LocAnswers } from '../../../schemas/answers/loc.ts';
import { afrBand } from '../../reference/afr.ts';
import { longDate, money, monthName, percentWords, period, rate } from '../format.ts';
import { COMMON_VARIABLES, commonValues, matterFacts, type KindDefinition } from './kind.ts';

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
    { key: 'default', title: 'Events of Default and Remedies', numbered: true },
    { key: 'general', title: 'General Provisions', numbered: true },
  ],
  variables: [
    ...COMMON_VARIABLES,
    'creditLimit', 'maturityDate', 'drawPeriod', 'minimumDraw', 'drawNoticeDays', 'interestRate', 'afrBand', 'afrMonth', 'compounding',
    'defaultRatePremium', 'cureDays', 'lenderSignatoryName', 'lenderSignatoryTitle', 'borrowerSignatoryName', 'borrowerSignatoryTitle',
  ],
  values: (a, matter) => ({
    ...commonValues(matter, a.effectiveDate),
    creditLimit: money(a.creditLimit),
    maturityDate: longDate(a.maturityDate),
    drawPeriod: period(a.drawPeriodMonths, 'months'),
    minimumDraw: money(a.minimumDraw),
    drawNoticeDays: period(a.drawNoticeDays, 'Business Days'),
    interestRate: `${rate(a.interestRatePct)} per annum`,
    afrBand: afrBand(a.effectiveDate, a.maturityDate, a.demandLoan),
    afrMonth: monthName(a.effectiveDate.slice(0, 7)),
    compounding: COMPOUNDING_WORDS[a.compounding],
    defaultRatePremium: percentWords(a.defaultRatePremiumPct),
    cureDays: period(a.cureDays, 'days'),
    lenderSignatoryName: a.lenderSignatory.name,
    lenderSignatoryTitle: a.lenderSignatory.title,
    borrowerSignatoryName: a.borrowerSignatory.name,
    borrowerSignatoryTitle: a.borrowerSignatory.title,
  }),
  exhibits: (a, matter) => [
    {
      title: 'Schedule 1 — Summary of Key Terms',
      intro: 'This summary is for convenience; if it differs from the body of the Agreement, the body controls.',
      tables: [
        {
          table: {
            widths: [40, 60],
            rows: [
              ['Term', 'Provision'],
              ['Lender', matter.msoName],
              ['Borrower', matter.peName],
              ['Credit limit', money(a.creditLimit)],
              ['Draw period', period(a.drawPeriodMonths, 'months')],
              ['Maturity date', longDate(a.maturityDate)],
              ['Stated rate', `${rate(a.interestRatePct)} per annum, ${a.rateType}, compounded ${COMPOUNDING_WORDS[a.compounding]}`],
              ['AFR reference', `${afrBand(a.effectiveDate, a.maturityDate, a.demandLoan)} AFR for ${monthName(a.effectiveDate.slice(0, 7))}`],
              ['Repayment', REPAYMENT_LABELS[a.repayment]],
              ['Prepayment', a.prepaymentPenalty ? 'Permitted with premium' : 'Permitted without premium or penalty'],
            ],
          },
        },
      ],
    },
  ],
  signatories: (a) => [a.lenderSignatory, a.borrowerSignatory],
  facts: (a, matter) => ({ ...a, ...matterFacts(matter) }),
};
