import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../web/routes.tsx';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';
import { cookieFrom, makeTestApp, sampleMatter, TEST_PASSWORD, type TestResponse } from './helpers/test-app.ts';
import { nextCode } from './helpers/mfa.ts';
import { postForm, toFields } from './helpers/web.ts';
import { followOnce } from './helpers/one-time.ts';
import { rulingPdf, tableFrom } from './helpers/afr-ruling-pdf.ts';
import { pdfWith } from './helpers/hostile-files.ts';

/**
 * Every state-changing web route (each POST of the web router; a new one fails this test until
 * it has a scenario) calls the same service as its API twin, so it writes the same audit
 * events: the same types, objects, roles and data fields, in the same order. Each scenario runs
 * the form post and then the API call on an equivalent object and compares what each wrote.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
const c = {} as Record<'admin' | 'attorney' | 'paralegal', string>;
/** Two of everything: the web scenario works on [0], its API twin on [1]. */
const docs: number[] = [];
let matters: number[] = [];
const drafts: number[] = [];
const users: number[] = [];
const portfolios: number[] = [];
/** Matters opened on their own that join the portfolios. */
const lone: number[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  for (const who of ['admin', 'attorney', 'paralegal'] as const) c[who] = await t.login(who);
  for (let i = 0; i < 2; i++) {
    const made = await matterWithDocument(t, 'msa', { ...sample('msa'), handlesPhi: false });
    matters.push(made.matter.id);
    docs.push(made.document.id);
  }
});
afterAll(async () => t?.close());

interface EventShape {
  type: string;
  object_type: string | null;
  actor_role: string | null;
  matter: boolean;
  fields: string;
}

type Call = () => Promise<TestResponse>;
interface Scenario {
  setup?: () => Promise<void>;
  web: Call;
  /** The API call that does the same thing; null when the web route has no twin (it must then write nothing). */
  api: Call | null;
}

const json = (path: string, cookie: string, method: string, body?: unknown) => t.request(path, { method, cookie, ...(body === undefined ? {} : { json: body }) });
const tasksOf = async (matterId: number) => (await (await t.request(`/api/matters/${matterId}/checklist`, { cookie: c.paralegal })).json()).tasks as { id: number; rowVersion: number }[];
const deadlineOf = async (matterId: number, kind: string) => (await (await t.request(`/api/deadlines?matterId=${matterId}&kind=${kind}`, { cookie: c.paralegal })).json()).deadlines[0] as { id: number };
const version = async (id: number) => (await (await t.request(`/api/documents/${id}/versions`, { cookie: c.attorney })).json()).versions.at(-1);
const matterOf = async (id: number) => (await (await t.request(`/api/matters/${id}`, { cookie: c.paralegal })).json()).matter;
const texas = async () => (await (await t.request('/api/admin/reference', { cookie: c.admin })).json()).jurisdictions.find((j: { code: string }) => j.code === 'TX');
/** A signed copy to upload, as a browser's multipart form sends it. */
const signedFile = (marker: string) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdfWith(marker))]), 'signed.pdf');
  return form;
};
const counterparts = readFileSync(new URL('../clauses/msa/general.counterparts.md', import.meta.url), 'utf8');
const ruling = (month: string, revRul: string) => {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(rulingPdf({ month, revRul, table: tableFrom({ short: 4.1, mid: 4.3, long: 4.8 }) }))], `${month}.pdf`));
  return form;
};
let session = '';
/** A matter's fields without the MSO's, which a practice takes from its portfolio. */
const practiceOf = (matter: Record<string, unknown>) => Object.fromEntries(Object.entries(matter).filter(([k]) => !['msoName', 'msoEntityType', 'msoState', 'msoAffiliates'].includes(k)));
let apiSession = '';
const resetCodes: string[] = [];
/** The paralegal's two API tokens: [0] revoked on the web, [1] through the API. */
let tokenIds: number[] = [];

const SCENARIOS: Record<string, Scenario> = {
  'POST /login': {
    web: () => postForm(t, '/login', '', { email: 'paralegal@example.test', password: TEST_PASSWORD }),
    api: () => t.request('/api/auth/login', { method: 'POST', json: { email: 'paralegal@example.test', password: TEST_PASSWORD } }),
  },
  'POST /logout': {
    setup: async () => {
      session = await t.login('client');
      apiSession = await t.login('client');
    },
    web: () => postForm(t, '/logout', session, {}),
    api: () => json('/api/auth/logout', apiSession, 'POST'),
  },
  'POST /matters/new': {
    web: () => postForm(t, '/matters/new', c.attorney, toFields({ ...sampleMatter(), title: 'Web matter' })),
    api: () => json('/api/matters', c.attorney, 'POST', { ...sampleMatter(), title: 'API matter' }),
  },
  'POST /matters/:id/tracking': {
    web: async () => postForm(t, `/matters/${matters[0]}/tracking`, c.paralegal, { rowVersion: String((await matterOf(matters[0]!)).rowVersion), trackingStatus: 'on-hold', nextFollowUp: '2027-03-01', trackingNotes: 'Waiting.' }),
    api: async () => json(`/api/matters/${matters[1]}`, c.paralegal, 'PATCH', { rowVersion: (await matterOf(matters[1]!)).rowVersion, trackingStatus: 'on-hold', nextFollowUp: '2027-03-01', trackingNotes: 'Waiting.' }),
  },
  'POST /matters/:id/edit': {
    web: async () => postForm(t, `/matters/${matters[0]}/edit`, c.attorney, { rowVersion: String((await matterOf(matters[0]!)).rowVersion), ...toFields(sampleMatter({ peName: 'Bluebonnet Physicians II, PLLC', clientUserIds: [t.users.client] })) }),
    api: async () => json(`/api/matters/${matters[1]}`, c.attorney, 'PATCH', { rowVersion: (await matterOf(matters[1]!)).rowVersion, peName: 'Bluebonnet Physicians II, PLLC' }),
  },
  'POST /matters/:id/clients': {
    web: () => postForm(t, `/matters/${matters[0]}/clients`, c.attorney, { name: 'Web Invitee', email: 'web.invitee@example.test' }),
    api: () => json(`/api/matters/${matters[1]}/clients`, c.attorney, 'POST', { name: 'API Invitee', email: 'api.invitee@example.test' }),
  },
  'POST /matters/:id/documents/new': {
    web: () => postForm(t, `/matters/${matters[0]}/documents/new`, c.attorney, { kind: 'formation-checklist', ...toFields(sample('formation-checklist')) }),
    api: () => json(`/api/matters/${matters[1]}/documents`, c.attorney, 'POST', { kind: 'formation-checklist', answers: sample('formation-checklist') }),
  },
  'POST /matters/:id/documents/preview': {
    web: () => postForm(t, `/matters/${matters[0]}/documents/preview`, c.attorney, { kind: 'msa', ...toFields(sample('msa')) }),
    api: null,
  },
  // Portfolios (issue 23): the web scenario opens and drafts in portfolios[0], its API twin in portfolios[1].
  'POST /portfolios/new': {
    web: () => postForm(t, '/portfolios/new', c.attorney, { name: 'Web Platform', msoName: 'Platform MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' }),
    api: async () => {
      const res = await json('/api/portfolios', c.attorney, 'POST', { name: 'API Platform', msoName: 'Platform MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' });
      portfolios.push(...(await t.db.all<{ id: number }>('SELECT id FROM portfolios ORDER BY id')).map((p) => p.id));
      return res;
    },
  },
  'POST /portfolios/:id/practices/new': {
    web: () => postForm(t, `/portfolios/${portfolios[0]}/practices/new`, c.attorney, toFields(practiceOf(sampleMatter({ title: 'Web practice' })))),
    api: () => json(`/api/portfolios/${portfolios[1]}/practices`, c.attorney, 'POST', practiceOf(sampleMatter({ title: 'API practice' }))),
  },
  'POST /portfolios/:id/matters': {
    setup: async () => {
      for (const title of ['Web lone matter', 'API lone matter']) lone.push((await (await json('/api/matters', c.attorney, 'POST', sampleMatter({ title, msoName: 'Platform MSO, LLC' }))).json()).matter.id);
    },
    web: () => postForm(t, `/portfolios/${portfolios[0]}/matters`, c.attorney, { matterId: String(lone[0]) }),
    api: () => json(`/api/portfolios/${portfolios[1]}/matters`, c.attorney, 'POST', { matterId: lone[1] }),
  },
  'POST /portfolios/:id/edit': {
    web: () => postForm(t, `/portfolios/${portfolios[0]}/edit`, c.attorney, { rowVersion: '1', name: 'Web Platform', msoName: 'Platform Health MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' }),
    api: () => json(`/api/portfolios/${portfolios[1]}`, c.attorney, 'PATCH', { rowVersion: 1, msoName: 'Platform Health MSO, LLC' }),
  },
  'POST /portfolios/:id/documents/new': {
    web: () => postForm(t, `/portfolios/${portfolios[0]}/documents/new`, c.attorney, { kind: 'msa', ...toFields(sample('msa')) }),
    api: () => json(`/api/portfolios/${portfolios[1]}/documents`, c.attorney, 'POST', { kind: 'msa', answers: sample('msa') }),
  },
  'POST /documents/:id/versions': {
    web: () => postForm(t, `/documents/${docs[0]}/versions`, c.attorney, { baseVersionNo: '1', note: 'Same answers.', ...toFields({ ...sample('msa'), handlesPhi: false }) }),
    api: () => json(`/api/documents/${docs[1]}/versions`, c.attorney, 'POST', { baseVersionNo: 1, note: 'Same answers.', answers: { ...sample('msa'), handlesPhi: false } }),
  },
  'POST /documents/:id/executable': {
    web: async () => {
      const v = await version(docs[0]!);
      const reasons = Object.fromEntries(v.compliance.findings.filter((f: { severity: string }) => f.severity === 'warning').map((f: { ruleId: string }) => [`reason.${f.ruleId}`, 'Reviewed; acceptable.']));
      return postForm(t, `/documents/${docs[0]}/executable`, c.attorney, { versionNo: String(v.versionNo), ...reasons });
    },
    api: async () => approve(t, c.attorney, docs[1]!, await version(docs[1]!)),
  },
  'POST /documents/:id/status': {
    web: () => postForm(t, `/documents/${docs[0]}/status`, c.paralegal, { to: 'executed', executedOn: '2026-11-20' }),
    api: () => json(`/api/documents/${docs[1]}/status`, c.paralegal, 'POST', { to: 'executed', executedOn: '2026-11-20' }),
  },
  // After the execution above: the signed copy of each executed document.
  'POST /documents/:id/signed-copy': {
    web: () => t.request(`/documents/${docs[0]}/signed-copy`, { method: 'POST', cookie: c.paralegal, body: signedFile('% web signing\n') }),
    api: () => t.request(`/api/documents/${docs[1]}/signed-copy`, { method: 'POST', cookie: c.paralegal, body: signedFile('% api signing\n') }),
  },
  'POST /deadlines/:id/handled': {
    web: async () => postForm(t, `/deadlines/${(await deadlineOf(matters[0]!, 'fmv-review')).id}/handled`, c.paralegal, { note: 'Review ordered.' }),
    api: async () => json(`/api/deadlines/${(await deadlineOf(matters[1]!, 'fmv-review')).id}/handled`, c.paralegal, 'POST', { note: 'Review ordered.' }),
  },
  'POST /documents/:id/renewal': {
    web: () => postForm(t, `/documents/${docs[0]}/renewal`, c.paralegal, { termMonths: '', note: '' }),
    api: () => json(`/api/documents/${docs[1]}/renewal`, c.paralegal, 'POST', { note: '' }),
  },
  'POST /checklist-tasks/:id': {
    web: async () => {
      const [task] = await tasksOf(matters[0]!);
      return postForm(t, `/checklist-tasks/${task!.id}`, c.paralegal, { matterId: String(matters[0]), rowVersion: String(task!.rowVersion), status: 'in-progress', responsible: 'client', dueDate: '2027-02-01', note: 'Asked.' });
    },
    api: async () => {
      const [task] = await tasksOf(matters[1]!);
      return json(`/api/checklist-tasks/${task!.id}`, c.paralegal, 'PATCH', { rowVersion: task!.rowVersion, status: 'in-progress', responsible: 'client', dueDate: '2027-02-01', note: 'Asked.' });
    },
  },
  // The bulk change is one PATCH per ticked task (here one task, the second of each checklist).
  'POST /matters/:id/checklist/bulk': {
    web: async () => {
      const [, task] = await tasksOf(matters[0]!);
      return postForm(t, `/matters/${matters[0]}/checklist/bulk`, c.paralegal, { tasks: `${task!.id}:${task!.rowVersion}`, status: 'done' });
    },
    api: async () => {
      const [, task] = await tasksOf(matters[1]!);
      return json(`/api/checklist-tasks/${task!.id}`, c.paralegal, 'PATCH', { rowVersion: task!.rowVersion, status: 'done' });
    },
  },
  'POST /deadlines/reminders': {
    web: () => postForm(t, '/deadlines/reminders', c.paralegal, { daysBefore: '60, 14, 1' }),
    api: () => json('/api/deadlines/reminders', c.paralegal, 'PUT', { daysBefore: [60, 14, 1] }),
  },
  'POST /calendar/link': { web: () => postForm(t, '/calendar/link', c.paralegal, {}), api: () => json('/api/calendar/link', c.paralegal, 'POST') },
  'POST /calendar/link/revoke': { web: () => postForm(t, '/calendar/link/revoke', c.paralegal, {}), api: () => json('/api/calendar/link', c.paralegal, 'DELETE') },
  'POST /clauses/:id': {
    // Two drafts pinned to the clause's first version, for the clause-updates scenario next.
    setup: async () => {
      for (const m of matters) drafts.push((await (await json(`/api/matters/${m}/documents`, c.attorney, 'POST', { kind: 'msa', answers: sample('msa') })).json()).document.id);
    },
    web: () => postForm(t, '/clauses/msa.general.counterparts', c.attorney, { source: counterparts.replace(/\n*$/, '\n\nAdded on the web.\n'), note: 'web' }),
    api: () => json('/api/clauses/msa.general.counterparts/versions', c.attorney, 'POST', { source: counterparts.replace(/\n*$/, '\n\nAdded through the API.\n'), note: 'api' }),
  },
  'POST /documents/:id/clause-updates': {
    web: () => postForm(t, `/documents/${drafts[0]}/clause-updates`, c.attorney, { baseVersionNo: '1', clauseIds: ['msa.general.counterparts'] }),
    api: () => json(`/api/documents/${drafts[1]}/clause-updates`, c.attorney, 'POST', { baseVersionNo: 1, clauseIds: ['msa.general.counterparts'] }),
  },
  'POST /admin/users': {
    web: () => postForm(t, '/admin/users', c.admin, { name: 'Web Person', email: 'web.person@example.test', role: 'paralegal', password: 'a long enough password' }),
    api: () => json('/api/users', c.admin, 'POST', { name: 'API Person', email: 'api.person@example.test', role: 'paralegal', password: 'a long enough password' }),
  },
  'POST /admin/users/:id': {
    setup: async () => {
      const all = (await (await t.request('/api/users', { cookie: c.admin })).json()).users as { id: number; email: string }[];
      users.push(...['web.person@example.test', 'api.person@example.test'].map((e) => all.find((u) => u.email === e)!.id));
    },
    web: () => postForm(t, `/admin/users/${users[0]}`, c.admin, { role: 'attorney', disabled: 'true' }),
    api: () => json(`/api/users/${users[1]}`, c.admin, 'PATCH', { role: 'attorney', disabled: true }),
  },
  'POST /admin/reference/afr/import': {
    web: () => t.request('/admin/reference/afr/import', { method: 'POST', cookie: c.admin, body: ruling('2031-01', 'Rev. Rul. 2031-1') }),
    api: () => t.request('/api/admin/reference/afr/import', { method: 'POST', cookie: c.admin, body: ruling('2031-02', 'Rev. Rul. 2031-4') }),
  },
  'POST /admin/reference/jurisdictions/:code': {
    web: async () => {
      const tx = await texas();
      return postForm(t, '/admin/reference/jurisdictions/TX', c.admin, { cpom: tx.cpom, percentFeeTreatment: tx.percentFeeTreatment, percentFeeNotes: tx.percentFeeNotes, licensedOwnershipRule: tx.licensedOwnership.rule, minimumLicensedPct: String(tx.licensedOwnership.minimumLicensedPct ?? ''), notes: 'Reviewed on the web.', sources: tx.sources.join('\n'), citations: tx.citations.join('\n'), verification: tx.verification, reason: 'Review.' });
    },
    api: async () => json('/api/admin/reference/jurisdictions/TX', c.admin, 'PUT', { row: { ...(await texas()), notes: 'Reviewed through the API.' }, reason: 'Review.' }),
  },
  'POST /admin/recheck': { web: () => postForm(t, '/admin/recheck', c.admin, {}), api: () => json('/api/admin/recheck', c.admin, 'POST') },
  // API tokens (issue 20): the paralegal makes one on each side and revokes it.
  'POST /account/tokens': {
    web: () => postForm(t, '/account/tokens', c.paralegal, { name: 'DMS sync', expiresInDays: '30' }),
    api: () => json('/api/tokens', c.paralegal, 'POST', { name: 'DMS sync', expiresInDays: 30 }),
  },
  'POST /account/tokens/:id/revoke': {
    setup: async () => {
      tokenIds = ((await (await json('/api/tokens', c.paralegal, 'GET')).json()).tokens as { id: number }[]).map((tk) => tk.id).sort((a, b) => a - b);
    },
    web: () => postForm(t, `/account/tokens/${tokenIds[0]}/revoke`, c.paralegal, {}),
    api: () => json(`/api/tokens/${tokenIds[1]}`, c.paralegal, 'DELETE'),
  },
  // Accounts (issue 20): the two client users, same role so the events compare like for like.
  'POST /account/password': {
    setup: async () => {
      session = await t.login('client');
      apiSession = await t.login('client2');
    },
    web: () => postForm(t, '/account/password', session, { currentPassword: TEST_PASSWORD, newPassword: 'plum orchard lighthouse 42' }),
    api: () => json('/api/auth/password', apiSession, 'POST', { currentPassword: TEST_PASSWORD, newPassword: 'plum orchard lighthouse 42' }),
  },
  'POST /admin/users/:id/password-reset': {
    web: async () => {
      const res = await postForm(t, `/admin/users/${t.users.client}/password-reset`, c.admin, {});
      resetCodes[0] = /Code: <code>([^<]+)<\/code>/.exec(await res.clone().text())?.[1] ?? '';
      return res;
    },
    api: async () => {
      const res = await json(`/api/users/${t.users.client2}/password-reset`, c.admin, 'POST');
      resetCodes[1] = (await res.json()).reset.code; // only the status is read afterwards
      return res;
    },
  },
  'POST /password/reset': {
    web: () => postForm(t, '/password/reset', '', { code: resetCodes[0]!, newPassword: 'quiet harbour seventeen' }),
    api: () => t.request('/api/auth/password-reset', { method: 'POST', json: { code: resetCodes[1], newPassword: 'quiet harbour seventeen' } }),
  },
  // Two-step sign-in (issue 20): the two clients again (password now from the reset above).
  'POST /account/mfa/start': {
    setup: async () => {
      session = await signInAs('client');
      apiSession = await signInAs('client2');
    },
    web: async () => {
      const res = await postForm(t, '/account/mfa/start', session, {});
      // The key is shown by the page the post leads to (web/one-time.ts); showing it writes nothing.
      secrets[0] = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec((await followOnce(t, res, session)).html)?.[1] ?? '';
      return res;
    },
    api: async () => {
      const res = await json('/api/auth/mfa/enrolment', apiSession, 'POST');
      secrets[1] = JSON.parse(await res.clone().text()).secret;
      return res;
    },
  },
  'POST /account/mfa/confirm': {
    web: () => postForm(t, '/account/mfa/confirm', session, { code: nextCode(t, secrets[0]!) }),
    api: () => json('/api/auth/mfa/enrolment/confirm', apiSession, 'POST', { code: nextCode(t, secrets[1]!) }),
  },
  'POST /account/mfa/recovery-codes': {
    web: () => postForm(t, '/account/mfa/recovery-codes', session, { password: NEW_PASSWORD, code: nextCode(t, secrets[0]!) }),
    api: () => json('/api/auth/mfa/recovery-codes', apiSession, 'POST', { password: NEW_PASSWORD, code: nextCode(t, secrets[1]!) }),
  },
  'POST /login/mfa': {
    setup: async () => {
      challengeCookie = await webPasswordStep('client');
      challenge = await apiPasswordStep('client2');
    },
    web: () => postForm(t, '/login/mfa?next=%2F', challengeCookie, { code: nextCode(t, secrets[0]!) }),
    api: () => t.request('/api/auth/login/mfa', { method: 'POST', json: { challenge, code: nextCode(t, secrets[1]!) } }),
  },
  'POST /account/mfa/disable': {
    web: () => postForm(t, '/account/mfa/disable', session, { password: NEW_PASSWORD, code: nextCode(t, secrets[0]!) }),
    api: () => json('/api/auth/mfa/disable', apiSession, 'POST', { password: NEW_PASSWORD, code: nextCode(t, secrets[1]!) }),
  },
  'POST /admin/mfa-policy': {
    web: () => postForm(t, '/admin/mfa-policy', c.admin, { requiredRoles: 'client' }),
    api: () => json('/api/admin/mfa-policy', c.admin, 'PUT', { requiredRoles: ['client'] }),
  },
  // The policy now requires clients to enrol at sign-in.
  'POST /login/mfa/setup/start': {
    setup: async () => {
      challengeCookie = await webPasswordStep('client');
      challenge = await apiPasswordStep('client2');
    },
    web: async () => {
      const res = await postForm(t, '/login/mfa/setup/start?next=%2F', challengeCookie, {});
      secrets[0] = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec((await followOnce(t, res, challengeCookie)).html)?.[1] ?? '';
      return res;
    },
    api: async () => {
      const res = await t.request('/api/auth/login/mfa-enrolment', { method: 'POST', json: { challenge } });
      secrets[1] = JSON.parse(await res.clone().text()).secret;
      return res;
    },
  },
  'POST /login/mfa/setup': {
    web: () => postForm(t, '/login/mfa/setup?next=%2F', challengeCookie, { code: nextCode(t, secrets[0]!) }),
    api: () => t.request('/api/auth/login/mfa-enrolment/confirm', { method: 'POST', json: { challenge, code: nextCode(t, secrets[1]!) } }),
  },
  'POST /admin/users/:id/mfa-reset': {
    web: () => postForm(t, `/admin/users/${t.users.client}/mfa-reset`, c.admin, {}),
    api: () => json(`/api/users/${t.users.client2}/mfa-reset`, c.admin, 'POST'),
  },
};

const NEW_PASSWORD = 'quiet harbour seventeen';
const secrets: string[] = [];
let challengeCookie = '';
let challenge = '';
const signInAs = async (who: 'client' | 'client2') => cookieFrom(await t.request('/api/auth/login', { method: 'POST', json: { email: `${who}@example.test`, password: NEW_PASSWORD } }));
/** The password form: its answer carries the challenge cookie for the second step. */
const webPasswordStep = async (who: 'client') => /(?:__Host-)?cw_mfa=[^;]+/.exec((await postForm(t, '/login', '', { email: `${who}@example.test`, password: NEW_PASSWORD })).headers.get('set-cookie') ?? '')?.[0] ?? '';
const apiPasswordStep = async (who: 'client2') => (await (await t.request('/api/auth/login', { method: 'POST', json: { email: `${who}@example.test`, password: NEW_PASSWORD } })).json()).challenge as string;

const lastId = async () => (await t.db.get<{ id: number | null }>('SELECT max(id) AS id FROM audit_events'))!.id ?? 0;
async function eventsOf(call: Call): Promise<{ status: number; events: EventShape[] }> {
  const before = await lastId();
  const res = await call();
  const rows = await t.db.all<{ type: string; object_type: string | null; actor_role: string | null; matter_id: number | null; data: string }>('SELECT type, object_type, actor_role, matter_id, data FROM audit_events WHERE id > ? ORDER BY id', [before]);
  return { status: res.status, events: rows.map((r) => ({ type: r.type, object_type: r.object_type, actor_role: r.actor_role, matter: r.matter_id !== null, fields: Object.keys(JSON.parse(r.data)).sort().join(',') })) };
}

describe('web forms audit like their API twins', () => {
  it('has a scenario for every state-changing web route', () => {
    const posts = [...new Set(webRoutes().routes.filter((r) => r.method === 'POST').map((r) => `POST ${r.path}`))];
    expect(posts.filter((p) => !(p in SCENARIOS)).sort()).toEqual([]);
  });

  // Some sixty scenarios, each a form post and its API twin; several sign in (scrypt is slow on purpose).
  it('each form post writes the same events as its API twin', async () => {
    const failures: string[] = [];
    for (const [route, scenario] of Object.entries(SCENARIOS)) {
      await scenario.setup?.();
      const web = await eventsOf(scenario.web);
      if (web.status >= 400) failures.push(`${route}: web status ${web.status}`);
      if (!scenario.api) {
        if (web.events.length) failures.push(`${route}: wrote ${web.events.map((e) => e.type).join(', ')} but has no API twin`);
        continue;
      }
      const api = await eventsOf(scenario.api);
      if (api.status >= 400) failures.push(`${route}: API twin status ${api.status}`);
      if (web.events.length === 0) failures.push(`${route}: wrote no event`);
      if (JSON.stringify(web.events) !== JSON.stringify(api.events)) failures.push(`${route}: web ${JSON.stringify(web.events)} ≠ API ${JSON.stringify(api.events)}`);
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('the matter and the executable version made through the forms are what the API makes', async () => {
    const made = (await (await t.request('/api/matters', { cookie: c.attorney })).json()).matters as { title: string; owners: unknown[] }[];
    expect(made.find((m) => m.title === 'Web matter')!.owners).toEqual(made.find((m) => m.title === 'API matter')!.owners);
    const [web, api] = await Promise.all(docs.map(async (id) => (await (await t.request(`/api/documents/${id}`, { cookie: c.attorney })).json()).document));
    expect(web.executableVersionNo).toBe(api.executableVersionNo);
    expect(web.status).toBe(api.status);
  });
});
