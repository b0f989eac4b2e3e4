import type { MsaAnswers } from '../../../schemas/answers/msa.ts';
import type { FindingDraft, Rule, RuleInput } from '../rule.ts';
import { clauseWithTag, hasTag } from '../rule.ts';

/**
 * Medicare pays the provider, not someone else, and forbids reassignment except through narrow
 * exceptions (42 CFR 424.73(b) for providers, 424.80(b)(5) for suppliers; Medicaid: 42 CFR 447.10).
 * A billing agent may receive payment only in the provider's name, under payment instructions the
 * provider can change at any time, and only if its pay is not related to the amounts billed or
 * collected. A deposit account in the provider's name with a standing transfer order is allowed
 * when the provider can revoke the order.
 */
const REASSIGNMENT = ['42 CFR 424.73(b) (Medicare: payment to the provider; billing-agent exception)', '42 CFR 424.80(b)(5) (Medicare Part B: payment to an agent)', '42 CFR 447.10 (Medicaid: prohibition of reassignment; 447.10(f) billing agents)'];

const msa = (input: RuleInput) => input.answers as unknown as MsaAnswers;

export const medicareReassignment: Rule = {
  id: 'msa.program-payment-reassignment',
  title: 'Medicare and Medicaid payments stay with the practice (reassignment rules)',
  citations: REASSIGNMENT,
  severity: 'error',
  kinds: ['msa'],
  examines: ['tag:program-payments', 'tag:standing-sweep', 'answers.governmentPayers', 'answers.programPaymentAccount', 'answers.standingSweep', 'answers.feeModel'],
  check(input) {
    const a = msa(input);
    if (!a.governmentPayers) return [];
    const findings: FindingDraft[] = [];
    const accountClause = clauseWithTag(input, 'program-payments')?.id;
    const percent = a.feeModel === 'percent-collections';
    if (!hasTag(input, 'program-payments')) {
      findings.push({ message: 'The practice bills federal health care programs, but the agreement does not say into which account program payments are made or who controls it.', fix: 'Include the “Practice Accounts and Collections” clause (msa.fee.accounts-practice-controlled).' });
    }
    if (a.programPaymentAccount === 'manager-named') {
      findings.push({ clauseId: accountClause, field: 'programPaymentAccount', citation: REASSIGNMENT[0], message: 'Medicare and Medicaid payments are to be made to an account in Manager’s own name. Program payments must be made to the practice, or to a billing agent only in the practice’s name; payment to the manager in its own name is a prohibited reassignment.', fix: 'Have program payments deposited to an account in the practice’s name (programPaymentAccount: practice-controlled).' });
    } else if (a.programPaymentAccount === 'practice-named-manager-access' && percent) {
      findings.push({ clauseId: accountClause, field: 'programPaymentAccount', message: 'Manager controls the account that receives program payments and is paid a percentage of collections. A billing agent may receive program payments only if its compensation is not related to the amounts billed or collected.', fix: 'Remove Manager’s signing authority over the program account, or use a fee that does not depend on collections (flat, per-provider, per-location or cost-plus).' });
    } else if (a.programPaymentAccount === 'practice-named-manager-access') {
      findings.push({ severity: 'info', clauseId: accountClause, field: 'programPaymentAccount', message: 'Manager signs on the program account as billing agent. This fits the billing-agent exception only while its pay stays unrelated to amounts billed or collected and the practice can change the payment instructions at any time, as the clause provides.', fix: 'Keep the fee independent of collections for as long as Manager has signing authority.' });
    }
    if (a.standingSweep === 'irrevocable') {
      findings.push({ clauseId: clauseWithTag(input, 'standing-sweep')?.id, field: 'standingSweep', message: 'The standing transfer instruction from the program account cannot be revoked by the practice. A standing order moving program deposits out of the practice’s account is permitted only if the practice may revoke it.', fix: 'Make the instruction revocable by the practice at any time (standingSweep: revocable).' });
    }
    return findings;
  },
};
