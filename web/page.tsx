import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { z, ZodType } from 'zod';
import { AppError } from '../server/errors.ts';
import { describeProblems, toFieldProblems } from '../server/schemas/zod-issues.ts';
import type { AppEnv } from '../server/http/env.ts';
import { serviceContext } from '../server/http/auth-guard.ts';
import type { Principal, ServiceContext } from '../server/services/context.ts';
import type { Role } from '../server/db/users.ts';
import { Layout } from './layout.tsx';

export type WebContext = Context<AppEnv>;

/** Thrown to send the browser elsewhere (sign-in, after a POST). */
export class Redirect extends Error {
  constructor(readonly location: string) {
    super(location);
  }
}

/** The signed-in user with one of `roles`, or a redirect to sign in (anonymous) / a 403 page. */
export function pageUser(c: WebContext, ...roles: Role[]): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}`);
  if (roles.length && !roles.includes(principal.role)) throw new AppError('forbidden', 'Your role does not allow this page.');
  return principal;
}

export const ctxOf = (c: WebContext, principal: Principal): ServiceContext => serviceContext(c, principal);

/** Short confirmations shown after a redirect, chosen by key so no text is echoed from the URL. */
const FLASH: Record<string, string> = {
  'matter-created': 'Matter opened.',
  'document-created': 'Document created: version 1 assembled and checked.',
  'version-saved': 'New version saved, assembled and checked.',
  acknowledged: 'Warning acknowledged.',
  executable: 'Marked executable. The signature-ready file is stored.',
  status: 'Status changed.',
  handled: 'Deadline marked handled.',
  renewed: 'Renewal recorded; the next term’s dates are on the list.',
  task: 'Task updated.',
  reminders: 'Reminder schedule saved.',
  'link-revoked': 'Calendar link revoked.',
  published: 'New clause version published.',
  'user-created': 'User created.',
  'user-updated': 'User updated.',
  reference: 'Reference data updated and in effect.',
  recheck: 'Re-check finished.',
};

/** A whole page; `scripts` names the extra assets this page needs (most need none). */
export function render(c: WebContext, title: string, body: Child, status: 200 | 400 | 403 | 404 | 409 | 422 | 500 = 200, scripts: string[] = []) {
  const flash = FLASH[c.req.query('msg') ?? ''] ?? null;
  return c.html(
    <Layout title={title} user={c.get('principal')} flash={flash} scripts={scripts}>
      {body}
    </Layout>,
    status,
  );
}

/** Form fields as strings; repeated names keep every value. */
export async function formOf(c: WebContext): Promise<Record<string, string | string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v : '';
  }
  return out;
}

export const str = (form: Record<string, string | string[]>, name: string): string => {
  const v = form[name];
  return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
};

/** Field errors from an AppError's details, keyed by dotted path. */
export function fieldErrors(error: AppError): Record<string, string> {
  const fields = (error.details?.fields ?? []) as { path: string; message: string }[];
  return Object.fromEntries(fields.map((f) => [f.path.replace(/^answers\./, ''), f.message]));
}

/** Turns errors into pages: sign-in redirects, 403/404 pages, and a 500 page that leaks nothing. */
export function renderError(c: WebContext, err: unknown) {
  if (err instanceof Redirect) return c.redirect(err.location, 303);
  if (err instanceof AppError) {
    if (err.code === 'unauthenticated') return c.redirect('/login', 303);
    const status = err.status === 404 || err.status === 403 || err.status === 409 || err.status === 422 ? err.status : err.status === 400 ? 400 : 500;
    const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 409 ? 'Changed meanwhile' : 'Cannot do that';
    return render(
      c,
      title,
      <section>
        <h1>{title}</h1>
        <p>{status === 404 ? 'There is nothing here, or it is not yours to see.' : err.message}</p>
        <p>
          <a href="/">Back to your home page</a>
        </p>
      </section>,
      status as 400 | 403 | 404 | 409 | 422 | 500,
    );
  }
  c.get('services').log({ level: 'error', requestId: c.get('requestId'), msg: 'page error', error: String(err), stack: err instanceof Error ? err.stack : undefined });
  return render(
    c,
    'Something went wrong',
    <section>
      <h1>Something went wrong</h1>
      <p>The error has been logged. Reference: {c.get('requestId')}</p>
    </section>,
    500,
  );
}

export const fmtDate = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/** Validates with the API's own schema; failures become the same validation_failed error. */
export function validate<T extends ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = toFieldProblems(parsed.error.issues);
  throw new AppError('validation_failed', `Please correct: ${describeProblems(fields)}`, { fields });
}
