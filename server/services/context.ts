import type { Database } from '../db/database.ts';
import type { Role } from '../db/users.ts';
import type { Actor } from './audit/record-audit.ts';

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
}
