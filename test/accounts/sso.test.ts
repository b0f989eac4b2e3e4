import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cookieFrom, makeTestApp } from '../helpers/test-app.ts';
import { authorizeAtIdp, postLogoutRedirectUriFor, readJwt, startTestIdp, type TestIdp } from '../helpers/oidc-provider.ts';
import { enrol, nextCode } from '../helpers/mfa.ts';
import { postForm } from '../helpers/web.ts';
import type { SsoConfig } from '../../server/services/sso/oidc-sso.ts';
import type { JWTPayload } from 'jose';

/**
 * Single sign-on end to end against a real OpenID provider (oidc-provider) started here: the
 * authorization code flow with PKCE through the provider's own endpoints, ID tokens checked by
 * openid-client. Refusals: unknown and unverified e-mail, wrong audience, a signature by another
 * key, an expired token, a replayed or foreign state, a mismatched or replayed nonce, a disabled
 * account. Local two-step sign-in still applies after SSO unless the installation trusts the
 * provider's amr.
 */
const REDIRECT = 'http://localhost/login/sso/callback';
let idp: TestIdp;
let t: Awaited<ReturnType<typeof makeTestApp>>;

beforeAll(async () => {
  idp = await startTestIdp(REDIRECT);
  idp.accounts.set('u-attorney', { email: 'Attorney@Example.test', email_verified: true });
  idp.accounts.set('u-client', { email: 'client@example.test', email_verified: true });
  idp.accounts.set('u-stranger', { email: 'stranger@example.test', email_verified: true });
  idp.accounts.set('u-unverified', { email: 'paralegal@example.test', email_verified: false });
});
afterAll(async () => idp?.close());

const ssoConfig = (overrides: Partial<SsoConfig> = {}): SsoConfig => ({
  issuer: idp.issuer,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
  redirectUri: REDIRECT,
  buttonLabel: 'Sign in with Example IdP',
  trustIdpMfa: false,
  allowHttp: true,
  fetch: idp.fetch,
  ...overrides,
});

beforeEach(async () => {
  t = await makeTestApp({ deps: { sso: ssoConfig() } });
  idp.tamper = null;
});
afterEach(async () => t.close());

/** A browser: start at /login/sso, sign in at the provider as `accountId`, come back to the callback with the binding cookie. */
async function ssoSignIn(accountId: string, amr?: string[]) {
  idp.nextLogin = { accountId, amr };
  const start = await t.request('/login/sso?next=%2Fmatters');
  expect(start.status).toBe(303);
  const location = start.headers.get('location')!;
  expect(location.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  const params = new URL(location).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('scope')).toBe('openid email profile');
  const binding = /cw_sso=[^;]+/.exec(start.headers.get('set-cookie') ?? '')![0];
  const back = await authorizeAtIdp(idp, location);
  const res = await t.request(back.pathname + back.search, { cookie: binding });
  return { res, back, binding };
}

const failures = async () => (await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'sso.failed' ORDER BY id")).map((r) => JSON.parse(r.data));
/** A token changed after the provider issued it, signed again with the provider's own key (so only the changed claim is wrong). */
const resigned = (change: (payload: JWTPayload) => void) => async (token: string) => {
  const { payload } = readJwt(token);
  change(payload);
  return idp.signWithProviderKey(payload);
};

describe('single sign-on with OpenID Connect', () => {
  it('signs an existing user in by their verified e-mail, with the role set here, and audits it', async () => {
    const login = await t.request('/login');
    expect(await login.text()).toContain('href="/login/sso?next=%2F"');
    const { res } = await ssoSignIn('u-attorney');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/matters');
    expect(res.headers.get('set-cookie')).toMatch(/cw_sso=;/);
    const me = await (await t.request('/api/auth/me', { cookie: cookieFrom(res) })).json();
    expect(me.user).toEqual({ id: t.users.attorney, email: 'attorney@example.test', name: 'Avery Attorney', role: 'attorney' });
    const event = await t.db.get<{ data: string; actor_user_id: number }>("SELECT data, actor_user_id FROM audit_events WHERE type = 'login'");
    expect(event!.actor_user_id).toBe(t.users.attorney);
    expect(JSON.parse(event!.data)).toEqual({ email: 'attorney@example.test', via: 'sso', issuer: idp.issuer, idpAmr: [] });
    expect(event!.data).not.toContain(idp.lastIdToken!.slice(0, 40));
  });

  it('refuses an e-mail with no account here, creating nothing, and tells the person to ask an admin', async () => {
    const before = (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
    const { res } = await ssoSignIn('u-stranger');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('No clausewright account uses stranger@example.test');
    expect(html).toContain('ask them to add you');
    expect(res.headers.get('set-cookie') ?? '').not.toContain('cw_session=');
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n).toBe(before);
    expect(await failures()).toEqual([{ reason: 'no_account', issuer: idp.issuer, email: 'stranger@example.test' }]);
  });

  it('refuses an e-mail the provider has not verified', async () => {
    const { res } = await ssoSignIn('u-unverified');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('did not confirm your e-mail address');
    expect((await failures())[0]).toMatchObject({ reason: 'email_not_verified' });
  });

  it('refuses a disabled local account', async () => {
    await t.db.transaction((tx) => tx.run('UPDATE users SET disabled = 1 WHERE id = ?', [t.users.client]));
    const { res } = await ssoSignIn('u-client');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('account is disabled');
    expect((await failures())[0]).toMatchObject({ reason: 'account_disabled', email: 'client@example.test' });
  });

  it('refuses an ID token for another audience, signed by another key, expired, or with another nonce', async () => {
    const cases: [string, (token: string) => Promise<string>, RegExp][] = [
      ['wrong audience', resigned((p) => void (p.aud = 'some-other-client')), /aud/],
      ['bad signature', async (token) => idp.signWithOtherKey(readJwt(token).payload), /signature/i],
      ['expired', resigned((p) => void ((p.exp = Math.floor(Date.now() / 1000) - 3600), (p.iat = Math.floor(Date.now() / 1000) - 7200))), /exp/],
      ['mismatched nonce', resigned((p) => void (p.nonce = 'a-nonce-this-server-never-issued')), /nonce/],
    ];
    for (const [name, tamper, detail] of cases) {
      idp.tamper = tamper;
      const { res } = await ssoSignIn('u-attorney');
      expect(res.status, name).toBe(400);
      expect(await res.text(), name).toContain('could not be verified');
      expect(res.headers.get('set-cookie') ?? '', name).not.toContain('cw_session=');
      const failure = (await failures()).at(-1);
      expect(failure.reason, name).toBe('invalid_token');
      expect(failure.detail, name).toMatch(detail);
    }
    expect(await t.db.get("SELECT 1 FROM audit_events WHERE type = 'login'")).toBeUndefined();
  });

  it('refuses an ID token replayed from an earlier sign-in (its nonce belongs to that sign-in)', async () => {
    expect((await ssoSignIn('u-attorney')).res.status).toBe(303);
    const earlier = idp.lastIdToken!;
    idp.tamper = async () => earlier;
    const { res } = await ssoSignIn('u-attorney');
    expect(res.status).toBe(400);
    expect((await failures()).at(-1)).toMatchObject({ reason: 'invalid_token' });
    expect((await failures()).at(-1).detail).toMatch(/nonce/);
  });

  it('refuses a replayed state, and a state from another browser', async () => {
    const { res, back, binding } = await ssoSignIn('u-attorney');
    expect(res.status).toBe(303);
    const replay = await t.request(back.pathname + back.search, { cookie: binding });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired, was already used, or was started in another browser');
    // Started in one browser, finished in another (no binding cookie, or someone else's).
    idp.nextLogin = { accountId: 'u-attorney' };
    const started = await t.request('/login/sso');
    const back2 = await authorizeAtIdp(idp, started.headers.get('location')!);
    expect((await t.request(back2.pathname + back2.search)).status).toBe(400);
    expect((await t.request(back2.pathname + back2.search, { cookie: binding })).status).toBe(400);
    expect((await failures()).map((f) => f.reason)).toEqual(['invalid_state', 'invalid_state', 'invalid_state']);
    // And a state older than ten minutes.
    idp.nextLogin = { accountId: 'u-attorney' };
    const late = await t.request('/login/sso');
    const lateBinding = /cw_sso=[^;]+/.exec(late.headers.get('set-cookie') ?? '')![0];
    const back3 = await authorizeAtIdp(idp, late.headers.get('location')!);
    t.clock.advanceMinutes(11);
    expect((await t.request(back3.pathname + back3.search, { cookie: lateBinding })).status).toBe(400);
  });

  it('still asks for the local code after SSO when the user has an authenticator here', async () => {
    const { secret } = await enrol(t, await t.login('attorney'));
    const { res } = await ssoSignIn('u-attorney');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login/mfa?next=%2Fmatters');
    expect(res.headers.get('set-cookie')).not.toContain('cw_session=');
    const pending = /cw_mfa=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const done = await postForm(t, '/login/mfa?next=%2Fmatters', pending, { code: nextCode(t, secret) });
    expect(done.status).toBe(303);
    expect((await t.request('/api/auth/me', { cookie: cookieFrom(done) })).status).toBe(200);
    const login = JSON.parse((await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'login' ORDER BY id DESC LIMIT 1"))!.data);
    expect(login).toEqual({ email: 'attorney@example.test', mfa: 'totp', via: 'sso' });
  });

  it('accepts the provider’s multi-factor sign-in (amr "mfa") only when the installation trusts it', async () => {
    await t.close();
    t = await makeTestApp({ deps: { sso: ssoConfig({ trustIdpMfa: true }) } });
    await enrol(t, await t.login('attorney'));
    const withMfa = await ssoSignIn('u-attorney', ['pwd', 'mfa']);
    expect(withMfa.res.headers.get('location')).toBe('/matters');
    expect(JSON.parse((await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'login' ORDER BY id DESC LIMIT 1"))!.data)).toMatchObject({ via: 'sso', mfa: 'idp', idpAmr: ['pwd', 'mfa'] });
    const passwordOnly = await ssoSignIn('u-attorney', ['pwd']);
    expect(passwordOnly.res.headers.get('location')).toBe('/login/mfa?next=%2Fmatters');
  });

  it('is not there when the installation has no provider', async () => {
    await t.close();
    t = await makeTestApp();
    expect((await t.request('/login/sso')).status).toBe(404);
    expect((await t.request('/login/sso/callback?state=x&code=y')).status).toBe(404);
    expect(await (await t.request('/login')).text()).not.toContain('/login/sso');
  });
});

describe('signing out of a single sign-on session (OpenID Connect RP-Initiated Logout)', () => {
  const SIGNED_OUT = postLogoutRedirectUriFor(REDIRECT);
  const viaOf = async (cookie: string) => (await t.db.get<{ via: string }>('SELECT via FROM sessions WHERE token_hash = ?', [createHash('sha256').update(cookie.split('=')[1]!).digest('hex')]))?.via;

  it('ends the session here, then sends the browser to the provider to end its session, which returns it to the sign-in page', async () => {
    await t.close();
    t = await makeTestApp({ deps: { sso: ssoConfig({ postLogoutRedirectUri: SIGNED_OUT }) } });
    const { res } = await ssoSignIn('u-attorney');
    const cookie = cookieFrom(res);
    expect(await viaOf(cookie)).toBe('sso');

    const out = await postForm(t, '/logout', cookie, {});
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get('location')!);
    expect(location.href.startsWith(`${idp.issuer}/session/end?`)).toBe(true);
    expect(location.searchParams.get('client_id')).toBe(idp.clientId);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(SIGNED_OUT);
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(401);
    expect(JSON.parse((await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'logout' ORDER BY id DESC LIMIT 1"))!.data)).toEqual({ via: 'sso' });

    // At the provider: its sign-out page, then (confirmed) back to the registered sign-in page.
    const page = await fetch(location, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
    const fields = new URLSearchParams([...html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]));
    fields.set('logout', 'yes');
    const jar = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const confirmed = await fetch(new URL(action, idp.issuer), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar }, body: fields });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(SIGNED_OUT);
    expect(await (await t.request('/login?msg=signed-out')).text()).toContain('You are signed out, here and at your organisation’s sign-in.');
  });

  it('a session that finished with the local code after single sign-on is an SSO session too', async () => {
    const { secret } = await enrol(t, await t.login('attorney'));
    const { res } = await ssoSignIn('u-attorney');
    const pending = /cw_mfa=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const cookie = cookieFrom(await postForm(t, '/login/mfa?next=%2Fmatters', pending, { code: nextCode(t, secret) }));
    expect(await viaOf(cookie)).toBe('sso');
    const out = await postForm(t, '/logout', cookie, {});
    // No post-logout address configured: only the client is named, and the provider shows its own page.
    const location = new URL(out.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect([...location.searchParams.keys()]).toEqual(['client_id']);
  });

  it('a password session signs out here only, to the sign-in page', async () => {
    const cookie = await t.login('attorney');
    expect(await viaOf(cookie)).toBe('password');
    const out = await postForm(t, '/logout', cookie, {});
    expect(out.headers.get('location')).toBe('/login');
    expect(JSON.parse((await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'logout' ORDER BY id DESC LIMIT 1"))!.data)).toEqual({});
  });
});

