import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, makeTestApp, TEST_PASSWORD } from '../helpers/test-app.ts';
import { enrol, loginWithCode, nextCode, totpAt } from '../helpers/mfa.ts';
import { resetMfaByEmail } from '../../server/services/mfa/manage-mfa.ts';

/**
 * Two-step sign-in (TOTP, RFC 6238) through the JSON API: enrolment shown once and confirmed by
 * a code, secrets sealed at rest, recovery codes hashed and single use, the sign-in's second
 * step with replay and rate limits, the per-role policy that forces enrolment, disabling and
 * the admin reset — each audited without a secret in the log.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(async () => t.close());

const login = (who: string, password = TEST_PASSWORD) => t.request('/api/auth/login', { method: 'POST', json: { email: `${who}@example.test`, password } });
const second = (challenge: string, code: string) => t.request('/api/auth/login/mfa', { method: 'POST', json: { challenge, code } });
const events = async (type: string) => (await t.db.all<{ data: string; object_id: string | null }>('SELECT data, object_id FROM audit_events WHERE type = ? ORDER BY id', [type])).map((e) => ({ ...JSON.parse(e.data), objectId: e.object_id }));

describe('enrolment', () => {
  it('shows a secret and QR code once, takes effect only when a code confirms it, and stores the secret sealed', async () => {
    const cookie = await t.login('attorney');
    const started = await t.request('/api/auth/mfa/enrolment', { method: 'POST', cookie });
    expect(started.status).toBe(201);
    expect(started.headers.get('cache-control')).toBe('no-store');
    const shown = await started.json();
    expect(shown.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(shown.otpauthUri).toContain(`secret=${shown.secret}`);
    expect(shown.otpauthUri).toContain('issuer=clausewright');
    expect(Buffer.from(shown.qrCode.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toContain('<svg');
    // Not in effect yet: sign-in still needs only the password.
    expect((await (await t.request('/api/auth/mfa', { cookie })).json()).mfa.enabled).toBe(false);
    expect((await login('attorney')).status).toBe(200);
    const row = await t.db.get<{ secret_enc: string }>('SELECT secret_enc FROM mfa_factors WHERE user_id = ?', [t.users.attorney]);
    expect(row!.secret_enc).not.toContain(shown.secret);
    expect(row!.secret_enc).toMatch(/^v1\./);

    const wrong = await t.request('/api/auth/mfa/enrolment/confirm', { method: 'POST', cookie, json: { code: '000000' } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details.fields[0].path).toBe('code');
    const confirmed = await t.request('/api/auth/mfa/enrolment/confirm', { method: 'POST', cookie, json: { code: nextCode(t, shown.secret) } });
    expect(confirmed.status).toBe(201);
    const { recoveryCodes } = await confirmed.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);
    const stored = await t.db.all<{ code_hash: string }>('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?', [t.users.attorney]);
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash).join()).not.toContain(recoveryCodes[0].replace(/-/g, ''));

    const status = await (await t.request('/api/auth/mfa', { cookie })).json();
    expect(status.mfa).toEqual({ enabled: true, enabledAt: t.clock.now().toISOString(), recoveryCodesLeft: 10, requiredForRole: false });
    expect(JSON.stringify(status)).not.toContain(shown.secret);
    // The secret is never shown again: a second enrolment is refused while one is on.
    const again = await t.request('/api/auth/mfa/enrolment', { method: 'POST', cookie });
    expect(again.status).toBe(409);
    expect((await again.json()).error.details.reason).toBe('mfa_already_enabled');

    expect((await events('mfa.enrolment-started')).map((e) => e.during)).toEqual(['account']);
    expect(await events('mfa.enabled')).toEqual([{ recoveryCodes: 10, during: 'account', objectId: String(t.users.attorney) }]);
    expect((await events('mfa.failed'))[0]).toMatchObject({ reason: 'invalid_code', during: 'enrolment' });
    const log = (await t.db.all<{ data: string }>('SELECT data FROM audit_events')).map((r) => r.data).join('\n');
    expect(log).not.toContain(shown.secret);
    for (const code of recoveryCodes) expect(log).not.toContain(code);
  });
});

describe('sign-in with a second factor', () => {
  it('answers the password with a challenge and no session; the code finishes it once; a code is never accepted twice', async () => {
    const { secret } = await enrol(t, await t.login('attorney'));
    const first = await login('attorney');
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    const step = await first.json();
    expect(step.step).toBe('mfa_required');
    expect(step.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(step.user).toBeUndefined();
    expect(await events('login.mfa-required')).toEqual([{ email: 'attorney@example.test', step: 'mfa_required', via: 'password', objectId: String(t.users.attorney) }]);

    const wrong = await second(step.challenge, '123456' === totpAt(secret, t.clock.now()) ? '654321' : '123456');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.details.reason).toBe('invalid_mfa_code');
    const code = nextCode(t, secret);
    const ok = await second(step.challenge, code);
    expect(ok.status).toBe(200);
    expect((await ok.json())).toEqual({ step: 'signed_in', user: { id: t.users.attorney, email: 'attorney@example.test', name: 'Avery Attorney', role: 'attorney' } });
    expect((await t.request('/api/auth/me', { cookie: cookieFrom(ok) })).status).toBe(200);
    // The challenge worked once.
    const replayedChallenge = await second(step.challenge, code);
    expect(replayedChallenge.status).toBe(401);
    expect((await replayedChallenge.json()).error.details.reason).toBe('invalid_challenge');
    // The same code with a new challenge, within its 30 seconds: refused as used.
    const again = await (await login('attorney')).json();
    const reused = await second(again.challenge, code);
    expect(reused.status).toBe(401);
    expect((await reused.json()).error.details.reason).toBe('mfa_code_reused');
    expect((await second(again.challenge, nextCode(t, secret))).status).toBe(200);
    expect((await events('login')).filter((e) => e.mfa === 'totp')).toHaveLength(2);
    expect((await events('login.failed')).map((e) => e.reason)).toEqual(['invalid_mfa_code', 'invalid_challenge', 'mfa_code_reused']);
  });

  it('takes a recovery code once in place of the app, and says how many are left', async () => {
    const { recoveryCodes } = await enrol(t, await t.login('paralegal'));
    const { challenge } = await (await login('paralegal')).json();
    // Case and dashes do not matter.
    const ok = await second(challenge, recoveryCodes[3]!.toUpperCase().replace(/-/g, ' '));
    expect(ok.status).toBe(200);
    expect((await events('login')).at(-1)).toMatchObject({ mfa: 'recovery_code', recoveryCodesLeft: 9 });
    const next = await (await login('paralegal')).json();
    const used = await second(next.challenge, recoveryCodes[3]!);
    expect(used.status).toBe(401);
    expect((await used.json()).error.details.reason).toBe('invalid_mfa_code');
  });

  it('limits wrong codes per account (5 in 15 minutes, then 429 even for the right code) and expires challenges after 10 minutes', async () => {
    const { secret } = await enrol(t, await t.login('client'));
    const { challenge } = await (await login('client')).json();
    for (let i = 0; i < 5; i++) expect((await second(challenge, '000000')).status).toBe(401);
    const limited = await second(challenge, totpAt(secret, t.clock.now()));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await events('login.failed')).at(-1)).toMatchObject({ reason: 'mfa_rate_limited' });
    t.clock.advanceMinutes(16);
    const late = await second(challenge, nextCode(t, secret));
    expect(late.status).toBe(401);
    expect((await late.json()).error.details.reason).toBe('invalid_challenge');
    const fresh = await (await login('client')).json();
    expect((await second(fresh.challenge, nextCode(t, secret))).status).toBe(200);
  });

  it('refuses malformed challenges and codes with 400 or 401, never a 500', async () => {
    for (const body of [{}, { challenge: 'x' }, { challenge: 'x'.repeat(101), code: '123456' }, { challenge: 'abc', code: '123456', extra: 1 }]) {
      expect((await t.request('/api/auth/login/mfa', { method: 'POST', json: body })).status).toBe(400);
    }
    expect((await second('a'.repeat(43), '123456')).status).toBe(401);
  });
});

describe('policy: MFA required per role', () => {
  it('makes users of a required role enrol at their next sign-in before anything else, then sign in with it', async () => {
    const admin = await t.login('admin');
    expect((await t.request('/api/admin/mfa-policy', { method: 'PUT', cookie: await t.login('attorney'), json: { requiredRoles: ['paralegal'] } })).status).toBe(403);
    const set = await t.request('/api/admin/mfa-policy', { method: 'PUT', cookie: admin, json: { requiredRoles: ['paralegal', 'paralegal'] } });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ requiredRoles: ['paralegal'] });
    expect(await events('mfa.policy-updated')).toEqual([{ from: [], to: ['paralegal'], objectId: null }]);

    const step = await (await login('paralegal')).json();
    expect(step.step).toBe('mfa_enrolment_required');
    // The challenge opens nothing else: no session, and the code step refuses it.
    const wrongStep = await second(step.challenge, '123456');
    expect(wrongStep.status).toBe(409);
    expect((await wrongStep.json()).error.details.reason).toBe('mfa_enrolment_required');
    const shown = await (await t.request('/api/auth/login/mfa-enrolment', { method: 'POST', json: { challenge: step.challenge } })).json();
    expect(shown.secret).toMatch(/^[A-Z2-7]{32}$/);
    const bad = await t.request('/api/auth/login/mfa-enrolment/confirm', { method: 'POST', json: { challenge: step.challenge, code: '000000' } });
    expect(bad.status).toBe(401);
    const before = (await t.db.get<{ id: number }>('SELECT max(id) AS id FROM audit_events'))!.id;
    const done = await t.request('/api/auth/login/mfa-enrolment/confirm', { method: 'POST', json: { challenge: step.challenge, code: nextCode(t, shown.secret) } });
    expect(done.status).toBe(200);
    const body = await done.json();
    expect(body.step).toBe('signed_in');
    expect(body.recoveryCodes).toHaveLength(10);
    expect((await t.request('/api/matters', { cookie: cookieFrom(done) })).status).toBe(200);
    expect((await t.db.all<{ type: string }>('SELECT type FROM audit_events WHERE id > ? ORDER BY id', [before])).map((e) => e.type)).toEqual(['mfa.enabled', 'login']);
    // From now on the paralegal signs in with a code.
    expect((await (await login('paralegal')).json()).step).toBe('mfa_required');
    // Other roles are untouched.
    expect((await (await login('attorney')).json()).step).toBe('signed_in');
  });
});

describe('turning it off, new recovery codes, admin reset', () => {
  it('disables with the password and a code (other sessions end), and refuses either one wrong', async () => {
    const cookie = await t.login('attorney');
    const { secret } = await enrol(t, cookie);
    const other = await loginWithCode(t, 'attorney', secret, TEST_PASSWORD);
    const wrongPassword = await t.request('/api/auth/mfa/disable', { method: 'POST', cookie, json: { password: 'not the password', code: nextCode(t, secret) } });
    expect(wrongPassword.status).toBe(400);
    expect((await wrongPassword.json()).error.details.fields[0].path).toBe('password');
    expect((await t.request('/api/auth/mfa/disable', { method: 'POST', cookie, json: { password: TEST_PASSWORD, code: '000000' } })).status).toBe(400);
    const off = await t.request('/api/auth/mfa/disable', { method: 'POST', cookie, json: { password: TEST_PASSWORD, code: nextCode(t, secret) } });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ signedOut: false });
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(200);
    expect((await t.request('/api/auth/me', { cookie: other })).status).toBe(401);
    expect((await (await login('attorney')).json()).step).toBe('signed_in');
    expect((await events('mfa.failed')).map((e) => e.reason)).toEqual(['wrong_password', 'invalid_code']);
    expect(await events('mfa.disabled')).toEqual([{ sessionsEnded: 1, requiredForRole: false, objectId: String(t.users.attorney) }]);
  });

  it('replaces recovery codes (the old ones stop working)', async () => {
    const cookie = await t.login('client');
    const { secret, recoveryCodes } = await enrol(t, cookie);
    const res = await t.request('/api/auth/mfa/recovery-codes', { method: 'POST', cookie, json: { password: TEST_PASSWORD, code: nextCode(t, secret) } });
    expect(res.status).toBe(201);
    const fresh = (await res.json()).recoveryCodes;
    const a = await (await login('client')).json();
    expect((await second(a.challenge, recoveryCodes[0]!)).status).toBe(401);
    expect((await second(a.challenge, fresh[0])).status).toBe(200);
  });

  it('lets an admin reset another user’s authenticator (sessions end, audited), not their own or one that is off', async () => {
    const userCookie = await t.login('attorney');
    await enrol(t, userCookie);
    const admin = await t.login('admin');
    expect((await t.request(`/api/users/${t.users.attorney}/mfa-reset`, { method: 'POST', cookie: await t.login('paralegal') })).status).toBe(403);
    const res = await t.request(`/api/users/${t.users.attorney}/mfa-reset`, { method: 'POST', cookie: admin });
    expect(res.status).toBe(204);
    expect((await t.request('/api/auth/me', { cookie: userCookie })).status).toBe(401);
    expect((await (await login('attorney')).json()).step).toBe('signed_in');
    expect(await events('mfa.reset')).toEqual([{ email: 'attorney@example.test', sessionsEnded: 1, objectId: String(t.users.attorney) }]);
    const again = await t.request(`/api/users/${t.users.attorney}/mfa-reset`, { method: 'POST', cookie: admin });
    expect((await again.json()).error.details.reason).toBe('mfa_not_enabled');
    const own = await t.request(`/api/users/${t.users.admin}/mfa-reset`, { method: 'POST', cookie: admin });
    expect((await own.json()).error.details.reason).toBe('own_account');
    expect((await t.request('/api/users/999999/mfa-reset', { method: 'POST', cookie: admin })).status).toBe(404);
  });

  it('the command line resets anyone, the only admin included (break-glass), audited as a system action', async () => {
    const admin = await t.login('admin');
    await enrol(t, admin);
    await resetMfaByEmail({ db: t.db, now: t.clock.now(), actor: { userId: null, role: 'system', ip: null, requestId: 'cli' } }, 'ADMIN@example.test');
    expect((await t.request('/api/auth/me', { cookie: admin })).status).toBe(401);
    expect((await (await login('admin')).json()).step).toBe('signed_in');
    const row = await t.db.get<{ actor_role: string; data: string }>("SELECT actor_role, data FROM audit_events WHERE type = 'mfa.reset'");
    expect(row).toEqual({ actor_role: 'system', data: JSON.stringify({ email: 'admin@example.test', sessionsEnded: 1 }) });
    await expect(resetMfaByEmail({ db: t.db, now: t.clock.now(), actor: { userId: null, role: 'system', ip: null, requestId: 'cli' } }, 'nobody@example.test')).rejects.toThrow(/not found/i);
  });

  it('when the role requires MFA, turning it off ends this session too and the next sign-in enrols again', async () => {
    await t.request('/api/admin/mfa-policy', { method: 'PUT', cookie: await t.login('admin'), json: { requiredRoles: ['attorney'] } });
    const cookie = await t.login('attorney2').catch(() => '');
    expect(cookie).toBe(''); // the password alone no longer signs in
    const step = await (await login('attorney2')).json();
    const shown = await (await t.request('/api/auth/login/mfa-enrolment', { method: 'POST', json: { challenge: step.challenge } })).json();
    const done = await t.request('/api/auth/login/mfa-enrolment/confirm', { method: 'POST', json: { challenge: step.challenge, code: nextCode(t, shown.secret) } });
    const session = cookieFrom(done);
    const off = await t.request('/api/auth/mfa/disable', { method: 'POST', cookie: session, json: { password: TEST_PASSWORD, code: nextCode(t, shown.secret) } });
    expect(await off.json()).toEqual({ signedOut: true });
    expect((await t.request('/api/auth/me', { cookie: session })).status).toBe(401);
    expect((await (await login('attorney2')).json()).step).toBe('mfa_enrolment_required');
  });
});
