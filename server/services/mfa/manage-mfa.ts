import { findPasswordHash, deleteOtherSessions } from '../../db/accounts.ts';
import type { Queryable } from '../../db/database.ts';
import * as sql from '../../db/mfa.ts';
import { deleteSessionsOfUser } from '../../db/sessions.ts';
import { findUserByEmail, findUserById, type Role } from '../../db/users.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { LoginLimits } from '../auth/login.ts';
import { verifyPassword } from '../auth/password.ts';
import { hashToken } from '../auth/sessions.ts';
import { confirmEnrolment, startEnrolment, type NewAuthenticator } from './sign-in-challenge.ts';
import { consumeSecondFactor, FAILURE_MESSAGE, tooManyCodes, type MfaLimits } from './verify-factor.ts';
import { hashRecoveryCode, newRecoveryCodes } from './totp.ts';
import type { SealingKey } from './secret-box.ts';

export interface MfaContext extends ServiceContext {
  key: SealingKey;
  mfaLimits: MfaLimits;
  loginLimits: LoginLimits;
  /** The caller's session (kept when other sessions end); null for an API token. */
  sessionToken: string | null;
}

export interface MfaStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  /** The admin's policy requires a second factor for this user's role. */
  requiredForRole: boolean;
}

export async function getMfaStatus(ctx: ServiceContext): Promise<MfaStatus> {
  const factor = await sql.findFactor(ctx.db, ctx.principal.id);
  const enabled = Boolean(factor?.confirmed_at);
  return {
    enabled,
    enabledAt: factor?.confirmed_at ?? null,
    recoveryCodesLeft: enabled ? await sql.countUnusedRecoveryCodes(ctx.db, ctx.principal.id) : 0,
    requiredForRole: (await sql.listRequiredRoles(ctx.db)).includes(ctx.principal.role),
  };
}

/** Shows a new authenticator secret for the signed-in user (until confirmed it counts for nothing). */
export async function beginMfaEnrolment(ctx: MfaContext): Promise<NewAuthenticator> {
  const shown = await ctx.db.transaction((tx) => startEnrolment(tx, ctx.key, ctx.actor, ctx.now, ctx.principal, 'account'));
  if (!shown) throw new AppError('conflict', 'Two-step sign-in is already on. Turn it off first to use another authenticator.', { reason: 'mfa_already_enabled' });
  return shown;
}

const codeField = (message: string) => ({ fields: [{ path: 'code', issue: 'incorrect', message }] });

async function limitCodes(ctx: MfaContext, during: 'enrolment' | 'disable' | 'recovery-codes'): Promise<void> {
  const limited = await tooManyCodes(ctx.mfaLimits, String(ctx.principal.id), ctx.actor.ip ?? 'unknown', ctx.now.getTime());
  if (!limited) return;
  await ctx.db.transaction((tx) => recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.failed', object: { type: 'user', id: ctx.principal.id }, data: { reason: 'rate_limited', during } }));
  throw limited;
}

async function failCode(ctx: MfaContext, during: 'enrolment' | 'disable' | 'recovery-codes', reason: 'invalid_code' | 'code_reused' | 'wrong_password'): Promise<never> {
  const at = ctx.now.getTime();
  if (reason === 'wrong_password') await ctx.loginLimits.perAccount.record(ctx.principal.email.toLowerCase(), at);
  else await ctx.mfaLimits.perAccount.record(String(ctx.principal.id), at);
  await ctx.db.transaction((tx) => recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.failed', object: { type: 'user', id: ctx.principal.id }, data: { reason, during } }));
  if (reason === 'wrong_password') throw new AppError('validation_failed', 'The password is not correct.', { fields: [{ path: 'password', issue: 'incorrect', message: 'is not correct' }] });
  throw new AppError('validation_failed', FAILURE_MESSAGE[reason], codeField(reason === 'code_reused' ? 'was used already' : 'is not correct'));
}

/** Confirms the shown secret with a code from the app; returns the ten recovery codes, once. */
export async function confirmMfaEnrolment(ctx: MfaContext, input: { code: string }): Promise<string[]> {
  await limitCodes(ctx, 'enrolment');
  const result = await ctx.db.transaction((tx) => confirmEnrolment(tx, ctx.key, ctx.actor, ctx.now, ctx.principal.id, input.code, 'account'));
  if (result === 'no_enrolment') throw new AppError('conflict', 'No authenticator is being set up: start again.', { reason: 'no_enrolment_started' });
  if (result === 'invalid_code') return failCode(ctx, 'enrolment', 'invalid_code');
  await ctx.mfaLimits.perAccount.clear(String(ctx.principal.id));
  return result;
}

/**
 * Password and a current code (or a recovery code) together: what someone holding only an
 * unlocked browser or only the password cannot give. A wrong password counts against the
 * sign-in limit, a wrong code against the code limit.
 */
async function proveBothFactors(ctx: MfaContext, input: { password: string; code: string }, during: 'disable' | 'recovery-codes', work: (tx: Queryable) => Promise<void>): Promise<void> {
  const emailKey = ctx.principal.email.toLowerCase();
  if (await ctx.loginLimits.perAccount.isBlocked(emailKey, ctx.now.getTime())) {
    await ctx.db.transaction((tx) => recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.failed', object: { type: 'user', id: ctx.principal.id }, data: { reason: 'rate_limited', during } }));
    throw new AppError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.', undefined, { 'Retry-After': String(await ctx.loginLimits.perAccount.retryAfterSeconds(emailKey, ctx.now.getTime())) });
  }
  await limitCodes(ctx, during);
  const factor = await sql.findFactor(ctx.db, ctx.principal.id);
  if (!factor?.confirmed_at) throw new AppError('conflict', 'Two-step sign-in is not on for this account.', { reason: 'mfa_not_enabled' });
  const stored = await findPasswordHash(ctx.db, ctx.principal.id);
  if (!stored || !(await verifyPassword(input.password, stored))) return failCode(ctx, during, 'wrong_password');
  const failed = await ctx.db.transaction(async (tx) => {
    const checked = await consumeSecondFactor(tx, ctx.key, ctx.principal.id, input.code, ctx.now);
    if (!checked.ok) return checked.reason;
    await work(tx);
    return null;
  });
  if (failed) return failCode(ctx, during, failed);
  await ctx.mfaLimits.perAccount.clear(String(ctx.principal.id));
}

/**
 * Turns the second factor off (password and code required). Every other session ends; when the
 * role requires MFA this one ends too, so the next sign-in enrols a new authenticator.
 */
export async function disableOwnMfa(ctx: MfaContext, input: { password: string; code: string }): Promise<{ signedOut: boolean }> {
  const required = (await sql.listRequiredRoles(ctx.db)).includes(ctx.principal.role);
  await proveBothFactors(ctx, input, 'disable', async (tx) => {
    await sql.deleteFactor(tx, ctx.principal.id);
    await sql.deleteRecoveryCodes(tx, ctx.principal.id);
    const keep = required ? null : ctx.sessionToken;
    const { rowsAffected: sessionsEnded } = keep ? await deleteOtherSessions(tx, ctx.principal.id, hashToken(keep)) : await deleteSessionsOfUser(tx, ctx.principal.id);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.disabled', object: { type: 'user', id: ctx.principal.id }, data: { sessionsEnded, requiredForRole: required } });
  });
  return { signedOut: required || !ctx.sessionToken };
}

/** Ten new recovery codes replacing the old ones (password and code required); returned once. */
export async function regenerateRecoveryCodes(ctx: MfaContext, input: { password: string; code: string }): Promise<string[]> {
  const codes = newRecoveryCodes();
  await proveBothFactors(ctx, input, 'recovery-codes', async (tx) => {
    await sql.deleteRecoveryCodes(tx, ctx.principal.id);
    await sql.insertRecoveryCodes(tx, ctx.principal.id, codes.map((c) => hashRecoveryCode(c.replace(/-/g, ''))), ctx.now.toISOString());
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.recovery-codes-regenerated', object: { type: 'user', id: ctx.principal.id }, data: { count: codes.length } });
  });
  return codes;
}

/**
 * An administrator removes another user's authenticator and recovery codes (a lost phone) and
 * ends their sessions; the user signs in with their password and, if the role requires it,
 * enrols again at once. Not for your own account (turn it off with your password and a code).
 */
export async function resetUserMfa(ctx: ServiceContext, userId: number): Promise<void> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only administrators reset two-step sign-in.');
  if (userId === ctx.principal.id) throw new AppError('conflict', 'Turn off your own two-step sign-in on your account page instead.', { reason: 'own_account' });
  await ctx.db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound('User');
    await removeFactor(tx, ctx.actor, ctx.now, user);
  });
}

async function removeFactor(tx: Queryable, actor: Actor, now: Date, user: { id: number; email: string }): Promise<void> {
  const factor = await sql.findFactor(tx, user.id);
  if (!factor?.confirmed_at) throw new AppError('conflict', 'This user has no authenticator to reset.', { reason: 'mfa_not_enabled' });
  await sql.deleteFactor(tx, user.id);
  await sql.deleteRecoveryCodes(tx, user.id);
  const { rowsAffected: sessionsEnded } = await deleteSessionsOfUser(tx, user.id);
  await recordAudit(tx, actor, now, { type: 'mfa.reset', object: { type: 'user', id: user.id }, data: { email: user.email, sessionsEnded } });
}

/**
 * The break-glass for an operator with the server's files (`clausewright user reset-mfa`): resets
 * anyone's authenticator, including the only administrator's, audited like an admin's reset.
 */
export async function resetMfaByEmail(deps: { db: MfaContext['db']; now: Date; actor: Actor }, email: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await findUserByEmail(tx, email.trim().toLowerCase());
    if (!user) throw notFound('User');
    await removeFactor(tx, deps.actor, deps.now, user);
  });
}

export const getMfaPolicy = async (ctx: ServiceContext) => ({ requiredRoles: await sql.listRequiredRoles(ctx.db) });

/** Sets which roles must use a second factor; their users enrol at their next sign-in (sessions already open go on). */
export async function setMfaPolicy(ctx: ServiceContext, input: { requiredRoles: Role[] }): Promise<{ requiredRoles: Role[] }> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only administrators set the sign-in policy.');
  const to = [...new Set(input.requiredRoles)].sort();
  await ctx.db.transaction(async (tx) => {
    const from = await sql.listRequiredRoles(tx);
    await sql.replaceRequiredRoles(tx, to, ctx.principal.id, ctx.now.toISOString());
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'mfa.policy-updated', data: { from, to } });
  });
  return { requiredRoles: to };
}

/** Ids of users with a confirmed authenticator (the admin's users page). */
export const listUsersWithMfa = (ctx: ServiceContext) => sql.listEnrolledUserIds(ctx.db);
