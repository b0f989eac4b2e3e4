import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { approve, matterWithDocument, sample } from '../helpers/documents.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';

/**
 * The calendar feed, read back with an independent parser (node-ical): every open deadline the
 * user may see is one event whose UID, date, summary, link and alarms round-trip.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney: string, paralegal: string, client: string, client2: string;
let matterId: number;

beforeAll(async () => {
  t = await makeTestApp();
  [attorney, paralegal, client, client2] = await Promise.all([t.login('attorney'), t.login('paralegal'), t.login('client'), t.login('client2')]);
  const made = await matterWithDocument(t, 'msa', { ...sample('msa'), fmvOpinionDate: '2026-10-15' });
  matterId = made.matter.id;
  expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
  await t.request(`/api/documents/${made.document.id}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-11-20' } });
  await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });
});
afterAll(async () => t?.close());

const makeLink = async (cookie: string) => {
  const res = await t.request('/api/calendar/link', { method: 'POST', cookie });
  expect(res.status).toBe(201);
  return new URL((await res.json()).url).pathname;
};
const fetchFeed = (path: string) => t.request(path);
const eventsOf = (text: string) => Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
const openDeadlines = (cookie: string) => allDeadlines<{ id: number; title: string; dueDate: string; document: { id: number; shortId: string }; matter: { title: string } }>(t, '', cookie);

describe('calendar feed', () => {
  it('is valid iCalendar that an independent parser reads back, one event per open deadline', async () => {
    const path = await makeLink(paralegal);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await fetchFeed(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    // RFC 5545 3.1: CRLF line ends, content lines folded at 75 octets.
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
        const events = eventsOf(text);
    const deadlines = await openDeadlines(paralegal);
    expect(events.length).toBe(deadlines.length);
    expect(events.length).toBeGreaterThan(5);
    for (const d of deadlines) {
      const event = events.find((e) => e.summary === `${d.title} — ${d.matter.title}` && localDate(e.start) === d.dueDate);
      expect(event, `${d.title} ${d.dueDate}`).toBeDefined();
      expect((event!.start as Date & { dateOnly?: boolean }).dateOnly).toBe(true);
      expect(event!.uid).toMatch(new RegExp(`^${d.document.shortId}\\..+@clausewright$`));
      const url = event!.url as unknown as string | { val: string };
      expect(typeof url === 'string' ? url : url.val).toMatch(new RegExp(`/documents/${d.document.id}$`));
      expect(event!.description).toContain('not legal advice');
      expect(event!.alarms?.map((a) => a.trigger)).toEqual(['-P120D', '-P90D', '-P60D', '-P30D', '-P7D']);
    }
  });

  it('keeps UIDs stable between fetches and follows the reminder schedule', async () => {
    const path = await makeLink(attorney);
    const uids = async () => eventsOf(await (await fetchFeed(path)).text()).map((e) => e.uid).sort();
    const first = await uids();
    await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: [30, 1] } });
    expect(await uids()).toEqual(first);
    const events = eventsOf(await (await fetchFeed(path)).text());
    expect(events[0]!.alarms?.map((a) => a.trigger)).toEqual(['-P30D', '-P1D']);
  });

  it('a client’s feed holds only their matters', async () => {
    const own = eventsOf(await (await fetchFeed(await makeLink(client))).text());
    expect(own.length).toBe((await openDeadlines(client)).length);
    expect(own.length).toBeGreaterThan(0);
    const other = eventsOf(await (await fetchFeed(await makeLink(client2))).text());
    expect(other).toEqual([]);
  });

  it('a rotated, revoked, malformed or unknown link is a plain 404; a disabled user’s link stops', async () => {
    const old = await makeLink(paralegal);
    const fresh = await makeLink(paralegal);
    expect((await fetchFeed(old)).status).toBe(404);
    expect((await fetchFeed(fresh)).status).toBe(200);
    expect(await (await t.request('/api/calendar/link', { cookie: paralegal })).json()).toMatchObject({ active: true });
    expect((await t.request('/api/calendar/link', { method: 'DELETE', cookie: paralegal })).status).toBe(204);
    expect((await fetchFeed(fresh)).status).toBe(404);
    expect(await (await t.request('/api/calendar/link', { cookie: paralegal })).json()).toEqual({ active: false, createdAt: null });
    for (const path of ['/calendar/x.ics', '/calendar/' + 'A'.repeat(43) + '.ics', '/calendar/..%2F..%2Fetc%2Fpasswd', `/calendar/${'A'.repeat(43)}`]) expect((await fetchFeed(path)).status, path).toBe(404);
    const client2Link = await makeLink(client2);
    const admin = await t.login('admin');
    await t.request(`/api/users/${t.users.client2}`, { method: 'PATCH', cookie: admin, json: { disabled: true } });
    expect((await fetchFeed(client2Link)).status).toBe(404);
  });

  it('only the hash of the token is stored', async () => {
    const path = await makeLink(client);
    const token = /\/calendar\/(.+)\.ics$/.exec(path)![1]!;
    const rows = await t.db.all<{ token_hash: string }>('SELECT token_hash FROM calendar_tokens');
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });
});

/** node-ical reads an all-day DATE as local midnight of that day. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
