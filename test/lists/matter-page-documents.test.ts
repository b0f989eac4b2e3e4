import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../server/db/documents.ts';
import { recordAudit } from '../../server/services/audit/record-audit.ts';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';

/**
 * Issue 21: the matter page lists the first page of its documents (keyset, 25), not all of
 * them, with a link to the next page of the documents list; its audit trail still names the
 * documents its events are about, on that page or not.
 */
type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
let t: TestApp;
let attorney = '';
let matterId = 0;
const ids: number[] = [];
const COUNT = 31;

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.client], staffUserIds: [] }) });
  matterId = (await res.json()).matter.id;
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < COUNT; i++) {
      const now = new Date(Date.UTC(2026, 10, 1, 12, i)).toISOString();
      const row = (await insertDocument(tx, { shortId: `MP-${i}`, matterId, kind: 'msa', title: `Side letter ${String(i).padStart(2, '0')}`, parentId: null, relation: null, createdBy: t.users.attorney, now }))!;
      ids.push(row.id);
    }
    // An event about the last document, which is not on the matter page's first page.
    const last = ids[COUNT - 1]!;
    await recordAudit(tx, { userId: t.users.attorney, role: 'attorney', ip: null, requestId: 'test' }, t.clock.now(), { type: 'version.created', matterId, object: { type: 'document', id: last }, data: { documentId: last, versionNo: 2, sha256: 'x', baseVersionNo: 1 } });
  });
}, 300_000);
afterAll(async () => t?.close());

const page = async (path: string) => {
  const res = await t.request(path, { cookie: attorney });
  expect(res.status, path).toBe(200);
  return res.text();
};
const titlesOn = (html: string) => [...html.matchAll(/>(Side letter \d\d)<\/a>/g)].map((m) => m[1]);

describe('the matter page and its documents', () => {
  it('shows the first 25 documents and links to the next page of the documents list', async () => {
    const html = await page(`/matters/${matterId}`);
    const first = titlesOn(html);
    expect(first).toHaveLength(25);
    expect(first).toEqual(Array.from({ length: 25 }, (_, i) => `Side letter ${String(i).padStart(2, '0')}`));
    const next = /<a href="(\/matters\/\d+\/documents\?cursor=[A-Za-z0-9_-]+)" rel="next">Next page of documents<\/a>/.exec(html)?.[1];
    expect(next).toBeTruthy();
    const rest = titlesOn(await page(next!));
    expect(rest).toEqual(Array.from({ length: COUNT - 25 }, (_, i) => `Side letter ${String(25 + i).padStart(2, '0')}`));
  });

  it('names a document in the audit trail even when it is not on the page', async () => {
    const html = await page(`/matters/${matterId}`);
    expect(html).toContain(`saved version 2 of “Side letter ${COUNT - 1}”`);
    const audit = await page(`/matters/${matterId}/audit`);
    expect(audit).toContain(`saved version 2 of “Side letter ${COUNT - 1}”`);
  });

  it('has no next link when every document fits on the page', async () => {
    const res = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ clientUserIds: [t.users.client], staffUserIds: [] }) });
    const html = await page(`/matters/${(await res.json()).matter.id}`);
    expect(html).not.toContain('Next page of documents');
  });
});
