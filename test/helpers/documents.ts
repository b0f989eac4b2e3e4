import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { sampleMatter, type makeTestApp } from './test-app.ts';
import type { Catalog } from '../../server/services/documents/assemble-document.ts';

type TestApp = Awaited<ReturnType<typeof makeTestApp>>;

export const sample = (kind: 'msa' | 'loc' | 'formation-checklist') => JSON.parse(readFileSync(new URL(`../../templates/${kind}/sample.json`, import.meta.url), 'utf8'));

/** A matter owned by `client` with one document of `kind` created from the sample answers. */
export async function matterWithDocument(t: TestApp, kind: 'msa' | 'loc' | 'formation-checklist' = 'msa', answers: Record<string, unknown> = sample(kind)) {
  const attorney = await t.login('attorney');
  const matterRes = await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...sampleMatter(), clientUserIds: [t.users.client] } });
  expect(matterRes.status).toBe(201);
  const matter = (await matterRes.json()).matter;
  const docRes = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind, answers } });
  if (docRes.status !== 201) throw new Error(`create document: ${docRes.status} ${await docRes.text()}`);
  const { document, version } = await docRes.json();
  return { attorney, matter, document, version };
}

/** Acknowledges every warning of a version and marks it executable; returns the response. */
export async function approve(t: TestApp, cookie: string, documentId: number, version: { versionNo: number; compliance: { findings: { ruleId: string; severity: string }[] } }) {
  for (const ruleId of new Set(version.compliance.findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId))) {
    const ack = await t.request(`/api/documents/${documentId}/versions/${version.versionNo}/acknowledgements`, { method: 'POST', cookie, json: { ruleId, reason: 'Reviewed with the client; acceptable for this deal.' } });
    expect(ack.status).toBe(200);
  }
  return t.request(`/api/documents/${documentId}/status`, { method: 'POST', cookie, json: { to: 'executable', versionNo: version.versionNo } });
}

/**
 * A redline between two versions of the msa-tx-flat-phi fixture: the later one changes the fee
 * model (flat monthly → per provider) and drops marketing from the services, which removes the
 * marketing clause.
 */
export async function fixtureRedline(catalog: Catalog): Promise<Buffer> {
  const { redlineDocument } = await import('../../server/services/documents/compare.ts');
  const { answers, matter } = JSON.parse(readFileSync(new URL('../fixtures/deals/msa-tx-flat-phi/input.json', import.meta.url), 'utf8'));
  const { parseAnswers } = await import('../../server/services/documents/assemble-document.ts');
  const later = { ...answers, feeModel: 'per-provider', monthlyFee: undefined, perProviderFee: 9500, providerCount: 5, services: answers.services.filter((s: string) => s !== 'marketing') };
  return redlineDocument(catalog, {
    kind: 'msa',
    matter,
    before: { answers: parseAnswers('msa', answers) },
    after: { answers: parseAnswers('msa', later) },
    meta: { documentName: 'Management Services Agreement', versionLabel: '2', documentShortId: 'CW-REDLINE' },
    mark: { author: 'Avery Attorney', date: '2026-11-22T12:00:00Z' },
  });
}
