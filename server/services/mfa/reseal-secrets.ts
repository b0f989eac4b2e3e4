import type { Database } from '../../db/database.ts';
import * as sql from '../../db/mfa.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import { openWithIndex, seal, type Keyring } from './secret-box.ts';
import { secretPurpose } from './verify-factor.ts';

export interface ResealOutcome {
  /** Secrets that were sealed with a previous key and are now sealed with the current one. */
  resealed: number;
  /** Already sealed with the current key. */
  alreadyCurrent: number;
  /** Users whose secret no configured key opens: left as stored; their authenticator needs an admin's reset. */
  unreadable: number[];
}

/**
 * Seals every stored authenticator secret with the keyring's current key, opening each with
 * whichever key (current or previous) sealed it. One transaction with its audit event, so a key
 * is retired only once nothing depends on it; a value no key opens is never overwritten.
 */
export async function resealSecrets(deps: { db: Database; now: Date; actor: Actor }, keys: Keyring, rotated: boolean): Promise<ResealOutcome> {
  return deps.db.transaction(async (tx) => {
    const outcome: ResealOutcome = { resealed: 0, alreadyCurrent: 0, unreadable: [] };
    for (const row of await sql.listFactorSecrets(tx)) {
      const purpose = secretPurpose(row.user_id);
      const opened = openWithIndex(keys, row.secret_enc, purpose);
      if (!opened) outcome.unreadable.push(row.user_id);
      else if (opened.keyIndex === 0) outcome.alreadyCurrent++;
      else outcome.resealed += await sql.replaceFactorSecret(tx, row.user_id, row.secret_enc, seal(keys, opened.plaintext, purpose));
    }
    await recordAudit(tx, deps.actor, deps.now, {
      type: 'mfa.secrets-resealed',
      object: { type: 'installation', id: 'secret-key' },
      data: { resealed: outcome.resealed, alreadyCurrent: outcome.alreadyCurrent, unreadable: outcome.unreadable.length, rotated },
    });
    return outcome;
  });
}
