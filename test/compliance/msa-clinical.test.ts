import { describe, expect, it } from 'vitest';
import { clinicalControlGrants, clinicalReservationPresent, noMsoClinicalControl, onlyNonClinicalServices } from '../../server/services/compliance/rules/msa-clinical.ts';
import { RESERVATION, clause, input } from './rule-input.ts';

describe('msa.clinical-control-reservation', () => {
  it('passes a reservation that covers every reserved subject', () => {
    expect(clinicalReservationPresent.check(input())).toEqual([]);
  });
  it('fails when the reservation is missing', () => {
    expect(clinicalReservationPresent.check(input({ clauses: [] }))).toHaveLength(1);
  });
  it('names each subject an edited reservation leaves out', () => {
    const edited = clause('msa.clinical.reservation', ['clinical-control-reservation'], 'Practice shall have authority over the diagnosis and treatment of patients.');
    const findings = clinicalReservationPresent.check(input({ clauses: [edited] }));
    expect(findings.map((f) => f.message).join(' ')).toMatch(/coding/);
    expect(findings.map((f) => f.message).join(' ')).toMatch(/records/);
    expect(findings.every((f) => f.clauseId === 'msa.clinical.reservation')).toBe(true);
  });
});

describe('msa.no-mso-clinical-control (scans clause text)', () => {
  const grants = [
    'Manager shall determine the treatment protocols used by Practice’s physicians.',
    'Manager shall make all coding decisions for claims submitted by Practice.',
    'Manager may direct referrals of Practice patients to imaging centers designated by Manager.',
    'Manager shall have the sole authority to hire and fire physicians employed by Practice.',
    'Manager will supervise the licensed clinical staff of Practice.',
    // Present tense and gerunds, as an attorney's own care-coordination text may put it.
    'Manager determines which patients are referred to specialists.',
    'Manager, acting through its care coordinators, decides the follow-up interval for each patient’s care plan.',
    'Manager is responsible for selecting the specialists to whom patients are referred.',
    'Manager triages incoming patient calls and schedules urgent visits with the physicians.',
  ];
  for (const text of grants) {
    it(`flags: ${text}`, () => {
      const findings = noMsoClinicalControl.check(input({ clauses: [RESERVATION, clause('msa.services.billing', ['service'], text)] }));
      expect(findings).toHaveLength(1);
      expect(findings[0]!.clauseId).toBe('msa.services.billing');
    });
  }
  const fine = [
    'Manager shall not direct, control or interfere with the diagnosis or treatment of any patient.',
    'Manager shall hire, train and supervise the non-clinical administrative staff.',
    'Manager shall prepare and submit claims using the codes selected by Practice’s licensed professionals.',
    'Nothing in this Agreement permits Manager to make any clinical decision.',
    'Practice shall determine all treatment protocols, and Manager shall provide administrative support.',
    'Manager makes no clinical decision, and Manager Personnel shall route every clinical question to a Licensed Professional.',
    'Manager schedules the follow-up visits that Practice’s Licensed Professionals order.',
    'Manager sets up the registry software and maintains the non-clinical work queues.',
  ];
  for (const text of fine) {
    it(`does not flag: ${text}`, () => {
      expect(clinicalControlGrants(text)).toEqual([]);
    });
  }
  it('passes the reservation clause itself', () => {
    expect(noMsoClinicalControl.check(input())).toEqual([]);
  });
});

describe('msa.only-non-clinical-services', () => {
  it('flags a service clause in which Manager furnishes clinical services', () => {
    const c = clause('msa.services.it-ehr', ['service', 'service.it-ehr'], 'Manager shall provide telemedicine physician services to patients of Practice.');
    expect(onlyNonClinicalServices.check(input({ clauses: [c] }))).toHaveLength(1);
  });
  it('passes administrative services', () => {
    const c = clause('msa.services.billing', ['service', 'service.billing'], 'Manager shall provide billing and collection services in Practice’s name. Manager shall not furnish any medical services.');
    expect(onlyNonClinicalServices.check(input({ clauses: [c] }))).toEqual([]);
  });
});
