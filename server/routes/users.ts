import { createRoute, z } from '@hono/zod-openapi';
import { CreateUserSchema, UpdateUserSchema, UserSchema } from '../schemas/user.ts';
import { createUser, pageUsers, updateUser } from '../services/users/users.ts';
import { USER_LIST } from '../db/users.ts';
import { parseListQuery } from '../db/keyset.ts';
import { listQueryParams, PageCursors } from './list-params.ts';
import { requireRole, serviceContext } from '../http/auth-guard.ts';
import { ApiTokenSchema, CreateApiTokenSchema, IssuedResetSchema } from '../schemas/account.ts';
import { issuePasswordReset } from '../services/auth/password-reset.ts';
import { createApiToken, listApiTokens } from '../services/auth/api-tokens.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

export const userRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'List users (admin; attorneys see the list to staff matters)',
      ...roles('admin', 'attorney'),
      request: { query: listQueryParams(USER_LIST, 'name, email and role') },
      responses: { 200: jsonResponse(z.object({ users: z.array(UserSchema), ...PageCursors }), 'Users'), ...errors(400, 401, 403) },
    }),
    async (c) => {
      requireRole(c, 'admin', 'attorney');
      const { query } = parseListQuery(c.req.valid('query'), USER_LIST, true);
      const page = await pageUsers(c.get('services').db, query);
      return c.json({ users: page.rows, nextCursor: page.nextCursor, prevCursor: page.prevCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create a user',
      ...roles('admin'),
      request: { body: jsonBody(CreateUserSchema) },
      responses: { 201: jsonResponse(z.object({ user: UserSchema }), 'Created'), ...errors(400, 401, 403, 409, 415) },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin');
      const user = await createUser(serviceContext(c, principal), c.req.valid('json'));
      return c.json({ user }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Change a user’s role or disable the account (ends their sessions)',
      ...roles('admin'),
      request: { params: IdParams, body: jsonBody(UpdateUserSchema) },
      responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'Updated'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin');
      const user = await updateUser(serviceContext(c, principal), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ user }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/password-reset',
      summary: 'Issue a one-time password reset code for another user (shown once, expires in 24 hours)',
      ...roles('admin'),
      responses: { 201: jsonResponse(z.object({ reset: IssuedResetSchema }), 'Issued'), ...errors(400, 401, 403, 404, 409, 415) },
      request: { params: IdParams },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin');
      const reset = await issuePasswordReset(serviceContext(c, principal), c.req.valid('param').id);
      // The code is a credential: no cache may keep this answer.
      c.header('cache-control', 'no-store');
      return c.json({ reset }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/tokens',
      summary: 'A user’s API tokens (never their secrets)',
      ...roles('admin'),
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ tokens: z.array(ApiTokenSchema) }), 'Tokens'), ...errors(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin');
      return c.json({ tokens: await listApiTokens(serviceContext(c, principal), c.req.valid('param').id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/tokens',
      summary: 'Create an API token for a user (an integration acting as them); the secret is shown once',
      ...roles('admin'),
      request: { params: IdParams, body: jsonBody(CreateApiTokenSchema) },
      responses: { 201: jsonResponse(z.object({ token: ApiTokenSchema, secret: z.string() }), 'Created'), ...errors(400, 401, 403, 404, 409, 415) },
    }),
    async (c) => {
      const principal = requireRole(c, 'admin');
      c.header('cache-control', 'no-store');
      return c.json(await createApiToken(serviceContext(c, principal), c.req.valid('param').id, c.req.valid('json')), 201);
    },
  );
