import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { auditRowValues, insertAuditRow, insertAuditRowAfter, lastAuditHash, type NewAuditRow } from '../../db/audit.ts';
import type { AuditEventData, AuditEventType } from './audit-events.ts';

/** Who did something and from where; every route builds one from the request. */
export interface Actor {
  userId: number | null;
  role: string | null;
  ip: string | null;
  requestId: string | null;
  /** Set when the request was authenticated with an API token: every event it causes names the token. */
  tokenId?: number;
}

export interface AuditInput<T extends AuditEventType> {
  type: T;
  data: AuditEventData[T];
  matterId?: number | null;
  object?: { type: string; id: string | number };
}

/**
 * Appends one event inside the caller's transaction, so the event exists if and only if the
 * change it describes was committed. Each row carries the hash of the previous one: an edit
 * made outside the app (the triggers stop edits made through SQLite) breaks the chain.
 */
export async function recordAudit<T extends AuditEventType>(tx: Queryable, actor: Actor, at: Date, input: AuditInput<T>): Promise<void> {
  const row: NewAuditRow = {
    at: at.toISOString(),
    type: input.type,
    actor_user_id: actor.userId,
    actor_role: actor.role,
    ip: actor.ip,
    request_id: actor.requestId,
    matter_id: input.matterId ?? null,
    object_type: input.object?.type ?? null,
    object_id: input.object ? String(input.object.id) : null,
    // JSON.stringify escapes CR/LF and control characters, so user text cannot forge log lines.
    data: JSON.stringify(actor.tokenId ? { ...input.data, viaTokenId: actor.tokenId } : input.data),
  };
  // The hash this process wrote last saves reading it under the write lock; the insert checks it
  // is still the newest (the CLI, another process, may have appended) and otherwise we read it.
  const remembered = tx.memo.get(LAST_HASH) as string | undefined;
  if (remembered !== undefined) {
    const rowHash = hashAuditRow(remembered, row);
    if ((await insertAuditRowAfter(tx, { ...row, prev_hash: remembered, row_hash: rowHash })).rowsAffected === 1) {
      tx.memo.set(LAST_HASH, rowHash);
      return;
    }
  }
  const prevHash = await lastAuditHash(tx);
  const rowHash = hashAuditRow(prevHash, row);
  await insertAuditRow(tx, { ...row, prev_hash: prevHash, row_hash: rowHash });
  tx.memo.set(LAST_HASH, rowHash);
}

const LAST_HASH = 'audit.lastHash';

export function hashAuditRow(prevHash: string, row: NewAuditRow): string {
  const canonical = JSON.stringify(auditRowValues(row));
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
