import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { approve, matterWithDocument, sample } from '../helpers/documents.ts';
import { rollDeadlines } from '../../server/services/deadlines/roll.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
type Row = { id: number; kind: string; dueDate: string; status: string; taskId: number | null; nextReminder: string | null; document: { id: number }; matter: { id: number } };

let t: TestApp;
let attorney: string, paralegal: string, client: string, client2: string;

beforeAll(async () => {
  t = await makeTestApp();
  [attorney, paralegal, client, client2] = await Promise.all([t.login('attorney'), t.login('paralegal'), t.login('client'), t.login('client2')]);
});
afterAll(async () => t?.close());

const get = async (path: string, cookie = paralegal) => {
  const res = await t.request(path, { cookie });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
};
/** Every deadline the query lists, all pages (the list is keyset-paged, at most 100 a page). */
const deadlinesOf = (query: string, cookie = paralegal): Promise<Row[]> => allDeadlines<Row>(t, query, cookie);
const post = (path: string, json: unknown, cookie = paralegal) => t.request(path, { method: 'POST', cookie, json });

/** An executed MSA from the sample answers (effective 2027-01-01, 60 months, auto-renew 12, notice 180 days, FMV 2026-10-15). */
async function executedMsa(answers = sample('msa')) {
  const made = await matterWithDocument(t, 'msa', answers);
  expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
  expect((await post(`/api/documents/${made.document.id}/status`, { to: 'executed', executedOn: '2026-11-20' })).status).toBe(200);
  return made;
}

describe('deadlines of an executed MSA', () => {
  it('a draft or executable document has no deadlines; execution creates them, each saying what to do', async () => {
    const made = await matterWithDocument(t, 'msa');
    expect(await deadlinesOf(`matterId=${made.matter.id}`)).toEqual([]);
    expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
    expect(await deadlinesOf(`matterId=${made.matter.id}`)).toEqual([]);
    expect((await post(`/api/documents/${made.document.id}/status`, { to: 'executed', executedOn: '2026-11-20' })).status).toBe(200);
    const rows = await deadlinesOf(`matterId=${made.matter.id}`);
    expect(rows.map((r) => `${r.kind} ${r.dueDate}`)).toEqual(['fmv-review 2027-10-15', 'notice 2031-07-04', 'term-end 2031-12-31']);
    const full = (await get(`/api/deadlines?matterId=${made.matter.id}`)).deadlines[1];
    expect(full).toMatchObject({ kindLabel: 'Notice date', urgency: 'later', status: 'open', document: { id: made.document.id, kind: 'msa' }, matter: { id: made.matter.id } });
    expect(full.action).toMatch(/180 days before the term ends on 2031-12-31/);
    expect(full.basis).toMatch(/msa\.term\.renewal-auto/);
  });

  it('filters by window, kind, client and status; soonest first', async () => {
    const made = await executedMsa();
    const within = await deadlinesOf(`matterId=${made.matter.id}&withinDays=365`);
    expect(within.map((r) => r.kind)).toEqual(['fmv-review']);
    expect((await deadlinesOf(`matterId=${made.matter.id}&kind=term-end`)).map((r) => r.dueDate)).toEqual(['2031-12-31']);
    // The client of the matter is t.users.client: the clientId filter finds it, client2 finds nothing of it.
    expect((await deadlinesOf(`clientId=${t.users.client}&matterId=${made.matter.id}`)).length).toBe(3);
    expect(await deadlinesOf(`clientId=${t.users.client2}&matterId=${made.matter.id}`)).toEqual([]);
    const all = await deadlinesOf('withinDays=3660');
    expect(all.map((r) => r.dueDate)).toEqual([...all.map((r) => r.dueDate)].sort());
  });

  it('a client sees only their own matters’ deadlines; another client sees none of them', async () => {
    const made = await executedMsa();
    expect((await deadlinesOf(`matterId=${made.matter.id}`, client)).length).toBe(3);
    expect(await deadlinesOf(`matterId=${made.matter.id}`, client2)).toEqual([]);
    expect((await get('/api/deadlines', client2)).total).toBe(0);
  });

  it('dashboard counts by kind and urgency', async () => {
    const made = await executedMsa();
    const summary = await get(`/api/deadlines/summary?matterId=${made.matter.id}`);
    expect(summary).toMatchObject({ today: '2026-11-22', open: 3, byKind: { 'fmv-review': 1, notice: 1, 'term-end': 1, 'loc-maturity': 0 }, byUrgency: { overdue: 0, 'within-90': 0, later: 3 } });
  });

  it('marks a deadline handled; it leaves the open list, cannot be handled twice, and stays handled when recomputed', async () => {
    const made = await executedMsa();
    const [fmv] = await deadlinesOf(`matterId=${made.matter.id}&kind=fmv-review`);
    expect((await post(`/api/deadlines/${fmv!.id}/handled`, { note: 'x' }, client)).status).toBe(403);
    const res = await post(`/api/deadlines/${fmv!.id}/handled`, { note: 'Valuator’s review received.' });
    expect(res.status).toBe(200);
    expect((await res.json()).deadline).toMatchObject({ status: 'handled', handledBy: 'Pat Paralegal', handledNote: 'Valuator’s review received.', nextReminder: null });
    expect((await post(`/api/deadlines/${fmv!.id}/handled`, {})).status).toBe(409);
    expect((await deadlinesOf(`matterId=${made.matter.id}`)).map((r) => r.kind)).not.toContain('fmv-review');
    // A renewal recomputes every deadline of the document: the handled one keeps its state.
    expect((await post(`/api/documents/${made.document.id}/renewal`, {})).status).toBe(201);
    const handled = await deadlinesOf(`matterId=${made.matter.id}&status=handled`);
    expect(handled.map((r) => r.id)).toContain(fmv!.id);
  });

  it('an unknown or invisible deadline is 404; bad filters are 400 with a stable code', async () => {
    expect((await post('/api/deadlines/999999/handled', {})).status).toBe(404);
    for (const query of ['withinDays=-1', 'kind=birthday', 'status=maybe', 'unknown=1', 'matterId=abc']) {
      const res = await t.request(`/api/deadlines?${query}`, { cookie: paralegal });
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.code).toBe('validation_failed');
    }
    // The paging parameters are the lists' (test/lists/deadlines-api-paging.test.ts): a stable reason each.
    for (const [query, reason] of [['limit=0', 'invalid_limit'], ['limit=101', 'invalid_limit'], ['sort=soonest', 'unknown_sort'], ['cursor=abc', 'invalid_cursor'], ['offset=100', 'offset_not_supported']]) {
      const res = await t.request(`/api/deadlines?${query}`, { cookie: paralegal });
      expect(res.status, query).toBe(400);
      expect((await res.json()).error, query).toMatchObject({ code: 'bad_request', details: { reason } });
    }
  });
});

describe('renewals', () => {
  it('records a renewal: the next term starts the day after the current one, whose dates are marked handled', async () => {
    const made = await executedMsa();
    expect((await post(`/api/documents/${made.document.id}/renewal`, {}, client)).status).toBe(403);
    const res = await post(`/api/documents/${made.document.id}/renewal`, { note: 'Renewal letter signed.' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.term).toEqual({ start: '2032-01-01', end: '2032-12-31', months: 12, origin: 'recorded' });
    expect(body.document.status).toBe('renewed');
    const open = await deadlinesOf(`matterId=${made.matter.id}&kind=term-end`);
    expect(open.map((r) => r.dueDate)).toEqual(['2032-12-31']);
    expect((await deadlinesOf(`matterId=${made.matter.id}&kind=notice`)).map((r) => r.dueDate)).toEqual(['2032-07-04']);
    const handled = await deadlinesOf(`matterId=${made.matter.id}&status=handled`);
    expect(handled.map((r) => `${r.kind} ${r.dueDate}`).sort()).toEqual(['notice 2031-07-04', 'term-end 2031-12-31']);
    // A second renewal of 24 months follows the first.
    const again = await post(`/api/documents/${made.document.id}/renewal`, { termMonths: 24 });
    expect((await again.json()).term).toMatchObject({ start: '2033-01-01', end: '2034-12-31' });
  });

  it('refuses a renewal that starts before the latest term, a line of credit, and a draft', async () => {
    const made = await executedMsa();
    const early = await post(`/api/documents/${made.document.id}/renewal`, { termStart: '2026-12-01' });
    expect(early.status).toBe(400);
    expect((await early.json()).error.details.fields[0].path).toBe('termStart');
    const loc = await matterWithDocument(t, 'loc');
    expect((await post(`/api/documents/${loc.document.id}/renewal`, {})).status).toBe(409);
    const draft = await matterWithDocument(t, 'msa');
    const refused = await post(`/api/documents/${draft.document.id}/renewal`, {});
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.details.reason).toBe('invalid_transition');
  });

  it('terms that rolled over by themselves: the daily roll adds the new term and keeps the one just ended', async () => {
    const made = await executedMsa({ ...sample('msa'), effectiveDate: '2026-01-01', initialTermMonths: 12, nonRenewalNotice: { amount: 90, unit: 'days' }, fmvOpinionDate: '2025-12-01' });
    expect((await deadlinesOf(`matterId=${made.matter.id}&kind=term-end`)).map((r) => r.dueDate)).toEqual(['2026-12-31']);
    const rolled = await rollDeadlines(t.db, '2027-01-05', new Date('2027-01-05T12:00:00Z'));
    expect(rolled).toBeGreaterThanOrEqual(1);
    expect((await deadlinesOf(`matterId=${made.matter.id}&kind=term-end`)).map((r) => r.dueDate)).toEqual(['2026-12-31', '2027-12-31']);
    // Nothing to roll the same day again.
    expect(await rollDeadlines(t.db, '2027-01-05', new Date('2027-01-05T12:00:00Z'))).toBe(0);
  });

  it('a missed notice date stays listed as overdue long after the term rolled, until someone handles it', async () => {
    const made = await executedMsa({ ...sample('msa'), effectiveDate: '2026-01-01', initialTermMonths: 12, nonRenewalNotice: { amount: 90, unit: 'days' }, fmvOpinionDate: '2025-12-01' });
    const notices = async () => (await deadlinesOf(`matterId=${made.matter.id}&kind=notice&status=open`)).map((r) => r.dueDate);
    expect(await notices()).toContain('2026-10-02'); // missed already (today is 2026-11-22)
    // Half a year after the term it belonged to ended (well past any look-back), rolled twice on the way.
    await rollDeadlines(t.db, '2027-01-05', new Date('2027-01-05T12:00:00Z'));
    await rollDeadlines(t.db, '2027-06-30', new Date('2027-06-30T12:00:00Z'));
    expect(await notices()).toContain('2026-10-02');
    const missed = (await deadlinesOf(`matterId=${made.matter.id}&kind=notice&status=open`)).find((r) => r.dueDate === '2026-10-02')!;
    expect((await post(`/api/deadlines/${missed.id}/handled`, { note: 'Client chose to renew.' })).status).toBe(200);
    expect(await notices()).not.toContain('2026-10-02');
    // Handled stays handled: a later roll does not bring it back open.
    await rollDeadlines(t.db, '2027-12-31', new Date('2027-12-31T12:00:00Z'));
    expect(await notices()).not.toContain('2026-10-02');
    expect((await deadlinesOf(`matterId=${made.matter.id}&kind=notice&status=handled`)).map((r) => r.id)).toContain(missed.id);
  });

  it('ending an agreement removes its open deadlines and keeps the handled ones', async () => {
    const made = await executedMsa();
    const [fmv] = await deadlinesOf(`matterId=${made.matter.id}&kind=fmv-review`);
    await post(`/api/deadlines/${fmv!.id}/handled`, {});
    expect((await post(`/api/documents/${made.document.id}/status`, { to: 'terminated' }, attorney)).status).toBe(200);
    expect(await deadlinesOf(`matterId=${made.matter.id}`)).toEqual([]);
    expect((await deadlinesOf(`matterId=${made.matter.id}&status=handled`)).map((r) => r.id)).toEqual([fmv!.id]);
  });

  it('an amendment in force carries the dates; its parent’s open deadlines go', async () => {
    const made = await executedMsa();
    const answers = { ...sample('msa'), initialTermMonths: 36 };
    const res = await t.request(`/api/matters/${made.matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers, parentDocumentId: made.document.id, relation: 'amendment' } });
    const amendment = await res.json();
    expect((await approve(t, attorney, amendment.document.id, amendment.version)).status).toBe(200);
    expect((await post(`/api/documents/${amendment.document.id}/status`, { to: 'executed', executedOn: '2026-11-21' })).status).toBe(200);
    const rows = await deadlinesOf(`matterId=${made.matter.id}&kind=term-end`);
    expect(rows.map((r) => [r.document.id, r.dueDate])).toEqual([[amendment.document.id, '2029-12-31']]);
  });
});

describe('LOC deadlines', () => {
  it('maturity, end of the draw period, and monthly AFR re-checks for a demand loan', async () => {
    const answers = { ...sample('loc'), demandLoan: true };
    const made = await matterWithDocument(t, 'loc', answers);
    expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
    expect((await post(`/api/documents/${made.document.id}/status`, { to: 'executed', executedOn: '2026-11-20' })).status).toBe(200);
    const kinds = new Set((await deadlinesOf(`matterId=${made.matter.id}`)).map((r) => r.kind));
    expect(kinds).toEqual(new Set(['loc-maturity', 'draw-period-end', 'afr-recheck']));
  });
});

describe('formation-checklist tasks', () => {
  async function checklistMatter() {
    const made = await matterWithDocument(t, 'formation-checklist');
    const tasks = (await get(`/api/matters/${made.matter.id}/checklist`)).tasks;
    return { ...made, tasks };
  }

  it('every checklist item becomes a task with owner, due date and status, visible to the client', async () => {
    const { matter, tasks } = await checklistMatter();
    expect(tasks.length).toBeGreaterThan(5);
    // The sample answers mark the EIN item done (an attorney's override), but the entity it is for
    // is not formed yet: it cannot be done before its prerequisite, so it is in progress. The rest start not started.
    for (const task of tasks) {
      expect(task).toMatchObject({ status: task.itemId === 'pe.ein' ? 'in-progress' : 'not-started', rowVersion: 1, dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), responsible: expect.any(String) });
    }
    expect((await get(`/api/matters/${matter.id}/checklist`, client)).tasks.length).toBe(tasks.length);
    expect((await t.request(`/api/matters/${matter.id}/checklist`, { cookie: client2 })).status).toBe(404);
    // Tasks are deadlines too, open until done.
    expect((await deadlinesOf(`matterId=${matter.id}&kind=checklist-task`)).length).toBe(tasks.length);
    expect((await deadlinesOf(`matterId=${matter.id}&kind=checklist-task&status=handled`)).length).toBe(0);
  });

  it('a paralegal updates a task; done closes its deadline; a stale edit is 409 with nothing lost', async () => {
    const { matter, tasks } = await checklistMatter();
    const task = tasks[0];
    expect((await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: client, json: { rowVersion: 1, status: 'done' } })).status).toBe(403);
    const res = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: 1, status: 'done', responsible: 'client', dueDate: '2027-02-01', note: 'Filed.' } });
    expect(res.status).toBe(200);
    expect((await res.json()).task).toMatchObject({ status: 'done', responsible: 'client', dueDate: '2027-02-01', note: 'Filed.', rowVersion: 2, updatedBy: 'Pat Paralegal' });
    const stale = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: 1, status: 'in-progress' } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.details.rejected).toMatchObject({ status: 'in-progress' });
    const rows = await deadlinesOf(`matterId=${matter.id}&kind=checklist-task&status=all`);
    expect(rows.find((r) => r.taskId === task.id)).toMatchObject({ status: 'handled', dueDate: '2027-02-01' });
  });

  it('a new checklist version keeps what the paralegal recorded and moves untouched due dates', async () => {
    const { document, tasks } = await checklistMatter();
    const [first, second] = tasks;
    await t.request(`/api/checklist-tasks/${first.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: 1, status: 'in-progress', dueDate: '2027-03-03' } });
    const answers = { ...sample('formation-checklist'), targetOpeningDate: '2027-09-01' };
    const res = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers } });
    expect(res.status).toBe(201);
    const after = (await get(`/api/matters/${document.matterId ?? (await get(`/api/documents/${document.id}`)).document.matterId}/checklist`)).tasks;
    const a = after.find((x: { id: number }) => x.id === first.id);
    const b = after.find((x: { id: number }) => x.id === second.id);
    expect(a).toMatchObject({ status: 'in-progress', dueDate: '2027-03-03' });
    expect(b.dueDate).not.toBe(second.dueDate);
  });

  it('marking a task’s deadline handled completes the task', async () => {
    const { matter, tasks } = await checklistMatter();
    const rows = await deadlinesOf(`matterId=${matter.id}&kind=checklist-task`);
    const row = rows.find((r) => r.taskId === tasks[1].id)!;
    expect((await post(`/api/deadlines/${row.id}/handled`, { note: 'Done by phone.' })).status).toBe(200);
    const task = (await get(`/api/matters/${matter.id}/checklist`)).tasks.find((x: { id: number }) => x.id === tasks[1].id);
    expect(task).toMatchObject({ status: 'done', note: 'Done by phone.' });
  });
});

describe('reminder schedule', () => {
  it('defaults to 120/90/60/30/7 days; each user can set their own; the next reminder follows it', async () => {
    const made = await executedMsa();
    expect(await get('/api/deadlines/reminders', client)).toEqual({ daysBefore: [120, 90, 60, 30, 7] });
    const [fmv] = await deadlinesOf(`matterId=${made.matter.id}&kind=fmv-review`, client);
    // FMV review 2027-10-15; today 2026-11-22: the first reminder ahead is 120 days before.
    expect(fmv!.nextReminder).toBe('2027-06-17');
    for (const bad of [[], [400], [7, 7], [-1], Array.from({ length: 11 }, (_, i) => i + 1)]) {
      expect((await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: client, json: { daysBefore: bad } })).status, JSON.stringify(bad)).toBe(400);
    }
    const res = await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: client, json: { daysBefore: [14, 365] } });
    expect(await res.json()).toEqual({ daysBefore: [365, 14] });
    const [again] = await deadlinesOf(`matterId=${made.matter.id}&kind=fmv-review`, client);
    expect(again!.nextReminder).toBe('2027-10-01');
    expect(await get('/api/deadlines/reminders', client2)).toEqual({ daysBefore: [120, 90, 60, 30, 7] });
  });
});

describe('matters without documents', () => {
  it('a new matter has an empty checklist and no deadlines', async () => {
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter() });
    const { matter } = await res.json();
    expect((await get(`/api/matters/${matter.id}/checklist`)).tasks).toEqual([]);
    expect(await deadlinesOf(`matterId=${matter.id}`)).toEqual([]);
  });
});
