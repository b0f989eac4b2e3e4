import { afterEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, cookieFrom, makeTestApp } from './helpers/test-app.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

describe('login', () => {
  it('signs in with the right password and sets an HttpOnly, SameSite=Lax cookie', async () => {
    t = await makeTestApp();
    const res = await t.request('/api/auth/login', { method: 'POST', json: { email: 'attorney@example.test', password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect((await res.json()).user.role).toBe('attorney');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in tests
    const me = await t.request('/api/auth/me', { cookie: cookieFrom(res) });
    expect((await me.json()).user.email).toBe('attorney@example.test');
  });

  it('marks the cookie Secure with the __Host- prefix over https', async () => {
    t = await makeTestApp();
    const res = await t.request('https://clausewright.test/api/auth/login', { method: 'POST', json: { email: 'attorney@example.test', password: TEST_PASSWORD } });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-cw_session=/);
    expect(cookie).toMatch(/Secure/);
  });

  it('answers a wrong password and an unknown user identically', async () => {
    t = await makeTestApp();
    const wrong = await t.request('/api/auth/login', { method: 'POST', json: { email: 'attorney@example.test', password: 'nope' } });
    const unknown = await t.request('/api/auth/login', { method: 'POST', json: { email: 'nobody@example.test', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.error).toEqual(b.error);
    expect(a.error.code).toBe('unauthenticated');
  });

  it('rate-limits repeated failures per account with 429 and Retry-After, and audits them', async () => {
    t = await makeTestApp();
    for (let i = 0; i < 5; i++) {
      const r = await t.request('/api/auth/login', { method: 'POST', json: { email: 'client@example.test', password: 'bad' } });
      expect(r.status).toBe(401);
    }
    const blocked = await t.request('/api/auth/login', { method: 'POST', json: { email: 'client@example.test', password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    const events = await t.db.all<{ type: string; data: string }>("SELECT type, data FROM audit_events WHERE type = 'login.failed'");
    expect(events).toHaveLength(6);
    expect(JSON.parse(events[5]!.data).reason).toBe('rate_limited');
    t.clock.advanceMinutes(16);
    const later = await t.request('/api/auth/login', { method: 'POST', json: { email: 'client@example.test', password: TEST_PASSWORD } });
    expect(later.status).toBe(200);
  });

  it('rotates the session on login: a token held before login stops working', async () => {
    t = await makeTestApp();
    const first = await t.login('attorney');
    const res = await t.request('/api/auth/login', { method: 'POST', cookie: first, json: { email: 'attorney@example.test', password: TEST_PASSWORD } });
    const second = cookieFrom(res);
    expect(second).not.toBe(first);
    expect((await t.request('/api/auth/me', { cookie: first })).status).toBe(401);
    expect((await t.request('/api/auth/me', { cookie: second })).status).toBe(200);
  });

  it('logout ends the session on the server, so a replayed cookie is refused', async () => {
    t = await makeTestApp();
    const cookie = await t.login('paralegal');
    const out = await t.request('/api/auth/logout', { method: 'POST', cookie });
    expect(out.status).toBe(204);
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(401);
    const types = (await t.db.all<{ type: string }>('SELECT type FROM audit_events ORDER BY id')).map((r) => r.type);
    expect(types).toEqual(['login', 'logout']);
  });

  it('expires sessions after the idle limit and after the absolute limit', async () => {
    t = await makeTestApp();
    const cookie = await t.login('client');
    t.clock.advanceMinutes(29);
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(200);
    t.clock.advanceMinutes(31);
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(401);

    const active = await t.login('client');
    for (let i = 0; i < 25; i++) {
      t.clock.advanceMinutes(29);
      await t.request('/api/auth/me', { cookie: active });
    }
    // 25 × 29 minutes > 12 hours: still active, but past the absolute limit.
    expect((await t.request('/api/auth/me', { cookie: active })).status).toBe(401);
  });

  it('refuses a tampered cookie', async () => {
    t = await makeTestApp();
    const cookie = await t.login('client');
    const tampered = cookie.slice(0, -2) + (cookie.endsWith('A') ? 'BB' : 'AA');
    expect((await t.request('/api/auth/me', { cookie: tampered })).status).toBe(401);
    expect((await t.request('/api/auth/me', { cookie: 'cw_session=../../etc/passwd' })).status).toBe(401);
  });
});

describe('admin user management', () => {
  it('lets an admin create a user and change a role, ending that user’s sessions', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const created = await t.request('/api/users', {
      method: 'POST',
      cookie: admin,
      json: { email: 'New.Person@Example.test', name: 'New Person', role: 'paralegal', password: 'a long enough password' },
    });
    expect(created.status).toBe(201);
    const { user } = await created.json();
    expect(user.email).toBe('new.person@example.test');

    const theirs = await t.request('/api/auth/login', { method: 'POST', json: { email: 'new.person@example.test', password: 'a long enough password' } });
    const theirCookie = cookieFrom(theirs);
    const changed = await t.request(`/api/users/${user.id}`, { method: 'PATCH', cookie: admin, json: { role: 'attorney' } });
    expect(changed.status).toBe(200);
    expect((await changed.json()).user.role).toBe('attorney');
    expect((await t.request('/api/auth/me', { cookie: theirCookie })).status).toBe(401);
  });

  it('refuses user management to every other role and to anonymous callers', async () => {
    t = await makeTestApp();
    for (const who of ['attorney', 'paralegal', 'client'] as const) {
      const cookie = await t.login(who);
      const res = await t.request('/api/users', { method: 'POST', cookie, json: { email: 'x@example.test', name: 'X', role: 'admin', password: 'a long enough password' } });
      expect(res.status).toBe(403);
    }
    expect((await t.request('/api/users', { method: 'POST', json: { email: 'x@example.test', name: 'X', role: 'admin', password: 'a long enough password' } })).status).toBe(401);
  });

  it('refuses a duplicate email with 409', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const res = await t.request('/api/users', { method: 'POST', cookie: admin, json: { email: 'client@example.test', name: 'Dup', role: 'client', password: 'a long enough password' } });
    expect(res.status).toBe(409);
  });
});
