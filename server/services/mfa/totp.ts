import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app implements it: SHA-1, six digits, 30-second steps. */
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One step either side of now: a phone clock 30 s off still works; three codes are valid at a time. */
const WINDOW = 1;
export const ISSUER = 'clausewright';

/** A new 160-bit secret (RFC 4226's recommended length), base32 as apps expect it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export function otpauthUri(secretBase32: string, account: string): string {
  return new TOTP({ ...PARAMS, issuer: ISSUER, label: account, secret: Secret.fromBase32(secretBase32) }).toString();
}

/** The otpauth:// URI as an SVG QR code in a data: URL, rendered on the server (the CSP allows data: images, no script needed). */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export const TOTP_FORMAT = /^[0-9]{6}$/;

/**
 * The time step the code belongs to, or null when it is not valid now (±1 step). The caller
 * accepts it only if the step is later than the last one accepted, so a code works once.
 */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!TOTP_FORMAT.test(code)) return null;
  const timestamp = now.getTime();
  const delta = TOTP.validate({ ...PARAMS, token: code, secret: Secret.fromBase32(secretBase32), timestamp, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PARAMS.period, timestamp }) + delta;
}

// --- recovery codes: 16 characters of Crockford base32 (80 random bits), shown as four groups.

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(32)]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter, and the letters people confuse with digits read as those digits. */
export function normalizeRecoveryCode(code: string): string | null {
  const clean = code.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return /^[0-9a-hjkmnp-tv-z]{16}$/.test(clean) ? clean : null;
}

/** 80 random bits cannot be guessed, so SHA-256 is enough at rest (as for reset codes and API tokens). */
export const hashRecoveryCode = (normalized: string) => createHash('sha256').update(`recovery:${normalized}`).digest('hex');
