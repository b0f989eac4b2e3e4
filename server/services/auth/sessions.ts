import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
import * as sql from '../../db/sessions.ts';
import type { Principal } from '../context.ts';

/** HIPAA "automatic logoff" (45 CFR 164.312(a)(2)(iii)): an idle limit and an absolute limit. */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new 256-bit random token for every login, so a token planted before login is worthless (fixation). */
export async function openSession(db: Database, userId: number, now: Date, policy: SessionPolicy): Promise<string> {
  return db.transaction((tx) => openSessionIn(tx, userId, now, policy));
}

/** openSession inside the caller's transaction (a second factor consumed and the session opened together). */
export async function openSessionIn(tx: Queryable, userId: number, now: Date, policy: SessionPolicy, via: sql.SessionVia = 'password'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3600_000).toISOString();
  await sql.deleteExpiredSessions(tx, now.toISOString());
  await sql.insertSession(tx, { tokenHash: hashToken(token), userId, now: now.toISOString(), expiresAt, via });
  return token;
}

/** Resolves a token to its user, or null when it is unknown, expired, idle too long, or the user is disabled. */
export async function resolveSession(db: Database, token: string, now: Date, policy: SessionPolicy): Promise<Principal | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  // The read connection: checking a session must not queue behind writes.
  const row = await sql.findSession(db, tokenHash);
  if (!row || row.disabled) return null;
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (now.toISOString() >= row.expires_at || now.getTime() >= idleLimit) return null;
  // Refresh the idle clock at most once a minute, so reads do not turn into writes.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
    await db.transaction((tx) => sql.touchSession(tx, tokenHash, now.toISOString()));
  }
  return { id: row.user_id, role: row.role, name: row.name, email: row.email };
}

export async function closeSession(db: Database, token: string): Promise<void> {
  await db.transaction((tx) => sql.deleteSession(tx, hashToken(token)));
}
