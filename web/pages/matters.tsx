import { Hono } from 'hono';
import type { AppEnv } from '../../server/http/env.ts';
import { AppError } from '../../server/errors.ts';
import { idParam } from '../../server/routes/router.ts';
import { CreateMatterSchema, PE_ENTITY_TYPES, type Matter } from '../../server/schemas/matter.ts';
import { listMatterAudit } from '../../server/services/audit/list-audit.ts';
import { listChecklist } from '../../server/services/deadlines/checklist.ts';
import { listMatterDocuments } from '../../server/services/documents/documents.ts';
import { KINDS } from '../../server/services/documents/kinds/index.ts';
import { createMatter, getMatter, listMatters } from '../../server/services/matters/matters.ts';
import { listUsers } from '../../server/services/users/users.ts';
import { DOCUMENT_KINDS } from '../../server/schemas/clause.ts';
import { CHECKLIST_STATUSES, RESPONSIBLE_PARTIES } from '../../server/schemas/answers/formation.ts';
import { ErrorList, Field, describedBy } from '../layout.tsx';
import { ctxOf, fieldErrors, fmtDate, formOf, pageUser, render, str, validate, type WebContext } from '../page.tsx';

const OWNER_ROWS = 4;

export const matterPages = new Hono<AppEnv>()
  .get('/matters', async (c) => {
    const user = pageUser(c);
    const matters = await listMatters(c.get('services').db, user);
    return render(
      c,
      'Matters',
      <section>
        <h1>{user.role === 'client' ? 'My matters' : 'Matters'}</h1>
        {user.role === 'attorney' && (
          <p>
            <a class="button" href="/matters/new">
              Open a matter
            </a>
          </p>
        )}
        <div class="table-wrap">
          <table>
            <caption class="muted small">{matters.length} matter(s)</caption>
            <thead>
              <tr>
                <th scope="col">Matter</th>
                <th scope="col">MSO</th>
                <th scope="col">Practice</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {matters.map((m) => (
                <tr>
                  <td>
                    <a href={`/matters/${m.id}`}>{m.title}</a>
                  </td>
                  <td>
                    {m.msoName} ({m.msoState})
                  </td>
                  <td>
                    {m.peName} ({m.peState} {m.peEntityType})
                  </td>
                  <td>{m.trackingStatus}</td>
                  <td>{fmtDate(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>,
    );
  })
  .get('/matters/new', async (c) => {
    pageUser(c, 'attorney');
    return render(c, 'Open a matter', await MatterForm({ c, values: {}, errors: {} }));
  })
  .post('/matters/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const form = await formOf(c);
    const input = matterFromForm(form);
    try {
      const matter = await createMatter(ctxOf(c, user), validate(CreateMatterSchema, input));
      return c.redirect(`/matters/${matter.id}?msg=matter-created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return render(c, 'Open a matter', await MatterForm({ c, values: form, errors: fieldErrors(err), summary: err.message }), 400);
    }
  })
  .get('/matters/:id', async (c) => {
    const user = pageUser(c);
    const id = idParam.parse(c.req.param('id'));
    const ctx = ctxOf(c, user);
    const matter = await getMatter(ctx.db, user, id);
    const [documents, tasks, audit] = await Promise.all([
      listMatterDocuments(ctx.db, user, id),
      listChecklist(ctx, id),
      user.role === 'attorney' || user.role === 'admin' ? listMatterAudit(ctx.db, user, id, 50) : Promise.resolve(null),
    ]);
    const canTrack = user.role === 'attorney' || user.role === 'paralegal';
    return render(
      c,
      matter.title,
      <section>
        <h1>{matter.title}</h1>
        <MatterFacts matter={matter} />
        <h2 id="documents">Documents</h2>
        {documents.length === 0 ? (
          <p class="muted">{user.role === 'client' ? 'No documents are ready for you yet.' : 'No documents yet.'}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                  <th scope="col">Signature-ready file</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((d) => (
                  <tr>
                    <td>{user.role === 'client' ? d.title : <a href={`/documents/${d.id}`}>{d.title}</a>} <span class="muted small">{d.shortId}</span></td>
                    <td>{KINDS[d.kind].title}</td>
                    <td class="status-pill">{d.status}</td>
                    <td>{d.currentVersionNo}</td>
                    <td>
                      {d.executableVersionNo ? (
                        <a href={`/documents/${d.id}/versions/${d.executedVersionNo ?? d.executableVersionNo}/download`}>Download .docx (version {d.executedVersionNo ?? d.executableVersionNo})</a>
                      ) : (
                        <span class="muted">not yet executable</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {user.role === 'attorney' && (
          <form method="get" action={`/matters/${matter.id}/documents/new`} class="actions">
            <Field id="new-kind" label="Start a new document">
              <select id="new-kind" name="kind">
                {DOCUMENT_KINDS.map((k) => (
                  <option value={k}>{KINDS[k].title}</option>
                ))}
              </select>
            </Field>
            <button type="submit">Start drafting</button>
          </form>
        )}
        <h2 id="checklist">Formation checklist</h2>
        {tasks.length === 0 ? (
          <p class="muted">No checklist tasks. {user.role === 'attorney' ? 'Start an Entity Formation Checklist document to create them.' : ''}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Responsible</th>
                  <th scope="col">Due</th>
                  <th scope="col">Status</th>
                  {canTrack && <th scope="col">Update</th>}
                </tr>
              </thead>
              <tbody>
                {tasks.map((t) => (
                  <tr>
                    <td>
                      <strong>{t.title}</strong>
                      {t.verification === 'unverified' && <span class="badge sev-warning"> unverified</span>}
                      <br />
                      <span class="small muted">{t.detail}</span>
                      {t.note && <p class="small">Note: {t.note}</p>}
                    </td>
                    <td>{t.responsible}</td>
                    <td>{t.dueDate}</td>
                    <td class="status-pill">{t.status}</td>
                    {canTrack && (
                      <td>
                        <form method="post" action={`/checklist-tasks/${t.id}`}>
                          <input type="hidden" name="rowVersion" value={String(t.rowVersion)} />
                          <input type="hidden" name="matterId" value={String(matter.id)} />
                          <Field id={`task-${t.id}-status`} label="Status">
                            <select id={`task-${t.id}-status`} name="status">
                              {CHECKLIST_STATUSES.map((s) => (
                                <option value={s} selected={s === t.status}>
                                  {s}
                                </option>
                              ))}
                            </select>
                          </Field>
                          <Field id={`task-${t.id}-responsible`} label="Responsible">
                            <select id={`task-${t.id}-responsible`} name="responsible">
                              {RESPONSIBLE_PARTIES.map((r) => (
                                <option value={r} selected={r === t.responsible}>
                                  {r}
                                </option>
                              ))}
                            </select>
                          </Field>
                          <Field id={`task-${t.id}-due`} label="Due date">
                            <input type="date" id={`task-${t.id}-due`} name="dueDate" value={t.dueDate} />
                          </Field>
                          <button type="submit" class="secondary">
                            Save task
                          </button>
                        </form>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {audit && (
          <>
            <h2 id="audit">Audit trail</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">By</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.map((e) => (
                    <tr>
                      <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
                      <td>{e.type}</td>
                      <td>{e.actorRole ?? 'system'}</td>
                      <td class="small">{JSON.stringify(e.data)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>,
    );
  });

function MatterFacts(props: { matter: Matter }) {
  const m = props.matter;
  return (
    <div class="grid">
      <div class="card">
        <h2>MSO</h2>
        <p>
          {m.msoName}
          <br />
          {m.msoEntityType}, {m.msoState}
        </p>
      </div>
      <div class="card">
        <h2>Practice</h2>
        <p>
          {m.peName}
          <br />
          {m.peEntityType}, {m.peState} · governing law {m.governingLawState}
        </p>
      </div>
      <div class="card">
        <h2>Owners</h2>
        <ul>
          {m.owners.map((o) => (
            <li>
              {o.name} — {o.ownershipPct}% {o.licensed ? `(licensed${o.licenseState ? ` in ${o.licenseState}` : ''})` : '(not licensed)'}
              {o.isMso ? ' · MSO affiliate' : ''}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The create-matter form's values → the API's CreateMatter shape (validated by its schema). */
export function matterFromForm(form: Record<string, string | string[]>): Record<string, unknown> {
  const owners = [];
  for (let i = 0; i < OWNER_ROWS; i++) {
    const name = str(form, `owners.${i}.name`).trim();
    if (!name) continue;
    const pct = str(form, `owners.${i}.ownershipPct`);
    owners.push({
      name,
      licensed: str(form, `owners.${i}.licensed`) === 'true',
      licenseState: str(form, `owners.${i}.licenseState`).trim().toUpperCase() || null,
      isMso: str(form, `owners.${i}.isMso`) === 'true',
      ownershipPct: pct === '' ? undefined : Number(pct),
    });
  }
  const ids = (name: string) => [form[name] ?? []].flat().map(Number).filter(Number.isInteger);
  const upper = (name: string) => str(form, name).trim().toUpperCase();
  return {
    title: str(form, 'title'),
    msoName: str(form, 'msoName'),
    msoEntityType: str(form, 'msoEntityType'),
    msoState: upper('msoState'),
    peName: str(form, 'peName'),
    peEntityType: str(form, 'peEntityType'),
    peState: upper('peState'),
    governingLawState: upper('governingLawState'),
    owners,
    clientUserIds: ids('clientUserIds'),
    staffUserIds: ids('staffUserIds'),
  };
}

async function MatterForm(props: { c: WebContext; values: Record<string, string | string[]>; errors: Record<string, string>; summary?: string }) {
  const users = await listUsers(props.c.get('services').db);
  const v = (name: string) => str(props.values, name);
  const text = (name: string, label: string, help?: string) => {
    const id = `m-${name}`;
    const error = props.errors[name];
    return (
      <Field id={id} label={label} help={help} error={error}>
        <input type="text" id={id} name={name} value={v(name)} aria-describedby={describedBy(id, help, error)} aria-invalid={error ? 'true' : undefined} />
      </Field>
    );
  };
  const chosen = (name: string) => new Set([props.values[name] ?? []].flat());
  return (
    <section>
      <h1>Open a matter</h1>
      {props.summary && <ErrorList errors={[props.summary]} />}
      <form method="post" action="/matters/new">
        <fieldset>
          <legend>Matter</legend>
          {text('title', 'Matter title')}
        </fieldset>
        <fieldset>
          <legend>MSO</legend>
          {text('msoName', 'MSO legal name')}
          {text('msoEntityType', 'MSO entity type', 'e.g. limited liability company')}
          {text('msoState', 'MSO state of organization', 'Two-letter code, e.g. TX')}
        </fieldset>
        <fieldset>
          <legend>Professional entity</legend>
          {text('peName', 'Practice legal name')}
          <Field id="m-peEntityType" label="Practice entity type" error={props.errors.peEntityType}>
            <select id="m-peEntityType" name="peEntityType">
              {PE_ENTITY_TYPES.map((t) => (
                <option value={t} selected={v('peEntityType') === t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
          {text('peState', 'Practice state', 'Two-letter code; decides the corporate-practice rules')}
          {text('governingLawState', 'Governing-law state')}
        </fieldset>
        <fieldset>
          <legend>Owners of the professional entity</legend>
          {props.errors.owners && <p class="error">{props.errors.owners}</p>}
          {Array.from({ length: OWNER_ROWS }, (_, i) => (
            <fieldset class="nested">
              <legend>Owner {i + 1}{i > 0 ? ' (optional)' : ''}</legend>
              {text(`owners.${i}.name`, 'Name')}
              {text(`owners.${i}.ownershipPct`, 'Ownership %')}
              {text(`owners.${i}.licenseState`, 'Licence state', 'Two-letter code of the medical licence, if any')}
              <div class="field check">
                <input type="hidden" name={`owners.${i}.licensed`} value="false" />
                <input type="checkbox" id={`m-owners-${i}-licensed`} name={`owners.${i}.licensed`} value="true" checked={v(`owners.${i}.licensed`) === 'true'} />{' '}
                <label for={`m-owners-${i}-licensed`}>Holds a medical licence</label>
              </div>
              <div class="field check">
                <input type="hidden" name={`owners.${i}.isMso`} value="false" />
                <input type="checkbox" id={`m-owners-${i}-isMso`} name={`owners.${i}.isMso`} value="true" checked={v(`owners.${i}.isMso`) === 'true'} />{' '}
                <label for={`m-owners-${i}-isMso`}>Is the MSO or an MSO affiliate</label>
              </div>
            </fieldset>
          ))}
        </fieldset>
        <fieldset>
          <legend>People on the matter</legend>
          <p class="legend">Clients who may see it</p>
          {users
            .filter((u) => u.role === 'client' && !u.disabled)
            .map((u) => (
              <div class="field check">
                <input type="checkbox" id={`m-client-${u.id}`} name="clientUserIds" value={String(u.id)} checked={chosen('clientUserIds').has(String(u.id))} /> <label for={`m-client-${u.id}`}>{u.name} ({u.email})</label>
              </div>
            ))}
          <p class="legend">Attorneys and paralegals</p>
          {users
            .filter((u) => (u.role === 'attorney' || u.role === 'paralegal') && !u.disabled)
            .map((u) => (
              <div class="field check">
                <input type="checkbox" id={`m-staff-${u.id}`} name="staffUserIds" value={String(u.id)} checked={chosen('staffUserIds').has(String(u.id))} /> <label for={`m-staff-${u.id}`}>{u.name} ({u.role})</label>
              </div>
            ))}
        </fieldset>
        <button type="submit">Open matter</button>
      </form>
    </section>
  );
}
