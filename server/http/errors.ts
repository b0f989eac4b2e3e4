import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, ERROR_STATUS } from '../errors.ts';
import { databaseFaultCode, isBusyFault } from '../db/health.ts';
import type { AppEnv } from './env.ts';

/** The one place errors become responses: `{ error: { code, message, details? }, requestId }`. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  const requestId = c.get('requestId');
  const fault = databaseFaultCode(err);
  if (fault) c.get('services')?.log({ level: 'error', requestId, msg: 'database unavailable', database: fault, error: err.message });
  if (appError.code === 'internal') {
    // The cause goes to the log (never to the client: no stack traces, SQL or paths in responses).
    c.get('services')?.log({ level: 'error', requestId, msg: 'unhandled error', error: err.message, stack: err.stack });
  }
  const body = { error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}) }, requestId };
  for (const [name, value] of Object.entries(appError.headers ?? {})) c.header(name, value);
  return c.json(body, appError.status);
}

/**
 * A database that cannot serve (busy, read-only, failing disk, full) is the operator's problem,
 * not the request's: 503 with Retry-After and a stable reason, never a 500 "internal".
 */
export function databaseUnavailable(code: string): AppError {
  const busy = isBusyFault(code);
  return new AppError('unavailable', busy ? 'The database is busy. Try again in a moment.' : 'The database is unavailable. Try again later; the operators have been told.', { reason: busy ? 'database_busy' : 'database_unavailable' }, { 'Retry-After': busy ? '1' : '30' });
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
  const fault = databaseFaultCode(err);
  if (fault) return databaseUnavailable(fault);
  return new AppError('internal', 'Something went wrong on our side. The error has been logged.');
}
