import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The installation's 32-byte key that seals TOTP secrets at rest: CLAUSEWRIGHT_SECRET_KEY (64 hex
 * characters) if set, else a key file beside the database (`<db>.key`, made on first start with
 * mode 0600). The key file is not in `clausewright backup`'s copy, so a stolen backup alone does
 * not reveal the secrets; keep a copy of the key with the backups (without it, users with an
 * authenticator need an admin's MFA reset after a restore). On PostgreSQL (`databaseFile` null)
 * there is no file beside the database, and every app server must seal with the same key, so
 * CLAUSEWRIGHT_SECRET_KEY is required.
 */
export function loadSecretKey(fromEnv: string | undefined, databaseFile: string | null): Uint8Array {
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('CLAUSEWRIGHT_SECRET_KEY must be 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`.');
    return Buffer.from(fromEnv, 'hex');
  }
  if (databaseFile === null) throw new Error('With DATABASE_URL every app server must seal secrets with the same key: set CLAUSEWRIGHT_SECRET_KEY to 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`.');
  if (databaseFile === ':memory:') return randomBytes(32);
  const file = `${databaseFile}.key`;
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`The key file ${file} is not 64 hexadecimal characters.`);
  return Buffer.from(text, 'hex');
}
