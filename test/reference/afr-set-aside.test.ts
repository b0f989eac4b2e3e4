import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { insertReferenceRevision, listReferenceRevisions } from '../../server/db/reference.ts';
import { setAsideAfrRevisions } from '../../server/services/reference/reference-revisions.ts';
import { reference } from '../compliance/rule-input.ts';
import { tableFrom } from '../helpers/afr-ruling-pdf.ts';
import { makeTestApp } from '../helpers/test-app.ts';
import { cliBundle } from '../helpers/bundle.ts';
import { testBackend } from '../helpers/test-database.ts';

/**
 * AFR corrections entered by hand before every figure of Table 1 was kept hold only the annual
 * short-term rate; applyRevisions sets them aside. An administrator must be able to see that a
 * correction they entered is not what the checks use, and which months are missing as a result.
 */
const legacyRow = (month: string, shortTermAnnual: number) => ({ month, revRul: 'Rev. Rul. 2026-15', shortTermAnnual, midTermAnnual: null, longTermAnnual: null, midTerm120PctAnnual: null, sources: [], verification: 'unverified', midTerm120PctSources: [], midTerm120PctVerification: 'unverified', note: '' });
const fullRow = (month: string) => ({ month, revRul: 'Rev. Rul. 2026-15', table: tableFrom({ short: 3.9, mid: 4.0, long: 4.6 }), sources: ['https://www.irs.gov/pub/irs-drop/rr-26-15.pdf'], verification: 'primary' });
const revision = (table_name: 'afr' | 'jurisdiction', row_key: string, row: object, reason: string) => ({ table_name, row_key, row_json: JSON.stringify(row), author_id: null, created_at: '2026-10-05T03:00:00Z', reason });

let t: Awaited<ReturnType<typeof makeTestApp>> | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function withCorrections(file?: string) {
  t = await makeTestApp({ file });
  await t.db.transaction(async (tx) => {
    await insertReferenceRevision(tx, revision('afr', '2026-09', legacyRow('2026-09', 3.9), 'September entered from the IRS news release'));
    await insertReferenceRevision(tx, revision('afr', '2025-02', legacyRow('2025-02', 4.33), 'typo in the file'));
    await insertReferenceRevision(tx, revision('afr', '2026-10', fullRow('2026-10'), 'October, whole table'));
  });
  return t;
}

describe('AFR corrections set aside', () => {
  it('lists only the old-shape corrections, each with what is in force for its month', async () => {
    const app = await withCorrections();
    const rows = setAsideAfrRevisions(await listReferenceRevisions(app.db), reference);
    expect(rows.map((r) => r.month)).toEqual(['2026-09', '2025-02']);
    expect(rows[0]).toMatchObject({ shortTermAnnual: 3.9, reason: 'September entered from the IRS news release', inForce: null });
    const february = reference.afr.months.find((m) => m.month === '2025-02')!;
    expect(rows[1]!.inForce).toEqual({ revRul: february.revRul, shortTermAnnual: february.table['short-term'].afr[0], verification: february.verification });
  });

  it('the API and the admin page show them, naming the months that have no ruling on file', async () => {
    const app = await withCorrections();
    const admin = await app.login('admin');
    const body = await (await app.request('/api/admin/reference', { cookie: admin })).json();
    expect(body.afrSetAside.map((r: { month: string }) => r.month)).toEqual(['2026-09', '2025-02']);
    expect(body.afrSetAside[0].inForce).toBeNull();
    const page = await (await app.request('/admin/reference', { cookie: admin })).text();
    expect(page).toContain('Corrections set aside');
    expect(page).toContain('2 AFR corrections were entered by hand before every figure');
    expect(page).toContain('2026-09 has no ruling on file: import it');
    expect(page).toContain('Nothing: the month is missing');
    expect(page).toContain('3.90%');
  });

  it('the page says nothing of them when there are none', async () => {
    t = await makeTestApp();
    const page = await (await t.request('/admin/reference', { cookie: await t.login('admin') })).text();
    expect(page).not.toContain('Corrections set aside');
  });

  it.skipIf(testBackend() === 'postgres')('`clausewright afr status` names them too', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-afr-aside-')), 'db.sqlite');
    await (await withCorrections(file)).close();
    t = undefined;
    const { stdout } = await promisify(execFile)(process.execPath, [cliBundle(), 'afr', 'status'], { env: { ...process.env, CLAUSEWRIGHT_DB: file } });
    expect(stdout).toMatch(/2 hand-entered correction\(s\) set aside .*: 2026-09 \(no ruling on file\), 2025-02\n/);
    const json = JSON.parse((await promisify(execFile)(process.execPath, [cliBundle(), 'afr', 'status', '--json'], { env: { ...process.env, CLAUSEWRIGHT_DB: file } })).stdout);
    expect(json.setAside).toHaveLength(2);
  }, 300_000);
});
