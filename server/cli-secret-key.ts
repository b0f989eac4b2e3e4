import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { openDatabase, readConfig, type Config } from './main.ts';
import { keyFileOf, loadSecretKey } from './secret-key.ts';
import { resealSecrets, type ResealOutcome } from './services/mfa/reseal-secrets.ts';

const SYSTEM = { userId: null, role: 'system', ip: null, requestId: 'cli' };
const USAGE = 'usage: clausewright secret-key rotate     (SQLite key file: a new key, every secret sealed again, the old key destroyed)\n       clausewright secret-key reseal     (seal every secret with CLAUSEWRIGHT_SECRET_KEY, opening with CLAUSEWRIGHT_SECRET_KEY_PREVIOUS)\n';

/**
 * Replacing the key that seals authenticator secrets (a key that may have leaked, or a routine
 * rotation). Stop the server(s) first: a running server keeps sealing with the key it started with.
 *
 * `rotate` (the key file beside a SQLite database): the current key is kept in `<db>.key.previous`,
 * a new one replaces `<db>.key` (written to a temporary file and renamed, so the file is never
 * half written), every secret is sealed again, and the previous key file is deleted once nothing
 * needs it. Interrupted at any point, the next start opens everything with the two files, and
 * running `rotate` or `reseal` again finishes the job.
 *
 * `reseal` (any installation, the way on PostgreSQL): set CLAUSEWRIGHT_SECRET_KEY to the new key
 * and CLAUSEWRIGHT_SECRET_KEY_PREVIOUS to the old one(s) on every server, run this, then remove
 * CLAUSEWRIGHT_SECRET_KEY_PREVIOUS. Exit 0 when every secret is under the current key, 1 when
 * some could not be opened with any key (those users need `clausewright user reset-mfa`), 2 on misuse.
 */
export async function secretKeyCommand(args: string[]): Promise<number> {
  const [sub] = args;
  const config = readConfig();
  if (sub === 'reseal') return reseal(config, false);
  if (sub === 'rotate') {
    if (config.CLAUSEWRIGHT_SECRET_KEY || config.DATABASE_URL) {
      process.stderr.write('rotate replaces the key file beside a SQLite database. With CLAUSEWRIGHT_SECRET_KEY (or on PostgreSQL): set the new key in CLAUSEWRIGHT_SECRET_KEY and the old one in CLAUSEWRIGHT_SECRET_KEY_PREVIOUS on every server, run `clausewright secret-key reseal`, then remove CLAUSEWRIGHT_SECRET_KEY_PREVIOUS.\n');
      return 2;
    }
    const file = keyFileOf(config.CLAUSEWRIGHT_DB);
    if (!existsSync(file)) {
      process.stderr.write(`${file}: no key file to rotate (it is made on the server's first start).\n`);
      return 2;
    }
    // The old key first joins the previous keys, then the new one replaces the key file.
    appendFileSync(`${file}.previous`, readFileSync(file, 'utf8').trim() + '\n', { mode: 0o600 });
    writeFileSync(`${file}.new`, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    renameSync(`${file}.new`, file);
    return reseal(config, true);
  }
  process.stderr.write(USAGE);
  return 2;
}

async function reseal(config: Config, rotated: boolean): Promise<number> {
  const keys = loadSecretKey(config.CLAUSEWRIGHT_SECRET_KEY, config.DATABASE_URL ? null : config.CLAUSEWRIGHT_DB, config.CLAUSEWRIGHT_SECRET_KEY_PREVIOUS);
  const db = await openDatabase(config);
  let outcome: ResealOutcome;
  try {
    outcome = await resealSecrets({ db, now: new Date(), actor: SYSTEM }, keys, rotated);
  } finally {
    await db.close();
  }
  process.stdout.write(`${outcome.resealed} authenticator secret(s) sealed again with the current key; ${outcome.alreadyCurrent} already were.\n`);
  const previousFile = config.DATABASE_URL || config.CLAUSEWRIGHT_SECRET_KEY ? null : `${keyFileOf(config.CLAUSEWRIGHT_DB)}.previous`;
  if (outcome.unreadable.length) {
    process.stdout.write(`${outcome.unreadable.length} could not be opened with any configured key (user ids ${outcome.unreadable.join(', ')}): left as stored; reset their two-step sign-in with \`clausewright user reset-mfa\`.${previousFile ? ` ${previousFile} is kept.` : ''}\n`);
    return 1;
  }
  if (previousFile && existsSync(previousFile)) {
    rmSync(previousFile);
    process.stdout.write(`nothing depends on the previous key any more: ${previousFile} deleted.\n`);
  } else if (!previousFile && config.CLAUSEWRIGHT_SECRET_KEY_PREVIOUS) {
    process.stdout.write('nothing depends on CLAUSEWRIGHT_SECRET_KEY_PREVIOUS any more: remove it from every server.\n');
  }
  return 0;
}
