import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { postForm, toFields } from './helpers/web.ts';
import { AppError } from '../server/errors.ts';
import { linkSummary } from '../web/components/error-views.tsx';
import { summaryItemsOf } from '../web/messages.ts';
import { enrol } from './helpers/mfa.ts';

/**
 * Issue 21: every form's error summary links each problem whose field the form knows to the input
 * it is shown beside (`<a href="#id" data-jump="id">`, which app.js focuses), as the document
 * page's refused execution date does; problems without a field stay plain text.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
const c: Record<string, string> = {};
beforeAll(async () => {
  t = await makeTestApp();
  for (const who of ['admin', 'attorney', 'paralegal'] as const) c[who] = await t.login(who);
});
afterAll(async () => t?.close());

/** The summary's link targets; each exists once in the page, and every field error shown beside an input is among them. */
function summaryLinks(html: string): string[] {
  const summary = html.match(/<div class="errors" role="alert">([\s\S]*?)<\/div>/)?.[1];
  expect(summary, 'an error summary').toBeDefined();
  const links = [...summary!.matchAll(/<a href="#([^"]+)" data-jump="([^"]+)">/g)].map((m) => {
    expect(m[2]).toBe(m[1]);
    return m[1]!;
  });
  expect(links.length, 'at least one linked problem').toBeGreaterThan(0);
  for (const id of links) expect(html.split(`id="${id}"`).length - 1, `id="${id}" once in the page`).toBe(1);
  const shownBeside = [...html.matchAll(/<p class="error" id="([^"]+)-error">/g)].map((m) => m[1]!);
  for (const id of shownBeside) expect(links, `the summary links to ${id}`).toContain(id);
  return links;
}

const locationId = (res: Response) => Number(/\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);

describe('error summaries link to their fields', () => {
  it('the matter form, new and edit', async () => {
    const res = await postForm(t, '/matters/new', c.attorney!, { ...toFields(sampleMatter()), title: '', peState: '', 'owners.0.ownershipPct': 'half' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['m-title', 'm-peState', 'm-owners-0-pct']));

    const made = await matterWithDocument(t, 'msa', sample('msa'));
    const matter = made.matter as { id: number; rowVersion: number };
    const edit = await postForm(t, `/matters/${matter.id}/edit`, c.attorney!, { rowVersion: String(matter.rowVersion), ...toFields(sampleMatter()), msoName: '' });
    expect(edit.status).toBe(400);
    expect(summaryLinks(await edit.text())).toContain('m-msoName');
  });

  it('the questionnaire (new document) form', async () => {
    const made = await matterWithDocument(t, 'msa', sample('msa'));
    const { effectiveDate: _e, ...answers } = sample('msa') as Record<string, unknown>;
    const res = await postForm(t, `/matters/${made.matter.id}/documents/new`, c.attorney!, { kind: 'msa', ...toFields({ ...answers, initialTermMonths: 'sixty' }) });
    expect(res.status).toBe(422);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['f-effectiveDate', 'f-initialTermMonths']));
  });

  it('the checklist task form', async () => {
    const made = await matterWithDocument(t, 'formation-checklist', sample('formation-checklist'));
    const tasks = (await (await t.request(`/api/matters/${made.matter.id}/checklist`, { cookie: c.paralegal })).json()).tasks as { id: number; rowVersion: number }[];
    const task = tasks[0]!;
    const res = await postForm(t, `/checklist-tasks/${task.id}`, c.paralegal!, { matterId: String(made.matter.id), rowVersion: String(task.rowVersion), status: 'in-progress', responsible: 'client', dueDate: '2025-02-30', note: '' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual([`task-${task.id}-due`]);
  });

  it('the admin user form', async () => {
    const res = await postForm(t, '/admin/users', c.admin!, { name: '', email: 'not-an-address', role: 'client', password: 'amber lantern valley 31' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['u-name', 'u-email']));
  });

  it('the password forms', async () => {
    const change = await postForm(t, '/account/password', c.paralegal!, { currentPassword: '', newPassword: 'short' });
    expect(change.status).toBe(400);
    expect(summaryLinks(await change.text())).toContain('currentPassword');
    const reset = await postForm(t, '/password/reset', '', { code: '', newPassword: 'short' });
    expect(reset.status).toBe(400);
    expect(summaryLinks(await reset.text())).toContain('code');
  });

  it('the portfolio and practice forms', async () => {
    const res = await postForm(t, '/portfolios/new', c.attorney!, { name: '', msoName: 'Platform MSO, LLC', msoEntityType: 'limited liability company', msoState: '' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['p-name', 'p-msoState']));

    const opened = await postForm(t, '/portfolios/new', c.attorney!, { name: 'Links Platform', msoName: 'Platform MSO, LLC', msoEntityType: 'limited liability company', msoState: 'TX' });
    expect(opened.status).toBe(303);
    const id = locationId(opened);
    const { msoName: _n, msoEntityType: _t, msoState: _s, msoAffiliates: _a, ...practice } = sampleMatter() as Record<string, unknown>;
    const refused = await postForm(t, `/portfolios/${id}/practices/new`, c.attorney!, { ...toFields(practice), peName: '' });
    expect(refused.status).toBe(400);
    expect(summaryLinks(await refused.text())).toContain('pr-peName');
  });

  it('the deadline renewal form on the dashboard', async () => {
    const made = await matterWithDocument(t, 'msa', { ...sample('msa'), handlesPhi: false });
    expect((await approve(t, c.attorney!, made.document.id, made.version)).status).toBe(200);
    const executed = await t.request(`/api/documents/${made.document.id}/status`, { method: 'POST', cookie: c.paralegal, json: { to: 'executed', executedOn: '2026-11-20' } });
    expect(executed.status).toBe(200);
    const list = (await (await t.request(`/api/deadlines?matterId=${made.matter.id}&status=all`, { cookie: c.paralegal })).json()) as { deadlines?: { id: number; kind: string }[]; items?: { id: number; kind: string }[] };
    const deadline = (list.deadlines ?? list.items ?? []).find((d) => d.kind === 'term-end');
    expect(deadline, 'a term-end deadline').toBeDefined();
    const res = await postForm(t, `/documents/${made.document.id}/renewal?withinDays=&kind=term-end&matterId=${made.matter.id}`, c.paralegal!, { deadlineId: String(deadline!.id), termMonths: '0', note: '' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual([`renew-${deadline!.id}`]);
  });

  it('the jurisdiction correction form (admin), one problem per line', async () => {
    const res = await postForm(t, '/admin/reference/jurisdictions/TX', c.admin!, { cpom: 'very-strong', percentFeeTreatment: 'allowed', percentFeeNotes: 'x', licensedOwnershipRule: 'x', minimumLicensedPct: '', notes: '', sources: '', citations: '', verification: 'secondary', reason: 'test' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(summaryLinks(html)).toEqual(expect.arrayContaining(['j-cpom', 'j-notes']));
    // Each problem its own line (they were one run-on item).
    const items = html.match(/<div class="errors" role="alert">[\s\S]*?<\/ul>/)![0].match(/<li>/g)!;
    expect(items.length).toBeGreaterThan(1);
  });

  it('the invite-a-client and tracking forms on the matter page', async () => {
    const made = await matterWithDocument(t, 'msa', sample('msa'));
    const invite = await postForm(t, `/matters/${made.matter.id}/clients`, c.attorney!, { name: '', email: 'not-an-email' });
    expect(invite.status).toBe(400);
    expect(summaryLinks(await invite.text())).toEqual(expect.arrayContaining(['invite-name', 'invite-email']));
    const matter = (await (await t.request(`/api/matters/${made.matter.id}`, { cookie: c.attorney })).json()).matter as { rowVersion: number };
    const tracking = await postForm(t, `/matters/${made.matter.id}/tracking`, c.paralegal!, { rowVersion: String(matter.rowVersion), trackingStatus: 'open', nextFollowUp: '2026-13-45', trackingNotes: '' });
    expect(tracking.status).toBe(400);
    expect(summaryLinks(await tracking.text())).toEqual(['t-follow']);
  });

  it('the API token form', async () => {
    const res = await postForm(t, '/account/tokens', c.paralegal!, { name: '', expiresInDays: '999' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['t-name', 't-days']));
  });

  it('the two-step sign-in page’s turn-off form', async () => {
    const cookie = await t.login('attorney2');
    await enrol(t, cookie);
    const res = await postForm(t, '/account/mfa/disable', cookie, { password: '', code: '' });
    expect(res.status).toBe(400);
    expect(summaryLinks(await res.text())).toEqual(expect.arrayContaining(['off-code']));
  });

  it('the clause publish form: a source that does not parse links to the source box', async () => {
    const res = await postForm(t, '/clauses/msa.clinical.reservation', c.attorney!, { source: 'no front matter here', note: 'try' });
    expect([400, 422]).toContain(res.status);
    expect(summaryLinks(await res.text())).toEqual(['clause-source']);
  });

  it('problems without a field, or whose field the page does not show, stay plain; sentences are unchanged', () => {
    const error = new AppError('validation_failed', 'Title: This is required. Nothing else.', { fields: [{ path: 'title', message: 'This is required.' }, { path: '(body)', message: 'Nothing else.' }] });
    const items = summaryItemsOf(error, (p) => (p === 'title' ? 'Title' : p));
    expect(items).toEqual([{ message: 'Title: This is required.', key: 'title' }, 'Nothing else.']);
    expect(linkSummary(items, (key) => (key === 'title' ? 'x-title' : undefined))).toEqual([{ message: 'Title: This is required.', field: 'x-title' }, 'Nothing else.']);
    expect(linkSummary(items, () => undefined)).toEqual(['Title: This is required.', 'Nothing else.']);
    // A message that is not the field sentences joined stays whole (tied to its field when it has one).
    expect(summaryItemsOf(error, undefined, undefined, 'Something else.')).toEqual(['Something else.']);
    expect(summaryItemsOf(new AppError('conflict', 'Changed meanwhile.'))).toEqual(['Changed meanwhile.']);
    expect(linkSummary('One sentence.', () => 'x')).toEqual(['One sentence.']);
  });
});
