import { listDocumentsOfMatters } from '../../db/portfolios.ts';
import { DeadlineQuerySchema } from '../../schemas/deadline.ts';
import type { PortfolioDocument, PortfolioOverview } from '../../schemas/portfolio.ts';
import type { ServiceContext } from '../context.ts';
import { listDeadlines } from '../deadlines/deadlines.ts';
import { CLIENT_VISIBLE_STATUSES } from '../documents/documents.ts';
import { getPortfolio } from './portfolios.ts';

/** The portfolio page's most deadlines at once (open ones, soonest first); the total is always given. */
export const PORTFOLIO_DEADLINE_LIMIT = 500;

/**
 * Everything across a portfolio's practices in one read: each practice with its documents (status
 * and the findings still open on the current version) and every open deadline of their matters.
 * A client gets only the practices they are on, and of those only the documents they may download;
 * those are executable or later, so their open counts are nought and say nothing the client may not see.
 */
export async function getPortfolioOverview(ctx: Pick<ServiceContext, 'db' | 'now' | 'principal' | 'timeZone'>, id: number): Promise<PortfolioOverview> {
  const portfolio = await getPortfolio(ctx.db, ctx.principal, id);
  const matterIds = portfolio.practices.map((p) => p.matterId);
  const [rows, deadlines] = await Promise.all([
    listDocumentsOfMatters(ctx.db, matterIds),
    listDeadlines(ctx, DeadlineQuerySchema.parse({ portfolioId: id, status: 'open', limit: PORTFOLIO_DEADLINE_LIMIT })),
  ]);
  const visible = rows.filter((r) => ctx.principal.role !== 'client' || CLIENT_VISIBLE_STATUSES.has(r.status));
  const documentsOf = (matterId: number): PortfolioDocument[] =>
    visible
      .filter((r) => r.matter_id === matterId)
      .map((r) => ({
        id: r.id,
        shortId: r.short_id,
        kind: r.kind as PortfolioDocument['kind'],
        title: r.title,
        status: r.status,
        currentVersionNo: r.current_version_no,
        errors: r.error_count,
        openWarnings: r.open_warning_count,
        updatedAt: r.updated_at,
      }));
  return {
    portfolio,
    practices: portfolio.practices.map((p) => ({ ...p, documents: documentsOf(p.matterId) })),
    today: deadlines.today,
    deadlines: deadlines.deadlines,
    totalDeadlines: deadlines.total,
  };
}
