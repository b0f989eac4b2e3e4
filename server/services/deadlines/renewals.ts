import * as sql from '../../db/deadlines.ts';
import * as docs from '../../db/documents.ts';
import type { Queryable } from '../../db/database.ts';
import { AppError, forbidden } from '../../errors.ts';
import type { DocumentInfo } from '../../schemas/document.ts';
import type { RecordRenewal } from '../../schemas/deadline.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { getDocumentRow, toDocumentInfo } from '../documents/documents.ts';
import { assertTransition } from '../documents/lifecycle.ts';
import { addDays, termEnd } from './dates.ts';
import { computeTerms, type Term } from './compute-deadlines.ts';
import { deadlineSource, recomputeAfterStatusChange } from './recompute.ts';

/**
 * Records that an MSA renewed for a further term (attorneys and paralegals). The new term
 * starts the day after the current term ends unless another start is given; the ending term's
 * end and notice deadlines are marked handled, the document becomes "renewed", and the new
 * term's deadlines appear — all in one transaction with one audit event.
 */
export async function recordRenewal(ctx: ServiceContext, documentId: number, input: RecordRenewal): Promise<{ document: DocumentInfo; term: Term }> {
  if (ctx.principal.role !== 'attorney' && ctx.principal.role !== 'paralegal') throw forbidden('Only attorneys and paralegals record renewals.');
  const doc = await getDocumentRow(ctx.db, ctx.principal, documentId);
  if (doc.kind !== 'msa') throw new AppError('conflict', 'Only a management services agreement has renewal terms; a line of credit is extended by amendment.', { reason: 'not_renewable', kind: doc.kind });
  assertTransition(doc.status, 'renewed', ctx.principal.role);
  const today = todayOf(ctx);
  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const current = await docs.findDocumentById(tx, documentId);
    if (current?.status !== doc.status) throw new AppError('conflict', 'The document’s status changed meanwhile; reload it.', { reason: 'stale_status', status: current?.status });
    const { terms, renewalTermMonths } = await termsOf(tx, doc, today);
    const last = terms[terms.length - 1]!;
    const termStart = input.termStart ?? addDays(last.end, 1);
    const explicit = terms.filter((t) => t.origin !== 'automatic');
    const latestExplicit = explicit[explicit.length - 1]!;
    if (termStart <= latestExplicit.start) {
      throw new AppError('validation_failed', `A renewal term must start after ${latestExplicit.start}, when the latest recorded term began.`, {
        fields: [{ path: 'termStart', issue: 'too_early', message: `The new term must start after ${latestExplicit.start}.` }],
      });
    }
    const termMonths = input.termMonths ?? renewalTermMonths;
    const term: Term = { start: termStart, end: termEnd(termStart, termMonths), months: termMonths, origin: 'recorded' };
    await sql.insertRenewal(tx, { documentId, termStart, termMonths, termEnd: term.end, note: input.note, userId: ctx.principal.id, now });
    // The dates of the terms this renewal follows are dealt with: it was renewed.
    for (const row of await sql.listDocumentDeadlines(tx, documentId)) {
      if (row.status === 'open' && (row.kind === 'term-end' || row.kind === 'notice') && row.key.split(':')[1]! < termStart) {
        await sql.markDeadlineHandled(tx, row.id, ctx.principal.id, `Renewal recorded: new term ${term.start} to ${term.end}.`, now);
      }
    }
    await docs.setDocumentStatus(tx, documentId, { status: 'renewed', now });
    await recomputeAfterStatusChange(tx, doc, today, now);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'renewal.recorded', matterId: doc.matter_id, object: { type: 'document', id: documentId }, data: { documentId, newTermEnd: term.end } });
    return { document: toDocumentInfo((await docs.findDocumentById(tx, documentId))!), term };
  });
}

/** The terms of an MSA in force, from its executed answers and the renewals recorded so far. */
async function termsOf(tx: Queryable, doc: docs.DocumentRow, today: string): Promise<{ terms: Term[]; renewalTermMonths: number }> {
  const version = await docs.findVersion(tx, doc.id, doc.executed_version_no ?? doc.executable_version_no ?? doc.current_version_no);
  const renewals = (await sql.listRenewals(tx, doc.id)).map((r) => ({ termStart: r.term_start, termMonths: r.term_months }));
  const source = version ? deadlineSource('msa', JSON.parse(version.answers) as unknown, renewals) : null;
  if (source?.kind !== 'msa') throw new AppError('conflict', 'The executed version’s term answers cannot be read; open a new version.', { reason: 'unreadable_answers' });
  return { terms: computeTerms(source.answers, renewals, today), renewalTermMonths: source.answers.renewalTermMonths };
}
