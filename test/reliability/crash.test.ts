import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { demoLogin, startServerProcess, stop } from '../helpers/server-process.ts';

/**
 * kill -9 the server at random moments while versions are being written, restart it on the
 * same file, and check: integrity_check ok, no half-written version, every 201 still present
 * with the same bytes, version numbers contiguous, one audit event per version.
 * CRASH_KILLS sets the number of kills (default 20; the nightly run uses 200).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const WRITERS = 4;
const sample = JSON.parse(readFileSync(new URL('../../templates/msa/sample.json', import.meta.url), 'utf8'));

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-write without losing an acknowledged version`, async () => {
    let server = await startServerProcess();
    const dbFile = server.dbFile;
    const acknowledged: { documentId: number; versionNo: number; sha256: string }[] = [];
    // One document per writer, so each writer's base version is always its own last success.
    let cookie = await demoLogin(server.base, 'attorney');
    const matterId = ((await (await fetch(`${server.base}/api/matters`, { headers: { cookie } })).json()) as { matters: { id: number }[] }).matters[0]!.id;
    const documents: number[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const res = await fetch(`${server.base}/api/matters/${matterId}/documents`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: server.base }, body: JSON.stringify({ kind: 'msa', answers: sample }) });
      const body = (await res.json()) as { document: { id: number }; version: { versionNo: number; sha256: string } };
      documents.push(body.document.id);
      acknowledged.push({ documentId: body.document.id, versionNo: 1, sha256: body.version.sha256 });
    }
    let kills = 0;
    while (kills < KILLS) {
      const base = server.base;
      const writer = async (documentId: number) => {
        for (;;) {
          const current = Math.max(...acknowledged.filter((a) => a.documentId === documentId).map((a) => a.versionNo));
          try {
            const res = await fetch(`${base}/api/documents/${documentId}/versions`, {
              method: 'POST',
              headers: { cookie, 'content-type': 'application/json', origin: base },
              body: JSON.stringify({ baseVersionNo: current, answers: { ...sample, monthlyFee: 40000 + Math.floor(Math.random() * 5000) } }),
            });
            if (res.status === 201) {
              const body = (await res.json()) as { version: { versionNo: number; sha256: string } };
              acknowledged.push({ documentId, versionNo: body.version.versionNo, sha256: body.version.sha256 });
            } else if (res.status === 409) {
              // The version committed but its 201 was lost to the previous kill: learn the head and go on.
              const info = (await (await fetch(`${base}/api/documents/${documentId}`, { headers: { cookie } })).json()) as { document: { currentVersionNo: number } };
              const v = (await (await fetch(`${base}/api/documents/${documentId}/versions/${info.document.currentVersionNo}`, { headers: { cookie } })).json()) as { version: { versionNo: number; sha256: string } };
              acknowledged.push({ documentId, versionNo: v.version.versionNo, sha256: v.version.sha256 });
            } else throw new Error(`unexpected ${res.status}`);
          } catch {
            return; // the server died under us
          }
        }
      };
      const writing = Promise.all(documents.map(writer));
      // Long enough for writes to commit, short enough that one is usually in flight when the kill lands.
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 1300));
      await stop(server, 'SIGKILL');
      await writing;
      kills++;
      server = await startServerProcess({ dbFile });
      cookie = await demoLogin(server.base, 'attorney');
    }
    await stop(server);

    const db = await Database.open(dbFile);
    expect((await db.get<{ integrity_check: string }>('PRAGMA integrity_check'))?.integrity_check).toBe('ok');
    expect(await db.all('PRAGMA foreign_key_check')).toEqual([]);
    for (const a of acknowledged) {
      const row = await db.get<{ sha256: string; docx: Buffer }>('SELECT sha256, docx FROM document_versions WHERE document_id = ? AND version_no = ?', [a.documentId, a.versionNo]);
      expect(row, `${a.documentId} v${a.versionNo}`).toBeDefined();
      expect(row!.sha256).toBe(a.sha256);
      expect(createHash('sha256').update(row!.docx).digest('hex')).toBe(row!.sha256);
    }
    for (const id of documents) {
      const numbers = (await db.all<{ version_no: number }>('SELECT version_no FROM document_versions WHERE document_id = ? ORDER BY version_no', [id])).map((r) => r.version_no);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      const head = await db.get<{ current_version_no: number }>('SELECT current_version_no FROM documents WHERE id = ?', [id]);
      expect(head?.current_version_no).toBe(numbers.length);
    }
    const versions = (await db.get<{ n: number }>('SELECT count(*) AS n FROM document_versions'))!.n;
    const events = (await db.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE type IN ('version.created', 'document.created')"))!.n;
    expect(events).toBe(versions);
    await db.close();
    console.log(`crash test: ${kills} kills, ${acknowledged.length} acknowledged writes, ${versions} versions stored, 0 lost`);
  }, 600_000);
});
