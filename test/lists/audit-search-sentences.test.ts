import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_SENTENCE_WORDS, auditSentence, auditTypesForWord } from '../../web/audit-words.ts';
import type { AuditEvent } from '../../server/services/audit/list-audit.ts';
import { approve, matterWithDocument } from '../helpers/documents.ts';
import { makeTestApp } from '../helpers/test-app.ts';

/**
 * The audit trail page shows each event as a sentence ("saved version 2 of …", "recorded … as
 * executed on …") and who did it by name; its search finds events by those words and names as
 * well as by the stored event (its code and data).
 */
const event = (type: string, data: Record<string, unknown>): AuditEvent => ({ id: 1, at: '2026-11-22T15:00:00Z', type, actorUserId: 1, actorRole: 'attorney', ip: null, objectType: 'document', objectId: '5', data });
/** One or two events of each type, with the data its sentence reads. */
const SAMPLES: Record<string, AuditEvent[]> = {
  'matter.created': [event('matter.created', { title: 'Lone Star' })],
  'matter.updated': [event('matter.updated', { changed: [] })],
  'matter.client-invited': [event('matter.client-invited', { accountCreated: true, name: 'C', email: 'c@x' }), event('matter.client-invited', { accountCreated: false, name: 'C', email: 'c@x' })],
  'document.created': [event('document.created', { title: 'MSA', kind: 'msa', versionNo: 1 })],
  'version.created': [event('version.created', { versionNo: 2 })],
  'version.conflict': [event('version.conflict', { baseVersionNo: 1, currentVersionNo: 2 })],
  'version.downloaded': [event('version.downloaded', { versionNo: 2 })],
  'status.changed': [event('status.changed', { versionNo: 2, from: 'draft', to: 'executable' })],
  'warning.acknowledged': [event('warning.acknowledged', { versionNo: 2, reason: 'ok' })],
  'deadline.handled': [event('deadline.handled', { kind: 'notice' })],
  'renewal.recorded': [event('renewal.recorded', { newTermEnd: '2029-01-01' })],
  'checklist.updated': [event('checklist.updated', { changed: ['status'] })],
  'execution.recorded': [event('execution.recorded', { executedOn: '2026-11-20' })],
  'signed-copy.replaced': [event('signed-copy.replaced', { reason: 'better scan' })],
};

describe('the sentence words', () => {
  it.each(Object.entries(AUDIT_SENTENCE_WORDS))('%s: every word is in the sentence the page shows', (type, words) => {
    const sentences = SAMPLES[type]!.map((e) => auditSentence(e, { documents: new Map([[5, 'MSA']]) }).toLowerCase()).join(' ');
    for (const word of words.toLowerCase().split(/\s+/)) expect(sentences, `${type}: "${word}"`).toContain(word);
  });

  it('a word finds the types whose sentence has a word starting with it; short and common words find none', () => {
    expect(auditTypesForWord('saved')).toEqual(expect.arrayContaining(['version.created', 'version.conflict']));
    expect(auditTypesForWord('Execut')).toEqual(['execution.recorded']);
    expect(auditTypesForWord('accepted')).toEqual(['warning.acknowledged']);
    expect(auditTypesForWord('of')).toEqual([]);
    expect(auditTypesForWord('the')).toEqual([]);
  });
});

describe('/matters/{id}/audit searched by what it shows', () => {
  type TestApp = Awaited<ReturnType<typeof makeTestApp>>;
  let t: TestApp;
  let attorney = '';
  let matterId = 0;
  beforeAll(async () => {
    t = await makeTestApp();
    attorney = await t.login('attorney');
    const made = await matterWithDocument(t, 'msa');
    matterId = made.matter.id;
    expect((await approve(t, attorney, made.document.id, made.version)).status).toBe(200);
    const executed = await t.request(`/api/documents/${made.document.id}/status`, { method: 'POST', cookie: await t.login('paralegal'), json: { to: 'executed', executedOn: '2026-11-20' } });
    expect(executed.status).toBe(200);
  });
  afterAll(async () => t?.close());

  const rows = async (q: string) => {
    const html = await (await t.request(`/matters/${matterId}/audit?q=${encodeURIComponent(q)}`, { cookie: attorney })).text();
    return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).filter((r) => r && !/^When Who What$/.test(r));
  };

  it('finds “moved” and “accepted” by the sentence, though the stored event says status.changed and warning.acknowledged', async () => {
    const moved = await rows('moved');
    expect(moved.length).toBe(2);
    for (const r of moved) expect(r).toMatch(/moved “Management Services Agreement” version 1 from (draft to executable|executable to executed)/);
    const accepted = await rows('accepted warning');
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) expect(r).toContain('accepted a warning');
  });

  it('finds who did it by name', async () => {
    const byParalegal = await rows('Pat');
    expect(byParalegal.length).toBe(1);
    expect(byParalegal[0]).toContain('Pat Paralegal');
    expect((await rows('Avery')).every((r) => r.includes('Avery Attorney'))).toBe(true);
  });

  it('the stored words still match, and the API searches the stored event as before', async () => {
    expect((await rows('status')).length).toBeGreaterThan(0);
    const api = await (await t.request(`/api/matters/${matterId}/audit?q=executed`, { cookie: attorney })).json();
    expect(api.events.map((e: { type: string }) => e.type)).not.toContain('execution.recorded');
  });
});
