import type { Queryable, Reader } from './database.ts';
import type { Role } from './users.ts';

export interface SessionUser {
  user_id: number;
  email: string;
  name: string;
  role: Role;
  disabled: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** How a session was opened (migration 021): signing out of an 'sso' one also ends the provider's session. */
export type SessionVia = 'password' | 'sso';

export const insertSession = (q: Queryable, s: { tokenHash: string; userId: number; now: string; expiresAt: string; via: SessionVia }) =>
  q.run('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, via) VALUES (?, ?, ?, ?, ?, ?)', [
    s.tokenHash,
    s.userId,
    s.now,
    s.now,
    s.expiresAt,
    s.via,
  ]);

export const findSessionVia = async (q: Reader, tokenHash: string): Promise<SessionVia | null> =>
  (await q.get<{ via: SessionVia }>('SELECT via FROM sessions WHERE token_hash = ?', [tokenHash]))?.via ?? null;

export const findSession = (q: Reader, tokenHash: string) =>
  q.get<SessionUser>(
    `SELECT s.user_id, u.email, u.name, u.role, u.disabled, s.created_at, s.last_seen_at, s.expires_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ?`,
    [tokenHash],
  );

export const touchSession = (q: Queryable, tokenHash: string, now: string) =>
  q.run('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', [now, tokenHash]);

export const deleteSession = (q: Queryable, tokenHash: string) => q.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);

export const deleteSessionsOfUser = (q: Queryable, userId: number) => q.run('DELETE FROM sessions WHERE user_id = ?', [userId]);

export const deleteExpiredSessions = (q: Queryable, now: string) => q.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
