import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Role } from '../../../server/db/users.ts';
import type { AppEnv } from '../../../server/http/env.ts';
import { notFound } from '../../../server/errors.ts';
import { projectPath } from '../../../server/paths.ts';
import { documentKind, type DocumentKind } from '../../../server/schemas/clause.ts';
import { CreateDocumentSchema, NewVersionSchema } from '../../../server/schemas/document.ts';
import { outdatedPins } from '../../../server/services/clauses/clause-catalog.ts';
import { changeStatus } from '../../../server/services/documents/change-status.ts';
import { createDocument, createVersion, getDocumentRow, getVersion, listDocumentVersions, listMatterDocuments, toDocumentInfo } from '../../../server/services/documents/documents.ts';
import { KINDS } from '../../../server/services/documents/kinds/index.ts';
import { TRANSITIONS, type DocumentStatus } from '../../../server/services/documents/lifecycle.ts';
import { moveClausesToCurrent } from '../../../server/services/documents/move-to-current.ts';
import { previewChecks } from '../../../server/services/documents/preview-checks.ts';
import { variantGroups } from '../../../server/services/documents/select-clauses.ts';
import { getMatter } from '../../../server/services/matters/matters.ts';
import { todayOf, type Principal } from '../../../server/services/context.ts';
import { LiveFindings, LiveProblems } from '../../components/findings.tsx';
import { allOf, answersFromForm, draftingFromForm, field, fieldErrors, numberOrText, readForm, validate } from '../../forms.ts';
import { answerLabel } from '../../answers-schema.ts';
import { problemsOf, summaryItemsOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { DraftingPage, type DraftingPageProps } from './drafting-page.tsx';
import type { DraftingValues, VariantGroups } from './drafting-form.tsx';
import { NewDocumentPage } from './new-document-page.tsx';
import { locStartFromMsa } from './loc-from-msa.ts';

/** The drafting pages' one extra script: the live compliance panel. */
export const LIVE = ['live-check.js'];

const samples = new Map<DocumentKind, Record<string, unknown>>();
/** A kind's sample answers (templates/<kind>/sample.json), read once. */
export function sampleAnswers(kind: DocumentKind): Record<string, unknown> {
  if (!samples.has(kind)) samples.set(kind, JSON.parse(readFileSync(projectPath('templates', kind, 'sample.json'), 'utf8')) as Record<string, unknown>);
  return structuredClone(samples.get(kind)!);
}

export function kindFrom(value: string | undefined): DocumentKind {
  const parsed = documentKind.safeParse(value ?? 'msa');
  return parsed.success ? parsed.data : 'msa';
}

/**
 * The answers printed by the clauses every document of a kind includes (no conditions, no
 * variants): the checks report them when blank, so the form never calls them optional.
 */
function neededOf(c: WebContext, kind: DocumentKind): Set<string> {
  const library = c.get('services').catalog.library;
  const always = library.ids().map((id) => library.current(id)).filter((cl) => cl.kinds.includes(kind) && cl.when.length === 0 && !cl.variantGroup);
  return new Set(always.flatMap((cl) => cl.variables));
}

export function groupsOf(c: WebContext, kind: DocumentKind): VariantGroups {
  return [...variantGroups(c.get('services').catalog.library, kind)].map(([group, clauses]) => [group, clauses.map((cl) => ({ id: cl.id, title: cl.title }))]);
}

export const draftingPages = new Hono<AppEnv>()
  .get('/matters/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const { db } = c.get('services');
    const matter = await getMatter(db, user, idFrom(c.req.param('id')));
    const parent = c.req.query('parent') ? await amendedDocument(c, user, matter.id, c.req.query('parent')) : undefined;
    const kind = parent?.kind ?? kindFrom(c.req.query('kind'));
    const fromMsa = !parent && kind === 'loc' && c.req.query('sample') !== '1' ? await locStart(c, user, matter.id) : undefined;
    const answers = parent ? parent.answers : c.req.query('sample') === '1' ? sampleAnswers(kind) : (fromMsa?.answers ?? {});
    const values = { answers, choices: parent?.choices ?? {}, overrides: parent?.overrides ?? {}, note: '' };
    const startedFrom = fromMsa?.taken.length ? `Started from ${fromMsa.title}: ${fromMsa.taken.join(', ')}. Check them before saving.` : undefined;
    return render(c, `New ${KINDS[kind].title}`, <NewDocumentPage matter={matter} parent={parent} kind={kind} title="" values={values} errors={{}} groups={groupsOf(c, kind)} needed={neededOf(c, kind)} startedFrom={startedFrom} />, 200, LIVE);
  })
  .post('/matters/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const matter = await getMatter(c.get('services').db, user, idFrom(c.req.param('id')));
    const form = await readForm(c);
    const parent = field(form, 'parentDocumentId') ? await amendedDocument(c, user, matter.id, field(form, 'parentDocumentId')) : undefined;
    const kind = parent?.kind ?? kindFrom(field(form, 'kind'));
    const values: DraftingValues = { answers: answersFromForm(kind, form), ...draftingFromForm(form) };
    try {
      const amends = parent ? { parentDocumentId: parent.id, relation: 'amendment' } : {};
      const input = validate(CreateDocumentSchema, { kind, title: field(form, 'title') || undefined, ...values, ...amends });
      const { document } = await createDocument(ctxOf(c, user), c.get('services').catalog, matter.id, input);
      return c.redirect(`/documents/${document.id}?msg=document-created`, 303);
    } catch (err) {
      const error = formError(err);
      const page = <NewDocumentPage matter={matter} parent={parent} kind={kind} title={field(form, 'title')} values={values} errors={fieldErrors(error)} groups={groupsOf(c, kind)} needed={neededOf(c, kind)} summary={summaryItemsOf(error, answerLabel(kind))} />;
      return render(c, `New ${KINDS[kind].title}`, page, formStatus(error), LIVE);
    }
  })
  // The live panel: checks the unsaved form and answers with an HTML fragment; writes nothing.
  .post('/matters/:id/documents/preview', async (c) => {
    const user = pageUser(c, 'attorney');
    const { db, catalog } = c.get('services');
    const form = await readForm(c);
    const documentId = field(form, 'documentId') ? idFrom(field(form, 'documentId')) : undefined;
    const row = documentId ? await getDocumentRow(db, user, documentId) : null;
    const kind = row?.kind ?? kindFrom(field(form, 'kind'));
    const pins = row ? (await getVersion(db, user, row.id, row.current_version_no)).clausePins : undefined;
    try {
      const { choices, overrides } = draftingFromForm(form);
      const report = await previewChecks(ctxOf(c, user), catalog, row?.matter_id ?? idFrom(c.req.param('id')), { kind, answers: answersFromForm(kind, form), choices, overrides, documentId, pins });
      // The preview is attorney-only, as is the matter's edit page the matter-fact links open.
      return c.html(<LiveFindings findings={report.findings} matterEditHref={`/matters/${row?.matter_id ?? idFrom(c.req.param('id'))}/edit`} />);
    } catch (err) {
      const error = formError(err, new Set(['validation_failed', 'unprocessable']));
      return c.html(<LiveProblems problems={problemsOf(error, answerLabel(kind))} />);
    }
  })
  .get('/documents/:id', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal', 'admin');
    return draftingPage(c, user, idFrom(c.req.param('id')));
  })
  .post('/documents/:id/versions', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const row = await getDocumentRow(c.get('services').db, user, id);
    const form = await readForm(c);
    const values: DraftingValues = { answers: answersFromForm(row.kind, form), ...draftingFromForm(form) };
    try {
      const input = validate(NewVersionSchema, { baseVersionNo: numberOrText(field(form, 'baseVersionNo')), ...values });
      await createVersion(ctxOf(c, user), c.get('services').catalog, id, input);
      return c.redirect(`/documents/${id}?msg=version-saved#compliance`, 303);
    } catch (err) {
      const error = formError(err);
      return draftingPage(c, user, id, { failed: { values, errors: fieldErrors(error), summary: summaryItemsOf(error, answerLabel(row.kind)) } }, formStatus(error));
    }
  })
  .post('/documents/:id/clause-updates', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idFrom(c.req.param('id'));
    const form = await readForm(c);
    try {
      const clauseIds = allOf(form, 'clauseIds');
      if (clauseIds.length === 0) return draftingPage(c, user, id, { problem: 'Tick at least one clause to move to its current library version.' }, 400);
      await moveClausesToCurrent(ctxOf(c, user), c.get('services').catalog, id, { baseVersionNo: Number(field(form, 'baseVersionNo')), clauseIds, note: '' });
      return c.redirect(`/documents/${id}?msg=clauses-moved#compliance`, 303);
    } catch (err) {
      const error = formError(err);
      return draftingPage(c, user, id, { problem: error.message }, formStatus(error));
    }
  })
  // Lifecycle steps other than "executable" (which has its own review page).
  .post('/documents/:id/status', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const id = idFrom(c.req.param('id'));
    const form = await readForm(c);
    const to = field(form, 'to') as DocumentStatus;
    try {
      // Own keys only: `to=constructor` is "in" every object and once reached the state machine as a role list.
      if (!Object.hasOwn(TRANSITIONS, to) || to === 'executable') return draftingPage(c, user, id, { problem: 'Choose a lifecycle step from the list.' }, 400);
      await changeStatus(ctxOf(c, user), c.get('services').catalog, id, { to, executedOn: field(form, 'executedOn') || undefined });
      return c.redirect(`/documents/${id}?msg=status`, 303);
    } catch (err) {
      const error = formError(err);
      // A refused date signed (in the future, or missing) is said beside the date, with the date kept.
      return draftingPage(c, user, id, { problem: error.message, statusForm: { values: { executedOn: field(form, 'executedOn') }, errors: fieldErrors(error) } }, formStatus(error));
    }
  });

/** A new LOC's starting answers from the matter's most recent MSA (its current version), if it has one. */
async function locStart(c: WebContext, user: Principal, matterId: number) {
  const db = c.get('services').db;
  const msa = (await listMatterDocuments(db, user, matterId)).filter((d) => d.kind === 'msa').sort((a, b) => b.id - a.id)[0];
  if (!msa) return undefined;
  const version = await getVersion(db, user, msa.id, msa.currentVersionNo);
  return { title: `“${msa.title}” (version ${version.versionNo})`, ...locStartFromMsa(version.answers) };
}

/** The agreement an amendment amends (a document of this matter), with its current version's drafting inputs. */
async function amendedDocument(c: WebContext, user: Principal, matterId: number, id: string | undefined) {
  const db = c.get('services').db;
  const row = await getDocumentRow(db, user, idFrom(id));
  if (row.matter_id !== matterId) throw notFound('Document');
  const version = await getVersion(db, user, row.id, row.current_version_no);
  return { id: row.id, title: row.title, kind: row.kind, answers: version.answers, choices: version.choices, overrides: version.overrides };
}

/** Lifecycle steps `role` may take from `status`, except "executable" (its own page). */
function nextStatuses(status: DocumentStatus, role: Role): DocumentStatus[] {
  return (Object.entries(TRANSITIONS[status]) as [DocumentStatus, readonly Role[] | undefined][]).filter(([to, roles]) => to !== 'executable' && roles?.includes(role)).map(([to]) => to);
}

async function draftingPage(c: WebContext, user: Principal, id: number, extra: Pick<DraftingPageProps, 'failed' | 'problem' | 'statusForm'> = {}, status: PageStatus = 200) {
  const { db, catalog } = c.get('services');
  const doc = toDocumentInfo(await getDocumentRow(db, user, id));
  const versions = await listDocumentVersions(db, user, id);
  const current = versions.find((v) => v.versionNo === doc.currentVersionNo) ?? versions[versions.length - 1]!;
  const clauses = Object.entries(current.clausePins)
    .map(([clauseId, version]) => ({ id: clauseId, title: catalog.library.get(clauseId, version).title }))
    .sort((a, b) => a.title.localeCompare(b.title));
  const outdated = user.role === 'attorney' && doc.status === 'draft' ? outdatedPins(catalog.library, current.clausePins) : [];
  const page = <DraftingPage role={user.role} doc={doc} versions={versions} current={current} groups={groupsOf(c, doc.kind)} needed={neededOf(c, doc.kind)} clauses={clauses} outdated={outdated} nextStatuses={nextStatuses(doc.status, user.role)} today={todayOf({ now: c.get('services').clock(), timeZone: c.get('services').timeZone })} timeZone={c.get('services').timeZone} {...extra} />;
  return render(c, doc.title, page, status, LIVE);
}
