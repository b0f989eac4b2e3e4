import type { Database, Queryable } from '../../db/database.ts';
import { listChecklistMattersInState } from '../../db/checklist-tasks.ts';
import { findVersion, listDocumentsOfMatter } from '../../db/documents.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import { listMatterFacts } from '../matters/matter-facts.ts';
import { syncChecklistFromAnswers } from './checklist.ts';

/**
 * A checklist's tasks read the matter as well as the checklist's answers: the transaction-notice
 * tasks count back from the planned closing and depend on the parties' states and the thresholds'
 * facts. So when a matter changes, every formation checklist on it is brought up to date from its
 * current answers, inside the same transaction (issue 16: a changed closing date moves the notice
 * task's due date, its dashboard deadline and its calendar event). Statuses, notes and due dates
 * a paralegal set by hand are kept, as on any new checklist version.
 */
export async function resyncMatterChecklists(tx: Queryable, matterId: number, reference: ReferenceData, ctx: { now: Date; timeZone?: string }): Promise<void> {
  const checklists = (await listDocumentsOfMatter(tx, matterId)).filter((d) => d.kind === 'formation-checklist');
  if (checklists.length === 0) return;
  const matter = (await listMatterFacts(tx, [matterId])).get(matterId);
  if (!matter) return;
  for (const doc of checklists) {
    const version = await findVersion(tx, doc.id, doc.current_version_no);
    if (version) await syncChecklistFromAnswers(tx, { id: doc.id, matterId }, JSON.parse(version.answers), matter, reference, ctx);
  }
}

/** Matters resynced per transaction: a state with thousands of matters never holds the writers' queue for long. */
const MATTERS_PER_TRANSACTION = 50;

/**
 * After a state's reference row changes (an administrator's correction: a notice period, an
 * agency, a rule), the formation checklists of matters in that state are brought up to date
 * from the new reference, as a matter edit does. In batches after the revision is stored: a
 * checklist left behind by a crash midway is brought up to date by its next edit or version.
 * Returns how many matters were resynced.
 */
export async function resyncChecklistsInState(db: Database, state: string, reference: ReferenceData, ctx: { now: Date; timeZone?: string }): Promise<number> {
  const matterIds = await listChecklistMattersInState(db, state);
  for (let i = 0; i < matterIds.length; i += MATTERS_PER_TRANSACTION) {
    const batch = matterIds.slice(i, i + MATTERS_PER_TRANSACTION);
    await db.transaction(async (tx) => {
      for (const matterId of batch) await resyncMatterChecklists(tx, matterId, reference, ctx);
    });
  }
  return matterIds.length;
}
