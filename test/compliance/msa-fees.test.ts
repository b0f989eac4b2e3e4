import { describe, expect, it } from 'vitest';
import { compensationSetInAdvance, fmvSupport, marketingWithGovernmentPayers, percentFeeState, termAtLeastOneYear } from '../../server/services/compliance/rules/msa-fees.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { clause, input, msaAnswers } from './rule-input.ts';

const percent = (state: string, services: string[] = ['billing', 'hr-payroll']) =>
  input({
    answers: { ...msaAnswers, feeModel: 'percent-collections', collectionsPct: 6, services, fmvRangeLow: 4, fmvRangeHigh: 8 },
    matter: { ...DEFAULT_MATTER, peState: state as never },
  });

describe('msa.percent-fee-state', () => {
  it('is silent for a flat fee', () => expect(percentFeeState.check(input())).toEqual([]));
  it('errors in New York (restricted)', () => {
    const [f] = percentFeeState.check(percent('NY'));
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.citation).toMatch(/6530/);
  });
  // Bakarania (1997, aff'd 1999), Novick (2002): prohibited when tied to marketing; the 1999 declaratory statement allowed one that was not.
  it('errors in Florida when the manager also markets the practice, citing the cases', () => {
    const [f] = percentFeeState.check(percent('FL', ['billing', 'marketing']));
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.citation).toMatch(/Novick[\s\S]*816 So\.2d 1237/);
    expect(f!.citation).toMatch(/Bakarania/);
  });
  it('only warns in Florida when no service generates patients', () => expect(percentFeeState.check(percent('FL', ['billing', 'it-ehr']))[0]!.severity).toBe('warning'));
  it('warns in Texas (unclear)', () => expect(percentFeeState.check(percent('TX'))[0]!.severity).toBe('warning'));
  it('honours the Illinois billing/collection exception', () => {
    expect(percentFeeState.check(percent('IL', ['billing']))[0]!.severity).toBe('warning');
    const mixed = percentFeeState.check(percent('IL', ['billing', 'marketing']))[0]!;
    expect(mixed.severity ?? 'error').toBe('error');
    expect(mixed.message).toMatch(/marketing/);
  });
  it('warns and says unverified where the state row is unverified', () => {
    const [f] = percentFeeState.check(percent('AK'));
    expect(f!.severity).toBe('warning');
    expect(f!.unverified).toBe(true);
  });
  it('warns in California (conditional on value)', () => expect(percentFeeState.check(percent('CA'))[0]!.severity).toBe('warning'));
});

describe('msa.fmv-opinion', () => {
  const fmv = (a: Record<string, unknown>) => fmvSupport.check(input({ answers: { ...msaAnswers, ...a }, clauses: [clause('msa.fee.fmv-review', ['fmv'], 'FMV')] }));
  it('passes an opinion within 12 months whose range contains the fee', () => expect(fmv({})).toEqual([]));
  // An opinion's age is best practice (warning); the law requires an FMV fee (85 FR 77684), so only a fee outside the opinion's range is an error.
  it('warns on an opinion older than 12 months, saying why', () => {
    const [f] = fmv({ fmvOpinionDate: '2025-09-30' });
    expect(f!.severity).toBe('warning');
    expect(f!.message).toMatch(/16 months older[\s\S]*best-practice/);
  });
  it('fails a fee outside the range', () => {
    const [f] = fmv({ monthlyFee: 50000 });
    expect(f!.message).toMatch(/outside the FMV opinion’s own range/);
    expect(f!.severity ?? 'error').toBe('error');
  });
  // Per-location is a fixed amount per site, so the range is read per location per month, as for per-provider.
  it('reads a per-location fee against the range in USD per location per month', () => {
    const perLocation = (fee: number) => fmv({ feeModel: 'per-location', monthlyFee: undefined, perLocationFee: fee, locationCount: 3, fmvRangeLow: 9000, fmvRangeHigh: 14000 });
    expect(perLocation(12000)).toEqual([]);
    const [f] = perLocation(15000);
    expect(f!.severity ?? 'error').toBe('error');
    expect(f!.message).toMatch(/fee \(15000\) is outside the FMV opinion’s own range 9000–14000/);
  });
  it('warns without an opinion, saying why', () => {
    const found = fmv({ fmvOpinionDate: undefined });
    expect(found.map((f) => f.severity)).toEqual(['warning']);
    expect(found[0]!.message).toMatch(/No fair market value opinion[\s\S]*not an opinion of a given age/);
  });
  it('warns on an opinion dated after the effective date', () => expect(fmv({ fmvOpinionDate: '2027-02-01' })[0]!.severity).toBe('warning'));
  it('fails when the FMV clause is missing', () => expect(fmvSupport.check(input())[0]!.message).toMatch(/does not state/));
});

describe('msa.compensation-set-in-advance', () => {
  const advance = clause('msa.fee.set-in-advance', ['fee-set-in-advance'], 'The methodology is set in advance and is not determined by the volume or value of referrals.');
  it('passes with the set-in-advance clause', () => expect(compensationSetInAdvance.check(input({ clauses: [advance] }))).toEqual([]));
  it('fails without it', () => expect(compensationSetInAdvance.check(input({ clauses: [] }))).toHaveLength(1));
  it('flags a fee tied to referrals in any clause', () => {
    const bad = clause('msa.fee.flat-monthly', ['fee'], 'Practice shall pay Manager a bonus of $500 for each referral to the ambulatory surgery center.');
    const findings = compensationSetInAdvance.check(input({ clauses: [advance, bad] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.clauseId).toBe('msa.fee.flat-monthly');
  });
});

describe('msa.marketing-government-payers', () => {
  it('warns when Manager markets and the practice bills federal programs', () => expect(marketingWithGovernmentPayers.check(input())).toHaveLength(1));
  // OIG Adv. Op. 98-4 (1998-04-15) is now confirmed: the finding no longer says it rests on unverified data.
  it('errors with a percentage fee, citing OIG Advisory Opinion 98-4 as confirmed', () => {
    const [f] = marketingWithGovernmentPayers.check(input({ answers: { ...msaAnswers, feeModel: 'percent-collections', collectionsPct: 5 } }));
    expect(f!.severity).toBe('error');
    expect(f!.unverified).toBeUndefined();
    expect(f!.citation).toMatch(/98-4 \(Apr\. 15, 1998\)/);
  });
  it('is silent without government payers', () => expect(marketingWithGovernmentPayers.check(input({ answers: { ...msaAnswers, governmentPayers: false } }))).toEqual([]));
});

describe('msa.term-at-least-one-year', () => {
  it('passes 12 months', () => expect(termAtLeastOneYear.check(input({ answers: { ...msaAnswers, initialTermMonths: 12 } }))).toEqual([]));
  it('fails 11 months', () => expect(termAtLeastOneYear.check(input({ answers: { ...msaAnswers, initialTermMonths: 11 } }))).toHaveLength(1));
});
