import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, TEST_PASSWORD } from './helpers/test-app.ts';
import { matterWithDocument } from './helpers/documents.ts';
import { nextCode } from './helpers/mfa.ts';
import { followOnce } from './helpers/one-time.ts';
import { postForm } from './helpers/web.ts';

/**
 * Issue 21: a page that shows a one-time secret never re-posts on reload. The post answers 303;
 * the GET it leads to shows the secret once (sealed in a short-lived cookie, web/one-time.ts);
 * a reload of that address shows "already shown" — not the secret, and no second secret is made.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let matterId = 0;
let attorney = '';
beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  matterId = made.matter.id;
  attorney = made.attorney;
});
afterAll(async () => t?.close());

const ALREADY = /shown once and (is|are) not shown again/;

/** A reload of the page that showed the secret: a redirect to the same page with the message, never the secret. */
async function reload(location: string, cookie: string, secret: string, messageAt: string) {
  const again = await t.request(location, { cookie });
  expect(again.status).toBe(303);
  expect(again.headers.get('location')).toBe(messageAt);
  const page = await t.request(messageAt, { cookie });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(ALREADY);
  expect(html).not.toContain(secret);
}

describe('one-time secrets: POST → 303 → GET once → reload says "already shown"', () => {
  it('a new API token', async () => {
    const cookie = await t.login('paralegal');
    // An opening whose cookie has long expired: pruned by the next opening, so the table stays small.
    await t.db.transaction((tx) => tx.run('INSERT INTO one_time_openings (nonce_hash, expires_at) VALUES (?, ?)', ['0'.repeat(64), '2000-01-01T00:00:00.000Z']));
    const posted = await postForm(t, '/account/tokens', cookie, { name: 'DMS sync', expiresInDays: '30' });
    expect(await posted.clone().text()).not.toMatch(/cwt_/); // the post's own answer carries no secret
    const { location, anchor, shown, html, cookie: after, sent } = await followOnce(t, posted, cookie);
    expect(anchor).toBe('new-token');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const secret = /id="token-secret">(cwt_[A-Za-z0-9_-]{43})</.exec(html)?.[1];
    expect(secret).toBeDefined();
    await reload(location, after, secret!, '/account/tokens?msg=api-token-shown');
    // The opening is recorded in the database (migration 020), so every app server on it knows.
    const openings = await t.db.all<{ nonce_hash: string; expires_at: string }>('SELECT nonce_hash, expires_at FROM one_time_openings');
    expect(openings).toHaveLength(1);
    expect(openings[0]!.nonce_hash).not.toBe('0'.repeat(64));
    expect(openings[0]!.nonce_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(openings[0]!.expires_at)).toBeGreaterThan(t.clock.now().getTime());
    // The same sealed cookie sent again (a replay) is not shown twice either.
    expect((await t.request(location, { cookie: sent })).status).toBe(303);
    // Reloading made no second token.
    expect((await (await t.request('/api/tokens', { cookie })).json()).tokens).toHaveLength(1);
  });

  it('a sealed secret opens only for the user it was made for', async () => {
    const cookie = await t.login('attorney');
    const posted = await postForm(t, '/account/tokens', cookie, { name: 'Mine', expiresInDays: '30' });
    const once = posted.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c!.includes('cw_once_'))!;
    const other = await t.login('admin');
    const stolen = await t.request(posted.headers.get('location')!.split('#')[0]!, { cookie: `${other}; ${once}` });
    expect(stolen.status).toBe(303);
    expect(stolen.headers.get('location')).toBe('/account/tokens?msg=api-token-shown');
  });

  it('a new calendar link, at the top of the dashboard with its filters kept', async () => {
    const cookie = await t.login('paralegal');
    const before = (await (await t.request('/api/calendar/link', { cookie })).json()).createdAt;
    const posted = await postForm(t, '/calendar/link?withinDays=30', cookie, {});
    const { location, anchor, html, cookie: after } = await followOnce(t, posted, cookie);
    expect(location).toBe('/deadlines?withinDays=30&shown=calendar-link');
    expect(anchor).toBe('new-calendar-link');
    const url = /<code class="url" id="calendar-url">([^<]+)<\/code>/.exec(html)?.[1];
    expect(url).toMatch(/\/calendar\//);
    const made = (await (await t.request('/api/calendar/link', { cookie })).json()).createdAt;
    expect(made).not.toBe(before);
    await reload(location, after, url!, '/deadlines?withinDays=30&msg=calendar-link-shown');
    expect((await (await t.request('/api/calendar/link', { cookie })).json()).createdAt).toBe(made);
  });

  it('a client invitation’s one-time code and link', async () => {
    const posted = await postForm(t, `/matters/${matterId}/clients`, attorney, { name: 'Dana Doctor', email: 'dana.once@example.test' });
    const { location, anchor, html, cookie: after } = await followOnce(t, posted, attorney);
    expect(location).toBe(`/matters/${matterId}/invited?shown=client-invitation`);
    expect(anchor).toBe('invited-client');
    expect(html).toContain('id="invited-client"');
    const link = /(http:\/\/localhost\/password\/reset[^"<\s]*)/.exec(html)?.[1];
    expect(link).toBeDefined();
    await reload(location, after, link!, `/matters/${matterId}?msg=client-invitation-shown`);
    // The reload invited no one again: one client user with that address.
    const users = (await (await t.request('/api/users?q=dana.once', { cookie: await t.login('admin') })).json()).users;
    expect(users).toHaveLength(1);
  });

  it('an authenticator’s key and QR code, then the recovery codes (account page)', async () => {
    const cookie = await t.login('client');
    const scan = await followOnce(t, await postForm(t, '/account/mfa/start', cookie, {}), cookie);
    expect(scan.location).toBe('/account/mfa/scan?shown=mfa-enrolment');
    expect(scan.html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code for your authenticator app"/);
    const secret = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec(scan.html)![1]!;
    await reload(scan.location, scan.cookie, secret, '/account/mfa/scan?msg=mfa-enrolment-shown');
    // The page without the key still takes the code.
    const codes = await followOnce(t, await postForm(t, '/account/mfa/confirm', cookie, { code: nextCode(t, secret) }), cookie);
    const listed = codes.html.match(/<li><code>([0-9a-z-]{19})<\/code><\/li>/g);
    expect(listed).toHaveLength(10);
    await reload(codes.location, codes.cookie, /[0-9a-z-]{19}/.exec(listed![0]!)![0], '/account/mfa?msg=recovery-codes-shown');
    const regenerated = await followOnce(t, await postForm(t, '/account/mfa/recovery-codes', cookie, { password: TEST_PASSWORD, code: nextCode(t, secret) }), cookie);
    expect(regenerated.html).toContain('Your earlier recovery codes no longer work.');
  });

  it('enrolment during sign-in: the key once, then the recovery codes once, and on to the page asked for', async () => {
    expect((await postForm(t, '/admin/mfa-policy', await t.login('admin'), { requiredRoles: ['paralegal'] })).status).toBe(303);
    const first = await postForm(t, '/login?next=%2Fdeadlines', '', { email: 'paralegal@example.test', password: TEST_PASSWORD });
    const pending = /cw_mfa=[^;]+/.exec(first.headers.get('set-cookie') ?? '')![0];
    const scan = await followOnce(t, await postForm(t, '/login/mfa/setup/start?next=%2Fdeadlines', pending, {}), pending);
    expect(scan.location).toBe('/login/mfa/setup/scan?next=%2Fdeadlines&shown=mfa-enrolment');
    const secret = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec(scan.html)![1]!;
    await reload(scan.location, scan.cookie, secret, '/login/mfa/setup/scan?next=%2Fdeadlines&msg=mfa-enrolment-shown');
    const codes = await followOnce(t, await postForm(t, '/login/mfa/setup?next=%2Fdeadlines', pending, { code: nextCode(t, secret) }), pending);
    expect(codes.html.match(/<li><code>[0-9a-z-]{19}<\/code><\/li>/g)).toHaveLength(10);
    expect(codes.html).toContain('href="/deadlines"');
    expect((await t.request('/deadlines', { cookie: codes.cookie })).status).toBe(200);
    const again = await t.request(codes.location, { cookie: codes.cookie });
    expect(again.headers.get('location')).toBe('/account/mfa?msg=recovery-codes-shown');
    await postForm(t, '/admin/mfa-policy', await t.login('admin'), { requiredRoles: [] });
  });
});
