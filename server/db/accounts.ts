import type { Queryable, Reader } from './database.ts';
import { insertedIdOf } from './database.ts';
import type { Role } from './users.ts';

export const updatePasswordHash = (q: Queryable, userId: number, passwordHash: string) =>
  q.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, userId]);

export const findPasswordHash = async (q: Reader, userId: number) =>
  (await q.get<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = ?', [userId]))?.password_hash ?? null;

/** Ends every session of a user but the one given (the caller's own, after a password change). */
export const deleteOtherSessions = (q: Queryable, userId: number, keepTokenHash: string) =>
  q.run('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?', [userId, keepTokenHash]);

// --- password reset codes

export const supersedeResets = (q: Queryable, userId: number, now: string) =>
  q.run('UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL', [now, userId]);

export async function insertReset(q: Queryable, r: { userId: number; codeHash: string; createdBy: number; createdAt: string; expiresAt: string }): Promise<number> {
  const inserted = await q.run('INSERT INTO password_resets (user_id, code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
    r.userId,
    r.codeHash,
    r.createdBy,
    r.createdAt,
    r.expiresAt,
  ]);
  return insertedIdOf(inserted);
}

export interface ResetRow {
  id: number;
  user_id: number;
  email: string;
  role: Role;
  disabled: number;
  expires_at: string;
  used_at: string | null;
}

export const findReset = (q: Reader, codeHash: string) =>
  q.get<ResetRow>(
    `SELECT r.id, r.user_id, u.email, u.role, u.disabled, r.expires_at, r.used_at
       FROM password_resets r JOIN users u ON u.id = r.user_id
      WHERE r.code_hash = ?`,
    [codeHash],
  );

/** Marks a code used only if it still is unused: the `changes` count decides a race between two redemptions. */
export const markResetUsed = async (q: Queryable, id: number, now: string) =>
  (await q.run('UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL', [now, id])).rowsAffected;

// --- API tokens

export interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  role: Role;
  created_by: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const TOKEN_COLUMNS = 'id, user_id, name, role, created_by, created_at, expires_at, revoked_at, last_used_at';

export async function insertToken(q: Queryable, t: { userId: number; name: string; tokenHash: string; role: Role; createdBy: number; createdAt: string; expiresAt: string }): Promise<number> {
  const inserted = await q.run(
    'INSERT INTO api_tokens (user_id, name, token_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [t.userId, t.name, t.tokenHash, t.role, t.createdBy, t.createdAt, t.expiresAt],
  );
  return insertedIdOf(inserted);
}

export const listTokensOfUser = (q: Reader, userId: number) =>
  q.all<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, [userId]);

export const findTokenById = (q: Reader, id: number) => q.get<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = ?`, [id]);

export const revokeToken = async (q: Queryable, id: number, now: string) =>
  (await q.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id])).rowsAffected;

export interface TokenPrincipalRow {
  id: number;
  user_id: number;
  token_role: Role;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  email: string;
  name: string;
  user_role: Role;
  disabled: number;
}

export const findTokenByHash = (q: Reader, tokenHash: string) =>
  q.get<TokenPrincipalRow>(
    `SELECT t.id, t.user_id, t.role AS token_role, t.expires_at, t.revoked_at, t.last_used_at,
            u.email, u.name, u.role AS user_role, u.disabled
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ?`,
    [tokenHash],
  );

export const touchToken = (q: Queryable, id: number, now: string) => q.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now, id]);
