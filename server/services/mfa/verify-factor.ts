import type { Queryable } from '../../db/database.ts';
import * as sql from '../../db/mfa.ts';
import { AppError } from '../../errors.ts';
import type { FailureWindow } from '../auth/rate-limit.ts';
import { open, type SealingKey } from './secret-box.ts';
import { hashRecoveryCode, normalizeRecoveryCode, totpStep, TOTP_FORMAT } from './totp.ts';

/**
 * Limits on second-factor codes: 5 wrong codes per account in 15 minutes (a six-digit code with
 * three valid at a time then has a 1-in-67,000 chance per window), and the sign-in limit per
 * address, shared with passwords so one address cannot spread its guesses across both.
 */
export interface MfaLimits {
  perAccount: FailureWindow;
  perAddress: FailureWindow;
}

export type SecondFactor = 'totp' | 'recovery_code';
export type FactorFailure = 'invalid_code' | 'code_reused';

export const secretPurpose = (userId: number) => `mfa-totp:${userId}`;

/** The user's TOTP secret in the clear, from a (pending or confirmed) factor row. */
export function secretOf(key: SealingKey, row: sql.FactorRow): string {
  const secret = open(key, row.secret_enc, secretPurpose(row.user_id));
  // A secret sealed under another key (the key was replaced): the factor cannot be used; an admin resets it.
  if (secret === null) throw new AppError('internal', 'The authenticator secret cannot be read with this installation’s key.');
  return secret;
}

/**
 * Checks a code against the user's confirmed factor and consumes it inside `tx`: a TOTP code's
 * time step must be later than the last accepted one (a replay, even a racing one, is refused);
 * a recovery code is marked used. Six digits are read as an authenticator code, anything else as
 * a recovery code.
 */
export async function consumeSecondFactor(tx: Queryable, key: SealingKey, userId: number, code: string, now: Date): Promise<{ ok: true; factor: SecondFactor } | { ok: false; reason: FactorFailure }> {
  const trimmed = code.trim().replace(/\s/g, '');
  if (TOTP_FORMAT.test(trimmed)) {
    const row = await sql.findFactor(tx, userId);
    if (!row?.confirmed_at) return { ok: false, reason: 'invalid_code' };
    const step = totpStep(secretOf(key, row), trimmed, now);
    if (step === null) return { ok: false, reason: 'invalid_code' };
    return (await sql.useStep(tx, userId, step)) === 1 ? { ok: true, factor: 'totp' } : { ok: false, reason: 'code_reused' };
  }
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) return { ok: false, reason: 'invalid_code' };
  return (await sql.useRecoveryCode(tx, userId, hashRecoveryCode(normalized), now.toISOString())) === 1 ? { ok: true, factor: 'recovery_code' } : { ok: false, reason: 'invalid_code' };
}

export const FAILURE_MESSAGE: Record<FactorFailure, string> = {
  invalid_code: 'The code is not correct. Enter the current six-digit code from your authenticator app, or an unused recovery code.',
  code_reused: 'That code has been used already. Wait for the next code from your authenticator app.',
};

export async function tooManyCodes(limits: MfaLimits, accountKey: string, address: string, at: number): Promise<AppError | null> {
  if (!(await limits.perAccount.isBlocked(accountKey, at)) && !(await limits.perAddress.isBlocked(address, at))) return null;
  const retry = Math.max(await limits.perAccount.retryAfterSeconds(accountKey, at), await limits.perAddress.retryAfterSeconds(address, at));
  return new AppError('rate_limited', 'Too many wrong codes. Wait a few minutes and try again.', undefined, { 'Retry-After': String(retry) });
}
