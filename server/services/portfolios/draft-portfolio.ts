import * as docs from '../../db/documents.ts';
import { AppError, forbidden, type FieldProblem } from '../../errors.ts';
import type { DocumentInfo } from '../../schemas/document.ts';
import type { Matter } from '../../schemas/matter.ts';
import type { DraftPortfolio } from '../../schemas/portfolio.ts';
import type { ComplianceReport } from '../compliance/run-checks.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { todayOf, type ServiceContext } from '../context.ts';
import { syncChecklistFromAnswers } from '../deadlines/checklist.ts';
import type { Catalog } from '../documents/assemble-document.ts';
import { newShortId, toDocumentInfo, versionRow } from '../documents/documents.ts';
import { KINDS } from '../documents/kinds/index.ts';
import { prepareVersion, type PreparedVersion } from '../documents/prepare-version.ts';
import { getMatter } from '../matters/matters.ts';
import { getPortfolio } from './portfolios.ts';

export interface Drafted {
  matterId: number;
  peState: string;
  document: DocumentInfo;
  compliance: ComplianceReport;
}

/**
 * "Draft for every practice": one document of `kind` in each practice's matter, from the shared
 * answers with that practice's own answers laid over them. Each is assembled and checked exactly
 * as a single document is (prepareVersion → composeAndCheck) under its own matter, so a Texas
 * practice's MSA is checked under Texas rules and a New York practice's under New York's: a
 * fee one state forbids is that state's error finding on its own draft, not a refusal of the
 * batch. Answers that are not valid for a practice refuse the whole batch (422 naming the
 * practice), and every document is written in one transaction: all or none.
 */
export async function draftForPractices(ctx: ServiceContext, catalog: Catalog, portfolioId: number, input: DraftPortfolio): Promise<Drafted[]> {
  const portfolio = await getPortfolio(ctx.db, ctx.principal, portfolioId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys draft documents.');
  const inPortfolio = new Set(portfolio.practices.map((p) => p.matterId));
  const targets = input.matterIds ?? [...inPortfolio];
  const problems: FieldProblem[] = [
    ...targets.flatMap((id, i) => (inPortfolio.has(id) ? [] : [{ path: `matterIds.${i}`, issue: 'not_in_portfolio', message: `matter ${id} is not a practice of this portfolio` }])),
    ...Object.keys(input.practiceAnswers)
      .filter((key) => !targets.includes(Number(key)))
      .map((key) => ({ path: `practiceAnswers.${key}`, issue: 'not_in_portfolio', message: `matter ${key} is not a practice being drafted` })),
  ];
  if (problems.length) throw new AppError('validation_failed', `Some practices are not valid here: ${problems.map((p) => p.message).join('; ')}.`, { fields: problems });
  if (targets.length === 0) throw new AppError('unprocessable', 'This portfolio has no practices yet; add a practice first.', { reason: 'no_practices' });

  const title = input.title ?? KINDS[input.kind].title;
  const today = todayOf(ctx);
  // Assembled and checked before the write transaction, so the write lock is held only for the
  // inserts; the practices are rendered side by side (the render pool's workers take them).
  const prepared: { matter: Matter; shortId: string; version: PreparedVersion }[] = await Promise.all(
    targets.map(async (matterId) => {
      const matter = await getMatter(ctx.db, ctx.principal, matterId);
      const own = input.practiceAnswers[String(matterId)] ?? {};
      const answers = practiceAnswersOver(input.answers, own);
      const shortId = newShortId();
      const version = await prepareVersion(ctx.db, catalog, { id: null, shortId, kind: input.kind, title, matter }, { answers, choices: input.choices, overrides: input.overrides }, 1, { today }).catch(
        (err: unknown) => {
          throw forPractice(err, matter, own);
        },
      );
      return { matter, shortId, version };
    }),
  );

  const now = ctx.now.toISOString();
  return ctx.db.transaction(async (tx) => {
    const drafted: Drafted[] = [];
    for (const p of prepared) {
      const row = (await docs.insertDocument(tx, { shortId: p.shortId, matterId: p.matter.id, kind: input.kind, title, parentId: null, relation: null, createdBy: ctx.principal.id, now }))!;
      await docs.insertVersion(tx, versionRow(row.id, 1, 0, p.version, input, ctx.principal.id, now));
      if (input.kind === 'formation-checklist') await syncChecklistFromAnswers(tx, { id: row.id, matterId: p.matter.id }, p.version.answers, p.matter, catalog.reference(), ctx);
      // Each practice's own trail shows its document being made, as when it is drafted alone.
      await recordAudit(tx, ctx.actor, ctx.now, { type: 'document.created', matterId: p.matter.id, object: { type: 'document', id: row.id }, data: { kind: input.kind, title, versionNo: 1, portfolioId } });
      drafted.push({ matterId: p.matter.id, peState: p.matter.peState, document: toDocumentInfo(row), compliance: p.version.report });
    }
    await recordAudit(tx, ctx.actor, ctx.now, {
      type: 'portfolio.drafted',
      object: { type: 'portfolio', id: portfolioId },
      data: { kind: input.kind, documentIds: drafted.map((d) => d.document.id), matterIds: drafted.map((d) => d.matterId) },
    });
    return drafted;
  });
}

/** The shared answers with one practice's own laid over them; a null there drops the shared answer (no answer takes null). */
export function practiceAnswersOver(shared: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const answers = { ...shared, ...own };
  for (const [key, value] of Object.entries(own)) if (value === null) delete answers[key];
  return answers;
}

/** Names the practice in an answers error, and points each field at the answers it came from (shared or the practice's own). */
function forPractice(err: unknown, matter: Matter, own: Record<string, unknown>): unknown {
  if (!(err instanceof AppError) || err.code !== 'unprocessable') return err;
  const fields = ((err.details?.fields ?? []) as FieldProblem[]).map((f) => {
    const key = f.path.split('.')[1] ?? '';
    return key in own ? { ...f, path: f.path.replace(/^answers\./, `practiceAnswers.${matter.id}.`) } : f;
  });
  return new AppError('unprocessable', `${matter.title} (${matter.peState}): ${err.message}`, { ...err.details, fields, matterId: matter.id });
}
