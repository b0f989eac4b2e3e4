import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeTestApp } from '../helpers/test-app.ts';
import { postForm } from '../helpers/web.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const NEW = 'plum orchard lighthouse 42';
const signIn = (email: string, password: string) => t.request('/api/auth/login', { method: 'POST', json: { email, password } });

describe('password pages', () => {
  it('change password: refuses a wrong current password on the form, then changes it', async () => {
    t = await makeTestApp();
    const cookie = await t.login('client');
    const page = await t.request('/account/password', { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('autocomplete="current-password"');
    const wrong = await postForm(t, '/account/password', cookie, { currentPassword: 'nope', newPassword: NEW });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('The current password is not correct.');
    const ok = await postForm(t, '/account/password', cookie, { currentPassword: TEST_PASSWORD, newPassword: NEW });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account/password?msg=password-changed');
    expect((await signIn('client@example.test', NEW)).status).toBe(200);
    // A cross-site form post is refused (csrf), as on every page.
    expect((await postForm(t, '/account/password', cookie, { currentPassword: NEW, newPassword: 'x'.repeat(20) }, 'https://evil.example')).status).toBe(403);
  });

  it('sends anonymous visitors to sign in', async () => {
    t = await makeTestApp();
    const res = await t.request('/account/password');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('admin issues a code on the users page (shown once, no-store); the user redeems it on the reset page', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const issued = await postForm(t, `/admin/users/${t.users.paralegal}/password-reset`, admin, {});
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const html = await issued.text();
    const code = /Code: <code>([A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1];
    expect(code).toBeDefined();
    expect(html).toContain(`/password/reset?code=${code}`);
    expect(await (await t.request('/admin/users', { cookie: admin })).text()).not.toContain(code!);
    expect((await postForm(t, `/admin/users/${t.users.paralegal}/password-reset`, await t.login('attorney'), {})).status).toBe(403);

    const form = await t.request(`/password/reset?code=${code}`);
    expect(await form.text()).toContain(`value="${code}"`);
    const weak = await postForm(t, '/password/reset', '', { code: code!, newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('common or breached');
    const done = await postForm(t, '/password/reset', '', { code: code!, newPassword: NEW });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?msg=password-reset');
    const reused = await postForm(t, '/password/reset', '', { code: code!, newPassword: 'another fine passphrase' });
    expect(reused.status).toBe(422);
    expect((await signIn('paralegal@example.test', NEW)).status).toBe(200);
  });
});
