import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/db/database.ts';
import { listAuditAll } from '../../server/db/audit.ts';
import { hashAuditRow } from '../../server/services/audit/record-audit.ts';
import { summarize } from '../bench/stats.ts';
import { findPostgresBin, startPostgres } from '../helpers/postgres-server.ts';
import { demoLogin, startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';
import { InFlightFailure, RoundRobinClient } from '../helpers/round-robin.ts';

/**
 * Two app servers on one PostgreSQL database behind a round-robin client (issue 22): 50 clients
 * for TWO_NODES_SECONDS (default 60) create versions of shared documents and new documents (both
 * audited) and read the dashboards; halfway through one node is killed with SIGKILL. Afterwards,
 * read from the database itself: every version acknowledged with a 2xx is there with its number
 * and hash, no version twice, numbers contiguous per document, one audit event per version, the
 * audit hash chain intact — and the hourly deadline roll, whose lease the dead node held, is run
 * by the survivor once the lease (CLAUSEWRIGHT_JOB_LEASE_SECONDS, short here) expires.
 * Requests that were in flight on the killed node may fail; they are counted, never retried
 * (their outcome is unknown), and none of them counts as acknowledged.
 */
const PG_BIN = findPostgresBin();
if (!PG_BIN) console.warn('Two-node test skipped: no PostgreSQL binaries (initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH; test/run-all.sh installs the Debian package postgresql).');

const SECONDS = Number(process.env.TWO_NODES_SECONDS ?? 60);
const CLIENTS = 50;
const SHARED_DOCUMENTS = 10;
/** Short, so the survivor takes the roll over within the run (the default is minutes). */
const LEASE_SECONDS = 5;
const ROLL_JOB = 'deadline-roll';
const sample = JSON.parse(readFileSync(new URL('../../templates/msa/sample.json', import.meta.url), 'utf8'));

interface Acknowledged {
  documentId: number;
  versionNo: number;
  sha256: string;
  node: number;
  at: number;
}

type Kind = 'version' | 'document' | 'read';

describe.skipIf(!PG_BIN)('two app servers on one PostgreSQL, one killed midway', () => {
  it(`${CLIENTS} clients × ${SECONDS} s, SIGKILL at half time: no acknowledged version lost or duplicated, chain intact, the roll survives`, async () => {
    const postgres = await startPostgres(PG_BIN!);
    const nodes: ServerProcess[] = [];
    let db: Store | undefined;
    try {
      const url = await postgres.createDatabase();
      // Both nodes share the key that seals secrets; the first seeds the demo firm, the second finds it.
      const env = { DATABASE_URL: url, CLAUSEWRIGHT_SECRET_KEY: randomBytes(32).toString('hex'), CLAUSEWRIGHT_JOB_LEASE_SECONDS: String(LEASE_SECONDS) };
      nodes.push(await startServerProcess({ env: { ...env, CLAUSEWRIGHT_SEED_DEMO: '1' } }));
      nodes.push(await startServerProcess({ env: { ...env, CLAUSEWRIGHT_SEED_DEMO: '0' } }));
      const client = new RoundRobinClient(nodes.map((n) => n.base));
      // Sessions live in the database: a cookie from one node is good on the other.
      const attorney = await demoLogin(nodes[0]!.base, 'attorney');
      const paralegal = await demoLogin(nodes[1]!.base, 'paralegal');
      const json = { 'content-type': 'application/json', cookie: attorney };
      const matterId = ((await (await client.fetch('/api/matters', { headers: { cookie: attorney } })).res.json()) as { matters: { id: number }[] }).matters[0]!.id;

      const started = Date.now();
      const acknowledged: Acknowledged[] = [];
      const createDocument = async () => {
        const { res, node } = await client.fetch(`/api/matters/${matterId}/documents`, { method: 'POST', headers: json, body: JSON.stringify({ kind: 'msa', answers: sample }) });
        if (res.status !== 201) return res;
        const body = (await res.json()) as { document: { id: number }; version: { versionNo: number; sha256: string } };
        acknowledged.push({ documentId: body.document.id, versionNo: body.version.versionNo, sha256: body.version.sha256, node, at: Date.now() });
        return res;
      };
      const shared: number[] = [];
      for (let i = 0; i < SHARED_DOCUMENTS; i++) {
        await createDocument();
        shared.push(acknowledged.at(-1)!.documentId);
      }
      // A document nobody edits, whose deadlines only the roll will touch (see below).
      await createDocument();
      const rollProbe = acknowledged.at(-1)!.documentId;

      // The node holding the roll's lease when the kill comes is the one killed, so the survivor must take it over.
      db = await openStore(url);
      const leaseHolder = async () => (await db!.get<{ holder: string }>('SELECT holder FROM job_leases WHERE job = ?', [ROLL_JOB]))?.holder;
      const nodeOf = (holder: string | undefined) => nodes.findIndex((n) => holder?.split('/')[1] === String(n.child.pid));
      await waitFor(leaseHolder, (h) => nodeOf(h) >= 0, 30_000);
      // Every change of holder, with the second it was seen: a holder whose renewal is late loses the lease.
      const holders: { node: number; at: number }[] = [];
      const leaseWatch = setInterval(() => void leaseHolder().then((h) => nodeOf(h) !== holders.at(-1)?.node && holders.push({ node: nodeOf(h), at: Math.round((Date.now() - started) / 1000) })), 250);

      const statuses = new Map<string, number>();
      const inFlightFailures: Record<Kind, number> = { version: 0, document: 0, read: 0 };
      const latency: Record<Kind, number[]> = { version: [], document: [], read: [] };
      const runStart = Date.now();
      const end = runStart + SECONDS * 1000;
      let killedAt = 0;

      const worker = async (n: number) => {
        const documentId = shared[n % shared.length]!;
        while (Date.now() < end) {
          const roll = Math.random();
          const kind: Kind = roll < 0.6 ? 'version' : roll < 0.7 ? 'document' : 'read';
          const t0 = performance.now();
          try {
            let res: Response;
            if (kind === 'version') {
              const info = (await (await client.fetch(`/api/documents/${documentId}`, { headers: { cookie: attorney } })).res.json()) as { document: { currentVersionNo: number } };
              const answer = await client.fetch(`/api/documents/${documentId}/versions`, {
                method: 'POST',
                headers: json,
                body: JSON.stringify({ baseVersionNo: info.document.currentVersionNo, answers: { ...sample, monthlyFee: 40000 + Math.floor(Math.random() * 5000) } }),
              });
              res = answer.res;
              if (res.status === 201) {
                const body = (await res.json()) as { version: { versionNo: number; sha256: string } };
                acknowledged.push({ documentId, versionNo: body.version.versionNo, sha256: body.version.sha256, node: answer.node, at: Date.now() });
              } else await res.arrayBuffer();
            } else if (kind === 'document') {
              res = await createDocument();
              if (!res.bodyUsed) await res.arrayBuffer();
            } else {
              const reads = [`/api/matters/${matterId}/documents`, '/api/deadlines?withinDays=90', '/api/deadlines/summary'];
              res = (await client.fetch(reads[n % reads.length]!, { headers: { cookie: paralegal } })).res;
              await res.arrayBuffer();
            }
            latency[kind].push(performance.now() - t0);
            const key = `${kind} ${res.status}`;
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
          } catch (error) {
            if (!(error instanceof InFlightFailure)) throw error;
            inFlightFailures[kind]++;
          }
        }
      };
      let victim = -1;
      let probeAtKill: string | null = null;
      let rolledAfterKill = false;
      const rollOn = async () => (await db!.get<{ d: string | null }>('SELECT deadlines_roll_on AS d FROM documents WHERE id = ?', [rollProbe]))!.d;
      const killer = (async () => {
        await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
        // Make the probe due for rolling just before the kill. The holder ran the roll when it
        // took the lease and runs it next in an hour; the survivor runs it when it takes over.
        await db!.transaction((tx) => tx.run("UPDATE documents SET deadlines_roll_on = '2000-01-01' WHERE id = ?", [rollProbe]));
        victim = nodeOf(await leaseHolder());
        await stop(nodes[victim]!, 'SIGKILL');
        // Taken once the process is gone: any answer after this came from the survivor.
        killedAt = Date.now();
        probeAtKill = await rollOn();
        // A roll sets the next day its series can move, or none (NULL) for a draft like the probe.
        rolledAfterKill = await waitFor(rollOn, (d) => d !== '2000-01-01', LEASE_SECONDS * 1000 + 60_000).then(() => true, () => false);
      })();
      await Promise.all([...Array.from({ length: CLIENTS }, (_, n) => worker(n)), killer]);
      clearInterval(leaseWatch);

      const survivor = 1 - victim;
      const afterKill = acknowledged.filter((a) => a.at > killedAt);
      const versions = (await db.get<{ n: number }>('SELECT count(*) AS n FROM document_versions'))!.n;
      const events = (await db.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE type IN ('version.created', 'document.created')"))!.n;
      const report = {
        acknowledged: acknowledged.length,
        afterKill: afterKill.length,
        storedVersions: versions,
        storedUnacknowledged: versions - acknowledged.length,
        inFlightFailures,
        failovers: client.failovers,
        statuses: Object.fromEntries(statuses),
        leaseHolders: holders,
        probeAtKill,
        rolledAfterKill,
        latencyMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, summarize(v)])),
      };
      console.log(`two nodes: ${CLIENTS} clients × ${SECONDS}s, node ${victim} (the roll's lease holder) load from ${Math.round((runStart - started) / 1000)}s, killed at ${Math.round((killedAt - started) / 1000)}s (seconds since setup began): ${JSON.stringify(report)}`);

      // The survivor took the lease over after the kill and ran the roll.
      expect(nodeOf(await leaseHolder()), 'the roll lease is held by the surviving node').toBe(survivor);
      expect(probeAtKill, 'the probe was not rolled before the kill (the lease did not change hands between the probe and the kill)').toBe('2000-01-01');
      expect(rolledAfterKill, 'the roll ran after the kill (the probe document was rolled)').toBe(true);
      // Every acknowledged version is stored, with the number and hash the client was given.
      for (const a of acknowledged) {
        const row = await db.get<{ sha256: string }>('SELECT sha256 FROM document_versions WHERE document_id = ? AND version_no = ?', [a.documentId, a.versionNo]);
        expect(row?.sha256, `document ${a.documentId} v${a.versionNo} (acknowledged by node ${a.node})`).toBe(a.sha256);
      }
      const keys = acknowledged.map((a) => `${a.documentId}:${a.versionNo}`);
      expect(new Set(keys).size, 'no version acknowledged twice').toBe(keys.length);
      // Numbers contiguous and the head matching, for every document in the database.
      const documents = await db.all<{ id: number; current_version_no: number }>('SELECT id, current_version_no FROM documents ORDER BY id');
      for (const d of documents) {
        const numbers = (await db.all<{ version_no: number }>('SELECT version_no FROM document_versions WHERE document_id = ? ORDER BY version_no', [d.id])).map((r) => r.version_no);
        expect(numbers, `document ${d.id}`).toEqual(numbers.map((_, i) => i + 1));
        expect(d.current_version_no, `document ${d.id} head`).toBe(numbers.length);
      }
      // One audit event per stored version: none written twice, none missing; the chain recomputes.
      expect(events).toBe(versions);
      const chainLength = await expectIntactChain(db);
      expect(chainLength).toBeGreaterThanOrEqual(events);

      expect(afterKill.length, 'the surviving node went on acknowledging versions').toBeGreaterThan(0);
      expect(afterKill.every((a) => a.node === survivor)).toBe(true);
      const fiveHundreds = [...statuses].filter(([k]) => Number(k.split(' ')[1]) >= 500);
      expect(fiveHundreds.filter(([k]) => !k.endsWith(' 503')), 'no 500s').toEqual([]);
    } finally {
      await db?.close();
      for (const node of nodes) await stop(node, 'SIGKILL');
      postgres.stop();
    }
  }, 600_000);
});

/** Polls `read` until `done` holds for its value (every 250 ms), failing after `ms`. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`waited ${ms} ms in vain; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every audit row's prev_hash is the row before's row_hash, and its row_hash is recomputed from its fields. */
async function expectIntactChain(db: Store): Promise<number> {
  const rows = await listAuditAll(db, 0, 1_000_000);
  let prev = '';
  rows.forEach((row, i) => {
    expect(row.prev_hash, `audit row ${i + 1} (id ${row.id}) follows the row before it`).toBe(prev);
    expect(row.row_hash, `audit row ${i + 1} hash`).toBe(hashAuditRow(prev, row));
    prev = row.row_hash;
  });
  return rows.length;
}
