import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
import { findReset, insertReset, markResetUsed, supersedeResets, updatePasswordHash } from '../../db/accounts.ts';
import { deleteSessionsOfUser } from '../../db/sessions.ts';
import { findUserById } from '../../db/users.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { LoginLimits } from './login.ts';
import { hashPassword } from './password.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { hashToken } from './sessions.ts';

/** A reset code is meant to be handed over the same day; a longer-lived one is a standing key. */
export const RESET_CODE_HOURS = 24;

export interface IssuedReset {
  code: string;
  expiresAt: string;
  /** Where the user redeems the code (the page also takes it typed in). */
  path: string;
}

/**
 * An administrator issues a one-time reset code for another user (ASVS 2.5.x). The code is 256
 * random bits, shown once, stored as its SHA-256, valid for RESET_CODE_HOURS, and supersedes any
 * earlier unused code. Issuing changes nothing else: the user's password and sessions stay until
 * the code is redeemed, so a reset cannot be used to lock someone out.
 */
export async function issuePasswordReset(ctx: ServiceContext, userId: number): Promise<IssuedReset> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only administrators reset passwords.');
  if (userId === ctx.principal.id) throw new AppError('conflict', 'Change your own password on the password page instead.', { reason: 'own_account' });
  const code = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + RESET_CODE_HOURS * 3600_000).toISOString();
  await ctx.db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound('User');
    if (user.disabled) throw new AppError('conflict', 'The account is disabled; allow sign-in first.', { reason: 'account_disabled' });
    const resetId = await storeResetCode(tx, { userId, code, createdBy: ctx.principal.id, now: ctx.now, expiresAt });
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'password.reset-issued', object: { type: 'user', id: userId }, data: { email: user.email, resetId, expiresAt } });
  });
  return { code, expiresAt, path: `/password/reset?code=${code}` };
}

/**
 * Stores a one-time code for a user (its SHA-256 only), superseding any earlier unused one. Shared
 * by the admin's reset and an attorney's client invitation (services/matters/invite-client.ts).
 */
export async function storeResetCode(tx: Queryable, r: { userId: number; code: string; createdBy: number; now: Date; expiresAt: string }): Promise<number> {
  await supersedeResets(tx, r.userId, r.now.toISOString());
  return insertReset(tx, { userId: r.userId, codeHash: hashToken(r.code), createdBy: r.createdBy, createdAt: r.now.toISOString(), expiresAt: r.expiresAt });
}

/** A fresh code (256 random bits) and when it stops working. */
export const newResetCode = (now: Date) => ({ code: randomBytes(32).toString('base64url'), expiresAt: new Date(now.getTime() + RESET_CODE_HOURS * 3600_000).toISOString() });

const INVALID = 'The reset code is not valid: it may be mistyped, used already or expired. Ask an administrator for a new one.';

/**
 * Redeems a reset code: sets the new password and ends every session of the user. Unknown, used,
 * expired and disabled-account codes get one answer; failures count against the per-address
 * sign-in limit. A password the policy refuses leaves the code unused, so the user can retry.
 */
export async function redeemPasswordReset(
  deps: { db: Database; now: Date; limits: LoginLimits },
  actor: Actor,
  input: { code: string; newPassword: string },
): Promise<void> {
  const { db, now, limits } = deps;
  const address = actor.ip ?? 'unknown';
  const at = now.getTime();
  if (await limits.perAddress.isBlocked(address, at)) {
    await db.transaction((tx) => recordAudit(tx, actor, now, { type: 'password.reset-failed', data: { reason: 'rate_limited' } }));
    throw new AppError('rate_limited', 'Too many attempts. Wait a few minutes and try again.', undefined, { 'Retry-After': String(await limits.perAddress.retryAfterSeconds(address, at)) });
  }
  const codeHash = hashToken(input.code.trim());
  const reset = await findReset(db, codeHash);
  const fail = async () => {
    await db.transaction(async (tx) => {
      await limits.perAddress.recordIn(tx, address, at);
      await recordAudit(tx, actor, now, { type: 'password.reset-failed', data: { reason: 'invalid_code' } });
    });
    return new AppError('unprocessable', INVALID, { reason: 'invalid_reset_code' });
  };
  if (!reset || reset.used_at || reset.disabled || now.toISOString() >= reset.expires_at) throw await fail();
  assertPasswordAllowed(input.newPassword, 'newPassword', reset.email);
  const passwordHash = await hashPassword(input.newPassword);
  let redeemed = false;
  await db.transaction(async (tx) => {
    // Two redemptions racing: only the one that marks the code used goes on.
    if ((await markResetUsed(tx, reset.id, now.toISOString())) !== 1) return;
    redeemed = true;
    await updatePasswordHash(tx, reset.user_id, passwordHash);
    const { rowsAffected: sessionsEnded } = await deleteSessionsOfUser(tx, reset.user_id);
    await recordAudit(tx, { ...actor, userId: reset.user_id, role: reset.role }, now, {
      type: 'password.reset',
      object: { type: 'user', id: reset.user_id },
      data: { email: reset.email, resetId: reset.id, sessionsEnded },
    });
  });
  if (!redeemed) throw await fail();
  // The account's sign-in lockout was about the old password.
  await limits.perAccount.clear(reset.email.toLowerCase());
}
