import type { Role } from '../../../server/db/users.ts';
import { CHECKLIST_STATUSES, RESPONSIBLE_PARTIES } from '../../../server/schemas/answers/formation.ts';
import type { ChecklistTask } from '../../../server/schemas/deadline.ts';
import type { Matter } from '../../../server/schemas/matter.ts';
import { ErrorList, linkSummary, type SummaryItem } from '../../components/error-views.tsx';
import { SelectField, TextField } from '../../components/form-fields.tsx';
import { Table } from '../../components/table.tsx';
import { humanize } from '../../format.ts';
import { PageHeading } from '../../components/page-heading.tsx';

/** A task form that came back with a problem: its id, what was entered and what is wrong. */
export interface TaskFormState {
  taskId: number;
  values: Record<string, string>;
  errors: Record<string, string>;
  summary: string | SummaryItem[];
}

/**
 * The formation checklist's tasks. Attorneys and paralegals change status, owner, due date and
 * note (each save is checked against the row version read, so a stale edit is refused, not lost);
 * clients see where each task stands.
 */
export function ChecklistPage(props: { role: Role; matter: Matter; tasks: ChecklistTask[]; failed?: TaskFormState; bulkProblems?: string[] }) {
  const canEdit = props.role === 'attorney' || props.role === 'paralegal';
  const done = props.tasks.filter((t) => t.status === 'done' || t.status === 'not-applicable').length;
  return (
    <section>
      <PageHeading title="Formation checklist" detail={props.matter.title} back={{ href: `/matters/${props.matter.id}`, label: 'Back to the matter' }}>
        {done} of {props.tasks.length} tasks done or not applicable
      </PageHeading>
      {props.failed && <ErrorList errors={linkSummary(props.failed.summary, (key) => taskFieldId(props.failed!.taskId, key))} />}
      {props.bulkProblems && <ErrorList errors={props.bulkProblems} />}
      {canEdit && props.tasks.length > 0 && <BulkForm matterId={props.matter.id} />}
      <Table
        rows={props.tasks}
        empty="No checklist tasks yet: they come from the matter’s Entity Formation Checklist document."
        columns={[
          ...(canEdit
            ? [
                {
                  header: 'Pick',
                  // Ticks belong to the bulk form above (the form attribute): rows keep their own save forms.
                  cell: (t: ChecklistTask) => (
                    <input type="checkbox" form="bulk-tasks" name="tasks" value={`${t.id}:${t.rowVersion}`} id={`pick-${t.id}`} aria-label={`Pick “${t.title}” for the bulk change`} />
                  ),
                },
              ]
            : []),
          { header: 'Task', cell: (t) => <TaskText task={t} /> },
          { header: 'Responsible', cell: (t) => humanize(t.responsible) },
          { header: 'Due', cell: (t) => t.dueDate },
          { header: 'Status', cell: (t) => <span class="status-pill">{humanize(t.status)}</span> },
          ...(canEdit ? [{ header: 'Update', cell: (t: ChecklistTask) => <TaskForm task={t} matterId={props.matter.id} failed={props.failed?.taskId === t.id ? props.failed : undefined} /> }] : []),
        ]}
      />
    </section>
  );
}

function TaskText(props: { task: ChecklistTask }) {
  const t = props.task;
  return (
    <>
      {/* The anchor a save returns to, so the page opens where the user was. */}
      <strong id={`task-${t.id}`}>{t.title}</strong>
      {t.verification === 'unverified' && <span class="badge sev-warning"> unverified source</span>}
      <br />
      <span class="small muted">{t.detail}</span>
      {t.note && <p class="small">Note: {t.note}</p>}
      {t.updatedBy && <p class="small muted">Last updated by {t.updatedBy}</p>}
    </>
  );
}

/** One status for every ticked task: each is saved like a single edit (its own row version, refused if stale). */
function BulkForm(props: { matterId: number }) {
  return (
    <form method="post" action={`/matters/${props.matterId}/checklist/bulk`} id="bulk-tasks" class="card">
      <p class="legend">Change several tasks at once: tick them in the list, choose the status, then apply.</p>
      <SelectField id="bulk-status" name="status" label="New status for the ticked tasks" options={CHECKLIST_STATUSES.map((s) => ({ value: s, label: humanize(s) }))} />
      <button type="submit" class="secondary">
        Apply to the ticked tasks
      </button>
    </form>
  );
}

const TASK_FIELD_IDS: Record<string, string> = { status: 'status', responsible: 'responsible', dueDate: 'due', note: 'note' };

/** The id of a task form's input for an error key (the summary links there); undefined for one it does not show. */
const taskFieldId = (taskId: number, key: string): string | undefined => (TASK_FIELD_IDS[key] ? `task-${taskId}-${TASK_FIELD_IDS[key]}` : undefined);

function TaskForm(props: { task: ChecklistTask; matterId: number; failed?: TaskFormState }) {
  const t = props.task;
  const v = props.failed?.values ?? { status: t.status, responsible: t.responsible, dueDate: t.dueDate, note: t.note ?? '' };
  const e = props.failed?.errors ?? {};
  const id = (name: string) => `task-${t.id}-${name}`;
  return (
    <form method="post" action={`/checklist-tasks/${t.id}`} class="task-form">
      <input type="hidden" name="rowVersion" value={String(t.rowVersion)} />
      <input type="hidden" name="matterId" value={String(props.matterId)} />
      <SelectField id={id('status')} name="status" label="Status" value={v.status} error={e.status} options={CHECKLIST_STATUSES.map((s) => ({ value: s, label: humanize(s) }))} />
      <SelectField id={id('responsible')} name="responsible" label="Responsible" value={v.responsible} error={e.responsible} options={RESPONSIBLE_PARTIES.map((r) => ({ value: r, label: humanize(r) }))} />
      <TextField id={id('due')} name="dueDate" label="Due date" type="date" value={v.dueDate} error={e.dueDate} />
      <TextField id={id('note')} name="note" label="Note" value={v.note} error={e.note} />
      <button type="submit" class="secondary">
        Save task
      </button>
    </form>
  );
}
