import { randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.ts';
import * as sql from '../../db/mfa.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { Principal } from '../context.ts';
import { hashToken, openSessionIn, type SessionPolicy } from '../auth/sessions.ts';
import { seal, type SealingKey } from './secret-box.ts';
import { consumeSecondFactor, FAILURE_MESSAGE, secretOf, secretPurpose, tooManyCodes, type MfaLimits } from './verify-factor.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, qrDataUrl, totpStep } from './totp.ts';

/** Long enough to open the authenticator app (or scan a code), short enough that a stolen step is worth little. */
export const CHALLENGE_MINUTES = 10;

export interface MfaDeps {
  db: Database;
  now: Date;
  key: SealingKey;
  limits: MfaLimits;
  policy: SessionPolicy;
}

export type ChallengeKind = 'verify' | 'enrol';

/** What the first factor (password or SSO) leads to: a session, or a second step. */
export async function secondStepFor(q: Queryable, userId: number, role: Principal['role']): Promise<ChallengeKind | null> {
  const factor = await sql.findFactor(q, userId);
  if (factor?.confirmed_at) return 'verify';
  return (await sql.listRequiredRoles(q)).includes(role) ? 'enrol' : null;
}

/** A single-use 256-bit challenge token (stored as SHA-256) standing for "first factor proven" for CHALLENGE_MINUTES. */
export async function openChallenge(tx: Queryable, userId: number, kind: ChallengeKind, via: 'password' | 'sso', now: Date): Promise<{ challenge: string; expiresAt: string }> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
  await sql.insertChallenge(tx, { tokenHash: hashToken(challenge), userId, kind, via, now: now.toISOString(), expiresAt });
  return { challenge, expiresAt };
}

const INVALID_CHALLENGE = 'This sign-in step has expired or was already used. Sign in again.';

/** The live challenge behind a token, or 401 (unknown, used, expired, or the account disabled meanwhile). */
async function liveChallenge(deps: MfaDeps, actor: Actor, token: string, kind: ChallengeKind): Promise<sql.ChallengeRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await sql.findChallenge(deps.db, hashToken(token)) : undefined;
  if (!row || row.used_at || row.disabled || deps.now.toISOString() >= row.expires_at) {
    await deps.db.transaction(async (tx) => {
      await deps.limits.perAddress.recordIn(tx, actor.ip ?? 'unknown', deps.now.getTime());
      await recordAudit(tx, { ...actor, userId: row?.user_id ?? null }, deps.now, { type: 'login.failed', data: { email: row?.email ?? '', reason: 'invalid_challenge' } });
    });
    throw new AppError('unauthenticated', INVALID_CHALLENGE, { reason: 'invalid_challenge' });
  }
  if (row.kind !== kind) {
    const reason = row.kind === 'enrol' ? 'mfa_enrolment_required' : 'mfa_required';
    throw new AppError('conflict', row.kind === 'enrol' ? 'Set up your authenticator app first.' : 'This account already has an authenticator; enter its code.', { reason });
  }
  return row;
}

const principalOf = (row: sql.ChallengeRow): Principal => ({ id: row.user_id, role: row.role, name: row.name, email: row.email });
const actorOf = (actor: Actor, row: sql.ChallengeRow): Actor => ({ ...actor, userId: row.user_id, role: row.role });

/** Refuses when the account or the address has had too many wrong codes; audited. */
async function assertNotLimited(deps: MfaDeps, actor: Actor, row: sql.ChallengeRow): Promise<void> {
  const limited = await tooManyCodes(deps.limits, String(row.user_id), actor.ip ?? 'unknown', deps.now.getTime());
  if (!limited) return;
  await deps.db.transaction((tx) => recordAudit(tx, actorOf(actor, row), deps.now, { type: 'login.failed', data: { email: row.email, reason: 'mfa_rate_limited' } }));
  throw limited;
}

async function refuseCode(deps: MfaDeps, actor: Actor, row: sql.ChallengeRow, reason: 'invalid_code' | 'code_reused'): Promise<never> {
  const at = deps.now.getTime();
  // Counted and audited in one write.
  await deps.db.transaction(async (tx) => {
    await deps.limits.perAccount.recordIn(tx, String(row.user_id), at);
    await deps.limits.perAddress.recordIn(tx, actor.ip ?? 'unknown', at);
    await recordAudit(tx, actorOf(actor, row), deps.now, { type: 'login.failed', data: { email: row.email, reason: reason === 'code_reused' ? 'mfa_code_reused' : 'invalid_mfa_code' } });
  });
  throw new AppError('unauthenticated', FAILURE_MESSAGE[reason], { reason: reason === 'code_reused' ? 'mfa_code_reused' : 'invalid_mfa_code' });
}

/**
 * The second step of a sign-in: a code from the authenticator app (or a recovery code) for a
 * 'verify' challenge. The challenge, the code and the new session are used up in one
 * transaction, so neither the challenge nor the code works twice.
 */
export async function completeMfaChallenge(deps: MfaDeps, actor: Actor, input: { challenge: string; code: string }): Promise<{ token: string; principal: Principal }> {
  const row = await liveChallenge(deps, actor, input.challenge, 'verify');
  await assertNotLimited(deps, actor, row);
  const outcome = await deps.db.transaction(async (tx) => {
    const checked = await consumeSecondFactor(tx, deps.key, row.user_id, input.code, deps.now);
    if (!checked.ok) return checked;
    if ((await sql.useChallenge(tx, row.id, deps.now.toISOString())) !== 1) return { ok: false as const, reason: 'challenge_used' as const };
    const token = await openSessionIn(tx, row.user_id, deps.now, deps.policy, row.via);
    const left = checked.factor === 'recovery_code' ? { recoveryCodesLeft: await sql.countUnusedRecoveryCodes(tx, row.user_id) } : {};
    await recordAudit(tx, actorOf(actor, row), deps.now, { type: 'login', data: { email: row.email, mfa: checked.factor, via: row.via, ...left } });
    return { ok: true as const, token };
  });
  if (!outcome.ok) {
    if (outcome.reason === 'challenge_used') throw new AppError('unauthenticated', INVALID_CHALLENGE, { reason: 'invalid_challenge' });
    return refuseCode(deps, actor, row, outcome.reason);
  }
  await deps.limits.perAccount.clear(String(row.user_id));
  return { token: outcome.token, principal: principalOf(row) };
}

export interface NewAuthenticator {
  /** Base32, for typing into an app that cannot scan. Shown once. */
  secret: string;
  otpauthUri: string;
  /** The URI as an SVG QR code, a data: URL. */
  qrCode: string;
}

/** Stores a new unconfirmed secret for the user (replacing an unconfirmed one) and returns it for display, once. */
export async function startEnrolment(tx: Queryable, key: SealingKey, actor: Actor, now: Date, user: { id: number; email: string }, during: 'sign-in' | 'account'): Promise<NewAuthenticator | null> {
  const secret = newTotpSecret();
  const { rowsAffected } = await sql.upsertPendingFactor(tx, user.id, seal(key, secret, secretPurpose(user.id)), now.toISOString());
  if (rowsAffected !== 1) return null; // a confirmed factor exists
  await recordAudit(tx, actor, now, { type: 'mfa.enrolment-started', object: { type: 'user', id: user.id }, data: { during } });
  const uri = otpauthUri(secret, user.email);
  return { secret, otpauthUri: uri, qrCode: await qrDataUrl(uri) };
}

/**
 * Proves the pending secret with a code and makes it the user's factor, with ten new recovery
 * codes (returned once, stored as SHA-256). Null when the code is wrong or was used already.
 */
export async function confirmEnrolment(tx: Queryable, key: SealingKey, actor: Actor, now: Date, userId: number, code: string, during: 'sign-in' | 'account'): Promise<string[] | 'no_enrolment' | 'invalid_code'> {
  const row = await sql.findFactor(tx, userId);
  if (!row || row.confirmed_at) return 'no_enrolment';
  const step = totpStep(secretOf(key, row), code.trim(), now);
  if (step === null || (await sql.confirmFactor(tx, userId, now.toISOString(), step)) !== 1) return 'invalid_code';
  const codes = newRecoveryCodes();
  await sql.deleteRecoveryCodes(tx, userId);
  await sql.insertRecoveryCodes(tx, userId, codes.map((c) => hashRecoveryCode(c.replace(/-/g, ''))), now.toISOString());
  await recordAudit(tx, actor, now, { type: 'mfa.enabled', object: { type: 'user', id: userId }, data: { recoveryCodes: codes.length, during } });
  return codes;
}

/** Enrolment demanded by the policy, during sign-in: the challenge allows showing a new secret. */
export async function startSignInEnrolment(deps: MfaDeps, actor: Actor, input: { challenge: string }): Promise<NewAuthenticator & { expiresAt: string }> {
  const row = await liveChallenge(deps, actor, input.challenge, 'enrol');
  const shown = await deps.db.transaction((tx) => startEnrolment(tx, deps.key, actorOf(actor, row), deps.now, { id: row.user_id, email: row.email }, 'sign-in'));
  if (!shown) throw new AppError('conflict', 'This account already has an authenticator; sign in again.', { reason: 'mfa_already_enabled' });
  return { ...shown, expiresAt: row.expires_at };
}

/** Confirms the enrolment with a code and finishes the sign-in: two events, mfa.enabled then login. */
export async function confirmSignInEnrolment(deps: MfaDeps, actor: Actor, input: { challenge: string; code: string }): Promise<{ token: string; principal: Principal; recoveryCodes: string[] }> {
  const row = await liveChallenge(deps, actor, input.challenge, 'enrol');
  await assertNotLimited(deps, actor, row);
  const outcome = await deps.db.transaction(async (tx) => {
    const codes = await confirmEnrolment(tx, deps.key, actorOf(actor, row), deps.now, row.user_id, input.code, 'sign-in');
    if (typeof codes === 'string') return codes;
    if ((await sql.useChallenge(tx, row.id, deps.now.toISOString())) !== 1) throw new AppError('unauthenticated', INVALID_CHALLENGE, { reason: 'invalid_challenge' });
    const token = await openSessionIn(tx, row.user_id, deps.now, deps.policy, row.via);
    await recordAudit(tx, actorOf(actor, row), deps.now, { type: 'login', data: { email: row.email, mfa: 'totp', via: row.via } });
    return { token, codes };
  });
  if (outcome === 'no_enrolment') throw new AppError('conflict', 'Show the QR code first: no authenticator is being set up.', { reason: 'no_enrolment_started' });
  if (outcome === 'invalid_code') return refuseCode(deps, actor, row, 'invalid_code');
  await deps.limits.perAccount.clear(String(row.user_id));
  return { token: outcome.token, principal: principalOf(row), recoveryCodes: outcome.codes };
}
