/**
 * The one error type the app throws on purpose. Each code maps to exactly one HTTP status in
 * one place; the message is a plain sentence for people, `details` carries field paths.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  path: string;
  issue: string;
  message: string;
  /** The field's label from its schema (the API's validation details; see http/field-labels.ts). */
  label?: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'That item') => new AppError('not_found', `${what} was not found.`);
export const forbidden = (message = 'Your role does not allow this.') => new AppError('forbidden', message);
