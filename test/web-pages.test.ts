import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { approve, matterWithDocument } from './helpers/documents.ts';
import { answersFromForm } from '../web/questionnaire.tsx';
import { matterFromForm } from '../web/pages/matters.tsx';

/**
 * The HTML pages in-process: form values become typed answers, pages check roles and
 * visibility like the API, and a form post writes the same audit event as its API twin.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney: string, paralegal: string, client: string, client2: string, admin: string;

beforeAll(async () => {
  t = await makeTestApp();
  [attorney, paralegal, client, client2, admin] = await Promise.all([t.login('attorney'), t.login('paralegal'), t.login('client'), t.login('client2'), t.login('admin')]);
});
afterAll(async () => t?.close());

const ORIGIN = 'http://localhost';
const postForm = (path: string, cookie: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return t.request(path, { method: 'POST', cookie, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: body.toString() });
};
const lastEvent = async () => (await t.db.get<{ type: string }>('SELECT type FROM audit_events ORDER BY id DESC LIMIT 1'))!.type;

describe('form values → answers', () => {
  it('types numbers, booleans, dates, nested objects, checkbox groups and repeated rows; blanks stay absent', () => {
    const answers = answersFromForm('msa', {
      effectiveDate: '2027-01-01',
      monthlyFee: '42,500',
      autoRenew: ['false', 'true'],
      handlesPhi: 'false',
      services: ['billing', 'credentialing'],
      'nonRenewalNotice.amount': '180',
      'nonRenewalNotice.unit': 'days',
      fmvOpinionDate: '',
      initialTermMonths: 'sixty',
    });
    expect(answers).toMatchObject({ effectiveDate: '2027-01-01', monthlyFee: 42500, autoRenew: true, handlesPhi: false, services: ['billing', 'credentialing'], nonRenewalNotice: { amount: 180, unit: 'days' } });
    expect(answers).not.toHaveProperty('fmvOpinionDate');
    // Not a number: kept as text so validation names the field.
    expect(answers.initialTermMonths).toBe('sixty');
    const checklist = answersFromForm('formation-checklist', { 'itemOverrides.0.itemId': 'pe.ein', 'itemOverrides.0.status': 'done', 'itemOverrides.1.itemId': '', 'itemOverrides.1.status': '' });
    expect(checklist.itemOverrides).toEqual([{ itemId: 'pe.ein', status: 'done' }]);
  });

  it('matter form rows → owners; blank rows are skipped', () => {
    const matter = matterFromForm({ title: 'T', msoState: 'tx', 'owners.0.name': 'Dr A', 'owners.0.ownershipPct': '100', 'owners.0.licensed': ['false', 'true'], 'owners.0.licenseState': 'tx', 'owners.1.name': '', clientUserIds: ['5'] });
    expect(matter).toMatchObject({ msoState: 'TX', owners: [{ name: 'Dr A', ownershipPct: 100, licensed: true, licenseState: 'TX', isMso: false }], clientUserIds: [5] });
  });
});

describe('pages', () => {
  it('sends anonymous visitors to sign in, keeping where they were going', async () => {
    const res = await t.request('/matters/1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fmatters%2F1');
  });

  it('never follows an off-site next address after sign-in', async () => {
    const res = await postForm('/login?next=//evil.example/x', '', { email: 'attorney@example.test', password: 'correct horse battery staple' });
    expect(res.headers.get('location') ?? '').not.toContain('evil');
  });

  it('answers each role with its pages and refuses the others', async () => {
    const cases: [string, string, number][] = [
      ['/admin/users', attorney, 403],
      ['/admin/users', admin, 200],
      ['/admin/reference', paralegal, 403],
      ['/clauses', client, 403],
      ['/clauses', attorney, 200],
      ['/matters/new', paralegal, 403],
      ['/deadlines', client, 200],
      ['/no-such-page', attorney, 404],
    ];
    for (const [path, cookie, status] of cases) expect((await t.request(path, { cookie })).status, path).toBe(status);
  });

  it('a client sees only their own matter page and signature-ready file', async () => {
    const made = await matterWithDocument(t);
    expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
    expect((await t.request(`/matters/${made.matter.id}`, { cookie: client })).status).toBe(200);
    expect((await t.request(`/matters/${made.matter.id}`, { cookie: client2 })).status).toBe(404);
    expect((await t.request(`/documents/${made.document.id}/versions/1/download`, { cookie: client })).status).toBe(200);
    expect((await t.request(`/documents/${made.document.id}/versions/1/download`, { cookie: client2 })).status).toBe(404);
  });

  it('refuses a form post from another site (csrf Origin check)', async () => {
    const body = new URLSearchParams({ title: 'x' }).toString();
    const res = await t.request('/matters/new', { method: 'POST', cookie: attorney, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body });
    expect(res.status).toBe(403);
  });

  it('keeps entered values and shows each error next to its field', async () => {
    const res = await postForm('/matters/new', attorney, { title: 'Half-filled matter', msoState: 'Texas' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('value="Half-filled matter"');
    expect(html).toMatch(/id="m-msoState-error"/);
    expect(html).toContain('aria-invalid="true"');
  });
});

describe('the live compliance check', () => {
  it('checks unsaved answers without writing anything; only attorneys; invalid answers are listed', async () => {
    const made = await matterWithDocument(t);
    const before = (await t.db.get<{ n: number }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM document_versions) AS n'))!.n;
    const sample = (await import('./helpers/documents.ts')).sample('msa');
    const fields: Record<string, string | string[]> = { kind: 'msa', effectiveDate: sample.effectiveDate, services: sample.services, feeModel: 'flat-monthly', monthlyFee: String(sample.monthlyFee), initialTermMonths: '6', autoRenew: 'true', 'nonRenewalNotice.amount': '180', 'nonRenewalNotice.unit': 'days', handlesPhi: 'true', governmentPayers: 'true', fmvOpinionDate: sample.fmvOpinionDate, fmvValuator: sample.fmvValuator, fmvRangeLow: '38000', fmvRangeHigh: '47000', 'msoSignatory.name': 'R', 'msoSignatory.title': 'CEO', 'practiceSignatory.name': 'M', 'practiceSignatory.title': 'MM', msoNoticeAddress: 'MSO address', practiceNoticeAddress: 'Practice address' };
    const res = await postForm(`/matters/${made.matter.id}/documents/preview`, attorney, fields);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/ERROR/);
    expect(html).not.toContain('<html');
    expect((await t.db.get<{ n: number }>('SELECT (SELECT count(*) FROM audit_events) + (SELECT count(*) FROM document_versions) AS n'))!.n).toBe(before);
    expect((await postForm(`/matters/${made.matter.id}/documents/preview`, paralegal, fields)).status).toBe(403);
    expect((await postForm(`/matters/${made.matter.id}/documents/preview`, client2, fields)).status).toBe(403);
    const invalid = await postForm(`/matters/${made.matter.id}/documents/preview`, attorney, { kind: 'msa', initialTermMonths: 'sixty' });
    expect(await invalid.text()).toMatch(/Not checked yet[\s\S]*initialTermMonths/);
  });
});

describe('a form post writes the same audit event as its API twin', () => {
  it('opening a matter', async () => {
    const users = { 'owners.0.name': 'Maria Delgado, M.D.', 'owners.0.ownershipPct': '100', 'owners.0.licensed': 'true', 'owners.0.licenseState': 'TX' };
    const m = sampleMatter();
    const res = await postForm('/matters/new', attorney, { title: 'Form matter', msoName: m.msoName, msoEntityType: m.msoEntityType, msoState: m.msoState, peName: m.peName, peEntityType: m.peEntityType, peState: m.peState, governingLawState: m.governingLawState, ...users });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/matters\/\d+\?msg=matter-created$/);
    expect(await lastEvent()).toBe('matter.created');
  });

  it('marking executable', async () => {
    const made = await matterWithDocument(t);
    for (const f of made.version.compliance.findings.filter((x: { severity: string }) => x.severity === 'warning')) {
      expect((await postForm(`/documents/${made.document.id}/acknowledge`, attorney, { versionNo: '1', ruleId: f.ruleId, reason: 'Reviewed; acceptable.' })).status).toBe(303);
    }
    const res = await postForm(`/documents/${made.document.id}/status`, attorney, { to: 'executable', versionNo: '1' });
    expect(res.status).toBe(303);
    expect(await lastEvent()).toBe('status.changed');
    const doc = await (await t.request(`/api/documents/${made.document.id}`, { cookie: attorney })).json();
    expect(doc.document.status).toBe('executable');
  });
});
