import { afterEach, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { dealFixtures } from '../helpers/fixtures.ts';
import { docxText } from '../helpers/docx-text.ts';

/**
 * A brand-new formation checklist is a worklist that starts on time: for the practice state of
 * every deal fixture, created on its own date, no task is due before today, the paralegal's home
 * page shows no overdue count, and the document names parties and authorities, not codes.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const base = dealFixtures().find((f) => f.name === 'formation-tx')!;
const states = [...new Set(dealFixtures().map((f) => f.matter.peState))].sort();

describe.each(states)('a new checklist for a practice in %s', (state) => {
  it('has no overdue task, and the paralegal home page counts none', async () => {
    t = await makeTestApp();
    const today = t.clock.now().toISOString().slice(0, 10);
    const attorney = await t.login('attorney');
    const matterRes = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ peState: state, governingLawState: state, clientUserIds: [t.users.client] }) });
    expect(matterRes.status).toBe(201);
    const matter = (await matterRes.json()).matter;
    // A short runway (under eight weeks) — the case where counting back from opening put tasks before today.
    const answers = { ...base.answers, effectiveDate: today, targetOpeningDate: '2027-01-15', itemOverrides: [] };
    const doc = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers } });
    expect(doc.status, await doc.clone().text()).toBe(201);
    const tasks = (await (await t.request(`/api/matters/${matter.id}/checklist`, { cookie: attorney })).json()).tasks as { dueDate: string; title: string }[];
    expect(tasks.length).toBeGreaterThan(5);
    for (const task of tasks) expect(task.dueDate >= today, `${task.title} due ${task.dueDate}`).toBe(true);
    const paralegal = await t.login('paralegal');
    const summary = await (await t.request('/api/deadlines/summary', { cookie: paralegal })).json();
    expect(summary.byUrgency.overdue).toBe(0);
    const home = await (await t.request('/', { cookie: paralegal })).text();
    expect(home).not.toMatch(/overdue[^<]*<[^>]*>\s*[1-9]/i);
  });
});

describe('the checklist document', () => {
  it('is a worklist: short heading, tasks with party names, authority and form; no obsolete Texas item; dependencies respected', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.client] }) })).json()).matter;
    const doc = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: base.answers } });
    const { document } = await doc.json();
    const bytes = Buffer.from(await (await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney })).arrayBuffer());
    const text = docxText(bytes);
    const firstLines = text.split('\n').slice(0, 8).join('\n');
    expect(firstLines).toMatch(/Entity Formation Checklist/i);
    expect(firstLines).toMatch(/PART A/);
    expect(text).not.toMatch(/\tmso\t|^mso$/m);
    const xml = new PizZip(bytes).file('word/document.xml')!.asText();
    const cells = (xml.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map((c) => (c.match(/<w:t[^>]*>([^<]*)<\/w:t>/g) ?? []).map((x) => x.replace(/<[^>]+>/g, '')).join(' '));
    expect(cells).not.toContain('mso');
    expect(cells).not.toContain('secondary');
    expect(cells).toContain(sampleMatter().msoName);
    expect(cells.some((c) => /Internal Revenue Service.*SS-4/.test(c))).toBe(true);
    expect(text).not.toMatch(/State controlled-substance registration/);
    // The fixture marks the EIN done before the entity is formed: shown in progress, waiting on the filing.
    expect(cells.some((c) => /In progress; waiting on: Form the professional entity/.test(c))).toBe(true);
  });
});

describe('open compliance findings on the checklist', () => {
  it.each([
    ['formation-ma-lay-owner', true],
    ['formation-tx', false],
  ])('%s: findings shown exactly when the matter has them', async (name, expected) => {
    t = await makeTestApp();
    const fixture = dealFixtures().find((f) => f.name === name)!;
    const attorney = await t.login('attorney');
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ ...fixture.matter, clientUserIds: [t.users.client] }) })).json()).matter;
    const { document } = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: fixture.answers } })).json();
    const text = docxText(Buffer.from(await (await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney })).arrayBuffer()));
    expect(/OPEN COMPLIANCE FINDINGS/.test(text)).toBe(expected);
    if (expected) expect(text).toMatch(/not a licensed physician owner/);
  });
});
