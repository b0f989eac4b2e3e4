import type { Context } from 'hono';
import { AppError, forbidden } from '../errors.ts';
import type { Role } from '../db/users.ts';
import type { Principal, ServiceContext } from '../services/context.ts';
import type { AppEnv } from './env.ts';

/** The signed-in principal, or 401. */
export function requireUser(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new AppError('unauthenticated', 'Sign in to continue.');
  return principal;
}

/** The signed-in principal if their role is one of `roles`, else 401/403. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): Principal {
  const principal = requireUser(c);
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}

/** What a service call needs, built from the request. */
export function serviceContext(c: Context<AppEnv>, principal: Principal): ServiceContext {
  const { db, clock, timeZone } = c.get('services');
  return { db, now: clock(), principal, actor: c.get('actor'), timeZone };
}
