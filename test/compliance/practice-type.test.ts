import { describe, expect, it } from 'vitest';
import type { MsoOwner, PatientState, PracticeType } from '../../server/schemas/matter-structure.ts';
import { ascLicensure, infusionPharmacy, medSpaOwnership, telehealthLicensure } from '../../server/services/compliance/rules/practice-type.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { input } from './rule-input.ts';

const run = (rule: typeof telehealthLicensure, practiceType: PracticeType, extra: { peState?: string; patientStates?: PatientState[]; msoOwners?: MsoOwner[] } = {}) =>
  rule.check(input({ matter: { ...DEFAULT_MATTER, practiceType, peState: (extra.peState ?? 'TX') as never, patientStates: extra.patientStates ?? [], msoOwners: extra.msoOwners ?? [] } }));

describe('practice.telehealth-licensure', () => {
  it('lists the patient states without a licensed-physician confirmation, and names the Interstate Medical Licensure Compact', () => {
    const [f, ...rest] = run(telehealthLicensure, 'telehealth', { patientStates: [{ state: 'TX', licensureConfirmed: true }, { state: 'OK', licensureConfirmed: false }, { state: 'NM', licensureConfirmed: false }] });
    expect(rest).toEqual([]);
    expect(f!.message).toContain('OK, NM');
    expect(f!.message).not.toContain('TX');
    expect(f!.fix).toContain('Interstate Medical Licensure Compact');
  });
  it('asks for the patient states when none are recorded', () => {
    const [f] = run(telehealthLicensure, 'telehealth');
    expect(f!.message).toContain('does not record the states');
  });
  it('passes when every state is confirmed, and for other practice types', () => {
    expect(run(telehealthLicensure, 'telehealth', { patientStates: [{ state: 'TX', licensureConfirmed: true }] })).toEqual([]);
    expect(run(telehealthLicensure, 'general', { patientStates: [{ state: 'OK', licensureConfirmed: false }] })).toEqual([]);
  });
});

describe('practice.med-spa-ownership', () => {
  it('Texas and California: the state row’s med-spa statute, sourced', () => {
    const [tx] = run(medSpaOwnership, 'med-spa', { peState: 'TX' });
    expect(tx!.citation).toContain('22 Tex. Admin. Code 193.17');
    expect(tx!.message).toMatch(/^Texas: .*lay-owned spa cannot own/);
    const [ca] = run(medSpaOwnership, 'med-spa', { peState: 'CA' });
    expect(ca!.citation).toContain('2417.5');
  });
  it('another strong corporate-practice state: the CPOM row applies; a state with no such doctrine on file: UNVERIFIED', () => {
    const [ny] = run(medSpaOwnership, 'med-spa', { peState: 'NY' });
    expect(ny!.message).toContain('corporate practice of medicine doctrine');
    const weak = ['strong', 'moderate'];
    const { reference } = input();
    const other = reference.jurisdictions.rows.find((r) => !weak.includes(r.cpom) && !r.statutes.some((s) => s.id?.endsWith('.med-spa')))!;
    const [f] = run(medSpaOwnership, 'med-spa', { peState: other.code });
    expect(f).toMatchObject({ unverified: true });
  });
  it('says nothing for other practice types', () => {
    expect(run(medSpaOwnership, 'general', { peState: 'TX' })).toEqual([]);
  });
});

describe('practice.infusion-pharmacy and practice.asc-licensure', () => {
  it('infusion: an unverified note on the board of pharmacy and USP <797>', () => {
    const [f] = run(infusionPharmacy, 'infusion');
    expect(infusionPharmacy.severity).toBe('info');
    expect(f).toMatchObject({ unverified: true });
    expect(f!.message).toContain('USP <797>');
    expect(run(infusionPharmacy, 'asc')).toEqual([]);
  });
  it('ASC: licensure and Part 416; the ASC safe harbor only when physicians who refer hold MSO units', () => {
    expect(run(ascLicensure, 'asc')).toHaveLength(1);
    expect(run(ascLicensure, 'asc')[0]!.message).toContain('42 CFR Part 416');
    const withPhysicians = run(ascLicensure, 'asc', { msoOwners: [{ name: 'Dr. A', kind: 'practice-physician', ownershipPct: 30, termsRelatedToReferrals: false }] });
    expect(withPhysicians).toHaveLength(2);
    expect(withPhysicians[1]!.message).toContain('1001.952(r)');
    expect(run(ascLicensure, 'telehealth')).toEqual([]);
  });
});
