import PizZip from 'pizzip';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

describe('documents API', () => {
  it('lists the document kinds with the JSON Schema of their answers', async () => {
    t = await makeTestApp();
    const res = await t.request('/api/document-kinds', { cookie: await t.login('attorney') });
    const { kinds } = await res.json();
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['msa', 'loc', 'formation-checklist']);
    const msa = kinds[0].answersSchema;
    expect(msa.properties.feeModel.enum).toContain('percent-collections');
    expect(msa.properties.effectiveDate['x-group']).toBe('Term');
  });

  it('creates an MSA with its first version, compliance report and a valid .docx', async () => {
    t = await makeTestApp();
    const { attorney, document, version } = await matterWithDocument(t);
    expect(document.status).toBe('draft');
    expect(version.versionNo).toBe(1);
    expect(version.compliance.ruleSetVersion).toBeTruthy();
    expect(version.compliance.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('msa.marketing-government-payers');
    const res = await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Management Services Agreement CW-[A-Z0-9]{8} draft-v1\.docx"; filename\*=UTF-8''/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('etag')).toBe(`"${version.sha256}"`);
    const xml = new PizZip(bytes).file('word/document.xml')!.asText();
    expect(xml).toContain('Lone Star Practice Management, LLC');
    expect(xml).not.toMatch(/undefined/);
  });

  it('refuses invalid answers with 422 naming each field, storing nothing', async () => {
    t = await makeTestApp();
    const { attorney, matter } = await matterWithDocument(t);
    const bad = { ...sample('msa'), effectiveDate: '2025-02-30', monthlyFee: -5, msoSignatory: { name: 'A\u202EB', title: 'CEO' }, extra: 1 };
    const res = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: bad } });
    expect(res.status).toBe(422);
    const paths = (await res.json()).error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['answers.effectiveDate', 'answers.monthlyFee', 'answers.msoSignatory.name', 'answers']));
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM documents'))?.n).toBe(1);
  });

  it('writes answer values that look like tags or markup literally', async () => {
    t = await makeTestApp();
    const answers = { ...sample('msa'), msoSignatory: { name: '{evil} {#loop}{/loop} {@raw} <w:p>&amp; "quoted" 😀 مرحبا', title: 'CEO' } };
    const { attorney, document } = await matterWithDocument(t, 'msa', answers);
    const res = await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney });
    const xml = new PizZip(Buffer.from(await res.arrayBuffer())).file('word/document.xml')!.asText();
    expect(xml).toContain('{evil} {#loop}{/loop} {@raw} &lt;w:p&gt;&amp;amp; ');
    expect(xml).toContain('😀 مرحبا');
  });

  it('a new version needs the current base; a stale base gets 409 with the rejected input', async () => {
    t = await makeTestApp();
    const { attorney, document } = await matterWithDocument(t);
    const edit = (base: number, fee: number) => t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: base, answers: { ...sample('msa'), monthlyFee: fee }, note: `fee ${fee}` } });
    const ok = await edit(1, 41000);
    expect(ok.status).toBe(201);
    expect((await ok.json()).version.versionNo).toBe(2);
    const stale = await edit(1, 39000);
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.details.currentVersionNo).toBe(2);
    expect(body.error.details.rejected.answers.monthlyFee).toBe(39000);
  });

  it('the document and version a create or an edit answers with are exactly what a later read returns', async () => {
    t = await makeTestApp();
    const { attorney, document, version } = await matterWithDocument(t);
    const read = async (versionNo: number) => ({
      document: (await (await t.request(`/api/documents/${document.id}`, { cookie: attorney })).json()).document,
      version: (await (await t.request(`/api/documents/${document.id}/versions/${versionNo}`, { cookie: attorney })).json()).version,
    });
    expect(await read(1)).toEqual({ document, version });
    const edit = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: { ...sample('msa'), monthlyFee: 41000 }, overrides: {}, choices: {}, note: 'fee' } });
    expect(edit.status).toBe(201);
    const edited = await edit.json();
    expect(await read(2)).toEqual({ document: edited.document, version: edited.version });
    expect(edited.document.currentVersionNo).toBe(2);
  });

  it('twenty parallel edits on one base: exactly one 201 and nineteen 409s, no gaps', async () => {
    t = await makeTestApp();
    const { attorney, document } = await matterWithDocument(t);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: { ...sample('msa'), monthlyFee: 40000 + i } } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const versions = await t.db.all<{ version_no: number }>('SELECT version_no FROM document_versions WHERE document_id = ? ORDER BY version_no', [document.id]);
    expect(versions.map((v) => v.version_no)).toEqual([1, 2]);
    const audit = await t.db.all<{ type: string }>("SELECT type FROM audit_events WHERE type IN ('version.created', 'version.conflict')");
    expect(audit.filter((a) => a.type === 'version.created')).toHaveLength(1);
    // Every refused save is audited, wherever it was caught.
    expect(audit.filter((a) => a.type === 'version.conflict')).toHaveLength(19);
  });

  it('version rows are immutable in the database', async () => {
    t = await makeTestApp();
    await matterWithDocument(t);
    await expect(t.db.transaction((tx) => tx.run('UPDATE document_versions SET note = ?', ['x']))).rejects.toThrow(/immutable/);
    await expect(t.db.transaction((tx) => tx.run('DELETE FROM document_versions'))).rejects.toThrow(/immutable/);
  });
});

describe('the executable gate', () => {
  it('refuses with 422 and the findings, accepts after the fix and acknowledgements, and audits them', async () => {
    t = await makeTestApp();
    const failing = { ...sample('msa'), initialTermMonths: 6 };
    const { attorney, document, version } = await matterWithDocument(t, 'msa', failing);
    const refused = await approve(t, attorney, document.id, version);
    expect(refused.status).toBe(422);
    const blocked = (await refused.json()).error.details.findings;
    expect(blocked.map((f: { ruleId: string }) => f.ruleId)).toContain('msa.term-at-least-one-year');
    expect(blocked.every((f: { citation: string; fix: string }) => f.citation && f.fix)).toBe(true);

    const fixed = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: sample('msa') } });
    const v2 = (await fixed.json()).version;
    expect(v2.compliance.summary.errors).toBe(0);
    const unacked = await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: attorney, json: { to: 'executable' } });
    expect(unacked.status).toBe(422);
    const accepted = await approve(t, attorney, document.id, v2);
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).document.status).toBe('executable');

    const acks = await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'warning.acknowledged'");
    expect(acks.length).toBeGreaterThan(0);
    expect(JSON.parse(acks[0]!.data).reason).toMatch(/Reviewed/);

    const file = await t.request(`/api/documents/${document.id}/versions/2/docx`, { cookie: attorney });
    const zip = new PizZip(Buffer.from(await file.arrayBuffer()));
    expect(zip.file('docProps/custom.xml')!.asText()).toContain('clausewright.inputsSha256');
    expect(zip.file('word/document.xml')!.asText()).toContain('DOCUMENT RECORD');
  });

  it('only attorneys mark executable; paralegals and clients are refused', async () => {
    t = await makeTestApp();
    const { document } = await matterWithDocument(t);
    expect((await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: await t.login('paralegal'), json: { to: 'executable' } })).status).toBe(403);
    // refused to clients before any lookup, whatever the id
    expect((await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: await t.login('client'), json: { to: 'executable' } })).status).toBe(403);
    expect((await t.request(`/api/documents/${document.id}/versions/1/acknowledgements`, { method: 'POST', cookie: await t.login('paralegal'), json: { ruleId: 'msa.marketing-government-payers', reason: 'x' } })).status).toBe(403);
  });

  it('clients see only executable documents of their own matters and download the signature-ready file', async () => {
    t = await makeTestApp();
    const { attorney, matter, document, version } = await matterWithDocument(t);
    const client = await t.login('client');
    expect((await (await t.request(`/api/matters/${matter.id}/documents`, { cookie: client })).json()).documents).toEqual([]);
    expect((await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: client })).status).toBe(404);
    expect((await approve(t, attorney, document.id, version)).status).toBe(200);
    const listed = await (await t.request(`/api/matters/${matter.id}/documents`, { cookie: client })).json();
    expect(listed.documents.map((d: { id: number }) => d.id)).toEqual([document.id]);
    const download = await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: client });
    expect(download.status).toBe(200);
    const other = await t.login('client2');
    expect((await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: other })).status).toBe(404);
    expect((await t.request(`/api/documents/${document.id}`, { cookie: other })).status).toBe(404);
  });

  it('an edit after executable makes a new draft and withdraws executable status', async () => {
    t = await makeTestApp();
    const { attorney, document, version } = await matterWithDocument(t);
    await approve(t, attorney, document.id, version);
    const edit = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: { ...sample('msa'), monthlyFee: 41000 } } });
    const { document: after } = await edit.json();
    expect(after.status).toBe('draft');
    expect(after.executableVersionNo).toBeNull();
  });
});
