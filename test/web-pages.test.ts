import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../web/routes.tsx';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';
import { makeTestApp, sampleMatter, TEST_PASSWORD } from './helpers/test-app.ts';
import { postForm, toFields } from './helpers/web.ts';

/**
 * The HTML pages in-process: every page route answers each role as the API would (checked
 * against the web router's own route table, so a new page fails here until it is listed),
 * anonymous visitors are sent to sign in, foreign objects are 404, and forms that fail keep
 * what was entered with each error beside its field.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
type Who = 'anonymous' | 'admin' | 'attorney' | 'paralegal' | 'client' | 'client2';
let t: TestApp;
const cookies = {} as Record<Who, string>;
let matterId = 0;
let documentId = 0;
let portfolioId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  for (const who of ['admin', 'attorney', 'paralegal', 'client', 'client2'] as const) cookies[who] = await t.login(who);
  cookies.anonymous = '';
  const made = await matterWithDocument(t);
  matterId = made.matter.id;
  documentId = made.document.id;
  expect((await approve(t, cookies.attorney, documentId, made.version)).status).toBe(200);
  // A portfolio whose one practice is the client's (issue 23).
  portfolioId = (await (await t.request('/api/portfolios', { method: 'POST', cookie: cookies.attorney, json: { name: 'Web Platform', msoName: 'Web MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' } })).json()).portfolio.id;
  const { msoName, msoEntityType, msoState, msoAffiliates, ...practice } = sampleMatter({ clientUserIds: [t.users.client] });
  void [msoName, msoEntityType, msoState, msoAffiliates];
  expect((await t.request(`/api/portfolios/${portfolioId}/practices`, { method: 'POST', cookie: cookies.attorney, json: practice })).status).toBe(201);
});
afterAll(async () => t?.close());

const get = (path: string, who: Who) => t.request(path, { cookie: cookies[who] });

/** Expected status per role for each page (client: the matter's own client; client2: another client). */
type Expect = [admin: number, attorney: number, paralegal: number, client: number, client2: number];
const STAFF: Expect = [200, 200, 200, 403, 403];
const EVERYONE: Expect = [200, 200, 200, 200, 200];
const ONLY_ATTORNEY: Expect = [403, 200, 403, 403, 403];
const ONLY_ADMIN: Expect = [200, 403, 403, 403, 403];
const MATTER_MEMBERS: Expect = [200, 200, 200, 200, 404];

const PAGES: Record<string, { url: () => string; expect: Expect }> = {
  '/': { url: () => '/', expect: EVERYONE },
  '/login': { url: () => '/login', expect: [303, 303, 303, 303, 303] },
  '/account/password': { url: () => '/account/password', expect: EVERYONE },
  // Reached without a session (the code is the credential); signed-in users may use it too.
  '/password/reset': { url: () => '/password/reset', expect: EVERYONE },
  // The second sign-in step: without a pending challenge (and for anyone signed in) the browser is sent on.
  '/login/mfa': { url: () => '/login/mfa', expect: [303, 303, 303, 303, 303] },
  '/login/mfa/setup': { url: () => '/login/mfa/setup', expect: [303, 303, 303, 303, 303] },
  '/account/mfa': { url: () => '/account/mfa', expect: EVERYONE },
  '/account/tokens': { url: () => '/account/tokens', expect: EVERYONE },
  // The pages a one-time secret is shown on (web/one-time.ts): without one, the authenticator page
  // takes the code; the recovery codes and the invitation send the browser on.
  '/account/mfa/scan': { url: () => '/account/mfa/scan', expect: EVERYONE },
  '/account/mfa/recovery-codes': { url: () => '/account/mfa/recovery-codes?shown=recovery-codes', expect: [303, 303, 303, 303, 303] },
  '/login/mfa/setup/scan': { url: () => '/login/mfa/setup/scan', expect: [303, 303, 303, 303, 303] },
  '/matters/:id/invited': { url: () => `/matters/${matterId}/invited?shown=client-invitation`, expect: [403, 303, 403, 403, 403] },
  // Single sign-on exists only where a provider is configured (test/accounts/sso.test.ts); here none is.
  '/login/sso': { url: () => '/login/sso', expect: [404, 404, 404, 404, 404] },
  '/login/sso/callback': { url: () => '/login/sso/callback?state=x&code=y', expect: [404, 404, 404, 404, 404] },
  '/matters': { url: () => '/matters', expect: EVERYONE },
  '/matters/new': { url: () => '/matters/new', expect: ONLY_ATTORNEY },
  '/matters/:id': { url: () => `/matters/${matterId}`, expect: MATTER_MEMBERS },
  '/matters/:id/edit': { url: () => `/matters/${matterId}/edit`, expect: [403, 200, 403, 403, 403] },
  '/matters/:id/checklist': { url: () => `/matters/${matterId}/checklist`, expect: MATTER_MEMBERS },
  '/matters/:id/documents': { url: () => `/matters/${matterId}/documents`, expect: MATTER_MEMBERS },
  '/matters/:id/audit': { url: () => `/matters/${matterId}/audit`, expect: [200, 200, 403, 403, 403] },
  '/matters/:id/documents/new': { url: () => `/matters/${matterId}/documents/new?kind=loc&sample=1`, expect: ONLY_ATTORNEY },
  '/documents/:id': { url: () => `/documents/${documentId}`, expect: STAFF },
  '/documents/:id/signed-copy': { url: () => `/documents/${documentId}/signed-copy`, expect: STAFF },
  '/documents/:id/signed-copies/:copyId/download': { url: () => `/documents/${documentId}/signed-copies/999999/download`, expect: [404, 404, 404, 404, 404] },
  '/documents/:id/executable': { url: () => `/documents/${documentId}/executable`, expect: ONLY_ATTORNEY },
  '/documents/:id/compare': { url: () => `/documents/${documentId}/compare?from=1&to=1`, expect: STAFF },
  '/documents/:id/redline': { url: () => `/documents/${documentId}/redline?from=1&to=1`, expect: STAFF },
  '/documents/:id/versions/:versionNo/download': { url: () => `/documents/${documentId}/versions/1/download`, expect: [200, 200, 200, 200, 404] },
  '/deadlines': { url: () => '/deadlines', expect: EVERYONE },
  '/portfolios': { url: () => '/portfolios', expect: EVERYONE },
  '/portfolios/new': { url: () => '/portfolios/new', expect: ONLY_ATTORNEY },
  '/portfolios/:id': { url: () => `/portfolios/${portfolioId}?sort=state`, expect: MATTER_MEMBERS },
  '/portfolios/:id/edit': { url: () => `/portfolios/${portfolioId}/edit`, expect: ONLY_ATTORNEY },
  '/portfolios/:id/practices/new': { url: () => `/portfolios/${portfolioId}/practices/new`, expect: ONLY_ATTORNEY },
  '/portfolios/:id/documents/new': { url: () => `/portfolios/${portfolioId}/documents/new?kind=loc&sample=1`, expect: ONLY_ATTORNEY },
  '/clauses': { url: () => '/clauses?q=referral', expect: STAFF },
  '/clauses/:id': { url: () => '/clauses/msa.clinical.no-referrals', expect: STAFF },
  '/admin/users': { url: () => '/admin/users', expect: ONLY_ADMIN },
  '/admin/reference': { url: () => '/admin/reference?month=2026-11', expect: ONLY_ADMIN },
  '/admin/reference/jurisdictions/:code': { url: () => '/admin/reference/jurisdictions/TX', expect: ONLY_ADMIN },
};

describe('page routes and roles', () => {
  it('lists every GET page of the web router', () => {
    const pages = [...new Set(webRoutes().routes.filter((r) => r.method === 'GET' && !r.path.startsWith('/assets')).map((r) => r.path))];
    expect(pages.filter((p) => !(p in PAGES)).sort()).toEqual([]);
  });

  it('answers each role with its pages and refuses the others; anonymous visitors are sent to sign in', async () => {
    const failures: string[] = [];
    for (const [route, page] of Object.entries(PAGES)) {
      const roles: Who[] = ['admin', 'attorney', 'paralegal', 'client', 'client2'];
      for (const [i, who] of roles.entries()) {
        const res = await get(page.url(), who);
        if (res.status !== page.expect[i]) failures.push(`${route} as ${who}: ${res.status}, expected ${page.expect[i]}`);
        if (res.status !== 200 && res.status !== 303 && !res.headers.get('content-type')?.startsWith('text/html')) failures.push(`${route} as ${who}: ${res.status} is not an HTML page`);
      }
      const anonymous = await get(page.url(), 'anonymous');
      const expected = route === '/login' || route === '/password/reset' ? 200 : route.startsWith('/login/sso') ? 404 : 303; // the public pages
      if (anonymous.status !== expected) failures.push(`${route} anonymous: ${anonymous.status}`);
      // A second step without its challenge goes back to the password form, keeping only where to go next.
      const signIn = route.startsWith('/login/mfa') ? '/login?next=%2F' : `/login?next=${encodeURIComponent(page.url().split('?')[0]!)}`;
      if (expected === 303 && !anonymous.headers.get('location')?.startsWith(signIn)) failures.push(`${route} anonymous: ${anonymous.headers.get('location')}`);
    }
    expect(failures).toEqual([]);
  });

  it('pages are HTML under the strict CSP, never cached, with no inline script or style', async () => {
    const res = await get(`/documents/${documentId}`, 'attorney');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).toContain('drafting aid for attorneys, not legal advice');
  });

  it('an address that cannot exist is a 404 page, not an error', async () => {
    for (const path of ['/matters/abc', '/matters/0', '/documents/99999999999999', '/clauses/NOT_AN_ID', '/clauses/no.such.clause', `/documents/${documentId}/compare?from=x&to=1`, '/admin/reference/jurisdictions/XX', '/no-such-page']) {
      const who = path.startsWith('/admin') ? 'admin' : 'attorney';
      const res = await get(path, who);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('<h1>Not found</h1>');
    }
    // The API keeps its JSON errors.
    expect((await get('/api/no-such-route', 'attorney')).headers.get('content-type')).toContain('application/json');
  });

  it('serves the assets with their content type and a cache lifetime; unknown assets are 404', async () => {
    const css = await get('/assets/app.css', 'anonymous');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('max-age');
    expect((await get('/assets/app.js', 'anonymous')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/nope.js', 'anonymous')).status).toBe(404);
  });
});

describe('sign-in', () => {
  it('follows only a same-site next address', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const res = await postForm(t, `/login?next=${encodeURIComponent(next)}`, '', { email: 'attorney@example.test', password: TEST_PASSWORD });
      expect(res.headers.get('location'), next).toBe('/');
    }
    const res = await postForm(t, `/login?next=${encodeURIComponent('/matters?x=1')}`, '', { email: 'attorney@example.test', password: TEST_PASSWORD });
    expect(res.headers.get('location')).toBe('/matters?x=1');
    expect(res.headers.get('set-cookie')).toMatch(/cw_session=.*HttpOnly/i);
  });

  it('a wrong password re-renders the form with the email kept; repeated failures are rate limited like the API', async () => {
    const wrong = await postForm(t, '/login', '', { email: 'nobody@example.test', password: 'wrong' });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain('The email or password is not right.');
    expect(html).toContain('value="nobody@example.test"');
    let last = wrong;
    for (let i = 0; i < 6; i++) last = await postForm(t, '/login', '', { email: 'nobody@example.test', password: 'wrong' });
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses a form post from another site (csrf Origin check)', async () => {
    const res = await postForm(t, '/matters/new', cookies.attorney, { title: 'x' }, 'https://evil.example');
    expect(res.status).toBe(403);
  });
});

describe('forms keep what was entered and put each error beside its field', () => {
  /** Forms refused by validation: each error id must be beside its field, each entered value kept, nothing secret echoed. */
  const REFUSED: { form: string; path: string; who: Who; fields: Record<string, string | string[]>; errors: string[]; kept: string[]; absent?: string[] }[] = [
    {
      form: 'open a matter',
      path: '/matters/new',
      who: 'attorney',
      fields: { title: 'Half-filled matter', msoState: 'TX', 'owners.0.name': 'Dr A', 'owners.0.ownershipPct': 'fifty', 'owners.0.licensed': ['false', 'true'] },
      errors: ['m-msoName-error', 'm-owners-0-pct-error'],
      kept: ['value="Half-filled matter"', '<option value="TX" selected="">TX</option>', 'value="fifty"', 'aria-describedby="m-msoName-error" aria-invalid="true"'],
    },
    {
      form: 'add a user (the password is never sent back)',
      path: '/admin/users',
      who: 'admin',
      fields: { name: 'New Person', email: 'not-an-email', role: 'paralegal', password: 'short' },
      errors: ['u-email-error', 'u-password-error'],
      kept: ['value="New Person"', 'value="not-an-email"'],
      absent: ['value="short"'],
    },
    {
      form: 'a jurisdiction correction',
      path: '/admin/reference/jurisdictions/TX',
      who: 'admin',
      fields: { cpom: 'strong', percentFeeTreatment: 'unclear', percentFeeNotes: 'n', licensedOwnershipRule: 'r', notes: 'n', sources: 'not a url', citations: '', verification: 'secondary', reason: 'Correction.' },
      errors: ['j-sources-error'],
      kept: ['not a url'],
    },
  ];

  for (const r of REFUSED) {
    it(r.form, async () => {
      const res = await postForm(t, r.path, cookies[r.who], r.fields);
      expect(res.status).toBe(400);
      const html = await res.text();
      for (const id of r.errors) expect(html).toContain(`id="${id}"`);
      for (const text of r.kept) expect(html).toContain(text);
      for (const text of r.absent ?? []) expect(html).not.toContain(text);
    });
  }

  it('a questionnaire with invalid answers (422), the answers kept', async () => {
    const answers = { ...sample('msa'), initialTermMonths: 'sixty', monthlyFee: '41,000' };
    const res = await postForm(t, `/matters/${matterId}/documents/new`, cookies.attorney, { kind: 'msa', ...toFields(answers) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-initialTermMonths-error"');
    expect(html).toContain('value="sixty"');
    expect(html).toContain('value="41000"');
    expect(html).toContain(`>${sample('msa').msoNoticeAddress}</textarea>`);
  });

  it('the MSA questionnaire asks for performance measures in rows whose untouched blank row posts nothing', async () => {
    const html = await (await get(`/matters/${matterId}/documents/new?kind=msa&sample=1`, 'attorney')).text();
    const select = /<select id="f-performanceMeasures-0-type"[^>]*>([\s\S]*?)<\/select>/.exec(html)!;
    expect(select[0]).not.toMatch(/required/);
    expect(select[1]).toMatch(/^<option value="">/);
    expect(html).toContain('data-show-when="performanceFee=quality-bonus,shared-savings"');
    const blankRow = { 'performanceMeasures.0.name': '', 'performanceMeasures.0.type': '', 'performanceMeasures.0.benchmark': '', 'performanceMeasures.0.source': '' };
    const res = await postForm(t, `/matters/${matterId}/documents/new`, cookies.attorney, { kind: 'msa', ...toFields(sample('msa')), ...blankRow });
    expect(res.status).toBe(303);
  });

  it('the executable step names each warning without a reason and keeps the reasons given', async () => {
    // Not handling PHI while doing billing adds a second warning to the sample's one.
    const made = await matterWithDocument(t, 'msa', { ...sample('msa'), handlesPhi: false });
    const warnings = [...new Set(made.version.compliance.findings.filter((f: { severity: string }) => f.severity === 'warning').map((f: { ruleId: string }) => f.ruleId))] as string[];
    expect(warnings.length).toBeGreaterThan(1);
    const res = await postForm(t, `/documents/${made.document.id}/executable`, cookies.attorney, { versionNo: '1', [`reason.${warnings[0]}`]: 'Reviewed and accepted.', [`reason.${warnings[1]}`]: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Reviewed and accepted.');
    expect(html).toContain(`id="reason-${warnings[1]}-error"`);
    // Nothing is recorded until every reason is given.
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM warning_acks WHERE document_id = ?', [made.document.id]))!.n).toBe(0);
  });
});

describe('what each role sees', () => {
  it('a client sees their checklist’s status but no forms; staff get the task forms', async () => {
    await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: cookies.attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });
    const client = await (await get(`/matters/${matterId}/checklist`, 'client')).text();
    expect(client).toContain('Not started');
    expect(client).not.toContain('action="/checklist-tasks/');
    expect(await (await get(`/matters/${matterId}/checklist`, 'paralegal')).text()).toContain('action="/checklist-tasks/');
  });

  it('a client’s matter page lists only released documents, each with its signature-ready file', async () => {
    await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: cookies.attorney, json: { kind: 'loc', answers: sample('loc'), title: 'Draft line of credit' } });
    const html = await (await get(`/matters/${matterId}`, 'client')).text();
    expect(html).toContain(`/documents/${documentId}/versions/1/download`);
    expect(html).not.toContain('Draft line of credit');
    expect(html).not.toContain('Audit trail');
    expect(html).not.toContain(`href="/documents/${documentId}"`);
  });
});

describe('the live compliance check', () => {
  it('checks unsaved answers without writing anything; only attorneys; invalid answers are listed', async () => {
    const before = (await t.db.get<{ n: number }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM document_versions) AS n'))!.n;
    const fields = { kind: 'msa', ...toFields({ ...sample('msa'), initialTermMonths: 6 }) };
    const res = await postForm(t, `/matters/${matterId}/documents/preview`, cookies.attorney, fields);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/ERROR/);
    expect(html).not.toContain('<html');
    expect((await t.db.get<{ n: number }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM document_versions) AS n'))!.n).toBe(before);
    expect((await postForm(t, `/matters/${matterId}/documents/preview`, cookies.paralegal, fields)).status).toBe(403);
    expect((await postForm(t, `/matters/${matterId}/documents/preview`, cookies.client2, fields)).status).toBe(403);
    const invalid = await postForm(t, `/matters/${matterId}/documents/preview`, cookies.attorney, { kind: 'msa', initialTermMonths: 'sixty' });
    expect(await invalid.text()).toMatch(/Not checked yet[\s\S]*Initial term \(months\): Enter a number\./);
  });
});

describe('amendments', () => {
  it('an executed agreement is amended from its own answers; the new document names its parent', async () => {
    const made = await matterWithDocument(t);
    expect((await approve(t, cookies.attorney, made.document.id, made.version)).status).toBe(200);
    await t.request(`/api/documents/${made.document.id}/status`, { method: 'POST', cookie: cookies.paralegal, json: { to: 'executed', executedOn: '2026-11-20' } });
    const drafting = await (await get(`/documents/${made.document.id}`, 'attorney')).text();
    expect(drafting).toContain(`/matters/${made.matter.id}/documents/new?parent=${made.document.id}`);
    const page = await get(`/matters/${made.matter.id}/documents/new?parent=${made.document.id}`, 'attorney');
    const html = await page.text();
    expect(html).toContain('Amendment to');
    expect(html).toContain(`name="parentDocumentId" value="${made.document.id}"`);
    expect(html).toContain(`value="${made.version.answers.monthlyFee}"`);
    // Another matter's document cannot be the parent.
    expect((await get(`/matters/${matterId}/documents/new?parent=${made.document.id}`, 'attorney')).status).toBe(404);
    const res = await postForm(t, `/matters/${made.matter.id}/documents/new`, cookies.attorney, { kind: 'msa', parentDocumentId: String(made.document.id), relation: 'amendment', title: 'First Amendment', ...toFields({ ...sample('msa'), monthlyFee: 44000 }) });
    expect(res.status).toBe(303);
    const id = Number(/\/documents\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const doc = (await (await t.request(`/api/documents/${id}`, { cookie: cookies.attorney })).json()).document;
    expect(doc).toMatchObject({ parentDocumentId: made.document.id, relation: 'amendment', title: 'First Amendment' });
  });
});

describe('an expired session', () => {
  it('a form posted without a session goes to sign in, then back to the page the form was on', async () => {
    const res = await t.request(`/matters/${matterId}/tracking`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', referer: `http://localhost/matters/${matterId}` }, body: 'trackingNotes=x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/matters/${matterId}`)}`);
    const offsite = await t.request('/matters/new', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', referer: 'https://evil.example/x' }, body: 'title=x' });
    expect(offsite.headers.get('location')).toBe('/login?next=%2F');
  });
});
