import { expect } from 'vitest';
import type { makeTestApp, TestResponse } from './test-app.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

/** A Cookie header with a response's Set-Cookie applied, as a browser keeps it (an emptied cookie is dropped). */
export function withSetCookies(cookie: string, res: TestResponse): string {
  const jar = new Map(cookie.split(/;\s*/).filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as const));
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    const value = pair.slice(pair.indexOf('=') + 1);
    if (value === '' || /Max-Age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The sealed one-time cookie a post set (web/one-time.ts), as `name=value`. */
export const onceCookieOf = (res: TestResponse): string => res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => /^(__Host-)?cw_once_/.test(c)) ?? '';

/**
 * Follows a post's 303 to the page that shows its one-time secret, as a browser does: with the
 * cookies the post set. Returns that page, the cookies the browser holds afterwards (the sealed
 * cookie dropped by the page) and the address, for a reload.
 */
export async function followOnce(t: TestApp, posted: TestResponse, cookie: string) {
  expect(posted.status, await posted.clone().text()).toBe(303);
  const location = posted.headers.get('location')!.split('#')[0]!;
  expect(location).toMatch(/[?&]shown=/);
  const sent = withSetCookies(cookie, posted);
  const shown = await t.request(location, { cookie: sent });
  return { location, anchor: posted.headers.get('location')!.split('#')[1] ?? '', shown, html: await shown.clone().text(), cookie: withSetCookies(sent, shown), sent };
}
