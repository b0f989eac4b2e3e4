import { readFileSync } from 'node:fs';
import { AppError } from '../../errors.ts';
import { projectPath } from '../../paths.ts';

/**
 * The password policy of OWASP ASVS 4.0 L2 (2.1.1–2.1.9): at least 12 characters, at least 64
 * allowed (we allow 128), any characters including spaces and emoji, no composition rules, and
 * no password from a list of common and breached ones. Length counts code points after NFKC, the
 * same normalisation hashPassword applies, so what is checked is what is stored.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
/** The bundled list, read once (data/security/common-passwords.txt; # starts a comment). */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(projectPath('data/security/common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map(normalise),
  );
  return common;
}

const normalise = (password: string) => password.normalize('NFKC').toLowerCase();

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'same_as_email';

/** The first rule a password breaks, or null. `email` refuses the account's own address as its password. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const key = normalise(password);
  if (commonPasswords().has(key)) return 'common';
  if (email && (key === email.toLowerCase() || key === email.toLowerCase().split('@')[0])) return 'same_as_email';
  return null;
}

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `must be at least ${PASSWORD_MIN} characters`,
  too_long: `must be at most ${PASSWORD_MAX} characters`,
  common: 'is on the list of common or breached passwords; choose another (a few unrelated words work well)',
  same_as_email: 'may not be your email address',
};

/** Throws validation_failed naming `field` when the password breaks the policy. */
export function assertPasswordAllowed(password: string, field: string, email?: string): void {
  const problem = passwordProblem(password, email);
  if (!problem) return;
  throw new AppError('validation_failed', `The ${field === 'password' ? 'password' : 'new password'} ${MESSAGES[problem]}.`, {
    fields: [{ path: field, issue: problem, message: MESSAGES[problem] }],
  });
}
