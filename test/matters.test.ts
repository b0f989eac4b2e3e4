import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

async function setup() {
  t = await makeTestApp();
  const attorney = await t.login('attorney');
  const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), clientUserIds: [t.users.client] } });
  expect(res.status).toBe(201);
  const { matter } = await res.json();
  return { attorney, matter };
}

describe('matters', () => {
  it('an attorney opens a matter with owners and members, and it is audited', async () => {
    const { matter } = await setup();
    expect(matter.owners).toHaveLength(2);
    expect(matter.clientUserIds).toEqual([t.users.client]);
    expect(matter.staffUserIds).toContain(t.users.attorney);
    const events = await t.db.all<{ type: string; matter_id: number }>('SELECT type, matter_id FROM audit_events WHERE type LIKE ?', ['matter.%']);
    expect(events).toEqual([{ type: 'matter.created', matter_id: matter.id }]);
  });

  it('each role reads matters as allowed; a client sees only their own, and another’s is 404', async () => {
    const { matter } = await setup();
    for (const who of ['admin', 'attorney', 'paralegal', 'client'] as const) {
      const cookie = await t.login(who);
      const one = await t.request(`/api/matters/${matter.id}`, { cookie });
      expect(one.status, who).toBe(200);
      const list = await (await t.request('/api/matters', { cookie })).json();
      expect(list.matters.map((m: { id: number }) => m.id), who).toEqual([matter.id]);
    }
    const other = await t.login('client2');
    const hidden = await t.request(`/api/matters/${matter.id}`, { cookie: other });
    const missing = await t.request('/api/matters/999999', { cookie: other });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await hidden.json()).error.message).toBe((await missing.json()).error.message);
    expect((await (await t.request('/api/matters', { cookie: other })).json()).matters).toEqual([]);
    // Editing is refused to clients before any lookup: the same 403 for a foreign, an own and a
    // missing matter, so the answer says nothing about which ids exist.
    const answers = await Promise.all(
      [matter.id, 999999].map(async (id) => (await t.request(`/api/matters/${id}`, { method: 'PATCH', cookie: other, json: { rowVersion: 1, trackingNotes: 'x' } })).json()),
    );
    expect(answers[0].error).toEqual(answers[1].error);
    expect(answers[0].error.code).toBe('forbidden');
    expect((await t.request(`/api/matters/${matter.id}`)).status).toBe(401);
  });

  it('only attorneys create matters', async () => {
    t = await makeTestApp();
    for (const who of ['admin', 'paralegal', 'client'] as const) {
      const res = await t.request('/api/matters', { method: 'POST', cookie: await t.login(who), json: sampleMatter() });
      expect(res.status, who).toBe(403);
    }
  });

  it('paralegals edit tracking fields only; clients edit nothing', async () => {
    const { matter } = await setup();
    const paralegal = await t.login('paralegal');
    const ok = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: 1, trackingNotes: 'Called client re: EIN', nextFollowUp: '2026-12-01' } });
    expect(ok.status).toBe(200);
    expect((await ok.json()).matter.trackingNotes).toBe('Called client re: EIN');
    const notAllowed = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: 2, title: 'Renamed' } });
    expect(notAllowed.status).toBe(403);
    const client = await t.login('client');
    const clientEdit = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: client, json: { rowVersion: 2, trackingNotes: 'hi' } });
    expect(clientEdit.status).toBe(403);
  });

  it('a stale edit gets 409 with the current version and the rejected changes', async () => {
    const { attorney, matter } = await setup();
    const first = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: 1, title: 'First' } });
    expect(first.status).toBe(200);
    const stale = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: 1, title: 'Second' } });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.details.currentRowVersion).toBe(2);
    expect(body.error.details.yourChanges.title).toBe('Second');
  });

  it('validation errors name the field path', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const bad = sampleMatter({ peState: 'XX', owners: [{ name: 'A', licensed: true, licenseState: 'TX', ownershipPct: 60 }] });
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: bad });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toContain('peState');
    expect(paths).toContain('owners');
  });

  it('refuses a non-client as a matter’s client', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.paralegal] }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.fields[0].path).toBe('clientUserIds.0');
  });

  it('the audit trail is readable by attorneys and admins, not paralegals or clients', async () => {
    const { attorney, matter } = await setup();
    const trail = await (await t.request(`/api/matters/${matter.id}/audit`, { cookie: attorney })).json();
    expect(trail.events[0].type).toBe('matter.created');
    expect((await t.request(`/api/matters/${matter.id}/audit`, { cookie: await t.login('admin') })).status).toBe(200);
    expect((await t.request(`/api/matters/${matter.id}/audit`, { cookie: await t.login('paralegal') })).status).toBe(403);
    expect((await t.request(`/api/matters/${matter.id}/audit`, { cookie: await t.login('client') })).status).toBe(403);
  });
});
