import type { Reader } from '../../db/database.ts';
import { listMattersByIds, listOwnersOfMatters } from '../../db/matters.ts';
import type { MatterFacts } from '../documents/kinds/kind.ts';
import { parseAffiliates } from './matters.ts';
import { listTransactionFacts } from '../../db/matter-transaction.ts';
import { toTransactionFacts } from './matters.ts';
import { listMatterStructures } from '../../db/matter-structure.ts';
import { toMatterStructure } from './matter-structure.ts';

/** The deal facts of many matters at once (batch work such as re-checks; no access filter — callers are system jobs). */
export async function listMatterFacts(q: Reader, ids: number[]): Promise<Map<number, MatterFacts>> {
  const facts = new Map<number, MatterFacts>();
  // SQLite limits bound parameters; 500 ids per query stays well inside it.
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [rows, owners] = await Promise.all([listMattersByIds(q, chunk), listOwnersOfMatters(q, chunk)]);
    for (const r of rows) {
      facts.set(r.id, {
        msoName: r.mso_name,
        msoEntityType: r.mso_entity_type,
        msoState: r.mso_state,
        peName: r.pe_name,
        peEntityType: r.pe_entity_type,
        peState: r.pe_state,
        governingLawState: r.governing_law_state,
        msoAffiliates: parseAffiliates(r.mso_affiliates),
        owners: owners.filter((o) => o.matter_id === r.id).map((o) => ({ name: o.name, licensed: o.licensed === 1, licenseState: o.license_state as MatterFacts['owners'][number]['licenseState'], isMso: o.is_mso === 1, ownershipPct: o.ownership_pct })),
      });
    }
  }
  // The transaction-notice facts ride along for the rules that read them (compliance/transaction-notices.ts).
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await listTransactionFacts(q, ids.slice(i, i + 500))) {
      const f = facts.get(row.matter_id);
      if (f) Object.assign(f, { transaction: toTransactionFacts(row) });
    }
  }
  // Who owns the MSO and the practice type (issue 23), for the equity and practice-type rules.
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await listMatterStructures(q, ids.slice(i, i + 500))) {
      const f = facts.get(row.matter_id);
      if (f) Object.assign(f, toMatterStructure(row));
    }
  }
  return facts;
}
