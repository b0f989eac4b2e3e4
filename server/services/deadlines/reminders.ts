import * as sql from '../../db/deadlines.ts';
import { findEmailReminders, saveEmailReminders } from '../../db/reminder-emails.ts';
import type { Reader } from '../../db/database.ts';
import type { Role } from '../../db/users.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { DEFAULT_REMINDER_DAYS } from './deadline-kinds.ts';

/** A user's reminder schedule in days before each deadline, longest first; the default until they set one. */
export async function reminderDaysOf(q: Reader, userId: number): Promise<number[]> {
  return (await sql.findReminderDays(q, userId)) ?? [...DEFAULT_REMINDER_DAYS];
}

/** Only attorneys and paralegals are ever sent the e-mail digest (server/services/reminders/digest.ts). */
export const getsEmailDigests = (role: Role) => role === 'attorney' || role === 'paralegal';

/** Whether this user is sent the e-mail digest on reminder days: on by default for staff, never for clients and admins. */
export async function emailRemindersOf(q: Reader, user: { id: number; role: Role }): Promise<boolean> {
  return getsEmailDigests(user.role) && (await findEmailReminders(q, user.id));
}

/**
 * Saves the schedule and, when given (attorneys and paralegals only; others are never e-mailed and
 * the value is ignored), whether to e-mail the digest. Left out, the e-mail choice is unchanged,
 * so older clients that send only daysBefore keep working.
 */
export async function setReminderDays(ctx: ServiceContext, daysBefore: number[], emailReminders?: boolean): Promise<{ daysBefore: number[]; emailReminders?: boolean }> {
  const days = [...daysBefore].sort((a, b) => b - a);
  const email = emailReminders !== undefined && getsEmailDigests(ctx.principal.role) ? emailReminders : undefined;
  return ctx.db.transaction(async (tx) => {
    await sql.saveReminderDays(tx, ctx.principal.id, days, ctx.now.toISOString());
    if (email !== undefined) await saveEmailReminders(tx, ctx.principal.id, email);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'reminders.updated', object: { type: 'user', id: ctx.principal.id }, data: email === undefined ? { daysBefore: days } : { daysBefore: days, emailReminders: email } });
    // Only the people it concerns are told the e-mail choice (clients' and admins' answers are as before).
    return getsEmailDigests(ctx.principal.role) ? { daysBefore: days, emailReminders: await emailRemindersOf(tx, ctx.principal) } : { daysBefore: days };
  });
}
