import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';

/**
 * Issue 21: the matters list (GET /api/matters and /matters) is searched, sorted and keyset-paged
 * in SQL: a cursor walk returns every visible row once, in order; a client's walk holds only
 * their own matters; tampered cursors and unknown sorts are refused with stable reasons.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let client = '';
let client2 = '';
const clientMatters: number[] = [];
const all: number[] = [];

const TITLES = ['Alpha Clinic', 'beta Dental', '100% Care Partners', '100 Care Street', 'under_score Health', 'underXscore Health', 'Zeta Vision', 'Gamma Ortho'];

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  client = await t.login('client');
  client2 = await t.login('client2');
  for (let i = 0; i < 23; i++) {
    const title = TITLES[i] ?? `Practice ${String(i).padStart(2, '0')}`;
    const mine = i % 4 === 1;
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title, clientUserIds: mine ? [t.users.client] : [], staffUserIds: [] }) });
    expect(res.status).toBe(201);
    const id = (await res.json()).matter.id as number;
    all.push(id);
    if (mine) clientMatters.push(id);
    // Every third matter shares its updated_at with the one before: the id breaks the tie.
    if (i % 3 !== 0) t.clock.advanceMinutes(1);
  }
}, 300_000);
afterAll(async () => t?.close());

type M = { id: number; title: string; updatedAt: string };
async function walk(cookie: string, params: Record<string, string>, via: 'nextCursor' | 'prevCursor' = 'nextCursor', start?: string) {
  const pages: M[][] = [];
  let cursor: string | null | undefined = start;
  for (let n = 0; n < 50; n++) {
    const qs = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) });
    const res = await t.request(`/api/matters?${qs}`, { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    pages.push(body.matters);
    cursor = body[via];
    if (!cursor) return { pages, last: body };
  }
  throw new Error('the walk did not end');
}

const byUpdatedDesc = (a: M, b: M) => (a.updatedAt === b.updatedAt ? b.id - a.id : a.updatedAt < b.updatedAt ? 1 : -1);

describe('GET /api/matters: keyset paging', () => {
  it('walking the cursor returns every matter exactly once, newest first, at most `limit` a page', async () => {
    const { pages } = await walk(attorney, { limit: '5' });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    const rows = pages.flat();
    expect(rows.map((m) => m.id).sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b));
    expect(rows).toEqual([...rows].sort(byUpdatedDesc));
    expect(new Set(rows.map((r) => r.updatedAt)).size).toBeLessThan(rows.length); // ties were there to break
  });

  it('the default page is 25 rows with nextCursor, the array shape kept', async () => {
    const body = await (await t.request('/api/matters', { cookie: attorney })).json();
    expect(Array.isArray(body.matters)).toBe(true);
    expect(body.matters).toHaveLength(23);
    expect(body.nextCursor).toBeNull();
    expect(body.prevCursor).toBeNull();
  });

  it('walking back with prevCursor from the last page gives the same pages', async () => {
    const forward = await walk(attorney, { limit: '4', sort: 'title' });
    const lastPageFirst = forward.pages.at(-1)!;
    const res = await (await t.request(`/api/matters?limit=4&sort=title&cursor=${forward.last.prevCursor}`, { cookie: attorney })).json();
    expect(res.matters).toEqual(forward.pages.at(-2));
    const back = await walk(attorney, { limit: '4', sort: 'title' }, 'prevCursor', forward.last.prevCursor);
    expect([...back.pages].reverse().flat().concat(lastPageFirst)).toEqual(forward.pages.flat());
  });

  it('sorts by a whitelisted column in either direction', async () => {
    const asc = (await walk(attorney, { sort: 'title', limit: '6' })).pages.flat().map((m) => m.title);
    expect(asc).toEqual([...asc].sort());
    expect(asc).toHaveLength(23);
    const desc = (await walk(attorney, { sort: 'title', dir: 'desc', limit: '6' })).pages.flat().map((m) => m.title);
    expect(desc).toEqual([...asc].reverse());
  });

  it('an unknown sort, a bad direction or limit and a tampered cursor are 400 with a stable reason', async () => {
    const reason = async (qs: string) => {
      const res = await t.request(`/api/matters?${qs}`, { cookie: attorney });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('bad_request');
      return body.error.details.reason;
    };
    expect(await reason('sort=password_hash')).toBe('unknown_sort');
    expect(await reason('sort=title&dir=sideways')).toBe('invalid_direction');
    expect(await reason('limit=101')).toBe('invalid_limit');
    expect(await reason('limit=0')).toBe('invalid_limit');
    const { nextCursor } = await (await t.request('/api/matters?limit=3', { cookie: attorney })).json();
    const decoded = JSON.parse(Buffer.from(nextCursor, 'base64url').toString());
    const forge = (c: unknown) => Buffer.from(JSON.stringify(c)).toString('base64url');
    expect(await reason(`limit=3&cursor=${nextCursor.slice(0, -2)}!!`)).toBe('invalid_cursor');
    expect(await reason(`limit=3&cursor=${forge({ ...decoded, k: "x' OR 1=1 --", i: '1' })}`)).toBe('invalid_cursor');
    expect(await reason(`limit=3&cursor=${forge({ ...decoded, extra: 1 })}`)).toBe('invalid_cursor');
    expect(await reason(`limit=3&cursor=not-json`)).toBe('invalid_cursor');
    // A cursor made for another sort is not used with this one.
    expect(await reason(`limit=3&sort=title&cursor=${nextCursor}`)).toBe('invalid_cursor');
    expect(await reason(`limit=3&dir=asc&cursor=${nextCursor}`)).toBe('invalid_cursor');
  });
});

describe('GET /api/matters: search', () => {
  const titles = async (q: string, cookie = attorney) => (await (await t.request(`/api/matters?${new URLSearchParams({ q, sort: 'title' })}`, { cookie })).json()).matters.map((m: M) => m.title);

  it('matches title words case-insensitively, every word', async () => {
    expect(await titles('ALPHA')).toEqual(['Alpha Clinic']);
    expect(await titles('health under')).toEqual(['underXscore Health', 'under_score Health'].sort());
    expect(await titles('no such matter')).toEqual([]);
  });

  it('% and _ are matched as themselves, not as wildcards', async () => {
    expect(await titles('100%')).toEqual(['100% Care Partners']);
    expect(await titles('under_score')).toEqual(['under_score Health']);
    expect(await titles('%')).toEqual(['100% Care Partners']);
  });

  it('searches the MSO and practice names too, and a search walks its own pages', async () => {
    const everyone = await titles('Lone Star');
    expect(everyone).toHaveLength(23);
    const { pages } = await walk(attorney, { q: 'practice', limit: '4', sort: 'title' });
    expect(pages.flat()).toHaveLength(23); // every sample matter's MSO is a "Practice Management" company
  });
});

describe('GET /api/matters: a client sees only their own matters, on every page', () => {
  it('a client walking one row a page gets exactly their matters', async () => {
    const { pages } = await walk(client, { limit: '1' });
    expect(pages.flat().map((m) => m.id).sort((a, b) => a - b)).toEqual([...clientMatters].sort((a, b) => a - b));
    expect(pages.every((p) => p.length <= 1)).toBe(true);
  });

  it('another client sees none of them, even with a cursor made on the firm’s list', async () => {
    expect((await walk(client2, { limit: '2' })).pages.flat()).toEqual([]);
    const { nextCursor } = await (await t.request('/api/matters?limit=2', { cookie: attorney })).json();
    const res = await (await t.request(`/api/matters?limit=2&cursor=${nextCursor}`, { cookie: client2 })).json();
    expect(res.matters).toEqual([]);
    const search = await (await t.request('/api/matters?q=Lone+Star&limit=100', { cookie: client })).json();
    expect(search.matters.map((m: M) => m.id).sort((a: number, b: number) => a - b)).toEqual([...clientMatters].sort((a, b) => a - b));
  });
});

describe('/matters page', () => {
  it('shows a page of rows with next and previous links that keep the search and sort', async () => {
    const html = await (await t.request('/matters?q=practice&sort=title&limit=5', { cookie: attorney })).text();
    const next = html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const params = new URL(next!, 'http://x').searchParams;
    expect(params.get('q')).toBe('practice');
    expect(params.get('sort')).toBe('title');
    expect(params.get('limit')).toBe('5');
    expect(params.get('cursor')).toBeTruthy();
    expect(html).toContain('value="practice"');
    expect((html.match(/<a href="\/matters\/\d+">/g) ?? []).length).toBe(5);
    const second = await (await t.request(next!, { cookie: attorney })).text();
    const prev = second.match(/<a href="([^"]+)" rel="prev">/)?.[1]?.replaceAll('&amp;', '&');
    expect(new URL(prev!, 'http://x').searchParams.get('q')).toBe('practice');
    const firstTitles = [...html.matchAll(/<a href="\/matters\/(\d+)">/g)].map((m) => m[1]);
    const back = await (await t.request(prev!, { cookie: attorney })).text();
    expect([...back.matchAll(/<a href="\/matters\/(\d+)">/g)].map((m) => m[1])).toEqual(firstTitles);
    expect(second).toContain('First page');
  });

  it('an unknown sort or a bad page link is ignored with a message, not an error', async () => {
    const res = await t.request('/matters?sort=password_hash&cursor=zzz', { cookie: attorney });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('is not a sort of this list');
    expect(html).toContain('That page link is not valid');
    expect((html.match(/<a href="\/matters\/\d+">/g) ?? []).length).toBe(23);
  });

  it('a client’s page lists only their matters', async () => {
    const html = await (await t.request('/matters?limit=2', { cookie: client })).text();
    const ids = [...html.matchAll(/<a href="\/matters\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(ids.length).toBe(2);
    for (const id of ids) expect(clientMatters).toContain(id);
  });
});
