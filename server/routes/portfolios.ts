import { createRoute, z } from '@hono/zod-openapi';
import { MatterSchema } from '../schemas/matter.ts';
import { AttachMatterSchema, CreatePortfolioSchema, CreatePracticeSchema, DraftedSchema, DraftPortfolioSchema, PortfolioOverviewSchema, PortfolioSchema, UpdatePortfolioSchema } from '../schemas/portfolio.ts';
import { draftForPractices } from '../services/portfolios/draft-portfolio.ts';
import { getPortfolioOverview } from '../services/portfolios/portfolio-overview.ts';
import { addPractice, attachMatter, createPortfolio, getPortfolio, listPortfolios, updatePortfolio } from '../services/portfolios/portfolios.ts';
import { requireRole, requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const ALL = ['admin', 'attorney', 'paralegal', 'client'] as const;

/** Portfolios: one MSO, several practices (each a matter) in several states. */
export const portfolioRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Portfolios you can see (a client: those holding a matter they are on, with only those practices)',
      ...roles(...ALL),
      responses: { 200: jsonResponse(z.object({ portfolios: z.array(PortfolioSchema) }), 'Portfolios'), ...errors(401) },
    }),
    async (c) => c.json({ portfolios: await listPortfolios(c.get('services').db, requireUser(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Open a portfolio: one MSO whose facts every practice shares',
      ...roles('attorney'),
      request: { body: jsonBody(CreatePortfolioSchema) },
      responses: { 201: jsonResponse(z.object({ portfolio: PortfolioSchema }), 'Created'), ...errors(400, 401, 403, 415) },
    }),
    async (c) => {
      const principal = requireRole(c, 'attorney');
      return c.json({ portfolio: await createPortfolio(serviceContext(c, principal), c.req.valid('json')) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One portfolio with its practices',
      ...roles(...ALL),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ portfolio: PortfolioSchema }), 'The portfolio'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json({ portfolio: await getPortfolio(c.get('services').db, requireUser(c), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Rename the portfolio or change the MSO’s facts (written onto every practice)',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(UpdatePortfolioSchema) },
      responses: { 200: jsonResponse(z.object({ portfolio: PortfolioSchema }), 'Updated'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => c.json({ portfolio: await updatePortfolio(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json'), { reference: c.get('services').catalog.reference() }) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/overview',
      summary: 'Every practice’s documents (status, open findings) and all open deadlines across the portfolio',
      ...roles(...ALL),
      request: { params: IdParams },
      responses: { 200: jsonResponse(PortfolioOverviewSchema, 'Overview'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await getPortfolioOverview(serviceContext(c, requireUser(c)), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/practices',
      summary: 'Open a practice of the portfolio: a matter with the portfolio’s MSO and its own professional entity and state',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(CreatePracticeSchema) },
      responses: { 201: jsonResponse(z.object({ matter: MatterSchema }), 'Created'), ...errors(400, 401, 403, 404, 415) },
    }),
    async (c) => c.json({ matter: await addPractice(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json')) }, 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/matters',
      summary: 'Add a matter opened on its own as a practice (its MSO must be the portfolio’s: 409 mso_differs otherwise)',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(AttachMatterSchema) },
      responses: { 200: jsonResponse(z.object({ matter: MatterSchema }), 'Added'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => c.json({ matter: await attachMatter(serviceContext(c, requireUser(c)), c.req.valid('param').id, c.req.valid('json').matterId) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/documents',
      summary: 'Draft one document per practice from shared answers; each is checked under its own practice’s state',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(DraftPortfolioSchema) },
      responses: { 201: jsonResponse(DraftedSchema, 'Drafted'), ...errors(400, 401, 403, 404, 415, 422) },
    }),
    async (c) => {
      const principal = requireUser(c);
      return c.json({ drafted: await draftForPractices(serviceContext(c, principal), c.get('services').catalog, c.req.valid('param').id, c.req.valid('json')) }, 201);
    },
  );
