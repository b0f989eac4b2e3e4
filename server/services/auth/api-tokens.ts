import { randomBytes } from 'node:crypto';
import * as sql from '../../db/accounts.ts';
import type { Database } from '../../db/database.ts';
import { findUserById } from '../../db/users.ts';
import { AppError, notFound } from '../../errors.ts';
import type { ApiToken, CreateApiToken } from '../../schemas/account.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Principal, ServiceContext } from '../context.ts';
import { hashToken } from './sessions.ts';

/** The visible prefix lets secret scanners and people recognise a leaked token. */
const PREFIX = 'cwt_';
const TOKEN_FORMAT = /^cwt_[A-Za-z0-9_-]{43}$/;

const toApiToken = (row: sql.TokenRow, now: Date): ApiToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  active: !row.revoked_at && now.toISOString() < row.expires_at,
});

/** Only the owner and administrators see or change a user's tokens; to anyone else they do not exist. */
function assertMayManage(principal: Principal, ownerId: number): void {
  if (principal.id !== ownerId && principal.role !== 'admin') throw notFound('API token');
}

/**
 * Creates a personal API token for `ownerId` (the caller, or anyone when the caller is an
 * administrator). The token acts with the owner's role at creation — never more — and stops
 * working if that role changes. Returned once; only its SHA-256 is stored.
 */
export async function createApiToken(ctx: ServiceContext, ownerId: number, input: CreateApiToken): Promise<{ token: ApiToken; secret: string }> {
  assertMayManage(ctx.principal, ownerId);
  const secret = PREFIX + randomBytes(32).toString('base64url');
  const now = ctx.now.toISOString();
  const expiresAt = new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000).toISOString();
  const id = await ctx.db.transaction(async (tx) => {
    const owner = await findUserById(tx, ownerId);
    if (!owner) throw notFound('User');
    if (owner.disabled) throw new AppError('conflict', 'The account is disabled; it cannot hold new tokens.', { reason: 'account_disabled' });
    const tokenId = await sql.insertToken(tx, { userId: ownerId, name: input.name, tokenHash: hashToken(secret), role: owner.role, createdBy: ctx.principal.id, createdAt: now, expiresAt });
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'api-token.created', object: { type: 'user', id: ownerId }, data: { tokenId, name: input.name, role: owner.role, expiresAt } });
    return tokenId;
  });
  const row = await sql.findTokenById(ctx.db, id);
  if (!row) throw notFound('API token');
  return { token: toApiToken(row, ctx.now), secret };
}

export async function listApiTokens(ctx: ServiceContext, ownerId: number): Promise<ApiToken[]> {
  assertMayManage(ctx.principal, ownerId);
  if (!(await findUserById(ctx.db, ownerId))) throw notFound('User');
  return (await sql.listTokensOfUser(ctx.db, ownerId)).map((row) => toApiToken(row, ctx.now));
}

/** Revokes a token at once (a second revoke is a no-op, not an error). */
export async function revokeApiToken(ctx: ServiceContext, tokenId: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await sql.findTokenById(tx, tokenId);
    if (!row) throw notFound('API token');
    assertMayManage(ctx.principal, row.user_id);
    if ((await sql.revokeToken(tx, tokenId, ctx.now.toISOString())) === 0) return;
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'api-token.revoked', object: { type: 'user', id: row.user_id }, data: { tokenId, name: row.name } });
  });
}

/**
 * The principal a bearer token stands for, or null when it is malformed, unknown, revoked,
 * expired, its user disabled, or the user's role no longer the token's.
 */
export async function resolveApiToken(db: Database, secret: string, now: Date): Promise<{ principal: Principal; tokenId: number } | null> {
  if (!TOKEN_FORMAT.test(secret)) return null;
  const row = await sql.findTokenByHash(db, hashToken(secret));
  if (!row || row.revoked_at || row.disabled || row.user_role !== row.token_role || now.toISOString() >= row.expires_at) return null;
  // "Last used" to the minute: reads must not each become a write.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.transaction((tx) => sql.touchToken(tx, row.id, now.toISOString()));
  }
  return { principal: { id: row.user_id, role: row.token_role, name: row.name, email: row.email }, tokenId: row.id };
}
