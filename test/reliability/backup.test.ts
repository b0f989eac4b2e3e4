import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { demoLogin, startServerProcess, stop } from '../helpers/server-process.ts';
import { cliBundle } from '../helpers/bundle.ts';

const run = promisify(execFile);
const BIN = cliBundle();
const sample = JSON.parse(readFileSync(new URL('../../templates/msa/sample.json', import.meta.url), 'utf8'));

describe('backup and restore', () => {
  it('an online backup taken under write load restores to a consistent database the server starts on', async () => {
    const server = await startServerProcess();
    const { base } = server;
    const cookie = await demoLogin(base, 'attorney');
    const headers = { cookie, 'content-type': 'application/json', origin: base };
    const matterId = ((await (await fetch(`${base}/api/matters`, { headers: { cookie } })).json()) as { matters: { id: number }[] }).matters[0]!.id;
    const doc = (await (await fetch(`${base}/api/matters/${matterId}/documents`, { method: 'POST', headers, body: JSON.stringify({ kind: 'msa', answers: sample }) })).json()) as { document: { id: number } };
    let writing = true;
    let written = 1;
    const writer = (async () => {
      while (writing) {
        const res = await fetch(`${base}/api/documents/${doc.document.id}/versions`, { method: 'POST', headers, body: JSON.stringify({ baseVersionNo: written, answers: { ...sample, monthlyFee: 40000 + written } }) });
        expect(res.status).toBe(201);
        written++;
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const backupFile = join(dirname(server.dbFile), 'backup.db');
    const { stdout } = await run(process.execPath, [BIN, 'backup', backupFile], { env: { ...process.env, CLAUSEWRIGHT_DB: server.dbFile } });
    expect(stdout).toMatch(/integrity: ok/);
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writer;
    await stop(server);

    const db = await Database.open(backupFile);
    expect((await db.get<{ integrity_check: string }>('PRAGMA integrity_check'))?.integrity_check).toBe('ok');
    const numbers = (await db.all<{ version_no: number }>('SELECT version_no FROM document_versions WHERE document_id = ? ORDER BY version_no', [doc.document.id])).map((r) => r.version_no);
    expect(numbers.length).toBeGreaterThan(1);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const head = await db.get<{ current_version_no: number }>('SELECT current_version_no FROM documents WHERE id = ?', [doc.document.id]);
    expect(head?.current_version_no).toBe(numbers.length);
    await db.close();

    const restored = await startServerProcess({ dbFile: backupFile });
    const again = await demoLogin(restored.base, 'attorney');
    const versions = (await (await fetch(`${restored.base}/api/documents/${doc.document.id}/versions`, { headers: { cookie: again } })).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(numbers.length);
    await stop(restored);
    console.log(`backup: ${written} versions written during the run, ${numbers.length} in the backup, restored server served them all`);
  }, 300_000);
});
