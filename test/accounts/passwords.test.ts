import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, cookieFrom, makeTestApp } from '../helpers/test-app.ts';
import { passwordProblem } from '../../server/services/auth/password-policy.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const NEW = 'plum orchard lighthouse 42';
const signIn = (email: string, password: string) => t.request('/api/auth/login', { method: 'POST', json: { email, password } });
const events = async (type: string) => t.db.all<{ data: string; actor_user_id: number | null; object_id: string | null }>('SELECT data, actor_user_id, object_id FROM audit_events WHERE type = ? ORDER BY id', [type]);

describe('password policy (ASVS 2.1)', () => {
  it('asks for length, not composition, and refuses listed and own-address passwords', () => {
    expect(passwordProblem('short pass')).toBe('too_short');
    expect(passwordProblem('a'.repeat(129))).toBe('too_long');
    expect(passwordProblem('a'.repeat(64))).toBeNull(); // 64 allowed (2.1.2)
    expect(passwordProblem('all lower case words')).toBeNull(); // no composition rules (2.1.9)
    expect(passwordProblem('Password1234')).toBe('common'); // case-insensitive
    expect(passwordProblem('ｐａｓｓｗｏｒｄ１２３４')).toBe('common'); // full-width forms normalised (NFKC)
    expect(passwordProblem('avery.attorney@firm.test', 'Avery.Attorney@firm.test')).toBe('same_as_email');
    // Length counts characters, not UTF-16 units: 11 emoji are too short.
    expect(passwordProblem('🔑'.repeat(11))).toBe('too_short');
    expect(passwordProblem('🔑'.repeat(12))).toBeNull();
  });
});

describe('changing your own password', () => {
  it('needs the current password, ends the other sessions, keeps this one, and is audited', async () => {
    t = await makeTestApp();
    const here = await t.login('attorney');
    const elsewhere = await t.login('attorney');
    const res = await t.request('/api/auth/password', { method: 'POST', cookie: here, json: { currentPassword: TEST_PASSWORD, newPassword: NEW } });
    expect(res.status).toBe(204);
    expect((await t.request('/api/auth/me', { cookie: here })).status).toBe(200);
    expect((await t.request('/api/auth/me', { cookie: elsewhere })).status).toBe(401);
    expect((await signIn('attorney@example.test', TEST_PASSWORD)).status).toBe(401);
    expect((await signIn('attorney@example.test', NEW)).status).toBe(200);
    const [changed] = await events('password.changed');
    expect(JSON.parse(changed!.data)).toEqual({ sessionsEnded: 1 });
    expect(changed!.actor_user_id).toBe(t.users.attorney);
    expect(JSON.stringify(await t.db.all('SELECT data FROM audit_events'))).not.toContain(NEW);
  });

  it('refuses a wrong current password (400 naming the field, audited) and rate-limits guessing', async () => {
    t = await makeTestApp();
    const cookie = await t.login('client');
    for (let i = 0; i < 5; i++) {
      const res = await t.request('/api/auth/password', { method: 'POST', cookie, json: { currentPassword: 'not my password', newPassword: NEW } });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details.fields[0]).toMatchObject({ path: 'currentPassword', issue: 'incorrect' });
    }
    const blocked = await t.request('/api/auth/password', { method: 'POST', cookie, json: { currentPassword: TEST_PASSWORD, newPassword: NEW } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    const failed = (await events('password.change-failed')).map((e) => JSON.parse(e.data).reason);
    expect(failed).toEqual([...Array(5).fill('wrong_current_password'), 'rate_limited']);
    expect((await signIn('client@example.test', TEST_PASSWORD)).status).toBe(429); // the same per-account limit as sign-in
  });

  it('applies the policy to the new password and leaves the old one working', async () => {
    t = await makeTestApp();
    const cookie = await t.login('paralegal');
    for (const [newPassword, issue] of [
      ['too short', 'too_short'],
      ['qwertyuiop123', 'common'],
      ['paralegal@example.test', 'same_as_email'],
      [TEST_PASSWORD, 'unchanged'],
    ] as const) {
      const res = await t.request('/api/auth/password', { method: 'POST', cookie, json: { currentPassword: TEST_PASSWORD, newPassword } });
      expect(res.status, newPassword).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.fields[0]).toMatchObject({ path: 'newPassword', issue });
    }
    expect((await t.request('/api/auth/password', { method: 'POST', cookie, json: { newPassword: NEW } })).status).toBe(400);
    expect((await t.request('/api/auth/password', { method: 'POST', json: { currentPassword: TEST_PASSWORD, newPassword: NEW } })).status).toBe(401);
    expect((await signIn('paralegal@example.test', TEST_PASSWORD)).status).toBe(200);
    expect(await events('password.changed')).toHaveLength(0);
  });
});

describe('admin-issued password reset', () => {
  async function issue(userId: number, cookie?: string) {
    const admin = cookie ?? (await t.login('admin'));
    return t.request(`/api/users/${userId}/password-reset`, { method: 'POST', cookie: admin });
  }

  it('shows a code once, stores only its hash, and the code sets a password once and ends every session', async () => {
    t = await makeTestApp();
    const clientSession = await t.login('client');
    const res = await issue(t.users.client);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { reset } = await res.json();
    expect(reset.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reset.path).toBe(`/password/reset?code=${reset.code}`);
    expect(reset.expiresAt).toBe('2026-11-23T15:00:00.000Z');
    const stored = JSON.stringify(await t.db.all('SELECT * FROM password_resets'));
    expect(stored).not.toContain(reset.code);
    // Issuing alone changes nothing for the user.
    expect((await t.request('/api/auth/me', { cookie: clientSession })).status).toBe(200);

    const redeem = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: reset.code, newPassword: NEW } });
    expect(redeem.status).toBe(204);
    expect((await t.request('/api/auth/me', { cookie: clientSession })).status).toBe(401);
    expect((await signIn('client@example.test', NEW)).status).toBe(200);
    const again = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: reset.code, newPassword: 'another fine passphrase' } });
    expect(again.status).toBe(422);
    expect((await again.json()).error.details.reason).toBe('invalid_reset_code');
    expect(JSON.parse((await events('password.reset-issued'))[0]!.data)).toMatchObject({ email: 'client@example.test' });
    const [done] = await events('password.reset');
    expect(done!.actor_user_id).toBe(t.users.client);
    expect(JSON.parse(done!.data)).toMatchObject({ email: 'client@example.test', sessionsEnded: 1 });
    expect((await events('password.reset-failed')).map((e) => JSON.parse(e.data).reason)).toEqual(['invalid_code']);
  });

  it('refuses expired, superseded and unknown codes alike; a refused new password leaves the code usable', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const first = (await (await issue(t.users.paralegal, admin)).json()).reset.code;
    const second = (await (await issue(t.users.paralegal, admin)).json()).reset.code;
    const redeem = (code: string, newPassword = NEW) => t.request('/api/auth/password-reset', { method: 'POST', json: { code, newPassword } });
    const superseded = await redeem(first);
    const unknown = await redeem('x'.repeat(43));
    expect(superseded.status).toBe(422);
    expect(unknown.status).toBe(422);
    expect((await superseded.json()).error).toEqual((await unknown.json()).error);
    const weak = await redeem(second, 'password1234');
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.details.fields[0].issue).toBe('common');
    t.clock.advanceMinutes(24 * 60);
    expect((await redeem(second)).status).toBe(422);
    expect((await signIn('paralegal@example.test', TEST_PASSWORD)).status).toBe(200);
  });

  it('is for administrators, not for their own account or a disabled one, and 404s an unknown user', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    expect((await issue(t.users.client, await t.login('attorney'))).status).toBe(403);
    expect((await t.request(`/api/users/${t.users.client}/password-reset`, { method: 'POST' })).status).toBe(401);
    const own = await issue(t.users.admin, admin);
    expect(own.status).toBe(409);
    expect((await own.json()).error.details.reason).toBe('own_account');
    expect((await issue(99999, admin)).status).toBe(404);
    await t.request(`/api/users/${t.users.client2}`, { method: 'PATCH', cookie: admin, json: { disabled: true } });
    expect((await issue(t.users.client2, admin)).status).toBe(409);
  });

  it('rate-limits code guessing per address', async () => {
    t = await makeTestApp();
    for (let i = 0; i < 30; i++) await t.request('/api/auth/password-reset', { method: 'POST', json: { code: `guess-${i}`, newPassword: NEW } });
    const blocked = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: 'guess', newPassword: NEW } });
    expect(blocked.status).toBe(429);
  });
});

describe('creating a user follows the policy', () => {
  it('refuses a common initial password', async () => {
    t = await makeTestApp();
    const res = await t.request('/api/users', { method: 'POST', cookie: await t.login('admin'), json: { email: 'new@example.test', name: 'New', role: 'client', password: 'password1234' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.fields[0]).toMatchObject({ path: 'password', issue: 'common' });
  });
});
