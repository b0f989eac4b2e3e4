import { openDatabase, readConfig } from './main.ts';
import { sendReminderDigests } from './services/reminders/digest.ts';
import { smtpMailer } from './services/reminders/mailer.ts';

const USAGE = 'usage: clausewright reminders send [--json]   send today\'s reminder digests now (e.g. after fixing the SMTP settings)\n';

/**
 * `clausewright reminders send`: the digest step of the hourly job, now, whatever the hour (the
 * operator chose to run it). Each (person, firm day) is still sent once: a digest the job already
 * sent is skipped. Exit 0 when nothing failed, 1 when the SMTP server refused some (they are
 * retried by the next run), 2 without CLAUSEWRIGHT_SMTP_URL or on misuse.
 */
export async function remindersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'send' || rest.some((a) => a !== '--json')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfig();
  if (!config.CLAUSEWRIGHT_SMTP_URL) {
    process.stderr.write('CLAUSEWRIGHT_SMTP_URL is not set: there is no SMTP server to send the digests through.\n');
    return 2;
  }
  const mailer = smtpMailer(config.CLAUSEWRIGHT_SMTP_URL, config.CLAUSEWRIGHT_MAIL_FROM);
  const db = await openDatabase(config);
  try {
    const result = await sendReminderDigests({ db, mailer, now: new Date(), timeZone: config.CLAUSEWRIGHT_TIME_ZONE, publicUrl: config.CLAUSEWRIGHT_PUBLIC_URL, notBeforeHour: 0 });
    if (rest.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n');
    else process.stdout.write(`reminder digests: ${result.sent} sent, ${result.skipped} already sent or being sent today, ${result.failed} refused by the SMTP server (retried by the next run)\n`);
    return result.failed ? 1 : 0;
  } finally {
    mailer.close();
    await db.close();
  }
}
