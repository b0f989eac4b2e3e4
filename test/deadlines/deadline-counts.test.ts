import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { approve, matterWithDocument, sample } from '../helpers/documents.ts';
import { rollDeadlines } from '../../server/services/deadlines/roll.ts';
import { daysBetween } from '../../server/services/deadlines/dates.ts';
import { URGENCIES, urgencyOf } from '../../server/services/deadlines/deadline-kinds.ts';
import { todayOf } from '../../server/services/context.ts';

/**
 * Issue 21: the dashboard's counts come from deadline_open_counts (migration 017), kept by
 * triggers on deadlines. After every kind of deadline write — documents executed (insert), a
 * deadline handled, a renewal recorded (recompute), days passing (roll), a checklist task done
 * and reopened, an agreement terminated (delete), and raw SQL writes — the table must equal a
 * fresh GROUP BY of the open deadlines, and the counts shown (API and page) a full recount.
 */

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney: string, paralegal: string;

beforeAll(async () => {
  t = await makeTestApp();
  [attorney, paralegal] = await Promise.all([t.login('attorney'), t.login('paralegal')]);
});
afterAll(async () => t?.close());

const post = (path: string, json: unknown, cookie = paralegal) => t.request(path, { method: 'POST', cookie, json });
const today = () => todayOf({ now: t.clock.now() });

async function executedMsa() {
  const made = await matterWithDocument(t, 'msa', sample('msa'));
  expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
  expect((await post(`/api/documents/${made.document.id}/status`, { to: 'executed', executedOn: '2026-11-20' })).status).toBe(200);
  return made;
}

/** The maintained table, and the same counts taken afresh from every open deadline. */
async function tableAndRecount() {
  const order = (rows: { due_date: string; kind: string; n: number }[]) => rows.map((r) => `${r.due_date} ${r.kind} ${r.n}`).sort();
  const table = await t.db.all<{ due_date: string; kind: string; n: number }>('SELECT due_date, kind, n FROM deadline_open_counts');
  const recount = await t.db.all<{ due_date: string; kind: string; n: number }>("SELECT due_date, kind, count(*) AS n FROM deadlines WHERE status = 'open' GROUP BY due_date, kind");
  return { table: order(table), recount: order(recount) };
}

/** The dashboard's numbers recounted in the test from every open deadline (urgencyOf on each). */
async function recountSummary(withinDays?: number) {
  const day = today();
  const rows = await t.db.all<{ due_date: string; kind: string }>("SELECT due_date, kind FROM deadlines WHERE status = 'open'");
  const byUrgency: Record<string, number> = Object.fromEntries(URGENCIES.map((u) => [u, 0]));
  const byKind: Record<string, number> = {};
  let open = 0;
  for (const row of rows) {
    const days = daysBetween(day, row.due_date);
    if (withinDays !== undefined && days > withinDays) continue;
    byUrgency[urgencyOf(days)]! += 1;
    byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
    open += 1;
  }
  return { open, byUrgency, byKind };
}

async function expectCountsExact(step: string) {
  const { table, recount } = await tableAndRecount();
  expect(table, `${step}: deadline_open_counts equals a fresh count`).toEqual(recount);
  for (const withinDays of [undefined, 90]) {
    const res = await t.request(`/api/deadlines/summary${withinDays === undefined ? '' : `?withinDays=${withinDays}`}`, { cookie: paralegal });
    expect(res.status).toBe(200);
    const shown = await res.json();
    const want = await recountSummary(withinDays);
    expect(shown.open, `${step}: open (within ${withinDays})`).toBe(want.open);
    expect(shown.byUrgency, `${step}: by urgency (within ${withinDays})`).toEqual(want.byUrgency);
    for (const [kind, n] of Object.entries(shown.byKind as Record<string, number>)) expect(n, `${step}: ${kind}`).toBe(want.byKind[kind] ?? 0);
    // The list's total (firm-wide open deadlines: also from the maintained counts) agrees.
    const list = await (await t.request(`/api/deadlines?limit=1${withinDays === undefined ? '' : `&withinDays=${withinDays}`}`, { cookie: paralegal })).json();
    expect(list.total, `${step}: list total (within ${withinDays})`).toBe(want.open);
  }
  // The page shows the same numbers, each a link to the list it counts.
  const html = await (await t.request('/deadlines', { cookie: paralegal })).text();
  const want = await recountSummary();
  for (const u of URGENCIES) {
    const shown = new RegExp(`<a href="/deadlines\\?urgency=${u}[^"]*"><strong>(\\d+)</strong>`).exec(html)?.[1];
    expect(Number(shown), `${step}: page count ${u}`).toBe(want.byUrgency[u]);
  }
  return want;
}

describe('the dashboard counts stay exact through every deadline write', () => {
  it('inserts, handles, renewals, rolls, task changes, terminations and raw SQL', async () => {
    expect((await expectCountsExact('empty')).open).toBe(0);

    const first = await executedMsa();
    const second = await executedMsa();
    expect((await expectCountsExact('two executed MSAs')).open).toBeGreaterThan(3);

    // Handled: leaves the open counts.
    const open = (await (await t.request(`/api/deadlines?matterId=${first.matter.id}`, { cookie: paralegal })).json()).deadlines as { id: number; kind: string }[];
    const before = (await recountSummary()).open;
    expect((await post(`/api/deadlines/${open[0]!.id}/handled`, { note: 'done' })).status).toBe(200);
    expect((await expectCountsExact('one handled')).open).toBe(before - 1);

    // A renewal recorded: the term's deadlines are recomputed (new due dates, new rows).
    expect((await post(`/api/documents/${second.document.id}/renewal`, { termMonths: 24 })).status).toBe(201);
    await expectCountsExact('renewal recorded');

    // A formation checklist: its tasks are deadlines; a task done is handled, reopened is open again.
    const checklist = await matterWithDocument(t, 'formation-checklist', sample('formation-checklist'));
    await expectCountsExact('checklist created');
    const tasks = (await (await t.request(`/api/matters/${checklist.matter.id}/checklist`, { cookie: paralegal })).json()).tasks as { id: number; rowVersion: number }[];
    expect(tasks.length).toBeGreaterThan(0);
    {
      const task = tasks[0]!;
      const done = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: task.rowVersion, status: 'done' } });
      expect(done.status).toBe(200);
      await expectCountsExact('task done');
      const again = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: paralegal, json: { rowVersion: task.rowVersion + 1, status: 'in-progress', dueDate: '2027-03-01' } });
      expect(again.status).toBe(200);
      await expectCountsExact('task reopened with a new due date');
    }

    // Days pass: deadlines fall overdue (the buckets move with today) and the daily roll moves rolling series.
    t.clock.advanceMinutes(60 * 24 * 400);
    [attorney, paralegal] = await Promise.all([t.login('attorney'), t.login('paralegal')]); // sessions expired meanwhile
    await expectCountsExact('400 days later, before the roll');
    const rolled = await rollDeadlines(t.db as Parameters<typeof rollDeadlines>[0], today(), t.clock.now());
    expect(rolled).toBeGreaterThan(0);
    await expectCountsExact('after the roll');

    // Terminated: its open deadlines are deleted.
    const terminated = await post(`/api/documents/${first.document.id}/status`, { to: 'terminated' }, attorney);
    expect(terminated.status, await terminated.clone().text()).toBe(200);
    await expectCountsExact('terminated');

    // Any writer, not only the services: raw updates of kind and due date, a reopen, a delete.
    const [row] = await t.db.all<{ id: number }>("SELECT id FROM deadlines WHERE status = 'open' ORDER BY id LIMIT 1");
    await t.db.transaction(async (tx) => {
      await tx.run("UPDATE deadlines SET due_date = '2020-01-01', kind = 'afr-recheck' WHERE id = ?", [row!.id]);
      await tx.run("UPDATE deadlines SET status = 'open', handled_by = NULL, handled_at = NULL WHERE status = 'handled'");
      await tx.run("UPDATE deadlines SET title = 'Renamed' WHERE id = ?", [row!.id]);
    });
    await expectCountsExact('raw updates');
    await t.db.transaction(async (tx) => {
      await tx.run('DELETE FROM deadlines WHERE id = ?', [row!.id]);
    });
    await expectCountsExact('raw delete');
  });
});
