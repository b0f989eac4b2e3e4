import { deleteOtherSessions, findPasswordHash, updatePasswordHash } from '../../db/accounts.ts';
import { deleteSessionsOfUser } from '../../db/sessions.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { LoginLimits } from './login.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import { hashToken } from './sessions.ts';

export interface ChangePassword {
  currentPassword: string;
  newPassword: string;
}

/**
 * Changes the signed-in user's password (ASVS 2.1.5: the current one is required). Every other
 * session of the user ends (ASVS 3.3.3); the one that made the change stays. A wrong current
 * password counts against the same per-account limit as a failed sign-in, so this form is no
 * side door for guessing.
 */
export async function changePassword(ctx: ServiceContext & { limits: LoginLimits; sessionToken: string | null }, input: ChangePassword): Promise<void> {
  const { db, now, principal, actor, limits } = ctx;
  const key = principal.email.toLowerCase();
  const at = now.getTime();
  if (await limits.perAccount.isBlocked(key, at)) {
    await db.transaction((tx) => recordAudit(tx, actor, now, { type: 'password.change-failed', object: { type: 'user', id: principal.id }, data: { reason: 'rate_limited' } }));
    throw new AppError('rate_limited', 'Too many wrong passwords. Wait a few minutes and try again.', undefined, { 'Retry-After': String(await limits.perAccount.retryAfterSeconds(key, at)) });
  }
  const stored = await findPasswordHash(db, principal.id);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    await limits.perAccount.record(key, at);
    await db.transaction((tx) => recordAudit(tx, actor, now, { type: 'password.change-failed', object: { type: 'user', id: principal.id }, data: { reason: 'wrong_current_password' } }));
    throw new AppError('validation_failed', 'The current password is not correct.', { fields: [{ path: 'currentPassword', issue: 'incorrect', message: 'is not correct' }] });
  }
  assertPasswordAllowed(input.newPassword, 'newPassword', principal.email);
  if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
    throw new AppError('validation_failed', 'The new password must differ from the current one.', { fields: [{ path: 'newPassword', issue: 'unchanged', message: 'must differ from the current password' }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await updatePasswordHash(tx, principal.id, passwordHash);
    // A change made with an API token has no session to keep: every session ends.
    const { rowsAffected: sessionsEnded } = ctx.sessionToken ? await deleteOtherSessions(tx, principal.id, hashToken(ctx.sessionToken)) : await deleteSessionsOfUser(tx, principal.id);
    await recordAudit(tx, actor, now, { type: 'password.changed', object: { type: 'user', id: principal.id }, data: { sessionsEnded } });
  });
  await limits.perAccount.clear(key);
}
