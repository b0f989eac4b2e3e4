import type { Database } from '../../db/database.ts';
import { findUserByEmail } from '../../db/users.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { Principal } from '../context.ts';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password.ts';
import type { FailureWindow } from './rate-limit.ts';
import { openSessionIn, type SessionPolicy } from './sessions.ts';
import { openChallenge, secondStepFor } from '../mfa/sign-in-challenge.ts';

export interface LoginLimits {
  perAccount: FailureWindow;
  perAddress: FailureWindow;
}

/** A correct password opens a session, or — with a second factor on file or required — only a challenge for the next step. */
export type LoginResult =
  | { step: 'signed_in'; token: string; principal: Principal }
  | { step: 'mfa_required' | 'mfa_enrolment_required'; challenge: string; expiresAt: string; principal: Principal };

const INVALID = 'The email or password is not correct.';

/**
 * Checks a password and opens a new session (or the second step). Unknown user, wrong password and disabled account
 * get the same answer after the same scrypt work, so the response does not reveal which.
 */
export async function login(
  deps: { db: Database; now: Date; limits: LoginLimits; policy: SessionPolicy },
  actor: Actor,
  credentials: { email: string; password: string },
): Promise<LoginResult> {
  const { db, now, limits } = deps;
  const email = credentials.email.trim().toLowerCase();
  const at = now.getTime();
  const addressKey = actor.ip ?? 'unknown';
  if ((await limits.perAccount.isBlocked(email, at)) || (await limits.perAddress.isBlocked(addressKey, at))) {
    await db.transaction((tx) => recordAudit(tx, actor, now, { type: 'login.failed', data: { email, reason: 'rate_limited' } }));
    const retry = Math.max(await limits.perAccount.retryAfterSeconds(email, at), await limits.perAddress.retryAfterSeconds(addressKey, at));
    throw new AppError('rate_limited', 'Too many failed sign-in attempts. Wait a few minutes and try again.', undefined, { 'Retry-After': String(retry) });
  }
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(credentials.password, user?.password_hash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !passwordOk || user.disabled) {
    const reason = user?.disabled && passwordOk ? 'disabled' : 'invalid_credentials';
    // The failure is counted and audited in one write: a guessing attack costs the writer one turn per guess.
    await db.transaction(async (tx) => {
      await limits.perAccount.recordIn(tx, email, at);
      await limits.perAddress.recordIn(tx, addressKey, at);
      await recordAudit(tx, { ...actor, userId: user?.id ?? null }, now, { type: 'login.failed', data: { email, reason } });
    });
    throw new AppError('unauthenticated', INVALID, { reason: 'invalid_credentials' });
  }
  const principal: Principal = { id: user.id, role: user.role, name: user.name, email: user.email };
  const userActor = { ...actor, userId: user.id, role: user.role };
  return db.transaction(async (tx): Promise<LoginResult> => {
    await limits.perAccount.clearIn(tx, email);
    // A second factor on file, or one the role requires: no session yet, only a short-lived challenge.
    const kind = await secondStepFor(tx, user.id, user.role);
    if (kind) {
      const step = kind === 'verify' ? 'mfa_required' : 'mfa_enrolment_required';
      const { challenge, expiresAt } = await openChallenge(tx, user.id, kind, 'password', now);
      await recordAudit(tx, userActor, now, { type: 'login.mfa-required', object: { type: 'user', id: user.id }, data: { email, step, via: 'password' } });
      return { step, challenge, expiresAt, principal };
    }
    const token = await openSessionIn(tx, user.id, now, deps.policy);
    await recordAudit(tx, userActor, now, { type: 'login', data: { email } });
    return { step: 'signed_in', token, principal };
  });
}
