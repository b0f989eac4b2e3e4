import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../server/db/documents.ts';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';

/**
 * Issue 21: a matter's documents (GET /api/matters/{id}/documents and /matters/{id}/documents)
 * are searched, sorted and keyset-paged in SQL; a client sees only released documents of their
 * own matters, on every page. Rows are inserted directly: the list, not assembly, is under test.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let client = '';
let client2 = '';
let matterId = 0;
const docs: { id: number; title: string; released: boolean }[] = [];

const TITLES = ['Master Services Agreement', 'MSA 50% fee amendment', 'MSA 50 fee renewal', 'Letter of credit_one', 'Letter of creditXone', 'Formation checklist'];

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  client = await t.login('client');
  client2 = await t.login('client2');
  const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.client], staffUserIds: [] }) });
  matterId = (await res.json()).matter.id;
  for (let i = 0; i < 17; i++) {
    const title = TITLES[i] ?? `Side letter ${String(i).padStart(2, '0')}`;
    const kind = i % 3 === 0 ? 'msa' : i % 3 === 1 ? 'loc' : 'formation-checklist';
    const now = new Date(Date.UTC(2026, 10, 1, 12, Math.floor(i / 2))).toISOString(); // pairs share updated_at
    const released = i % 4 === 0;
    const row = await t.db.transaction(async (tx) => {
      const inserted = (await insertDocument(tx, { shortId: `DOC-${i}`, matterId, kind, title, parentId: null, relation: null, createdBy: t.users.attorney, now }))!;
      if (released) await tx.run("UPDATE documents SET status = 'executable', executable_version_no = 1 WHERE id = ?", [inserted.id]);
      return inserted;
    });
    docs.push({ id: row.id, title, released });
  }
}, 300_000);
afterAll(async () => t?.close());

type D = { id: number; title: string; updatedAt: string; status: string };
async function walk(cookie: string, params: Record<string, string>, id = matterId) {
  const pages: D[][] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const res = await t.request(`/api/matters/${id}/documents?${new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) })}`, { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    pages.push(body.documents);
    cursor = body.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error('the walk did not end');
}

describe('GET /api/matters/{id}/documents', () => {
  it('a cursor walk returns every document once, in the order asked', async () => {
    const byId = (await walk(attorney, { limit: '4' })).flat();
    expect(byId.map((d) => d.id)).toEqual(docs.map((d) => d.id)); // the default: as started, oldest first
    const pages = await walk(attorney, { limit: '5', sort: 'updated' });
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 2]);
    const rows = pages.flat();
    expect(new Set(rows.map((r) => r.id)).size).toBe(17);
    expect(rows).toEqual([...rows].sort((a, b) => (a.updatedAt === b.updatedAt ? b.id - a.id : a.updatedAt < b.updatedAt ? 1 : -1)));
    const titles = (await walk(attorney, { limit: '3', sort: 'title', dir: 'desc' })).flat().map((d) => d.title);
    expect(titles).toEqual([...docs.map((d) => d.title)].sort().reverse());
  });

  it('searches titles with % and _ taken literally', async () => {
    const titles = async (q: string) => (await walk(attorney, { q, sort: 'title' })).flat().map((d) => d.title);
    expect(await titles('50%')).toEqual(['MSA 50% fee amendment']);
    expect(await titles('credit_one')).toEqual(['Letter of credit_one']);
    expect(await titles('msa fee')).toEqual(['MSA 50 fee renewal', 'MSA 50% fee amendment']);
  });

  it('an unknown sort or a tampered cursor is 400 with a stable reason', async () => {
    const bad = await t.request(`/api/matters/${matterId}/documents?sort=sha256`, { cookie: attorney });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details.reason).toBe('unknown_sort');
    const { nextCursor } = await (await t.request(`/api/matters/${matterId}/documents?limit=2`, { cookie: attorney })).json();
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(nextCursor, 'base64url').toString()), k: 'one' })).toString('base64url');
    const tampered = await t.request(`/api/matters/${matterId}/documents?limit=2&cursor=${forged}`, { cookie: attorney });
    expect(tampered.status).toBe(400);
    expect((await tampered.json()).error.details.reason).toBe('invalid_cursor');
  });

  it('a client walks only the released documents of their matter; another client gets 404', async () => {
    const rows = (await walk(client, { limit: '1' })).flat();
    expect(rows.map((d) => d.id)).toEqual(docs.filter((d) => d.released).map((d) => d.id));
    expect(rows.every((d) => d.status === 'executable')).toBe(true);
    expect((await t.request(`/api/matters/${matterId}/documents`, { cookie: client2 })).status).toBe(404);
  });
});

describe('/matters/{id}/documents page', () => {
  it('pages with links that keep the search and sort; the matter page links to it', async () => {
    const html = await (await t.request(`/matters/${matterId}/documents?q=letter&sort=title&limit=2`, { cookie: attorney })).text();
    expect(html).toContain('value="letter"');
    const next = html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
    const params = new URL(next!, 'http://x').searchParams;
    expect([params.get('q'), params.get('sort'), params.get('limit')]).toEqual(['letter', 'title', '2']);
    const second = await (await t.request(next!, { cookie: attorney })).text();
    expect(second).toContain('Side letter');
    expect(second).toMatch(/rel="prev"/);
    const matterHtml = await (await t.request(`/matters/${matterId}`, { cookie: attorney })).text();
    expect(matterHtml).toContain(`href="/matters/${matterId}/documents"`);
  });

  it('a client’s page shows only released documents; an unknown sort is ignored with a message', async () => {
    const html = await (await t.request(`/matters/${matterId}/documents?sort=nope`, { cookie: client })).text();
    expect(html).toContain('is not a sort of this list');
    for (const d of docs) expect(html.includes(`DOC-${docs.indexOf(d)}<`)).toBe(d.released);
  });
});
