import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, ERROR_STATUS } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** The one place errors become responses: `{ error: { code, message, details? }, requestId }`. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  const requestId = c.get('requestId');
  if (appError.code === 'internal') {
    // The cause goes to the log (never to the client: no stack traces, SQL or paths in responses).
    c.get('services')?.log({ level: 'error', requestId, msg: 'unhandled error', error: err.message, stack: err.stack });
  }
  const body = { error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) }, requestId };
  for (const [name, value] of Object.entries(appError.headers ?? {})) c.header(name, value);
  return c.json(body, appError.status);
}

function toAppError(err: Error): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /JSON/i.test(err.message)) return new AppError('malformed_json', 'The request body is not valid JSON.');
    if (err.status === 400) return new AppError('bad_request', err.message || 'The request is not valid.');
    if (err.status === 413) return new AppError('payload_too_large', 'The request body is too large.');
    if (err.status === 415) return new AppError('unsupported_media_type', 'Send this request as application/json.');
    if (err.status === 403) return new AppError('forbidden', 'The request was refused (cross-site request).');
    const code = (Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]).find((k) => ERROR_STATUS[k] === err.status);
    if (code) return new AppError(code, err.message);
  }
  if ((err as { code?: string }).code === 'SQLITE_BUSY') {
    return new AppError('unavailable', 'The database is busy. Try again in a moment.', undefined, { 'Retry-After': '1' });
  }
  return new AppError('internal', 'Something went wrong on our side. The error has been logged.');
}
