import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter, TEST_PASSWORD } from '../helpers/test-app.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { sample } from '../helpers/documents.ts';
import { allDeadlines } from '../helpers/deadlines-api.ts';
import { postForm } from '../helpers/web.ts';
import { addMatterMember } from '../../server/db/matter-members.ts';
import { insertUser } from '../../server/db/users.ts';
import { hashPassword } from '../../server/services/auth/password.ts';
import { addDays, dateIn } from '../../server/services/deadlines/dates.ts';
import { sendReminderDigests } from '../../server/services/reminders/digest.ts';
import { transportMailer, type Mailer } from '../../server/services/reminders/mailer.ts';

/**
 * E-mail reminder digests against a real SMTP server (smtp-server on a random local port): one
 * e-mail per attorney or paralegal on the matter, listing exactly the open deadlines whose
 * reminder day (under their own schedule) is today, that fall due today or fell due yesterday;
 * none for a non-member, a client, an admin or someone who turned them off; once a firm day; a
 * refused send is retried by the next run. The test clock reads 2026-11-22 15:00 UTC.
 */
const TIME_ZONE = 'America/New_York';
const MATTER_TITLE = 'Clinic <script>alert(1)</script> & Sons';

let t: Awaited<ReturnType<typeof makeTestApp>>;
const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(() => done()))));
  await t?.close();
});

/** A local SMTP server that keeps what it is sent, closed after the test; `password` makes it require that login. */
async function smtpServer(options: { password?: string } = {}) {
  const smtp = await startSmtpServer(options);
  servers.push(smtp.server);
  return smtp;
}

const mailerTo = (port: number, auth?: { user: string; pass: string }): Mailer =>
  transportMailer(nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth, connectionTimeout: 5000 }), 'clausewright <no-reply@firm.test>');

/** The text/plain and text/html parts of a raw message, decoded (quoted-printable or base64). */
function partsOf(raw: string): { subject: string; text: string; html: string } {
  const decode = (headers: string, body: string) => {
    const bytes = /content-transfer-encoding:\s*base64/i.test(headers)
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : /content-transfer-encoding:\s*quoted-printable/i.test(headers)
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
        : Buffer.from(body, 'latin1');
    return bytes.toString('utf8');
  };
  const out = { subject: '', text: '', html: '' };
  const [head] = raw.split(/\r?\n\r?\n/);
  out.subject = /^Subject: (.*)$/im.exec(head!)?.[1] ?? '';
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  for (const part of boundary ? raw.split(`--${boundary}`) : [raw]) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const body = part.slice(split).replace(/^\r?\n\r?\n/, '');
    if (/content-type:\s*text\/plain/i.test(headers)) out.text = decode(headers, body);
    if (/content-type:\s*text\/html/i.test(headers)) out.html = decode(headers, body);
  }
  return out;
}

type ApiDeadline = { id: number; title: string; dueDate: string; status: string; matter: { id: number; title: string } };
type Task = { id: number; title: string; dueDate: string | null; rowVersion: number };

/** A matter (attorney, paralegal, attorney2 and a client on it; an admin added) with a formation checklist's task deadlines. */
async function firmWithDeadlines() {
  t = await makeTestApp();
  const attorney = await t.login('attorney');
  const created = await t.request('/api/matters', {
    method: 'POST',
    cookie: attorney,
    json: sampleMatter({ title: MATTER_TITLE, clientUserIds: [t.users.client], staffUserIds: [t.users.paralegal, t.users.attorney2] }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const matterId = (await created.json()).matter.id as number;
  const doc = await t.request(`/api/matters/${matterId}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });
  expect(doc.status, await doc.clone().text()).toBe(201);
  // An admin and an outside paralegal: the admin on the matter (never e-mailed), the paralegal on no matter.
  const outsider = await t.db.transaction(async (tx) => {
    await addMatterMember(tx, matterId, t.users.admin, t.clock.now().toISOString());
    return insertUser(tx, { email: 'outsider@example.test', name: 'Olive Outsider', role: 'paralegal', passwordHash: await hashPassword(TEST_PASSWORD), createdAt: t.clock.now().toISOString() });
  });
  // Tasks due today, yesterday (now overdue) and the day before (overdue since earlier: not listed).
  const today = dateIn(t.clock.now(), TIME_ZONE);
  const tasks = (await (await t.request(`/api/matters/${matterId}/checklist`, { cookie: attorney })).json()).tasks as Task[];
  expect(tasks.length).toBeGreaterThan(4);
  for (const [task, dueDate] of [
    [tasks[0]!, today],
    [tasks[1]!, addDays(today, -1)],
    [tasks[2]!, addDays(today, -2)],
  ] as const) {
    const res = await t.request(`/api/checklist-tasks/${task.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: task.rowVersion, dueDate } });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  const deadlines = (await allDeadlines<ApiDeadline>(t, 'withinDays=400', attorney)).filter((d) => d.status === 'open' && d.matter.id === matterId);
  return { attorney, matterId, today, deadlines, outsider };
}

/** The deadlines a person's digest must list: due on one of their reminder days from today, today, or yesterday. */
const expectedFor = (deadlines: ApiDeadline[], today: string, days: number[]) => {
  const dates = new Set([addDays(today, -1), today, ...days.map((d) => addDays(today, d))]);
  return deadlines.filter((d) => dates.has(d.dueDate)).map((d) => `${d.dueDate}  ${d.title}`).sort();
};
const listedIn = (text: string) =>
  text
    .split('\n')
    .filter((line) => /^\d{4}-\d{2}-\d{2}  /.test(line))
    .map((line) => line.split(` — ${MATTER_TITLE} (`)[0])
    .sort();

const claims = () => t.db.all<{ user_id: number; firm_date: string; sent_at: string | null; deadline_count: number }>('SELECT user_id, firm_date, sent_at, deadline_count FROM reminder_emails ORDER BY user_id');

describe('e-mail reminder digests', () => {
  it('e-mails each attorney and paralegal on the matter exactly the deadlines of their reminder day, once a day, retrying a refused send', async () => {
    const { attorney, matterId, today, deadlines } = await firmWithDeadlines();
    // The attorney is reminded 7 days before and on the day of a further deadline; the paralegal keeps the default.
    const future = deadlines.filter((d) => d.dueDate > addDays(today, 7)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    const target = future.find((d) => ![120, 90, 60, 30, 7].includes(Math.round((Date.parse(d.dueDate) - Date.parse(today)) / 86_400_000)));
    expect(target, 'a deadline off the default schedule').toBeDefined();
    const targetDays = Math.round((Date.parse(target!.dueDate) - Date.parse(today)) / 86_400_000);
    const attorneyDays = [targetDays, 7];
    expect((await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: attorneyDays } })).status).toBe(200);
    const paralegalDays = (await (await t.request('/api/deadlines/reminders', { cookie: await t.login('paralegal') })).json()).daysBefore as number[];
    // attorney2 is on the matter but turned the e-mails off.
    const off = await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: await t.login('attorney2'), json: { daysBefore: [targetDays], emailReminders: false } });
    expect(await off.json()).toEqual({ daysBefore: [targetDays], emailReminders: false });

    const attorneyExpected = expectedFor(deadlines, today, attorneyDays);
    const paralegalExpected = expectedFor(deadlines, today, paralegalDays);
    expect(attorneyExpected.length).toBeGreaterThanOrEqual(3);
    expect(attorneyExpected).toContain(`${target!.dueDate}  ${target!.title}`);
    expect(deadlines.some((d) => d.dueDate === addDays(today, -2)), 'a deadline overdue since before yesterday exists and is left out').toBe(true);

    const deps = { db: t.db, now: t.clock.now(), timeZone: TIME_ZONE, publicUrl: 'https://cw.example.test/' };

    // 1. Nothing listens: every send fails, nothing is marked sent, no claim is left behind.
    const down = await smtpServer();
    await new Promise<void>((done) => servers.pop()!.close(() => done()));
    expect(await sendReminderDigests({ ...deps, mailer: mailerTo(down.port) })).toEqual({ sent: 0, skipped: 0, failed: 2 });
    expect(await claims()).toEqual([]);

    // 2. The server refuses the login: the same.
    const locked = await smtpServer({ password: 'right' });
    expect(await sendReminderDigests({ ...deps, mailer: mailerTo(locked.port, { user: 'cw', pass: 'wrong' }) })).toEqual({ sent: 0, skipped: 0, failed: 2 });
    expect(locked.received).toEqual([]);
    expect(await claims()).toEqual([]);

    // 3. The server takes mail; the paralegal's digest is claimed by another server (5 minutes ago): left to it.
    const smtp = await smtpServer();
    const mailer = mailerTo(smtp.port);
    const fiveMinutesAgo = new Date(t.clock.now().getTime() - 5 * 60_000).toISOString();
    await t.db.transaction((tx) => tx.run('INSERT INTO reminder_emails (user_id, firm_date, claimed_at, sent_at, deadline_count) VALUES (?, ?, ?, NULL, 0)', [t.users.paralegal, today, fiveMinutesAgo]));
    expect(await sendReminderDigests({ ...deps, mailer })).toEqual({ sent: 1, skipped: 1, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['attorney@example.test']]);

    // 4. That claim is now 20 minutes old without sent_at (its server died mid-send): taken over.
    const twentyMinutesAgo = new Date(t.clock.now().getTime() - 20 * 60_000).toISOString();
    await t.db.transaction((tx) => tx.run('UPDATE reminder_emails SET claimed_at = ? WHERE user_id = ?', [twentyMinutesAgo, t.users.paralegal]));
    expect(await sendReminderDigests({ ...deps, mailer })).toEqual({ sent: 1, skipped: 1, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['attorney@example.test'], ['paralegal@example.test']]);

    // Each digest sent is in the audit trail (the system sent it; the recipient is the object).
    const emailed = await t.db.all<{ object_id: string; data: string; actor_role: string }>("SELECT object_id, data, actor_role FROM audit_events WHERE type = 'reminders.emailed' ORDER BY id");
    expect(emailed.map((e) => [Number(e.object_id), e.actor_role, JSON.parse(e.data)])).toEqual([
      [t.users.attorney, 'system', { firmDate: today, to: 'attorney@example.test', deadlines: attorneyExpected.length }],
      [t.users.paralegal, 'system', { firmDate: today, to: 'paralegal@example.test', deadlines: paralegalExpected.length }],
    ]);

    // 5. Again the same day (an hour later): nothing more.
    expect(await sendReminderDigests({ ...deps, now: new Date(t.clock.now().getTime() + 3_600_000), mailer })).toEqual({ sent: 0, skipped: 2, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    expect((await claims()).map((c) => [c.user_id, c.firm_date, c.sent_at !== null, c.deadline_count])).toEqual([
      [t.users.attorney, today, true, attorneyExpected.length],
      [t.users.paralegal, today, true, paralegalExpected.length],
    ]);

    // Each e-mail lists exactly that person's deadlines, with links, and escapes the matter's title.
    const [toAttorney, toParalegal] = smtp.received.map((m) => partsOf(m.raw));
    expect(listedIn(toAttorney!.text)).toEqual(attorneyExpected);
    expect(listedIn(toParalegal!.text)).toEqual(paralegalExpected);
    const overdue = paralegalExpected.filter((line) => line.startsWith(addDays(today, -1))).length;
    expect(toParalegal!.subject).toBe(`Deadlines for ${today}: ${paralegalExpected.length - overdue} due soon, ${overdue} overdue`);
    expect(toAttorney!.text).toContain(`https://cw.example.test/deadlines?matterId=${matterId}`);
    expect(toAttorney!.text).toContain('1 day overdue');
    expect(toAttorney!.text).toContain('due today');
    expect(toAttorney!.text).toContain(`${target!.dueDate}  ${target!.title} — ${MATTER_TITLE} (${targetDays} days left)`);
    expect(toAttorney!.html).toContain(`<a href="https://cw.example.test/deadlines?matterId=${matterId}">Clinic &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons</a>`);
    expect(toAttorney!.html).not.toContain('<script>');
    expect(toAttorney!.html.match(/<tr><td>/g)).toHaveLength(attorneyExpected.length);
  });

  it('waits for the firm’s morning: nothing before the reminder hour (default 07:00), then the day’s digests', async () => {
    await firmWithDeadlines();
    const smtp = await smtpServer();
    const deps = { db: t.db, mailer: mailerTo(smtp.port), timeZone: TIME_ZONE };
    // 2026-11-22 09:00 UTC is 04:00 in New York: the hourly job's run then sends nothing and claims nothing.
    expect(await sendReminderDigests({ ...deps, now: new Date('2026-11-22T09:00:00Z') })).toEqual({ sent: 0, skipped: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM reminder_emails'))!.n).toBe(0);
    // 12:00 UTC is 07:00 there: the day's digests go out.
    expect((await sendReminderDigests({ ...deps, now: new Date('2026-11-22T12:00:00Z') })).sent).toBeGreaterThan(0);
    // The next day at 01:00 in New York: nothing by default; from 01:00 when the firm chooses that hour (CLAUSEWRIGHT_REMINDER_HOUR).
    expect((await sendReminderDigests({ ...deps, now: new Date('2026-11-23T06:00:00Z') })).sent).toBe(0);
    expect((await sendReminderDigests({ ...deps, now: new Date('2026-11-23T06:00:00Z'), notBeforeHour: 1 })).sent).toBeGreaterThan(0);
  });

  it('sends nothing to anyone with nothing due on a reminder day, and no links without a public address', async () => {
    const { attorney, today } = await firmWithDeadlines();
    const smtp = await smtpServer();
    // The attorney's only reminder day matches nothing; yesterday's and today's tasks are marked done.
    for (const d of (await allDeadlines<ApiDeadline>(t, 'withinDays=400', attorney)).filter((d) => d.status === 'open' && d.dueDate <= today)) {
      expect((await t.request(`/api/deadlines/${d.id}/handled`, { method: 'POST', cookie: attorney, json: { note: 'done' } })).status).toBe(200);
    }
    expect((await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: [365] } })).status).toBe(200);
    const result = await sendReminderDigests({ db: t.db, mailer: mailerTo(smtp.port), now: t.clock.now(), timeZone: TIME_ZONE });
    expect(smtp.received.map((m) => m.to.join())).not.toContain('attorney@example.test');
    expect(result.failed).toBe(0);
    for (const message of smtp.received) expect(partsOf(message.raw).text).not.toContain('http');
  });
});

describe('the e-mail preference', () => {
  it('is saved with the schedule by the API (kept when left out) and audited; clients are never e-mailed', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    expect(await (await t.request('/api/deadlines/reminders', { cookie: attorney })).json()).toEqual({ daysBefore: [120, 90, 60, 30, 7], emailReminders: true });
    const off = await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: [30, 60], emailReminders: false } });
    expect(await off.json()).toEqual({ daysBefore: [60, 30], emailReminders: false });
    // An older client sending only the days keeps the choice.
    const kept = await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: [14] } });
    expect(await kept.json()).toEqual({ daysBefore: [14], emailReminders: false });
    const audit = await t.db.all<{ data: string }>("SELECT data FROM audit_events WHERE type = 'reminders.updated' ORDER BY id");
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([{ daysBefore: [60, 30], emailReminders: false }, { daysBefore: [14] }]);

    const client = await t.login('client');
    const asClient = await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: client, json: { daysBefore: [7], emailReminders: true } });
    expect(await asClient.json(), 'a client is never e-mailed: the answer is as before').toEqual({ daysBefore: [7] });
    expect(await (await t.request('/api/deadlines/reminders', { cookie: client })).json()).toEqual({ daysBefore: [7] });
    expect(await (await t.request('/api/deadlines/reminders', { cookie: await t.login('admin') })).json()).toEqual({ daysBefore: [120, 90, 60, 30, 7] });
    expect((await t.request('/api/deadlines/reminders', { method: 'PUT', cookie: attorney, json: { daysBefore: [7], emailReminders: 'yes' } })).status).toBe(400);
  });

  it('is a checkbox of the dashboard’s reminder form for staff, not for clients', async () => {
    t = await makeTestApp();
    const paralegal = await t.login('paralegal');
    const page = await (await t.request('/deadlines', { cookie: paralegal })).text();
    expect(page).toMatch(/<input type="checkbox" id="email-reminders" name="emailReminders" value="true" checked/);
    expect(page).toContain('E-mail me a digest on reminder days');

    // Unticked: the hidden "false" alone.
    const saved = await postForm(t, '/deadlines/reminders', paralegal, { daysBefore: '30, 7', emailReminders: 'false' });
    expect(saved.status).toBe(303);
    expect(await (await t.request('/api/deadlines/reminders', { cookie: paralegal })).json()).toEqual({ daysBefore: [30, 7], emailReminders: false });
    const after = await (await t.request('/deadlines', { cookie: paralegal })).text();
    expect(after).toMatch(/<input type="checkbox" id="email-reminders" name="emailReminders" value="true"(?! checked)/);

    // Ticked again: "false" then "true", the last wins.
    expect((await postForm(t, '/deadlines/reminders', paralegal, { daysBefore: '30, 7', emailReminders: ['false', 'true'] })).status).toBe(303);
    expect(await (await t.request('/api/deadlines/reminders', { cookie: paralegal })).json()).toMatchObject({ emailReminders: true });

    // A bad schedule comes back with the box as it was posted.
    const bad = await postForm(t, '/deadlines/reminders', paralegal, { daysBefore: 'soon', emailReminders: 'false' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="email-reminders" name="emailReminders" value="true"(?! checked)/);

    const clientPage = await (await t.request('/deadlines', { cookie: await t.login('client') })).text();
    expect(clientPage).not.toContain('email-reminders');
  });
});
