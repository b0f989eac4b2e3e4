import { describe, expect, it } from 'vitest';
import { transactionNotice } from '../../server/services/compliance/rules/transaction-notice.ts';
import { dueTransactionNotices } from '../../server/services/compliance/transaction-notices.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { input, reference } from './rule-input.ts';

// legal-updates.md §3: IL 30 days for 20+ physicians (740 ILCS 10/7.2a); IN 90 days, $10M assets (IC 25-1-8.5-4).
const matter = (state: string, transaction: Record<string, unknown>) => ({ ...DEFAULT_MATTER, peState: state, msoState: state, transaction: { plannedClosingDate: null, physicianCount: null, revenueBand: null, assetsBand: null, ...transaction } }) as typeof DEFAULT_MATTER;
const check = (state: string, transaction: Record<string, unknown>, today = '2026-11-22') => transactionNotice.check(input({ kind: 'formation-checklist', matter: matter(state, transaction), today }));

describe('dueTransactionNotices', () => {
  it('applies Illinois only from 20 physicians, and counts 30 days back', () => {
    expect(dueTransactionNotices(matter('IL', { plannedClosingDate: '2027-05-31', physicianCount: 20 }), reference).map((n) => n.dueDate)).toEqual(['2027-05-01']);
    expect(dueTransactionNotices(matter('IL', { plannedClosingDate: '2027-05-31', physicianCount: 19 }), reference)).toEqual([]);
  });
  it('applies Indiana from $10 million of assets, counting 90 days back', () => {
    expect(dueTransactionNotices(matter('IN', { plannedClosingDate: '2027-06-30', assetsBand: '10m-to-25m' }), reference).map((n) => n.dueDate)).toEqual(['2027-04-01']);
    expect(dueTransactionNotices(matter('IN', { plannedClosingDate: '2027-06-30', assetsBand: 'under-10m' }), reference)).toEqual([]);
  });
  it('reads both the practice’s and the MSO’s state, and nothing in a state without a notice law', () => {
    expect(dueTransactionNotices({ ...matter('TX', { plannedClosingDate: '2027-06-30' }), msoState: 'CA' }, reference).map((n) => n.state)).toEqual(['CA']);
    expect(dueTransactionNotices(matter('TX', { plannedClosingDate: '2027-06-30' }), reference)).toEqual([]);
  });
});

describe('matter.transaction-notice', () => {
  it('passes with a closing far enough out', () => expect(check('WA', { plannedClosingDate: '2027-06-30', physicianCount: 12 })).toEqual([]));
  it('warns when the planned closing is too soon for the period, naming the passed date', () => {
    const [f] = check('WA', { plannedClosingDate: '2027-01-10', physicianCount: 12 });
    expect(f!.message).toMatch(/due by 2026-11-11, which has passed/);
    expect(f!.fix).toMatch(/2027-01-21 or later/);
  });
  it('warns when the closing date or a threshold fact is missing', () => {
    expect(check('CA', {})[0]!.fix).toMatch(/planned closing date/);
    expect(check('WA', { plannedClosingDate: '2027-06-30' })[0]!.message).toMatch(/number of physicians/);
  });
  it('is silent outside the notice states', () => expect(check('TX', { plannedClosingDate: '2026-12-01' })).toEqual([]));
});
