import type { Database } from '../../db/database.ts';
import { listDocumentsToRoll } from '../../db/deadlines.ts';
import { recomputeDeadlines } from './recompute.ts';

const BATCH = 200;

/**
 * Moves rolling deadlines forward as days pass: a term that renewed automatically, the next
 * FMV review, next month's AFR re-check. Only documents whose roll day has come are read,
 * in small transactions so requests are never held behind one long write.
 */
export async function rollDeadlines(db: Database, today: string, now: Date): Promise<number> {
  let rolled = 0;
  for (;;) {
    const due = await db.transaction(async (tx) => {
      const docs = await listDocumentsToRoll(tx, today, BATCH);
      for (const doc of docs) await recomputeDeadlines(tx, doc.id, today, now.toISOString());
      return docs.length;
    });
    rolled += due;
    if (due < BATCH) return rolled;
  }
}
