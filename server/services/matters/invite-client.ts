import { randomBytes } from 'node:crypto';
import { addMatterMember, isMatterMember } from '../../db/matter-members.ts';
import * as users from '../../db/users.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { InviteClient, InvitedClient } from '../../schemas/matter-invite.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/password.ts';
import { newResetCode, storeResetCode } from '../auth/password-reset.ts';
import type { ServiceContext } from '../context.ts';
import { getMatter } from './matters.ts';

/**
 * An attorney invites a client's person to a matter (issue 21). A new e-mail gets a client
 * account — never any other role: admins keep every other one — with no usable password and a
 * one-time set-password code (the admin reset's mechanism: hashed at rest, expiring, single use),
 * returned once. An e-mail of an existing client account attaches that account (no code: they
 * already sign in); one of a staff account is refused, as is a disabled client account.
 */
export async function inviteClientToMatter(ctx: ServiceContext, matterId: number, input: InviteClient): Promise<InvitedClient> {
  if (ctx.principal.role === 'client') {
    await getMatter(ctx.db, ctx.principal, matterId); // 404 for a matter the client cannot see, before 403
    throw forbidden('Clients cannot invite people to a matter.');
  }
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys invite clients to a matter; administrators create other accounts.');
  // The account gets a password nobody knows: it signs in only after the code sets one.
  const unusable = await hashPassword(randomBytes(32).toString('base64url'));
  const now = ctx.now.toISOString();
  const result = await ctx.db.transaction(async (tx) => {
    await getMatter(tx, ctx.principal, matterId);
    const existing = await users.findUserByEmail(tx, input.email);
    if (existing && existing.role !== 'client') {
      throw new AppError('conflict', `That e-mail belongs to a firm account (${existing.role}), not a client. Add staff in the matter’s staff list instead.`, {
        reason: 'email_of_staff_account',
        fields: [{ path: 'email', issue: 'email_of_staff_account', message: 'This e-mail address belongs to a firm account, not a client.' }],
      });
    }
    if (existing?.disabled) {
      throw new AppError('conflict', 'That client’s account is disabled. Ask an administrator to allow sign-in first.', {
        reason: 'account_disabled',
        fields: [{ path: 'email', issue: 'account_disabled', message: 'This e-mail address belongs to a disabled account.' }],
      });
    }
    if (existing && (await isMatterMember(tx, matterId, existing.id))) return { userId: existing.id, accountCreated: false, attached: false, reset: null };
    const userId = existing?.id ?? (await users.insertUser(tx, { email: input.email, name: input.name, role: 'client', passwordHash: unusable, createdAt: now }));
    let reset: InvitedClient['reset'] = null;
    let resetId: number | undefined;
    if (!existing) {
      const fresh = newResetCode(ctx.now);
      resetId = await storeResetCode(tx, { userId, code: fresh.code, createdBy: ctx.principal.id, now: ctx.now, expiresAt: fresh.expiresAt });
      reset = { code: fresh.code, expiresAt: fresh.expiresAt, path: `/password/reset?code=${fresh.code}` };
    }
    await addMatterMember(tx, matterId, userId, now);
    await recordAudit(tx, ctx.actor, ctx.now, {
      type: 'matter.client-invited',
      matterId,
      object: { type: 'user', id: userId },
      data: { email: input.email, name: existing?.name ?? input.name, accountCreated: !existing, ...(reset ? { resetId, expiresAt: reset.expiresAt } : {}) },
    });
    return { userId, accountCreated: !existing, attached: true, reset };
  });
  const row = await users.findUserById(ctx.db, result.userId);
  if (!row) throw notFound('User');
  const user = { id: row.id, email: row.email, name: row.name, role: row.role, disabled: row.disabled === 1, createdAt: row.created_at };
  return { user, accountCreated: result.accountCreated, attached: result.attached, reset: result.reset };
}
