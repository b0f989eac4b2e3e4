import { readFileSync } from 'node:fs';
import { projectPath } from '../../server/paths.ts';
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../server/http/env.ts';
import { AppError } from '../../server/errors.ts';
import { idParam } from '../../server/routes/router.ts';
import { documentKind, type DocumentKind } from '../../server/schemas/clause.ts';
import { CreateDocumentSchema, NewVersionSchema, type DocumentInfo, type Version } from '../../server/schemas/document.ts';
import type { Finding } from '../../server/services/compliance/rule.ts';
import { changeStatus } from '../../server/services/documents/change-status.ts';
import { compareVersions, redlineVersions } from '../../server/services/documents/compare.ts';
import { createDocument, createVersion, getDocumentRow, listDocumentVersions, toDocumentInfo } from '../../server/services/documents/documents.ts';
import { contentDisposition, downloadVersion } from '../../server/services/documents/download.ts';
import { KINDS } from '../../server/services/documents/kinds/index.ts';
import { TRANSITIONS } from '../../server/services/documents/lifecycle.ts';
import { acknowledgeWarning } from '../../server/services/documents/mark-executable.ts';
import { variantGroups } from '../../server/services/documents/select-clauses.ts';
import { previewChecks } from '../../server/services/documents/preview-checks.ts';
import { getMatter } from '../../server/services/matters/matters.ts';
import { ErrorList, Field } from '../layout.tsx';
import { Questionnaire, answersFromForm } from '../questionnaire.tsx';
import { ctxOf, fieldErrors, formOf, pageUser, render, str, validate, type WebContext } from '../page.tsx';

/** The drafting pages' one extra script: the live compliance panel. */
const LIVE = ['live-check.js'];

const sampleAnswers = (kind: DocumentKind) => JSON.parse(readFileSync(projectPath('templates', kind, 'sample.json'), 'utf8')) as Record<string, unknown>;

/** Variant choices and clause overrides from the form: "choice.<group>" and "override.<clauseId>". */
function draftingFromForm(form: Record<string, string | string[]>) {
  const choices: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const text = Array.isArray(value) ? value[value.length - 1]! : value;
    if (key.startsWith('choice.') && text) choices[key.slice(7)] = text;
    if (key.startsWith('override.') && text.trim()) overrides[key.slice(9)] = text;
  }
  const newId = str(form, 'newOverrideClause');
  if (newId && str(form, 'newOverrideText').trim()) overrides[newId] = str(form, 'newOverrideText');
  return { choices, overrides, note: str(form, 'note') };
}

export const documentPages = new Hono<AppEnv>()
  .get('/matters/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const matter = await getMatter(c.get('services').db, user, idParam.parse(c.req.param('id')));
    const kind = documentKind.parse(c.req.query('kind') ?? 'msa');
    const values = c.req.query('sample') === '1' ? sampleAnswers(kind) : {};
    return render(c, `New ${KINDS[kind].title}`, <NewDocument c={c} matterId={matter.id} matterTitle={matter.title} kind={kind} values={values} errors={{}} />, 200, LIVE);
  })
  .post('/matters/:id/documents/new', async (c) => {
    const user = pageUser(c, 'attorney');
    const matterId = idParam.parse(c.req.param('id'));
    const matter = await getMatter(c.get('services').db, user, matterId);
    const form = await formOf(c);
    const kind = documentKind.parse(str(form, 'kind'));
    const answers = answersFromForm(kind, form);
    try {
      const input = validate(CreateDocumentSchema, { kind, title: str(form, 'title') || undefined, answers, ...draftingFromForm(form) });
      const { document } = await createDocument(ctxOf(c, user), c.get('services').catalog, matterId, input);
      return c.redirect(`/documents/${document.id}?msg=document-created`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.code !== 'validation_failed' && err.code !== 'unprocessable')) throw err;
      return render(c, `New ${KINDS[kind].title}`, <NewDocument c={c} matterId={matterId} matterTitle={matter.title} kind={kind} values={answers} errors={fieldErrors(err)} summary={err.message} />, 400, LIVE);
    }
  })
  // The live panel: checks the unsaved form and answers with an HTML fragment; writes nothing.
  .post('/matters/:id/documents/preview', async (c) => {
    const user = pageUser(c, 'attorney');
    const matterId = idParam.parse(c.req.param('id'));
    const form = await formOf(c);
    const documentId = Number(str(form, 'documentId')) || undefined;
    const row = documentId ? await getDocumentRow(c.get('services').db, user, documentId) : null;
    const kind = row?.kind ?? documentKind.parse(str(form, 'kind'));
    const base = row ? (await listDocumentVersions(c.get('services').db, user, row.id)).find((v) => v.versionNo === row.current_version_no) : undefined;
    try {
      const { choices, overrides } = draftingFromForm(form);
      const report = await previewChecks(ctxOf(c, user), c.get('services').catalog, row?.matter_id ?? matterId, { kind, answers: answersFromForm(kind, form), choices, overrides, documentId, pins: base?.clausePins });
      return c.html(<LiveFindings findings={report.findings} />);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable'].includes(err.code)) throw err;
      const fields = ((err.details?.fields ?? []) as { path: string; message: string }[]).map((f) => `${f.path.replace(/^answers\./, '')}: ${f.message}`);
      return c.html(
        <div>
          <p>
            <strong>Not checked yet</strong> — some answers are missing or not valid:
          </p>
          <ul>
            {fields.slice(0, 12).map((f) => (
              <li>{f}</li>
            ))}
          </ul>
        </div>,
      );
    }
  })
  .get('/documents/:id', async (c) => {
    pageUser(c, 'attorney', 'paralegal', 'admin');
    return render(c, 'Document', await DraftingPage({ c, documentId: idParam.parse(c.req.param('id')) }), 200, LIVE);
  })
  .post('/documents/:id/versions', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idParam.parse(c.req.param('id'));
    const row = await getDocumentRow(c.get('services').db, user, id);
    const form = await formOf(c);
    const answers = answersFromForm(row.kind, form);
    try {
      const input = validate(NewVersionSchema, { baseVersionNo: Number(str(form, 'baseVersionNo')), answers, ...draftingFromForm(form) });
      await createVersion(ctxOf(c, user), c.get('services').catalog, id, input);
      return c.redirect(`/documents/${id}?msg=version-saved#compliance`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable', 'conflict'].includes(err.code)) throw err;
      const status = err.code === 'conflict' ? 409 : 400;
      return render(c, 'Document', await DraftingPage({ c, documentId: id, values: answers, errors: fieldErrors(err), summary: err.message }), status, LIVE);
    }
  })
  .post('/documents/:id/acknowledge', async (c) => {
    const user = pageUser(c, 'attorney');
    const id = idParam.parse(c.req.param('id'));
    const form = await formOf(c);
    try {
      await acknowledgeWarning(ctxOf(c, user), id, Number(str(form, 'versionNo')), str(form, 'ruleId'), validateReason(str(form, 'reason')));
      return c.redirect(`/documents/${id}?msg=acknowledged#compliance`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return render(c, 'Document', await DraftingPage({ c, documentId: id, summary: err.message }), 400, LIVE);
    }
  })
  .post('/documents/:id/status', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal');
    const id = idParam.parse(c.req.param('id'));
    const form = await formOf(c);
    const to = str(form, 'to') as DocumentInfo['status'];
    try {
      await changeStatus(ctxOf(c, user), c.get('services').catalog, id, { to, versionNo: Number(str(form, 'versionNo')) || undefined, executedOn: str(form, 'executedOn') || undefined });
      return c.redirect(`/documents/${id}?msg=${to === 'executable' ? 'executable' : 'status'}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || !['validation_failed', 'unprocessable', 'conflict'].includes(err.code)) throw err;
      const blocking = ((err.details?.findings ?? []) as Finding[]).map((f) => `${f.severity === 'error' ? 'Error' : 'Unacknowledged warning'}: ${f.title} — ${f.message}`);
      return render(c, 'Document', await DraftingPage({ c, documentId: id, summary: err.message, blocking }), err.code === 'unprocessable' ? 422 : err.code === 'conflict' ? 409 : 400, LIVE);
    }
  })
  .get('/documents/:id/versions/:versionNo/download', async (c) => {
    const user = pageUser(c);
    const file = await downloadVersion(ctxOf(c, user), idParam.parse(c.req.param('id')), idParam.parse(c.req.param('versionNo')));
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': file.contentType, 'content-disposition': contentDisposition(file.filename), 'cache-control': 'no-store' });
  })
  .get('/documents/:id/compare', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal', 'admin');
    const id = idParam.parse(c.req.param('id'));
    const from = idParam.parse(c.req.query('from') ?? '');
    const to = idParam.parse(c.req.query('to') ?? '');
    const comparison = await compareVersions(ctxOf(c, user), c.get('services').catalog, id, from, to);
    return render(
      c,
      `Compare versions ${from} and ${to}`,
      <section>
        <h1>
          Version {from} → version {to}
        </h1>
        <p>
          <a href={`/documents/${id}`}>Back to the document</a> · <a href={`/documents/${id}/redline?from=${from}&to=${to}`}>Download the redline (.docx with tracked changes)</a>
        </p>
        <h2>Answers</h2>
        {comparison.answers.length === 0 ? (
          <p class="muted">No answers changed.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {comparison.answers.map((a) => (
                <tr>
                  <td>{a.path}</td>
                  <td>
                    <del>{JSON.stringify(a.before) ?? '—'}</del>
                  </td>
                  <td>
                    <ins>{JSON.stringify(a.after) ?? '—'}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Clauses</h2>
        <ul>
          {comparison.clauses.added.map((x) => (
            <li>Added: {x.title}</li>
          ))}
          {comparison.clauses.removed.map((x) => (
            <li>Removed: {x.title}</li>
          ))}
          {comparison.clauses.changed.map((x) => (
            <li>
              Changed: {x.title} (v{x.fromVersion} → v{x.toVersion}
              {x.overriddenAfter ? ', text overridden for this document' : ''})
            </li>
          ))}
          {comparison.clauses.added.length + comparison.clauses.removed.length + comparison.clauses.changed.length === 0 && <li class="muted">No clause changed.</li>}
        </ul>
      </section>,
    );
  })
  .get('/documents/:id/redline', async (c) => {
    const user = pageUser(c, 'attorney', 'paralegal', 'admin');
    const id = idParam.parse(c.req.param('id'));
    const file = await redlineVersions(ctxOf(c, user), c.get('services').catalog, id, idParam.parse(c.req.query('from') ?? ''), idParam.parse(c.req.query('to') ?? ''));
    return c.body(new Uint8Array(file.bytes), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': contentDisposition(file.filename), 'cache-control': 'no-store' });
  });

function validateReason(reason: string): string {
  if (reason.trim().length < 3) throw new AppError('validation_failed', 'Give the reason for accepting this warning (at least a few words).', { fields: [{ path: 'reason', issue: 'too_small', message: 'required' }] });
  return reason.trim();
}

function NewDocument(props: { c: WebContext; matterId: number; matterTitle: string; kind: DocumentKind; values: Record<string, unknown>; errors: Record<string, string>; summary?: string }) {
  return (
    <section>
      <h1>
        New {KINDS[props.kind].title} <span class="muted small">in {props.matterTitle}</span>
      </h1>
      <p>
        <a href={`/matters/${props.matterId}/documents/new?kind=${props.kind}&sample=1`}>Start from the sample answers</a> · <a href={`/matters/${props.matterId}`}>Back to the matter</a>
      </p>
      {props.summary && <ErrorList errors={[props.summary]} />}
      <LivePanel />
      <form method="post" action={`/matters/${props.matterId}/documents/new`} data-progress data-live-check={`/matters/${props.matterId}/documents/preview`}>
        <input type="hidden" name="kind" value={props.kind} />
        <Field id="doc-title" label="Title" help={`Defaults to “${KINDS[props.kind].title}”`}>
          <input type="text" id="doc-title" name="title" />
        </Field>
        <Questionnaire kind={props.kind} values={props.values} errors={props.errors} />
        <div class="actions">
          <button type="submit">Assemble and check</button>
          <span class="progress" role="status">
            <progress aria-label="Assembling"></progress> Assembling the document and running the checks…
          </span>
        </div>
      </form>
    </section>
  );
}

async function DraftingPage(props: { c: WebContext; documentId: number; values?: Record<string, unknown>; errors?: Record<string, string>; summary?: string; blocking?: string[] }) {
  const { c } = props;
  const user = c.get('principal')!;
  const { db, catalog } = c.get('services');
  const row = await getDocumentRow(db, user, props.documentId);
  const doc = toDocumentInfo(row);
  const versions = await listDocumentVersions(db, user, doc.id);
  const current = versions.find((v) => v.versionNo === doc.currentVersionNo) ?? versions[versions.length - 1]!;
  const editable = user.role === 'attorney' && (doc.status === 'draft' || doc.status === 'executable');
  const groups = variantGroups(catalog.library, doc.kind);
  const nextStatuses = Object.entries(TRANSITIONS[doc.status]).filter(([to, roles]) => to !== 'executable' && roles?.includes(user.role));
  return (
    <section>
      <h1>
        {doc.title} <span class="muted small">{doc.shortId}</span>
      </h1>
      <p>
        <a href={`/matters/${doc.matterId}`}>Back to the matter</a> · Status: <span class="status-pill">{doc.status}</span> · version {doc.currentVersionNo}
        {doc.executableVersionNo ? ` · executable version ${doc.executableVersionNo}` : ''}
      </p>
      {props.summary && <ErrorList errors={[props.summary, ...(props.blocking ?? [])]} />}
      <div class="cols">
        <div>
          {editable ? (
            <form method="post" action={`/documents/${doc.id}/versions`} data-progress data-live-check={`/matters/${doc.matterId}/documents/preview`}>
              <input type="hidden" name="baseVersionNo" value={String(doc.currentVersionNo)} />
              <input type="hidden" name="documentId" value={String(doc.id)} />
              <h2>Questionnaire</h2>
              <Questionnaire kind={doc.kind} values={props.values ?? current.answers} errors={props.errors ?? {}} />
              {groups.size > 0 && (
                <fieldset>
                  <legend>Clause choices</legend>
                  {[...groups.entries()].map(([group, clauses]) => (
                    <Field id={`choice-${group}`} label={`Variant: ${group}`} help="Leave on automatic to let the answers decide.">
                      <select id={`choice-${group}`} name={`choice.${group}`}>
                        <option value="">automatic</option>
                        {clauses.map((cl) => (
                          <option value={cl.id} selected={current.choices[group] === cl.id}>
                            {cl.title} ({cl.id})
                          </option>
                        ))}
                      </select>
                    </Field>
                  ))}
                </fieldset>
              )}
              <fieldset>
                <legend>Clause text for this document only</legend>
                {Object.entries(current.overrides).map(([clauseId, text]) => (
                  <Field id={`override-${clauseId}`} label={`Override of ${clauseId}`} help="Empty it to go back to the library text.">
                    <textarea class="clause" id={`override-${clauseId}`} name={`override.${clauseId}`}>
                      {text}
                    </textarea>
                  </Field>
                ))}
                <Field id="new-override-clause" label="Override another clause">
                  <select id="new-override-clause" name="newOverrideClause">
                    <option value="">—</option>
                    {Object.keys(current.clausePins)
                      .filter((id) => !(id in current.overrides))
                      .sort()
                      .map((id) => (
                        <option value={id}>{id}</option>
                      ))}
                  </select>
                </Field>
                <Field id="new-override-text" label="Its text for this document" help="Clause text with the same {variables} as the library clause.">
                  <textarea class="clause" id="new-override-text" name="newOverrideText"></textarea>
                </Field>
              </fieldset>
              <Field id="note" label="What changed in this version">
                <input type="text" id="note" name="note" />
              </Field>
              <div class="actions">
                <button type="submit">Save new version</button>
                <span class="progress" role="status">
                  <progress aria-label="Assembling"></progress> Assembling and checking…
                </span>
              </div>
            </form>
          ) : (
            <p class="muted">{user.role === 'attorney' ? `A ${doc.status} document cannot be edited; start an amendment or renewal instead.` : 'Only attorneys edit documents.'}</p>
          )}
        </div>
        <aside>
          {editable && <LivePanel />}
          <CompliancePanel doc={doc} version={current} canAct={user.role === 'attorney'} />
          <VersionList doc={doc} versions={versions} />
          {nextStatuses.length > 0 && (
            <section class="card">
              <h2>Lifecycle</h2>
              {nextStatuses.map(([to]) => (
                <form method="post" action={`/documents/${doc.id}/status`} class="actions" data-confirm={to === 'terminated' ? 'Terminate this agreement?' : undefined}>
                  <input type="hidden" name="to" value={to} />
                  {to === 'executed' && (
                    <Field id="executed-on" label="Date signed">
                      <input type="date" id="executed-on" name="executedOn" required />
                    </Field>
                  )}
                  <button type="submit" class="secondary">
                    Mark {to}
                  </button>
                </form>
              ))}
            </section>
          )}
        </aside>
      </div>
    </section>
  );
}

function CompliancePanel(props: { doc: DocumentInfo; version: Version; canAct: boolean }) {
  const { doc, version } = props;
  const acked = new Map(version.acknowledgements.map((a) => [a.ruleId, a]));
  const findings = version.compliance.findings;
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const unacked = warnings.filter((w) => !acked.has(w.ruleId));
  return (
    <section class="card" id="compliance" aria-labelledby="compliance-heading">
      <h2 id="compliance-heading">Compliance — version {version.versionNo}</h2>
      <p>
        <strong>{errors.length}</strong> error(s), <strong>{warnings.length}</strong> warning(s) ({unacked.length} not acknowledged), {findings.length - errors.length - warnings.length} note(s).{' '}
        <span class="small muted">
          Rules {version.compliance.ruleSetVersion}; reference {version.compliance.referenceVersion}
        </span>
      </p>
      {findings.map((f) => (
        <FindingView finding={f}>
          {f.severity === 'warning' && acked.has(f.ruleId) && <p class="small">Acknowledged: {acked.get(f.ruleId)!.reason}</p>}
          {f.severity === 'warning' && !acked.has(f.ruleId) && props.canAct && doc.status === 'draft' && doc.currentVersionNo === version.versionNo && (
            <form method="post" action={`/documents/${doc.id}/acknowledge`}>
              <input type="hidden" name="versionNo" value={String(version.versionNo)} />
              <input type="hidden" name="ruleId" value={f.ruleId} />
              <Field id={`ack-${f.ruleId}`} label="Reason for accepting this warning">
                <input type="text" id={`ack-${f.ruleId}`} name="reason" required minlength={3} />
              </Field>
              <button type="submit" class="secondary">
                Acknowledge
              </button>
            </form>
          )}
        </FindingView>
      ))}
      {props.canAct && doc.status === 'draft' && (
        <form method="post" action={`/documents/${doc.id}/status`} data-progress>
          <input type="hidden" name="to" value="executable" />
          <input type="hidden" name="versionNo" value={String(version.versionNo)} />
          <div class="actions">
            <button type="submit">Mark executable</button>
            <span class="progress" role="status">
              <progress aria-label="Checking"></progress> Re-checking and rendering the signature-ready file…
            </span>
          </div>
          {(errors.length > 0 || unacked.length > 0) && <p class="small muted">Blocked until every error is fixed and every warning acknowledged.</p>}
        </form>
      )}
    </section>
  );
}

function VersionList(props: { doc: DocumentInfo; versions: Version[] }) {
  const { doc, versions } = props;
  return (
    <section class="card">
      <h2>Versions</h2>
      <ol reversed>
        {[...versions].reverse().map((v) => (
          <li>
            Version {v.versionNo} · {v.createdAt.slice(0, 16).replace('T', ' ')} · {v.compliance.summary.errors} errors, {v.compliance.summary.warnings} warnings
            {v.note ? ` · ${v.note}` : ''}
            <br />
            <a href={`/documents/${doc.id}/versions/${v.versionNo}/download`}>Download .docx</a>
            {v.versionNo > 1 && (
              <>
                {' '}
                · <a href={`/documents/${doc.id}/compare?from=${v.versionNo - 1}&to=${v.versionNo}`}>Compare with {v.versionNo - 1}</a> ·{' '}
                <a href={`/documents/${doc.id}/redline?from=${v.versionNo - 1}&to=${v.versionNo}`}>Redline</a>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Where the live check's findings for the unsaved answers appear (filled by live-check.js). */
function LivePanel() {
  return (
    <section class="card live" aria-labelledby="live-heading">
      <h2 id="live-heading">Live check of unsaved answers</h2>
      <div id="live-check" aria-live="polite">
        <p class="muted small">Change an answer to see what the rules say before you save.</p>
      </div>
    </section>
  );
}

function LiveFindings(props: { findings: Finding[] }) {
  const count = (severity: Finding['severity']) => props.findings.filter((f) => f.severity === severity).length;
  return (
    <div>
      <p>
        <strong>{count('error')}</strong> error(s), <strong>{count('warning')}</strong> warning(s), {count('info')} note(s) if saved now.
      </p>
      {props.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => (
          <FindingView finding={f} />
        ))}
    </div>
  );
}

/** One finding in words an attorney can act on: severity, what, the fix, the source. */
function FindingView(props: { finding: Finding; children?: Child }) {
  const f = props.finding;
  return (
    <div class={`finding ${f.severity}`}>
      <p>
        <span class={`badge sev-${f.severity}`}>{f.severity.toUpperCase()}</span> <strong>{f.title}</strong>
        {f.unverified && <span class="badge sev-warning"> rests on unverified reference data</span>}
      </p>
      <p>{f.message}</p>
      <p>
        <em>Fix:</em> {f.fix}
      </p>
      <p class="small muted">Source: {f.citation}</p>
      {props.children}
    </div>
  );
}
