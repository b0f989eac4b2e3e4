import { describe, expect, it } from 'vitest';
import { medicareReassignment } from '../../server/services/compliance/rules/msa-reassignment.ts';
import { clause, input, msaAnswers } from './rule-input.ts';

const ACCOUNTS = clause('msa.fee.accounts-practice-controlled', ['program-payments'], 'All payments for Professional Services shall be made payable to Practice.');
const check = (answers: Record<string, unknown>, clauses = [ACCOUNTS]) =>
  medicareReassignment.check(input({ answers: { ...msaAnswers, governmentPayers: true, ...answers }, clauses }));
const severities = (answers: Record<string, unknown>, clauses = [ACCOUNTS]) => check(answers, clauses).map((f) => f.severity ?? 'error');

describe('msa.program-payment-reassignment', () => {
  it('passes a practice-controlled account with a revocable sweep, whatever the fee', () => {
    expect(check({ programPaymentAccount: 'practice-controlled', standingSweep: 'revocable' })).toEqual([]);
    expect(check({ programPaymentAccount: 'practice-controlled', standingSweep: 'revocable', feeModel: 'percent-collections', collectionsPct: 6 })).toEqual([]);
  });

  it('is silent when the practice bills no federal program', () => {
    expect(check({ governmentPayers: false, programPaymentAccount: 'manager-named', standingSweep: 'irrevocable' })).toEqual([]);
  });

  it('errors when program payments go to an account in the manager’s own name, with any fee', () => {
    for (const feeModel of ['flat-monthly', 'percent-collections']) {
      const [f] = check({ programPaymentAccount: 'manager-named', feeModel });
      expect(f!.severity ?? 'error').toBe('error');
      expect(f!.message).toMatch(/Manager’s own name/);
    }
  });

  it('errors when the manager controls the program account and is paid a percentage of collections', () => {
    const [f] = check({ programPaymentAccount: 'practice-named-manager-access', feeModel: 'percent-collections', collectionsPct: 6 });
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.message).toMatch(/percentage of collections/);
  });

  it('notes (info) a billing agent’s signing authority under a fee unrelated to collections', () => {
    expect(severities({ programPaymentAccount: 'practice-named-manager-access', feeModel: 'flat-monthly' })).toEqual(['info']);
  });

  it('errors when the practice cannot revoke the standing sweep', () => {
    const findings = check({ standingSweep: 'irrevocable' });
    expect(findings.map((f) => f.severity ?? 'error')).toEqual(['error']);
    expect(findings[0]!.message).toMatch(/revoke/);
  });

  it('errors when the agreement does not say where program payments land', () => {
    const [f] = check({}, []);
    expect(f!.message).toMatch(/does not say into which account/);
  });
});
