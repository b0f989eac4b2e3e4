import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { calendarFeed } from '../services/deadlines/calendar.ts';
import { publicOrigin } from './deadlines.ts';

/**
 * GET /calendar/{token}.ics — the iCalendar feed behind a secret link. An unknown, revoked or
 * malformed token is a plain 404, the same answer in every case, so links cannot be probed.
 * `?portfolio=<id>` narrows the feed to one portfolio's practices (a malformed or unseen one: 404).
 */
export const calendarFeedRoute = new Hono<AppEnv>().get('/:file', async (c) => {
  const match = /^(.+)\.ics$/.exec(c.req.param('file'));
  const { db, clock, timeZone } = c.get('services');
  const portfolio = c.req.query('portfolio');
  const scope = portfolio === undefined ? {} : /^[1-9][0-9]{0,11}$/.test(portfolio) ? { portfolioId: Number(portfolio) } : null;
  const feed = match && scope ? await calendarFeed({ db, now: clock(), timeZone }, match[1]!, publicOrigin(c), scope) : null;
  if (feed === null) return c.text('Not found', 404);
  return c.body(feed, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="clausewright-deadlines.ics"',
    // The address is the secret: keep it out of shared caches and the feed out of search engines.
    'cache-control': 'private, no-store',
    'x-robots-tag': 'noindex',
  });
});
