import * as sql from '../../db/deadlines.ts';
import * as tasks from '../../db/checklist-tasks.ts';
import { findDocumentById, findVersion, type DocumentRow } from '../../db/documents.ts';
import type { Queryable } from '../../db/database.ts';
import { LocAnswersSchema } from '../../schemas/answers/loc.ts';
import { MsaAnswersSchema } from '../../schemas/answers/msa.ts';
import { addDays } from './dates.ts';
import { computeDeadlines, LOOKBACK_DAYS, type DeadlineSource } from './compute-deadlines.ts';
import { BASIS } from './deadline-kinds.ts';

/** Statuses in which an agreement's dates run: it has been signed and not ended. */
const RUNNING = new Set<DocumentRow['status']>(['executed', 'renewed', 'amended']);
/** Statuses after which nothing more is due. */
const ENDED = new Set<DocumentRow['status']>(['terminated', 'expired']);
const ROLLING_KINDS = new Set(['term-end', 'notice', 'fmv-review', 'afr-recheck']);

/**
 * Brings a document's stored deadlines in line with what is due today. Runs inside the
 * transaction that changed the document, so the dashboard never shows a half-applied change.
 *
 * Rows are matched by key: a deadline someone marked handled stays handled. Open rows that no
 * longer apply are removed, except ones that fell due more than LOOKBACK_DAYS ago — a missed
 * date is kept (overdue) until someone handles it — unless the document itself has ended.
 */
export async function recomputeDeadlines(tx: Queryable, documentId: number, today: string, now: string): Promise<void> {
  const doc = await findDocumentById(tx, documentId);
  if (!doc) return;
  const wanted = doc.kind === 'formation-checklist' ? await taskDeadlines(tx, doc) : await agreementDeadlines(tx, doc, today);
  const existing = new Map((await sql.listDocumentDeadlines(tx, documentId)).map((row) => [row.key, row]));
  for (const deadline of wanted) {
    const row = existing.get(deadline.key);
    existing.delete(deadline.key);
    if (!row) await sql.insertDeadline(tx, documentId, doc.matter_id, deadline, now);
    else if (row.due_date !== deadline.dueDate || row.title !== deadline.title || row.action !== deadline.action || (deadline.status && deadline.status !== row.status)) {
      await sql.refreshDeadline(tx, row.id, deadline, now);
    }
  }
  const ended = ENDED.has(doc.status) || wanted.length === 0;
  const keepFrom = addDays(today, -LOOKBACK_DAYS);
  const stale = [...existing.values()].filter((row) => row.status === 'open' && (ended || row.due_date >= keepFrom || row.task_id !== null));
  await sql.deleteDeadlines(tx, stale.map((row) => row.id));
  // The next day the rolling series can move: the day after the earliest occurrence still ahead.
  const ahead = wanted.filter((d) => ROLLING_KINDS.has(d.kind) && d.dueDate >= today).map((d) => d.dueDate).sort();
  await sql.setDeadlinesRollOn(tx, documentId, ahead.length ? addDays(ahead[0]!, 1) : null);
}

async function agreementDeadlines(tx: Queryable, doc: DocumentRow, today: string): Promise<sql.NewDeadline[]> {
  if (!RUNNING.has(doc.status)) return [];
  // An amendment or renewal in force carries the dates from now on.
  if ((await sql.countInForceSuccessors(tx, doc.id)) > 0) return [];
  const versionNo = doc.executed_version_no ?? doc.executable_version_no ?? doc.current_version_no;
  const version = await findVersion(tx, doc.id, versionNo);
  if (!version) return [];
  const renewals = (await sql.listRenewals(tx, doc.id)).map((r) => ({ termStart: r.term_start, termMonths: r.term_months }));
  const source = deadlineSource(doc.kind, JSON.parse(version.answers) as unknown, renewals);
  return source ? computeDeadlines(source, today) : [];
}

/** The executed answers read through their schema (for defaults); null if they do not parse. */
export function deadlineSource(kind: DocumentRow['kind'], answers: unknown, renewals: { termStart: string; termMonths: number }[]): DeadlineSource | null {
  if (kind === 'msa') {
    const parsed = MsaAnswersSchema.safeParse(answers);
    return parsed.success ? { kind: 'msa', answers: parsed.data, renewals } : null;
  }
  if (kind === 'loc') {
    const parsed = LocAnswersSchema.safeParse(answers);
    return parsed.success ? { kind: 'loc', answers: parsed.data, renewals } : null;
  }
  return null;
}

/** A checklist's tasks are its deadlines; a task done or not applicable is a handled deadline. */
async function taskDeadlines(tx: Queryable, doc: DocumentRow): Promise<sql.NewDeadline[]> {
  if (ENDED.has(doc.status)) return [];
  return (await tasks.listDocumentTasks(tx, doc.id))
    .filter((t) => !t.retired)
    .map((t) => ({
      kind: 'checklist-task',
      key: `task:${t.item_id}`,
      dueDate: t.due_date,
      title: t.title,
      action: `${t.detail} (responsible: ${t.responsible})`,
      basis: BASIS.checklist,
      taskId: t.id,
      status: t.status === 'done' || t.status === 'not-applicable' ? 'handled' : 'open',
    }));
}

/**
 * Makes a checklist document's tasks match its latest items: new items become tasks, items
 * that no longer apply are retired, and existing tasks keep what a paralegal recorded.
 */
export async function syncChecklistTasks(tx: Queryable, documentId: number, matterId: number, items: tasks.TaskItem[], today: string, now: string): Promise<void> {
  const existing = new Map((await tasks.listDocumentTasks(tx, documentId)).map((t) => [t.item_id, t]));
  for (const item of items) {
    const task = existing.get(item.itemId);
    existing.delete(item.itemId);
    if (task) await tasks.refreshTaskFromItem(tx, task.id, item, now);
    else await tasks.insertTask(tx, documentId, matterId, item, now);
  }
  await tasks.retireTasks(tx, [...existing.values()].filter((t) => !t.retired).map((t) => t.id), now);
  await recomputeDeadlines(tx, documentId, today, now);
}

/**
 * Every status change recomputes the document's deadlines and, for an amendment or renewal,
 * its parent's: a successor in force takes the dates over from the agreement it changes.
 */
export async function recomputeAfterStatusChange(tx: Queryable, doc: { id: number; parent_document_id: number | null }, today: string, now: string): Promise<void> {
  await recomputeDeadlines(tx, doc.id, today, now);
  if (doc.parent_document_id !== null) await recomputeDeadlines(tx, doc.parent_document_id, today, now);
}
