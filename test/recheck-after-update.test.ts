import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';
import { approve, sample } from './helpers/documents.ts';

/**
 * Issue 16: documents approved under the old reference (Oregon SB 951 with no effective date on
 * file, so its share-transfer rule only warned) are listed by the re-check once the corrected
 * reference is in force — the same function `clausewright recheck` and POST /api/admin/recheck call.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t?.close());

describe('re-check after the legal corrections', () => {
  it('lists an executable Oregon MSA whose share-transfer warning is now an error', async () => {
    const corrected = t.catalog.reference();
    const old = structuredClone(corrected);
    const sb951 = old.jurisdictions.rows.find((r) => r.code === 'OR')!.statutes.find((s) => s.id === 'or.sb951')!;
    sb951.effectiveDate = null;
    delete sb951.complianceBy;
    t.catalog.setReference(old);

    const attorney = await t.login('attorney');
    const owners = [{ name: 'Dr. Ada Park', licensed: true, licenseState: 'OR', isMso: false, ownershipPct: 100 }];
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ msoState: 'OR', peState: 'OR', governingLawState: 'OR', peEntityType: 'PC', owners }) })).json()).matter;
    const created = await (await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: { ...sample('msa'), shareTransferRestriction: true, practiceFormedOn: '2026-03-01' } } })).json();
    expect(created.version.compliance.findings).toContainEqual(expect.objectContaining({ ruleId: 'msa.state-share-transfer', severity: 'warning' }));
    expect((await approve(t, attorney, created.document.id, created.version)).status).toBe(200);

    t.catalog.setReference(corrected);
    const admin = await t.login('admin');
    const result = await (await t.request('/api/admin/recheck', { method: 'POST', cookie: admin })).json();
    const change = result.changes.find((c: { documentId: number }) => c.documentId === created.document.id);
    expect(change.added).toContainEqual(expect.objectContaining({ ruleId: 'msa.state-share-transfer', severity: 'error' }));
    expect(change.after.errors).toBeGreaterThan(change.before.errors);
  });
});
