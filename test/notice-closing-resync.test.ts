import ical from 'node-ical';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { sample } from './helpers/documents.ts';
import { allDeadlines } from './helpers/deadlines-api.ts';
import { triStatePortfolio } from './helpers/portfolio.ts';

/**
 * Issue 16: the notice task's due date follows the matter's planned closing. When the closing
 * moves (PATCH /api/matters/{id}, or the matter's edit page), every formation checklist on the
 * matter is resynced: the task, its dashboard deadline (API and page) and its calendar event move
 * with it, while a due date a paralegal set by hand is kept. The test clock reads 2026-11-22.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

type Task = { id: number; title: string; dueDate: string; rowVersion: number };
const owner = [{ name: 'Dr. Ada Park', licensed: true, licenseState: 'CA', isMso: false, ownershipPct: 100 }];

async function caDealWithChecklist(closing: string) {
  t = await makeTestApp();
  const attorney = await t.login('attorney');
  const created = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title: 'CA deal', msoState: 'CA', peState: 'CA', governingLawState: 'CA', peEntityType: 'medical-corporation', owners: owner, transaction: { plannedClosingDate: closing } }) });
  const matter = (await created.json()).matter as { id: number; rowVersion: number };
  expect((await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } })).status).toBe(201);
  return { attorney, matter };
}
const noticeTask = async (cookie: string, matterId: number) =>
  ((await (await t.request(`/api/matters/${matterId}/checklist`, { cookie })).json()).tasks as Task[]).find((task) => task.title.startsWith('File the notice with') && task.title.includes('Office of Health Care Affordability'))!;
async function moveClosing(cookie: string, matterId: number, closing: string) {
  const current = (await (await t.request(`/api/matters/${matterId}`, { cookie })).json()).matter;
  const res = await t.request(`/api/matters/${matterId}`, { method: 'PATCH', cookie, json: { rowVersion: current.rowVersion, transaction: { ...current.transaction, plannedClosingDate: closing } } });
  expect(res.status).toBe(200);
}
async function calendarDay(cookie: string, summary: string): Promise<string | undefined> {
  const link = await t.request('/api/calendar/link', { method: 'POST', cookie });
  const feed = await (await t.request(new URL((await link.json()).url).pathname)).text();
  const event = Object.values(ical.sync.parseICS(feed)).find((c): c is ical.VEvent => c?.type === 'VEVENT' && c.summary === summary);
  if (!event) return undefined;
  const d = event.start as Date;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('the notice task follows a changed closing date', () => {
  it('moves the task, the dashboard deadline and the calendar event (California: 90 days before closing)', async () => {
    const { attorney, matter } = await caDealWithChecklist('2027-06-30');
    const before = await noticeTask(attorney, matter.id);
    expect(before.dueDate).toBe('2027-04-01');

    await moveClosing(attorney, matter.id, '2027-08-31');
    const after = await noticeTask(attorney, matter.id);
    expect(after.id, 'the same task, not a new one').toBe(before.id);
    expect(after.dueDate).toBe('2027-06-02');

    const deadlines = await allDeadlines<{ title: string; dueDate: string }>(t, '', attorney);
    const mine = deadlines.filter((d) => d.title === after.title);
    expect(mine.map((d) => d.dueDate)).toEqual(['2027-06-02']);
    const page = await (await t.request(`/deadlines?withinDays=365&matterId=${matter.id}&kind=checklist-task&sort=due-desc`, { cookie: attorney })).text();
    expect(page).toContain(after.title);
    expect(page).toContain('2027-06-02');
    expect(page).not.toContain('2027-04-01');
    expect(await calendarDay(attorney, `${after.title} — CA deal`)).toBe('2027-06-02');
  });

  it('keeps a due date a paralegal set by hand', async () => {
    const { attorney, matter } = await caDealWithChecklist('2027-06-30');
    const paralegal = await t.login('paralegal');
    const task = await noticeTask(paralegal, matter.id);
    const set = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: task.rowVersion, dueDate: '2027-03-15' } });
    expect(set.status).toBe(200);
    await moveClosing(attorney, matter.id, '2027-08-31');
    expect((await noticeTask(attorney, matter.id)).dueDate).toBe('2027-03-15');
  });

  it('a tracking-only edit leaves the tasks as they are', async () => {
    const { attorney, matter } = await caDealWithChecklist('2027-06-30');
    const before = await noticeTask(attorney, matter.id);
    const current = (await (await t.request(`/api/matters/${matter.id}`, { cookie: attorney })).json()).matter;
    expect((await t.request(`/api/matters/${matter.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: current.rowVersion, trackingNotes: 'Called the client.' } })).status).toBe(200);
    expect(await noticeTask(attorney, matter.id)).toEqual(before);
  });
});

describe('a portfolio’s MSO facts feed its practices’ checklists', () => {
  it('moving the MSO to Oregon adds the Oregon Health Authority notice task to the Texas practice’s checklist', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    expect((await t.request(`/api/matters/${matters.TX.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } })).status).toBe(201);
    const titles = async () => ((await (await t.request(`/api/matters/${matters.TX.id}/checklist`, { cookie: attorney })).json()).tasks as Task[]).map((task) => task.title);
    expect((await titles()).some((x) => x.includes('Oregon Health Authority'))).toBe(false);
    const read = (await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie: attorney })).json()).portfolio;
    expect((await t.request(`/api/portfolios/${portfolio.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: read.rowVersion, msoState: 'OR' } })).status).toBe(200);
    expect((await titles()).some((x) => x.startsWith('File the notice with') && x.includes('Oregon Health Authority'))).toBe(true);
  });
});
