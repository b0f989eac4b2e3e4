import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLogin, startServerProcess, stop, type ServerProcess } from '../helpers/server-process.ts';

/**
 * The wiring (server/main.ts): with CLAUSEWRIGHT_SMTP_URL set, the real server (the production
 * bundle) sends the digests in its hourly deadline-roll job, which it runs as soon as it takes the
 * job's lease at start. A first start seeds the demo firm and sets the demo attorney's and
 * paralegal's reminder days to land on today; the restart with SMTP configured e-mails them,
 * with links on CLAUSEWRIGHT_PUBLIC_URL, from CLAUSEWRIGHT_MAIL_FROM.
 */
const received: { from: string; to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  hideSTARTTLS: true,
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
      callback();
    });
  },
});
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await stop(s);
  await new Promise<void>((done) => smtp.close(() => done()));
});

describe('the server sends the digests in its deadline-roll job when SMTP is configured', () => {
  it('e-mails the demo staff their reminder-day deadlines after a restart with CLAUSEWRIGHT_SMTP_URL', async () => {
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    const first = await startServerProcess();
    servers.push(first);
    const staff = ['attorney', 'paralegal'] as const;
    for (const role of staff) {
      const cookie = await demoLogin(first.base, role);
      const list = (await (await fetch(`${first.base}/api/deadlines?withinDays=365&status=open&limit=100`, { headers: { cookie } })).json()) as { deadlines: { daysUntilDue: number }[] };
      // Every distance to an open deadline in the coming year (at most ten): whatever matters this person is on, something lands today.
      const days = [...new Set(list.deadlines.map((d) => d.daysUntilDue).filter((n) => n >= 1 && n <= 365))].slice(0, 10);
      expect(days.length, `${role}: the demo firm has open deadlines in the coming year`).toBeGreaterThan(0);
      const put = await fetch(`${first.base}/api/deadlines/reminders`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', origin: first.base }, body: JSON.stringify({ daysBefore: days }) });
      expect(put.status).toBe(200);
    }
    await stop(first);
    servers.pop();

    const second = await startServerProcess({
      dbFile: first.dbFile,
      // Reminder hour 0: the test runs whenever CI does, not only after the firm's 07:00.
      env: { CLAUSEWRIGHT_SEED_DEMO: '0', CLAUSEWRIGHT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, CLAUSEWRIGHT_PUBLIC_URL: 'https://cw.example.test', CLAUSEWRIGHT_MAIL_FROM: 'Firm Deadlines <deadlines@firm.test>', CLAUSEWRIGHT_REMINDER_HOUR: '0' },
    });
    servers.push(second);
    for (let waited = 0; received.length === 0 && waited < 30_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    expect(received.length).toBeGreaterThan(0);
    for (const message of received) {
      expect(message.from).toBe('deadlines@firm.test');
      expect(message.to).toHaveLength(1);
      expect(['attorney@demo.clausewright.test', 'paralegal@demo.clausewright.test']).toContain(message.to[0]);
      expect(message.raw).toMatch(/^Subject: Deadlines for \d{4}-\d{2}-\d{2}: /m);
      expect(message.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')).toContain('https://cw.example.test/deadlines?matterId=');
    }
    // One each, however long the server keeps running.
    expect(new Set(received.map((m) => m.to[0])).size).toBe(received.length);
  });
});
