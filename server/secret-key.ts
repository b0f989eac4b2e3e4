import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Keyring } from './services/mfa/secret-box.ts';

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * The installation's 32-byte key that seals TOTP secrets at rest: CLAUSEWRIGHT_SECRET_KEY (64 hex
 * characters) if set, else a key file beside the database (`<db>.key`, made on first start with
 * mode 0600). The key file is not in `clausewright backup`'s copy, so a stolen backup alone does
 * not reveal the secrets; keep a copy of the key with the backups (without it, users with an
 * authenticator need an admin's MFA reset after a restore). On PostgreSQL (`databaseFile` null)
 * there is no file beside the database, and every app server must seal with the same key, so
 * CLAUSEWRIGHT_SECRET_KEY is required.
 *
 * While a key is being replaced, the keys it replaces still open what they sealed:
 * CLAUSEWRIGHT_SECRET_KEY_PREVIOUS (comma-separated), or `<db>.key.previous` (one per line) that
 * `clausewright secret-key rotate` keeps until every secret is sealed again (secret-key-rotation.ts).
 */
export function loadSecretKey(fromEnv: string | undefined, databaseFile: string | null, previousFromEnv?: string): Keyring {
  if (fromEnv) {
    if (!HEX_KEY.test(fromEnv)) throw new Error('CLAUSEWRIGHT_SECRET_KEY must be 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`.');
    return { current: Buffer.from(fromEnv, 'hex'), previous: parseKeys(previousFromEnv ?? '', /,/, 'CLAUSEWRIGHT_SECRET_KEY_PREVIOUS') };
  }
  if (databaseFile === null) throw new Error('With DATABASE_URL every app server must seal secrets with the same key: set CLAUSEWRIGHT_SECRET_KEY to 64 hexadecimal characters (32 bytes), e.g. from `openssl rand -hex 32`.');
  if (databaseFile === ':memory:') return { current: randomBytes(32), previous: [] };
  const file = keyFileOf(databaseFile);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`The key file ${file} is not 64 hexadecimal characters.`);
  const previousFile = `${file}.previous`;
  const previous = existsSync(previousFile) ? parseKeys(readFileSync(previousFile, 'utf8'), /\s+/, previousFile) : [];
  return { current: Buffer.from(text, 'hex'), previous };
}

export const keyFileOf = (databaseFile: string) => `${databaseFile}.key`;

function parseKeys(text: string, separator: RegExp, where: string): Uint8Array[] {
  const keys = text.split(separator).map((k) => k.trim()).filter(Boolean);
  for (const k of keys) if (!HEX_KEY.test(k)) throw new Error(`${where}: every key must be 64 hexadecimal characters.`);
  return keys.map((k) => Buffer.from(k, 'hex'));
}
