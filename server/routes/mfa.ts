import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { requireRole, requireUser, serviceContext } from '../http/auth-guard.ts';
import { MfaChallengeSchema, MfaCodeSchema, MfaEnrolmentStartSchema, MfaPasswordAndCodeSchema, MfaPolicySchema, MfaStatusSchema, NewAuthenticatorSchema, RecoveryCodesSchema } from '../schemas/mfa.ts';
import { completeMfaChallenge, confirmSignInEnrolment, startSignInEnrolment, type MfaDeps } from '../services/mfa/sign-in-challenge.ts';
import { beginMfaEnrolment, confirmMfaEnrolment, disableOwnMfa, getMfaPolicy, getMfaStatus, regenerateRecoveryCodes, resetUserMfa, setMfaPolicy, type MfaContext } from '../services/mfa/manage-mfa.ts';
import type { Principal } from '../services/context.ts';
import { closeSession } from '../services/auth/sessions.ts';
import { Me, publicUser, setSessionCookie } from './auth.ts';
import { IdParams, errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

const ALL = ['admin', 'attorney', 'paralegal', 'client'] as const;

/** What the sign-in steps need from the app. */
export function mfaDeps(c: Context<AppEnv>): MfaDeps {
  const { db, clock, secretKey, mfaLimits, sessionPolicy } = c.get('services');
  return { db, now: clock(), key: secretKey, limits: mfaLimits, policy: sessionPolicy };
}

export function mfaContext(c: Context<AppEnv>, principal: Principal): MfaContext {
  const { secretKey, mfaLimits, loginLimits } = c.get('services');
  return { ...serviceContext(c, principal), key: secretKey, mfaLimits, loginLimits, sessionToken: c.get('sessionToken') };
}

/** Drops a session the browser arrived with before a new one is set (fixation), as the password step does. */
async function dropPreviousSession(c: Context<AppEnv>): Promise<void> {
  const previous = c.get('sessionToken');
  if (previous) await closeSession(c.get('services').db, previous);
}

/** Shared by the JSON API and the sign-in pages: the second step, then the session cookie. */
export async function finishMfaSignIn(c: Context<AppEnv>, input: z.infer<typeof MfaChallengeSchema>) {
  const result = await completeMfaChallenge(mfaDeps(c), c.get('actor'), input);
  await dropPreviousSession(c);
  setSessionCookie(c, result.token);
  return result;
}

export async function finishMfaEnrolmentSignIn(c: Context<AppEnv>, input: z.infer<typeof MfaChallengeSchema>) {
  const result = await confirmSignInEnrolment(mfaDeps(c), c.get('actor'), input);
  await dropPreviousSession(c);
  setSessionCookie(c, result.token);
  return result;
}

/** Sign-in second steps: anonymous (the challenge is the credential), mounted under /api/auth/login. */
export const mfaLoginRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/mfa',
      summary: 'Second step of a sign-in: the challenge and a code from the authenticator app (or a recovery code); sets the session cookie',
      ...roles('anonymous', ...ALL),
      request: { body: jsonBody(MfaChallengeSchema) },
      responses: { 200: jsonResponse(z.object({ step: z.literal('signed_in'), user: Me }), 'Signed in'), ...errors(400, 401, 409, 415, 429) },
    }),
    async (c) => {
      const { principal } = await finishMfaSignIn(c, c.req.valid('json'));
      return c.json({ step: 'signed_in' as const, user: publicUser(principal) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/mfa-enrolment',
      summary: 'When the role requires a second factor: a new authenticator secret and QR code for this sign-in (shown once)',
      ...roles('anonymous', ...ALL),
      request: { body: jsonBody(MfaEnrolmentStartSchema) },
      responses: { 200: jsonResponse(NewAuthenticatorSchema.extend({ expiresAt: z.string() }), 'Scan it, then confirm with a code'), ...errors(400, 401, 409, 415) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await startSignInEnrolment(mfaDeps(c), c.get('actor'), c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/mfa-enrolment/confirm',
      summary: 'Confirm the new authenticator with a code and finish the sign-in; returns the recovery codes once and sets the session cookie',
      ...roles('anonymous', ...ALL),
      request: { body: jsonBody(MfaChallengeSchema) },
      responses: { 200: jsonResponse(RecoveryCodesSchema.extend({ step: z.literal('signed_in'), user: Me }), 'Signed in'), ...errors(400, 401, 409, 415, 429) },
    }),
    async (c) => {
      const { principal, recoveryCodes } = await finishMfaEnrolmentSignIn(c, c.req.valid('json'));
      c.header('cache-control', 'no-store');
      return c.json({ step: 'signed_in' as const, user: publicUser(principal), recoveryCodes }, 200);
    },
  );

/** Your own second factor, mounted under /api/auth/mfa. */
export const mfaRoutes = newRouter()
  .openapi(
    createRoute({ method: 'get', path: '/', summary: 'Whether two-step sign-in is on for you, and recovery codes left', ...roles(...ALL), responses: { 200: jsonResponse(z.object({ mfa: MfaStatusSchema }), 'Status'), ...errors(401) } }),
    async (c) => c.json({ mfa: await getMfaStatus(serviceContext(c, requireUser(c))) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/enrolment',
      summary: 'Start setting up an authenticator app: a new secret and QR code, shown once (nothing changes until confirmed)',
      ...roles(...ALL),
      responses: { 201: jsonResponse(NewAuthenticatorSchema, 'Scan it, then confirm with a code'), ...errors(401, 409, 415) },
    }),
    async (c) => {
      c.header('cache-control', 'no-store');
      return c.json(await beginMfaEnrolment(mfaContext(c, requireUser(c))), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/enrolment/confirm',
      summary: 'Confirm the authenticator with a code; turns two-step sign-in on and returns ten recovery codes, once',
      ...roles(...ALL),
      request: { body: jsonBody(MfaCodeSchema) },
      responses: { 201: jsonResponse(RecoveryCodesSchema, 'On'), ...errors(400, 401, 409, 415, 429) },
    }),
    async (c) => {
      const recoveryCodes = await confirmMfaEnrolment(mfaContext(c, requireUser(c)), c.req.valid('json'));
      c.header('cache-control', 'no-store');
      return c.json({ recoveryCodes }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/recovery-codes',
      summary: 'Replace your recovery codes (password and a code required); the new ones are shown once',
      ...roles(...ALL),
      request: { body: jsonBody(MfaPasswordAndCodeSchema) },
      responses: { 201: jsonResponse(RecoveryCodesSchema, 'Replaced'), ...errors(400, 401, 409, 415, 429) },
    }),
    async (c) => {
      const recoveryCodes = await regenerateRecoveryCodes(mfaContext(c, requireUser(c)), c.req.valid('json'));
      c.header('cache-control', 'no-store');
      return c.json({ recoveryCodes }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/disable',
      summary: 'Turn two-step sign-in off (password and a code required); ends your other sessions, and this one too when your role requires it',
      ...roles(...ALL),
      request: { body: jsonBody(MfaPasswordAndCodeSchema) },
      responses: { 200: jsonResponse(z.object({ signedOut: z.boolean() }), 'Off'), ...errors(400, 401, 409, 415, 429) },
    }),
    async (c) => c.json(await disableOwnMfa(mfaContext(c, requireUser(c)), c.req.valid('json')), 200),
  );

/** An administrator's reset for another user, mounted under /api/users. */
export const userMfaRoutes = newRouter().openapi(
  createRoute({
    method: 'post',
    path: '/{id}/mfa-reset',
    summary: 'Remove a user’s authenticator and recovery codes (a lost phone) and end their sessions',
    ...roles('admin'),
    request: { params: IdParams },
    responses: { 204: { description: 'Reset' }, ...errors(400, 401, 403, 404, 409, 415) },
  }),
  async (c) => {
    await resetUserMfa(serviceContext(c, requireRole(c, 'admin')), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

/** The per-role policy, mounted under /api/admin/mfa-policy. */
export const mfaPolicyRoutes = newRouter()
  .openapi(
    createRoute({ method: 'get', path: '/', summary: 'Roles whose users must use a second factor', ...roles('admin'), responses: { 200: jsonResponse(MfaPolicySchema, 'Policy'), ...errors(401, 403) } }),
    async (c) => c.json(await getMfaPolicy(serviceContext(c, requireRole(c, 'admin'))), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/',
      summary: 'Set the roles whose users must use a second factor (they enrol at their next sign-in)',
      ...roles('admin'),
      request: { body: jsonBody(MfaPolicySchema) },
      responses: { 200: jsonResponse(MfaPolicySchema, 'Policy'), ...errors(400, 401, 403, 415) },
    }),
    async (c) => c.json(await setMfaPolicy(serviceContext(c, requireRole(c, 'admin')), c.req.valid('json')), 200),
  );
