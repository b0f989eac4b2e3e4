import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { matterWithDocument } from '../helpers/documents.ts';
import { addDays } from '../../server/services/deadlines/dates.ts';
import { insertUser } from '../../server/db/users.ts';
import { CLIENT_CHOICES } from '../../web/pages/deadlines/routes.tsx';

/**
 * Issue 21: the deadlines dashboard's list is keyset-paged (server/db/keyset.ts). Walking the
 * next links — and back with the previous links — shows every deadline once, in the order asked:
 * by due date, or by matter then due date (a sort with a second key in its cursor), either way.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let paralegal = '';
/** Every open deadline made here: its id, matter title and due date. */
const made: { id: number; matter: string; due: string }[] = [];
const TITLES = ['Beta Clinic', 'Alpha Clinic', 'Alpha Clinic Two'];

beforeAll(async () => {
  t = await makeTestApp();
  paralegal = await t.login('paralegal');
  for (const [n, title] of TITLES.entries()) {
    const { matter, document } = await matterWithDocument(t);
    await t.db.transaction(async (tx) => {
      await tx.run('UPDATE matters SET title = ? WHERE id = ?', [title, matter.id]);
      for (let i = 0; i < 12; i++) {
        // Several deadlines share a day, across matters, so ties are broken by id.
        const due = addDays('2026-11-01', (i * 7 + n * 3) % 40);
        await tx.run(
          `INSERT INTO deadlines (document_id, matter_id, kind, key, due_date, title, action, basis, status, created_at, updated_at)
           VALUES (?, ?, 'fmv-review', ?, ?, ?, 'Do it.', 'Test', 'open', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
          [document.id, matter.id, `listed-${i}`, due, `Listed ${n}-${i}`],
        );
      }
    });
    for (const row of await t.db.all<{ id: number; due_date: string }>("SELECT id, due_date FROM deadlines WHERE matter_id = ? AND key LIKE 'listed-%'", [matter.id])) made.push({ id: row.id, matter: title, due: row.due_date });
  }
}, 300_000);
afterAll(async () => t?.close());

const page = async (path: string) => {
  const res = await t.request(path, { cookie: paralegal });
  expect(res.status, path).toBe(200);
  return res.text();
};
const rowIds = (html: string) => [...html.matchAll(/<tr id="deadline-(\d+)">/g)].map((m) => Number(m[1]));
const link = (html: string, rel: 'next' | 'prev') => /<nav class="paging small" aria-label="Pages of deadlines"><span>[^<]*<\/span>(.*?)<\/nav>/.exec(html)?.[1]?.match(new RegExp(`href="([^"]+)" rel="${rel}"`))?.[1]?.replaceAll('&amp;', '&');

/** Follows next links from `start`, then previous links back; returns both walks (only rows made here). */
async function walk(start: string) {
  const ours = new Set(made.map((m) => m.id));
  const forward: number[][] = [];
  let html = await page(start);
  for (let n = 0; n < 20; n++) {
    forward.push(rowIds(html).filter((id) => ours.has(id)));
    const next = link(html, 'next');
    if (!next) break;
    html = await page(next);
  }
  const backward: number[][] = [];
  for (let n = 0; n < 20; n++) {
    const prev = link(html, 'prev');
    if (!prev) break;
    html = await page(prev);
    backward.unshift(rowIds(html).filter((id) => ours.has(id)));
  }
  return { forward, backward };
}

const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const expected = (key: (m: (typeof made)[number]) => (string | number)[], dir: 1 | -1) =>
  [...made].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (cmp(ka[i]!, kb[i]!) !== 0) return dir * cmp(ka[i]!, kb[i]!);
    return 0;
  }).map((m) => m.id);

describe('the deadlines dashboard list, keyset-paged', () => {
  for (const [sort, dir] of [['due', 'asc'], ['due', 'desc'], ['matter', 'asc'], ['matter', 'desc']] as const) {
    it(`walks every deadline once by ${sort} ${dir}, forward and back`, async () => {
      const { forward, backward } = await walk(`/deadlines?withinDays=&sort=${sort}&dir=${dir}&limit=10`);
      const want = expected((m) => (sort === 'matter' ? [m.matter, m.due, m.id] : [m.due, m.id]), dir === 'asc' ? 1 : -1);
      expect(forward.flat()).toEqual(want);
      expect(forward.length).toBeGreaterThan(3);
      // Back through the previous links: the same pages (except the last, where the walk turned).
      expect(backward).toEqual(forward.slice(0, -1));
    });
  }

  it('searches the matters’ titles: every word must appear, in any case', async () => {
    const ours = (html: string) => rowIds(html).filter((id) => made.some((m) => m.id === id));
    const matterOf = new Map(made.map((m) => [m.id, m.matter]));
    const alpha = await walk('/deadlines?withinDays=&q=ALPHA&limit=10');
    expect(alpha.forward.flat().map((id) => matterOf.get(id))).toEqual(expected((m) => [m.due, m.id], 1).map((id) => matterOf.get(id)).filter((title) => title!.startsWith('Alpha')));
    const two = ours(await page('/deadlines?withinDays=&q=clinic+two&limit=100'));
    expect(two).toHaveLength(12);
    expect(two.every((id) => matterOf.get(id) === 'Alpha Clinic Two')).toBe(true);
    expect(await page('/deadlines?withinDays=&q=clinic+three')).toContain('No deadlines');
  });

  it('a cursor made for one sort is refused by another, with a notice, and the list starts over', async () => {
    const first = await page('/deadlines?withinDays=&sort=matter&limit=10');
    const cursor = /cursor=([A-Za-z0-9_-]+)/.exec(link(first, 'next') ?? '')?.[1];
    expect(cursor).toBeTruthy();
    const other = await page(`/deadlines?withinDays=&sort=due&limit=10&cursor=${cursor}`);
    expect(other).toContain('That page link is not valid');
    expect(rowIds(other)).toEqual(rowIds(await page('/deadlines?withinDays=&sort=due&limit=10')));
  });
});

describe('the client filter at more client users than it lists', () => {
  it('lists the clients of the matters on the page and the one chosen, and says so', async () => {
    const options = (html: string) => [...(/<select id="f-client"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(options(await page('/deadlines?withinDays='))).toContain(t.users.client2); // few clients: every one
    const extra: number[] = [];
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < CLIENT_CHOICES; i++) extra.push(await insertUser(tx, { email: `many${i}@example.test`, name: `Many ${i}`, role: 'client', passwordHash: 'x', createdAt: '2026-11-01T00:00:00.000Z' }));
    });
    const html = await page('/deadlines?withinDays=');
    expect(options(html)).toEqual([t.users.client]); // the one client of the matters on the page
    expect(html).toContain('Lists the clients of the matters on this page');
    const chosen = await page(`/deadlines?withinDays=&clientId=${extra[7]}`);
    expect(chosen).toMatch(new RegExp(`<option value="${extra[7]}" selected="">Many 7</option>`));
  });
});
