import * as tasks from '../../db/checklist-tasks.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { FormationAnswersSchema } from '../../schemas/answers/formation.ts';
import type { ChecklistTask, UpdateTask } from '../../schemas/deadline.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { buildChecklist } from '../documents/kinds/formation.ts';
import type { MatterFacts } from '../documents/kinds/kind.ts';
import { getMatter } from '../matters/matters.ts';
import { forRole } from '../visibility/for-role.ts';
import { recomputeDeadlines, syncChecklistTasks } from './recompute.ts';

/** The formation-checklist tasks of a matter (clients see their own matters' tasks). */
export async function listChecklist(ctx: Pick<ServiceContext, 'db' | 'principal'>, matterId: number): Promise<ChecklistTask[]> {
  await getMatter(ctx.db, ctx.principal, matterId);
  return (await tasks.listMatterTasks(ctx.db, matterId)).map((row) => forRole('checklistTask', ctx.principal.role, toTask(row)));
}

/** A paralegal's (or attorney's) update to a task: status, owner, due date, note. */
export async function updateChecklistTask(ctx: ServiceContext, taskId: number, patch: UpdateTask): Promise<ChecklistTask> {
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'paralegal') throw forbidden('Only attorneys and paralegals update checklist tasks.');
  const task = await tasks.findVisibleTask(ctx.db, ctx.principal, taskId);
  if (!task) throw notFound('Checklist task');
  const changed = (['status', 'responsible', 'dueDate', 'note'] as const).filter((k) => patch[k] !== undefined);
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const rows = await tasks.updateTask(tx, taskId, patch.rowVersion, {
      status: patch.status ?? task.status,
      responsible: patch.responsible ?? task.responsible,
      dueDate: patch.dueDate ?? task.due_date,
      dueDateSet: patch.dueDate !== undefined || task.due_date_set === 1,
      note: patch.note ?? task.note,
      userId: ctx.principal.id,
      now,
    });
    if (rows.rowsAffected === 0) {
      const current = await tasks.findTask(tx, taskId);
      throw new AppError('conflict', 'Someone else updated this task after you opened it. Reload it and apply your change again.', { reason: 'stale_row_version', currentRowVersion: current?.row_version, rejected: patch });
    }
    await recomputeDeadlines(tx, task.document_id, todayOf(ctx), now);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'checklist.updated', matterId: task.matter_id, object: { type: 'checklist-task', id: taskId }, data: { itemId: taskId, changed } });
    // Read back on the write connection: the read connection may still hold an older snapshot.
    return toTask((await tasks.findTaskListRow(tx, taskId))!);
  });
}

/**
 * Inside a document's create/version transaction: a formation checklist's items become (or
 * refresh) tracked tasks. Answers that do not parse yet (an early draft) leave tasks as they are.
 */
export async function syncChecklistFromAnswers(
  tx: Queryable,
  doc: { id: number; matterId: number },
  answers: unknown,
  matter: MatterFacts,
  reference: ReferenceData,
  ctx: { now: Date; timeZone?: string },
): Promise<void> {
  const parsed = FormationAnswersSchema.safeParse(answers);
  if (!parsed.success) return;
  const items = buildChecklist(parsed.data, matter, reference).map((i) => ({ ...i, status: i.status as tasks.TaskRow['status'] }));
  await syncChecklistTasks(tx, doc.id, doc.matterId, items, todayOf(ctx), ctx.now.toISOString());
}

function toTask(row: tasks.TaskListRow): ChecklistTask {
  return {
    id: row.id,
    documentId: row.document_id,
    documentTitle: row.document_title,
    itemId: row.item_id,
    entity: row.entity,
    title: row.title,
    detail: row.detail,
    responsible: row.responsible,
    status: row.status,
    dueDate: row.due_date,
    verification: row.verification,
    note: row.note,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by_name,
    rowVersion: row.row_version,
  };
}
