import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts small secrets (TOTP seeds) at rest with AES-256-GCM under the installation's key
 * (`CLAUSEWRIGHT_SECRET_KEY`, or the key file beside the database). The purpose string is bound
 * as additional data, so a ciphertext copied to another user's row does not decrypt.
 */
/**
 * The installation's key and, while a rotation is under way, the keys it replaced: everything is
 * sealed with `current`; a value sealed with a previous key still opens, until
 * `clausewright secret-key reseal` (or `rotate`) has sealed it again with the current one.
 */
export interface Keyring {
  current: Uint8Array;
  previous: readonly Uint8Array[];
}

/** One key, or a keyring: what the services are given to seal and open with. */
export type SealingKey = Uint8Array | Keyring;

const currentOf = (key: SealingKey): Uint8Array => (key instanceof Uint8Array ? key : key.current);
const allOf = (key: SealingKey): readonly Uint8Array[] => (key instanceof Uint8Array ? [key] : [key.current, ...key.previous]);

export function seal(key: SealingKey, plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', currentOf(key), iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The plaintext, or null when the value was not sealed with any of these keys for this purpose. */
export function open(key: SealingKey, sealed: string, purpose: string): string | null {
  return openWithIndex(key, sealed, purpose)?.plaintext ?? null;
}

/** As open, and which key opened it (0 = the current one): a reseal rewrites only values opened by an older key. */
export function openWithIndex(key: SealingKey, sealed: string, purpose: string): { plaintext: string; keyIndex: number } | null {
  const keys = allOf(key);
  for (let i = 0; i < keys.length; i++) {
    const plaintext = openWith(keys[i]!, sealed, purpose);
    if (plaintext !== null) return { plaintext, keyIndex: i };
  }
  return null;
}

function openWith(key: Uint8Array, sealed: string, purpose: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
