import type { Database, Reader } from '../../db/database.ts';
import { insertReferenceRevision, listReferenceRevisions, type ReferenceRevisionRow } from '../../db/reference.ts';
import { AppError } from '../../errors.ts';
import { ReferenceDataError, parseReferenceData, type AfrMonth, type Jurisdiction, type ReferenceData } from '../../schemas/reference.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import { resyncChecklistsInState } from '../deadlines/resync-matter-checklists.ts';

/**
 * Applies administrators' revisions on top of the reference files, in order. The version of
 * the result is the files' version plus the last revision number, so every compliance report
 * names exactly the data it was checked against.
 */
export function applyRevisions(base: ReferenceData, revisions: ReferenceRevisionRow[]): ReferenceData {
  if (revisions.length === 0) return base;
  const next = structuredClone(base);
  for (const r of revisions) {
    const row = JSON.parse(r.row_json);
    if (r.table_name === 'afr') {
      // Rows entered before the full Table 1 was kept (annual figures only) are superseded by the
      // rulings themselves; they are listed on the admin page, never applied half-filled.
      if (isLegacyAfrRow(row)) continue;
      const months = next.afr.months.filter((m) => m.month !== r.row_key);
      months.push(row as AfrMonth);
      next.afr.months = months.sort((a, b) => a.month.localeCompare(b.month));
    } else {
      next.jurisdictions.rows = next.jurisdictions.rows.map((j) => (j.code === r.row_key ? (row as Jurisdiction) : j));
    }
  }
  const version = `${base.jurisdictions.version}+r${revisions[revisions.length - 1]!.id}`;
  for (const file of [next.jurisdictions, next.afr, next.federal, next.formationItems]) file.version = version;
  return next;
}

/** An AFR revision in the shape stored before every figure of Table 1 was kept. */
export const isLegacyAfrRow = (row: unknown) => typeof row === 'object' && row !== null && !('table' in row);

/** A hand-entered AFR correction in the old shape, which the reference no longer applies. */
export interface SetAsideAfrRevision {
  month: string;
  revisionId: number;
  enteredAt: string;
  reason: string;
  /** The annual short-term figure it recorded (the only band every such row carried). */
  shortTermAnnual: number | null;
  /** What the reference holds for that month now: the ruling's row, or nothing (the month is missing). */
  inForce: { revRul: string; shortTermAnnual: number; verification: string } | null;
}

/**
 * The corrections applyRevisions sets aside, with what is in force for each month instead, so an
 * administrator sees that a correction they once entered is not what the checks use (and imports
 * the ruling where the month is now missing).
 */
export function setAsideAfrRevisions(revisions: ReferenceRevisionRow[], reference: ReferenceData): SetAsideAfrRevision[] {
  const out: SetAsideAfrRevision[] = [];
  for (const r of revisions) {
    if (r.table_name !== 'afr') continue;
    const row = JSON.parse(r.row_json) as { shortTermAnnual?: unknown };
    if (!isLegacyAfrRow(row)) continue;
    const now = reference.afr.months.find((m) => m.month === r.row_key);
    out.push({
      month: r.row_key,
      revisionId: r.id,
      enteredAt: r.created_at,
      reason: r.reason,
      shortTermAnnual: typeof row.shortTermAnnual === 'number' ? row.shortTermAnnual : null,
      inForce: now ? { revRul: now.revRul, shortTermAnnual: now.table['short-term'].afr[0], verification: now.verification } : null,
    });
  }
  return out;
}

export async function loadEffectiveReference(q: Reader, base: ReferenceData): Promise<ReferenceData> {
  return applyRevisions(base, await listReferenceRevisions(q));
}

/**
 * Adds or corrects one AFR month or jurisdiction row. The whole reference is re-validated
 * (schemas and cross-checks) before anything is stored; the revision and its audit event are
 * written together; the caller swaps the result in, so it takes effect without a restart.
 */
/** The reference in force after a revision, and how many matters' formation checklists it brought up to date. */
export interface RevisionOutcome {
  reference: ReferenceData;
  checklistMattersResynced: number;
}

export async function reviseReference(
  deps: { db: Database; now: Date; actor: Actor; base: ReferenceData; timeZone?: string },
  change: { table: 'afr' | 'jurisdiction'; key: string; row: unknown; reason: string },
): Promise<RevisionOutcome> {
  const revisions = await listReferenceRevisions(deps.db);
  const candidate: ReferenceRevisionRow = { id: (revisions.at(-1)?.id ?? 0) + 1, table_name: change.table, row_key: change.key, row_json: JSON.stringify(change.row), author_id: deps.actor.userId, created_at: deps.now.toISOString(), reason: change.reason };
  const rowKey = change.table === 'afr' ? (change.row as { month?: unknown }).month : (change.row as { code?: unknown }).code;
  if (rowKey !== change.key) throw new AppError('validation_failed', `The row's ${change.table === 'afr' ? 'month' : 'code'} must be ${change.key}.`, { fields: [{ path: change.table === 'afr' ? 'month' : 'code', issue: 'mismatch', message: `must be ${change.key}` }] });
  if (change.table === 'jurisdiction' && !deps.base.jurisdictions.rows.some((j) => j.code === change.key)) throw new AppError('not_found', `There is no jurisdiction ${change.key}.`);
  const merged = applyRevisions(deps.base, [...revisions, candidate]);
  try {
    parseReferenceData({ jurisdictions: merged.jurisdictions, afr: merged.afr, federal: merged.federal, formationItems: merged.formationItems });
  } catch (error) {
    if (error instanceof ReferenceDataError) {
      throw new AppError('validation_failed', 'The reference row is not valid.', { fields: error.problems.map((p) => ({ path: `${p.file}:${p.path}`, issue: 'invalid', message: p.message })) });
    }
    throw error;
  }
  await deps.db.transaction(async (tx) => {
    const id = await insertReferenceRevision(tx, { table_name: candidate.table_name, row_key: candidate.row_key, row_json: candidate.row_json, author_id: candidate.author_id, created_at: candidate.created_at, reason: candidate.reason });
    await recordAudit(tx, deps.actor, deps.now, { type: 'reference.updated', object: { type: `reference.${change.table}`, id: change.key }, data: { table: change.table, key: change.key, version: id } });
  });
  const reference = await loadEffectiveReference(deps.db, deps.base);
  // A state's row feeds the formation checklists (state items, transaction-notice tasks); AFR months do not.
  const checklistMattersResynced = change.table === 'jurisdiction' ? await resyncChecklistsInState(deps.db, change.key, reference, { now: deps.now, timeZone: deps.timeZone }) : 0;
  return { reference, checklistMattersResynced };
}

/** Stores a revision (as reviseReference) and puts the result in force in this process at once. */
export async function reviseReferenceInForce(
  deps: { db: Database; now: Date; actor: Actor; timeZone?: string; catalog: { baseReference: ReferenceData; setReference(next: ReferenceData): void } },
  change: { table: 'afr' | 'jurisdiction'; key: string; row: unknown; reason: string },
): Promise<RevisionOutcome> {
  const outcome = await reviseReference({ db: deps.db, now: deps.now, actor: deps.actor, base: deps.catalog.baseReference, timeZone: deps.timeZone }, change);
  deps.catalog.setReference(outcome.reference);
  return outcome;
}
