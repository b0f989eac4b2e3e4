import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { CreateMatterSchema, UpdateMatterSchema } from '../../../server/schemas/matter.ts';
import { UpdateTaskSchema } from '../../../server/schemas/deadline.ts';
import { listMatterAudit } from '../../../server/services/audit/list-audit.ts';
import { listChecklist, updateChecklistTask } from '../../../server/services/deadlines/checklist.ts';
import { pageMatterDocuments } from '../../../server/services/documents/documents.ts';
import { DOCUMENT_LIST, findDocumentTitles } from '../../../server/db/documents.ts';
import { auditDocumentId } from '../../audit-words.ts';
import { listHref } from '../../components/list-controls.tsx';
import { createMatter, getMatter, pageMatters, updateMatter } from '../../../server/services/matters/matters.ts';
import { MATTER_LIST } from '../../../server/db/matters.ts';
import { parseListQuery } from '../../../server/db/keyset.ts';
import { listUsers } from '../../../server/services/users/users.ts';
import { allOf, field, fieldErrors, matterFromForm, matterLabel, numberOrText, readForm, taskPatchFromForm, validate, type FormValues } from '../../forms.ts';
import { labelsFrom, summaryItemsOf, summaryOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { ChecklistPage, type TaskFormState } from './checklist-page.tsx';
import { MatterFormPage, type MatterFormProps } from './matter-form.tsx';
import type { Matter } from '../../../server/schemas/matter.ts';
import { MatterListPage } from './matter-list.tsx';
import { MatterPage, type MatterPageProps } from './matter-page.tsx';

export const matterPages = new Hono<AppEnv>()
  .get('/matters', async (c) => {
    const user = pageUser(c);
    const { query, problems } = parseListQuery(c.req.query(), MATTER_LIST, false);
    const page = await pageMatters(c.get('services').db, user, query);
    return render(c, 'Matters', <MatterListPage role={user.role} matters={page.rows} query={query} page={page} problems={problems} timeZone={c.get('services').timeZone} />);
  })
  .get('/matters/new', async (c) => {
    pageUser(c, 'attorney');
    return matterForm(c, {}, {});
  })
  .post('/matters/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const input = matterFromForm(await readForm(c));
    try {
      const matter = await createMatter(ctxOf(c, user), validate(CreateMatterSchema, input));
      return c.redirect(`/matters/${matter.id}?msg=matter-created`, 303);
    } catch (err) {
      const error = formError(err);
      return matterForm(c, input, fieldErrors(error), summaryItemsOf(error, matterLabel), formStatus(error));
    }
  })
  .get('/matters/:id', async (c) => matterPage(c, idFrom(c.req.param('id'))))
  // Edit the parties, owners, governing law and people (issue 21): the same service, validation,
  // optimistic concurrency and audit as PATCH /api/matters/{id}.
  .get('/matters/:id/edit', async (c) => {
    const user = pageUser(c, 'attorney');
    const matter = await getMatter(c.get('services').db, user, idFrom(c.req.param('id')));
    return matterForm(c, matter, {}, undefined, 200, { id: matter.id, rowVersion: matter.rowVersion, title: matter.title });
  })
  .post('/matters/:id/edit', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const current = await getMatter(c.get('services').db, user, id);
    const form = await readForm(c);
    const input = matterFromForm(form);
    const editing = { id, rowVersion: Number(field(form, 'rowVersion')) || current.rowVersion, title: current.title };
    try {
      // The whole form is checked as a matter first, so a field emptied is named beside it (a PATCH would just skip it).
      const whole = validate(CreateMatterSchema, input);
      const patch = validate(UpdateMatterSchema, { rowVersion: numberOrText(field(form, 'rowVersion')), ...matterPatch(current, whole, user.id) });
      await updateMatter(ctxOf(c, user), id, patch, { reference: c.get('services').catalog.reference() });
      return c.redirect(`/matters/${id}?msg=matter-updated`, 303);
    } catch (err) {
      const error = formError(err);
      return matterForm(c, input, fieldErrors(error), summaryItemsOf(error, matterLabel), formStatus(error), editing);
    }
  })
  .post('/matters/:id/tracking', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const id = idFrom(c.req.param('id'));
    const form = await readForm(c);
    const values = { trackingStatus: field(form, 'trackingStatus'), nextFollowUp: field(form, 'nextFollowUp'), trackingNotes: field(form, 'trackingNotes') };
    try {
      const patch = validate(UpdateMatterSchema, { rowVersion: numberOrText(field(form, 'rowVersion')), ...values, nextFollowUp: values.nextFollowUp || null });
      await updateMatter(ctxOf(c, user), id, patch);
      return c.redirect(`/matters/${id}?msg=tracking#tracking-heading`, 303);
    } catch (err) {
      const error = formError(err);
      return matterPage(c, id, { values, errors: fieldErrors(error), summary: summaryItemsOf(error, TRACKING_LABELS) }, formStatus(error));
    }
  })
  .get('/matters/:id/checklist', async (c) => checklistPage(c, idFrom(c.req.param('id'))))
  .post('/matters/:id/checklist/bulk', (c) => bulkUpdateTasks(c))
  .post('/checklist-tasks/:id', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const taskId = idFrom(c.req.param('id'));
    const form = await readForm(c);
    const matterId = idFrom(field(form, 'matterId'));
    try {
      await updateChecklistTask(ctxOf(c, user), taskId, validate(UpdateTaskSchema, taskPatchFromForm(form)));
      // Back to the task just saved, not the top of a long list.
      return c.redirect(`/matters/${matterId}/checklist?msg=task#task-${taskId}`, 303);
    } catch (err) {
      const error = formError(err);
      return checklistPage(c, matterId, { taskId, values: taskValues(form), errors: fieldErrors(error), summary: summaryItemsOf(error, TASK_LABELS) }, formStatus(error));
    }
  });

const TRACKING_LABELS = labelsFrom({ trackingStatus: 'Matter status', nextFollowUp: 'Next follow-up', trackingNotes: 'Tracking notes', rowVersion: 'This page' });
const TASK_LABELS = labelsFrom({ status: 'Status', responsible: 'Responsible', dueDate: 'Due date', note: 'Note', rowVersion: 'This task' });

/**
 * Bulk status change: each ticked task ("id:rowVersion") is saved through the same service as
 * PATCH /api/checklist-tasks/{id}, one at a time, so each is audited and a stale one is refused
 * on its own; the page then lists what was not saved.
 */
async function bulkUpdateTasks(c: WebContext) {
  const user = pageUser(c, 'attorney', 'paralegal');
  const matterId = idFrom(c.req.param('id'));
  await getMatter(c.get('services').db, user, matterId);
  const form = await readForm(c);
  const picked = allOf(form, 'tasks');
  if (picked.length === 0) return checklistPage(c, matterId, undefined, 400, ['Tick at least one task, then apply the status.']);
  const problems: string[] = [];
  for (const pick of picked) {
    const [id, rowVersion] = pick.split(':');
    try {
      await updateChecklistTask(ctxOf(c, user), idFrom(id), validate(UpdateTaskSchema, { rowVersion: numberOrText(rowVersion), status: field(form, 'status') || undefined }));
    } catch (err) {
      problems.push(`Task ${id ?? ''}: ${summaryOf(formError(err), TASK_LABELS)}`);
    }
  }
  if (problems.length) return checklistPage(c, matterId, undefined, 409, problems);
  return c.redirect(`/matters/${matterId}/checklist?msg=tasks`, 303);
}

const taskValues = (form: FormValues) => ({ status: field(form, 'status'), responsible: field(form, 'responsible'), dueDate: field(form, 'dueDate'), note: field(form, 'note') });

async function matterForm(c: WebContext, values: Record<string, unknown>, errors: Record<string, string>, summary?: MatterFormProps['summary'], status: PageStatus = 200, editing?: MatterFormProps['editing']) {
  const users = (await listUsers(c.get('services').db)).filter((u) => !u.disabled);
  const clients = users.filter((u) => u.role === 'client');
  const staff = users.filter((u) => (u.role === 'attorney' || u.role === 'paralegal') && u.id !== c.get('principal')?.id);
  const admins = users.filter((u) => u.role === 'admin').map((u) => u.name);
  const page = <MatterFormPage values={values} errors={errors} summary={summary} clients={clients} staff={staff} admins={admins} editing={editing} />;
  return render(c, editing ? `Edit ${editing.title}` : 'Open a matter', page, status);
}

/** JSON with sorted keys and blanks (null, undefined) left out: a stored value and the same value read back from the form compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * The edit form's changes as a PATCH: only the fields whose value differs from the matter
 * (a portfolio practice refuses edits to the MSO it shares, so unchanged ones are not sent).
 * The signed-in attorney stays on the matter: the staff list leaves them out.
 */
function matterPatch(current: Matter, input: Record<string, unknown>, selfId: number): Record<string, unknown> {
  const staff = (input.staffUserIds as number[] | undefined) ?? [];
  const next = { ...input, staffUserIds: current.staffUserIds.includes(selfId) && !staff.includes(selfId) ? [...staff, selfId] : staff };
  const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
  const byId = (ids: unknown) => [...((ids as number[] | undefined) ?? [])].map(Number).sort((x, y) => x - y);
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = (current as Record<string, unknown>)[key];
    const unchanged = key === 'clientUserIds' || key === 'staffUserIds' ? same(byId(before), byId(value)) : same(before, value);
    if (!unchanged) patch[key] = value;
  }
  return patch;
}

export async function matterPage(c: WebContext, id: number, tracking?: MatterPageProps['tracking'], status: PageStatus = 200, invite?: MatterPageProps['invite']) {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const matter = await getMatter(ctx.db, user, id);
  const staffView = user.role === 'attorney' || user.role === 'admin';
  // The first page of the documents list (/matters/:id/documents), not every document of the matter.
  const firstPage = parseListQuery({}, DOCUMENT_LIST, false).query;
  const [documents, tasks, audit, users] = await Promise.all([
    pageMatterDocuments(ctx.db, user, id, firstPage),
    listChecklist(ctx, id),
    staffView ? listMatterAudit(ctx.db, user, id, 50) : null,
    user.role === 'client' ? [] : listUsers(ctx.db),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const documentTitles = audit ? await findDocumentTitles(ctx.db, id, audit.map(auditDocumentId)) : new Map<number, string>();
  const moreDocumentsHref = documents.nextCursor ? listHref(`/matters/${id}/documents`, firstPage, DOCUMENT_LIST, documents.nextCursor) : null;
  return render(c, matter.title, <MatterPage role={user.role} matter={matter} documents={documents.rows} moreDocumentsHref={moreDocumentsHref} documentTitles={documentTitles} tasks={tasks} audit={audit} names={names} tracking={tracking} timeZone={c.get('services').timeZone} invite={invite} />, status);
}

async function checklistPage(c: WebContext, matterId: number, failed?: TaskFormState, status: PageStatus = 200, bulkProblems?: string[]) {
  const user = pageUser(c);
  const ctx = ctxOf(c, user);
  const matter = await getMatter(ctx.db, user, matterId);
  const tasks = await listChecklist(ctx, matterId);
  return render(c, `Checklist — ${matter.title}`, <ChecklistPage role={user.role} matter={matter} tasks={tasks} failed={failed} bulkProblems={bulkProblems} />, status);
}
