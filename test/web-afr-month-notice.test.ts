import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';
import { rulingPdf, tableFrom } from './helpers/afr-ruling-pdf.ts';

/**
 * The monthly AFR job on the home page: administrators (who import the IRS's rulings) and
 * attorneys (who draft the loans they test) are told when the firm's current month has no ruling
 * on file — a line of credit made then cannot be checked — and, after mid-month, when next month's
 * is not in yet. Paralegals and clients are not. The reference files hold 2015-01 … 2026-08; the
 * test clock reads 2026-11-22 15:00 UTC (10:00 in New York, the default firm zone).
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const home = async (who: 'admin' | 'attorney' | 'paralegal' | 'client') => (await t.request('/', { cookie: await t.login(who) })).text();
const notice = (html: string) => html.match(/<div class="notice" role="status" id="afr-month">([\s\S]*?)<\/div>/)?.[1];

const RULINGS = [
  { month: '2026-09', revRul: 'Rev. Rul. 2026-17' },
  { month: '2026-10', revRul: 'Rev. Rul. 2026-19' },
  { month: '2026-11', revRul: 'Rev. Rul. 2026-21' },
];
async function importMonths(months: { month: string; revRul: string }[]) {
  const form = new FormData();
  for (const m of months) form.append('file', new File([new Uint8Array(rulingPdf({ ...m, table: tableFrom({ short: 3.9, mid: 4.1, long: 4.6 }) }))], `${m.month}.pdf`, { type: 'application/pdf' }));
  const res = await t.request('/api/admin/reference/afr/import', { method: 'POST', cookie: await t.login('admin'), body: form });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('the AFR month notice on the home page', () => {
  it('tells an administrator this month’s ruling is missing, names the earlier gaps, and links to the import', async () => {
    t = await makeTestApp();
    const text = notice(await home('admin'));
    expect(text).toContain('The AFR for November 2026 is not on file.');
    expect(text).toContain('2 earlier months have no ruling on file (2026-09, 2026-10)');
    expect(text).toContain('href="/admin/reference#afr-import"');
  });

  it('tells an attorney too, without the administrator’s import link', async () => {
    t = await makeTestApp();
    const text = notice(await home('attorney'));
    expect(text).toContain('A line of credit made this month cannot be checked');
    expect(text).toContain('An administrator imports it');
    expect(text).not.toContain('/admin/reference');
  });

  it('paralegals and clients do not see it', async () => {
    t = await makeTestApp();
    expect(notice(await home('paralegal'))).toBeUndefined();
    expect(notice(await home('client'))).toBeUndefined();
  });

  it('once this month is on file: after mid-month it asks for next month’s ruling; before, it says nothing', async () => {
    t = await makeTestApp();
    await importMonths(RULINGS);
    const late = notice(await home('admin'));
    expect(late).toContain('The IRS usually publishes December 2026’s rates around the middle of this month');
    expect(late).not.toContain('is not on file');
    t.clock.current = new Date('2026-11-10T15:00:00Z');
    expect(notice(await home('admin'))).toBeUndefined();
    expect(notice(await home('attorney'))).toBeUndefined();
  });

  it('counts the month in the firm’s time zone (at 03:00 UTC on 1 December it is still 30 November in New York)', async () => {
    t = await makeTestApp();
    await importMonths(RULINGS);
    // 2026-12-01 03:00 UTC is 2026-11-30 22:00 in New York: still November there, so December is only expected, not missing.
    t.clock.current = new Date('2026-12-01T03:00:00Z');
    expect(notice(await home('admin'))).toContain('The IRS usually publishes December 2026’s rates');
    t.clock.current = new Date('2026-12-01T06:00:00Z');
    expect(notice(await home('admin'))).toContain('The AFR for December 2026 is not on file.');
  });
});
