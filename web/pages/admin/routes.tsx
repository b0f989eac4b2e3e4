import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../server/http/env.ts';
import { notFound } from '../../../server/errors.ts';
import { jurisdictionSchema, revisionReason } from '../../../server/schemas/reference.ts';
import { stateCode } from '../../../server/schemas/text.ts';
import { CreateUserSchema, UpdateUserSchema } from '../../../server/schemas/user.ts';
import { recheckInForce } from '../../../server/services/compliance/recheck.ts';
import { reviseReferenceInForce, setAsideAfrRevisions } from '../../../server/services/reference/reference-revisions.ts';
import { listReferenceRevisions } from '../../../server/db/reference.ts';
import { createUser, listUsers, updateUser } from '../../../server/services/users/users.ts';
import { issuePasswordReset } from '../../../server/services/auth/password-reset.ts';
import { getMfaPolicy, listUsersWithMfa, resetUserMfa, setMfaPolicy } from '../../../server/services/mfa/manage-mfa.ts';
import { MfaPolicySchema } from '../../../server/schemas/mfa.ts';
import { allOf, field, fieldErrors, jurisdictionFromForm, readForm, userFromForm, userUpdateFromForm, validate, type FormValues } from '../../forms.ts';
import { plural } from '../../format.ts';
import { labelsFrom, summaryItemsOf, summaryOf } from '../../messages.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { AppError } from '../../../server/errors.ts';
import { missingAfrMonths } from '../../../server/services/reference/afr.ts';
import { todayOf } from '../../../server/services/context.ts';
import { importAfrRulings } from '../../../server/services/reference/import-afr-rulings.ts';
import type { AfrImportState } from './afr-import.tsx';
import { JurisdictionPage, jurisdictionValues } from './jurisdiction-page.tsx';
import { ReferencePage, type ReferencePageProps } from './reference-page.tsx';
import { UsersPage, type UsersPageProps } from './users-page.tsx';

/** "afr.json:months.12.sources.0" (a problem found re-validating the whole reference) → "sources", the field that holds it. */
const referenceField = (path: string) => path.replace(/^[a-z-]+\.json:(months|rows)\.\d+\./, '').replace(/\.\d+$/, '');

const USER_LABELS = labelsFrom({ email: 'Email', name: 'Name', role: 'Role', password: 'Password' });
const JURISDICTION_LABELS = labelsFrom({
  cpom: 'Corporate practice of medicine',
  percentFeeTreatment: 'Percentage-of-collections fees',
  'licensedOwnership.minimumLicensedPct': 'Minimum licensed ownership %',
  'licensedOwnership.rule': 'Licensed-ownership rule',
  percentFeeNotes: 'Percentage-fee notes',
  sources: 'Sources',
  citations: 'Citations',
  reason: 'Reason for the change',
});

/** The form's own text, kept as entered, for a form that comes back with errors. */
const textValues = (form: FormValues) => Object.fromEntries(Object.keys(form).map((k) => [k, field(form, k)]));

import { pageUsers } from '../../../server/services/users/users.ts';
import { USER_LIST } from '../../../server/db/users.ts';
import { parseListQuery } from '../../../server/db/keyset.ts';

export const adminPages = new Hono<AppEnv>()
  .get('/admin/users', (c) => usersPage(c))
  .post('/admin/users', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await readForm(c);
    try {
      await createUser(ctxOf(c, user), validate(CreateUserSchema, userFromForm(form)));
      return c.redirect('/admin/users?msg=user-created', 303);
    } catch (err) {
      const error = formError(err);
      // The password is never sent back into the page.
      const values = { name: field(form, 'name'), email: field(form, 'email'), role: field(form, 'role') };
      return usersPage(c, { adding: { values, errors: fieldErrors(error), summary: summaryItemsOf(error, USER_LABELS) } }, formStatus(error));
    }
  })
  .post('/admin/users/:id', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await readForm(c);
    try {
      await updateUser(ctxOf(c, user), idFrom(c.req.param('id')), validate(UpdateUserSchema, userUpdateFromForm(form)));
      return c.redirect('/admin/users?msg=user-updated', 303);
    } catch (err) {
      const error = formError(err);
      return usersPage(c, { problem: error.message }, formStatus(error));
    }
  })
  // The code is shown on this one response only (no redirect that could carry it in a URL).
  .post('/admin/users/:id/password-reset', async (c) => {
    const user = pageUser(c, 'admin');
    const id = idFrom(c.req.param('id'));
    try {
      const reset = await issuePasswordReset(ctxOf(c, user), id);
      const target = (await listUsers(c.get('services').db)).find((u) => u.id === id);
      c.header('cache-control', 'no-store');
      return usersPage(c, { issued: { name: target?.name ?? '', code: reset.code, expiresAt: reset.expiresAt, link: new URL(reset.path, c.req.url).href } });
    } catch (err) {
      return usersPage(c, { problem: formError(err).message }, formStatus(formError(err)));
    }
  })
  .post('/admin/users/:id/mfa-reset', async (c) => {
    const user = pageUser(c, 'admin');
    try {
      await resetUserMfa(ctxOf(c, user), idFrom(c.req.param('id')));
      return c.redirect('/admin/users?msg=mfa-reset', 303);
    } catch (err) {
      const error = formError(err);
      return usersPage(c, { problem: error.message }, formStatus(error));
    }
  })
  .post('/admin/mfa-policy', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await readForm(c);
    try {
      await setMfaPolicy(ctxOf(c, user), validate(MfaPolicySchema, { requiredRoles: allOf(form, 'requiredRoles') }));
      return c.redirect('/admin/users?msg=mfa-policy', 303);
    } catch (err) {
      const error = formError(err);
      return usersPage(c, { problem: error.message }, formStatus(error));
    }
  })
  .get('/admin/reference', (c) => referencePage(c, {}))
  .post('/admin/reference/afr/import', async (c) => {
    pageUser(c, 'admin');
    const form = await c.req.parseBody({ all: true });
    const files = (Array.isArray(form.file) ? form.file : [form.file]).filter((f): f is File => f instanceof File && f.size > 0);
    const replaceReason = typeof form.replaceReason === 'string' ? form.replaceReason : undefined;
    const { db, catalog, clock } = c.get('services');
    try {
      const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
      const result = await importAfrRulings({ db, catalog, now: clock(), actor: c.get('actor') }, uploads, { replaceReason });
      return referencePage(c, { result });
    } catch (err) {
      const error = formError(err);
      const months = error instanceof AppError && error.details?.reason === 'afr_month_differs' ? (error.details.months as string[] | undefined) : undefined;
      return referencePage(c, { problem: error.message, confirmReplace: months }, undefined, formStatus(error));
    }
  })
  .get('/admin/reference/jurisdictions/:code', (c) => {
    pageUser(c, 'admin');
    const row = jurisdictionOf(c);
    return render(c, `Reference — ${row.name}`, <JurisdictionPage row={row} values={jurisdictionValues(row)} errors={{}} />);
  })
  .post('/admin/reference/jurisdictions/:code', async (c) => {
    pageUser(c, 'admin');
    const current = jurisdictionOf(c);
    const form = await readForm(c);
    try {
      const row = validate(jurisdictionSchema, jurisdictionFromForm(form, current));
      // Validated as a named field so a blank reason is reported beside the reason box, not as the whole body.
      const { reason } = validate(z.object({ reason: revisionReason }), { reason: field(form, 'reason') });
      const resynced = await saveReference(c, 'jurisdiction', current.code, row, reason);
      return c.redirect(`/admin/reference?msg=${resynced ? 'reference-checklists' : 'reference'}`, 303);
    } catch (err) {
      const error = formError(err);
      const page = <JurisdictionPage row={current} values={textValues(form)} errors={fieldErrors(error, referenceField)} summary={summaryItemsOf(error, (p) => JURISDICTION_LABELS(referenceField(p)), referenceField)} />;
      return render(c, `Reference — ${current.name}`, page, formStatus(error));
    }
  })
  .post('/admin/recheck', async (c) => {
    pageUser(c, 'admin');
    const { db, catalog, clock } = c.get('services');
    const result = await recheckInForce({ db, catalog, now: clock(), actor: c.get('actor') });
    const summary = (s: { errors: number; warnings: number }) => `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
    const changed = result.changes.map((d) => ({ documentId: d.documentId, title: d.title, before: summary(d.before), after: summary(d.after) }));
    return referencePage(c, {}, { checked: result.checked, changed });
  });

function jurisdictionOf(c: WebContext) {
  const code = stateCode.safeParse(c.req.param('code'));
  const row = code.success ? c.get('services').catalog.reference().jurisdictions.rows.find((j) => j.code === code.data) : undefined;
  if (!row) throw notFound('Jurisdiction');
  return row;
}

/** The same service as PUT /api/admin/reference/…: store the revision (validated, audited), then put it in force. */
async function saveReference(c: WebContext, table: 'afr' | 'jurisdiction', key: string, row: unknown, reason: string): Promise<number> {
  const { catalog, db, clock, timeZone } = c.get('services');
  return (await reviseReferenceInForce({ db, now: clock(), actor: c.get('actor'), catalog, timeZone }, { table, key, row, reason })).checklistMattersResynced;
}

async function usersPage(c: WebContext, state: Pick<UsersPageProps, 'adding' | 'problem' | 'issued'> = {}, status: PageStatus = 200) {
  const user = pageUser(c, 'admin');
  const ctx = ctxOf(c, user);
  const mfa = { enrolled: new Set(await listUsersWithMfa(ctx)), requiredRoles: new Set<string>((await getMfaPolicy(ctx)).requiredRoles) };
  // 25 a page, searched and sorted in SQL (issue 21); a form sent back keeps the list's filters (its query).
  const { query, problems } = parseListQuery(c.req.query(), USER_LIST, false);
  const page = await pageUsers(c.get('services').db, query);
  return render(c, 'Users', <UsersPage users={page.rows} list={{ query, page, problems }} selfId={user.id} mfa={mfa} timeZone={c.get('services').timeZone} {...state} />, status);
}

async function referencePage(c: WebContext, afrImport: AfrImportState, recheck?: ReferencePageProps['recheck'], status: PageStatus = 200) {
  pageUser(c, 'admin');
  const { catalog, clock, timeZone, db } = c.get('services');
  const ref = catalog.reference();
  const months = [...ref.afr.months].sort((a, b) => b.month.localeCompare(a.month));
  // Months up to the current one (the firm's month) should be on file (the IRS publishes each a few weeks ahead).
  const missing = missingAfrMonths(ref, todayOf({ now: clock(), timeZone }).slice(0, 7));
  const setAside = setAsideAfrRevisions(await listReferenceRevisions(db), ref);
  const page = <ReferencePage version={ref.jurisdictions.version} afrMonths={months} afrMissing={missing} afrSetAside={setAside} jurisdictions={ref.jurisdictions.rows} afrImport={afrImport} recheck={recheck} timeZone={timeZone} />;
  return render(c, 'Reference data', page, status);
}
