import type { Queryable, Reader } from './database.ts';

export interface SsoStateRow {
  state_hash: string;
  binding_hash: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: string;
  used_at: string | null;
}

export async function insertSsoState(q: Queryable, s: { stateHash: string; bindingHash: string; nonce: string; codeVerifier: string; returnTo: string; now: string; expiresAt: string }): Promise<void> {
  await q.run('DELETE FROM sso_states WHERE expires_at <= ?', [s.now]);
  await q.run('INSERT INTO sso_states (state_hash, binding_hash, nonce, code_verifier, return_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    s.stateHash,
    s.bindingHash,
    s.nonce,
    s.codeVerifier,
    s.returnTo,
    s.now,
    s.expiresAt,
  ]);
}

export const findSsoState = (q: Reader, stateHash: string) =>
  q.get<SsoStateRow>('SELECT state_hash, binding_hash, nonce, code_verifier, return_to, expires_at, used_at FROM sso_states WHERE state_hash = ?', [stateHash]);

/** Marks a state used only if it is still unused: the `changes` count decides between two callbacks racing. */
export const useSsoState = async (q: Queryable, stateHash: string, now: string) =>
  (await q.run('UPDATE sso_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL', [now, stateHash])).rowsAffected;
