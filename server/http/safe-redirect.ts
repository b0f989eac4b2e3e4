import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * A same-site path to send a browser to, or '/'. Printable ASCII only: a control character
 * (`%01`, `%7F`, `%00` decoded) made Node refuse the Location header and answer 500, and a
 * backslash or a second slash would make "/\evil.example" or "//evil.example" leave the site.
 */
export function sameSitePath(target: string | undefined | null): string {
  return target && /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/.test(target) ? target : '/';
}

/** Every redirect the app answers with goes through sameSitePath: one place, whoever built the Location. */
export function safeRedirects(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const location = c.res.headers.get('location');
    if (location === null || sameSitePath(location) === location) return;
    // The only ways off the site: the configured single sign-on provider's authorization and end-session endpoints.
    if (c.get('services').sso?.isProviderRequest(location)) return;
    const headers = new Headers(c.res.headers);
    headers.set('location', '/');
    c.res = undefined; // hono merges headers into a replaced response unless the old one is cleared first
    c.res = new Response(null, { status: 303, headers });
  };
}
