import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../../server/http/env.ts';
import { isSecureRequest } from '../../../server/http/middleware.ts';
import { sameSitePath } from '../../../server/http/safe-redirect.ts';
import { notFound } from '../../../server/errors.ts';
import { setSessionCookie } from '../../../server/routes/auth.ts';
import { closeSession } from '../../../server/services/auth/sessions.ts';
import { finishSsoSignIn, SSO_STATE_MINUTES, startSsoSignIn, type SsoRefusal } from '../../../server/services/sso/oidc-sso.ts';
import { render, type WebContext } from '../../page.tsx';
import { setChallengeCookie } from '../mfa/mfa-routes.tsx';
import { SsoRefusedPage } from './sso-views.tsx';

/** Binds a sign-in in flight to the browser that started it (the state alone could be handed to someone else). */
const BINDING_COOKIE = 'cw_sso';
const SECURE_BINDING_COOKIE = '__Host-cw_sso';

function ssoOf(c: WebContext) {
  const sso = c.get('services').sso;
  if (!sso) throw notFound('Single sign-on');
  return sso;
}

const STATUS: Record<SsoRefusal, 400 | 403> = { invalid_state: 400, idp_error: 400, invalid_token: 400, email_not_verified: 403, no_account: 403, account_disabled: 403 };

/** OpenID Connect sign-in (authorization code + PKCE): start at the provider, come back to the callback. */
export const ssoPages = new Hono<AppEnv>()
  .get('/login/sso', async (c) => {
    const sso = ssoOf(c);
    const { db, clock } = c.get('services');
    const { url, binding } = await startSsoSignIn({ db, now: clock(), sso }, sameSitePath(c.req.query('next')));
    const secure = isSecureRequest(c);
    // SameSite=Lax: the provider sends the browser back with a top-level GET, which carries Lax cookies.
    setCookie(c, secure ? SECURE_BINDING_COOKIE : BINDING_COOKIE, binding, { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge: SSO_STATE_MINUTES * 60 });
    return c.redirect(url, 303);
  })
  .get('/login/sso/callback', async (c) => {
    const sso = ssoOf(c);
    const { db, clock, sessionPolicy } = c.get('services');
    const binding = getCookie(c, SECURE_BINDING_COOKIE) ?? getCookie(c, BINDING_COOKIE) ?? null;
    deleteCookie(c, BINDING_COOKIE, { path: '/' });
    deleteCookie(c, SECURE_BINDING_COOKIE, { path: '/', secure: true });
    const query = new URL(c.req.url).searchParams;
    const outcome = await finishSsoSignIn({ db, now: clock(), sso, policy: sessionPolicy }, c.get('actor'), { query, binding });
    if (!outcome.ok) return render(c, 'Single sign-on refused', <SsoRefusedPage reason={outcome.reason} email={outcome.email} />, STATUS[outcome.reason]);
    // A session the browser arrived with is replaced, as at any sign-in (fixation).
    const previous = c.get('sessionToken');
    if (previous) await closeSession(db, previous);
    const next = sameSitePath(outcome.returnTo);
    if ('session' in outcome) {
      setSessionCookie(c, outcome.session);
      return c.redirect(next, 303);
    }
    setChallengeCookie(c, outcome.challenge);
    return c.redirect(`${outcome.step === 'mfa_required' ? '/login/mfa' : '/login/mfa/setup'}?next=${encodeURIComponent(next)}`, 303);
  });
