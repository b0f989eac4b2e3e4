import { createRoute, z } from '@hono/zod-openapi';
import { ApiTokenSchema, CreateApiTokenSchema } from '../schemas/account.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../services/auth/api-tokens.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const ALL = roles('admin', 'attorney', 'paralegal', 'client');
const Created = z.object({ token: ApiTokenSchema, secret: z.string().describe('The token itself: shown once, send it as "Authorization: Bearer <secret>"') });

/** The caller's own API tokens; administrators manage other users' under /api/users/{id}/tokens. */
export const tokenRoutes = newRouter()
  .openapi(
    createRoute({ method: 'get', path: '/', summary: 'Your API tokens (never their secrets)', ...ALL, responses: { 200: jsonResponse(z.object({ tokens: z.array(ApiTokenSchema) }), 'Tokens'), ...errors(401) } }),
    async (c) => {
      const principal = requireUser(c);
      return c.json({ tokens: await listApiTokens(serviceContext(c, principal), principal.id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create an API token acting with your role; the secret is shown once',
      ...ALL,
      request: { body: jsonBody(CreateApiTokenSchema) },
      responses: { 201: jsonResponse(Created, 'Created'), ...errors(400, 401, 409, 415) },
    }),
    async (c) => {
      const principal = requireUser(c);
      return c.json(await createApiToken(serviceContext(c, principal), principal.id, c.req.valid('json')), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      summary: 'Revoke an API token (yours, or any user’s for an administrator)',
      ...ALL,
      request: { params: IdParams },
      responses: { 204: { description: 'Revoked' }, ...errors(400, 401, 404, 415) },
    }),
    async (c) => {
      await revokeApiToken(serviceContext(c, requireUser(c)), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
