import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../server/db/users.ts';
import { makeTestApp } from '../helpers/test-app.ts';

/** Issue 21: the users list (GET /api/users and /admin/users) is searched, sorted and keyset-paged in SQL. */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let admin = '';
let attorney = '';

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.login('admin');
  attorney = await t.login('attorney');
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < 24; i++) {
      const name = i === 0 ? 'Percy 100% Partner' : i === 1 ? 'Under_score Person' : i === 2 ? 'UnderXscore Person' : `Client ${String(i).padStart(2, '0')}`;
      await insertUser(tx, { email: `u${i}@example.test`, name, role: 'client', passwordHash: 'not-a-real-hash', createdAt: t.clock.now().toISOString() });
    }
  });
}, 300_000);
afterAll(async () => t?.close());

type U = { id: number; name: string; email: string };
async function walk(cookie: string, params: Record<string, string>) {
  const pages: U[][] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const res = await t.request(`/api/users?${new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) })}`, { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    pages.push(body.users);
    cursor = body.nextCursor;
    if (!cursor) return pages;
  }
  throw new Error('the walk did not end');
}

describe('GET /api/users', () => {
  it('walks every user once in name order (30: six test users and 24 more), and by email descending', async () => {
    const pages = await walk(admin, { limit: '7' });
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    const names = pages.flat().map((u) => u.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(pages.flat().map((u) => u.id)).size).toBe(30);
    const emails = (await walk(attorney, { sort: 'email', dir: 'desc', limit: '9' })).flat().map((u) => u.email);
    expect(emails).toEqual([...emails].sort().reverse());
    expect(emails).toHaveLength(30);
  });

  it('searches name, email and role with % and _ literal', async () => {
    const names = async (q: string) => (await walk(admin, { q })).flat().map((u) => u.name);
    expect(await names('100%')).toEqual(['Percy 100% Partner']);
    expect(await names('under_score')).toEqual(['Under_score Person']);
    expect(await names('paralegal')).toEqual(['Pat Paralegal']);
    expect(await names('u7@example')).toEqual(['Client 07']);
  });

  it('an unknown sort, a bad limit or a tampered cursor is 400 with a stable reason; never the password hash', async () => {
    for (const [qs, reason] of [['sort=password_hash', 'unknown_sort'], ['limit=1000', 'invalid_limit'], ['cursor=eyJ9', 'invalid_cursor']]) {
      const res = await t.request(`/api/users?${qs}`, { cookie: admin });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details.reason).toBe(reason);
    }
    expect(JSON.stringify(await (await t.request('/api/users?limit=100', { cookie: admin })).json())).not.toContain('not-a-real-hash');
  });
});

describe('/admin/users page', () => {
  it('pages with links that keep the search and sort', async () => {
    const html = await (await t.request('/admin/users?q=client&sort=email&limit=10', { cookie: admin })).text();
    expect(html).toContain('value="client"');
    const next = html.match(/<a href="([^"]+)" rel="next">/)?.[1]?.replaceAll('&amp;', '&');
    const params = new URL(next!, 'http://x').searchParams;
    expect([params.get('q'), params.get('sort'), params.get('limit')]).toEqual(['client', 'email', '10']);
    const second = await (await t.request(next!, { cookie: admin })).text();
    expect(second).toMatch(/rel="prev"/);
    expect((await t.request('/admin/users?sort=nope', { cookie: admin })).status).toBe(200);
  });
});
