import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from './helpers/documents.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { LiveFindings } from '../web/components/findings.tsx';
import type { Finding } from '../server/services/compliance/rule.ts';
import { matterFieldAnchor } from '../web/pages/matters/matter-field-anchor.ts';

/**
 * Issue 21: a finding about a matter fact (the practice's state and entity type, its owners, the
 * transaction, the MSO's investment terms, telehealth patient states) names that fact as
 * `matterField`; the drafting page links it — for attorneys only — to the field on the matter's
 * edit page, and the id linked to exists there. The test clock reads 2026-11-22.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney: string;
beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
});
afterAll(async () => t?.close());


/** A matter in `state` with the given facts, a client on it, and an MSA drafted from the sample answers. */
async function draftIn(state: string, facts: Record<string, unknown>) {
  const owners = [{ name: 'Dr. Ada Park', licensed: true, licenseState: state, isMso: false, ownershipPct: 100 }];
  const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title: `${state} deal`, msoState: state, peState: state, governingLawState: state, owners, clientUserIds: [t.users.client], ...facts }) });
  expect(res.status, await res.clone().text()).toBe(201);
  const matter = (await res.json()).matter as { id: number };
  const doc = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: sample('msa') } });
  expect(doc.status, await doc.clone().text()).toBe(201);
  const { document, version } = await doc.json();
  return { matter, documentId: document.id as number, findings: version.compliance.findings as Finding[] };
}

const fieldsOf = (findings: Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.matterField);

const CASES = [
  {
    name: 'California: a lay owner and too small a physician share (CPOM), one owner licensed elsewhere, a closing too soon for the 90-day notice',
    state: 'CA',
    facts: {
      peEntityType: 'medical-corporation',
      owners: [
        { name: 'Dr. Ada Park', licensed: true, licenseState: 'CA', isMso: false, ownershipPct: 30 },
        { name: 'Dr. Ben Ortiz', licensed: true, licenseState: 'NV', isMso: false, ownershipPct: 10 },
        { name: 'Pat Layman', licensed: false, isMso: false, ownershipPct: 60 },
      ],
      transaction: { plannedClosingDate: '2027-01-15' },
    },
    expected: {
      'entity.no-lay-or-mso-ownership': ['owners.2.licensed', 'owners'],
      'entity.owners-licensed': ['owners.1.licenseState'],
      'matter.transaction-notice': ['transaction.plannedClosingDate'],
    },
  },
  {
    name: 'Oregon: a PLLC where only a PC is allowed; the notice law needs the revenue band',
    state: 'OR',
    facts: { peEntityType: 'PLLC', transaction: { plannedClosingDate: '2027-12-01' } },
    expected: { 'entity.pe-type-allowed': ['peEntityType'], 'matter.transaction-notice': ['transaction.revenueBand'] },
  },
  {
    name: 'Florida telehealth: one patient state without a confirmed licence; MSO distributions tied to referrals',
    state: 'FL',
    facts: {
      peEntityType: 'PA',
      practiceType: 'telehealth',
      patientStates: [
        { state: 'FL', licensureConfirmed: true },
        { state: 'GA', licensureConfirmed: false },
      ],
      msoOwners: [{ name: 'Dr. Ada Park', kind: 'practice-physician', ownershipPct: 40 }],
      msoInvestment: { distributionsTiedToReferrals: 'yes' },
    },
    expected: { 'practice.telehealth-licensure': ['patientStates.1.licensureConfirmed'], 'mso-equity.distributions-tied-to-referrals': ['msoInvestment.distributionsTiedToReferrals'] },
  },
  {
    name: 'Texas medical spa with a referring physician among the MSO’s owners: the state’s investment statute and the medical-spa rule link to the owners; the safe harbor to its first unrecorded fact',
    state: 'TX',
    facts: {
      practiceType: 'med-spa',
      msoOwners: [{ name: 'Dr. Ada Park', kind: 'practice-physician', ownershipPct: 40 }],
      msoInvestment: { sameTermsForAllInvestors: 'yes' },
    },
    expected: { 'mso-equity.state-treatment': ['msoOwners'], 'practice.med-spa-ownership': ['owners'], 'mso-equity.investment-safe-harbor': ['msoOwners'] },
  },
];

describe('findings about matter facts name the fact and link to it on the matter’s edit page', () => {
  it.each(CASES)('$name', async ({ state, facts, expected }) => {
    const { matter, documentId, findings } = await draftIn(state, facts);
    for (const [ruleId, fields] of Object.entries(expected)) expect(fieldsOf(findings, ruleId), ruleId).toEqual(fields);

    const page = await (await t.request(`/documents/${documentId}`, { cookie: attorney })).text();
    const edit = await (await t.request(`/matters/${matter.id}/edit`, { cookie: attorney })).text();
    const linked = [...page.matchAll(/<a href="\/matters\/(\d+)\/edit#([^"]+)" class="jump-to-matter-field">Change it on the matter<\/a>/g)];
    // One link per finding that names a matter fact, each to this matter's edit form, each to an id on it.
    expect(linked.length).toBe(findings.filter((f) => f.matterField).length);
    for (const [, id, anchor] of linked) {
      expect(Number(id)).toBe(matter.id);
      expect(edit, anchor).toContain(`id="${anchor}"`);
    }
    for (const f of findings.filter((x) => x.matterField)) expect(page).toContain(`/matters/${matter.id}/edit#${matterFieldAnchor(f.matterField!)}`);
  });

  it('a paralegal (who cannot edit the matter) sees the findings without any link to the edit form; a client cannot open the page', async () => {
    const { documentId, findings } = await draftIn('OR', { peEntityType: 'PLLC', staffUserIds: [t.users.paralegal], transaction: { plannedClosingDate: '2027-12-01' } });
    expect(findings.some((f) => f.matterField)).toBe(true);
    const res = await t.request(`/documents/${documentId}`, { cookie: await t.login('paralegal') });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Oregon allows PC');
    expect(html).not.toContain('/edit#');
    expect(html).not.toContain('Change it on the matter');
    // Clients read their documents elsewhere; the drafting page, with its internal links, is refused.
    expect((await t.request(`/documents/${documentId}`, { cookie: await t.login('client') })).status).toBe(403);
  });

  it('the live check of unsaved answers links matter facts too, and only when given the edit page', async () => {
    const { matter, findings } = await draftIn('OR', { peEntityType: 'PLLC', transaction: { plannedClosingDate: '2027-12-01' } });
    const errors = findings.filter((f) => f.ruleId === 'entity.pe-type-allowed');
    expect(String(LiveFindings({ findings: errors, matterEditHref: `/matters/${matter.id}/edit` }))).toContain(`href="/matters/${matter.id}/edit#m-peEntityType"`);
    expect(String(LiveFindings({ findings: errors }))).not.toContain('/edit#');
  });
});

describe('matterFieldAnchor: every matter path a finding can name is an id on the edit form', () => {
  it('maps scalars, transaction facts, rows and whole lists to ids the edit page renders', async () => {
    const { matter } = await draftIn('FL', {
      peEntityType: 'PA',
      practiceType: 'telehealth',
      patientStates: [{ state: 'GA', licensureConfirmed: false }],
      msoOwners: [{ name: 'Dr. Ada Park', kind: 'practice-physician', ownershipPct: 40 }],
      msoAffiliates: [{ name: 'Holdco LLC', entityType: 'limited liability company', state: 'DE' }],
    });
    const edit = await (await t.request(`/matters/${matter.id}/edit`, { cookie: attorney })).text();
    const paths = [
      'peState',
      'peEntityType',
      'msoState',
      'governingLawState',
      'practiceType',
      'owners',
      'owners.0.licensed',
      'owners.0.licenseState',
      'owners.0.ownershipPct',
      'owners.0.isMso',
      'msoOwners',
      'msoOwners.0.kind',
      'msoAffiliates',
      'msoAffiliates.0.state',
      'patientStates',
      'patientStates.0.licensureConfirmed',
      'msoInvestment.distributionsTiedToReferrals',
      'msoInvestment.revenueFromInvestorReferralsPct',
      'transaction.plannedClosingDate',
      'transaction.physicianCount',
      'transaction.revenueBand',
      'transaction.assetsBand',
    ];
    for (const path of paths) {
      const id = matterFieldAnchor(path);
      expect(id, path).toBeDefined();
      expect(edit, `${path} → ${id}`).toContain(`id="${id}"`);
    }
    expect(matterFieldAnchor('owners.0.unknown')).toBeUndefined();
    expect(matterFieldAnchor('nonsense')).toBeUndefined();
  });
});
