import { AppError, forbidden, notFound } from '../../errors.ts';
import type { Reader } from '../../db/database.ts';
import * as sql from '../../db/portfolios.ts';
import type { Matter } from '../../schemas/matter.ts';
import type { CreatePortfolio, CreatePractice, Portfolio, UpdatePortfolio } from '../../schemas/portfolio.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Principal, ServiceContext } from '../context.ts';
import { createMatter, getMatter, parseAffiliates } from '../matters/matters.ts';
import type { ReferenceData } from '../../schemas/reference.ts';
import { resyncMatterChecklists } from '../deadlines/resync-matter-checklists.ts';

/**
 * A portfolio: one MSO serving several professional entities, usually in several states. Each
 * practice is a matter of its own (own state, owners, documents, checks, deadlines); the MSO's
 * facts are held here and copied onto every practice's matter, so they are edited in one place.
 */

/** A portfolio the principal may see; a client sees one only through a matter they are on, and only those practices. */
export async function getPortfolio(q: Reader, principal: Principal, id: number): Promise<Portfolio> {
  const row = await sql.findVisiblePortfolio(q, principal, id);
  if (!row) throw notFound('Portfolio');
  return toPortfolio(row, await sql.listVisiblePractices(q, principal, id));
}

export async function listPortfolios(q: Reader, principal: Principal): Promise<Portfolio[]> {
  const rows = await sql.listVisiblePortfolios(q, principal);
  return Promise.all(rows.map(async (row) => toPortfolio(row, await sql.listVisiblePractices(q, principal, row.id))));
}

export async function createPortfolio(ctx: ServiceContext, input: CreatePortfolio): Promise<Portfolio> {
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys open portfolios.');
  const id = await ctx.db.transaction(async (tx) => {
    const portfolioId = await sql.insertPortfolio(tx, input, ctx.principal.id, ctx.now.toISOString());
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'portfolio.created', object: { type: 'portfolio', id: portfolioId }, data: { name: input.name, msoName: input.msoName } });
    return portfolioId;
  });
  return getPortfolio(ctx.db, ctx.principal, id);
}

/** Renames the portfolio or changes the MSO's facts; the facts are written onto every practice's matter in the same transaction. */
/** `reference`: with it, the checklists of every practice whose MSO facts change are resynced (their notice tasks read the MSO's state). */
export async function updatePortfolio(ctx: ServiceContext, id: number, patch: UpdatePortfolio, options: { reference?: ReferenceData } = {}): Promise<Portfolio> {
  if (ctx.principal.role === 'client') {
    await getPortfolio(ctx.db, ctx.principal, id); // 404 for a portfolio the client cannot see, before 403
    throw forbidden('Clients cannot edit portfolios.');
  }
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys edit portfolios.');
  const changed = Object.keys(patch).filter((k) => k !== 'rowVersion');
  const now = ctx.now.toISOString();
  await ctx.db.transaction(async (tx) => {
    const current = await getPortfolio(tx, ctx.principal, id);
    const next = { ...current, ...patch };
    if ((await sql.updatePortfolio(tx, id, patch.rowVersion, next, now)) === 0) {
      throw new AppError('conflict', 'Someone else changed this portfolio after you opened it. Reload it and apply your change again.', { currentRowVersion: current.rowVersion, yourChanges: patch });
    }
    const msoChanged = changed.some((k) => k !== 'name');
    const matterIds = msoChanged ? await sql.copyMsoFactsToMatters(tx, id, next, now) : [];
    if (options.reference) for (const matterId of matterIds) await resyncMatterChecklists(tx, matterId, options.reference, ctx);
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'portfolio.updated', object: { type: 'portfolio', id }, data: { changed, matterIds } });
  });
  return getPortfolio(ctx.db, ctx.principal, id);
}

/** Opens a practice of the portfolio: a new matter whose MSO facts are the portfolio's. */
export async function addPractice(ctx: ServiceContext, portfolioId: number, input: CreatePractice): Promise<Matter> {
  const portfolio = await getPortfolio(ctx.db, ctx.principal, portfolioId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys open matters.');
  const mso = { msoName: portfolio.msoName, msoEntityType: portfolio.msoEntityType, msoState: portfolio.msoState, msoAffiliates: portfolio.msoAffiliates };
  return createMatter(ctx, { ...input, ...mso }, { portfolioId });
}

/**
 * Adds a matter opened on its own as a practice of the portfolio. Its MSO must be the portfolio's
 * (same name and state): joining never silently renames the other party of its documents. The
 * portfolio's entity type and affiliates are written onto it, as for every practice.
 */
export async function attachMatter(ctx: ServiceContext, portfolioId: number, matterId: number): Promise<Matter> {
  const portfolio = await getPortfolio(ctx.db, ctx.principal, portfolioId);
  if (ctx.principal.role !== 'attorney') throw forbidden('Only attorneys add practices.');
  const matter = await getMatter(ctx.db, ctx.principal, matterId);
  if (matter.portfolioId !== null) throw new AppError('conflict', 'This matter is already a practice of a portfolio.', { reason: 'already_in_portfolio', portfolioId: matter.portfolioId });
  const sameMso = matter.msoName.trim().toLowerCase() === portfolio.msoName.trim().toLowerCase() && matter.msoState === portfolio.msoState;
  if (!sameMso) {
    throw new AppError('conflict', `The matter's MSO (${matter.msoName}, ${matter.msoState}) is not the portfolio's (${portfolio.msoName}, ${portfolio.msoState}); correct the matter first if it is the same company.`, {
      reason: 'mso_differs',
      matterMso: { name: matter.msoName, state: matter.msoState },
      portfolioMso: { name: portfolio.msoName, state: portfolio.msoState },
    });
  }
  await ctx.db.transaction(async (tx) => {
    if ((await sql.attachMatterToPortfolio(tx, matterId, portfolioId, portfolio, ctx.now.toISOString())) === 0) throw new AppError('conflict', 'This matter joined a portfolio meanwhile.', { reason: 'already_in_portfolio' });
    await recordAudit(tx, ctx.actor, ctx.now, { type: 'matter.updated', matterId, object: { type: 'matter', id: matterId }, data: { changed: ['portfolioId'] } });
  });
  return getMatter(ctx.db, ctx.principal, matterId);
}

function toPortfolio(row: sql.PortfolioRow, practices: sql.PracticeRow[]): Portfolio {
  return {
    id: row.id,
    name: row.name,
    msoName: row.mso_name,
    msoEntityType: row.mso_entity_type,
    msoState: row.mso_state as Portfolio['msoState'],
    msoAffiliates: parseAffiliates(row.mso_affiliates),
    practices: practices.map((p) => ({
      matterId: p.matter_id,
      title: p.title,
      peName: p.pe_name,
      peEntityType: p.pe_entity_type as Portfolio['practices'][number]['peEntityType'],
      peState: p.pe_state,
      governingLawState: p.governing_law_state,
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rowVersion: row.row_version,
  };
}
