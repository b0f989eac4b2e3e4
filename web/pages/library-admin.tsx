import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../server/http/env.ts';
import { AppError } from '../../server/errors.ts';
import { idParam } from '../../server/routes/router.ts';
import { latestClauseVersion } from '../../server/db/clauses.ts';
import { CLAUSE_ID, documentKind } from '../../server/schemas/clause.ts';
import { afrMonthSchema, jurisdictionSchema, yearMonth } from '../../server/schemas/reference.ts';
import { nameText, stateCode } from '../../server/schemas/text.ts';
import { CreateUserSchema, ROLES } from '../../server/schemas/user.ts';
import { clauseHistory, publishClause, searchClauses } from '../../server/services/clauses/clause-catalog.ts';
import { recheckInForce } from '../../server/services/compliance/recheck.ts';
import { reviseReference } from '../../server/services/reference/reference-revisions.ts';
import { createUser, listUsers, updateUser } from '../../server/services/users/users.ts';
import { ErrorList, Field } from '../layout.tsx';
import { ctxOf, formOf, pageUser, render, str, validate, type WebContext } from '../page.tsx';

const Reason = nameText(500);
const clauseIdParam = z.string().regex(CLAUSE_ID).max(120);

export const libraryAdminPages = new Hono<AppEnv>()
  // ── Clause library ──────────────────────────────────────────────────────
  .get('/clauses', (c) => {
    pageUser(c, 'attorney', 'paralegal', 'admin');
    const kind = documentKind.safeParse(c.req.query('kind'));
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const clauses = searchClauses(c.get('services').catalog.library, { kind: kind.success ? kind.data : undefined, q });
    return render(
      c,
      'Clause library',
      <section>
        <h1>Clause library</h1>
        <form method="get" action="/clauses" class="card" role="search">
          <Field id="clause-q" label="Search id, title, tags and text">
            <input type="text" id="clause-q" name="q" value={q} />
          </Field>
          <Field id="clause-kind" label="Kind">
            <select id="clause-kind" name="kind">
              <option value="">all</option>
              {['msa', 'loc', 'formation-checklist'].map((k) => (
                <option value={k} selected={kind.success && kind.data === k}>
                  {k}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" class="secondary">
            Search
          </button>
        </form>
        <p class="muted small">{clauses.length} clause(s)</p>
        <table>
          <thead>
            <tr>
              <th scope="col">Clause</th>
              <th scope="col">Kinds</th>
              <th scope="col">Version</th>
              <th scope="col">Citations</th>
            </tr>
          </thead>
          <tbody>
            {clauses.map((cl) => (
              <tr>
                <td>
                  <a href={`/clauses/${cl.id}`}>{cl.title}</a>
                  <br />
                  <span class="small muted">{cl.id}</span>
                </td>
                <td>{cl.kinds.join(', ')}</td>
                <td>{cl.version}</td>
                <td class="small">{cl.citations.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>,
    );
  })
  .get('/clauses/:id', (c) => clausePage(c))
  .post('/clauses/:id', async (c) => {
    const user = pageUser(c, 'attorney', 'admin');
    const id = clauseIdParam.parse(c.req.param('id'));
    const form = await formOf(c);
    try {
      await publishClause(ctxOf(c, user), c.get('services').catalog.library, id, str(form, 'source'), str(form, 'note').slice(0, 500));
      return c.redirect(`/clauses/${id}?msg=published`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable', 'conflict'].includes(err.code)) throw err;
      return clausePage(c, err.message, str(form, 'source'));
    }
  })
  // ── Users ───────────────────────────────────────────────────────────────
  .get('/admin/users', (c) => usersPage(c))
  .post('/admin/users', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await formOf(c);
    try {
      await createUser(ctxOf(c, user), validate(CreateUserSchema, { email: str(form, 'email'), name: str(form, 'name'), role: str(form, 'role'), password: str(form, 'password') }));
      return c.redirect('/admin/users?msg=user-created', 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'conflict'].includes(err.code)) throw err;
      return usersPage(c, err.message);
    }
  })
  .post('/admin/users/:id', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await formOf(c);
    try {
      await updateUser(ctxOf(c, user), idParam.parse(c.req.param('id')), { role: z.enum(ROLES).parse(str(form, 'role')), disabled: str(form, 'disabled') === 'true' });
      return c.redirect('/admin/users?msg=user-updated', 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'conflict'].includes(err.code)) throw err;
      return usersPage(c, err.message);
    }
  })
  // ── Reference data ──────────────────────────────────────────────────────
  .get('/admin/reference', (c) => referencePage(c))
  .post('/admin/reference/afr', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await formOf(c);
    const lines = (name: string) => str(form, name).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    const num = (name: string) => (str(form, name).trim() === '' ? undefined : Number(str(form, name)));
    try {
      const month = validate(yearMonth, str(form, 'month'));
      const row = validate(afrMonthSchema, {
        month,
        revRul: str(form, 'revRul'),
        shortTermAnnual: num('shortTermAnnual'),
        midTermAnnual: num('midTermAnnual'),
        longTermAnnual: num('longTermAnnual'),
        midTerm120PctAnnual: num('midTerm120PctAnnual'),
        sources: lines('sources'),
        verification: str(form, 'verification'),
        midTerm120PctSources: lines('sources'),
        midTerm120PctVerification: str(form, 'verification'),
        note: str(form, 'note'),
      });
      await saveReference(c, user.id, 'afr', month, row, validate(Reason, str(form, 'reason')));
      return c.redirect('/admin/reference?msg=reference', 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable', 'not_found'].includes(err.code)) throw err;
      return referencePage(c, err.message);
    }
  })
  .post('/admin/reference/jurisdictions', async (c) => {
    const user = pageUser(c, 'admin');
    const form = await formOf(c);
    try {
      const code = validate(stateCode, str(form, 'code'));
      let json: unknown;
      try {
        json = JSON.parse(str(form, 'row'));
      } catch {
        throw new AppError('validation_failed', 'The row is not valid JSON.', { fields: [{ path: 'row', issue: 'invalid_json', message: 'not valid JSON' }] });
      }
      const row = validate(jurisdictionSchema, json);
      await saveReference(c, user.id, 'jurisdiction', code, row, validate(Reason, str(form, 'reason')));
      return c.redirect('/admin/reference?msg=reference', 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable', 'not_found'].includes(err.code)) throw err;
      return referencePage(c, err.message);
    }
  })
  .post('/admin/recheck', async (c) => {
    pageUser(c, 'admin');
    const { db, catalog, clock } = c.get('services');
    const result = await recheckInForce({ db, catalog, now: clock(), actor: c.get('actor') });
    return referencePage(c, undefined, `Re-checked ${result.checked} document(s) in force; ${result.changes.length} had findings that changed.`);
  });

/** The same steps as PUT /api/admin/reference/…: store the revision, then put it in force. */
async function saveReference(c: WebContext, _userId: number, table: 'afr' | 'jurisdiction', key: string, row: unknown, reason: string) {
  const { catalog, db, clock } = c.get('services');
  const next = await reviseReference({ db, now: clock(), actor: c.get('actor'), base: catalog.baseReference }, { table, key, row: row as never, reason });
  catalog.setReference(next);
}

async function clausePage(c: WebContext, problem?: string, draft?: string) {
  const user = pageUser(c, 'attorney', 'paralegal', 'admin');
  const id = clauseIdParam.parse(c.req.param('id'));
  const { catalog, db } = c.get('services');
  const history = clauseHistory(catalog.library, id);
  const current = history[history.length - 1]!;
  const source = draft ?? (await latestClauseVersion(db, id))?.source ?? '';
  return render(
    c,
    current.title,
    <section>
      <h1>
        {current.title} <span class="muted small">{id}</span>
      </h1>
      <p>
        <a href="/clauses">Back to the library</a>
      </p>
      {problem && <ErrorList errors={[problem]} />}
      <p class="small">Citations: {current.citations.join('; ') || '—'}</p>
      <h2>Versions</h2>
      {[...history].reverse().map((v) => (
        <details open={v.version === current.version}>
          <summary>
            Version {v.version} {v.version === current.version ? '(current)' : ''}
          </summary>
          <pre class="diff">{v.body}</pre>
        </details>
      ))}
      {(user.role === 'attorney' || user.role === 'admin') && (
        <form method="post" action={`/clauses/${id}`} class="card">
          <h2>Publish a new version</h2>
          <p class="small muted">The whole source: front matter and text. Drafts keep the version they pinned until an attorney moves them to the new one.</p>
          <Field id="clause-source" label="Clause source">
            <textarea class="clause" id="clause-source" name="source" rows={18}>
              {source}
            </textarea>
          </Field>
          <Field id="clause-note" label="What changed">
            <input type="text" id="clause-note" name="note" />
          </Field>
          <button type="submit">Publish version {current.version + 1}</button>
        </form>
      )}
    </section>,
  );
}

async function usersPage(c: WebContext, problem?: string) {
  pageUser(c, 'admin');
  const users = await listUsers(c.get('services').db);
  return render(
    c,
    'Users',
    <section>
      <h1>Users and roles</h1>
      {problem && <ErrorList errors={[problem]} />}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role and access</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}`} class="actions">
                  <Field id={`role-${u.id}`} label="Role">
                    <select id={`role-${u.id}`} name="role">
                      {ROLES.map((r) => (
                        <option value={r} selected={u.role === r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field id={`disabled-${u.id}`} label="Sign-in">
                    <select id={`disabled-${u.id}`} name="disabled">
                      <option value="false" selected={!u.disabled}>
                        allowed
                      </option>
                      <option value="true" selected={u.disabled}>
                        disabled
                      </option>
                    </select>
                  </Field>
                  <button type="submit" class="secondary">
                    Save
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/admin/users" class="card">
        <h2>Add a user</h2>
        <Field id="u-name" label="Full name">
          <input type="text" id="u-name" name="name" required />
        </Field>
        <Field id="u-email" label="Email">
          <input type="email" id="u-email" name="email" required />
        </Field>
        <Field id="u-role" label="Role">
          <select id="u-role" name="role">
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </Field>
        <Field id="u-password" label="Initial password" help="At least 12 characters; give it to the person privately.">
          <input type="password" id="u-password" name="password" autocomplete="new-password" required minlength={12} />
        </Field>
        <button type="submit">Add user</button>
      </form>
    </section>,
  );
}

async function referencePage(c: WebContext, problem?: string, notice?: string) {
  pageUser(c, 'admin');
  const ref = c.get('services').catalog.reference();
  const months = [...ref.afr.months].sort((a, b) => b.month.localeCompare(a.month));
  return render(
    c,
    'Reference data',
    <section>
      <h1>Reference data</h1>
      <p>
        Version {ref.jurisdictions.version}. Rows marked <strong>unverified</strong> could not be confirmed from a primary source; findings that rest on them say so.
      </p>
      {problem && <ErrorList errors={[problem]} />}
      {notice && (
        <p class="flash" role="status">
          {notice}
        </p>
      )}
      <form method="post" action="/admin/recheck" data-progress class="actions">
        <button type="submit" class="secondary">
          Re-check every document in force
        </button>
        <span class="progress" role="status">
          <progress aria-label="Re-checking"></progress> Re-checking documents…
        </span>
      </form>
      <h2>AFR months</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Ruling</th>
              <th scope="col">Short / mid / long (annual %)</th>
              <th scope="col">Verification</th>
            </tr>
          </thead>
          <tbody>
            {months.slice(0, 24).map((m) => (
              <tr>
                <td>{m.month}</td>
                <td>{m.revRul}</td>
                <td>
                  {m.shortTermAnnual} / {m.midTermAnnual} / {m.longTermAnnual}
                </td>
                <td>{m.verification}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/admin/reference/afr" class="card">
        <h3>Add or correct an AFR month</h3>
        <div class="grid">
          <Field id="afr-month" label="Month (YYYY-MM)">
            <input type="text" id="afr-month" name="month" required />
          </Field>
          <Field id="afr-revrul" label="Revenue Ruling">
            <input type="text" id="afr-revrul" name="revRul" required />
          </Field>
          <Field id="afr-short" label="Short-term annual %">
            <input type="text" inputmode="decimal" id="afr-short" name="shortTermAnnual" required />
          </Field>
          <Field id="afr-mid" label="Mid-term annual %">
            <input type="text" inputmode="decimal" id="afr-mid" name="midTermAnnual" required />
          </Field>
          <Field id="afr-long" label="Long-term annual %">
            <input type="text" inputmode="decimal" id="afr-long" name="longTermAnnual" required />
          </Field>
          <Field id="afr-120" label="120% mid-term annual %">
            <input type="text" inputmode="decimal" id="afr-120" name="midTerm120PctAnnual" />
          </Field>
        </div>
        <Field id="afr-sources" label="Sources (one URL per line)">
          <textarea id="afr-sources" name="sources" rows={2}></textarea>
        </Field>
        <Field id="afr-verification" label="Verification">
          <select id="afr-verification" name="verification">
            {['primary', 'secondary', 'low', 'unverified'].map((v) => (
              <option value={v}>{v}</option>
            ))}
          </select>
        </Field>
        <Field id="afr-note" label="Note">
          <input type="text" id="afr-note" name="note" />
        </Field>
        <Field id="afr-reason" label="Reason for the change">
          <input type="text" id="afr-reason" name="reason" required />
        </Field>
        <button type="submit">Save AFR month</button>
      </form>
      <h2>Jurisdictions</h2>
      <form method="post" action="/admin/reference/jurisdictions" class="card">
        <h3>Correct a jurisdiction row</h3>
        <Field id="j-code" label="State code">
          <select id="j-code" name="code">
            {ref.jurisdictions.rows.map((j) => (
              <option value={j.code}>
                {j.code} — {j.name} ({j.verification})
              </option>
            ))}
          </select>
        </Field>
        <Field id="j-row" label="Row (JSON, as shown below for the state)" help="Copy the state's row from the list below, edit it, and save; it is validated against the whole reference before it takes effect.">
          <textarea class="clause" id="j-row" name="row" rows={10}></textarea>
        </Field>
        <Field id="j-reason" label="Reason for the change">
          <input type="text" id="j-reason" name="reason" required />
        </Field>
        <button type="submit">Save jurisdiction row</button>
      </form>
      {ref.jurisdictions.rows.map((j) => (
        <details>
          <summary>
            {j.code} — {j.name} ({j.verification})
          </summary>
          <pre class="diff">{JSON.stringify(j, null, 2)}</pre>
        </details>
      ))}
    </section>,
  );
}
