import type { Database } from '../db/database.ts';
import type { Role } from '../db/users.ts';
import type { Actor } from './audit/record-audit.ts';
import { DEFAULT_TIME_ZONE, dateIn } from './deadlines/dates.ts';

/** The signed-in user a service acts for. */
export interface Principal {
  id: number;
  role: Role;
  name: string;
  email: string;
}

/** What every service call receives: the database, the clock, and who is acting from where. */
export interface ServiceContext {
  db: Database;
  now: Date;
  principal: Principal;
  actor: Actor;
  /** The firm's IANA time zone: it decides which calendar day "today" is for deadlines. */
  timeZone?: string;
}

/** Today's date (YYYY-MM-DD) in the firm's time zone. */
export const todayOf = (ctx: { now: Date; timeZone?: string }): string => dateIn(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
