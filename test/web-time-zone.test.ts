import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, matterWithDocument } from './helpers/documents.ts';
import { makeTestApp } from './helpers/test-app.ts';
import { postForm } from './helpers/web.ts';
import { followOnce } from './helpers/one-time.ts';
import { enrol } from './helpers/mfa.ts';
import { triStatePortfolio } from './helpers/portfolio.ts';

/**
 * Issue 21: every date on every page is the firm's. The firm is in Auckland (UTC+13 in November)
 * and the clock is 2026-11-22 15:00 UTC: it is already 2026-11-23 04:00 there, so a page that
 * showed a stored UTC instant as-is would say 2026-11-22 and fail here (the dates never coincide).
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
const FIRM_TODAY = '2026-11-23';
const UTC_TODAY = '2026-11-22';
const FIRM_NOW = '2026-11-23 04:00 GMT+13';

beforeAll(async () => {
  t = await makeTestApp({ deps: { timeZone: 'Pacific/Auckland' } });
  expect(t.clock.current.toISOString().slice(0, 10)).toBe(UTC_TODAY);
});
afterAll(async () => t?.close());

const page = async (path: string, cookie: string) => {
  const res = await t.request(path, { cookie });
  expect(res.status).toBe(200);
  return res.text();
};

describe("every page's dates are in the firm's time zone", () => {
  it('the API tokens page: created, expires, last used (time named) and revoked', async () => {
    const cookie = await t.login('paralegal');
    const { html } = await followOnce(t, await postForm(t, '/account/tokens', cookie, { name: 'DMS sync', expiresInDays: '30' }), cookie);
    const secret = /id="token-secret">(cwt_[A-Za-z0-9_-]+)</.exec(html)?.[1];
    expect(secret).toBeDefined();
    expect((await t.request('/api/auth/me', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    const list = await page('/account/tokens', cookie);
    expect(list).toContain(`<td>${FIRM_TODAY}</td>`); // created
    expect(list).toContain('<td>2026-12-23</td>'); // expires 30 days on: 2026-12-22 15:00 UTC
    expect(list).toContain(FIRM_NOW); // last used
    expect(list).not.toContain(UTC_TODAY);
    expect(list).not.toContain('2026-12-22');
    expect(list).not.toContain('(UTC)');
    const id = (await (await t.request('/api/tokens', { cookie })).json()).tokens[0].id;
    expect((await postForm(t, `/account/tokens/${id}/revoke`, cookie, {})).status).toBe(303);
    const revoked = await page('/account/tokens', cookie);
    expect(revoked).toContain(`Revoked ${FIRM_TODAY}`);
    expect(revoked).not.toContain(UTC_TODAY);
  });

  it('the two-step sign-in page: on since the firm’s date', async () => {
    const cookie = await t.login('attorney2');
    await enrol(t, cookie);
    const html = await page('/account/mfa', cookie);
    expect(html).toContain(`since ${FIRM_TODAY}.`);
    expect(html).not.toContain(UTC_TODAY);
  });

  it('the users page: each user’s “Since”, and a reset code’s expiry as a time with its zone', async () => {
    const admin = await t.login('admin');
    const list = await page('/admin/users', admin);
    expect(list).toContain(`<td>${FIRM_TODAY}</td>`);
    expect(list).not.toContain(UTC_TODAY);
    const issued = await postForm(t, `/admin/users/${t.users.client2}/password-reset`, admin, {});
    expect(issued.status).toBe(200);
    const html = await issued.text();
    // 24 hours on: 2026-11-23 15:00 UTC, which is 2026-11-24 04:00 in Auckland.
    expect(html).toContain('expires 2026-11-24 04:00 GMT+13 (24 hours)');
    expect(html).not.toContain('expires 2026-11-23');
  });

  it('the portfolios list and a portfolio’s page', async () => {
    const { attorney, portfolio } = await triStatePortfolio(t);
    const list = await page('/portfolios', attorney);
    expect(list).toContain(`<td>${FIRM_TODAY}</td>`);
    expect(list).not.toContain(UTC_TODAY);
    const one = await page(`/portfolios/${portfolio.id}`, attorney);
    expect(one).toContain(`today is ${FIRM_TODAY}`);
    expect(one).not.toContain(UTC_TODAY);
  });

  it('the matters list, the matter’s audit trail and the document’s versions', async () => {
    const made = await matterWithDocument(t);
    const matters = await page('/matters', made.attorney);
    expect(matters).toContain(`<td>${FIRM_TODAY}</td>`);
    expect(matters).not.toContain(UTC_TODAY);
    const matter = await page(`/matters/${made.matter.id}`, made.attorney);
    expect(matter).toContain(FIRM_NOW);
    expect(matter).not.toContain(UTC_TODAY);
    const doc = await page(`/documents/${made.document.id}`, made.attorney);
    expect(doc).toContain(FIRM_NOW);
    expect(doc).not.toContain(UTC_TODAY);
  });

  it('the reference page counts the AFR months missing up to the firm’s month, not UTC’s', async () => {
    const before = t.clock.current;
    t.clock.current = new Date('2026-11-30T15:00:00Z'); // 1 December in Auckland
    try {
      const admin = await t.login('admin');
      const html = await page('/admin/reference', admin);
      expect(html).toMatch(/Missing since January 2015: [^.]*2026-12\./);
      expect((await (await t.request('/api/admin/reference', { cookie: admin })).json()).afrMissing).toContain('2026-12');
    } finally {
      t.clock.current = before;
    }
  });

  it('a refused date signed: today is the firm’s, and the error summary links to the date field', async () => {
    const made = await matterWithDocument(t);
    expect((await approve(t, made.attorney, made.document.id, made.version)).status).toBe(200);
    const form = await page(`/documents/${made.document.id}`, made.attorney);
    expect(form).toContain(`max="${FIRM_TODAY}"`);
    const refused = await postForm(t, `/documents/${made.document.id}/status`, made.attorney, { to: 'executed', executedOn: '2026-11-24' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    const summary = /<div class="errors" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(summary).toMatch(/<a href="#executed-on" data-jump="executed-on">The date signed \(2026-11-24\) is after today \(2026-11-23\)/);
    expect(html).toMatch(/id="executed-on"/);
    expect(html).toMatch(/id="executed-on-error"/);
    // The firm's today (not yet the 23rd in UTC) is accepted.
    expect((await postForm(t, `/documents/${made.document.id}/status`, made.attorney, { to: 'executed', executedOn: FIRM_TODAY })).status).toBe(303);
  });
});
