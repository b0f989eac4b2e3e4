import type { Queryable, Reader } from './database.ts';

/** A matter's MSO owners, investment-term facts, practice type and patient states (migration 011). */
export interface MatterStructureRow {
  matter_id: number;
  /** JSON array. */
  mso_owners: string;
  /** JSON object. */
  mso_investment: string;
  practice_type: string;
  /** JSON array. */
  patient_states: string;
}

export interface MatterStructureValues {
  msoOwners: unknown[];
  msoInvestment: Record<string, unknown>;
  practiceType: string;
  patientStates: unknown[];
}

export const findMatterStructure = (q: Reader, matterId: number) =>
  q.get<MatterStructureRow>('SELECT * FROM matter_structure WHERE matter_id = ?', [matterId]);

export const listMatterStructures = (q: Reader, ids: number[]) =>
  ids.length === 0 ? Promise.resolve([]) : q.all<MatterStructureRow>(`SELECT * FROM matter_structure WHERE matter_id IN (${ids.map(() => '?').join(',')})`, ids);

export async function saveMatterStructure(q: Queryable, matterId: number, v: MatterStructureValues): Promise<void> {
  await q.run(
    `INSERT INTO matter_structure (matter_id, mso_owners, mso_investment, practice_type, patient_states) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (matter_id) DO UPDATE SET mso_owners = excluded.mso_owners, mso_investment = excluded.mso_investment,
       practice_type = excluded.practice_type, patient_states = excluded.patient_states`,
    [matterId, JSON.stringify(v.msoOwners), JSON.stringify(v.msoInvestment), v.practiceType, JSON.stringify(v.patientStates)],
  );
}
