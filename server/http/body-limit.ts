import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.ts';
import { MAX_UPLOAD_BYTES } from '../services/documents/uploads.ts';
import type { AppEnv } from './env.ts';

/** Every JSON body and every web form, unless a route below says otherwise. */
export const DEFAULT_BODY_LIMIT = 512 * 1024;

export interface BodyRoute {
  /** Matched against the request path. */
  path: RegExp;
  maxBytes: number;
  /** The route takes multipart/form-data (a file) instead of JSON. */
  multipart: boolean;
}

/**
 * Routes that may take more than the default, and how much. A new upload route adds its row
 * here (the JSON-only check reads the same table), so no route is ever without a limit.
 */
export const BODY_ROUTES: BodyRoute[] = [
  { path: /^\/api\/documents\/identify$/, maxBytes: MAX_UPLOAD_BYTES, multipart: true },
  { path: /^(\/api)?\/documents\/\d+\/signed-copy$/, maxBytes: MAX_UPLOAD_BYTES, multipart: true },
  // IRS AFR rulings, API and admin page: a year's rulings at once, each well under its own cap.
  { path: /^(\/api)?\/admin\/reference\/afr\/import$/, maxBytes: 8 * 1024 * 1024, multipart: true },
];

/**
 * A body limit of `maxBytes` for one route: a Content-Length over it is refused before a byte
 * is read, and a chunked body is counted while it streams and refused as soon as it passes
 * the limit — nothing is parsed or buffered beyond it. The connection is closed so the rest of
 * an oversized body is not read.
 */
export function routeBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`, { reason: 'body_too_large', maxBytes }, { connection: 'close' });
    },
  });
}

/** The app-wide limit: every request with a body, API or web form, gets its route's limit or the default. */
export function bodyLimits(routes: BodyRoute[] = BODY_ROUTES, defaultBytes = DEFAULT_BODY_LIMIT): MiddlewareHandler<AppEnv> {
  const fallback = routeBodyLimit(defaultBytes);
  const limits = routes.map((r) => ({ path: r.path, limit: routeBodyLimit(r.maxBytes) }));
  return (c, next) => (limits.find((l) => l.path.test(c.req.path))?.limit ?? fallback)(c, next);
}

/** The paths that take multipart uploads, for the JSON-only check. */
export const multipartPaths = (routes: BodyRoute[] = BODY_ROUTES): RegExp[] => routes.filter((r) => r.multipart).map((r) => r.path);
