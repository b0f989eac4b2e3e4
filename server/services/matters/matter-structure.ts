import type { MatterStructureRow } from '../../db/matter-structure.ts';
import { NO_MSO_INVESTMENT, type MsoInvestment, type MsoOwner, type PatientState, type PracticeType } from '../../schemas/matter-structure.ts';

/** Who owns the MSO and the practice type, as the matter carries them (issue 23). */
export interface MatterStructure {
  msoOwners: MsoOwner[];
  msoInvestment: MsoInvestment;
  practiceType: PracticeType;
  patientStates: PatientState[];
}

export const NO_STRUCTURE: MatterStructure = { msoOwners: [], msoInvestment: NO_MSO_INVESTMENT, practiceType: 'general', patientStates: [] };

/** The stored facts were validated by the matter schema when written; a matter without a row has none recorded. */
export function toMatterStructure(row: MatterStructureRow | undefined): MatterStructure {
  if (!row) return NO_STRUCTURE;
  return {
    msoOwners: JSON.parse(row.mso_owners),
    msoInvestment: { ...NO_MSO_INVESTMENT, ...JSON.parse(row.mso_investment) },
    practiceType: row.practice_type as PracticeType,
    patientStates: JSON.parse(row.patient_states),
  };
}

const STRUCTURE_KEYS = ['msoOwners', 'msoInvestment', 'practiceType', 'patientStates'] as const;

/** True when a matter update touches any of the structure facts. */
export const touchesStructure = (patch: Record<string, unknown>) => STRUCTURE_KEYS.some((k) => patch[k] !== undefined);

/** The structure facts of `base` overlaid with those `patch` sets. */
export function mergeStructure(base: Partial<MatterStructure>, patch: Partial<MatterStructure>): MatterStructure {
  return {
    msoOwners: patch.msoOwners ?? base.msoOwners ?? [],
    msoInvestment: patch.msoInvestment ?? base.msoInvestment ?? NO_MSO_INVESTMENT,
    practiceType: patch.practiceType ?? base.practiceType ?? 'general',
    patientStates: patch.patientStates ?? base.patientStates ?? [],
  };
}
