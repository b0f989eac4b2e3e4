import { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { insertDocument, insertVersion, setDocumentStatus } from '../../server/db/documents.ts';
import { insertMatter, replaceOwners } from '../../server/db/matters.ts';
import { insertUser } from '../../server/db/users.ts';
import { recheckInForce } from '../../server/services/compliance/recheck.ts';
import { openCatalog } from '../../server/services/catalog/load-catalog.ts';
import type { Catalog } from '../../server/services/documents/assemble-document.ts';
import { DEFAULT_MATTER } from '../../server/cli-documents.ts';
import { timeAsync } from './stats.ts';

/** (f): `documents` executed MSAs across matters of ten documents each, then one full re-check. */
export async function benchRecheck(source: Catalog, answers: Record<string, unknown>, documents: number) {
  const db = await Database.open(':memory:');
  await migrate(db);
  const catalog = await openCatalog(db, { clauses: [], shells: source.shells, reference: source.reference() }, new Date());
  Object.assign(catalog, { library: source.library });
  const now = new Date().toISOString();
  const report = JSON.stringify({ ruleSetVersion: 'bench', referenceVersion: 'bench', findings: [], summary: { errors: 0, warnings: 0, infos: 0 } });
  const [, seedMs] = await timeAsync(() =>
    db.transaction(async (tx) => {
      const userId = await insertUser(tx, { email: 'bench@example.test', name: 'Bench', role: 'attorney', passwordHash: 'x', createdAt: now });
      let matterId = 0;
      for (let i = 0; i < documents; i++) {
        if (i % 10 === 0) {
          matterId = await insertMatter(tx, { ...DEFAULT_MATTER, title: `Matter ${i / 10}`, trackingStatus: 'open', trackingNotes: '', nextFollowUp: null }, userId, now);
          await replaceOwners(tx, matterId, DEFAULT_MATTER.owners);
        }
        const id = (await insertDocument(tx, { shortId: `CW-B${i}`, matterId, kind: 'msa', title: 'MSA', parentId: null, relation: null, createdBy: userId, now }))!.id;
        await insertVersion(tx, { document_id: id, version_no: 1, base_version_no: 0, answers: JSON.stringify(answers), clause_pins: '{}', overrides: '{}', choices: '{}', docx: Buffer.from('x'), sha256: 'x', inputs_sha256: 'x', compliance: report, rule_set_version: 'bench', reference_version: 'bench', error_count: 0, warning_count: 0, author_id: userId, created_at: now, note: '' });
        await setDocumentStatus(tx, id, { status: 'executed', executableVersionNo: 1, executedVersionNo: 1, executedOn: '2027-01-01', now });
      }
    }),
  );
  const [result, totalMs] = await timeAsync(() => recheckInForce({ db, catalog, now: new Date(), actor: { userId: null, role: 'system', ip: null, requestId: 'bench' } }));
  await db.close();
  return { documents, checked: result.checked, changed: result.changes.length, seedMs: Math.round(seedMs), totalMs: Math.round(totalMs), perDocumentMs: Math.round((totalMs / documents) * 1000) / 1000 };
}
