import { afterEach, describe, expect, it } from 'vitest';
import { forwardedClient } from '../../server/http/middleware.ts';
import { HIDDEN_FIELDS } from '../../server/services/visibility/for-role.ts';
import { makeTestApp } from '../helpers/test-app.ts';
import { approve, matterWithDocument } from '../helpers/documents.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';

/** Issue 19, defects 5 (spoofable client address) and 6 (internal notes served to clients). */
let t: Awaited<ReturnType<typeof makeTestApp>> | undefined;
afterEach(async () => t?.close());

describe('defect 5: the right-most untrusted X-Forwarded-For address wins', () => {
  it('reads the address the outermost trusted proxy saw', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9, 10.0.0.2', 2)).toBe('203.0.113.9');
    expect(forwardedClient('203.0.113.9', 3)).toBe('203.0.113.9');
    expect(forwardedClient('6.6.6.6, 203.0.113.9', 0)).toBeNull();
    expect(forwardedClient('6.6.6.6, not-an-address', 1)).toBeNull();
  });
  it('behind one proxy, forging the left-most address no longer escapes the per-address login limit', async () => {
    t = await makeTestApp({ deps: { trustProxy: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.request('/api/auth/login', { method: 'POST', headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` }, json: { email: `nobody${i}@example.test`, password: 'wrong password here' } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    const rows = await t.db.all<{ ip: string }>("SELECT DISTINCT ip FROM audit_events WHERE ip IS NOT NULL");
    expect(rows.map((r) => r.ip)).toEqual(['203.0.113.9']);
  });
});

describe('defect 6: fields a client may not see are filtered in one place', () => {
  it('a client gets no tracking notes or follow-up from the matter API, list or version API', async () => {
    t = await makeTestApp();
    const { attorney, matter, document, version } = await matterWithDocument(t);
    const patched = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, trackingNotes: 'INTERNAL: client slow to pay', nextFollowUp: '2027-01-05' } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).matter.trackingNotes).toBe('INTERNAL: client slow to pay');
    expect((await approve(t, attorney, document.id, version)).status).toBe(200);
    const client = await t.login('client');
    const one = await (await t.request(`/api/matters/${matter.id}`, { cookie: client })).json();
    const list = await (await t.request('/api/matters', { cookie: client })).json();
    const v = await (await t.request(`/api/documents/${document.id}/versions/${version.versionNo}`, { cookie: client })).json();
    for (const field of HIDDEN_FIELDS.matter.client) {
      expect(one.matter).not.toHaveProperty(field);
      expect(list.matters[0]).not.toHaveProperty(field);
    }
    for (const field of HIDDEN_FIELDS.version.client) expect(v.version ?? v).not.toHaveProperty(field);
    const page = await (await t.request(`/matters/${matter.id}`, { cookie: client })).text();
    expect(page).not.toContain('client slow to pay');
    // Staff still see them.
    expect((await (await t.request(`/api/matters/${matter.id}`, { cookie: attorney })).json()).matter.trackingNotes).toBe('INTERNAL: client slow to pay');
  });

  it('a client sees the checklist and deadlines without the paralegal\'s notes; staff still see them (API and page)', async () => {
    t = await makeTestApp();
    const { attorney, matter } = await matterWithDocument(t, 'formation-checklist');
    const paralegal = await t.login('paralegal');
    const client = await t.login('client');
    const [task] = (await (await t.request(`/api/matters/${matter.id}/checklist`, { cookie: paralegal })).json()).tasks;
    const patched = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: task.rowVersion, status: 'done', note: 'INTERNAL: chased the client twice' } });
    expect(patched.status).toBe(200);
    const open = (await (await t.request(`/api/deadlines?matterId=${matter.id}&kind=checklist-task&limit=1`, { cookie: paralegal })).json()).deadlines[0];
    expect((await t.request(`/api/deadlines/${open.id}/handled`, { method: 'POST', cookie: paralegal, json: { note: 'INTERNAL: waiting on the bank' } })).status).toBe(200);

    const clientTasks = (await (await t.request(`/api/matters/${matter.id}/checklist`, { cookie: client })).json()).tasks;
    expect(clientTasks.length).toBeGreaterThan(1);
    for (const field of HIDDEN_FIELDS.checklistTask.client) for (const row of clientTasks) expect(row).not.toHaveProperty(field);
    const clientDeadlines = await allDeadlines<{ status: string }>(t, `matterId=${matter.id}&status=all`, client);
    expect(clientDeadlines.some((d: { status: string }) => d.status === 'handled')).toBe(true);
    for (const field of HIDDEN_FIELDS.deadline.client) for (const row of clientDeadlines) expect(row).not.toHaveProperty(field);
    for (const path of [`/matters/${matter.id}/checklist`, '/deadlines?status=all']) {
      const page = await (await t.request(path, { cookie: client })).text();
      expect(page).not.toContain('INTERNAL:');
    }
    // Staff still see both notes.
    const staffTasks = (await (await t.request(`/api/matters/${matter.id}/checklist`, { cookie: attorney })).json()).tasks;
    expect(staffTasks.find((r: { id: number }) => r.id === task.id).note).toBe('INTERNAL: chased the client twice');
    const staffDeadlines = await allDeadlines<{ handledNote: string }>(t, `matterId=${matter.id}&status=handled`, paralegal);
    expect(staffDeadlines.map((d: { handledNote: string }) => d.handledNote)).toContain('INTERNAL: waiting on the bank');
  });
});
