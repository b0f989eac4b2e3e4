import { createRoute, z } from '@hono/zod-openapi';
import { InviteClientSchema, InvitedClientSchema } from '../schemas/matter-invite.ts';
import { inviteClientToMatter } from '../services/matters/invite-client.ts';
import { requireUser, serviceContext } from '../http/auth-guard.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

/** An attorney invites a client's person to a matter (issue 21); services/matters/invite-client.ts. */
export const matterInviteRoutes = newRouter().openapi(
  createRoute({
    method: 'post',
    path: '/{id}/clients',
    summary: 'Invite a client user to the matter: a new e-mail gets a client account and a one-time set-password code (shown once); an existing client account is attached',
    ...roles('attorney'),
    request: { params: IdParams, body: jsonBody(InviteClientSchema) },
    responses: { 201: jsonResponse(z.object({ invitation: InvitedClientSchema }), 'Invited'), ...errors(400, 401, 403, 404, 409, 415) },
  }),
  async (c) => {
    const principal = requireUser(c);
    const invitation = await inviteClientToMatter(serviceContext(c, principal), c.req.valid('param').id, c.req.valid('json'));
    // A new account's code is a credential: no cache may keep this answer.
    c.header('cache-control', 'no-store');
    return c.json({ invitation }, 201);
  },
);
