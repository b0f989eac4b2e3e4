import type { Queryable, Reader } from './database.ts';
import { runResult } from './store.ts';
import { visibleMatterFilter } from './matters.ts';

export interface TaskRow {
  id: number;
  document_id: number;
  matter_id: number;
  item_id: string;
  entity: string;
  title: string;
  detail: string;
  responsible: string;
  status: 'not-started' | 'in-progress' | 'done' | 'not-applicable';
  due_date: string;
  due_date_set: number;
  verification: string;
  retired: number;
  note: string;
  updated_by: number | null;
  updated_at: string;
  row_version: number;
}

export interface TaskListRow extends TaskRow {
  document_title: string;
  updated_by_name: string | null;
}

/** The generated item a task is created from or refreshed with. */
export interface TaskItem {
  itemId: string;
  entity: string;
  title: string;
  detail: string;
  responsible: string;
  status: TaskRow['status'];
  dueDate: string;
  verification: string;
}

/**
 * Matters with a formation checklist still in use whose practice or MSO is in `state`: the
 * checklists a change to that state's reference row can change (its items and notice tasks read
 * only those two states; kinds/formation.ts, compliance/transaction-notices.ts).
 */
export const listChecklistMattersInState = async (q: Reader, state: string): Promise<number[]> =>
  (
    await q.all<{ matter_id: number }>(
      `SELECT DISTINCT d.matter_id FROM documents d JOIN matters m ON m.id = d.matter_id
        WHERE d.kind = 'formation-checklist' AND d.status NOT IN ('terminated', 'expired') AND (m.pe_state = ? OR m.mso_state = ?)
        ORDER BY d.matter_id`,
      [state, state],
    )
  ).map((r) => r.matter_id);

export const listDocumentTasks = (q: Reader, documentId: number) => q.all<TaskRow>('SELECT * FROM checklist_tasks WHERE document_id = ? ORDER BY due_date, id', [documentId]);

const LIST_SELECT = `SELECT t.*, d.title AS document_title, u.name AS updated_by_name
  FROM checklist_tasks t JOIN documents d ON d.id = t.document_id LEFT JOIN users u ON u.id = t.updated_by`;

export const listMatterTasks = (q: Reader, matterId: number) =>
  q.all<TaskListRow>(`${LIST_SELECT} WHERE t.matter_id = ? AND t.retired = 0 AND d.status NOT IN ('terminated', 'expired') ORDER BY t.due_date, t.id`, [matterId]);

export const findTaskListRow = (q: Reader, id: number) => q.get<TaskListRow>(`${LIST_SELECT} WHERE t.id = ?`, [id]);

export function findVisibleTask(q: Reader, user: { id: number; role: string }, id: number) {
  const visible = visibleMatterFilter(user);
  return q.get<TaskRow>(`SELECT t.* FROM checklist_tasks t JOIN matters m ON m.id = t.matter_id WHERE t.id = ? AND t.retired = 0 AND ${visible.sql}`, [id, ...visible.params]);
}

export const findTask = (q: Reader, id: number) => q.get<TaskRow>('SELECT * FROM checklist_tasks WHERE id = ?', [id]);

export const insertTask = (q: Queryable, documentId: number, matterId: number, item: TaskItem, now: string) =>
  q.run(
    `INSERT INTO checklist_tasks (document_id, matter_id, item_id, entity, title, detail, responsible, status, due_date, verification, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [documentId, matterId, item.itemId, item.entity, item.title, item.detail, item.responsible, item.status, item.dueDate, item.verification, now],
  );

/** A new checklist version refreshes a task's wording and, unless someone set it by hand, its due date. */
export const refreshTaskFromItem = (q: Queryable, id: number, item: TaskItem, now: string) =>
  q.run(
    `UPDATE checklist_tasks SET entity = ?, title = ?, detail = ?, verification = ?, retired = 0,
       due_date = CASE WHEN due_date_set = 1 THEN due_date ELSE ? END, updated_at = ?
     WHERE id = ?`,
    [item.entity, item.title, item.detail, item.verification, item.dueDate, now, id],
  );

export const retireTasks = (q: Queryable, ids: number[], now: string) =>
  ids.length === 0 ? Promise.resolve(runResult(0, null)) : q.run(`UPDATE checklist_tasks SET retired = 1, updated_at = ? WHERE id IN (${ids.map(() => '?').join(',')})`, [now, ...ids]);

/** Applies a paralegal's edit if nobody saved one since `rowVersion`; returns the rows changed (0 = stale). */
export const updateTask = (
  q: Queryable,
  id: number,
  rowVersion: number,
  v: { status: string; responsible: string; dueDate: string; dueDateSet: boolean; note: string; userId: number; now: string },
) =>
  q.run(
    `UPDATE checklist_tasks SET status = ?, responsible = ?, due_date = ?, due_date_set = ?, note = ?, updated_by = ?, updated_at = ?, row_version = row_version + 1
     WHERE id = ? AND row_version = ?`,
    [v.status, v.responsible, v.dueDate, v.dueDateSet ? 1 : 0, v.note, v.userId, v.now, id, rowVersion],
  );
