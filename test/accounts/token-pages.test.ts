import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { postForm } from '../helpers/web.ts';
import { followOnce } from '../helpers/one-time.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const SECRET = /<code class="url" id="token-secret">(cwt_[A-Za-z0-9_-]{43})<\/code>/;
const bearer = (secret: string) => t.request('/api/auth/me', { headers: { authorization: `Bearer ${secret}` } });

describe('API tokens page', () => {
  it('makes a token shown once with a copy button, lists it with its last use, and revokes it', async () => {
    t = await makeTestApp();
    const cookie = await t.login('paralegal');
    const empty = await t.request('/account/tokens', { cookie });
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('You have no API tokens.');

    // The post answers 303; the page it leads to shows the secret once (web/one-time.ts).
    const { shown: made, html } = await followOnce(t, await postForm(t, '/account/tokens', cookie, { name: 'DMS sync', expiresInDays: '30' }), cookie);
    expect(made.status).toBe(200);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const secret = SECRET.exec(html)?.[1];
    expect(secret).toBeDefined();
    expect(html).toContain('data-copy="token-secret"');
    expect(html).toContain('Never');

    const me = await bearer(secret!);
    expect(me.status).toBe(200);
    expect((await me.json()).user.role).toBe('paralegal');
    const list = await (await t.request('/account/tokens', { cookie })).text();
    expect(list).not.toContain(secret!);
    expect(list).toContain('DMS sync');
    // Last used at 15:00 UTC: the firm's time (America/New_York by default), its zone named.
    expect(list).toContain('2026-11-22 10:00 EST');
    expect(list).not.toContain('>Never<');

    const id = (await (await t.request('/api/tokens', { cookie })).json()).tokens[0].id;
    const revoked = await postForm(t, `/account/tokens/${id}/revoke`, cookie, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/account/tokens?msg=token-revoked');
    expect((await bearer(secret!)).status).toBe(401);
    expect(await (await t.request('/account/tokens?msg=token-revoked', { cookie })).text()).toMatch(/API token revoked[\s\S]*Revoked \d{4}-\d\d-\d\d/);
  });

  it('refuses bad input beside the field and keeps what was typed; another user’s token is not found; cross-site posts are refused', async () => {
    t = await makeTestApp();
    const cookie = await t.login('client');
    const bad = await postForm(t, '/account/tokens', cookie, { name: 'Nightly export', expiresInDays: '400' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="t-days-error"');
    expect(html).toContain('value="Nightly export"');
    expect(html).not.toMatch(SECRET);
    const blank = await postForm(t, '/account/tokens', cookie, { name: '', expiresInDays: '30' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('id="t-name-error"');
    expect((await (await t.request('/api/tokens', { cookie })).json()).tokens).toEqual([]);

    const attorney = await t.login('attorney');
    const theirs = await (await t.request('/api/tokens', { method: 'POST', cookie: attorney, json: { name: 'Theirs' } })).json();
    expect((await postForm(t, `/account/tokens/${theirs.token.id}/revoke`, cookie, {})).status).toBe(404);
    expect((await bearer(theirs.secret)).status).toBe(200);
    expect((await postForm(t, '/account/tokens', cookie, { name: 'Evil', expiresInDays: '30' }, 'https://evil.example')).status).toBe(403);
  });

  it('sends anonymous visitors to sign in', async () => {
    t = await makeTestApp();
    const res = await t.request('/account/tokens');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});
