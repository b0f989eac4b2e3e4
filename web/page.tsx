import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError, notFound } from '../server/errors.ts';
import type { AppEnv } from '../server/http/env.ts';
import { serviceContext } from '../server/http/auth-guard.ts';
import { databaseUnavailable, handleError } from '../server/http/errors.ts';
import { databaseFaultCode } from '../server/db/health.ts';
import type { Principal, ServiceContext } from '../server/services/context.ts';
import type { Role } from '../server/db/users.ts';
import { Layout } from './layout.tsx';
import { NotFoundView, ErrorView } from './components/error-views.tsx';
import { ALREADY_SHOWN } from './one-time.ts';

export type WebContext = Context<AppEnv>;

/** Thrown to send the browser elsewhere (to sign in). */
export class Redirect extends Error {
  constructor(readonly location: string) {
    super(location);
  }
}

/** The signed-in user with one of `roles` (any role when none given); anonymous visitors are sent to sign in. */
export function pageUser(c: WebContext, ...roles: Role[]): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Redirect(`/login?next=${encodeURIComponent(returnPath(c))}`);
  if (roles.length && !roles.includes(principal.role)) throw new AppError('forbidden', 'Your role does not allow this page.');
  return principal;
}

/**
 * Where to come back to after signing in: the page asked for, or — for a form posted after the
 * session ended, which cannot be replayed — the page the form was on (same site only).
 */
function returnPath(c: WebContext): string {
  const url = new URL(c.req.url);
  if (c.req.method === 'GET') return url.pathname + url.search;
  const referer = c.req.header('referer');
  const from = referer && URL.canParse(referer) ? new URL(referer) : null;
  return from && from.origin === url.origin ? from.pathname + from.search : '/';
}

export const ctxOf = (c: WebContext, principal: Principal): ServiceContext => serviceContext(c, principal);

const ID = /^[1-9][0-9]{0,11}$/;

/** A numeric id from the address; anything else is "not found" (an address that cannot exist), never a 500. */
export function idFrom(value: string | undefined): number {
  if (!value || !ID.test(value)) throw notFound('That page');
  return Number(value);
}

/** Short confirmations shown after a redirect, chosen by key so no text is echoed from the URL. */
const FLASH: Record<string, string> = {
  'matter-created': 'Matter opened.',
  'matter-updated': 'Matter saved.',
  'signed-copy': 'Signed copy stored; its SHA-256 is recorded with the execution.',
  'portfolio-created': 'Portfolio opened. Add its practices next.',
  'practice-created': 'Practice added, with the portfolio’s MSO.',
  'portfolio-updated': 'Portfolio saved; the MSO’s facts are written onto every practice.',
  'portfolio-drafted': 'One document per practice assembled, each checked under its own state.',
  'document-created': 'Document created: version 1 assembled and checked.',
  'version-saved': 'New version saved, assembled and checked.',
  'clauses-moved': 'New version saved with the current library text of the chosen clauses.',
  executable: 'Marked executable. The signature-ready file is stored.',
  status: 'Status changed.',
  tracking: 'Tracking saved.',
  handled: 'Deadline marked handled.',
  renewed: 'Renewal recorded; the next term’s dates are on the list.',
  task: 'Task updated.',
  tasks: 'The ticked tasks are updated.',
  reminders: 'Reminder schedule saved.',
  'link-revoked': 'Calendar link revoked.',
  published: 'New clause version published.',
  'user-created': 'User created.',
  'user-updated': 'User updated.',
  'password-changed': 'Password changed. Your other sessions were signed out.',
  'password-reset': 'Password set. Sign in with it.',
  'mfa-disabled': 'Two-step sign-in is off.',
  'signed-out': 'You are signed out, here and at your organisation’s sign-in.',
  'token-revoked': 'API token revoked; requests with it are refused from now on.',
  'mfa-reset': 'Two-step sign-in reset: the user was signed out and sets up a new authenticator (if their role requires one) at the next sign-in.',
  'mfa-policy': 'Two-step sign-in policy saved; it applies from each user’s next sign-in.',
  reference: 'Reference data updated and in effect.',
  'reference-checklists': 'Reference data updated and in effect. The formation checklists of matters in that state were brought up to date from it; statuses, notes and dates set by hand were kept.',
  // A reload of a page that showed a one-time secret (web/one-time.ts).
  ...ALREADY_SHOWN,
};

export type PageStatus = 200 | 400 | 403 | 404 | 409 | 422 | 429 | 500 | 503;

/** A whole page; `scripts` names the extra assets this page needs (most need none). */
export function render(c: WebContext, title: string, body: Child, status: PageStatus = 200, scripts: string[] = []) {
  const flash = FLASH[c.req.query('msg') ?? ''] ?? null;
  return c.html(
    <Layout title={title} path={c.req.path} user={c.get('principal')} flash={flash} scripts={scripts}>
      {body}
    </Layout>,
    status,
  );
}

/** The status a form re-rendered after this error answers with. */
export const formStatus = (error: AppError): PageStatus => (error.code === 'unprocessable' ? 422 : error.code === 'conflict' ? 409 : error.code === 'rate_limited' ? 429 : 400);

const FORM_ERRORS = new Set(['validation_failed', 'unprocessable', 'conflict', 'bad_request']);

/**
 * The AppError a form shows beside its fields (invalid input, a refused step, a stale edit);
 * anything else is rethrown so the error page (or the 500 page) takes it.
 */
export function formError(err: unknown, codes: ReadonlySet<string> = FORM_ERRORS): AppError {
  if (err instanceof AppError && codes.has(err.code)) return err;
  throw err;
}

/** Turns errors into pages: sign-in redirects, 403/404 pages, and a 500 page that leaks nothing. */
export function renderError(c: WebContext, err: unknown) {
  // Errors of the JSON API that pass through the UI's router (its notFound) keep their JSON shape.
  if (c.req.path.startsWith('/api/')) return handleError(err instanceof Error ? err : new Error(String(err)), c);
  if (err instanceof Redirect) return c.redirect(err.location, 303);
  const fault = databaseFaultCode(err);
  if (fault) {
    c.get('services').log({ level: 'error', requestId: c.get('requestId'), msg: 'database unavailable', database: fault, error: String(err) });
    const unavailable = databaseUnavailable(fault);
    for (const [name, value] of Object.entries(unavailable.headers ?? {})) c.header(name, value);
    return render(c, 'Unavailable', <ErrorView title="Unavailable" message={unavailable.message} />, 503);
  }
  if (err instanceof AppError) {
    if (err.code === 'unauthenticated') return c.redirect('/login', 303);
    if (err.status === 404) return render(c, 'Not found', <NotFoundView />, 404);
    const status: PageStatus = err.status === 403 ? 403 : err.status >= 500 ? 500 : formStatus(err);
    const title = status === 403 ? 'Not allowed' : status === 409 ? 'Changed meanwhile' : status === 500 ? 'Something went wrong' : 'Cannot do that';
    return render(c, title, <ErrorView title={title} message={err.message} />, status);
  }
  c.get('services').log({ level: 'error', requestId: c.get('requestId'), msg: 'page error', error: String(err), stack: err instanceof Error ? err.stack : undefined });
  return render(c, 'Something went wrong', <ErrorView title="Something went wrong" message={`The error has been logged. Reference: ${c.get('requestId')}`} />, 500);
}
