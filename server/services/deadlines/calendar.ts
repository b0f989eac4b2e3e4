import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import * as sql from '../../db/deadlines.ts';
import { findVisiblePortfolio } from '../../db/portfolios.ts';
import type { Database } from '../../db/database.ts';
import type { Role } from '../../domain.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { addDays } from './dates.ts';
import { LOOKBACK_DAYS } from './compute-deadlines.ts';
import { DEADLINE_KIND_LABELS, type DeadlineKind } from './deadline-kinds.ts';
import { reminderDaysOf } from './reminders.ts';

/** The feed holds the soonest open deadlines, from LOOKBACK_DAYS ago, at most this many. */
const FEED_MAX_EVENTS = 5000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function calendarLinkStatus(ctx: Pick<ServiceContext, 'db' | 'principal'>): Promise<{ active: boolean; createdAt: string | null }> {
  const row = await sql.findCalendarToken(ctx.db, ctx.principal.id);
  return { active: Boolean(row), createdAt: row?.created_at ?? null };
}

/**
 * Makes a new secret feed link for the user, replacing (and so revoking) any earlier one. The
 * token is shown once; only its SHA-256 is stored, so a copy of the database opens no feed.
 */
export async function rotateCalendarLink(ctx: ServiceContext, origin: string): Promise<{ active: true; createdAt: string; url: string }> {
  const token = randomBytes(32).toString('base64url');
  const createdAt = ctx.now.toISOString();
  await ctx.db.transaction(async (tx) => {
    await sql.saveCalendarToken(tx, ctx.principal.id, hashToken(token), createdAt);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'calendar.token.rotated', object: { type: 'user', id: ctx.principal.id }, data: {} });
  });
  return { active: true, createdAt, url: `${origin}/calendar/${token}.ics` };
}

export async function revokeCalendarLink(ctx: ServiceContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await sql.deleteCalendarToken(tx, ctx.principal.id);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'calendar.token.revoked', object: { type: 'user', id: ctx.principal.id }, data: {} });
  });
}

/**
 * The iCalendar (RFC 5545) feed behind a secret link, or null if the link is unknown or revoked.
 * One all-day event per open deadline the link's owner may see (a client: only their matters),
 * with a UID stable across recomputation, an alarm per reminder day and a link to the document.
 * Scoped to a portfolio (`?portfolio=<id>` on the link) it holds only that portfolio's practices;
 * a portfolio the owner cannot see is null, like an unknown link.
 */
export async function calendarFeed(deps: { db: Database; now: Date; timeZone?: string }, token: string, origin: string, scope: { portfolioId?: number } = {}): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const user = await sql.findUserByCalendarToken(deps.db, hashToken(token));
  if (!user) return null;
  const today = todayOf(deps);
  const principal = { ...user, role: user.role as Role };
  const portfolio = scope.portfolioId === undefined ? undefined : await findVisiblePortfolio(deps.db, principal, scope.portfolioId);
  if (portfolio === undefined && scope.portfolioId !== undefined) return null;
  const [rows, reminderDays] = await Promise.all([
    sql.findVisibleDeadlines(deps.db, principal, { status: 'open', dueFrom: addDays(today, -LOOKBACK_DAYS), portfolioId: scope.portfolioId }, { limit: FEED_MAX_EVENTS, offset: 0 }),
    reminderDaysOf(deps.db, user.id),
  ]);
  const calendar = ical({
    name: portfolio ? `clausewright deadlines — ${portfolio.name} — ${user.name}` : `clausewright deadlines — ${user.name}`,
    prodId: { company: 'clausewright', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
  });
  for (const row of rows) {
    const documentUrl = `${origin}/documents/${row.document_id}`;
    calendar.createEvent({
      id: `${row.document_short_id}.${row.key.replace(/[^A-Za-z0-9.-]/g, '-')}@clausewright`,
      // Noon UTC falls on the same calendar date in every US time zone; the event is all-day.
      start: new Date(`${row.due_date}T12:00:00Z`),
      end: new Date(`${addDays(row.due_date, 1)}T12:00:00Z`),
      allDay: true,
      stamp: deps.now,
      summary: `${row.title} — ${row.matter_title}`,
      description: `${row.action}\n\n${DEADLINE_KIND_LABELS[row.kind as DeadlineKind]} · ${row.document_title} (${row.document_short_id})\nBasis: ${row.basis}\n${documentUrl}\n\nclausewright is a drafting aid for attorneys, not legal advice.`,
      url: documentUrl,
      categories: [{ name: DEADLINE_KIND_LABELS[row.kind as DeadlineKind] }],
      alarms: reminderDays.map((days) => ({ type: ICalAlarmType.display, triggerBefore: days * 86_400, description: `${row.title} in ${days} days` })),
    });
  }
  return calendar.toString();
}
