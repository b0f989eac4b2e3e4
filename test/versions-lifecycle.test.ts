import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import { afterEach, describe, expect, it } from 'vitest';
import { TRANSITIONS, assertTransition, type DocumentStatus } from '../server/services/documents/lifecycle.ts';
import { AppError } from '../server/errors.ts';
import { makeTestApp } from './helpers/test-app.ts';
import { approve, matterWithDocument, sample } from './helpers/documents.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const STATUSES: DocumentStatus[] = ['draft', 'executable', 'executed', 'renewed', 'amended', 'terminated', 'expired'];
const ROLES = ['admin', 'attorney', 'paralegal', 'client'] as const;

describe('the lifecycle state machine', () => {
  // Every (from, to, role): allowed transitions pass; others give 409 (no such transition) or 403 (role).
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      for (const role of ROLES) {
        const roles = TRANSITIONS[from][to];
        const expected = !roles ? 409 : roles.includes(role) ? 'ok' : 403;
        it(`${from} → ${to} as ${role}: ${expected}`, () => {
          try {
            assertTransition(from, to, role);
            expect(expected).toBe('ok');
          } catch (error) {
            expect((error as AppError).status).toBe(expected);
            if (expected === 409) expect((error as AppError).details?.allowed).toEqual(Object.keys(TRANSITIONS[from]));
          }
        });
      }
    }
  }
});

describe('lifecycle over HTTP', () => {
  it('walks draft → executable → executed → renewed → terminated, refusing invalid steps with the allowed ones', async () => {
    t = await makeTestApp();
    const { attorney, document, version } = await matterWithDocument(t);
    const status = (cookie: string, body: object) => t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie, json: body });
    const skip = await status(attorney, { to: 'executed', executedOn: '2026-11-20' });
    expect(skip.status).toBe(409);
    expect((await skip.json()).error.details.allowed).toEqual(['executable']);
    expect((await approve(t, attorney, document.id, version)).status).toBe(200);
    const paralegal = await t.login('paralegal');
    expect((await status(paralegal, { to: 'executed' })).status).toBe(400); // needs executedOn
    expect((await status(paralegal, { to: 'executed', executedOn: '2026-11-20' })).status).toBe(200);
    expect((await status(await t.login('client'), { to: 'terminated' })).status).toBe(403);
    expect((await status(paralegal, { to: 'terminated' })).status).toBe(403);
    expect((await status(paralegal, { to: 'renewed' })).status).toBe(200);
    const ended = await status(attorney, { to: 'terminated' });
    expect((await ended.json()).document.status).toBe('terminated');
    expect((await status(attorney, { to: 'renewed' })).status).toBe(409);
    const edit = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: sample('msa') } });
    expect(edit.status).toBe(409);
    const changes = await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'status.changed' ORDER BY id");
    expect(changes.map((c) => JSON.parse(c.data).to)).toEqual(['executable', 'executed', 'renewed', 'terminated']);
  });

  it('an amendment is a new document linked to its parent', async () => {
    t = await makeTestApp();
    const { attorney, matter, document } = await matterWithDocument(t);
    const res = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', title: 'First Amendment to MSA', answers: sample('msa'), parentDocumentId: document.id, relation: 'amendment' } });
    expect(res.status).toBe(201);
    expect((await res.json()).document).toMatchObject({ parentDocumentId: document.id, relation: 'amendment' });
  });

  it('verifies stored bytes against their hash, and identifies an uploaded copy', async () => {
    t = await makeTestApp();
    const { attorney, document } = await matterWithDocument(t);
    const integrity = await (await t.request(`/api/documents/${document.id}/versions/1/integrity`, { cookie: attorney })).json();
    expect(integrity.ok).toBe(true);
    const bytes = Buffer.from(await (await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney })).arrayBuffer());
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'copy.docx');
    const found = await (await t.request('/api/documents/identify', { method: 'POST', cookie: attorney, body: form })).json();
    expect(found.matches).toEqual([{ documentId: document.id, versionNo: 1, purpose: 'version', title: 'Management Services Agreement' }]);
  });
});

describe('compare and redline', () => {
  it('diffs answers and clauses, and the redline holds real tracked changes that LibreOffice opens', async () => {
    t = await makeTestApp();
    const { attorney, document } = await matterWithDocument(t);
    const v2answers = { ...sample('msa'), monthlyFee: 39500, handlesPhi: false, services: sample('msa').services.filter((s: string) => s !== 'marketing') };
    const overrides = { 'msa.general.severability': 'If any provision of this Agreement is held invalid, the parties shall replace it with a valid provision that comes closest to their intent.' };
    const saved = await t.request(`/api/documents/${document.id}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 1, answers: v2answers, overrides } });
    expect(saved.status).toBe(201);
    const diff = await (await t.request(`/api/documents/${document.id}/compare?from=1&to=2`, { cookie: attorney })).json();
    expect(diff.answers.map((a: { path: string }) => a.path)).toEqual(expect.arrayContaining(['monthlyFee', 'handlesPhi', 'services']));
    // Labelled as the questionnaire labels them, for the compare page (never the internal key).
    expect(diff.answers.find((a: { path: string }) => a.path === 'monthlyFee').label).toBe('Flat monthly fee (USD)');
    const page = await t.request(`/documents/${document.id}/compare?from=1&to=2`, { cookie: attorney });
    const html = await page.text();
    expect(html).toContain('Flat monthly fee (USD)');
    expect(html).not.toMatch(/>monthlyFee</);
    // The removed marketing clause's text is shown, struck through.
    expect(html).toMatch(/<del>[\s\S]*?general marketing/);
    expect(diff.clauses.added.map((c: { id: string }) => c.id)).toContain('msa.hipaa.no-phi');
    expect(diff.clauses.removed.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['msa.hipaa.business-associate', 'msa.services.marketing']));
    expect(diff.clauses.changed.find((c: { id: string }) => c.id === 'msa.general.severability')).toMatchObject({ overriddenBefore: false, overriddenAfter: true, textChanged: true });

    const res = await t.request(`/api/documents/${document.id}/redline?from=1&to=2`, { cookie: attorney });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const xml = new PizZip(bytes).file('word/document.xml')!.asText();
    expect(xml).toMatch(/<w:ins [^>]*w:author="clausewright \(version 2\)"/);
    expect(xml).toMatch(/<w:del [^>]*w:date="/);
    expect(xml).toMatch(/<w:del [^>]*>(?:(?!<\/w:del>).)*42(?:(?!<\/w:del>).)*<\/w:del>/s);
    expect(xml).toMatch(/<w:ins [^>]*>(?:(?!<\/w:ins>).)*39(?:(?!<\/w:ins>).)*<\/w:ins>/s);
    const dir = mkdtempSync(join(tmpdir(), 'cw-redline-'));
    writeFileSync(join(dir, 'redline.docx'), bytes);
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'redline.docx')], { stdio: 'ignore', timeout: 120_000 });
    const text = execFileSync('pdftotext', [join(dir, 'redline.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/redline of version 1 against 2/i);
    expect(text).toMatch(/IN WITNESS WHEREOF/);
    expect(text).toMatch(/Severability/i);
    expect((await t.request(`/api/documents/${document.id}/redline?from=1&to=2`, { cookie: await t.login('client') })).status).toBe(403);
  });
});
