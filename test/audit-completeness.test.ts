import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieFrom, makeTestApp, sampleMatter, TEST_PASSWORD } from './helpers/test-app.ts';
import { enrol, nextCode } from './helpers/mfa.ts';
import { matterWithDocument, sample } from './helpers/documents.ts';
import { rulingPdf, tableFrom } from './helpers/afr-ruling-pdf.ts';

/**
 * Every state-changing route writes exactly one audit event, checked against the route table:
 * each non-GET operation in the OpenAPI document must have a scenario here (a new route fails
 * this test until it gets one), and each scenario must add exactly the expected event.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let ctx: { attorney: string; admin: string; paralegal: string; matterId: number; documentId: number; userId: number };

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  ctx = { attorney: made.attorney, admin: await t.login('admin'), paralegal: await t.login('paralegal'), matterId: made.matter.id, documentId: made.document.id, userId: t.users.client2 };
});
afterAll(async () => t?.close());

/** `event`: the one event a route writes; a list only where one request changes several matters (each matter's own trail gets its event), or turns on a second factor and signs in with it (mfa.enabled, login). */
type Scenario = { event: string | string[] | null; call: () => Promise<{ status: number }>; setup?: () => Promise<void> };

const texas = async () => (await (await t.request('/api/admin/reference', { cookie: ctx.admin })).json()).jurisdictions.find((j: { code: string }) => j.code === 'TX');
const afrRow = { month: '2027-02', revRul: 'Rev. Rul. 2027-3', table: tableFrom({ short: 3.8, mid: 4.0, long: 4.5 }), sources: ['https://www.irs.gov/pub/irs-drop/rr-27-03.pdf'], verification: 'secondary', note: 'Entered from the published ruling.' };

const SCENARIOS: Record<string, Scenario> = {
  'POST /api/auth/login': { event: 'login', call: () => t.request('/api/auth/login', { method: 'POST', json: { email: 'paralegal@example.test', password: TEST_PASSWORD } }) },
  // The session is opened in setup, so its login event is not counted against logout.
  'POST /api/auth/logout': { event: 'logout', setup: async () => void (clientCookie = await t.login('client')), call: () => t.request('/api/auth/logout', { method: 'POST', cookie: clientCookie }) },
  'POST /api/users': { event: 'user.created', call: () => t.request('/api/users', { method: 'POST', cookie: ctx.admin, json: { email: 'audit.new@example.test', name: 'New', role: 'paralegal', password: 'a long enough password' } }) },
  'PATCH /api/users/{id}': { event: 'user.updated', call: () => t.request(`/api/users/${ctx.userId}`, { method: 'PATCH', cookie: ctx.admin, json: { disabled: true } }) },
  // Accounts (issue 20), on attorney2, whom no other scenario uses: change, then an admin reset redeemed.
  'POST /api/auth/password': {
    event: 'password.changed',
    setup: async () => void (accountCookie = await t.login('attorney2')),
    call: () => t.request('/api/auth/password', { method: 'POST', cookie: accountCookie, json: { currentPassword: TEST_PASSWORD, newPassword: 'plum orchard lighthouse 42' } }),
  },
  'POST /api/users/{id}/password-reset': {
    event: 'password.reset-issued',
    call: async () => {
      const res = await t.request(`/api/users/${t.users.attorney2}/password-reset`, { method: 'POST', cookie: ctx.admin });
      resetCode = (await res.json()).reset.code; // the body is read again only on failure
      return res;
    },
  },
  'POST /api/auth/password-reset': { event: 'password.reset', call: () => t.request('/api/auth/password-reset', { method: 'POST', json: { code: resetCode, newPassword: 'quiet harbour seventeen' } }) },
  'POST /api/tokens': {
    event: 'api-token.created',
    call: async () => {
      const res = await t.request('/api/tokens', { method: 'POST', cookie: ctx.paralegal, json: { name: 'DMS sync' } });
      tokenId = (await res.json()).token.id;
      return res;
    },
  },
  'POST /api/users/{id}/tokens': { event: 'api-token.created', call: () => t.request(`/api/users/${t.users.attorney}/tokens`, { method: 'POST', cookie: ctx.admin, json: { name: 'Practice-management tool', expiresInDays: 30 } }) },
  'DELETE /api/tokens/{id}': { event: 'api-token.revoked', call: () => t.request(`/api/tokens/${tokenId}`, { method: 'DELETE', cookie: ctx.paralegal }) },
  'POST /api/matters': { event: 'matter.created', call: () => t.request('/api/matters', { method: 'POST', cookie: ctx.attorney, json: sampleMatter() }) },
  'PATCH /api/matters/{id}': { event: 'matter.updated', call: async () => t.request(`/api/matters/${ctx.matterId}`, { method: 'PATCH', cookie: ctx.paralegal, json: { rowVersion: (await (await t.request(`/api/matters/${ctx.matterId}`, { cookie: ctx.paralegal })).json()).matter.rowVersion, trackingNotes: 'audit' } }) },
  'POST /api/matters/{id}/clients': { event: 'matter.client-invited', call: () => t.request(`/api/matters/${ctx.matterId}/clients`, { method: 'POST', cookie: ctx.attorney, json: { name: 'Invited Client', email: 'audit.invited@example.test' } }) },
  'POST /api/portfolios': {
    event: 'portfolio.created',
    call: async () => {
      const res = await t.request('/api/portfolios', { method: 'POST', cookie: ctx.attorney, json: { name: 'Audit Platform', msoName: 'Audit MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' } });
      portfolioId = (await res.json()).portfolio.id;
      return res;
    },
  },
  'PATCH /api/portfolios/{id}': { event: 'portfolio.updated', call: () => t.request(`/api/portfolios/${portfolioId}`, { method: 'PATCH', cookie: ctx.attorney, json: { rowVersion: 1, name: 'Audit Platform (renamed)' } }) },
  'POST /api/portfolios/{id}/practices': {
    event: 'matter.created',
    call: () => {
      const { msoName, msoEntityType, msoState, msoAffiliates, ...practice } = sampleMatter();
      void [msoName, msoEntityType, msoState, msoAffiliates];
      return t.request(`/api/portfolios/${portfolioId}/practices`, { method: 'POST', cookie: ctx.attorney, json: practice });
    },
  },
  'POST /api/portfolios/{id}/matters': {
    event: 'matter.updated',
    setup: async () => void (loneMatterId = (await (await t.request('/api/matters', { method: 'POST', cookie: ctx.attorney, json: sampleMatter({ msoName: 'Audit MSO, LLC' }) })).json()).matter.id),
    call: () => t.request(`/api/portfolios/${portfolioId}/matters`, { method: 'POST', cookie: ctx.attorney, json: { matterId: loneMatterId } }),
  },
  // Two practices now: each document's event in its own trail, then the portfolio's batch event.
  'POST /api/portfolios/{id}/documents': { event: ['document.created', 'document.created', 'portfolio.drafted'], call: () => t.request(`/api/portfolios/${portfolioId}/documents`, { method: 'POST', cookie: ctx.attorney, json: { kind: 'msa', answers: sample('msa') } }) },
  'POST /api/matters/{id}/documents': { event: 'document.created', call: () => t.request(`/api/matters/${ctx.matterId}/documents`, { method: 'POST', cookie: ctx.attorney, json: { kind: 'msa', answers: sample('msa') } }) },
  'POST /api/documents/{id}/versions': { event: 'version.created', call: () => t.request(`/api/documents/${ctx.documentId}/versions`, { method: 'POST', cookie: ctx.attorney, json: { baseVersionNo: 1, answers: sample('msa') } }) },
  'POST /api/documents/{id}/versions/{versionNo}/acknowledgements': { event: 'warning.acknowledged', call: () => t.request(`/api/documents/${ctx.documentId}/versions/2/acknowledgements`, { method: 'POST', cookie: ctx.attorney, json: { ruleId: 'msa.marketing-government-payers', reason: 'General advertising only.' } }) },
  'POST /api/documents/{id}/status': { event: 'status.changed', call: () => t.request(`/api/documents/${ctx.documentId}/status`, { method: 'POST', cookie: ctx.attorney, json: { to: 'executable' } }) },
  'POST /api/documents/{id}/signed-copy': {
    event: 'execution.recorded',
    setup: async () => void (await t.request(`/api/documents/${ctx.documentId}/status`, { method: 'POST', cookie: ctx.paralegal, json: { to: 'executed', executedOn: '2026-11-20' } })),
    call: () => {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\n% signed copy\ntrailer\n<< >>\n%%EOF\n')]), 'signed.pdf');
      return t.request(`/api/documents/${ctx.documentId}/signed-copy`, { method: 'POST', cookie: ctx.paralegal, body: form });
    },
  },
  // The document is executed now (signed-copy setup), so it has deadlines.
  'POST /api/deadlines/{id}/handled': {
    event: 'deadline.handled',
    call: async () => {
      const { deadlines } = await (await t.request(`/api/deadlines?matterId=${ctx.matterId}&kind=fmv-review`, { cookie: ctx.paralegal })).json();
      return t.request(`/api/deadlines/${deadlines[0].id}/handled`, { method: 'POST', cookie: ctx.paralegal, json: { note: 'Review received.' } });
    },
  },
  'POST /api/documents/{id}/renewal': { event: 'renewal.recorded', call: () => t.request(`/api/documents/${ctx.documentId}/renewal`, { method: 'POST', cookie: ctx.paralegal, json: { note: 'Renewed by letter.' } }) },
  'PATCH /api/checklist-tasks/{id}': {
    event: 'checklist.updated',
    setup: async () => void (await t.request(`/api/matters/${ctx.matterId}/documents`, { method: 'POST', cookie: ctx.attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } })),
    call: async () => {
      const { tasks } = await (await t.request(`/api/matters/${ctx.matterId}/checklist`, { cookie: ctx.paralegal })).json();
      return t.request(`/api/checklist-tasks/${tasks[0].id}`, { method: 'PATCH', cookie: ctx.paralegal, json: { rowVersion: tasks[0].rowVersion, status: 'in-progress' } });
    },
  },
  'PUT /api/deadlines/reminders': { event: 'reminders.updated', call: () => t.request('/api/deadlines/reminders', { method: 'PUT', cookie: ctx.paralegal, json: { daysBefore: [60, 14, 1] } }) },
  'POST /api/calendar/link': { event: 'calendar.token.rotated', call: () => t.request('/api/calendar/link', { method: 'POST', cookie: ctx.paralegal }) },
  'DELETE /api/calendar/link': { event: 'calendar.token.revoked', call: () => t.request('/api/calendar/link', { method: 'DELETE', cookie: ctx.paralegal }) },
  'POST /api/documents/identify': {
    event: null, // reads only: no state changes, no event
    call: () => {
      const form = new FormData();
      form.append('file', new Blob([new TextEncoder().encode('%PDF-1.7\ntrailer\n<< >>\n%%EOF\n')]), 'x.pdf');
      return t.request('/api/documents/identify', { method: 'POST', cookie: ctx.attorney, body: form });
    },
  },
  'POST /api/admin/reference/afr/import': {
    event: 'reference.afr-imported',
    call: () => {
      const form = new FormData();
      form.append('file', new File([new Uint8Array(rulingPdf({ month: '2027-03', revRul: 'Rev. Rul. 2027-6', table: tableFrom({ short: 3.7, mid: 3.9, long: 4.4 }) }))], 'rr-27-06.pdf'));
      return t.request('/api/admin/reference/afr/import', { method: 'POST', cookie: ctx.admin, body: form });
    },
  },
  'PUT /api/admin/reference/afr/{month}': { event: 'reference.updated', call: () => t.request('/api/admin/reference/afr/2027-02', { method: 'PUT', cookie: ctx.admin, json: { row: afrRow, reason: 'published' } }) },
  'PUT /api/admin/reference/jurisdictions/{code}': { event: 'reference.updated', call: async () => t.request('/api/admin/reference/jurisdictions/TX', { method: 'PUT', cookie: ctx.admin, json: { row: { ...(await texas()), notes: 'Reviewed.' }, reason: 'review' } }) },
  'POST /api/clauses/{clauseId}/versions': {
    event: 'clause.published',
    call: () => {
      const source = readFileSync(new URL('../clauses/msa/general.counterparts.md', import.meta.url), 'utf8').replace(/\n*$/, '\n\nThis sentence was added by an attorney.\n');
      return t.request('/api/clauses/msa.general.counterparts/versions', { method: 'POST', cookie: ctx.attorney, json: { source } });
    },
  },
  'POST /api/documents/{id}/clause-updates': {
    event: 'version.created',
    setup: async () => {
      const res = await t.request(`/api/matters/${ctx.matterId}/documents`, { method: 'POST', cookie: ctx.attorney, json: { kind: 'msa', answers: sample('msa') } });
      draftId = (await res.json()).document.id;
    },
    call: () => t.request(`/api/documents/${draftId}/clause-updates`, { method: 'POST', cookie: ctx.attorney, json: { baseVersionNo: 1, clauseIds: ['msa.general.counterparts'] } }),
  },
  'POST /api/admin/recheck': { event: 'recheck.run', call: () => t.request('/api/admin/recheck', { method: 'POST', cookie: ctx.admin }) },
  // Two-step sign-in (issue 20), last so that no earlier scenario meets the policy. The attorney's own factor:
  'POST /api/auth/mfa/enrolment': {
    event: 'mfa.enrolment-started',
    call: async () => {
      const res = await t.request('/api/auth/mfa/enrolment', { method: 'POST', cookie: ctx.attorney });
      mfaSecret = JSON.parse(await res.clone().text()).secret;
      return res;
    },
  },
  'POST /api/auth/mfa/enrolment/confirm': { event: 'mfa.enabled', call: () => t.request('/api/auth/mfa/enrolment/confirm', { method: 'POST', cookie: ctx.attorney, json: { code: nextCode(t, mfaSecret) } }) },
  'POST /api/auth/mfa/recovery-codes': { event: 'mfa.recovery-codes-regenerated', call: () => t.request('/api/auth/mfa/recovery-codes', { method: 'POST', cookie: ctx.attorney, json: { password: TEST_PASSWORD, code: nextCode(t, mfaSecret) } }) },
  // The password step (setup) writes login.mfa-required; the code step writes the login.
  'POST /api/auth/login/mfa': {
    event: 'login',
    setup: async () => void (challenge = (await (await t.request('/api/auth/login', { method: 'POST', json: { email: 'attorney@example.test', password: TEST_PASSWORD } })).json()).challenge),
    call: () => t.request('/api/auth/login/mfa', { method: 'POST', json: { challenge, code: nextCode(t, mfaSecret) } }),
  },
  'POST /api/auth/mfa/disable': { event: 'mfa.disabled', call: () => t.request('/api/auth/mfa/disable', { method: 'POST', cookie: ctx.attorney, json: { password: TEST_PASSWORD, code: nextCode(t, mfaSecret) } }) },
  // attorney2 (password reset above): enrolled in setup, reset by an admin, then enrolled again because the policy requires it.
  'POST /api/users/{id}/mfa-reset': {
    event: 'mfa.reset',
    setup: async () => void (await enrol(t, cookieFrom(await t.request('/api/auth/login', { method: 'POST', json: { email: 'attorney2@example.test', password: 'quiet harbour seventeen' } })))),
    call: () => t.request(`/api/users/${t.users.attorney2}/mfa-reset`, { method: 'POST', cookie: ctx.admin }),
  },
  'PUT /api/admin/mfa-policy': { event: 'mfa.policy-updated', call: () => t.request('/api/admin/mfa-policy', { method: 'PUT', cookie: ctx.admin, json: { requiredRoles: ['attorney'] } }) },
  'POST /api/auth/login/mfa-enrolment': {
    event: 'mfa.enrolment-started',
    setup: async () => void (challenge = (await (await t.request('/api/auth/login', { method: 'POST', json: { email: 'attorney2@example.test', password: 'quiet harbour seventeen' } })).json()).challenge),
    call: async () => {
      const res = await t.request('/api/auth/login/mfa-enrolment', { method: 'POST', json: { challenge } });
      mfaSecret = JSON.parse(await res.clone().text()).secret;
      return res;
    },
  },
  // Turning the factor on and the sign-in it finishes are two facts: two events.
  'POST /api/auth/login/mfa-enrolment/confirm': { event: ['mfa.enabled', 'login'], call: () => t.request('/api/auth/login/mfa-enrolment/confirm', { method: 'POST', json: { challenge, code: nextCode(t, mfaSecret) } }) },
};

let mfaSecret = '';
let challenge = '';

let clientCookie = '';
let accountCookie = '';
let resetCode = '';
let tokenId = 0;
let draftId = 0;
let portfolioId = 0;
let loneMatterId = 0;

const count = async () => (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_events'))!.n;

describe('audit completeness', () => {
  it('has a scenario for every state-changing route in the route table', async () => {
    const doc = await (await t.request('/api/openapi.json')).json();
    const mutating = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'get').map((m) => `${m.toUpperCase()} ${path}`));
    expect(mutating.filter((r) => !(r in SCENARIOS))).toEqual([]);
  });

  it('each state-changing route writes exactly one audit event of its type', async () => {
    const failures: string[] = [];
    for (const [route, scenario] of Object.entries(SCENARIOS)) {
      await scenario.setup?.();
      const before = await count();
      const res = await scenario.call();
      if (res.status >= 300) failures.push(`${route}: status ${res.status} ${JSON.stringify(await (res as Response).json())}`);
      const events = await t.db.all<{ type: string }>('SELECT type FROM audit_events WHERE id > (SELECT max(id) FROM audit_events) - ? ORDER BY id', [(await count()) - before]);
      const types = (await count()) - before === 0 ? [] : events.map((e) => e.type);
      const expected = scenario.event === null ? [] : [scenario.event].flat();
      if (JSON.stringify(types) !== JSON.stringify(expected)) failures.push(`${route}: ${JSON.stringify(types)} instead of ${JSON.stringify(expected)}`);
    }
    expect(failures).toEqual([]);
  });
});
