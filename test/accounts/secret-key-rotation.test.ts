import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadSecretKey } from '../../server/secret-key.ts';
import { open, seal, type SealingKey } from '../../server/services/mfa/secret-box.ts';
import { cliBundle } from '../helpers/bundle.ts';
import { enrol, totpAt } from '../helpers/mfa.ts';
import { makeTestApp, TEST_PASSWORD } from '../helpers/test-app.ts';
import { testBackend } from '../helpers/test-database.ts';

/**
 * Replacing the key that seals authenticator secrets. A keyring opens what any of its keys sealed
 * and seals with the current one; `clausewright secret-key rotate` (the SQLite key file) and
 * `reseal` (CLAUSEWRIGHT_SECRET_KEY + _PREVIOUS, the PostgreSQL way) seal every stored secret again
 * so the old key can be destroyed; a secret no key opens is reported and left as stored.
 */
let t: Awaited<ReturnType<typeof makeTestApp>> | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const hex = () => randomBytes(32).toString('hex');

async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cliBundle(), ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Password then code, against an app made with `key` on the test app's database: 200 when the key opens the secret. */
async function signInWith(key: SealingKey, secret: string): Promise<number> {
  const app = createApp({ db: t!.db, catalog: t!.catalog, clock: t!.clock.now, secretKey: key });
  const post = (path: string, body: unknown) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify(body) });
  const first = await post('/api/auth/login', { email: 'attorney@example.test', password: TEST_PASSWORD });
  const { challenge } = (await first.json()) as { challenge: string };
  t!.clock.current = new Date(t!.clock.current.getTime() + 30_000);
  return (await post('/api/auth/login/mfa', { challenge, code: totpAt(secret, t!.clock.current) })).status;
}

const storedSecret = async () => (await t!.db.get<{ secret_enc: string }>('SELECT secret_enc FROM mfa_factors WHERE user_id = ?', [t!.users.attorney]))!.secret_enc;

describe('a keyring', () => {
  it('seals with the current key and opens with any of them', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const byA = seal(a, 'JBSWY3DPEHPK3PXP', 'mfa-totp:7');
    expect(open({ current: b, previous: [a] }, byA, 'mfa-totp:7')).toBe('JBSWY3DPEHPK3PXP');
    expect(open(b, byA, 'mfa-totp:7')).toBeNull();
    const byRing = seal({ current: b, previous: [a] }, 'x', 'p');
    expect(open(b, byRing, 'p')).toBe('x');
    expect(open(a, byRing, 'p')).toBeNull();
  });

  it('reads previous keys from CLAUSEWRIGHT_SECRET_KEY_PREVIOUS or <db>.key.previous, and refuses a malformed one', () => {
    const [a, b, c] = [hex(), hex(), hex()];
    expect(loadSecretKey(a, null, `${b}, ${c}`).previous.map((k) => Buffer.from(k).toString('hex'))).toEqual([b, c]);
    expect(() => loadSecretKey(a, null, 'not-a-key')).toThrow(/CLAUSEWRIGHT_SECRET_KEY_PREVIOUS/);
    const file = join(mkdtempSync(join(tmpdir(), 'cw-key-')), 'db.sqlite');
    writeFileSync(`${file}.key`, `${a}\n`);
    writeFileSync(`${file}.key.previous`, `${b}\n${c}\n`);
    const ring = loadSecretKey(undefined, file);
    expect(Buffer.from(ring.current).toString('hex')).toBe(a);
    expect(ring.previous).toHaveLength(2);
  });
});

// The command line on a SQLite file (its key file); the same on both passes, so only `npm test` runs it.
describe.skipIf(testBackend() === 'postgres')('clausewright secret-key', () => {
  it('rotate: a new key file, every secret sealed again, the old key destroyed — sign-in works with the new key only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-rotate-')), 'db.sqlite');
    const before = loadSecretKey(undefined, file);
    t = await makeTestApp({ file, deps: { secretKey: before } });
    const { secret } = await enrol(t, await t.login('attorney'));
    const oldKeyText = readFileSync(`${file}.key`, 'utf8');

    const r = await cli(['secret-key', 'rotate'], { CLAUSEWRIGHT_DB: file });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 authenticator secret\(s\) sealed again with the current key; 0 already were/);
    expect(r.stdout).toMatch(/db\.sqlite\.key\.previous deleted/);
    expect(readFileSync(`${file}.key`, 'utf8')).not.toBe(oldKeyText);
    expect(existsSync(`${file}.key.previous`)).toBe(false);

    expect(await signInWith(loadSecretKey(undefined, file), secret)).toBe(200);
    expect(await signInWith(before, secret), 'the old key no longer opens it').not.toBe(200);
    const audit = await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'mfa.secrets-resealed'");
    expect(JSON.parse(audit!.data)).toEqual({ resealed: 1, alreadyCurrent: 0, unreadable: 0, rotated: true });
  }, 300_000);

  it('reseal: under CLAUSEWRIGHT_SECRET_KEY with the old key as PREVIOUS; a secret no key opens is reported (exit 1) and left as stored', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-reseal-')), 'db.sqlite');
    const [a, b, c] = [hex(), hex(), hex()];
    t = await makeTestApp({ file, deps: { secretKey: loadSecretKey(a, null) } });
    const { secret } = await enrol(t, await t.login('attorney'));

    const moved = await cli(['secret-key', 'reseal'], { CLAUSEWRIGHT_DB: file, CLAUSEWRIGHT_SECRET_KEY: b, CLAUSEWRIGHT_SECRET_KEY_PREVIOUS: a });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/1 authenticator secret\(s\) sealed again/);
    expect(moved.stdout).toMatch(/remove it from every server/);
    expect(await signInWith(loadSecretKey(b, null), secret)).toBe(200);

    const sealed = await storedSecret();
    const lost = await cli(['secret-key', 'reseal'], { CLAUSEWRIGHT_DB: file, CLAUSEWRIGHT_SECRET_KEY: c });
    expect(lost.code).toBe(1);
    expect(lost.stdout).toMatch(new RegExp(`1 could not be opened with any configured key \\(user ids ${t.users.attorney}\\)`));
    expect(await storedSecret(), 'never overwritten').toBe(sealed);
  }, 300_000);

  it('rotate refuses where the key is not a file beside the database', async () => {
    const r = await cli(['secret-key', 'rotate'], { CLAUSEWRIGHT_DB: ':memory:', CLAUSEWRIGHT_SECRET_KEY: hex() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLAUSEWRIGHT_SECRET_KEY_PREVIOUS/);
  }, 300_000);
});
