import * as sql from '../../db/documents.ts';
import { AppError, forbidden } from '../../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { recomputeAfterStatusChange } from '../deadlines/recompute.ts';
import { getMatter } from '../matters/matters.ts';
import { parseAnswers, type Catalog } from './assemble-document.ts';
import { composeAndCheck, relatedDocuments } from './compose-and-check.ts';
import { getDocumentRow, getVersion, toDocumentInfo } from './documents.ts';
import { assertTransition } from './lifecycle.ts';
import { inputsHash, prepareVersion } from './prepare-version.ts';
import { DOCX_TYPE } from './download.ts';
import type { DocumentInfo, Version } from '../../schemas/document.ts';
import type { Finding } from '../compliance/rule.ts';

/** Records an attorney's acknowledgement of a warning on a version, with the reason (audited). */
export async function acknowledgeWarning(ctx: ServiceContext, documentId: number, versionNo: number, ruleId: string, reason: string): Promise<Version> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys acknowledge compliance warnings.');
  const version = await getVersion(ctx.db, ctx.principal, documentId, versionNo);
  const warning = version.compliance.findings.find((f) => f.ruleId === ruleId && f.severity === 'warning');
  if (!warning) throw new AppError('validation_failed', `Version ${versionNo} has no warning from rule ${ruleId}.`, { fields: [{ path: 'ruleId', issue: 'no_such_warning', message: 'That rule gave no warning on this version.' }] });
  await ctx.db.transaction(async (tx) => {
    await sql.insertAck(tx, { documentId, versionNo, ruleId, reason, attorneyId: ctx.principal.id, now: ctx.now.toISOString() });
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'warning.acknowledged', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, ruleId, reason } });
  });
  return getVersion(ctx.db, ctx.principal, documentId, versionNo);
}

/**
 * The executable gate. The current version is re-assembled in final mode (a blank field is an
 * error) and re-checked against today's rules and reference data. Any error, or any warning not
 * acknowledged by an attorney, refuses with 422 and the blocking findings. Otherwise the
 * signature-ready file — with its document record page and custom properties — is stored once.
 */
export async function markExecutable(ctx: ServiceContext, catalog: Catalog, documentId: number, versionNo: number): Promise<{ document: DocumentInfo }> {
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  assertTransition(doc.status, 'executable', ctx.principal.role);
  if (versionNo !== doc.current_version_no) throw new AppError('conflict', `Only the current version (${doc.current_version_no}) can be marked executable.`, { reason: 'stale_version', currentVersionNo: doc.current_version_no });
  const version = await getVersion(ctx.db, ctx.principal, documentId, versionNo);
  const matter = await getMatter(ctx.db, ctx.principal, doc.matter_id);
  const inputs = { answers: version.answers, choices: version.choices, overrides: version.overrides };
  const meta = { id: documentId, shortId: doc.short_id, kind: doc.kind, title: doc.title, matter };
  // Check without rendering (blank clause fields are findings); the one render is the final file below,
  // which still refuses (422 missing_fields) a blank in the Word shell itself.
  const related = await relatedDocuments(ctx.db, doc.matter_id, documentId);
  const answers = parseAnswers(doc.kind, version.answers) as Record<string, unknown>;
  const check = composeAndCheck(catalog, { kind: doc.kind, answers, matter, choices: version.choices, overrides: version.overrides, pins: version.clausePins }, { related, today: todayOf(ctx) });
  const acked = new Set((version.acknowledgements ?? []).map((a) => a.ruleId));
  const blocking: Finding[] = check.report.findings.filter((f) => f.severity === 'error' || (f.severity === 'warning' && !acked.has(f.ruleId)));
  if (blocking.length) {
    const errors = blocking.filter((f) => f.severity === 'error').length;
    throw new AppError('unprocessable', `This version cannot be marked executable: ${errors} error(s) and ${blocking.length - errors} unacknowledged warning(s).`, {
      reason: 'blocked_by_findings',
      findings: blocking,
    });
  }
  const summary = check.report.summary;
  const inputsSha256 = inputsHash(doc.kind, answers, version.clausePins, inputs);
  const approvedAt = ctx.now.toISOString();
  const rows: [string, string][] = [
    ['Document', `${doc.title} (${doc.short_id})`],
    ['Document id', String(documentId)],
    ['Version', String(versionNo)],
    ['SHA-256 of inputs', inputsSha256],
    ['Rule set version', check.report.ruleSetVersion],
    ['Reference data version', check.report.referenceVersion],
    ['Compliance results', `${summary.errors} errors, ${summary.warnings} warnings (all acknowledged), ${summary.infos} notes`],
    ...(version.acknowledgements ?? []).map((a): [string, string] => [`Acknowledged: ${a.ruleId}`, a.reason]),
    ['Approved by', `${ctx.principal.name} (${ctx.principal.email})`],
    ['Approved at', approvedAt],
  ];
  const properties = {
    'clausewright.documentId': String(documentId),
    'clausewright.shortId': doc.short_id,
    'clausewright.version': String(versionNo),
    'clausewright.inputsSha256': inputsSha256,
    'clausewright.ruleSetVersion': check.report.ruleSetVersion,
    'clausewright.referenceVersion': check.report.referenceVersion,
    'clausewright.results': `errors=${summary.errors};warnings=${summary.warnings};infos=${summary.infos}`,
    'clausewright.approvedBy': ctx.principal.email,
    'clausewright.approvedAt': approvedAt,
  };
  const final = await prepareVersion(ctx.db, catalog, meta, inputs, versionNo, { pins: version.clausePins, mode: 'final', record: { rows, properties }, today: todayOf(ctx) });
  return ctx.db.transaction(async (tx) => {
    const current = await sql.findDocumentById(tx, documentId);
    if (current?.current_version_no !== versionNo || current.status !== doc.status) throw new AppError('conflict', 'The document changed while it was being checked; review it again.', { reason: 'stale_version' });
    // A version withdrawn and approved again keeps the signature-ready file it was first given.
    if (!(await sql.findRendition(tx, documentId, versionNo, 'executable'))) await sql.insertRendition(tx, { documentId, versionNo, purpose: 'executable', contentType: DOCX_TYPE, bytes: final.bytes, sha256: final.sha256, createdBy: ctx.principal.id, now: approvedAt });
    await sql.setDocumentStatus(tx, documentId, { status: 'executable', executableVersionNo: versionNo, now: approvedAt });
    await recomputeAfterStatusChange(tx, doc, todayOf(ctx), approvedAt);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'status.changed', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, versionNo, from: doc.status, to: 'executable' } });
    // Read back inside the transaction: the answer is the row as this transaction left it.
    return { document: toDocumentInfo((await sql.findDocumentById(tx, documentId))!) };
  });
}
