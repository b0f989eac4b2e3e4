import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ical from 'node-ical';
import { vi } from 'vitest';
import { checkCommand } from '../server/cli-documents.ts';
import { postForm } from './helpers/web.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { approve, sample } from './helpers/documents.ts';
import { allDeadlines } from './helpers/deadlines-api.ts';

/**
 * Issue 16 end to end: a matter's planned closing turns each state's transaction-notice law into a
 * checklist task due the notice period before closing, shown on the dashboard and in the calendar
 * feed; a closing too soon is a finding; and an Oregon MSA with a share-transfer restriction
 * (answered or written into a clause) cannot be marked executable. The test clock reads 2026-11-22.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney: string;
beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
});
afterAll(async () => t?.close());

const owner = (state: string) => [{ name: 'Dr. Ada Park', licensed: true, licenseState: state, isMso: false, ownershipPct: 100 }];
async function matterIn(state: string, peEntityType: string, transaction: Record<string, unknown>) {
  const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title: `${state} deal`, msoState: state, peState: state, governingLawState: state, peEntityType, owners: owner(state), transaction }) });
  expect(res.status).toBe(201);
  return (await res.json()).matter as { id: number; transaction: Record<string, unknown> };
}
async function checklistOf(matterId: number) {
  const doc = await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });
  expect(doc.status).toBe(201);
  const tasks = (await (await t.request(`/api/matters/${matterId}/checklist`, { cookie: attorney })).json()).tasks as { title: string; dueDate: string }[];
  return { version: (await doc.json()).version, tasks };
}
const noticeTask = (tasks: { title: string; dueDate: string }[]) => tasks.find((task) => task.title.startsWith('File the notice with'));

describe('transaction-notice tasks counted back from the planned closing', () => {
  const cases = [
    { state: 'CA', type: 'medical-corporation', transaction: { plannedClosingDate: '2027-06-30' }, agency: 'Office of Health Care Affordability', due: '2027-04-01' },
    { state: 'NY', type: 'PC', transaction: { plannedClosingDate: '2027-03-31', revenueBand: '25m-or-more' }, agency: 'New York State Department of Health', due: '2027-03-01' },
    { state: 'OR', type: 'PC', transaction: { plannedClosingDate: '2027-09-01', revenueBand: '25m-or-more' }, agency: 'Oregon Health Authority', due: '2027-03-05' },
  ];
  it.each(cases)('$state: the task, the dashboard deadline and the calendar event fall due $due', async ({ state, type, transaction, agency, due }) => {
    const matter = await matterIn(state, type, transaction);
    expect(matter.transaction.plannedClosingDate).toBe(transaction.plannedClosingDate);
    const { version, tasks } = await checklistOf(matter.id);
    const task = noticeTask(tasks);
    expect(task?.title).toContain(agency);
    expect(task?.dueDate).toBe(due);
    expect(version.compliance.findings.filter((f: { ruleId: string }) => f.ruleId === 'matter.transaction-notice')).toEqual([]);
    const deadlines = await allDeadlines<{ title: string; dueDate: string; matter: { title: string } }>(t, '', attorney);
    expect(deadlines).toContainEqual(expect.objectContaining({ title: task!.title, dueDate: due }));
    const link = await t.request('/api/calendar/link', { method: 'POST', cookie: attorney });
    const feed = await (await t.request(new URL((await link.json()).url).pathname)).text();
    const events = Object.values(ical.sync.parseICS(feed)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const event = events.find((e) => e.summary === `${task!.title} — ${state} deal`);
    expect(event).toBeDefined();
    const start = event!.start as Date;
    expect(`${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`).toBe(due);
  });

  it('a New York deal below the $25 million threshold gets no task', async () => {
    const matter = await matterIn('NY', 'PC', { plannedClosingDate: '2027-03-31', revenueBand: 'under-10m' });
    expect(noticeTask((await checklistOf(matter.id)).tasks)).toBeUndefined();
  });

  it('a closing too soon for the notice period is a finding', async () => {
    const matter = await matterIn('CA', 'medical-corporation', { plannedClosingDate: '2027-01-15' });
    const { version } = await checklistOf(matter.id);
    const finding = version.compliance.findings.find((f: { ruleId: string }) => f.ruleId === 'matter.transaction-notice');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toMatch(/due by 2026-10-17, which has passed/);
  });

  it('a matter without what the law needs gets a finding saying what to record', async () => {
    const matter = await matterIn('IL', 'medical-corporation', { plannedClosingDate: '2027-06-30' });
    const { version } = await checklistOf(matter.id);
    const finding = version.compliance.findings.find((f: { ruleId: string }) => f.ruleId === 'matter.transaction-notice');
    expect(finding?.message).toMatch(/number of physicians/);
  });
});

describe('the executable gate for an Oregon MSA (SB 951)', () => {
  const msa = { ...sample('msa'), practiceFormedOn: '2026-03-01' };
  async function draft(answers: Record<string, unknown>, overrides: Record<string, string> = {}) {
    const matter = await matterIn('OR', 'PC', {});
    const res = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers, overrides } });
    expect(res.status).toBe(201);
    return res.json();
  }
  it('refuses (422) with the restriction answered', async () => {
    const { document, version } = await draft({ ...msa, shareTransferRestriction: true });
    const res = await approve(t, attorney, document.id, version);
    expect(res.status).toBe(422);
    expect((await res.json()).error.details.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('msa.state-share-transfer');
  });
  it('refuses (422) with the restriction written into another clause', async () => {
    const text = 'Neither party may assign this Agreement without the other’s consent. No Practice Owner may sell or transfer any shares in Practice without the prior written consent of Manager.';
    const { document, version } = await draft({ ...msa, shareTransferRestriction: false }, { 'msa.general.assignment': text });
    const res = await approve(t, attorney, document.id, version);
    expect(res.status).toBe(422);
    const blocking = (await res.json()).error.details.findings as { ruleId: string; clauseId?: string }[];
    expect(blocking).toContainEqual(expect.objectContaining({ ruleId: 'msa.state-share-transfer', clauseId: 'msa.general.assignment' }));
  });
  it('refuses through the page (the same gate) and leaves the document a draft', async () => {
    const { document, version } = await draft({ ...msa, shareTransferRestriction: true });
    const reasons = Object.fromEntries(version.compliance.findings.filter((f: { severity: string }) => f.severity === 'warning').map((f: { ruleId: string }) => [`reason.${f.ruleId}`, 'Reviewed with the client; acceptable for this deal.']));
    const page = await postForm(t, `/documents/${document.id}/executable`, attorney, { versionNo: String(version.versionNo), ...reasons });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('SB 951');
    expect((await (await t.request(`/api/documents/${document.id}`, { cookie: attorney })).json()).document.status).toBe('draft');
  });
  it('clausewright check exits 1 on an Oregon MSA with the restriction, 0 once it is removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-or-'));
    const matterFile = join(dir, 'matter.json');
    writeFileSync(matterFile, JSON.stringify({ ...sampleMatter({ msoState: 'OR', peState: 'OR', governingLawState: 'OR', peEntityType: 'PC', owners: owner('OR') }), title: undefined, msoAffiliates: undefined }));
    const run = async (answers: Record<string, unknown>) => {
      const file = join(dir, 'answers.json');
      writeFileSync(file, JSON.stringify(answers));
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      try {
        return { code: await checkCommand(['--kind', 'msa', '--answers', file, '--matter', matterFile, '--json']), out };
      } finally {
        spy.mockRestore();
      }
    };
    const restricted = await run({ ...msa, shareTransferRestriction: true });
    expect(restricted.code).toBe(1);
    expect(JSON.parse(restricted.out).map((f: { ruleId: string; severity: string }) => `${f.severity} ${f.ruleId}`)).toContain('error msa.state-share-transfer');
    const clean = await run({ ...msa, shareTransferRestriction: false });
    expect(JSON.parse(clean.out).map((f: { ruleId: string }) => f.ruleId)).not.toContain('msa.state-share-transfer');
  });
});
