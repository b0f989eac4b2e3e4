import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import type { Role } from '../db/users.ts';
import { describeProblems, toFieldProblems } from '../schemas/zod-issues.ts';
import { labelerFor, labelerOfRoute, labelProblems, labelServiceError } from '../http/field-labels.ts';

type HookResult = { target: string } & ({ success: true } | { success: false; error: z.ZodError });

/**
 * Every route file builds its router here, so every validation failure takes the same path to
 * onError. Each route's hook knows the route's schemas: a refused field is named by its label.
 * A field a service refuses after validation (AppError details.fields) is labelled the same way
 * by the route's handler wrapper, so the API's details read alike whoever refused the field.
 */
export function newRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: (result) => refuse(result) });
  const openapi = router.openapi;
  router.openapi = ((route: RouteConfig, handler: never, hook?: never) => openapi(route as never, labelRefusals(route, handler) as never, hook ?? ((result: HookResult) => refuse(result, route)) as never)) as typeof router.openapi;
  return router;
}

type AnyHandler = (...args: unknown[]) => unknown;

/** The route's handler, with the fields its services refuse named by the route's own labels. */
function labelRefusals(route: RouteConfig, handler: AnyHandler): AnyHandler {
  return async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      throw labelServiceError(error, labelerOfRoute(route));
    }
  };
}

function refuse(result: HookResult, route?: RouteConfig): void {
  if (result.success) return;
  const fields = labelProblems(toFieldProblems(result.error.issues), labelerFor(route, result.target));
  if (result.target === 'param') throw new AppError('bad_request', 'The id in the address is not valid.', { reason: 'invalid_id', fields });
  throw new AppError('validation_failed', `The request is not valid: ${describeProblems(fields)}`, { fields });
}

/** A positive integer id in a path: "abc", "1.5", "-1" and 20-digit numbers are refused with 400. */
export const idParam = z.string().regex(/^[1-9][0-9]{0,11}$/, 'must be a positive whole number').transform(Number);
export const IdParams = z.object({ id: idParam });

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  requestId: z.string().optional(),
});

/** Standard error responses, documented on every route. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]): RouteConfig['responses'] {
  const descriptions: Record<number, string> = {
    400: 'Invalid request',
    401: 'Not signed in',
    403: 'Role not allowed',
    404: 'Not found (or not visible to you)',
    409: 'Conflict with the current state',
    413: 'Body too large',
    415: 'Wrong content type',
    422: 'Understood but cannot be processed',
    429: 'Too many attempts',
    503: 'Busy, retry',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: descriptions[s]!, content: { 'application/json': { schema: ErrorBody } } }]));
}

/**
 * Roles allowed on a route. The guard runs before validation, so an anonymous caller gets 401
 * and a role without the function gets 403 whatever the body or id (nothing about objects
 * leaks); object-level checks (another client's matter → 404) stay in the services. The list is
 * also written into the OpenAPI document, which the role-matrix test reads.
 */
export const roles = (...allowed: (Role | 'anonymous')[]) => ({
  'x-roles': allowed,
  middleware: [
    createMiddleware<AppEnv>(async (c, next) => {
      if (!allowed.includes('anonymous')) {
        const principal = c.get('principal');
        if (!principal) throw new AppError('unauthenticated', 'Sign in to continue.');
        if (!allowed.includes(principal.role)) throw new AppError('forbidden', 'Your role does not allow this.');
      }
      await next();
    }),
  ],
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
