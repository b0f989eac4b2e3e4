import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { sample } from '../helpers/documents.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';

/**
 * A correction to a state's reference row (here California's transaction-notice period) changes
 * the checklist tasks it generated, as a matter edit does: the notice task of every matter in that
 * state moves with its dashboard deadline; matters elsewhere are untouched; a date or status a
 * paralegal set by hand is kept. The test clock reads 2026-11-22.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

type Task = { id: number; title: string; dueDate: string; status: string; rowVersion: number; detail: string };
const owner = (state: string) => [{ name: 'Dr. Ada Park', licensed: true, licenseState: state, isMso: false, ownershipPct: 100 }];

async function dealWithChecklist(cookie: string, state: string, title: string) {
  const peEntityType = state === 'CA' ? 'medical-corporation' : 'PLLC';
  const created = await t.request('/api/matters', { method: 'POST', cookie, json: sampleMatter({ title, msoState: state, peState: state, governingLawState: state, peEntityType, owners: owner(state), transaction: { plannedClosingDate: '2027-06-30' } }) });
  expect(created.status).toBe(201);
  const matter = (await created.json()).matter as { id: number };
  expect((await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } })).status).toBe(201);
  return matter.id;
}
const tasksOf = async (cookie: string, matterId: number) => (await (await t.request(`/api/matters/${matterId}/checklist`, { cookie })).json()).tasks as Task[];
const noticeTask = async (cookie: string, matterId: number) => (await tasksOf(cookie, matterId)).find((task) => task.title.startsWith('File the notice with the Office of Health Care Affordability'));

async function reviseCaliforniaNotice(admin: string, daysBeforeClosing: number) {
  const rows = (await (await t.request('/api/admin/reference', { cookie: admin })).json()).jurisdictions as { code: string; transactionNotices?: { daysBeforeClosing: number }[] }[];
  const ca = structuredClone(rows.find((r) => r.code === 'CA')!);
  ca.transactionNotices![0]!.daysBeforeClosing = daysBeforeClosing;
  return t.request('/api/admin/reference/jurisdictions/CA', { method: 'PUT', cookie: admin, json: { row: ca, reason: 'Corrected notice period (test)' } });
}

describe('a corrected state row brings that state’s checklists up to date', () => {
  it('moves the notice task and its deadline on every matter in the state, and only there', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const first = await dealWithChecklist(attorney, 'CA', 'CA deal one');
    const second = await dealWithChecklist(attorney, 'CA', 'CA deal two');
    const texas = await dealWithChecklist(attorney, 'TX', 'TX deal');
    const texasBefore = await tasksOf(attorney, texas);
    expect((await noticeTask(attorney, first))?.dueDate).toBe('2027-04-01');

    const res = await reviseCaliforniaNotice(await t.login('admin'), 120);
    expect(res.status).toBe(200);
    expect((await res.json()).checklistMattersResynced).toBe(2);

    for (const id of [first, second]) {
      const task = (await noticeTask(attorney, id))!;
      expect(task.dueDate).toBe('2027-03-02');
      expect(task.detail).toContain('due 120 days before the planned closing');
    }
    const deadlines = await allDeadlines<{ title: string; dueDate: string }>(t, `matterId=${first}`, attorney);
    expect(deadlines.filter((d) => d.title.startsWith('File the notice with the Office')).map((d) => d.dueDate)).toEqual(['2027-03-02']);
    expect(await tasksOf(attorney, texas)).toEqual(texasBefore);
  });

  it('keeps what a paralegal set by hand', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const paralegal = await t.login('paralegal');
    const matter = await dealWithChecklist(attorney, 'CA', 'CA deal');
    const task = (await noticeTask(paralegal, matter))!;
    const set = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: task.rowVersion, dueDate: '2027-02-15', status: 'in-progress' } });
    expect(set.status).toBe(200);
    expect((await reviseCaliforniaNotice(await t.login('admin'), 120)).status).toBe(200);
    expect(await noticeTask(paralegal, matter)).toMatchObject({ id: task.id, dueDate: '2027-02-15', status: 'in-progress' });
  });

  it('the admin page says the checklists were brought up to date', async () => {
    t = await makeTestApp();
    await dealWithChecklist(await t.login('attorney'), 'CA', 'CA deal');
    const admin = await t.login('admin');
    const rows = (await (await t.request('/api/admin/reference', { cookie: admin })).json()).jurisdictions as { code: string; cpom: string; percentFeeTreatment: string; percentFeeNotes: string; licensedOwnership: { rule: string; minimumLicensedPct: number | null }; notes: string; sources: string[]; citations: string[]; verification: string }[];
    const ca = rows.find((r) => r.code === 'CA')!;
    // The fields the page's form posts, as they stand, plus a reason.
    const body = new URLSearchParams({
      cpom: ca.cpom,
      percentFeeTreatment: ca.percentFeeTreatment,
      percentFeeNotes: ca.percentFeeNotes,
      licensedOwnershipRule: ca.licensedOwnership.rule,
      minimumLicensedPct: ca.licensedOwnership.minimumLicensedPct === null ? '' : String(ca.licensedOwnership.minimumLicensedPct),
      notes: `${ca.notes} (reviewed)`,
      sources: ca.sources.join('\n'),
      citations: ca.citations.join('\n'),
      verification: ca.verification,
      reason: 'Note added (test)',
    });
    const saved = await t.request('/admin/reference/jurisdictions/CA', { method: 'POST', cookie: admin, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/reference?msg=reference-checklists');
    expect(await (await t.request('/admin/reference?msg=reference-checklists', { cookie: admin })).text()).toContain('formation checklists of matters in that state were brought up to date');
  });
});
