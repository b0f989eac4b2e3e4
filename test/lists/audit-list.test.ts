import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';

/** Issue 21: a matter's audit trail (GET /api/matters/{id}/audit and /matters/{id}/audit) is searched and keyset-paged in SQL. */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let matterId = 0;
let otherMatterId = 0;

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  const made = async (title: string) => (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title, clientUserIds: [], staffUserIds: [] }) })).json()).matter;
  let matter = await made('Audited matter');
  matterId = matter.id;
  otherMatterId = (await made('Other matter')).id;
  for (let i = 0; i < 11; i++) {
    const res = await t.request(`/api/matters/${matterId}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, trackingNotes: `note 100%_${i}` } });
    expect(res.status).toBe(200);
    matter = (await res.json()).matter;
  }
}, 300_000);
afterAll(async () => t?.close());

async function walk(params: Record<string, string>) {
  const pages: { id: number; type: string }[][] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const res = await t.request(`/api/matters/${matterId}/audit?${new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) })}`, { cookie: attorney });
    expect(res.status).toBe(200);
    const body = await res.json();
    pages.push(body.events);
    cursor = body.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error('the walk did not end');
}

describe('GET /api/matters/{id}/audit', () => {
  it('walks every event of the matter once, newest first, or oldest first', async () => {
    const pages = await walk({ limit: '5' });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2]);
    const ids = pages.flat().map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(12);
    expect(pages.flat().filter((e) => e.type === 'matter.created')).toHaveLength(1);
    const oldest = (await walk({ limit: '4', dir: 'asc' })).flat().map((e) => e.id);
    expect(oldest).toEqual([...ids].reverse());
  });

  it('searches the event type and data', async () => {
    expect((await walk({ q: 'created' })).flat().map((e) => e.type)).toEqual(['matter.created']);
    expect((await walk({ q: 'updated', limit: '100' })).flat()).toHaveLength(11);
    expect((await walk({ q: 'trackingNotes' })).flat()).toHaveLength(11);
  });

  it('an unknown sort or a tampered cursor is 400 with a stable reason; another matter’s cursor reads only this matter', async () => {
    const bad = await t.request(`/api/matters/${matterId}/audit?sort=row_hash`, { cookie: attorney });
    expect((await bad.json()).error.details.reason).toBe('unknown_sort');
    const tampered = await t.request(`/api/matters/${matterId}/audit?cursor=${Buffer.from('{"s":"when","d":"desc","k":"9","i":9}').toString('base64url')}`, { cookie: attorney });
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).error.details.reason).toBe('invalid_cursor');
    const { nextCursor } = await (await t.request(`/api/matters/${matterId}/audit?limit=2`, { cookie: attorney })).json();
    const other = await (await t.request(`/api/matters/${otherMatterId}/audit?limit=2&cursor=${nextCursor}`, { cookie: attorney })).json();
    expect(other.events.every((e: { type: string }) => e.type === 'matter.created')).toBe(true);
  });
});

describe('/matters/{id}/audit page', () => {
  it('pages the trail with links that keep the search, for attorneys only', async () => {
    const html = await (await t.request(`/matters/${matterId}/audit?q=updated&limit=4`, { cookie: attorney })).text();
    const next = html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
    const params = new URL(next!, 'http://x').searchParams;
    expect([params.get('q'), params.get('limit')]).toEqual(['updated', '4']);
    expect((await t.request(next!, { cookie: attorney })).status).toBe(200);
    expect((await t.request(`/matters/${matterId}/audit`, { cookie: await t.login('paralegal') })).status).toBe(403);
    expect(await (await t.request(`/matters/${matterId}`, { cookie: attorney })).text()).toContain(`href="/matters/${matterId}/audit"`);
  });
});
