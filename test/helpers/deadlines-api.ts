import { expect } from 'vitest';
import type { makeTestApp } from './test-app.ts';

type TestApp = Pick<Awaited<ReturnType<typeof makeTestApp>>, 'request'>;

/**
 * Every deadline `GET /api/deadlines?<query>` lists, following nextCursor a page of 100 at a time
 * (the list is keyset-paged like the other API lists, issue 21: at most 100 a page, no offset).
 */
export async function allDeadlines<T = Record<string, unknown>>(t: TestApp, query: string, cookie: string): Promise<T[]> {
  const base = `/api/deadlines?${[query, 'limit=100'].filter(Boolean).join('&')}`;
  const rows: T[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const path: string = cursor ? `${base}&cursor=${cursor}` : base;
    const res = await t.request(path, { cookie });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    const body = (await res.json()) as { deadlines: T[]; nextCursor: string | null };
    rows.push(...body.deadlines);
    cursor = body.nextCursor;
    if (!cursor) return rows;
  }
  throw new Error(`${base}: more than 100 pages`);
}
