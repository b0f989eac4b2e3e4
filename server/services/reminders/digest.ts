import type { Database } from '../../db/database.ts';
import * as sql from '../../db/reminder-emails.ts';
import { addDays, dateIn, daysBetween, hourIn } from '../deadlines/dates.ts';
import { reminderDaysOf } from '../deadlines/reminders.ts';
import type { MailMessage, Mailer } from './mailer.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import { escapeXml } from '../../docx/ooxml.ts';

/** The hourly job acts as the system, not as a user. */
const SYSTEM: Actor = { userId: null, role: 'system', ip: null, requestId: 'reminder-digests' };

/** A claim without sent_at older than this belongs to a server that died mid-send: another run may take it. */
export const STALE_CLAIM_MS = 15 * 60_000;

export interface DigestDeps {
  db: Database;
  mailer: Mailer;
  now: Date;
  /** The firm's IANA time zone: which calendar day "today" is. */
  timeZone: string;
  /** Base address of the web app (CLAUSEWRIGHT_PUBLIC_URL); without it the e-mails carry no links. */
  publicUrl?: string;
  /** Not before this hour of the firm's day (CLAUSEWRIGHT_REMINDER_HOUR, default 7), so digests do not arrive at midnight. */
  notBeforeHour?: number;
}

export const DEFAULT_REMINDER_HOUR = 7;

export interface DigestResult {
  /** E-mails the SMTP server accepted in this run. */
  sent: number;
  /** People with something to send whose digest for today was sent already or is being sent by another server. */
  skipped: number;
  /** E-mails that could not be sent: their claim is given back and the next run tries again. */
  failed: number;
}

/**
 * Sends today's e-mail reminder digests: each attorney and paralegal on a matter (who has not
 * turned them off) gets one e-mail listing the open deadlines on their matters whose reminder
 * falls today under their own schedule (due date minus one of their reminder days is today), that
 * fall due today, or that fell due yesterday and are now overdue. Nothing to list, no e-mail.
 * Each (user, firm date) is claimed in the database before sending, so several app servers (or
 * runs) send it once; a failed send releases the claim for the next hourly run.
 */
export async function sendReminderDigests(deps: DigestDeps): Promise<DigestResult> {
  const { db, mailer, now } = deps;
  const today = dateIn(now, deps.timeZone);
  const result: DigestResult = { sent: 0, skipped: 0, failed: 0 };
  // The hourly job reaches the firm's morning hour within the hour; earlier runs that day send nothing.
  if (hourIn(now, deps.timeZone) < (deps.notBeforeHour ?? DEFAULT_REMINDER_HOUR)) return result;
  for (const user of await sql.listDigestRecipients(db)) {
    const reminderDays = await reminderDaysOf(db, user.id);
    const dueDates = [...new Set([addDays(today, -1), today, ...reminderDays.map((days) => addDays(today, days))])];
    const deadlines = await sql.listMemberDeadlinesDueOn(db, user.id, dueDates);
    if (deadlines.length === 0) continue;
    const claimedAt = now.toISOString();
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    const claimed = await db.transaction((tx) => sql.claimDigest(tx, user.id, today, claimedAt, staleBefore, deadlines.length));
    if (!claimed) {
      result.skipped++;
      continue;
    }
    try {
      await mailer.send(digestMessage(user, today, deadlines, reminderDays, deps.publicUrl));
    } catch {
      // Nothing went out (or the server did not say it took it): free the day for the next run.
      await db.transaction((tx) => sql.releaseDigestClaim(tx, user.id, today, claimedAt));
      result.failed++;
      continue;
    }
    // Marked sent and audited together: the audit trail says who was sent which day's digest.
    await db.transaction(async (tx) => {
      await sql.markDigestSent(tx, user.id, today, claimedAt, new Date().toISOString());
      await recordAudit(tx, SYSTEM, now, { type: 'reminders.emailed', object: { type: 'user', id: user.id }, data: { firmDate: today, to: user.email, deadlines: deadlines.length } });
    });
    result.sent++;
  }
  return result;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "due today", "12 days left", "1 day overdue". */
function whenText(today: string, due: string): string {
  const days = daysBetween(today, due);
  if (days === 0) return 'due today';
  return days > 0 ? `${plural(days, 'day')} left` : `${plural(-days, 'day')} overdue`;
}

// The documents' escaping serves the e-mail's HTML too: every attribute below is double-quoted.
const escapeHtml = escapeXml;

/** The digest e-mail: a subject with the counts, plain text and simple HTML with the same lines. */
export function digestMessage(user: sql.DigestRecipient, today: string, deadlines: readonly sql.DigestDeadlineRow[], reminderDays: readonly number[], publicUrl?: string): MailMessage {
  const overdue = deadlines.filter((d) => d.due_date < today).length;
  const soon = deadlines.length - overdue;
  const counts = [soon ? `${soon} due soon` : '', overdue ? `${overdue} overdue` : ''].filter(Boolean).join(', ');
  const base = publicUrl?.replace(/\/+$/, '');
  const linkOf = (d: sql.DigestDeadlineRow) => (base ? `${base}/deadlines?matterId=${d.matter_id}` : undefined);
  const intro = `Open deadlines on your matters for ${today}: reminders on your schedule (${reminderDays.join(', ')} days before), due today, or overdue since yesterday.`;
  const footer = base
    ? `Change your reminder days, or stop these e-mails, on the deadlines page: ${base}/deadlines`
    : 'Change your reminder days, or stop these e-mails, on the deadlines page of clausewright.';

  const textLines = deadlines.map((d) => {
    const line = `${d.due_date}  ${d.title} — ${d.matter_title} (${whenText(today, d.due_date)})`;
    const link = linkOf(d);
    return link ? `${line}\n    ${link}` : line;
  });
  const text = [`Hello ${user.name},`, '', intro, '', ...textLines, '', footer, ''].join('\n');

  const rows = deadlines
    .map((d) => {
      const link = linkOf(d);
      const matter = link ? `<a href="${escapeHtml(link)}">${escapeHtml(d.matter_title)}</a>` : escapeHtml(d.matter_title);
      return `<tr><td>${escapeHtml(d.due_date)}</td><td>${escapeHtml(d.title)}</td><td>${matter}</td><td>${escapeHtml(whenText(today, d.due_date))}</td></tr>`;
    })
    .join('\n');
  const footerHtml = base ? `Change your reminder days, or stop these e-mails, on the <a href="${escapeHtml(`${base}/deadlines`)}">deadlines page</a>.` : escapeHtml(footer);
  const html = [
    '<!doctype html><html><body>',
    `<p>Hello ${escapeHtml(user.name)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<table border="1" cellpadding="4" cellspacing="0">',
    '<thead><tr><th>Due</th><th>Deadline</th><th>Matter</th><th>When</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody></table>`,
    `<p>${footerHtml}</p>`,
    '</body></html>',
  ].join('\n');

  return { to: user.email, subject: `Deadlines for ${today}: ${counts}`, text, html };
}
