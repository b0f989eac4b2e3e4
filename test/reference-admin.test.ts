import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';
import { tableFrom } from './helpers/afr-ruling-pdf.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

// A month entered by hand (the importer is the usual way; this is the correction route).
const january2027 = {
  month: '2027-01',
  revRul: 'Rev. Rul. 2027-1',
  table: tableFrom({ short: 3.9, mid: 4.05, long: 4.6 }),
  sources: ['https://www.irs.gov/pub/irs-drop/rr-27-01.pdf'],
  verification: 'secondary',
  note: 'Test row entered by an administrator.',
};

describe('reference data administration', () => {
  it('an admin adds an AFR month; it takes effect at once, versioned and audited', async () => {
    t = await makeTestApp();
    const { attorney, matter } = await matterWithDocument(t);
    const loc = { ...sample('loc'), effectiveDate: '2027-01-04', maturityDate: '2029-01-04' };
    const before = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'loc', answers: loc } })).json();
    expect(before.version.compliance.findings.map((f: { message: string }) => f.message).join(' ')).toMatch(/AFR for January 2027 \(2027-01\) is not on file/);

    const admin = await t.login('admin');
    const res = await t.request('/api/admin/reference/afr/2027-01', { method: 'PUT', cookie: admin, json: { row: january2027, reason: 'January 2027 ruling published' } });
    expect(res.status).toBe(200);
    expect((await res.json()).version).toMatch(/\+r1$/);

    const after = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'loc', answers: loc } })).json();
    // Entered by hand, not read from the ruling: the rate clears it, provisionally (a warning to confirm).
    expect(after.version.compliance.findings.filter((f: { ruleId: string }) => f.ruleId === 'loc.rate-at-least-afr').map((f: { severity: string }) => f.severity)).toEqual(['warning']);
    expect(after.version.compliance.referenceVersion).toMatch(/\+r1$/);
    const audit = await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'reference.updated'");
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ table: 'afr', key: '2027-01' });
  });

  it('refuses an invalid row, naming the field, and stores nothing', async () => {
    t = await makeTestApp();
    const admin = await t.login('admin');
    const res = await t.request('/api/admin/reference/afr/2027-01', { method: 'PUT', cookie: admin, json: { row: { ...january2027, table: { ...january2027.table, 'short-term': { ...january2027.table['short-term'], afr: [31, 30.5, 30, 29] } } }, reason: 'typo' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify((await res.json()).error.details.fields)).toMatch(/table/);
    const mismatch = await t.request('/api/admin/reference/afr/2027-02', { method: 'PUT', cookie: admin, json: { row: january2027, reason: 'wrong month' } });
    expect(mismatch.status).toBe(400);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM reference_revisions'))?.n).toBe(0);
  });

  it('only admins change reference data', async () => {
    t = await makeTestApp();
    for (const who of ['attorney', 'paralegal', 'client'] as const) {
      const res = await t.request('/api/admin/reference/afr/2027-01', { method: 'PUT', cookie: await t.login(who), json: { row: january2027, reason: 'x' } });
      expect(res.status, who).toBe(403);
    }
  });

  it('re-check lists the in-force documents whose findings a correction changes', async () => {
    t = await makeTestApp();
    const { attorney, document, version } = await matterWithDocument(t);
    expect((await approve(t, attorney, document.id, version)).status).toBe(200);
    const admin = await t.login('admin');
    const none = await (await t.request('/api/admin/recheck', { method: 'POST', cookie: admin })).json();
    expect(none).toEqual({ checked: 1, changes: [] });

    const texas = (await (await t.request('/api/admin/reference', { cookie: admin })).json()).jurisdictions.find((j: { code: string }) => j.code === 'TX');
    const corrected = { ...texas, professionalEntityTypes: ['PA'] };
    expect((await t.request('/api/admin/reference/jurisdictions/TX', { method: 'PUT', cookie: admin, json: { row: corrected, reason: 'test correction' } })).status).toBe(200);
    const changed = await (await t.request('/api/admin/recheck', { method: 'POST', cookie: admin })).json();
    expect(changed.checked).toBe(1);
    expect(changed.changes[0].documentId).toBe(document.id);
    expect(changed.changes[0].added.map((f: { ruleId: string }) => f.ruleId)).toContain('entity.pe-type-allowed');
  });
});
