import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from '../errors.ts';
import { resolveSession } from '../services/auth/sessions.ts';
import type { AppEnv, AppServices } from './env.ts';

export const SESSION_COOKIE = 'cw_session';
export const SECURE_SESSION_COOKIE = '__Host-cw_session';

/** Puts the app's services, the caller's address and a blank principal on the context. */
export function provideServices(services: AppServices): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('services', services);
    c.set('principal', null);
    c.set('sessionToken', null);
    c.set('actor', { userId: null, role: null, ip: clientAddress(c, services.trustProxy), requestId: c.get('requestId') });
    await next();
  };
}

/** One JSON log line per request: id, method, path, status, time, user. Never bodies or query strings. */
export function accessLog(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    c.get('services').log({
      level: 'info',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('principal')?.id ?? null,
    });
  };
}

/**
 * JSON routes accept only application/json bodies. Hono's csrf() lets cross-site JSON through
 * by design (browsers must preflight it), so the guarantee rests on never accepting the content
 * types a cross-site HTML form can send (../shared/reference/reliability-security.md §2.6).
 * Cross-site unsafe requests are refused outright when the browser says so (Sec-Fetch-Site).
 */
export function jsonOnlyApi(multipartPaths: RegExp[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    if (c.req.header('sec-fetch-site') === 'cross-site') throw new AppError('forbidden', 'Cross-site requests are refused.');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = c.req.header('content-length') !== undefined ? c.req.header('content-length') !== '0' : c.req.header('transfer-encoding') !== undefined;
    if (multipartPaths.some((p) => p.test(c.req.path))) {
      if (type !== 'multipart/form-data') throw new AppError('unsupported_media_type', 'Upload the file as multipart/form-data.');
      return next();
    }
    if ((hasBody || type) && type !== 'application/json') throw new AppError('unsupported_media_type', 'Send this request as application/json.');
    if (type === 'application/json') {
      const text = await c.req.text();
      refuseDeepNesting(text);
      refusePrototypeKeys(text);
    }
    return next();
  };
}

/** No request the API takes nests deeper than a few levels; 32 leaves room and keeps every recursive walk (zod, echoes, logs) shallow. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before anything parses it: a stale save with
 * 5,000-deep answers once overflowed the stack while the 409 echoed the rejected input. One
 * pass over the text, skipping strings.
 */
function refuseDeepNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new AppError('bad_request', `The request nests deeper than ${MAX_JSON_DEPTH} levels.`, { reason: 'nesting_too_deep', maxDepth: MAX_JSON_DEPTH });
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses JSON that names __proto__, constructor or prototype anywhere. Nothing here merges
 * request objects, but zod copies records key by key, and "__proto__" would then set a
 * prototype instead of a field: refusing the keys outright is simpler than proving it harmless.
 */
function refusePrototypeKeys(text: string): void {
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (PROTOTYPE_KEYS.has(key)) throw new AppError('validation_failed', `The request may not contain a "${key}" key.`, { fields: [{ path: key, issue: 'forbidden_key', message: 'not allowed' }] });
      return value;
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Malformed JSON is reported by the route's validator with its usual 400.
  }
}

/** Resolves the session cookie to a principal (or leaves it null). */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SECURE_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
    if (token) {
      const { db, clock, sessionPolicy } = c.get('services');
      const principal = await resolveSession(db, token, clock(), sessionPolicy);
      if (principal) {
        c.set('principal', principal);
        c.set('sessionToken', token);
        c.set('actor', { ...c.get('actor'), userId: principal.id, role: principal.role });
      }
    }
    await next();
  };
}

export function isSecureRequest(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  // The nearest proxy sets the scheme it was reached by; the right-most value is the one it wrote.
  return c.get('services').trustProxy > 0 && c.req.header('x-forwarded-proto')?.split(',').pop()?.trim() === 'https';
}

/**
 * The client's address. Behind `hops` trusted proxies each one appends the address it was
 * reached from to X-Forwarded-For, so the entry `hops` from the right is what the outermost
 * trusted proxy saw; everything left of it was written by the client and may be forged (the
 * left-most entry once let anyone bypass the per-address login limit and forge audit rows).
 */
export function forwardedClient(header: string | undefined, hops: number): string | null {
  if (hops <= 0 || !header) return null;
  const list = header.split(',').map((a) => a.trim()).filter(Boolean);
  const chosen = list[Math.max(0, list.length - hops)];
  return chosen && isIP(chosen) ? chosen : null;
}

function clientAddress(c: Context<AppEnv>, hops: number): string | null {
  const forwarded = forwardedClient(c.req.header('x-forwarded-for'), hops);
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}
