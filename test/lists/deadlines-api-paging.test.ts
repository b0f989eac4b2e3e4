import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { sample } from '../helpers/documents.ts';
import { addDays } from '../../server/services/deadlines/dates.ts';

/**
 * Issue 21: `GET /api/deadlines` is searched, sorted and keyset-paged like the other API lists
 * (q, sort, dir, limit, cursor; nextCursor and prevCursor), with the deadlines' own filters, and
 * served by pageDeadlines. Walking nextCursor — and back with prevCursor — gives every deadline
 * once, in the order asked; a search finds a matter's title word; a client sees only their
 * matters' deadlines and only the fields a client may see; mistakes are 400 with a stable reason.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
type Row = { id: number; dueDate: string; status: string; handledNote?: string; matter: { id: number; title: string } };
type Body = { today: string; total: number | null; deadlines: Row[]; nextCursor: string | null; prevCursor: string | null };

let t: TestApp;
let paralegal = '';
let client = '';
let client2 = '';
/** Every deadline made here: id, matter, its title, due date, status. */
const made: { id: number; matterId: number; matter: string; due: string; status: 'open' | 'handled' }[] = [];
/** Titles with ties in their words: "Clinic" is in two; "Zephyr" in one (client2's). */
const MATTERS = [
  { title: 'Beta Clinic Partners', client: 'client' },
  { title: 'Alpha Clinic Group', client: 'client' },
  { title: 'Zephyr Surgical Associates', client: 'client2' },
] as const;
const PER_MATTER = 10;

beforeAll(async () => {
  t = await makeTestApp();
  const attorney = await t.login('attorney');
  [paralegal, client, client2] = await Promise.all([t.login('paralegal'), t.login('client'), t.login('client2')]);
  for (const [n, m] of MATTERS.entries()) {
    const matterRes = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter({ title: m.title }), clientUserIds: [t.users[m.client]] } });
    expect(matterRes.status).toBe(201);
    const matter = (await matterRes.json()).matter as { id: number };
    const docRes = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: sample('msa') } });
    expect(docRes.status).toBe(201);
    const { document } = await docRes.json();
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < PER_MATTER; i++) {
        // Several deadlines share a day, within and across matters, so ties are broken by id.
        const due = addDays('2026-12-01', (i * 5 + n * 3) % 21);
        // One handled deadline per matter, with the paralegal's note a client must never see.
        const handled = i === PER_MATTER - 1;
        await tx.run(
          `INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, handled_by, handled_at, handled_note, created_at, updated_at)
           VALUES (?, ?, 'fmv-review', ?, ?, ?, 'Do it.', 'Test', ?, ?, ?, ?, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
          [document.id, matter.id, `paged-${i}`, due, `Paged ${n}-${i}`, handled ? 'handled' : 'open', handled ? t.users.paralegal : null, handled ? '2026-11-20T00:00:00.000Z' : null, handled ? 'INTERNAL: called the bank' : ''],
        );
      }
    });
    for (const row of await t.db.all<{ id: number; due_date: string; status: 'open' | 'handled' }>("SELECT id, due_date, status FROM deadlines WHERE matter_id = ? AND key LIKE 'paged-%'", [matter.id])) {
      made.push({ id: row.id, matterId: matter.id, matter: m.title, due: row.due_date, status: row.status });
    }
  }
}, 300_000);
afterAll(async () => t?.close());

const get = async (query: string, cookie = paralegal): Promise<Body> => {
  const res = await t.request(`/api/deadlines?${query}`, { cookie });
  expect(res.status, `${query}: ${await res.clone().text()}`).toBe(200);
  return res.json();
};

/** Follows nextCursor from the first page, then prevCursor back from the last; returns both walks' pages of ids. */
async function walk(params: Record<string, string>, cookie = paralegal) {
  const base = new URLSearchParams(params).toString();
  const forward: number[][] = [];
  let body = await get(base, cookie);
  const first = body;
  for (let n = 0; ; n++) {
    expect(n, 'the walk ends').toBeLessThan(50);
    forward.push(body.deadlines.map((d) => d.id));
    if (!body.nextCursor) break;
    body = await get(`${base}&cursor=${body.nextCursor}`, cookie);
  }
  const backward: number[][] = [];
  while (body.prevCursor) {
    expect(backward.length, 'the walk back ends').toBeLessThan(50);
    body = await get(`${base}&cursor=${body.prevCursor}`, cookie);
    backward.unshift(body.deadlines.map((d) => d.id));
  }
  return { forward, backward, first };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const order = (rows: typeof made, key: (m: (typeof made)[number]) => (string | number)[], dir: 1 | -1) =>
  [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) if (cmp(ka[i]!, kb[i]!) !== 0) return dir * cmp(ka[i]!, kb[i]!);
      return 0;
    })
    .map((m) => m.id);
/** The open ones (made in beforeAll, so read when a test runs). */
const openOnes = () => made.filter((m) => m.status === 'open');

describe('GET /api/deadlines, keyset-paged', () => {
  it('walks every open deadline once by due date (ties by id), and back with prevCursor to the same pages', async () => {
    const { forward, backward, first } = await walk({ limit: '7' });
    expect(forward.flat()).toEqual(order(openOnes(), (m) => [m.due, m.id], 1));
    expect(forward.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(backward).toEqual(forward.slice(0, -1));
    expect(first.prevCursor).toBeNull();
    expect(first.total).toBe(openOnes().length);
    expect(first.today).toBe('2026-11-22');
  });

  it('walks every deadline (all statuses) by matter title, then due date, both ways; and latest first', async () => {
    const { forward, backward, first } = await walk({ sort: 'matter', status: 'all', limit: '4' });
    expect(forward.flat()).toEqual(order(made, (m) => [m.matter, m.due, m.id], 1));
    expect(backward).toEqual(forward.slice(0, -1));
    // Every status for one who sees every matter: no count (a pass over the firm's deadlines).
    expect(first.total).toBeNull();
    const desc = await walk({ sort: 'matter', dir: 'desc', status: 'all', limit: '6' });
    expect(desc.forward.flat()).toEqual(order(made, (m) => [m.matter, m.due, m.id], -1));
    expect(desc.backward).toEqual(desc.forward.slice(0, -1));
    // The older API's sort=due-desc is the due sort, latest first; its cursors page on.
    const latest = await walk({ sort: 'due-desc', limit: '9' });
    expect(latest.forward.flat()).toEqual(order(openOnes(), (m) => [m.due, m.id], -1));
    expect(latest.backward).toEqual(latest.forward.slice(0, -1));
  });

  it('keeps the filters: one matter, a window, handled ones; the total counts that matter’s', async () => {
    const zephyr = made.filter((m) => m.matter.startsWith('Zephyr'));
    const matterId = zephyr[0]!.matterId;
    const one = await walk({ matterId: String(matterId), status: 'all', limit: '3' });
    expect(one.forward.flat()).toEqual(order(zephyr, (m) => [m.due, m.id], 1));
    expect(one.first.total).toBe(zephyr.length);
    const window = await get('withinDays=14&includeOverdue=false&limit=100');
    expect(window.deadlines.map((d) => d.id)).toEqual(order(openOnes().filter((m) => m.due <= '2026-12-06'), (m) => [m.due, m.id], 1));
    const handled = await get('status=handled&limit=100');
    expect(handled.deadlines.map((d) => d.id).sort()).toEqual(made.filter((m) => m.status === 'handled').map((m) => m.id).sort());
  });

  it('searches the matter’s title: every word must appear; the total is null; a search walks its own pages', async () => {
    const zephyr = await walk({ q: 'zephyr', limit: '4' });
    expect(zephyr.forward.flat()).toEqual(order(openOnes().filter((m) => m.matter.startsWith('Zephyr')), (m) => [m.due, m.id], 1));
    expect(zephyr.backward).toEqual(zephyr.forward.slice(0, -1));
    expect(zephyr.first.total).toBeNull();
    const clinics = await walk({ q: 'CLINIC', sort: 'matter', limit: '5' });
    expect(clinics.forward.flat()).toEqual(order(openOnes().filter((m) => m.matter.includes('Clinic')), (m) => [m.matter, m.due, m.id], 1));
    expect((await get('q=alpha%20clinic&limit=100')).deadlines.every((d) => d.matter.title === 'Alpha Clinic Group')).toBe(true);
    expect((await get('q=alpha%20zephyr')).deadlines).toEqual([]);
    // % and _ match themselves, not everything.
    expect((await get('q=%25')).deadlines).toEqual([]);
  });

  it('a client walks only their own matters’ deadlines, without the paralegal’s note; another client only theirs', async () => {
    const mine = made.filter((m) => m.matter.includes('Clinic'));
    const walked = await walk({ status: 'all', limit: '6' }, client);
    expect(walked.forward.flat()).toEqual(order(mine, (m) => [m.due, m.id], 1));
    expect(walked.backward).toEqual(walked.forward.slice(0, -1));
    expect(walked.first.total).toBe(mine.length);
    const handled = await get('status=handled&limit=100', client);
    expect(handled.deadlines.length).toBe(2);
    for (const d of handled.deadlines) expect(d).not.toHaveProperty('handledNote');
    expect(JSON.stringify(handled)).not.toContain('INTERNAL');
    // Staff see the note.
    expect((await get('status=handled&limit=100')).deadlines.every((d) => d.handledNote === 'INTERNAL: called the bank')).toBe(true);
    // The other client: only Zephyr's, also when searching for a Clinic or asking for its matter.
    const theirs = await walk({ status: 'all', limit: '100' }, client2);
    expect(theirs.forward.flat()).toEqual(order(made.filter((m) => m.matter.startsWith('Zephyr')), (m) => [m.due, m.id], 1));
    expect((await get('q=clinic', client2)).deadlines).toEqual([]);
    expect((await get(`matterId=${mine[0]!.matterId}`, client2)).total).toBe(0);
  });

  it('mistakes are 400 with a stable reason; offset is refused, pointing to the cursor', async () => {
    const refused = async (query: string) => {
      const res = await t.request(`/api/deadlines?${query}`, { cookie: paralegal });
      expect(res.status, query).toBe(400);
      return (await res.json()).error as { code: string; message: string; details?: { reason?: string } };
    };
    const reason = async (query: string) => (await refused(query)).details?.reason;
    const { nextCursor } = await get('limit=3');
    expect(nextCursor).toBeTruthy();
    expect(await reason('sort=title')).toBe('unknown_sort');
    expect(await reason('dir=sideways')).toBe('invalid_direction');
    expect(await reason('limit=0')).toBe('invalid_limit');
    expect(await reason('limit=101')).toBe('invalid_limit');
    expect(await reason(`q=${'x'.repeat(201)}`)).toBe('search_too_long');
    expect(await reason('cursor=not-a-cursor')).toBe('invalid_cursor');
    expect(await reason(`limit=3&cursor=${nextCursor!.slice(0, -2)}!!`)).toBe('invalid_cursor');
    // A cursor is for the sort and direction it was made for.
    expect(await reason(`limit=3&sort=matter&cursor=${nextCursor}`)).toBe('invalid_cursor');
    expect(await reason(`limit=3&dir=desc&cursor=${nextCursor}`)).toBe('invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ s: 'due', d: 'asc', k: "2026-12-01' OR 1=1", i: 'x' })).toString('base64url');
    expect(await reason(`cursor=${forged}`)).toBe('invalid_cursor');
    for (const query of ['offset=0', 'offset=25', 'limit=3&offset=3']) {
      const error = await refused(query);
      expect(error).toMatchObject({ code: 'bad_request', details: { reason: 'offset_not_supported' } });
      expect(error.message).toMatch(/cursor/);
    }
    // The filters are still checked by the schema.
    for (const query of ['withinDays=-1', 'kind=birthday', 'status=maybe', 'unknown=1', 'matterId=abc']) expect((await refused(query)).code, query).toBe('validation_failed');
  });
});
