import { z } from 'zod';
import { q } from './question.ts';
import { isoDate, money, nameText, percent } from '../text.ts';
import { signatory } from './shared.ts';

export const LOC_PURPOSES = ['msa-fees', 'working-capital', 'msa-fees-and-working-capital'] as const;
export const COMPOUNDING = ['annual', 'semiannual', 'quarterly', 'monthly'] as const;
export const REPAYMENT = ['interest-monthly-principal-at-maturity', 'amortizing-monthly', 'on-demand'] as const;

export const LocAnswersSchema = z
  .object({
    effectiveDate: isoDate.describe('Date the line is made').meta(q('Term', 'The AFR month is the month of this date (IRC 7872(f)(2)).')),
    maturityDate: isoDate.optional().describe('Maturity date').meta(q('Term', 'Sets the AFR term band: ≤3 years short-term, ≤9 years mid-term, longer long-term. Leave blank for a loan payable on demand.')),
    demandLoan: z.boolean().default(false).describe('Payable in full on the lender’s demand').meta(q('Term', 'A demand loan needs no maturity date; it is tested against the short-term AFR for each half-year (IRC 7872(f)(2)(B)).')),
    creditLimit: money.describe('Credit limit (USD)').meta(q('Commitment')),
    drawPeriodMonths: z.number().int().min(1).max(360).describe('Draw period (months)').meta(q('Commitment')),
    minimumDraw: money.default(1000).describe('Minimum draw (USD)').meta(q('Commitment')),
    drawNoticeDays: z.number().int().min(0).max(60).default(5).describe('Business days’ notice for a draw').meta(q('Commitment')),
    purpose: z.enum(LOC_PURPOSES).describe('Purpose of the advances').meta(q('Commitment')),
    projectedMonthlyMsaFees: money.optional().describe('Projected monthly MSA fees the line funds (USD)').meta(q('Commitment', 'Used to check that the limit covers the coverage period plus interest.')),
    coverageMonths: z.number().int().min(1).max(120).optional().describe('Months of fees the line must cover').meta(q('Commitment')),
    interestRatePct: percent.describe('Stated annual interest rate (%)').meta(q('Interest', 'Must be at or above the AFR for the term band in the month the line is made.')),
    rateType: z.enum(['fixed', 'variable']).default('fixed').describe('Fixed or variable rate').meta(q('Interest')),
    compounding: z.enum(COMPOUNDING).default('semiannual').describe('Compounding').meta(q('Interest')),
    defaultRatePremiumPct: percent.default(2).describe('Additional interest after an event of default (%)').meta(q('Interest')),
    repayment: z.enum(REPAYMENT).describe('Repayment').meta(q('Repayment')),
    prepaymentPenalty: z.boolean().default(false).describe('Prepayment premium applies').meta(q('Repayment')),
    promissoryNote: z.boolean().default(true).describe('Advances evidenced by a promissory note').meta(q('Documentation')),
    cureDays: z.number().int().min(1).max(90).default(15).describe('Days to cure a payment default').meta(q('Default')),
    security: z
      .enum(['unsecured-negative-pledge', 'secured'])
      .default('unsecured-negative-pledge')
      .describe('Security')
      .meta(q('Security', 'Secured: a security interest in receivables and other assets that respects the anti-assignment rules for government receivables (42 U.S.C. 1395g(c)). Unsecured: a negative pledge.')),
    juryWaiver: z.boolean().default(false).describe('Jury trial waiver').meta(q('General', 'Check that a pre-dispute jury waiver is enforceable in the governing-law state.')),
    lenderAffiliate: nameText()
      .optional()
      .describe('Lender, if an affiliate of the MSO')
      .meta(q('Parties', 'Leave blank when the MSO itself lends. Otherwise the exact name of an MSO affiliate recorded on the matter (often a holding company).')),
    lenderSignatory: signatory.describe('Signs for the lender (MSO)').meta(q('Signatures')),
    borrowerSignatory: signatory.describe('Signs for the borrower (practice)').meta(q('Signatures')),
  })
  .strict()
  .superRefine((a, ctx) => {
    // A term loan needs a maturity to fix its AFR band; a demand loan may have none (IRC 7872(f)(5)).
    if (a.maturityDate === undefined && !a.demandLoan) {
      ctx.addIssue({ code: 'custom', path: ['maturityDate'], message: 'is required unless the loan is payable on demand', params: { reason: 'cross_field' } });
    }
    if (a.maturityDate === undefined && a.repayment !== 'on-demand') {
      ctx.addIssue({ code: 'custom', path: ['repayment'], message: 'must be “Payable on demand” when the loan has no maturity date', params: { reason: 'cross_field' } });
    }
    if (a.maturityDate !== undefined && a.maturityDate <= a.effectiveDate) {
      ctx.addIssue({ code: 'custom', path: ['maturityDate'], message: 'must be after the date the line is made', params: { reason: 'cross_field' } });
    }
  });

export type LocAnswers = z.infer<typeof LocAnswersSchema>;
