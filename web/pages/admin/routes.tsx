import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { notFound } from '../../../server/errors.ts';
import { afrMonthSchema, jurisdictionSchema, revisionReason, yearMonth } from '../../../server/schemas/reference.ts';
import { stateCode } from '../../../server/schemas/text.ts';
import { CreateUserSchema, UpdateUserSchema } from '../../../server/schemas/user.ts';
import { recheckInForce } from '../../../server/services/compliance/recheck.ts';
import { reviseReferenceInForce } from '../../../server/services/reference/reference-revisions.ts';
import { createUser, listUsers, updateUser } from '../../../server/services/users/users.ts';
import { afrRowFromForm, field, fieldErrors, jurisdictionFromForm, readForm, userFromForm, userUpdateFromForm, validate, type FormValues } from '../../forms.ts';
import { plural } from '../../format.ts';
import { ctxOf, formError, formStatus, idFrom, pageUser, render, type PageStatus, type WebContext } from '../../page.tsx';
import { afrValues, type AfrFormState } from './afr-form.tsx';
import { JurisdictionPage, jurisdictionValues } from './jurisdiction-page.tsx';
import { ReferencePage, type ReferencePageProps } from './reference-page.tsx';
import { UsersPage, type UsersPageProps } from './users-page.tsx';

/** "afr.json:months.12.sources.0" (a problem found re-validating the whole reference) → "sources", the field that holds it. */
const referenceField = (path: string) => path.replace(/^[a-z-]+\.json:(months|rows)\.\d+\./, '').replace(/\.\d+$/, '');

/** The form's own text, kept as entered, for a form that comes back with errors. */
const textValues = (form: FormValues) => Object.fromEntries(Object.keys(form).map((k) => [k, field(form, k)]));

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
      return usersPage(c, { adding: { values, errors: fieldErrors(error), summary: error.message } }, formStatus(error));
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
  .get('/admin/reference', (c) => {
    pageUser(c, 'admin');
    const month = c.req.query('month');
    const row = c.get('services').catalog.reference().afr.months.find((m) => m.month === month);
    return referencePage(c, { values: afrValues(row), errors: {} });
  })
  .post('/admin/reference/afr', async (c) => {
    pageUser(c, 'admin');
    const form = await readForm(c);
    try {
      const month = validate(yearMonth, field(form, 'month').trim());
      await saveReference(c, 'afr', month, validate(afrMonthSchema, afrRowFromForm(form)), validate(revisionReason, field(form, 'reason')));
      return c.redirect('/admin/reference?msg=reference', 303);
    } catch (err) {
      const error = formError(err);
      const errors = fieldErrors(error, referenceField);
      if (errors['(body)']) errors.month = errors['(body)'];
      return referencePage(c, { values: textValues(form), errors, summary: error.message }, undefined, formStatus(error));
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
      await saveReference(c, 'jurisdiction', current.code, row, validate(revisionReason, field(form, 'reason')));
      return c.redirect('/admin/reference?msg=reference', 303);
    } catch (err) {
      const error = formError(err);
      const page = <JurisdictionPage row={current} values={textValues(form)} errors={fieldErrors(error, referenceField)} summary={error.message} />;
      return render(c, `Reference — ${current.name}`, page, formStatus(error));
    }
  })
  .post('/admin/recheck', async (c) => {
    pageUser(c, 'admin');
    const { db, catalog, clock } = c.get('services');
    const result = await recheckInForce({ db, catalog, now: clock(), actor: c.get('actor') });
    const summary = (s: { errors: number; warnings: number }) => `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
    const changed = result.changes.map((d) => ({ documentId: d.documentId, title: d.title, before: summary(d.before), after: summary(d.after) }));
    return referencePage(c, { values: afrValues(undefined), errors: {} }, { checked: result.checked, changed });
  });

function jurisdictionOf(c: WebContext) {
  const code = stateCode.safeParse(c.req.param('code'));
  const row = code.success ? c.get('services').catalog.reference().jurisdictions.rows.find((j) => j.code === code.data) : undefined;
  if (!row) throw notFound('Jurisdiction');
  return row;
}

/** The same service as PUT /api/admin/reference/…: store the revision (validated, audited), then put it in force. */
async function saveReference(c: WebContext, table: 'afr' | 'jurisdiction', key: string, row: unknown, reason: string) {
  const { catalog, db, clock } = c.get('services');
  await reviseReferenceInForce({ db, now: clock(), actor: c.get('actor'), catalog }, { table, key, row, reason });
}

async function usersPage(c: WebContext, state: Pick<UsersPageProps, 'adding' | 'problem'> = {}, status: PageStatus = 200) {
  const user = pageUser(c, 'admin');
  return render(c, 'Users', <UsersPage users={await listUsers(c.get('services').db)} selfId={user.id} {...state} />, status);
}

function referencePage(c: WebContext, afrForm: AfrFormState, recheck?: ReferencePageProps['recheck'], status: PageStatus = 200) {
  pageUser(c, 'admin');
  const ref = c.get('services').catalog.reference();
  const months = [...ref.afr.months].sort((a, b) => b.month.localeCompare(a.month));
  return render(c, 'Reference data', <ReferencePage version={ref.jurisdictions.version} afrMonths={months} jurisdictions={ref.jurisdictions.rows} afrForm={afrForm} recheck={recheck} />, status);
}
