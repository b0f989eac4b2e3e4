import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matterWithDocument } from './helpers/documents.ts';
import { makeTestApp } from './helpers/test-app.ts';
import { postForm } from './helpers/web.ts';
import { followOnce } from './helpers/one-time.ts';

/**
 * Issue 21: an attorney invites a client user to a matter. A new e-mail gets a client account
 * (that role only) and a one-time set-password code (the admin reset's mechanism); an existing
 * client account is attached; a staff account's e-mail is refused. API and page.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let matterId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  matterId = made.matter.id;
});
afterAll(async () => t?.close());

const invite = (json: unknown, cookie = attorney, id = matterId) => t.request(`/api/matters/${id}/clients`, { method: 'POST', cookie, json });
const matter = async () => (await (await t.request(`/api/matters/${matterId}`, { cookie: attorney })).json()).matter;
const events = (type: string) => t.db.all<{ data: string; object_id: string; matter_id: number }>('SELECT data, object_id, matter_id FROM audit_events WHERE type = ? ORDER BY id', [type]);

describe('inviting a client user (API)', () => {
  it('a new e-mail: a client account on the matter, a one-time code that sets the password once, audited without the code', async () => {
    const before = await matter();
    const res = await invite({ name: 'Carla Client', email: 'Carla.Client@Example.test' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { invitation } = await res.json();
    expect(invitation.user).toMatchObject({ email: 'carla.client@example.test', name: 'Carla Client', role: 'client', disabled: false });
    expect(invitation).toMatchObject({ accountCreated: true, attached: true });
    expect(invitation.reset.path).toBe(`/password/reset?code=${invitation.reset.code}`);
    const after = await matter();
    expect(after.clientUserIds).toContain(invitation.user.id);
    // The member list changed: an edit form opened before is stale now.
    expect(after.rowVersion).toBe(before.rowVersion + 1);
    // Hashed at rest: the code itself is stored nowhere, nor audited.
    const stored = await t.db.all<{ code_hash: string }>('SELECT code_hash FROM password_resets WHERE user_id = ?', [invitation.user.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.code_hash).not.toContain(invitation.reset.code);
    const [audit] = await events('matter.client-invited');
    expect(audit!.matter_id).toBe(matterId);
    expect(audit!.object_id).toBe(String(invitation.user.id));
    expect(JSON.parse(audit!.data)).toMatchObject({ email: 'carla.client@example.test', accountCreated: true });
    expect(audit!.data).not.toContain(invitation.reset.code);
    // No password works before the code is redeemed.
    expect((await t.request('/api/auth/login', { method: 'POST', json: { email: 'carla.client@example.test', password: '' } })).status).toBe(400);
    // Redeemed once on the public page's API; the client then signs in and sees only this matter.
    const set = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: invitation.reset.code, newPassword: 'violet canyon morning 58' } });
    expect(set.status).toBe(204);
    const again = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: invitation.reset.code, newPassword: 'another long password 77' } });
    expect(again.status).toBe(422);
    const login = await t.request('/api/auth/login', { method: 'POST', json: { email: 'carla.client@example.test', password: 'violet canyon morning 58' } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const seen = (await (await t.request('/api/matters', { cookie })).json()).matters.map((m: { id: number }) => m.id);
    expect(seen).toEqual([matterId]);
  });

  it('an e-mail of an existing client attaches that account, with no code', async () => {
    const res = await invite({ name: 'Whatever Name', email: 'client2@example.test' });
    expect(res.status).toBe(201);
    const { invitation } = await res.json();
    expect(invitation).toMatchObject({ accountCreated: false, attached: true, reset: null });
    expect(invitation.user.id).toBe(t.users.client2);
    expect(invitation.user.name).toBe('Other Client');
    expect((await matter()).clientUserIds).toContain(t.users.client2);
    expect(await t.db.all('SELECT id FROM password_resets WHERE user_id = ?', [t.users.client2])).toEqual([]);
    // Again: already on the matter, nothing changes and nothing is audited.
    const count = (await events('matter.client-invited')).length;
    const twice = await (await invite({ name: 'Other Client', email: 'client2@example.test' })).json();
    expect(twice.invitation).toMatchObject({ accountCreated: false, attached: false, reset: null });
    expect((await events('matter.client-invited')).length).toBe(count);
  });

  it('an e-mail of a staff account is refused plainly; nothing is made', async () => {
    const users = (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n;
    const res = await invite({ name: 'Pat Paralegal', email: 'paralegal@example.test' });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.error.details.reason).toBe('email_of_staff_account');
    expect(body.error.message).toMatch(/belongs to a firm account \(paralegal\), not a client/);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM users'))!.n).toBe(users);
    expect((await matter()).clientUserIds).not.toContain(t.users.paralegal);
  });

  it('bad input gets 400 with the field; only attorneys invite; another client’s matter is not found', async () => {
    const bad = await invite({ name: '', email: 'not an e-mail' });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.details.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['email', 'name']);
    expect((await invite({ name: 'X', email: 'x@example.test' }, await t.login('paralegal'))).status).toBe(403);
    expect((await invite({ name: 'X', email: 'x@example.test' }, await t.login('admin'))).status).toBe(403);
    expect((await invite({ name: 'X', email: 'x@example.test' }, await t.login('client'))).status).toBe(403);
    expect((await invite({ name: 'X', email: 'x@example.test' }, attorney, 999999)).status).toBe(404);
    expect(await t.db.get('SELECT id FROM users WHERE email = ?', ['x@example.test'])).toBeUndefined();
  });
});

describe('inviting a client user (page)', () => {
  it('the matter page offers the form; the answer shows the one-time code once, with the link', async () => {
    const html = await (await t.request(`/matters/${matterId}`, { cookie: attorney })).text();
    expect(html).toContain(`action="/matters/${matterId}/clients"`);
    expect(html).toContain('Invite a client user');
    // The post answers 303; the page it leads to shows the code once (web/one-time.ts).
    const { shown: res, html: shown } = await followOnce(t, await postForm(t, `/matters/${matterId}/clients`, attorney, { name: 'Dana Doctor', email: 'dana@example.test' }), attorney);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const code = /Code: <code>([A-Za-z0-9_-]{43})<\/code>/.exec(shown)?.[1];
    expect(code).toBeDefined();
    expect(shown).toContain(`http://localhost/password/reset?code=${code}`);
    expect(shown).toContain('Dana Doctor (dana@example.test) now has a client account on this matter');
    // The matter page does not show it again, and the audit trail says it in words.
    const later = await (await t.request(`/matters/${matterId}`, { cookie: attorney })).text();
    expect(later).not.toContain(code);
    expect(later).toContain('invited Dana Doctor (dana@example.test) as a new client user');
    // The public 'Set a new password' page redeems it.
    const set = await postForm(t, '/password/reset', '', { code: code!, newPassword: 'amber lantern valley 31' });
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/login?msg=password-reset');
  });

  it('a refused invitation re-shows the form with the input and the reason beside the field', async () => {
    const res = await postForm(t, `/matters/${matterId}/clients`, attorney, { name: 'Attorney Two', email: 'attorney2@example.test' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('value="Attorney Two"');
    expect(html).toContain('value="attorney2@example.test"');
    expect(html).toMatch(/Client’s e-mail: This e-mail address belongs to a firm account, not a client\./);
    const bad = await postForm(t, `/matters/${matterId}/clients`, attorney, { name: 'Someone', email: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Client’s e-mail: Enter an email address\./);
  });

  it('a paralegal sees no form and cannot post it', async () => {
    const paralegal = await t.login('paralegal');
    expect(await (await t.request(`/matters/${matterId}`, { cookie: paralegal })).text()).not.toContain('Invite a client user');
    expect((await postForm(t, `/matters/${matterId}/clients`, paralegal, { name: 'X', email: 'y@example.test' })).status).toBe(403);
  });
});

// Last: it moves the shared clock a day on.
describe('the invitation’s code', () => {
  it('stops working after 24 hours', async () => {
    const { invitation } = await (await invite({ name: 'Late Larry', email: 'late.larry@example.test' })).json();
    t.clock.advanceMinutes(24 * 60 + 1);
    const res = await t.request('/api/auth/password-reset', { method: 'POST', json: { code: invitation.reset.code, newPassword: 'violet canyon evening 58' } });
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.reason).toBe('invalid_reset_code');
  });
});
