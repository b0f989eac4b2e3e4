import { Hono } from 'hono';
import type { AppEnv } from '../../../server/http/env.ts';
import { sameSitePath } from '../../../server/http/safe-redirect.ts';
import { signIn, signOut } from '../../../server/routes/auth.ts';
import { LoginSchema } from '../../../server/schemas/user.ts';
import { field, readForm, validate } from '../../forms.ts';
import { formError, formStatus, render, type WebContext } from '../../page.tsx';
import { LoginPage } from './login-page.tsx';
import { setChallengeCookie } from '../mfa/mfa-routes.tsx';

/** Only a same-site path is followed after sign-in (never "//evil.example", "/\evil", a full URL or a control character). */
export const safeNext = (next: string | undefined) => sameSitePath(next);

/** The single sign-on button's text when the installation has a provider configured. */
export const ssoLabel = (c: WebContext) => c.get('services').sso?.config.buttonLabel ?? null;

/**
 * Sign-in and sign-out, through the same signIn/signOut as POST /api/auth/login and /logout:
 * the same rate limits, session rotation, cookie and audit events.
 */
export const authPages = new Hono<AppEnv>()
  .get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    if (c.get('principal')) return c.redirect(next, 303);
    return render(c, 'Sign in', <LoginPage email="" next={next} sso={ssoLabel(c)} />);
  })
  .post('/login', async (c) => {
    const form = await readForm(c);
    const next = safeNext(c.req.query('next'));
    try {
      const result = await signIn(c, validate(LoginSchema, { email: field(form, 'email'), password: field(form, 'password') }));
      if (result.step === 'signed_in') return c.redirect(next, 303);
      // The password was right; the second step is on its own page, the challenge in a short cookie.
      setChallengeCookie(c, result.challenge);
      return c.redirect(`${result.step === 'mfa_required' ? '/login/mfa' : '/login/mfa/setup'}?next=${encodeURIComponent(next)}`, 303);
    } catch (err) {
      const error = formError(err, new Set(['validation_failed', 'unauthenticated', 'rate_limited']));
      // The same words for an unknown email, a wrong password and a disabled account, as the API.
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      const message = error.code === 'rate_limited' ? error.message : 'The email or password is not right.';
      return render(c, 'Sign in', <LoginPage email={field(form, 'email')} next={next} error={message} sso={ssoLabel(c)} />, error.code === 'unauthenticated' ? 400 : formStatus(error));
    }
  })
  .post('/logout', async (c) => {
    // After single sign-on, on to the provider to end its session too (its end-session page).
    const providerLogout = c.get('principal') ? await signOut(c) : null;
    return c.redirect(providerLogout ?? '/login', 303);
  });
