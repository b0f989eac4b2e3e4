import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { cliBundle } from '../helpers/bundle.ts';
import { sample } from '../helpers/documents.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { testBackend } from '../helpers/test-database.ts';
import { dateIn } from '../../server/services/deadlines/dates.ts';

/**
 * `clausewright reminders send`: the hourly job's digest step, run by hand (after fixing the SMTP
 * settings, say) at any hour, still once per person and firm day. The command line runs against
 * the real clock, so the task is made due on the real firm date.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cliBundle(), ...args], { env: { ...process.env, CLAUSEWRIGHT_SMTP_URL: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(testBackend() === 'postgres')('clausewright reminders send', () => {
  it('sends today’s digests now, once; says so; refuses without an SMTP server', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-remind-')), 'db.sqlite');
    const t = await makeTestApp({ file });
    closers.push(t.close);
    const attorney = await t.login('attorney');
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title: 'Reminder matter', staffUserIds: [t.users.paralegal] }) })).json()).matter as { id: number };
    expect((await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } })).status).toBe(201);
    const [task] = (await (await t.request(`/api/matters/${matter.id}/checklist`, { cookie: attorney })).json()).tasks as { id: number; rowVersion: number }[];
    const today = dateIn(new Date(), 'America/New_York');
    expect((await t.request(`/api/checklist-tasks/${task!.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: task!.rowVersion, dueDate: today } })).status).toBe(200);

    const smtp = await startSmtpServer();
    closers.push(smtp.close);
    const env = { CLAUSEWRIGHT_DB: file, CLAUSEWRIGHT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, CLAUSEWRIGHT_TIME_ZONE: 'America/New_York' };
    const first = await cli(['reminders', 'send'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/reminder digests: 2 sent, 0 already sent or being sent today, 0 refused/);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['attorney@example.test', 'paralegal@example.test']);

    const again = await cli(['reminders', 'send', '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(smtp.received).toHaveLength(2);

    const none = await cli(['reminders', 'send'], { CLAUSEWRIGHT_DB: file });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/CLAUSEWRIGHT_SMTP_URL is not set/);
  }, 300_000);
});
