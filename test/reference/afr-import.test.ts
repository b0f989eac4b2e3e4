import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { matterWithDocument, sample, approve } from '../helpers/documents.ts';
import { pdfFromPages, rulingPdf, tableFrom, type RulingSpec } from '../helpers/afr-ruling-pdf.ts';
import { cliBundle } from '../helpers/bundle.ts';
import { testBackend } from '../helpers/test-database.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const JANUARY_2027: RulingSpec = { month: '2027-01', revRul: 'Rev. Rul. 2027-1', table: tableFrom({ short: 3.9, mid: 4.1, long: 4.6 }) };
const FEBRUARY_2027: RulingSpec = { month: '2027-02', revRul: 'Rev. Rul. 2027-4', table: tableFrom({ short: 3.8, mid: 4.0, long: 4.5 }) };

const truncated = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length * 0.45));

/** Each bad file, the status and the stable reason it must get. */
const BAD_FILES: [string, () => Buffer, number, string][] = [
  ['not a PDF (a Word file)', () => Buffer.from('PK\u0003\u0004 a zip, not a PDF'), 422, 'not_pdf'],
  ['HTML after nothing', () => Buffer.from('<html><body>Rev. Rul. 2027-1</body></html>'), 422, 'not_pdf'],
  ['a PDF with no Table 1', () => pdfFromPages([[[[72, 'Rev. Rul. 2027-1']], [[72, 'A letter about something else.']]]]), 422, 'afr_table_missing'],
  ['a table whose month disagrees with the title', () => rulingPdf({ ...JANUARY_2027, titleMonth: '2027-02' }), 422, 'afr_month_mismatch'],
  ['a figure that does not parse', () => rulingPdf({ ...JANUARY_2027, figureText: ['mid-term', 'pct120', 2, '4.8O%'] }), 422, 'afr_figure_unreadable'],
  ['a missing row', () => rulingPdf({ ...JANUARY_2027, dropRow: ['long-term', 'pct130'] }), 422, 'afr_table_incomplete'],
  ['a figure off by a digit', () => rulingPdf({ ...JANUARY_2027, figureText: ['short-term', 'afr', 1, '3.09%'] }), 422, 'afr_table_inconsistent'],
  ['a truncated file', () => truncated(rulingPdf(JANUARY_2027)), 422, 'pdf_unreadable'],
  ['a scanned PDF without text', () => pdfFromPages([[], []]), 422, 'pdf_no_text'],
  ['an oversized file', () => Buffer.concat([rulingPdf(JANUARY_2027), Buffer.alloc(2.5 * 1024 * 1024, 0x20)]), 413, 'file_too_large'],
];

function upload(files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const f of files) form.append('file', new File([new Uint8Array(f.bytes)], f.name, { type: 'application/pdf' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

async function importRulings(cookie: string, files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) {
  return t.request('/api/admin/reference/afr/import', { method: 'POST', cookie, body: upload(files, fields) });
}

const state = async () => ({
  revisions: (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM reference_revisions'))!.n,
  audit: (await t.db.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE type LIKE 'reference.%'"))!.n,
  version: t.catalog.reference().afr.version,
});

describe('POST /api/admin/reference/afr/import', () => {
  it('imports a ruling: the month is on file at once with every figure, primary, hashed and audited; a loan made that month is checked against it', async () => {
    t = await makeTestApp();
    const { attorney, matter } = await matterWithDocument(t);
    const loc = { ...sample('loc'), effectiveDate: '2027-01-04', maturityDate: '2029-01-04', interestRatePct: 3.9, compounding: 'semiannual' };
    const before = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'loc', answers: loc } })).json();
    const missing = before.version.compliance.findings.find((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr');
    expect(missing).toMatchObject({ severity: 'error' });
    expect(missing.message).toMatch(/AFR for January 2027 \(2027-01\) is not on file/);
    expect(missing.fix).toMatch(/irs\.gov.*clausewright afr import/);

    const admin = await t.login('admin');
    const res = await importRulings(admin, [{ name: 'rr-27-01.pdf', bytes: rulingPdf(JANUARY_2027) }]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ imported: [{ month: '2027-01', revRul: 'Rev. Rul. 2027-1' }], replaced: [], unchanged: [] });
    expect(body.version).toMatch(/\+r1$/);
    const row = t.catalog.reference().afr.months.find((m) => m.month === '2027-01')!;
    expect(row).toMatchObject({ revRul: 'Rev. Rul. 2027-1', verification: 'primary', sources: ['https://www.irs.gov/pub/irs-drop/rr-27-01.pdf'], table: JANUARY_2027.table });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'reference.afr-imported'");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ imported: ['2027-01'], rulings: [{ month: '2027-01', revRul: 'Rev. Rul. 2027-1', sha256: row.sha256 }] });

    const after = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'loc', answers: loc } })).json();
    expect(after.version.compliance.findings.filter((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr')).toEqual([]);
    const below = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'loc', answers: { ...loc, interestRatePct: 3.89 } } })).json();
    expect(below.version.compliance.findings.find((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr')?.message).toMatch(/below the short-term AFR for January 2027 .* 3\.9% \(Rev\. Rul\. 2027-1\)/);
  });

  it.each(BAD_FILES)('refuses %s with a clear status and a stable reason, and changes nothing', async (_label, make, status, reason) => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const before = await state();
    const res = await importRulings(admin, [{ name: 'bad.pdf', bytes: make() }]);
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.details.reason).toBe(reason);
    expect(error.message).toMatch(/bad\.pdf: /);
    expect(await state()).toEqual(before);
  });

  it('imports all or nothing: one bad file among good ones stores none of them', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const res = await importRulings(admin, [
      { name: 'rr-27-01.pdf', bytes: rulingPdf(JANUARY_2027) },
      { name: 'scan.pdf', bytes: pdfFromPages([[]]) },
      { name: 'rr-27-04.pdf', bytes: rulingPdf(FEBRUARY_2027) },
    ]);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.message).toMatch(/1 of 3 files could not be imported; nothing was imported/);
    expect(error.details.files).toEqual([expect.objectContaining({ file: 'scan.pdf', reason: 'pdf_no_text' })]);
    expect((await state()).revisions).toBe(0);
  });

  it('refuses an oversized request body before reading it, and a request without a file', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const huge = await importRulings(admin, [{ name: 'huge.pdf', bytes: Buffer.alloc(9 * 1024 * 1024, 0x25) }]);
    expect(huge.status).toBe(413);
    const none = await t.request('/api/admin/reference/afr/import', { method: 'POST', cookie: admin, body: upload([], { replaceReason: 'x' }) });
    expect(none.status).toBe(400);
    expect((await none.json()).error.details.fields[0].path).toBe('file');
    expect((await state()).revisions).toBe(0);
  });

  it('re-importing the same ruling is a no-op; different figures for a month on file need a confirmed reason, then re-check the documents in force', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    expect((await importRulings(admin, [{ name: 'a.pdf', bytes: rulingPdf(JANUARY_2027) }])).status).toBe(200);
    const again = await (await importRulings(admin, [{ name: 'a.pdf', bytes: rulingPdf(JANUARY_2027) }])).json();
    expect(again).toMatchObject({ imported: [], replaced: [], unchanged: [{ month: '2027-01' }] });
    expect((await state()).revisions).toBe(1);

    // A loan in force made in January 2027 at 4.0% clears the imported 3.9% short-term rate.
    const { attorney, document, version } = await matterWithDocument(t, 'loc', { ...sample('loc'), effectiveDate: '2027-01-04', maturityDate: '2029-01-04', interestRatePct: 4.0 });
    expect((await approve(t, attorney, document.id, version)).status).toBe(200);

    const corrected: RulingSpec = { ...JANUARY_2027, table: tableFrom({ short: 4.05, mid: 4.1, long: 4.6 }) };
    const before = await state();
    const refused = await importRulings(admin, [{ name: 'b.pdf', bytes: rulingPdf(corrected) }]);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.details).toMatchObject({ reason: 'afr_month_differs', months: ['2027-01'] });
    expect(await state()).toEqual(before);

    const replaced = await (await importRulings(admin, [{ name: 'b.pdf', bytes: rulingPdf(corrected) }], { replaceReason: 'IRS corrected the January ruling' })).json();
    expect(replaced.replaced).toEqual([{ month: '2027-01', revRul: 'Rev. Rul. 2027-1' }]);
    expect(replaced.recheck.changes.map((c: { documentId: number }) => c.documentId)).toEqual([document.id]);
    expect(replaced.recheck.changes[0].added.map((f: { ruleId: string }) => f.ruleId)).toContain('loc.rate-at-least-afr');
    const audit = await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'reference.afr-imported' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(audit!.data)).toMatchObject({ replaced: ['2027-01'], reason: 'IRS corrected the January ruling' });
  });

  it('only admins import; the reference lists months missing since 2015-01', async () => {
    t = await makeTestApp();
    for (const who of ['attorney', 'paralegal', 'client'] as const) {
      expect((await importRulings(await t.login(who), [{ name: 'a.pdf', bytes: rulingPdf(JANUARY_2027) }])).status, who).toBe(403);
    }
    const ref = await (await t.request('/api/admin/reference', { cookie: await t.login('admin') })).json();
    // The test clock is 2026-11-22: September to November 2026 are not on file.
    expect(ref.afrMissing).toEqual(['2026-09', '2026-10', '2026-11']);
  });
});

describe('the admin page', () => {
  const page = (cookie: string, files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}) =>
    t.request('/admin/reference/afr/import', { method: 'POST', cookie, body: upload(files, fields) });

  it('lists missing months, imports a ruling, explains a refusal, and asks for a reason before replacing a month', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const listing = await (await t.request('/admin/reference', { cookie: admin })).text();
    expect(listing).toContain('140 months on file, the latest 2026-08 (Rev. Rul. 2026-13)');
    expect(listing).toContain('Missing since January 2015: 2026-09, 2026-10, 2026-11.');

    const bad = await page(admin, [{ name: 'scan.pdf', bytes: pdfFromPages([[]]) }]);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/scan\.pdf: The PDF has no text layer/);

    const ok = await page(admin, [{ name: 'rr-27-01.pdf', bytes: rulingPdf(JANUARY_2027) }]);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/Imported 2027-01\./);

    const changed = rulingPdf({ ...JANUARY_2027, table: tableFrom({ short: 4.2, mid: 4.1, long: 4.6 }) });
    const ask = await page(admin, [{ name: 'rr-27-01.pdf', bytes: changed }]);
    expect(ask.status).toBe(409);
    const asked = await ask.text();
    expect(asked).toContain('name="replaceReason"');
    expect(asked).toContain('Reason to replace 2027-01');
    const replaced = await page(admin, [{ name: 'rr-27-01.pdf', bytes: changed }], { replaceReason: 'Corrected ruling' });
    expect(replaced.status).toBe(200);
    expect(await replaced.text()).toMatch(/Replaced 2027-01\./);
    expect(t.catalog.reference().afr.months.find((m) => m.month === '2027-01')!.table['short-term'].afr[1]).toBe(4.2);
  });

  it('is for admins only', async () => {
    t = await makeTestApp();
    expect((await page(await t.login('attorney'), [{ name: 'a.pdf', bytes: rulingPdf(JANUARY_2027) }])).status).toBe(403);
    expect((await state()).revisions).toBe(0);
  });
});

const BIN = cliBundle();

async function cli(args: string[], db: string) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, CLAUSEWRIGHT_DB: db } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each case starts the CLI several times (TypeScript loaded cold each time): generous budgets so a
// loaded two-core host does not turn a slow start into a failure.
// The command line on a SQLite file: the same on both passes, so only `npm test` runs it.
describe.skipIf(testBackend() === 'postgres')('clausewright afr import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-afr-'));

  it('exits 2 naming the reason for every bad file in a folder (one of each), and stores nothing', async () => {
    const db = join(dir, 'bad.db');
    const folder = join(dir, 'bad');
    mkdirSync(folder);
    for (const [, make, , reason] of BAD_FILES) writeFileSync(join(folder, `${reason}-${Math.random().toString(36).slice(2, 6)}.pdf`), make());
    writeFileSync(join(folder, 'rr-27-01.pdf'), rulingPdf(JANUARY_2027));
    const r = await cli(['afr', 'import', folder], db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${BAD_FILES.length} of ${BAD_FILES.length + 1} files could not be imported; nothing was imported`));
    for (const [label, , , reason] of BAD_FILES) expect(r.stderr, label).toMatch(new RegExp(`refused \\(${reason}\\)`));
    const status = await cli(['afr', 'status', '--json'], db);
    expect(JSON.parse(status.stdout).onFile.at(-1)).toBe('2026-08');
  }, 300_000);

  it('imports a folder, then says the same ruling is already on file; a differing one needs --replace-reason', async () => {
    const db = join(dir, 'good.db');
    const folder = join(dir, 'rulings');
    mkdirSync(folder);
    writeFileSync(join(folder, 'rr-27-01.pdf'), rulingPdf(JANUARY_2027));
    writeFileSync(join(folder, 'rr-27-04.pdf'), rulingPdf(FEBRUARY_2027));
    const first = await cli(['afr', 'import', folder], db);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/imported 2027-01 \(Rev\. Rul\. 2027-1\), 2027-02 \(Rev\. Rul\. 2027-4\)/);
    const again = await cli(['afr', 'import', join(folder, 'rr-27-01.pdf')], db);
    expect(again.stdout).toMatch(/already on file with the same figures: 2027-01/);
    const changed = join(dir, 'changed.pdf');
    writeFileSync(changed, rulingPdf({ ...JANUARY_2027, table: tableFrom({ short: 4.2, mid: 4.1, long: 4.6 }) }));
    const refused = await cli(['afr', 'import', changed], db);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/afr_month_differs[\s\S]*--replace-reason/);
    const replaced = await cli(['afr', 'import', changed, '--replace-reason', 'corrected ruling'], db);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/replaced 2027-01/);
  }, 300_000);
});
