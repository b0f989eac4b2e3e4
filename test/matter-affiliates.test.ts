import { afterEach, describe, expect, it } from 'vitest';
import { matterFromForm } from '../web/forms.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';

/** The MSO's affiliates named on a matter: the lenders loc.parties-match-matter accepts besides the MSO. */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const HOLDCO = { name: 'Lone Star Health Holdings, LLC', entityType: 'limited liability company', state: 'DE' };

describe('MSO affiliates on a matter', () => {
  it('are stored, read back and replaced by an attorney', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const created = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), msoAffiliates: [HOLDCO] } });
    expect(created.status).toBe(201);
    const { matter } = await created.json();
    expect(matter.msoAffiliates).toEqual([HOLDCO]);
    const other = { name: 'Pecos Capital, LP', entityType: 'limited partnership', state: 'TX' };
    const patched = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, msoAffiliates: [HOLDCO, other] } });
    expect(patched.status).toBe(200);
    const read = await (await t.request(`/api/matters/${matter.id}`, { cookie: attorney })).json();
    expect(read.matter.msoAffiliates).toEqual([HOLDCO, other]);
  });

  it('default to none, and a malformed affiliate is refused naming the field', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const { msoAffiliates: _omit, ...noAffiliates } = sampleMatter();
    const created = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: noAffiliates });
    expect((await created.json()).matter.msoAffiliates).toEqual([]);
    const bad = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), msoAffiliates: [{ name: 'X Holdings', entityType: 'LLC', state: 'ZZ' }] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('msoAffiliates.0.state');
  });

  it('are read from the open-a-matter form, skipping the blank row', () => {
    const values = matterFromForm({ 'msoAffiliates.0.name': HOLDCO.name, 'msoAffiliates.0.entityType': HOLDCO.entityType, 'msoAffiliates.0.state': 'DE', 'msoAffiliates.1.name': '', 'msoAffiliates.1.entityType': '', 'msoAffiliates.1.state': '' });
    expect(values.msoAffiliates).toEqual([HOLDCO]);
  });
});

describe('the matter page', () => {
  it('shows the MSO’s affiliates and the transaction facts the notice laws read', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const created = await t.request('/api/matters', {
      method: 'POST',
      cookie: attorney,
      json: { ...sampleMatter(), msoAffiliates: [HOLDCO], transaction: { plannedClosingDate: '2027-06-30', physicianCount: 24, revenueBand: '25m-or-more', assetsBand: null } },
    });
    const { matter } = await created.json();
    const html = await (await t.request(`/matters/${matter.id}`, { cookie: attorney })).text();
    expect(html).toMatch(/<ul id="mso-affiliates"><li>Lone Star Health Holdings, LLC — limited liability company, DE<\/li><\/ul>/);
    const facts = html.match(/<p id="transaction-facts">([\s\S]*?)<\/p>/)![1]!;
    expect(facts).toContain('Planned closing: 2027-06-30');
    expect(facts).toContain('Physicians in the group: 24');
    expect(facts).toContain('Revenue of the largest party: $25 million or more');
    expect(facts).toContain('Assets of the parties: not known');
  });

  it('lists no affiliates when there are none', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const { matter } = await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), msoAffiliates: [] } })).json();
    const html = await (await t.request(`/matters/${matter.id}`, { cookie: attorney })).text();
    expect(html).not.toContain('id="mso-affiliates"');
    expect(html).toContain('Planned closing: not known');
  });
});
