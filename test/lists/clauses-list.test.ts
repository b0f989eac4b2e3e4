import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';

/** Issue 21: the clause library page is sorted and paged 25 at a time; its links keep the search, kind and sort. */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
}, 300_000);
afterAll(async () => t?.close());

const idsOn = (html: string) => [...html.matchAll(/<a href="\/clauses\/([^"]+)">/g)].map((m) => m[1]!);
const nextOf = (html: string) => html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&') ?? null;

async function walk(start: string) {
  const pages: string[][] = [];
  let url: string | null = start;
  for (let n = 0; url && n < 50; n++) {
    const html = await (await t.request(url, { cookie: attorney })).text();
    pages.push(idsOn(html));
    url = nextOf(html);
    if (url) {
      const params = new URL(url, 'http://x').searchParams;
      const asked = new URL(start, 'http://x').searchParams;
      for (const name of ['q', 'kind', 'sort', 'dir']) expect(params.get(name)).toBe(asked.get(name));
    }
  }
  return pages;
}

describe('/clauses page', () => {
  it('walking the next links shows every clause once, at most 25 a page', async () => {
    const all = (await (await t.request('/api/clauses', { cookie: attorney })).json()).clauses.map((c: { id: string }) => c.id);
    expect(all.length).toBeGreaterThan(25);
    const pages = await walk('/clauses');
    expect(pages.every((p) => p.length <= 25)).toBe(true);
    expect(pages.length).toBe(Math.ceil(all.length / 25));
    expect([...pages.flat()].sort()).toEqual([...all].sort());
  });

  it('sorts by id descending across pages, keeping the kind filter', async () => {
    const ids = (await walk('/clauses?kind=msa&sort=id&dir=desc')).flat();
    expect(ids).toEqual([...ids].sort().reverse());
    const msa = (await (await t.request('/api/clauses?kind=msa', { cookie: attorney })).json()).clauses.map((c: { id: string }) => c.id);
    expect([...ids].sort()).toEqual([...msa].sort());
  });

  it('a previous link returns to the page before; a tampered cursor is ignored with a message', async () => {
    const first = await (await t.request('/clauses?sort=title', { cookie: attorney })).text();
    const second = await (await t.request(nextOf(first)!, { cookie: attorney })).text();
    const prev = second.match(/<a href="([^"]+)" rel="prev">/)?.[1]?.replaceAll('&amp;', '&');
    expect(idsOn(await (await t.request(prev!, { cookie: attorney })).text())).toEqual(idsOn(first));
    const bad = await t.request('/clauses?cursor=eyJzIjoxfQ&sort=bogus', { cookie: attorney });
    expect(bad.status).toBe(200);
    const html = await bad.text();
    expect(html).toContain('That page link is not valid');
    expect(html).toContain('is not a sort of this list');
  });
});
