import { describe, expect, it } from 'vitest';
import { noLayOwnership, ownersLicensed, peTypeAllowed } from '../../server/services/compliance/rules/entity.ts';
import { locLimitVsMsaFee, sameSignatories, termVsMaturity } from '../../server/services/compliance/rules/matter.ts';
import { effectiveDatePresent, requiredFields, signatoriesPresent } from '../../server/services/compliance/rules/every-document.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { input, locAnswers, msaAnswers } from './rule-input.ts';

const matter = (m: Partial<typeof DEFAULT_MATTER>) => input({ matter: { ...DEFAULT_MATTER, ...m } });

describe('entity rules', () => {
  it('a Texas PLLC owned by two Texas physicians passes', () => {
    for (const rule of [peTypeAllowed, ownersLicensed, noLayOwnership]) expect(rule.check(input())).toEqual([]);
  });
  it('a PLLC is not an allowed entity in California', () => expect(peTypeAllowed.check(matter({ peState: 'CA', governingLawState: 'CA' }))[0]!.message).toMatch(/California allows medical-corporation/));
  it('warns (unverified) where entity types are not on file', () => expect(peTypeAllowed.check(matter({ peState: 'DE' }))[0]!.unverified).toBe(true));
  it('flags an owner licensed in another state', () => {
    const owners = [{ ...DEFAULT_MATTER.owners[0]!, licenseState: 'OK' as const }, DEFAULT_MATTER.owners[1]!];
    expect(ownersLicensed.check(matter({ owners }))[0]!.message).toMatch(/licensed in OK, not TX/);
  });
  it('flags lay and MSO owners where CPOM applies', () => {
    const owners = [DEFAULT_MATTER.owners[0]!, { name: 'Lone Star Practice Management, LLC', licensed: false, licenseState: null, isMso: true, ownershipPct: 50 }];
    expect(noLayOwnership.check(matter({ owners }))[0]!.message).toMatch(/not a licensed physician owner/);
  });
  it('where the doctrine is weak or absent, a lay owner of a PC or PLLC is still a warning (the professional-entity statute), and of a general company nothing', () => {
    const owners = [DEFAULT_MATTER.owners[0]!, { name: 'Investor B', licensed: false, licenseState: null, isMso: false, ownershipPct: 50 }];
    const pllc = noLayOwnership.check(matter({ peState: 'MO', msoState: 'MO', governingLawState: 'MO', owners, peEntityType: 'PLLC' }));
    expect(pllc).toHaveLength(1);
    expect(pllc[0]).toMatchObject({ severity: 'warning', unverified: true, matterField: 'owners.1.licensed' });
    expect(pllc[0]!.message).toMatch(/Missouri's corporate-practice doctrine is none, but the practice is a PLLC/);
    expect(noLayOwnership.check(matter({ peState: 'MO', msoState: 'MO', governingLawState: 'MO', owners, peEntityType: 'other' }))).toEqual([]);
  });
  it('enforces California’s 51% licensed ownership', () => {
    const owners = [
      { name: 'Dr. A', licensed: true, licenseState: 'CA' as const, isMso: false, ownershipPct: 40 },
      { name: 'Investor B', licensed: false, licenseState: null, isMso: false, ownershipPct: 60 },
    ];
    const messages = noLayOwnership.check(matter({ peState: 'CA', owners })).map((f) => f.message).join(' ');
    expect(messages).toMatch(/at least 51%/);
  });
});

describe('cross-document rules', () => {
  const related = (kind: 'msa' | 'loc', answers: Record<string, unknown>) => [{ kind, documentId: 2, answers }];
  it('the samples agree on signatories', () => expect(sameSignatories.check(input({ related: related('loc', locAnswers) }))).toEqual([]));
  it('flags a different signatory', () => {
    const other = { ...locAnswers, lenderSignatory: { name: 'Someone Else', title: 'CFO' } };
    expect(sameSignatories.check(input({ related: related('loc', other) }))).toHaveLength(1);
  });
  it('flags LOC projections that differ from the MSA fee', () => {
    expect(locLimitVsMsaFee.check(input({ related: related('loc', { ...locAnswers, projectedMonthlyMsaFees: 30000 }) }))).toHaveLength(1);
    expect(locLimitVsMsaFee.check(input({ related: related('loc', locAnswers) }))).toEqual([]);
  });
  it('flags a loan that outlives a non-renewing MSA', () => {
    const msa = { ...msaAnswers, autoRenew: false, initialTermMonths: 12 };
    expect(termVsMaturity.check(input({ answers: msa, related: related('loc', { ...locAnswers, maturityDate: '2029-01-01' }) }))).toHaveLength(1);
    expect(termVsMaturity.check(input({ answers: msa, related: related('loc', { ...locAnswers, maturityDate: '2027-06-01' }) }))).toEqual([]);
  });
  it('is silent with no sibling document', () => expect(termVsMaturity.check(input())).toEqual([]));
});

describe('every-document rules', () => {
  it('lists each blank required field once, with its clause', () => {
    const findings = requiredFields.check(input({ missing: [{ field: 'monthlyFee', clauseId: 'msa.fee.flat-monthly' }, { field: 'monthlyFee', clauseId: 'msa.fee.flat-monthly' }] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/monthly fee/);
  });
  it('passes when nothing is missing', () => expect(requiredFields.check(input())).toEqual([]));
  it('requires an effective date', () => expect(effectiveDatePresent.check(input({ values: {} }))).toHaveLength(1));
  it('requires named signatories', () => {
    expect(signatoriesPresent.check(input())).toEqual([]);
    expect(signatoriesPresent.check(input({ answers: { ...msaAnswers, practiceSignatory: { name: ' ', title: 'x' } } }))).toHaveLength(1);
  });
});
