import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';
import { matterWithDocument } from './helpers/documents.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const severitySource = () => readFileSync(new URL('../clauses/msa/general.severability.md', import.meta.url), 'utf8');

describe('clause library', () => {
  it('browses and searches the library', async () => {
    t = await makeTestApp();
    const cookie = await t.login('paralegal');
    const all = await (await t.request('/api/clauses?kind=msa', { cookie })).json();
    expect(all.clauses.length).toBeGreaterThan(40);
    const found = await (await t.request(`/api/clauses?q=${encodeURIComponent('clinical-control')}`, { cookie })).json();
    expect(found.clauses.map((c: { id: string }) => c.id)).toEqual(['msa.clinical.reservation']);
    const literal = await (await t.request(`/api/clauses?q=${encodeURIComponent("' OR 1=1 --")}`, { cookie })).json();
    expect(literal.clauses).toEqual([]);
  });

  it('publishing a new version keeps documents on their pinned version; outdated drafts are listed and moved on request', async () => {
    t = await makeTestApp();
    const { attorney, document } = await matterWithDocument(t);
    const edited = severitySource().replace(/\n\n[\s\S]*$/, '\n\nIf any provision of this Agreement is held invalid or unenforceable, the remaining provisions stay in full force and effect.\n');
    const published = await t.request('/api/clauses/msa.general.severability/versions', { method: 'POST', cookie: attorney, json: { source: edited, note: 'Shorter severability clause' } });
    expect(published.status).toBe(201);
    expect((await published.json()).clause.version).toBe(2);
    const history = await (await t.request('/api/clauses/msa.general.severability', { cookie: attorney })).json();
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    const outdated = await (await t.request('/api/outdated-clauses', { cookie: attorney })).json();
    expect(outdated.documents).toEqual([expect.objectContaining({ documentId: document.id, outdated: [{ clauseId: 'msa.general.severability', pinnedVersion: 1, currentVersion: 2 }] })]);

    // A plain edit keeps the pinned clause version...
    const edit = await t.request(`/api/documents/${document.id}/clause-updates`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, clauseIds: ['msa.general.severability'] } });
    expect(edit.status).toBe(201);
    const moved = (await edit.json()).version;
    expect(moved.clausePins['msa.general.severability']).toBe(2);
    expect((await (await t.request('/api/outdated-clauses', { cookie: attorney })).json()).documents).toEqual([]);
    const audit = await t.db.all<{ type: string }>("SELECT type FROM audit_events WHERE type = 'clause.published'");
    expect(audit).toHaveLength(1);
  });

  it('refuses a broken clause with the field that is wrong, and paralegals cannot publish', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const broken = severitySource().replace('order: 1150', 'order: -4');
    const res = await t.request('/api/clauses/msa.general.severability/versions', { method: 'POST', cookie: attorney, json: { source: broken } });
    expect(res.status).toBe(422);
    expect(JSON.stringify((await res.json()).error.details.problems)).toMatch(/order/);
    const same = await t.request('/api/clauses/msa.general.severability/versions', { method: 'POST', cookie: attorney, json: { source: severitySource() } });
    expect(same.status).toBe(409);
    expect((await t.request('/api/clauses/msa.general.severability/versions', { method: 'POST', cookie: await t.login('paralegal'), json: { source: severitySource() } })).status).toBe(403);
  });
});
