import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import { monthsBetween } from '../../reference/afr.ts';
import { jurisdiction, jurisdictionCitation } from '../jurisdiction.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';
import { scanOnce } from '../scan-memo.ts';

const AKS_SAFE_HARBOR = '42 CFR 1001.952(d)(1) (personal services and management contracts safe harbor, as amended 85 FR 77684, eff. Jan. 19, 2021)';
const STARK_PSA = '42 CFR 411.357(d) (Stark personal service arrangements exception, where Stark applies)';

const msa = (input: RuleInput) => input.answers as unknown as MsaAnswers;
const feeClauseId = (input: RuleInput) => clauseWithTag(input, 'fee')?.id;

export const percentFeeState: Rule = {
  id: 'msa.percent-fee-state',
  title: 'A percentage-of-collections fee is allowed in the practice’s state',
  citations: ['State fee-splitting law of the practice’s state (see the jurisdiction reference row)'],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:fee.percent-collections', 'answers.feeModel', 'answers.services'],
  check(input) {
    const a = msa(input);
    if (a.feeModel !== 'percent-collections') return [];
    const state = input.matter.peState;
    const row = jurisdiction(input.reference, state);
    const citation = jurisdictionCitation(row, state);
    const clauseId = feeClauseId(input);
    const name = row?.name ?? state;
    switch (row?.percentFeeTreatment) {
      case 'restricted':
        return [{ clauseId, citation, field: 'feeModel', message: `${name} treats a management fee measured as a percentage of the practice’s collections as prohibited fee-splitting. ${row.percentFeeNotes}`, fix: 'Use a flat monthly, per-provider, per-location or cost-plus fee set at fair market value.' }];
      case 'restricted-with-billing-exception': {
        const others = a.services.filter((s) => s !== 'billing');
        if (others.length === 0) {
          return [{ severity: 'warning', clauseId, citation, field: 'feeModel', message: `${name} allows a percentage fee only for billing, administrative preparation or collection services, and only at fair market value. ${row.percentFeeNotes}`, fix: 'Confirm the FMV opinion supports the percentage for billing and collection services alone.' }];
        }
        return [{ clauseId, citation, field: 'services', message: `${name} allows a percentage fee only for billing and collection services, but this fee also pays for ${others.join(', ')}.`, fix: 'Charge the percentage for billing and collection only and a flat fee for the other services, or use a flat fee throughout.' }];
      }
      case 'restricted-when-patient-generating': {
        // Florida: Bakarania (1997, aff'd 1999) and Novick (2002) struck percentage fees paid to a manager that also
        // marketed the practice; a 1999 Board declaratory statement allowed one not tied to bringing in patients.
        if (a.services.includes('marketing')) {
          return [{ clauseId, citation, field: 'services', message: `${name} treats a percentage-of-revenue fee paid to a manager that also markets the practice or otherwise generates patients as fee-splitting. ${row.percentFeeNotes}`, fix: 'Remove marketing from the services, or use a flat, per-provider or cost-plus fee set at fair market value.' }];
        }
        return [{ severity: 'warning', clauseId, citation, field: 'feeModel', message: `${name} has allowed a percentage fee that is not tied to bringing in patients; it struck those tied to marketing or practice expansion. ${row.percentFeeNotes}`, fix: 'Confirm no service under the agreement generates patients for the practice, and acknowledge with your reason.' }];
      }
      case 'conditional':
        return [{ severity: 'warning', clauseId, citation, field: 'feeModel', message: `${name} permits a percentage fee only when it is commensurate with the value of the services. ${row.percentFeeNotes}`, fix: 'Keep the fair market value opinion on file and confirm it supports the percentage.' }];
      case 'allowed':
        return [];
      case 'unclear':
        return [{ severity: 'warning', clauseId, citation, field: 'feeModel', message: `Whether ${name} permits a percentage-of-collections management fee is unclear in the reference. ${row.percentFeeNotes}`, fix: 'Confirm state fee-splitting law before using a percentage fee, or use a flat fee.' }];
      default:
        return [{ severity: 'warning', clauseId, citation, unverified: true, field: 'feeModel', message: `The reference has no verified rule on percentage fees for ${name}.`, fix: 'Research state fee-splitting law before using a percentage fee, or use a flat fee.' }];
    }
  },
};

/** The question that holds each fee model's fee (the one feeInRangeUnit reads). */
const FEE_FIELD: Record<MsaAnswers['feeModel'], string> = {
  'flat-monthly': 'monthlyFee',
  'per-provider': 'perProviderFee',
  'per-location': 'perLocationFee',
  'cost-plus': 'costPlusMarginPct',
  'percent-collections': 'collectionsPct',
};

/** The fee in the same unit as the FMV range, by fee model. */
function feeInRangeUnit(a: MsaAnswers): number | undefined {
  switch (a.feeModel) {
    case 'flat-monthly':
      return a.monthlyFee;
    case 'per-provider':
      return a.perProviderFee;
    case 'per-location':
      return a.perLocationFee;
    case 'cost-plus':
      return a.costPlusMarginPct;
    case 'percent-collections':
      return a.collectionsPct;
  }
}

/**
 * The safe harbor and the Stark exception require compensation consistent with fair market value
 * (42 CFR 1001.952(d)(1)(iv) as amended by 85 FR 77684; 411.357(d)(1)(v)), not an appraisal of a
 * given age. A fee outside the opinion's own range is evidence the fee is not FMV (error); a
 * missing, undated or stale opinion is a gap in the evidence, a best practice (warning).
 */
export const fmvSupport: Rule = {
  id: 'msa.fmv-opinion',
  title: 'The fee is within its fair market value opinion (a current opinion is best practice)',
  citations: [AKS_SAFE_HARBOR, STARK_PSA],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:fmv', 'answers.fmvOpinionDate', 'answers.fmvRangeLow', 'answers.fmvRangeHigh'],
  check(input) {
    const a = msa(input);
    const clauseId = clauseWithTag(input, 'fmv')?.id ?? feeClauseId(input);
    const findings: FindingDraft[] = [];
    const bestPractice = 'The law requires a fair-market-value fee, not an opinion of a given age; an independent opinion is best-practice evidence.';
    if (!hasTag(input, 'fmv')) findings.push({ severity: 'warning', clauseId, message: `The agreement does not state that the fee is consistent with fair market value or provide for annual review. ${bestPractice}`, fix: 'Include the fair market value clause (msa.fee.fmv-review), or acknowledge why it is left out.' });
    if (!a.fmvOpinionDate) findings.push({ severity: 'warning', clauseId, field: 'fmvOpinionDate', message: `No fair market value opinion is on file. ${bestPractice}`, fix: 'Obtain an independent FMV opinion and enter its date and range, or acknowledge how the fee was shown to be FMV.' });
    else if (a.fmvOpinionDate > a.effectiveDate) findings.push({ severity: 'warning', clauseId, field: 'fmvOpinionDate', message: `The FMV opinion (${a.fmvOpinionDate}) is dated after the effective date (${a.effectiveDate}); the fee should be supported before it is set.`, fix: 'Confirm the fee was set on the basis of a valuation available at signing.' });
    else {
      const months = monthsBetween(a.fmvOpinionDate, a.effectiveDate);
      if (months > 12) findings.push({ severity: 'warning', clauseId, field: 'fmvOpinionDate', message: `The FMV opinion is ${months} months older than the effective date, so it may no longer reflect the market. ${bestPractice}`, fix: 'Obtain an updated FMV opinion, or acknowledge why the older one still supports the fee.' });
    }
    const fee = feeInRangeUnit(a);
    if (a.fmvRangeLow === undefined || a.fmvRangeHigh === undefined) {
      if (a.fmvOpinionDate) findings.push({ severity: 'warning', clauseId, field: a.fmvRangeLow === undefined ? 'fmvRangeLow' : 'fmvRangeHigh', message: 'The FMV opinion’s range is not given, so the fee cannot be checked against it.', fix: 'Enter the low and high ends of the FMV range.' });
    } else if (fee !== undefined && (fee < a.fmvRangeLow || fee > a.fmvRangeHigh)) {
      findings.push({ clauseId, field: FEE_FIELD[a.feeModel], message: `The fee (${fee}) is outside the FMV opinion’s own range ${a.fmvRangeLow}–${a.fmvRangeHigh}.`, fix: 'Bring the fee within the FMV range or obtain a valuation that supports it.' });
    }
    return findings;
  },
};

const REFERRAL_LINKED = /\b(per|for each|based (?:up)?on|by reference to|according to|number of|volume of|value of|tied to|varies with)\s+(?:the\s+)?(?:\w+\s+){0,2}?(referrals?|referred patients|patients referred)\b/i;
const NOT_LINKED = /\bnot\b[^.]*\b(determined|take[sn]? into account|based|vary|tied)\b|\bwithout regard to\b|\bregardless of\b/i;

function referralLinkedSentences(text: string): string[] {
  return text.split(/(?<=[.;])\s+|\n/).filter((sentence) => REFERRAL_LINKED.test(sentence) && !NOT_LINKED.test(sentence));
}

export const compensationSetInAdvance: Rule = {
  id: 'msa.compensation-set-in-advance',
  title: 'Compensation is set in advance and not tied to referrals',
  citations: [AKS_SAFE_HARBOR, '42 U.S.C. 1320a-7b(b)', STARK_PSA],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:fee-set-in-advance', 'tag:fee', 'all clause text'],
  check(input) {
    const findings = [];
    if (!hasTag(input, 'fee-set-in-advance')) findings.push({ message: 'The agreement does not state that the compensation methodology is set in advance for the term and does not take into account the volume or value of referrals.', fix: 'Include the set-in-advance clause (msa.fee.set-in-advance).' });
    for (const clause of input.clauses) {
      for (const sentence of scanOnce(this.id, clause, referralLinkedSentences)) {
        findings.push({ clauseId: clause.id, message: `“${sentence.trim().slice(0, 200)}” ties payment to referrals.`, fix: 'Remove any link between compensation and the volume or value of referrals or other business generated.' });
      }
    }
    return findings;
  },
};

export const marketingWithGovernmentPayers: Rule = {
  id: 'msa.marketing-government-payers',
  title: 'Marketing services where the practice bills federal programs',
  citations: ['42 U.S.C. 1320a-7b(b)', AKS_SAFE_HARBOR],
  severity: 'warning',
  kinds: ['msa'],
  examines: ['tag:service.marketing', 'answers.governmentPayers', 'answers.feeModel'],
  check(input) {
    const a = msa(input);
    if (!a.services.includes('marketing') || !a.governmentPayers) return [];
    const clauseId = clauseWithTag(input, 'service.marketing')?.id;
    if (a.feeModel === 'percent-collections') {
      return [{ severity: 'error', clauseId, field: 'feeModel', citation: `${AKS_SAFE_HARBOR}; OIG Advisory Opinion 98-4 (Apr. 15, 1998) (cost plus a percentage of net revenue to a manager that also markets the practice may be prohibited remuneration)`, message: 'A manager that markets the practice and is paid a percentage of collections, where the practice bills federal health care programs, is paid in a way that varies with the business it generates; this does not fit the safe harbor.', fix: 'Use a flat or cost-plus fee, or remove marketing from the services.' }];
    }
    return [{ clauseId, field: 'services', message: 'Manager will market the practice, which bills federal health care programs. Marketing that generates federal program business is the classic Anti-Kickback concern.', fix: 'Confirm marketing is general advertising only (no referral generation or patient steering) and the fee does not vary with business generated; acknowledge with your reason.' }];
  },
};

export const termAtLeastOneYear: Rule = {
  id: 'msa.term-at-least-one-year',
  title: 'The term is at least one year',
  citations: [AKS_SAFE_HARBOR, STARK_PSA],
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:term', 'answers.initialTermMonths'],
  check(input) {
    const a = msa(input);
    if (a.initialTermMonths >= 12) return [];
    return [{ clauseId: clauseWithTag(input, 'term')?.id, field: 'initialTermMonths', message: `The initial term is ${a.initialTermMonths} months; the safe harbor requires at least one year.`, fix: 'Set an initial term of at least 12 months.' }];
  },
};

