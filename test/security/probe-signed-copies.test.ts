import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { makeTestApp } from '../helpers/test-app.ts';
import { approve, matterWithDocument } from '../helpers/documents.ts';
import { pdfWith } from '../helpers/hostile-files.ts';

/**
 * Issue 19, defect 9: a signed copy could be attached to any executed document, one file to
 * many, never replaced and never downloaded. Now: per executed version with its hash,
 * replaceable with a reason (audited, the old copy kept), served to whoever may see the version.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney: string;
let paralegal: string;
let client: string;
let client2: string;
let docA: number;
let docB: number;

async function executed() {
  const { document, version } = await matterWithDocument(t);
  expect((await approve(t, attorney, document.id, version)).status).toBe(200);
  expect((await t.request(`/api/documents/${document.id}/status`, { method: 'POST', cookie: paralegal, json: { to: 'executed', executedOn: '2026-11-20' } })).status).toBe(200);
  return document.id as number;
}

const upload = (documentId: number, bytes: Buffer, reason?: string) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), 'signed.pdf');
  if (reason !== undefined) form.append('reason', reason);
  return t.request(`/api/documents/${documentId}/signed-copy`, { method: 'POST', cookie: paralegal, body: form });
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const first = pdfWith('% first signing\n');
const second = pdfWith('% corrected scan\n');

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  paralegal = await t.login('paralegal');
  client = await t.login('client');
  client2 = await t.login('client2');
  docA = await executed();
  docB = await executed();
});
afterAll(async () => t?.close());

describe('defect 9: signed copies', () => {
  it('stores one per executed version with its hash', async () => {
    const res = await upload(docA, first);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.signedCopy).toMatchObject({ sha256: sha(first), contentType: 'application/pdf', current: true, replacesId: null });
  });
  it('refuses the same file on a second document (409 signed_copy_elsewhere)', async () => {
    const res = await upload(docB, first);
    expect(res.status).toBe(409);
    expect((await res.json()).error.details.reason).toBe('signed_copy_elsewhere');
  });
  it('refuses a replacement without a reason, and the same file again', async () => {
    const noReason = await upload(docA, second);
    expect(noReason.status).toBe(409);
    expect((await noReason.json()).error.details.reason).toBe('signed_copy_exists');
    expect((await (await upload(docA, first, 'again')).json()).error.details.reason).toBe('signed_copy_unchanged');
  });
  it('replaces with a reason: audited, the old copy kept', async () => {
    const res = await upload(docA, second, 'The first scan missed page 4.');
    expect(res.status).toBe(201);
    const { signedCopies } = await (await t.request(`/api/documents/${docA}/signed-copies`, { cookie: attorney })).json();
    expect(signedCopies.map((c: { sha256: string; current: boolean }) => [c.sha256, c.current])).toEqual([[sha(first), false], [sha(second), true]]);
    expect(signedCopies[1].reason).toBe('The first scan missed page 4.');
    const events = await t.db.all<{ type: string; data: string }>("SELECT type, data FROM audit_events WHERE type = 'signed-copy.replaced'");
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ documentId: docA, sha256: sha(second), previousSha256: sha(first), reason: 'The first scan missed page 4.' });
  });
  it('is downloadable, byte for byte, by the roles that may see the version; another client gets 404', async () => {
    const { signedCopies } = await (await t.request(`/api/documents/${docA}/signed-copies`, { cookie: client })).json();
    expect(signedCopies).toHaveLength(1);
    expect(signedCopies[0]).toMatchObject({ sha256: sha(second), reason: null });
    const res = await t.request(`/api/documents/${docA}/signed-copies/${signedCopies[0].id}`, { cookie: client });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(sha(bytes)).toBe(sha(second));
    expect(res.headers.get('cache-control')).toBe('no-store');
    const all = (await (await t.request(`/api/documents/${docA}/signed-copies`, { cookie: attorney })).json()).signedCopies;
    expect((await t.request(`/api/documents/${docA}/signed-copies/${all[0].id}`, { cookie: client })).status).toBe(404);
    expect((await t.request(`/api/documents/${docA}/signed-copies/${all[0].id}`, { cookie: attorney })).status).toBe(200);
    expect((await t.request(`/api/documents/${docA}/signed-copies/${signedCopies[0].id}`, { cookie: client2 })).status).toBe(404);
    expect((await t.request(`/api/documents/${docB}/signed-copies/${signedCopies[0].id}`, { cookie: attorney })).status).toBe(404);
  });
  it('stored copies can be neither changed nor deleted', async () => {
    await expect(t.db.transaction((tx) => tx.run('UPDATE signed_copies SET reason = ? WHERE id = 1', ['x']))).rejects.toThrow(/immutable/);
    await expect(t.db.transaction((tx) => tx.run('DELETE FROM signed_copies'))).rejects.toThrow(/immutable/);
  });
});
