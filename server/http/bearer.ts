import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import { resolveApiToken } from '../services/auth/api-tokens.ts';
import type { AppEnv } from './env.ts';

/** The token of an `Authorization: Bearer …` header on an /api request, else null. */
export function bearerSecret(c: Context<AppEnv>): string | null {
  if (!c.req.path.startsWith('/api/')) return null;
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(c.req.header('authorization') ?? '');
  return match ? match[1]! : null;
}

/**
 * Runs `guard` (the browser CSRF checks) except on API requests that carry a bearer token. A
 * browser never attaches an Authorization header to a cross-site request without a CORS
 * preflight this server does not grant, and such a request is authenticated by the token alone
 * (any cookie it carries is ignored below), so there is no ambient credential to forge with.
 */
export function unlessBearer(guard: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return (c, next) => (bearerSecret(c) ? next() : guard(c, next));
}

/**
 * Authenticates an API request by its bearer token, replacing any cookie session: a request
 * that presents a token is judged by that token only. A bad token is a 401, never a fallback.
 */
export function loadApiToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = bearerSecret(c);
    if (!secret) return next();
    const { db, clock } = c.get('services');
    const found = await resolveApiToken(db, secret, clock());
    if (!found) {
      throw new AppError('unauthenticated', 'The API token is not valid: it may be mistyped, revoked or expired.', { reason: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    c.set('principal', found.principal);
    c.set('sessionToken', null);
    c.set('actor', { ...c.get('actor'), userId: found.principal.id, role: found.principal.role, tokenId: found.tokenId });
    await next();
  };
}
