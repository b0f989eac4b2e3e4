import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { postForm, toFields } from './helpers/web.ts';
import { plainMessage } from '../web/messages.ts';
import { pdfWith } from './helpers/hostile-files.ts';
import { addDays } from '../server/services/deadlines/dates.ts';
import { followOnce } from './helpers/one-time.ts';

/**
 * Issue 21, the pages of a firm's daily work: messages in words (never zod texts, field paths or
 * event codes), each beside its field; findings headlined by what is wrong; a questionnaire that
 * shows a fee model's fields only for that model and calls optional only what the checks agree is.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let admin = '';
let matterId = 0;
let documentId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  admin = await t.login('admin');
  matterId = made.matter.id;
  documentId = made.document.id;
});
afterAll(async () => t?.close());

const page = async (path: string, cookie = attorney) => (await t.request(path, { cookie })).text();
/** Leftovers of programs' messages that must never reach a page. */
const INTERNAL = [/Too small/, /Too big/, /expected (array|string|number)/, /answers\.\w/, /\(body\)/, /termMonths:/, /Invalid input/];

describe('plain-language messages', () => {
  it('zod texts become sentences', () => {
    expect(plainMessage('Too small: expected array to have >=1 items')).toBe('Choose at least one.');
    expect(plainMessage('Too small: expected string to have >=1 characters')).toBe('This is required.');
    expect(plainMessage('Too big: expected number to be <=120')).toBe('Must be at most 120.');
    expect(plainMessage('Invalid option: expected one of "a"|"b"')).toBe('Choose one of the options offered.');
    expect(plainMessage('must not list a service twice')).toBe('Must not list a service twice.');
  });

  it('a refused questionnaire names each question by its label, with the sentence beside the field', async () => {
    const answers = { ...sample('msa'), services: [], initialTermMonths: 'sixty' };
    const res = await postForm(t, `/matters/${matterId}/documents/new`, attorney, { kind: 'msa', ...toFields(answers), services: [] });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Initial term (months): Enter a number.');
    expect(html).toMatch(/id="f-initialTermMonths-error">Enter a number\.</);
    for (const leftover of INTERNAL) expect(html).not.toMatch(leftover);
  });

  it('a renewal term out of range is worded with its label, not the field name', async () => {
    const res = await postForm(t, `/documents/${documentId}/renewal`, attorney, { termMonths: '0', note: '' });
    const html = await res.text();
    expect(html).toContain('Renewal term (months): Must be at least 1.');
    for (const leftover of INTERNAL) expect(html).not.toMatch(leftover);
  });

  it('a jurisdiction change without a reason puts the error beside the reason box', async () => {
    const fields = { cpom: 'strong', percentFeeTreatment: 'unclear', percentFeeNotes: 'n', licensedOwnershipRule: 'r', notes: 'n', sources: 'https://example.org/x', citations: '', verification: 'secondary', reason: '' };
    const res = await postForm(t, '/admin/reference/jurisdictions/TX', admin, fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="j-reason-error">This is required.');
    expect(html).toContain('Reason for the change: This is required.');
    for (const leftover of INTERNAL) expect(html).not.toMatch(leftover);
  });

  it('a finding under an ERROR badge is headlined by the problem, with the rule checked after it', async () => {
    const made = await matterWithDocument(t, 'msa', { ...sample('msa'), initialTermMonths: 6 });
    const html = await page(`/documents/${made.document.id}`);
    expect(html).toMatch(/<span class="badge sev-error">ERROR<\/span> <strong>The initial term is 6 months; the safe harbor requires at least one year\.<\/strong>/);
    expect(html).toContain('Rule checked:');
  });

  it('clause choices and variant groups read as words', async () => {
    const html = await page(`/documents/${documentId}`);
    expect(html).not.toContain('Variant: ');
    expect(html).toMatch(/Fee model — which clause|Notices — which clause/);
  });

  it('the matter’s audit trail says who did what to which document, without codes or hashes', async () => {
    const html = await page(`/matters/${matterId}`);
    const trail = html.slice(html.indexOf('id="audit"'));
    expect(trail).toContain('opened the matter');
    expect(trail).toMatch(/started “Management Services Agreement”/);
    expect(trail).not.toMatch(/version\.created|document\.created|sha256|[0-9a-f]{64}|\{"/);
  });
});

describe('the questionnaire', () => {
  it('marks each fee model’s fields with the model they belong to (hidden by script, visible without)', async () => {
    const html = await page(`/matters/${matterId}/documents/new?kind=msa`);
    expect(html).toMatch(/<div class="conditional" data-show-when="feeModel=per-provider"><p class="help">Only when the fee model is per provider\.<\/p>/);
    expect(html).toContain('data-show-when="feeModel=percent-collections"');
    // Script hides them, but the page itself never does: without script every field is reachable.
    expect(html).not.toMatch(/data-show-when="[^"]*" hidden/);
  });

  it('labels "(optional)" only fields the checks do not require', async () => {
    const html = await page(`/matters/${matterId}/documents/new?kind=msa`);
    // The always-included FMV clause prints the valuator: a blank one is an error finding.
    expect(html).toMatch(/<label for="f-fmvValuator">Independent valuator<\/label>/);
    expect(html).toMatch(/<label for="f-msoCounselAddress">Copy of notices to the MSO’s counsel \(optional\)<\/label>/);
    expect(html).toMatch(/<label for="f-perProviderFee">Fee per full-time provider per month \(USD\)<\/label>/);
  });
});

describe('editing a matter', () => {
  it('an attorney edits the parties and people on the matter page’s edit form; the change is audited', async () => {
    const made = await matterWithDocument(t);
    const form = await page(`/matters/${made.matter.id}/edit`);
    expect(form).toContain('value="Lone Star MSO / Bluebonnet Physicians"');
    expect(form).toContain(`<a href="/matters/${made.matter.id}#invite-client">invite them from the matter page</a>`);
    expect(form).toMatch(/Other accounts \(staff\) are made by your firm’s administrator \(Ada Admin\)/);
    const current = (await (await t.request(`/api/matters/${made.matter.id}`, { cookie: attorney })).json()).matter;
    const fields = { rowVersion: String(current.rowVersion), ...toFields({ ...sampleMatter(), peName: 'Bluebonnet Physicians II, PLLC', clientUserIds: [t.users.client, t.users.client2] }) };
    const res = await postForm(t, `/matters/${made.matter.id}/edit`, attorney, fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/matters/${made.matter.id}?msg=matter-updated`);
    const after = (await (await t.request(`/api/matters/${made.matter.id}`, { cookie: attorney })).json()).matter;
    expect(after.peName).toBe('Bluebonnet Physicians II, PLLC');
    expect(after.clientUserIds).toEqual(expect.arrayContaining([t.users.client, t.users.client2]));
    expect(after.staffUserIds).toEqual(current.staffUserIds);
    const shown = await page(`/matters/${made.matter.id}?msg=matter-updated`);
    expect(shown).toContain('Matter saved.');
    expect(shown).toMatch(/changed the matter’s pe name, client user ids/);
    // The second client now sees it.
    expect((await t.request(`/matters/${made.matter.id}`, { cookie: await t.login('client2') })).status).toBe(200);

    // A stale edit is refused and loses nothing: the form comes back with what was entered.
    const stale = await postForm(t, `/matters/${made.matter.id}/edit`, attorney, { ...fields, peName: 'Third Name PLLC' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('value="Third Name PLLC"');
    expect(html).toContain('Someone else changed this matter');
  });

  it('a refused edit names the field beside it; paralegals and clients cannot edit', async () => {
    const made = await matterWithDocument(t);
    const current = (await (await t.request(`/api/matters/${made.matter.id}`, { cookie: attorney })).json()).matter;
    const res = await postForm(t, `/matters/${made.matter.id}/edit`, attorney, { rowVersion: String(current.rowVersion), ...toFields({ ...sampleMatter(), peName: '' }) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="m-peName-error"');
    expect(html).toMatch(/Professional entity legal name: This is required\./);
    for (const leftover of INTERNAL) expect(html).not.toMatch(leftover);
    expect((await t.request(`/matters/${made.matter.id}/edit`, { cookie: await t.login('paralegal') })).status).toBe(403);
    expect((await postForm(t, `/matters/${made.matter.id}/edit`, await t.login('client'), { rowVersion: '1', peName: 'x' })).status).toBe(403);
  });
});

describe('the deadlines dashboard at a firm’s scale', () => {
  let paralegal = '';
  beforeAll(async () => {
    paralegal = await t.login('paralegal');
    const made = await matterWithDocument(t);
    const version = (await (await t.request(`/api/documents/${made.document.id}/versions`, { cookie: attorney })).json()).versions.at(-1);
    expect((await approve(t, attorney, made.document.id, version)).status).toBe(200);
    expect((await t.request(`/api/documents/${made.document.id}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-11-20' } })).status).toBe(200);
    // Forty more open deadlines, one a day from today, and one handled long ago (overdue when it was handled).
    const row = (await t.db.get<{ id: number }>('SELECT id FROM deadlines WHERE document_id = ? ORDER BY id LIMIT 1', [made.document.id]))!;
    await t.db.transaction(async (tx) => {
    for (let i = 0; i < 40; i++) {
      await tx.run(
        `INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
         SELECT document_id, matter_id, kind, ?, ?, ?, action, basis, 'open', created_at, updated_at FROM deadlines WHERE id = ?`,
        [`synthetic-${i}`, addDays('2026-11-22', i), `Synthetic ${i}`, row.id],
      );
    }
    await tx.run(
      `INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, handled_by, handled_at, handled_note, created_at, updated_at)
       SELECT document_id, matter_id, kind, 'synthetic-handled', '2026-08-30', 'Handled long ago', action, basis, 'handled', ?, '2026-11-23T02:00:00.000Z', 'Done.', created_at, updated_at FROM deadlines WHERE id = ?`,
      [t.users.paralegal, row.id],
    );
    });
  });

  it('pages the list 25 rows at a time (keyset cursors), keeping the filters in the page links', async () => {
    const first = await page('/deadlines?withinDays=365', paralegal);
    const total = Number(/(\d+) deadlines, 25 on this page/.exec(first)?.[1]);
    expect(total).toBeGreaterThan(40);
    const next = /href="(\/deadlines\?withinDays=365&amp;cursor=[A-Za-z0-9_-]+)" rel="next"/.exec(first)?.[1];
    expect(next).toBeTruthy();
    const second = await page(next!.replaceAll('&amp;', '&'), paralegal);
    expect(second).toContain(`${total} deadlines, ${Math.min(25, total - 25)} on this page`);
    expect(second).toMatch(/href="\/deadlines\?withinDays=365&amp;cursor=[A-Za-z0-9_-]+" rel="prev"/);
    expect(second).toContain('<a href="/deadlines?withinDays=365">First page</a>');
    // No row is on both pages.
    const ids = (html: string) => [...html.matchAll(/<tr id="deadline-(\d+)">/g)].map((m) => m[1]);
    expect(ids(first)).toHaveLength(25);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
  });

  it('searches the list on the server; a tampered page link is ignored with a notice', async () => {
    // By the document's short id (in any case): only that document's deadlines, though other documents have some.
    const doc = (await t.db.get<{ id: number; short_id: string }>("SELECT id, short_id FROM documents WHERE id = (SELECT document_id FROM deadlines WHERE key = 'synthetic-0')"))!;
    const documentsOf = (html: string) => [...html.matchAll(/<br\/><a href="\/documents\/(\d+)">/g)].map((m) => Number(m[1]));
    const other = (await t.db.get<{ id: number; matter_id: number }>('SELECT id, matter_id FROM documents WHERE id <> ? ORDER BY id LIMIT 1', [doc.id]))!;
    await t.db.transaction((tx) =>
      tx.run(
        `INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
         VALUES (?, ?, 'fmv-review', 'search-other', '2036-01-01', 'Another document’s', 'Do it.', 'Test', 'open', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
        [other.id, other.matter_id],
      ),
    );
    const everything = await page('/deadlines?withinDays=3650&dir=desc', paralegal);
    expect(documentsOf(everything)[0]).toBe(other.id);
    const found = await page(`/deadlines?withinDays=3650&dir=desc&q=${doc.short_id.toLowerCase()}`, paralegal);
    expect(documentsOf(found)).toHaveLength(25);
    expect(documentsOf(found).every((id) => id === doc.id)).toBe(true);
    expect(found).toContain('25 deadlines on this page');
    expect(await page('/deadlines?withinDays=3650&q=synthetic+no-such-word', paralegal)).toContain('No deadlines');
    const bad = await page('/deadlines?withinDays=365&cursor=not-a-cursor', paralegal);
    expect(bad).toContain('That page link is not valid');
    expect(bad).toMatch(/(\d+) deadlines, 25 on this page/);
  });

  it('sorts by the order chosen', async () => {
    const latest = await page('/deadlines?withinDays=365&sort=due&dir=desc', paralegal);
    const soonest = await page('/deadlines?withinDays=365&sort=due', paralegal);
    const firstDue = (html: string) => /<strong class="nowrap">(\d{4}-\d{2}-\d{2})<\/strong>/.exec(html)?.[1] ?? '';
    expect(firstDue(latest) > firstDue(soonest)).toBe(true);
    expect(latest).toMatch(/<option value="desc" selected="">Descending \(latest first, Z–A\)<\/option>/);
    // A link from before keyset paging (sort=due-desc) still means latest first.
    expect(firstDue(await page('/deadlines?withinDays=365&sort=due-desc', paralegal))).toBe(firstDue(latest));
  });

  it('counts are links to the list they count', async () => {
    const html = await page('/deadlines', paralegal);
    expect(html).toMatch(/<a href="\/deadlines\?urgency=within-7"><strong>\d+<\/strong> within 7 days<\/a>/);
    const week = await page('/deadlines?urgency=within-7', paralegal);
    const count = Number(/<a href="\/deadlines\?urgency=within-7"><strong>(\d+)<\/strong>/.exec(html)?.[1]);
    expect(count).toBeGreaterThan(1);
    expect(week).toContain(`${count} deadlines · today is`);
    expect([...week.matchAll(/<tr id="deadline-/g)]).toHaveLength(Math.min(count, 25));
    expect(html).toMatch(/<a href="\/deadlines\?kind=[a-z-]+"><strong>\d+<\/strong>/);
  });

  it('after marking a deadline handled, the dashboard returns to its row (same filters), not the top', async () => {
    const { id } = (await t.db.get<{ id: number }>("SELECT id FROM deadlines WHERE key = 'synthetic-3'"))!;
    const res = await postForm(t, `/deadlines/${id}/handled?status=all&withinDays=365`, paralegal, { note: 'Sent.' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/deadlines\\?.*msg=handled#deadline-${id}$`));
    expect(location).toContain('status=all');
    const html = await page(location.replace(/#.*/, ''), paralegal);
    expect(html).toContain(`<tr id="deadline-${id}">`);
    expect(html).toContain('Deadline marked handled.');
  });

  it('a handled deadline looks handled, dated in the firm’s time zone', async () => {
    const html = await page('/deadlines?status=handled&withinDays=', paralegal);
    const row = html.slice(html.indexOf('2026-08-30'), html.indexOf('Handled long ago') + 400);
    expect(row).toContain('handled');
    expect(html).not.toMatch(/2026-08-30<\/strong><br\/><span class="small">\d+ days overdue/);
    // Handled at 02:00 UTC on 23 November: 22 November in New York, the firm's zone.
    expect(html).toContain('Handled 2026-11-22 by Pat Paralegal');
  });

  it('a new calendar link is shown at the top with a copy button and a message', async () => {
    // The post answers 303; the dashboard it leads to shows the link once (web/one-time.ts).
    const { html } = await followOnce(t, await postForm(t, '/calendar/link?withinDays=30', paralegal, {}), paralegal);
    const link = html.indexOf('id="new-calendar-link"');
    expect(link).toBeGreaterThan(0);
    expect(link).toBeLessThan(html.indexOf('Open deadlines by urgency'));
    expect(html).toContain('Your new calendar link is ready.');
    expect(html).toMatch(/<button type="button" class="secondary" data-copy="calendar-url" hidden="">Copy link<\/button>/);
  });
});

describe('times in the firm’s time zone', () => {
  it('the audit trail shows each time in the firm’s zone, named', async () => {
    const html = await page(`/matters/${matterId}`);
    // The test clock is 15:00 UTC on 22 November: 10:00 in New York.
    expect(html).toContain('2026-11-22 10:00 EST');
  });
});

describe('the drafting page', () => {
  it('keeps the live panel in a side panel that stays in view (sticky on wide screens)', async () => {
    const html = await page(`/documents/${documentId}`);
    expect(html).toMatch(/<aside class="side-panel" aria-label="Compliance checks" tabindex="0"><section class="card live"/);
    const css = await (await t.request('/assets/app.css')).text();
    expect(css).toMatch(/\.cols > \.side-panel \{ position: sticky;/);
    // Narrow screens: a summary bar at the top of the form leads to the findings.
    expect(html).toContain('<a href="#live-heading" id="live-summary">');
    expect(css).toMatch(/@media \(max-width: 860px\) \{ \.live-summary \{ display: block; position: sticky;/);
  });

  it('a new line of credit starts from the matter’s MSA: signatories, the fee it funds, the date', async () => {
    const msa = sample('msa');
    const html = await page(`/matters/${matterId}/documents/new?kind=loc`);
    expect(html).toContain('Started from “Management Services Agreement” (version 1)');
    expect(html).toContain(`id="f-lenderSignatory-name" name="lenderSignatory.name" value="${msa.msoSignatory.name}"`);
    expect(html).toContain(`id="f-borrowerSignatory-name" name="borrowerSignatory.name" value="${msa.practiceSignatory.name}"`);
    expect(html).toContain(`id="f-projectedMonthlyMsaFees" name="projectedMonthlyMsaFees" value="${msa.monthlyFee}"`);
    // The sample answers stay available, and a matter without an MSA starts blank.
    expect(await page(`/matters/${matterId}/documents/new?kind=loc&sample=1`)).not.toContain('Started from');
  });
});

describe('execution and the signed copy', () => {
  let paralegal = '';
  let executedId = 0;
  beforeAll(async () => {
    paralegal = await t.login('paralegal');
    const made = await matterWithDocument(t);
    executedId = made.document.id;
    expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
  });

  it('refuses a date signed after today, on the API (stable reason) and the form, and shows the date once recorded', async () => {
    const api = await t.request(`/api/documents/${executedId}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-11-23' } });
    expect(api.status).toBe(422);
    const body = await api.json();
    expect(body.error.details.reason).toBe('execution_date_in_future');
    expect(body.error.details.fields[0].path).toBe('executedOn');
    const form = await page(`/documents/${executedId}`, paralegal);
    expect(form).toMatch(/<input type="date" id="executed-on" name="executedOn" value="" required="" max="2026-11-22"/);
    const web = await postForm(t, `/documents/${executedId}/status`, paralegal, { to: 'executed', executedOn: '2027-01-05' });
    expect(web.status).toBe(422);
    expect(await web.text()).toContain('The date signed (2027-01-05) is after today (2026-11-22)');
    expect((await postForm(t, `/documents/${executedId}/status`, paralegal, { to: 'executed', executedOn: '2026-11-22' })).status).toBe(303);
    expect(await page(`/documents/${executedId}`, paralegal)).toContain('executed version 1, signed 2026-11-22');
    const matterHtml = await page(`/matters/${(await (await t.request(`/api/documents/${executedId}`, { cookie: attorney })).json()).document.matterId}`);
    expect(matterHtml).toContain('signed 2026-11-22');
  });

  it('uploads the signed copy on its page, lists it and downloads exactly its bytes; replacing needs a reason', async () => {
    const bytes = pdfWith('% signed in the web\n');
    const upload = (file: Buffer | null, reason?: string) => {
      const form = new FormData();
      if (file) form.append('file', new Blob([new Uint8Array(file)]), 'signed.pdf');
      if (reason !== undefined) form.append('reason', reason);
      return t.request(`/documents/${executedId}/signed-copy`, { method: 'POST', cookie: paralegal, body: form });
    };
    const emptyPage = await page(`/documents/${executedId}/signed-copy`, paralegal);
    expect(emptyPage).toContain('No signed copy uploaded yet.');
    expect(emptyPage).toContain('enctype="multipart/form-data"');
    expect((await upload(null)).status).toBe(400);
    const stored = await upload(bytes);
    expect(stored.status).toBe(303);
    expect(stored.headers.get('location')).toBe(`/documents/${executedId}/signed-copy?msg=signed-copy`);
    const listed = await page(`/documents/${executedId}/signed-copy?msg=signed-copy`, paralegal);
    expect(listed).toContain('Signed copy stored');
    const href = /href="(\/documents\/\d+\/signed-copies\/\d+\/download)">Download PDF/.exec(listed)?.[1];
    expect(href).toBeTruthy();
    const file = await t.request(href!, { cookie: paralegal });
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    // A second file without a reason is refused with the reason asked for; the page says so.
    const again = await upload(pdfWith('% corrected\n'));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('give a reason to replace it');
    expect((await upload(pdfWith('% corrected\n'), 'The first scan missed a page.')).status).toBe(303);
    expect(await page(`/documents/${executedId}/signed-copy`, paralegal)).toContain('replaced the earlier copy because: The first scan missed a page.');
    // Clients have no upload page.
    expect((await t.request(`/documents/${executedId}/signed-copy`, { cookie: await t.login('client') })).status).toBe(403);
  });
});

describe('the checklist', () => {
  it('changes the status of several tasks at once, each audited; a stale one is named, not lost; a save returns to its task', async () => {
    const paralegal = await t.login('paralegal');
    const made = await matterWithDocument(t, 'formation-checklist');
    const list = async () => (await (await t.request(`/api/matters/${made.matter.id}/checklist`, { cookie: paralegal })).json()).tasks as { id: number; rowVersion: number; status: string }[];
    const [a, b, c] = await list();
    const html = await page(`/matters/${made.matter.id}/checklist`, paralegal);
    expect(html).toContain('id="bulk-tasks"');
    expect(html).toContain(`form="bulk-tasks" name="tasks" value="${a!.id}:${a!.rowVersion}"`);
    const res = await postForm(t, `/matters/${made.matter.id}/checklist/bulk`, paralegal, { tasks: [`${a!.id}:${a!.rowVersion}`, `${b!.id}:${b!.rowVersion}`], status: 'done' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/matters/${made.matter.id}/checklist?msg=tasks`);
    const after = await list();
    expect(after.filter((x) => x.status === 'done').map((x) => x.id).sort()).toEqual([a!.id, b!.id].sort());
    // Ticks read before that change are stale for a: it is named; c is still saved.
    const stale = await postForm(t, `/matters/${made.matter.id}/checklist/bulk`, paralegal, { tasks: [`${a!.id}:${a!.rowVersion}`, `${c!.id}:${c!.rowVersion}`], status: 'in-progress' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(new RegExp(`Task ${a!.id}: `));
    expect((await list()).find((x) => x.id === c!.id)!.status).toBe('in-progress');
    // Nothing ticked: said plainly.
    expect(await (await postForm(t, `/matters/${made.matter.id}/checklist/bulk`, paralegal, { status: 'done' })).text()).toContain('Tick at least one task');
    // A single save returns to its row.
    const fresh = (await list()).find((x) => x.id === c!.id)!;
    const one = await postForm(t, `/checklist-tasks/${c!.id}`, paralegal, { matterId: String(made.matter.id), rowVersion: String(fresh.rowVersion), status: 'done' });
    expect(one.headers.get('location')).toBe(`/matters/${made.matter.id}/checklist?msg=task#task-${c!.id}`);
    expect(await page(`/matters/${made.matter.id}/checklist`, paralegal)).toContain(`id="task-${c!.id}"`);
    // Clients cannot.
    expect((await postForm(t, `/matters/${made.matter.id}/checklist/bulk`, await t.login('client'), { tasks: `${c!.id}:1`, status: 'done' })).status).toBe(403);
  });
});

/** The sample MSA without its valuator: a blank the checks report. */
const withoutValuator = () => Object.fromEntries(Object.entries(sample('msa') as Record<string, unknown>).filter(([k]) => k !== 'fmvValuator'));

describe('jumping from a finding to its question (drafting page)', () => {
  it('a finding about a blank answer links to that question’s anchor, and every link points at a question on the page', async () => {
    const res = await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: withoutValuator() } });
    expect(res.status).toBe(201);
    const { document } = await res.json();
    const html = await page(`/documents/${document.id}`);
    expect(html).toMatch(/“Independent valuator” is blank\.<\/strong>[\s\S]*?<a href="#f-fmvValuator" class="jump-to-field" data-jump="f-fmvValuator">Go to the question<\/a>/);
    // The anchor is the question itself.
    expect(html).toContain('id="f-fmvValuator"');
    // Every link points at a question on the page.
    const targets = [...html.matchAll(/data-jump="([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(0);
    for (const id of targets) expect(html).toContain(`id="${id}"`);
    // The stored report names the field for API readers too.
    const version = (await (await t.request(`/api/documents/${document.id}/versions/1`, { cookie: attorney })).json()).version;
    expect(version.compliance.findings).toContainEqual(expect.objectContaining({ ruleId: 'document.required-fields', field: 'fmvValuator' }));
  });
});
