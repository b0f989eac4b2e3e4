import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { summarize } from '../bench/stats.ts';
import { demoLogin, rssMb, startServerProcess, stop } from '../helpers/server-process.ts';

/**
 * 50 concurrent clients against a real SQLite file, mixing version creation, downloads and
 * dashboard reads (document list, deadlines due within 90 days, deadline counts). LOAD_SECONDS sets the length (CI 20 s; full run 60 s).
 * Asserts zero 5xx and zero lost or duplicated versions; reports p50/p95/p99 (never asserted).
 */
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
const CLIENTS = 50;
const sample = JSON.parse(readFileSync(new URL('../../templates/msa/sample.json', import.meta.url), 'utf8'));

describe('load', () => {
  it(`${CLIENTS} clients for ${SECONDS} s: no 5xx, no lost or duplicated versions`, async () => {
    const server = await startServerProcess();
    const { base } = server;
    const attorney = await demoLogin(base, 'attorney');
    const paralegal = await demoLogin(base, 'paralegal');
    const json = { 'content-type': 'application/json', origin: base };
    const matterId = ((await (await fetch(`${base}/api/matters`, { headers: { cookie: attorney } })).json()) as { matters: { id: number }[] }).matters[0]!.id;
    // Ten documents: five clients share each one, so edits race for the same base.
    const documents: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/api/matters/${matterId}/documents`, { method: 'POST', headers: { ...json, cookie: attorney }, body: JSON.stringify({ kind: 'msa', answers: sample }) });
      documents.push(((await res.json()) as { document: { id: number } }).document.id);
    }
    const created: { documentId: number; versionNo: number; sha256: string }[] = [];
    const latency: Record<string, number[]> = { create: [], download: [], read: [] };
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    let maxRss = 0;
    const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssMb(server.child.pid!))), 250);

    const client = async (n: number) => {
      const documentId = documents[n % documents.length]!;
      while (Date.now() < deadline) {
        const roll = Math.random();
        const start = performance.now();
        let kind: string;
        let res: Response;
        if (roll < 0.5) {
          kind = 'create';
          const info = (await (await fetch(`${base}/api/documents/${documentId}`, { headers: { cookie: attorney } })).json()) as { document: { currentVersionNo: number } };
          res = await fetch(`${base}/api/documents/${documentId}/versions`, { method: 'POST', headers: { ...json, cookie: attorney }, body: JSON.stringify({ baseVersionNo: info.document.currentVersionNo, answers: { ...sample, monthlyFee: 40000 + n } }) });
          if (res.status === 201) {
            const body = (await res.json()) as { version: { versionNo: number; sha256: string } };
            created.push({ documentId, versionNo: body.version.versionNo, sha256: body.version.sha256 });
          } else await res.arrayBuffer();
        } else if (roll < 0.75) {
          kind = 'download';
          res = await fetch(`${base}/api/documents/${documentId}/versions/1/docx`, { headers: { cookie: paralegal } });
          await res.arrayBuffer();
        } else {
          kind = 'read';
          // Dashboard reads: the document list, the deadlines due within 90 days, their counts.
          const reads = [`/api/matters/${matterId}/documents`, '/api/deadlines?withinDays=90', '/api/deadlines/summary'];
          res = await fetch(`${base}${reads[n % reads.length]}`, { headers: { cookie: paralegal } });
          await res.arrayBuffer();
        }
        latency[kind]!.push(performance.now() - start);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 404 || res.status >= 500) unexpected.push(`${kind} ${res.url} ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    clearInterval(sampler);

    // Every 201 is readable afterwards, through the API and in the file.
    for (const c of created.slice(0, 200)) {
      const res = await fetch(`${base}/api/documents/${c.documentId}/versions/${c.versionNo}`, { headers: { cookie: attorney } });
      expect(((await res.json()) as { version: { sha256: string } }).version.sha256).toBe(c.sha256);
    }
    await stop(server);
    const db = await Database.open(server.dbFile);
    for (const c of created) {
      const row = await db.get<{ sha256: string }>('SELECT sha256 FROM document_versions WHERE document_id = ? AND version_no = ?', [c.documentId, c.versionNo]);
      expect(row?.sha256).toBe(c.sha256);
    }
    const keys = created.map((c) => `${c.documentId}:${c.versionNo}`);
    expect(new Set(keys).size).toBe(keys.length); // no version acknowledged twice
    for (const id of documents) {
      const numbers = (await db.all<{ version_no: number }>('SELECT version_no FROM document_versions WHERE document_id = ? ORDER BY version_no', [id])).map((r) => r.version_no);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
    await db.close();
    const fiveHundreds = [...statuses.entries()].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    expect(fiveHundreds).toBe(0);
    expect(unexpected).toEqual([]);
    const report = Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, summarize(v)]));
    console.log(`load: ${CLIENTS} clients × ${SECONDS}s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; versions created ${created.length}; max RSS ${Math.round(maxRss)} MB; latency ms ${JSON.stringify(report)}`);
  }, 600_000);
});
