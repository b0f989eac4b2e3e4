import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter, type TestResponse, type TestUsers } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

/** A request as a script sends it (curl): no Origin, no Sec-Fetch-*, no cookie unless given. */
async function curl(path: string, init: { method?: string; token?: string; cookie?: string; json?: unknown } = {}): Promise<TestResponse> {
  const headers = new Headers();
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const body = init.json === undefined ? undefined : JSON.stringify(init.json);
  return (await t.app.request(path, { method: init.method ?? 'GET', headers, body })) as unknown as TestResponse;
}

async function tokenFor(who: keyof TestUsers, json: Record<string, unknown> = { name: 'script' }) {
  const res = await t.request('/api/tokens', { method: 'POST', cookie: await t.login(who), json });
  expect(res.status).toBe(201);
  return (await res.json()) as { token: { id: number; role: string; expiresAt: string; lastUsedAt: string | null }; secret: string };
}

describe('personal API tokens', () => {
  it('are shown once, stored as a hash, listed without the secret, and act with the owner’s role', async () => {
    t = await makeTestApp();
    const { token, secret } = await tokenFor('attorney', { name: 'DMS sync', expiresInDays: 30 });
    expect(secret).toMatch(/^cwt_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'DMS sync', role: 'attorney', expiresAt: '2026-12-22T15:00:00.000Z', active: true, lastUsedAt: null });
    expect(JSON.stringify(await t.db.all('SELECT * FROM api_tokens'))).not.toContain(secret.slice(4));
    const me = await curl('/api/auth/me', { token: secret });
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ id: t.users.attorney, role: 'attorney' });
    const list = await (await curl('/api/tokens', { token: secret })).json();
    expect(list.tokens).toHaveLength(1);
    expect(list.tokens[0].lastUsedAt).toBe('2026-11-22T15:00:00.000Z');
    expect(JSON.stringify(list)).not.toContain(secret);
  });

  it('work from a script with no browser headers, and every event they cause names the token', async () => {
    t = await makeTestApp();
    const { token, secret } = await tokenFor('attorney');
    const created = await curl('/api/matters', { method: 'POST', token: secret, json: sampleMatter() });
    expect(created.status).toBe(201);
    const event = await t.db.get<{ data: string; actor_user_id: number }>("SELECT data, actor_user_id FROM audit_events WHERE type = 'matter.created'");
    expect(event!.actor_user_id).toBe(t.users.attorney);
    expect(JSON.parse(event!.data).viaTokenId).toBe(token.id);
  });

  it('keep the browser checks for cookie sessions: a cookie-only script POST is still refused', async () => {
    t = await makeTestApp();
    const cookie = await t.login('paralegal');
    expect((await curl('/api/auth/logout', { method: 'POST', cookie })).status).toBe(403);
    expect((await curl('/api/auth/me', { cookie })).status).toBe(200); // the session survived
  });

  it('logout with a token revokes that token; afterwards it is a 401 with WWW-Authenticate', async () => {
    t = await makeTestApp();
    const { token, secret } = await tokenFor('paralegal');
    expect((await curl('/api/auth/logout', { method: 'POST', token: secret })).status).toBe(204);
    const after = await curl('/api/auth/me', { token: secret });
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await after.json()).error.details.reason).toBe('invalid_token');
    const revoked = await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'api-token.revoked'");
    expect(JSON.parse(revoked!.data)).toMatchObject({ tokenId: token.id, viaTokenId: token.id });
  });

  it('judge a request by the token alone: a bad token next to a good cookie is 401', async () => {
    t = await makeTestApp();
    const cookie = await t.login('admin');
    expect((await curl('/api/auth/me', { token: 'cwt_' + 'A'.repeat(43), cookie })).status).toBe(401);
    expect((await curl('/api/auth/me', { token: 'not-a-token', cookie })).status).toBe(401);
  });

  it('stop at expiry, on a role change and when the account is disabled', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const short = await tokenFor('client', { name: 'one day', expiresInDays: 1 });
    const attorneyToken = await tokenFor('attorney');
    const paralegalToken = await tokenFor('paralegal');
    await t.request(`/api/users/${t.users.attorney}`, { method: 'PATCH', cookie: admin, json: { role: 'paralegal' } });
    await t.request(`/api/users/${t.users.paralegal}`, { method: 'PATCH', cookie: admin, json: { disabled: true } });
    expect((await curl('/api/auth/me', { token: attorneyToken.secret })).status).toBe(401);
    expect((await curl('/api/auth/me', { token: paralegalToken.secret })).status).toBe(401);
    expect((await curl('/api/auth/me', { token: short.secret })).status).toBe(200);
    t.clock.advanceMinutes(24 * 60);
    expect((await curl('/api/auth/me', { token: short.secret })).status).toBe(401);
  });

  it('give a client token a client’s reach: 403 on firm functions, 404 on another client’s matter', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), clientUserIds: [t.users.client] } })).json()).matter;
    const other = await tokenFor('client2');
    expect((await curl('/api/matters', { method: 'POST', token: other.secret, json: sampleMatter() })).status).toBe(403);
    expect((await curl(`/api/matters/${matter.id}`, { token: other.secret })).status).toBe(404);
    expect((await curl('/api/users', { token: other.secret })).status).toBe(403);
  });

  it('are managed by their owner and administrators only', async () => {
    t = await makeTestApp();
    const mine = await tokenFor('paralegal');
    const client = await t.login('client');
    expect((await t.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE', cookie: client })).status).toBe(404);
    expect((await t.request(`/api/users/${t.users.paralegal}/tokens`, { cookie: client })).status).toBe(403);
    expect((await t.request(`/api/users/${t.users.paralegal}/tokens`, { method: 'POST', cookie: client, json: { name: 'x' } })).status).toBe(403);
    const admin = await t.login('admin');
    const listed = await (await t.request(`/api/users/${t.users.paralegal}/tokens`, { cookie: admin })).json();
    expect(listed.tokens.map((k: { id: number }) => k.id)).toEqual([mine.token.id]);
    const forClient = await t.request(`/api/users/${t.users.client}/tokens`, { method: 'POST', cookie: admin, json: { name: 'portal' } });
    expect(forClient.status).toBe(201);
    expect((await forClient.json()).token.role).toBe('client');
    expect((await t.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
    expect((await t.request(`/api/tokens/${mine.token.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204); // no-op
    expect(await t.db.all("SELECT id FROM audit_events WHERE type = 'api-token.revoked'")).toHaveLength(1);
    expect((await curl('/api/auth/me', { token: mine.secret })).status).toBe(401);
    expect((await t.request('/api/users/99999/tokens', { cookie: admin })).status).toBe(404);
  });

  it('refuse bad input with 400 naming the field', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    for (const json of [{}, { name: '' }, { name: 'x', expiresInDays: 0 }, { name: 'x', expiresInDays: 366 }, { name: 'x', role: 'admin' }]) {
      const res = await t.request('/api/tokens', { method: 'POST', cookie, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    expect((await t.request('/api/tokens/abc', { method: 'DELETE', cookie })).status).toBe(400);
  });
});
