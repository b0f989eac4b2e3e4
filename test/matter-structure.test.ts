import { afterEach, describe, expect, it } from 'vitest';
import { matterFromForm } from '../web/forms.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { postForm, toFields } from './helpers/web.ts';

/** Who owns the MSO, the investment-term facts, the practice type and the patients' states (issue 23, migration 011). */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const OWNERS = [
  { name: 'Maria Delgado, M.D.', kind: 'practice-physician', ownershipPct: 30, termsRelatedToReferrals: false },
  { name: 'Pecos Capital, LP', kind: 'investor', ownershipPct: 70, termsRelatedToReferrals: false },
];
const INVESTMENT = {
  revenueFromInvestorReferralsPct: 35,
  sameTermsForAllInvestors: 'yes',
  referralsRequiredToStayInvestor: 'no',
  investorsFavoredAsPatients: 'no',
  loansOrGuaranteesToInvestors: 'no',
  returnsProportionalToCapital: 'yes',
  distributionsTiedToReferrals: 'no',
};

describe('MSO owners and practice type on a matter', () => {
  it('are stored, read back and replaced by an attorney', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const created = await t.request('/api/matters', {
      method: 'POST',
      cookie: attorney,
      json: { ...sampleMatter(), msoOwners: OWNERS, msoInvestment: INVESTMENT, practiceType: 'telehealth', patientStates: [{ state: 'TX', licensureConfirmed: true }, { state: 'OK' }] },
    });
    expect(created.status).toBe(201);
    const { matter } = await created.json();
    expect(matter.msoOwners).toEqual(OWNERS);
    expect(matter.msoInvestment).toEqual(INVESTMENT);
    expect(matter.practiceType).toBe('telehealth');
    expect(matter.patientStates).toEqual([{ state: 'TX', licensureConfirmed: true }, { state: 'OK', licensureConfirmed: false }]);

    const patched = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, practiceType: 'asc' } });
    expect(patched.status).toBe(200);
    const read = (await (await t.request(`/api/matters/${matter.id}`, { cookie: attorney })).json()).matter;
    // Only the practice type changed; the owners and the investment facts were kept.
    expect(read.practiceType).toBe('asc');
    expect(read.msoOwners).toEqual(OWNERS);
    expect(read.msoInvestment).toEqual(INVESTMENT);
  });

  it('default to none and a general practice', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const { matter } = await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter() })).json();
    expect(matter.msoOwners).toEqual([]);
    expect(matter.practiceType).toBe('general');
    expect(matter.patientStates).toEqual([]);
    expect(matter.msoInvestment.distributionsTiedToReferrals).toBeNull();
  });

  it('refuse a malformed owner, ownership over 100%, an unknown practice type and a repeated patient state, naming the field', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const post = (extra: Record<string, unknown>) => t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), ...extra } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ msoOwners: [{ name: 'X', kind: 'landlord', ownershipPct: 10 }] }, 'msoOwners.0.kind', 'invalid_value'],
      [{ msoOwners: [{ ...OWNERS[0], ownershipPct: 60 }, { ...OWNERS[1], ownershipPct: 60 }] }, 'msoOwners', 'cross_field'],
      [{ practiceType: 'dental' }, 'practiceType', 'invalid_value'],
      [{ patientStates: [{ state: 'TX' }, { state: 'TX' }] }, 'patientStates.1.state', 'duplicate'],
      [{ msoInvestment: { ...INVESTMENT, revenueFromInvestorReferralsPct: 140 } }, 'msoInvestment.revenueFromInvestorReferralsPct', 'too_big'],
    ];
    for (const [extra, path, issue] of cases) {
      const res = await post(extra);
      expect(res.status, path).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.fields).toContainEqual(expect.objectContaining({ path, issue }));
    }
  });

  it('a paralegal cannot change them; a client on the matter sees the owners but not the investment terms', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const client = await t.login('client');
    const { matter } = await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), clientUserIds: [t.users.client], msoOwners: OWNERS, msoInvestment: INVESTMENT } })).json();
    const paralegal = await t.login('paralegal');
    const refused = await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: matter.rowVersion, msoOwners: [] } });
    expect(refused.status).toBe(403);
    const seen = (await (await t.request(`/api/matters/${matter.id}`, { cookie: client })).json()).matter;
    expect(seen.msoOwners).toEqual(OWNERS);
    expect(seen).not.toHaveProperty('msoInvestment');
  });

  it('are read from the open-a-matter form, skipping the blank rows', () => {
    const values = matterFromForm({
      'msoOwners.0.name': 'Maria Delgado, M.D.',
      'msoOwners.0.kind': 'practice-physician',
      'msoOwners.0.ownershipPct': '30',
      'msoOwners.0.termsRelatedToReferrals': ['false', 'true'],
      'msoOwners.1.name': '',
      'msoOwners.1.kind': '',
      'msoOwners.1.ownershipPct': '',
      'msoOwners.1.termsRelatedToReferrals': 'false',
      practiceType: 'telehealth',
      'patientStates.0.state': 'OK',
      'patientStates.0.licensureConfirmed': 'false',
      'patientStates.1.state': '',
      'patientStates.1.licensureConfirmed': 'false',
      'msoInvestment.revenueFromInvestorReferralsPct': '25',
      'msoInvestment.distributionsTiedToReferrals': 'no',
      'msoInvestment.sameTermsForAllInvestors': '',
    });
    expect(values.msoOwners).toEqual([{ name: 'Maria Delgado, M.D.', kind: 'practice-physician', ownershipPct: 30, termsRelatedToReferrals: true }]);
    expect(values.practiceType).toBe('telehealth');
    expect(values.patientStates).toEqual([{ state: 'OK', licensureConfirmed: false }]);
    expect(values.msoInvestment).toEqual({ revenueFromInvestorReferralsPct: 25, distributionsTiedToReferrals: 'no' });
  });

  it('the open-a-matter page posts them and the matter page shows them; a bad percentage comes back beside its field', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const form = await (await t.request('/matters/new', { cookie: attorney })).text();
    for (const name of ['msoOwners.0.kind', 'msoInvestment.distributionsTiedToReferrals', 'practiceType', 'patientStates.0.state']) expect(form, name).toContain(`name="${name}"`);
    const { msoAffiliates: _a, owners, ...parties } = sampleMatter();
    const fields = { ...toFields({ ...parties, owners }), ...toFields({ msoOwners: OWNERS, practiceType: 'telehealth', patientStates: [{ state: 'OK', licensureConfirmed: false }] }), 'msoInvestment.returnsProportionalToCapital': 'yes' };
    const created = await postForm(t, '/matters/new', attorney, fields);
    expect(created.status, await created.clone().text()).toBe(303);
    const page = await (await t.request(created.headers.get('location')!, { cookie: attorney })).text();
    expect(page).toContain('MSO owners');
    expect(page).toContain('Pecos Capital, LP — 70% · Investor (not a referral source)');
    expect(page).toContain('Telehealth');
    expect(page).toContain('OK (licence not confirmed)');
    const refused = await postForm(t, '/matters/new', attorney, { ...fields, 'msoOwners.0.ownershipPct': 'thirty' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('id="m-msoown-0-pct-error"');
    expect(html).toContain('value="thirty"');
  });

  it('the edit page shows them filled in, and changing the practice type keeps the owners and investment terms', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const { matter } = await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), msoOwners: OWNERS, msoInvestment: INVESTMENT } })).json();
    const form = await (await t.request(`/matters/${matter.id}/edit`, { cookie: attorney })).text();
    expect(form).toContain('value="Pecos Capital, LP"');
    expect(form).toContain('<option value="investor" selected="">');
    const { id: _id, rowVersion, createdAt: _c, updatedAt: _u, trackingStatus: _s, trackingNotes: _n, nextFollowUp: _f, portfolioId: _p, ...editable } = matter;
    const res = await postForm(t, `/matters/${matter.id}/edit`, attorney, { rowVersion: String(rowVersion), ...toFields({ ...editable, practiceType: 'infusion' }) });
    expect(res.status, await res.clone().text()).toBe(303);
    const read = (await (await t.request(`/api/matters/${matter.id}`, { cookie: attorney })).json()).matter;
    expect(read.practiceType).toBe('infusion');
    expect(read.msoOwners).toEqual(OWNERS);
    expect(read.msoInvestment).toEqual(INVESTMENT);
  });
});

