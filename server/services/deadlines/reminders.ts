import * as sql from '../../db/deadlines.ts';
import type { Reader } from '../../db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { DEFAULT_REMINDER_DAYS } from './deadline-kinds.ts';

/** A user's reminder schedule in days before each deadline, longest first; the default until they set one. */
export async function reminderDaysOf(q: Reader, userId: number): Promise<number[]> {
  return (await sql.findReminderDays(q, userId)) ?? [...DEFAULT_REMINDER_DAYS];
}

export async function setReminderDays(ctx: ServiceContext, daysBefore: number[]): Promise<{ daysBefore: number[] }> {
  const days = [...daysBefore].sort((a, b) => b - a);
  await ctx.db.transaction(async (tx) => {
    await sql.saveReminderDays(tx, ctx.principal.id, days, ctx.now.toISOString());
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'reminders.updated', object: { type: 'user', id: ctx.principal.id }, data: { daysBefore: days } });
  });
  return { daysBefore: days };
}
