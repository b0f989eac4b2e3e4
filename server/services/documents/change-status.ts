import * as sql from '../../db/documents.ts';
import { AppError } from '../../errors.ts';
import type { DocumentInfo } from '../../schemas/document.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import type { Catalog } from './assemble-document.ts';
import { getDocumentRow, toDocumentInfo } from './documents.ts';
import { assertTransition, type DocumentStatus } from './lifecycle.ts';
import { markExecutable } from './mark-executable.ts';
import { todayOf } from '../context.ts';
import { recomputeAfterStatusChange } from '../deadlines/recompute.ts';

export interface StatusChange {
  to: DocumentStatus;
  versionNo?: number;
  /** For 'executed': the date the parties signed. */
  executedOn?: string;
}

/** Moves a document along its lifecycle; 'executable' goes through the compliance gate. */
export async function changeStatus(ctx: ServiceContext, catalog: Catalog, documentId: number, change: StatusChange): Promise<{ document: DocumentInfo }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (change.to === 'executable') return markExecutable(ctx, catalog, documentId, change.versionNo ?? doc.current_version_no);
  assertTransition(doc.status, change.to, ctx.principal.role);
  if (change.to === 'executed' && !change.executedOn) {
    throw new AppError('validation_failed', 'Give the date the agreement was signed.', { fields: [{ path: 'executedOn', issue: 'required', message: 'Give the date the agreement was signed.' }] });
  }
  // An agreement cannot have been signed after today (in the firm's time zone): a future date is a typo, and deadlines and the audit trail would rest on it.
  if (change.to === 'executed' && change.executedOn && change.executedOn > todayOf(ctx)) {
    const message = `The date signed (${change.executedOn}) is after today (${todayOf(ctx)}); record the execution on or after the day it happens.`;
    throw new AppError('unprocessable', message, { reason: 'execution_date_in_future', fields: [{ path: 'executedOn', issue: 'execution_date_in_future', message: 'The date signed may not be after today.' }] });
  }
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const current = await sql.findDocumentById(tx, documentId);
    if (current?.status !== doc.status) throw new AppError('conflict', 'The document’s status changed meanwhile; reload it.', { reason: 'stale_status', status: current?.status });
    const fields =
      change.to === 'draft'
        ? { executableVersionNo: null }
        : change.to === 'executed'
          ? { executedVersionNo: doc.executable_version_no, executedOn: change.executedOn }
          : {};
    await sql.setDocumentStatus(tx, documentId, { status: change.to, ...fields, now });
    await recomputeAfterStatusChange(tx, doc, todayOf(ctx), now);
    const versionNo = doc.executable_version_no ?? doc.current_version_no;
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'status.changed', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, from: doc.status, to: change.to } });
    // Read back on the write connection: the read connection may still hold an older snapshot.
    return { document: toDocumentInfo((await sql.findDocumentById(tx, documentId))!) };
  });
}
