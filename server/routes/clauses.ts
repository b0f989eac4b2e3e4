import { createRoute, z } from '@hono/zod-openapi';
import { CLAUSE_ID, PublishClauseSchema, documentKind } from '../schemas/clause.ts';
import { freeText } from '../schemas/text.ts';
import { DocumentSchema, VersionSchema } from '../schemas/document.ts';
import { clauseHistory, listOutdatedDrafts, publishClause, searchClauses } from '../services/clauses/clause-catalog.ts';
import { moveClausesToCurrent } from '../services/documents/move-to-current.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const ClauseSummary = z.object({
  id: z.string(),
  title: z.string(),
  kinds: z.array(z.string()),
  article: z.string(),
  order: z.number(),
  variantGroup: z.string().nullable(),
  version: z.number(),
  tags: z.array(z.string()),
  citations: z.array(z.string()),
  summary: z.string().nullable(),
});
const ClauseVersionInfo = ClauseSummary.extend({ body: z.string(), sha256: z.string() });
const ClauseParams = z.object({ clauseId: z.string().regex(CLAUSE_ID).max(120) });
const STAFF = ['admin', 'attorney', 'paralegal'] as const;

export const clauseRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Browse and search the clause library (current versions)',
      ...roles(...STAFF),
      request: { query: z.object({ kind: documentKind.optional(), q: z.string().max(200).optional() }) },
      responses: { 200: jsonResponse(z.object({ clauses: z.array(ClauseSummary) }), 'Clauses'), ...errors(400, 401, 403) },
    }),
    (c) => c.json({ clauses: searchClauses(c.get('services').catalog.library, c.req.valid('query')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{clauseId}',
      summary: 'Every version of one clause',
      ...roles(...STAFF),
      request: { params: ClauseParams },
      responses: { 200: jsonResponse(z.object({ versions: z.array(ClauseVersionInfo) }), 'Versions'), ...errors(400, 401, 403, 404) },
    }),
    (c) => c.json({ versions: clauseHistory(c.get('services').catalog.library, c.req.valid('param').clauseId) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{clauseId}/versions',
      summary: 'Publish a new version of a library clause (front matter and text); documents keep the versions they pinned',
      ...roles('attorney', 'admin'),
      request: { params: ClauseParams, body: jsonBody(PublishClauseSchema) },
      responses: { 201: jsonResponse(z.object({ clause: ClauseVersionInfo }), 'Published'), ...errors(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const { source, note } = c.req.valid('json');
      const clause = await publishClause(serviceContext(c, requireUser(c)), c.get('services').catalog.library, c.req.valid('param').clauseId, source, note);
      return c.json({ clause }, 201);
    },
  );

export const outdatedClauseRoutes = newRouter().openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Drafts that use an older version of a library clause',
      ...roles('attorney', 'admin'),
      responses: {
        200: jsonResponse(z.object({ documents: z.array(z.object({ documentId: z.number(), matterId: z.number(), title: z.string(), kind: z.string(), versionNo: z.number(), outdated: z.array(z.object({ clauseId: z.string(), pinnedVersion: z.number(), currentVersion: z.number() })) })) }), 'Drafts'),
        ...errors(401, 403),
      },
    }),
    async (c) => c.json({ documents: await listOutdatedDrafts(c.get('services').db, c.get('services').catalog.library) }, 200),
  );

export const clauseUpdateRoutes = newRouter().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/clause-updates',
      summary: 'Move a draft to the current version of some clauses, as a new version',
      ...roles('attorney'),
      request: { params: IdParams, body: jsonBody(z.object({ baseVersionNo: z.number().int().positive(), clauseIds: z.array(z.string().regex(CLAUSE_ID).max(120)).min(1).max(200), note: freeText(500).default('') }).strict()) },
      responses: { 201: jsonResponse(z.object({ document: DocumentSchema, version: VersionSchema }), 'New version'), ...errors(400, 401, 403, 404, 409, 415, 422) },
    }),
    async (c) => c.json(await moveClausesToCurrent(serviceContext(c, requireUser(c)), c.get('services').catalog, c.req.valid('param').id, c.req.valid('json')), 201),
  );
