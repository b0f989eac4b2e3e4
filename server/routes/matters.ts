import { createRoute, z } from '@hono/zod-openapi';
import { CreateMatterSchema, MatterSchema, UpdateMatterSchema } from '../schemas/matter.ts';
import { createMatter, getMatter, pageMatters, updateMatter } from '../services/matters/matters.ts';
import { MATTER_LIST } from '../db/matters.ts';
import { parseListQuery } from '../db/keyset.ts';
import { listQueryParams, PageCursors } from './list-params.ts';
import { pageMatterAudit, AuditEventSchema } from '../services/audit/list-audit.ts';
import { AUDIT_LIST } from '../db/audit.ts';
import { requireRole, requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

export const matterRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Matters you can see (a client sees only their own), a page at a time: search, sort and keyset paging',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      request: { query: listQueryParams(MATTER_LIST, 'title, MSO, practice and their states') },
      responses: { 200: jsonResponse(z.object({ matters: z.array(MatterSchema), ...PageCursors }), 'Matters'), ...errors(400, 401) },
    }),
    async (c) => {
      const { query } = parseListQuery(c.req.valid('query'), MATTER_LIST, true);
      const page = await pageMatters(c.get('services').db, requireUser(c), query);
      return c.json({ matters: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Open a matter',
      ...roles('attorney'),
      request: { body: jsonBody(CreateMatterSchema) },
      responses: { 201: jsonResponse(z.object({ matter: MatterSchema }), 'Created'), ...errors(400, 401, 403, 415) },
    }),
    async (c) => {
      const principal = requireRole(c, 'attorney');
      return c.json({ matter: await createMatter(serviceContext(c, principal), c.req.valid('json')) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One matter',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ matter: MatterSchema }), 'The matter'), ...errors(400, 401, 404) },
    }),
    async (c) => c.json({ matter: await getMatter(c.get('services').db, requireUser(c), c.req.valid('param').id) }, 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Edit a matter (attorneys: any field; paralegals: tracking fields)',
      ...roles('attorney', 'paralegal'),
      request: { params: IdParams, body: jsonBody(UpdateMatterSchema) },
      responses: { 200: jsonResponse(z.object({ matter: MatterSchema }), 'Updated'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => {
      const principal = requireUser(c);
      return c.json({ matter: await updateMatter(serviceContext(c, principal), c.req.valid('param').id, c.req.valid('json'), { reference: c.get('services').catalog.reference() }) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/audit',
      summary: 'The matter’s audit trail, newest first (dir=asc: oldest first), a page at a time: search and keyset paging',
      ...roles('admin', 'attorney'),
      request: { params: IdParams, query: listQueryParams(AUDIT_LIST, 'event type, object and data') },
      responses: { 200: jsonResponse(z.object({ events: z.array(AuditEventSchema), ...PageCursors }), 'Events'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin', 'attorney');
      const { query } = parseListQuery(c.req.valid('query'), AUDIT_LIST, true);
      const page = await pageMatterAudit(c.get('services').db, principal, c.req.valid('param').id, query);
      return c.json({ events: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor }, 200);
    },
  );
