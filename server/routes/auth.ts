import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { LoginSchema, UserSchema } from '../schemas/user.ts';
import { ChangePasswordSchema, RedeemResetSchema } from '../schemas/account.ts';
import { changePassword, type ChangePassword } from '../services/auth/change-password.ts';
import { redeemPasswordReset } from '../services/auth/password-reset.ts';
import { revokeApiToken } from '../services/auth/api-tokens.ts';
import { login } from '../services/auth/login.ts';
import { closeSession, hashToken } from '../services/auth/sessions.ts';
import { findSessionVia } from '../db/sessions.ts';
import { recordAudit } from '../services/audit/record-audit.ts';
import { requireUser } from '../http/auth-guard.ts';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, isSecureRequest } from '../http/middleware.ts';
import type { AppEnv } from '../http/env.ts';
import type { Principal } from '../services/context.ts';
import { errors, jsonBody, jsonResponse, newRouter, roles } from './router.ts';

export const Me = UserSchema.pick({ id: true, email: true, name: true, role: true });

export const LoginStepSchema = z.union([
  z.object({ step: z.literal('signed_in'), user: Me }),
  z.object({
    step: z.enum(['mfa_required', 'mfa_enrolment_required']),
    challenge: z.string().describe('Single use, valid 10 minutes: send it with the code (or to start the enrolment)'),
    expiresAt: z.string(),
  }),
]);

export const authRoutes = newRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/login',
      summary: 'Sign in; sets the session cookie',
      ...roles('anonymous', 'admin', 'attorney', 'paralegal', 'client'),
      description:
        'With no second factor the session starts (`step: signed_in`). With an authenticator on file the answer is `step: mfa_required` and a challenge for POST /api/auth/login/mfa; when the role requires one and none is set up, `step: mfa_enrolment_required` and a challenge for /api/auth/login/mfa-enrolment. No session exists until that step is done.',
      request: { body: jsonBody(LoginSchema) },
      responses: { 200: jsonResponse(LoginStepSchema, 'Signed in, or the second step to take'), ...errors(400, 401, 415, 429) },
    }),
    async (c) => {
      const result = await signIn(c, c.req.valid('json'));
      if (result.step === 'signed_in') return c.json({ step: result.step, user: publicUser(result.principal) }, 200);
      c.header('cache-control', 'no-store');
      return c.json({ step: result.step, challenge: result.challenge, expiresAt: result.expiresAt }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/logout',
      summary: 'End the session on the server',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      responses: { 204: { description: 'Signed out' }, ...errors(401, 415) },
    }),
    async (c) => {
      await signOut(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/me',
      summary: 'The signed-in user',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      responses: { 200: jsonResponse(z.object({ user: Me }), 'The user'), ...errors(401) },
    }),
    (c) => c.json({ user: publicUser(requireUser(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/password',
      summary: 'Change your password (the current one is required); ends your other sessions',
      ...roles('admin', 'attorney', 'paralegal', 'client'),
      request: { body: jsonBody(ChangePasswordSchema) },
      responses: { 204: { description: 'Changed' }, ...errors(400, 401, 415, 429) },
    }),
    async (c) => {
      await changeOwnPassword(c, c.req.valid('json'));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/password-reset',
      summary: 'Set a new password with a one-time reset code from an administrator; ends every session of the account',
      ...roles('anonymous', 'admin', 'attorney', 'paralegal', 'client'),
      request: { body: jsonBody(RedeemResetSchema) },
      responses: { 204: { description: 'Password set; sign in with it' }, ...errors(400, 415, 422, 429) },
    }),
    async (c) => {
      const { db, clock, loginLimits } = c.get('services');
      await redeemPasswordReset({ db, now: clock(), limits: loginLimits }, c.get('actor'), c.req.valid('json'));
      return c.body(null, 204);
    },
  );

/** Shared by the JSON API and the password page. */
export async function changeOwnPassword(c: Context<AppEnv>, input: ChangePassword): Promise<void> {
  const principal = requireUser(c);
  const { db, clock, loginLimits, timeZone } = c.get('services');
  await changePassword({ db, now: clock(), principal, actor: c.get('actor'), timeZone, limits: loginLimits, sessionToken: c.get('sessionToken') }, input);
}

export const publicUser = (p: Principal) => ({ id: p.id, email: p.email, name: p.name, role: p.role });

/** Shared by the JSON API and the HTML login form. */
export async function signIn(c: Context<AppEnv>, credentials: { email: string; password: string }) {
  const services = c.get('services');
  // Drop any session the browser arrived with: a planted token must not survive login.
  const previous = c.get('sessionToken');
  if (previous) await closeSession(services.db, previous);
  const result = await login({ db: services.db, now: services.clock(), limits: services.loginLimits, policy: services.sessionPolicy }, c.get('actor'), credentials);
  if (result.step === 'signed_in') setSessionCookie(c, result.token);
  return result;
}

/** The session cookie for a session just opened (after a password, a second factor or SSO). */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const secure = isSecureRequest(c);
  setCookie(c, secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    maxAge: c.get('services').sessionPolicy.absoluteHours * 3600,
  });
}

/**
 * Ends the caller's session (or API token). For a session opened through single sign-on, returns
 * the provider's end-session URL, so a browser can be sent on to end the provider's session too
 * (otherwise the next sign-in at that browser would go straight through); null otherwise.
 */
export async function signOut(c: Context<AppEnv>): Promise<string | null> {
  const principal = requireUser(c);
  const { db, clock, sso } = c.get('services');
  const tokenId = c.get('actor').tokenId;
  // Signing out with an API token ends that token: it is the credential the caller holds.
  if (tokenId) {
    await revokeApiToken({ db, now: clock(), principal, actor: c.get('actor') }, tokenId);
    return null;
  }
  const token = c.get('sessionToken');
  const via = token ? await findSessionVia(db, hashToken(token)) : null;
  if (token) await closeSession(db, token);
  await db.transaction((tx) => recordAudit(tx, c.get('actor'), clock(), { type: 'logout', object: { type: 'user', id: principal.id }, data: via === 'sso' ? { via } : {} }));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
  deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true });
  return via === 'sso' && sso ? sso.logoutUrl() : null;
}
