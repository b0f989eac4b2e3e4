import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, makeTestApp, TEST_PASSWORD } from '../helpers/test-app.ts';
import { enrol, nextCode } from '../helpers/mfa.ts';
import { postForm } from '../helpers/web.ts';
import { followOnce } from '../helpers/one-time.ts';

/**
 * Two-step sign-in in the browser pages: the password form leads to the code page (the
 * challenge in its own HttpOnly cookie, never in a URL), a recovery code page, enrolment with
 * the QR code when the policy requires it (before any other page), the account page, and the
 * admin's policy and reset on the users page.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => t.close());

const challengeCookie = (res: Response) => /cw_mfa=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
const passwordForm = (who: string, next = '/matters') => postForm(t, `/login?next=${encodeURIComponent(next)}`, '', { email: `${who}@example.test`, password: TEST_PASSWORD });

describe('sign-in pages', () => {
  it('asks for the code after the password, keeps next, and signs in only with a valid code', async () => {
    const { secret, recoveryCodes } = await enrol(t, await t.login('attorney'));
    const first = await passwordForm('attorney');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/login/mfa?next=%2Fmatters');
    expect(first.headers.get('set-cookie')).toMatch(/cw_mfa=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax/);
    expect(first.headers.get('set-cookie')).not.toContain('cw_session');
    const pending = challengeCookie(first);
    // The challenge is not a session: pages still send the visitor to sign in.
    expect((await t.request('/matters', { cookie: pending })).status).toBe(303);

    const page = await t.request('/login/mfa?next=%2Fmatters', { cookie: pending });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Code from your authenticator app');
    expect(html).toContain('autocomplete="one-time-code"');
    expect(html).toContain('Use a recovery code');

    const wrong = await postForm(t, '/login/mfa?next=%2Fmatters', pending, { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('The code is not correct');
    const ok = await postForm(t, '/login/mfa?next=%2Fmatters', pending, { code: nextCode(t, secret) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/matters');
    expect((await t.request('/matters', { cookie: cookieFrom(ok) })).status).toBe(200);
    expect(ok.headers.get('set-cookie')).toMatch(/cw_mfa=;/);
    // The same challenge cannot be used again: back to the password form.
    const again = await postForm(t, '/login/mfa?next=%2Fmatters', pending, { code: nextCode(t, secret) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Sign in again');

    // The recovery-code page.
    const second = challengeCookie(await passwordForm('attorney'));
    const recoveryPage = await (await t.request('/login/mfa?next=%2F&recovery=1', { cookie: second })).text();
    expect(recoveryPage).toContain('Recovery code');
    const viaRecovery = await postForm(t, '/login/mfa?next=%2F', second, { code: recoveryCodes[0]! });
    expect(viaRecovery.status).toBe(303);
  });

  it('makes a user whose role requires it set up an authenticator before reaching anything else', async () => {
    const admin = await t.login('admin');
    const saved = await postForm(t, '/admin/mfa-policy', admin, { requiredRoles: ['paralegal'] });
    expect(saved.status).toBe(303);
    const first = await passwordForm('paralegal', '/deadlines');
    expect(first.headers.get('location')).toBe('/login/mfa/setup?next=%2Fdeadlines');
    const pending = challengeCookie(first);
    expect((await t.request('/deadlines', { cookie: pending })).status).toBe(303);
    expect(await (await t.request('/login/mfa/setup?next=%2Fdeadlines', { cookie: pending })).text()).toContain('Your firm requires a second step');
    // The post answers 303; the page it leads to shows the key once (web/one-time.ts).
    const { shown: scan, html } = await followOnce(t, await postForm(t, '/login/mfa/setup/start?next=%2Fdeadlines', pending, {}), pending);
    expect(scan.status).toBe(200);
    expect(scan.headers.get('cache-control')).toBe('no-store');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code for your authenticator app"/);
    const secret = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec(html)![1]!;
    const bad = await postForm(t, '/login/mfa/setup?next=%2Fdeadlines', pending, { code: '000000' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain(secret); // shown once: a retry does not show it again
    const done = await postForm(t, '/login/mfa/setup?next=%2Fdeadlines', pending, { code: nextCode(t, secret) });
    const { html: codesPage } = await followOnce(t, done, pending);
    expect(codesPage.match(/<li><code>[0-9a-z-]{19}<\/code><\/li>/g)).toHaveLength(10);
    expect(codesPage).toContain('href="/deadlines"');
    expect((await t.request('/deadlines', { cookie: cookieFrom(done) })).status).toBe(200);
  });
});

describe('account and admin pages', () => {
  it('sets up, shows the status, and turns off two-step sign-in from the account page', async () => {
    const cookie = await t.login('client');
    expect(await (await t.request('/account/mfa', { cookie })).text()).toContain('Set up an authenticator app');
    const { html: scan } = await followOnce(t, await postForm(t, '/account/mfa/start', cookie, {}), cookie);
    const secret = /<code id="mfa-secret">([A-Z2-7]+)<\/code>/.exec(scan)![1]!;
    const done = await followOnce(t, await postForm(t, '/account/mfa/confirm', cookie, { code: nextCode(t, secret) }), cookie);
    expect(done.shown.status).toBe(200);
    expect(await (await t.request('/account/mfa', { cookie })).text()).toContain('Recovery codes left: 10');
    const wrong = await postForm(t, '/account/mfa/disable', cookie, { password: 'wrong password', code: nextCode(t, secret) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('id="off-password-error"');
    const off = await postForm(t, '/account/mfa/disable', cookie, { password: TEST_PASSWORD, code: nextCode(t, secret) });
    expect(off.headers.get('location')).toBe('/account/mfa?msg=mfa-disabled');
  });

  it('shows who has it on the users page, with the policy form and a reset for others', async () => {
    await enrol(t, await t.login('attorney'));
    const admin = await t.login('admin');
    const html = await (await t.request('/admin/users', { cookie: admin })).text();
    expect(html).toContain('Two-step sign-in policy');
    expect(html).toContain(`action="/admin/users/${t.users.attorney}/mfa-reset"`);
    const reset = await postForm(t, `/admin/users/${t.users.attorney}/mfa-reset`, admin, {});
    expect(reset.headers.get('location')).toBe('/admin/users?msg=mfa-reset');
    expect(await (await t.request('/admin/users', { cookie: admin })).text()).not.toContain(`/admin/users/${t.users.attorney}/mfa-reset`);
    expect((await postForm(t, '/admin/mfa-policy', await t.login('attorney'), { requiredRoles: 'attorney' })).status).toBe(403);
  });
});
