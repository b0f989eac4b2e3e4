import type { Queryable, Reader } from './database.ts';
import { insertedIdOf } from './database.ts';
import type { Role } from './users.ts';

// --- authenticator (TOTP) factors

export interface FactorRow {
  user_id: number;
  secret_enc: string;
  created_at: string;
  confirmed_at: string | null;
  last_step: number;
}

export const findFactor = (q: Reader, userId: number) => q.get<FactorRow>('SELECT user_id, secret_enc, created_at, confirmed_at, last_step FROM mfa_factors WHERE user_id = ?', [userId]);

/** Every stored authenticator secret (sealed), for a reseal under a new key. */
export const listFactorSecrets = (q: Reader) => q.all<Pick<FactorRow, 'user_id' | 'secret_enc'>>('SELECT user_id, secret_enc FROM mfa_factors ORDER BY user_id');

/** Replaces a sealed secret with the same secret sealed under another key, only if it is still the value read (a concurrent re-enrolment wins). */
export const replaceFactorSecret = async (q: Queryable, userId: number, from: string, to: string) =>
  (await q.run('UPDATE mfa_factors SET secret_enc = ? WHERE user_id = ? AND secret_enc = ?', [to, userId, from])).rowsAffected;

/** A new, unconfirmed secret; replaces an earlier unconfirmed one (never a confirmed one). */
export const upsertPendingFactor = (q: Queryable, userId: number, secretEnc: string, now: string) =>
  q.run(
    `INSERT INTO mfa_factors (user_id, secret_enc, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET secret_enc = excluded.secret_enc, created_at = excluded.created_at, last_step = 0 WHERE mfa_factors.confirmed_at IS NULL`,
    [userId, secretEnc, now],
  );

export const confirmFactor = async (q: Queryable, userId: number, now: string, step: number) =>
  (await q.run('UPDATE mfa_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL AND last_step < ?', [now, step, userId, step])).rowsAffected;

/** Records the time step a code was accepted for, only if it is later than any before: the `changes` count refuses a replay, even a racing one. */
export const useStep = async (q: Queryable, userId: number, step: number) =>
  (await q.run('UPDATE mfa_factors SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?', [step, userId, step])).rowsAffected;

export const deleteFactor = (q: Queryable, userId: number) => q.run('DELETE FROM mfa_factors WHERE user_id = ?', [userId]);

/** Users with a confirmed factor, for the admin's list. */
export const listEnrolledUserIds = async (q: Reader) => (await q.all<{ user_id: number }>('SELECT user_id FROM mfa_factors WHERE confirmed_at IS NOT NULL')).map((r) => r.user_id);

// --- recovery codes

export const deleteRecoveryCodes = (q: Queryable, userId: number) => q.run('DELETE FROM mfa_recovery_codes WHERE user_id = ?', [userId]);

export async function insertRecoveryCodes(q: Queryable, userId: number, hashes: string[], now: string): Promise<void> {
  for (const hash of hashes) await q.run('INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)', [userId, hash, now]);
}

export const countUnusedRecoveryCodes = async (q: Reader, userId: number) =>
  (await q.get<{ n: number }>('SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL', [userId]))?.n ?? 0;

/** Marks an unused code of this user used; 1 if it was one, 0 otherwise (unknown, another user's, or used). */
export const useRecoveryCode = async (q: Queryable, userId: number, codeHash: string, now: string) =>
  (await q.run('UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL', [now, userId, codeHash])).rowsAffected;

// --- policy

export const listRequiredRoles = async (q: Reader) => (await q.all<{ role: Role }>('SELECT role FROM mfa_required_roles ORDER BY role')).map((r) => r.role);

export async function replaceRequiredRoles(q: Queryable, roles: Role[], setBy: number, now: string): Promise<void> {
  await q.run('DELETE FROM mfa_required_roles');
  for (const role of roles) await q.run('INSERT INTO mfa_required_roles (role, set_by, set_at) VALUES (?, ?, ?)', [role, setBy, now]);
}

// --- sign-in challenges

export interface ChallengeRow {
  id: number;
  user_id: number;
  kind: 'verify' | 'enrol';
  via: 'password' | 'sso';
  expires_at: string;
  used_at: string | null;
  email: string;
  name: string;
  role: Role;
  disabled: number;
}

export async function insertChallenge(q: Queryable, c: { tokenHash: string; userId: number; kind: 'verify' | 'enrol'; via: 'password' | 'sso'; now: string; expiresAt: string }): Promise<number> {
  await q.run('DELETE FROM login_challenges WHERE expires_at <= ?', [c.now]);
  const inserted = await q.run('INSERT INTO login_challenges (token_hash, user_id, kind, via, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', [c.tokenHash, c.userId, c.kind, c.via, c.now, c.expiresAt]);
  return insertedIdOf(inserted);
}

export const findChallenge = (q: Reader, tokenHash: string) =>
  q.get<ChallengeRow>(
    `SELECT c.id, c.user_id, c.kind, c.via, c.expires_at, c.used_at, u.email, u.name, u.role, u.disabled
       FROM login_challenges c JOIN users u ON u.id = c.user_id
      WHERE c.token_hash = ?`,
    [tokenHash],
  );

export const useChallenge = async (q: Queryable, id: number, now: string) =>
  (await q.run('UPDATE login_challenges SET used_at = ? WHERE id = ? AND used_at IS NULL', [now, id])).rowsAffected;
