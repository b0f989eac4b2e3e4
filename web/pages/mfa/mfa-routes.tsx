import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../../server/http/env.ts';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, isSecureRequest } from '../../../server/http/middleware.ts';
import { sameSitePath } from '../../../server/http/safe-redirect.ts';
import { finishMfaEnrolmentSignIn, finishMfaSignIn, mfaContext, mfaDeps } from '../../../server/routes/mfa.ts';
import { MfaCodeSchema, MfaPasswordAndCodeSchema } from '../../../server/schemas/mfa.ts';
import { beginMfaEnrolment, confirmMfaEnrolment, disableOwnMfa, getMfaStatus, regenerateRecoveryCodes } from '../../../server/services/mfa/manage-mfa.ts';
import { CHALLENGE_MINUTES, startSignInEnrolment } from '../../../server/services/mfa/sign-in-challenge.ts';
import { AppError } from '../../../server/errors.ts';
import { field, fieldErrors, readForm, validate } from '../../forms.ts';
import { formError, formStatus, pageUser, render, type WebContext } from '../../page.tsx';
import { LoginPage } from '../auth/login-page.tsx';
import { AccountMfaPage, MfaCodePage, MfaScanPage, MfaSetupIntroPage, RecoveryCodesPage } from './mfa-views.tsx';
import { qrDataUrl } from '../../../server/services/mfa/totp.ts';
import { alreadyShownAt, asksToShow, holdOnce, shownAt, takeOnce, userOwner } from '../../one-time.ts';
import { summaryItemsOf } from '../../messages.ts';
import type { SummaryItem } from '../../components/error-views.tsx';

/** What a new authenticator's scan page shows once: the key and its URI (the QR code is drawn again from the URI, too big for a cookie). */
type HeldAuthenticator = { secret: string; otpauthUri: string };
/** Recovery codes held for one showing, with where the page continues to and what it says first. */
type HeldCodes = { codes: string[]; continueTo: string; intro: string };

const holdAuthenticator = (c: WebContext, owner: string, shown: HeldAuthenticator) => holdOnce(c, 'mfa-enrolment', owner, { secret: shown.secret, otpauthUri: shown.otpauthUri });

async function takeAuthenticator(c: WebContext, owner: string) {
  const held = await takeOnce<HeldAuthenticator>(c, 'mfa-enrolment', owner);
  return held && { ...held, qrCode: await qrDataUrl(held.otpauthUri) };
}

/** The sign-in challenge between the password and the code lives in its own short cookie, never in a URL. */
const CHALLENGE_COOKIE = 'cw_mfa';
const SECURE_CHALLENGE_COOKIE = '__Host-cw_mfa';

export function setChallengeCookie(c: WebContext, challenge: string): void {
  const secure = isSecureRequest(c);
  setCookie(c, secure ? SECURE_CHALLENGE_COOKIE : CHALLENGE_COOKIE, challenge, { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge: CHALLENGE_MINUTES * 60 });
}

const challengeOf = (c: WebContext) => getCookie(c, SECURE_CHALLENGE_COOKIE) ?? getCookie(c, CHALLENGE_COOKIE) ?? null;

function clearChallenge(c: WebContext): void {
  deleteCookie(c, CHALLENGE_COOKIE, { path: '/' });
  deleteCookie(c, SECURE_CHALLENGE_COOKIE, { path: '/', secure: true });
}

const nextOf = (c: WebContext) => sameSitePath(c.req.query('next'));
const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

/** A challenge that is missing, used or expired sends the browser back to the password form, saying why. */
function restartSignIn(c: WebContext, next: string) {
  clearChallenge(c);
  return render(c, 'Sign in', <LoginPage email="" next={next} error="That sign-in step expired or was already used. Sign in again." />, 400);
}

const CODE_ERRORS = new Set(['unauthenticated', 'validation_failed', 'rate_limited', 'conflict']);

function showCodeError(c: WebContext, err: unknown, page: (message: string) => ReturnType<typeof render>) {
  const error = formError(err, CODE_ERRORS);
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  if (error.details?.reason === 'invalid_challenge') return restartSignIn(c, nextOf(c));
  return page(error.message);
}

const statusOf = (error: unknown): 400 | 429 => (error instanceof AppError && error.code === 'rate_limited' ? 429 : 400);

/** Sign-in second steps, through the same services as POST /api/auth/login/mfa and …/mfa-enrolment. */
export const mfaSignInPages = new Hono<AppEnv>()
  .get('/login/mfa', (c) => {
    const next = nextOf(c);
    if (c.get('principal')) return c.redirect(next, 303);
    if (!challengeOf(c)) return c.redirect(withNext('/login', next), 303);
    return render(c, 'Two-step sign-in', <MfaCodePage next={next} recovery={c.req.query('recovery') === '1'} />);
  })
  .post('/login/mfa', async (c) => {
    const next = nextOf(c);
    const challenge = challengeOf(c);
    if (!challenge) return restartSignIn(c, next);
    const form = await readForm(c);
    const recovery = !/^[0-9\s]*$/.test(field(form, 'code'));
    try {
      await finishMfaSignIn(c, { challenge, code: field(form, 'code').slice(0, 40) });
      clearChallenge(c);
      return c.redirect(next, 303);
    } catch (err) {
      return showCodeError(c, err, (message) => render(c, 'Two-step sign-in', <MfaCodePage next={next} recovery={recovery} error={message} />, statusOf(err)));
    }
  })
  .get('/login/mfa/setup', (c) => {
    const next = nextOf(c);
    if (c.get('principal')) return c.redirect(next, 303);
    if (!challengeOf(c)) return c.redirect(withNext('/login', next), 303);
    return render(c, 'Set up two-step sign-in', <MfaSetupIntroPage next={next} />);
  })
  // A POST, not a GET: it stores a new secret (and is audited); the page is no-store and shows it once.
  .post('/login/mfa/setup/start', async (c) => {
    const next = nextOf(c);
    const challenge = challengeOf(c);
    if (!challenge) return restartSignIn(c, next);
    try {
      const shown = await startSignInEnrolment(mfaDeps(c), c.get('actor'), { challenge });
      // Shown once by the GET this redirects to (web/one-time.ts), held for this sign-in challenge.
      holdAuthenticator(c, `challenge:${challenge}`, shown);
      return c.redirect(shownAt(withNext('/login/mfa/setup/scan', next), 'mfa-enrolment'), 303);
    } catch (err) {
      return showCodeError(c, err, (message) => render(c, 'Set up two-step sign-in', <MfaSetupIntroPage next={next} error={message} />, 409));
    }
  })
  .get('/login/mfa/setup/scan', async (c) => {
    const next = nextOf(c);
    if (c.get('principal')) return c.redirect(next, 303);
    const challenge = challengeOf(c);
    if (!challenge) return c.redirect(withNext('/login', next), 303);
    const shown = asksToShow(c, 'mfa-enrolment') ? await takeAuthenticator(c, `challenge:${challenge}`) : null;
    if (asksToShow(c, 'mfa-enrolment') && !shown) return c.redirect(alreadyShownAt(withNext('/login/mfa/setup/scan', next), 'mfa-enrolment'), 303);
    return render(c, 'Set up two-step sign-in', <MfaScanPage action={withNext('/login/mfa/setup', next)} shown={shown ?? undefined} restart={{ action: withNext('/login/mfa/setup/start', next), label: 'Start again with a new QR code' }} />);
  })
  .post('/login/mfa/setup', async (c) => {
    const next = nextOf(c);
    const challenge = challengeOf(c);
    if (!challenge) return restartSignIn(c, next);
    const form = await readForm(c);
    try {
      const { recoveryCodes, principal } = await finishMfaEnrolmentSignIn(c, { challenge, code: field(form, 'code').slice(0, 40) });
      clearChallenge(c);
      holdOnce(c, 'recovery-codes', userOwner(principal.id), { codes: recoveryCodes, continueTo: next, intro: 'Two-step sign-in is on, and you are signed in.' } satisfies HeldCodes);
      return c.redirect(shownAt('/account/mfa/recovery-codes', 'recovery-codes'), 303);
    } catch (err) {
      const page = (message: string) => <MfaScanPage action={withNext('/login/mfa/setup', next)} error={message} restart={{ action: withNext('/login/mfa/setup/start', next), label: 'Start again with a new QR code' }} />;
      return showCodeError(c, err, (message) => render(c, 'Set up two-step sign-in', page(message), statusOf(err)));
    }
  });

const ACCOUNT_ERRORS = new Set(['validation_failed', 'conflict', 'rate_limited']);

async function accountPage(c: WebContext, state: { errors?: Record<string, string>; summary?: SummaryItem[]; form?: 'disable' | 'recovery-codes' } = {}, status: 200 | 400 | 409 | 429 = 200) {
  const user = pageUser(c);
  return render(c, 'Two-step sign-in', <AccountMfaPage status={await getMfaStatus(mfaContext(c, user))} timeZone={c.get('services').timeZone} {...state} />, status);
}

/** Your own second factor, through the same services as /api/auth/mfa/*. */
export const mfaAccountPages = new Hono<AppEnv>()
  .get('/account/mfa', (c) => accountPage(c))
  // The new authenticator's key and QR code, shown once after /account/mfa/start (web/one-time.ts).
  .get('/account/mfa/scan', async (c) => {
    const user = pageUser(c);
    const shown = asksToShow(c, 'mfa-enrolment') ? await takeAuthenticator(c, userOwner(user.id)) : null;
    if (asksToShow(c, 'mfa-enrolment') && !shown) return c.redirect(alreadyShownAt('/account/mfa/scan', 'mfa-enrolment'), 303);
    return render(c, 'Set up two-step sign-in', <MfaScanPage action="/account/mfa/confirm" shown={shown ?? undefined} restart={{ action: '/account/mfa/start', label: 'Start again with a new QR code' }} />);
  })
  // Recovery codes, shown once after enrolment or regeneration; a reload goes to the account page saying so.
  .get('/account/mfa/recovery-codes', async (c) => {
    const user = pageUser(c);
    if (!asksToShow(c, 'recovery-codes')) return c.redirect('/account/mfa', 303);
    const held = await takeOnce<HeldCodes>(c, 'recovery-codes', userOwner(user.id));
    if (!held) return c.redirect(alreadyShownAt('/account/mfa', 'recovery-codes'), 303);
    return render(c, 'Recovery codes', <RecoveryCodesPage codes={held.codes} continueTo={held.continueTo} intro={held.intro} />);
  })
  .post('/account/mfa/start', async (c) => {
    const user = pageUser(c);
    try {
      const shown = await beginMfaEnrolment(mfaContext(c, user));
      holdAuthenticator(c, userOwner(user.id), shown);
      return c.redirect(shownAt('/account/mfa/scan', 'mfa-enrolment'), 303);
    } catch (err) {
      const error = formError(err, ACCOUNT_ERRORS);
      return accountPage(c, { summary: [error.message] }, 409);
    }
  })
  .post('/account/mfa/confirm', async (c) => {
    const user = pageUser(c);
    const form = await readForm(c);
    try {
      const codes = await confirmMfaEnrolment(mfaContext(c, user), validate(MfaCodeSchema, { code: field(form, 'code') }));
      holdOnce(c, 'recovery-codes', userOwner(user.id), { codes, continueTo: '/account/mfa', intro: 'Two-step sign-in is on.' } satisfies HeldCodes);
      return c.redirect(shownAt('/account/mfa/recovery-codes', 'recovery-codes'), 303);
    } catch (err) {
      const error = formError(err, ACCOUNT_ERRORS);
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return render(c, 'Set up two-step sign-in', <MfaScanPage action="/account/mfa/confirm" error={error.message} restart={{ action: '/account/mfa/start', label: 'Start again with a new QR code' }} />, formStatus(error));
    }
  })
  .post('/account/mfa/recovery-codes', async (c) => {
    const user = pageUser(c);
    const form = await readForm(c);
    try {
      const codes = await regenerateRecoveryCodes(mfaContext(c, user), validate(MfaPasswordAndCodeSchema, { password: field(form, 'password'), code: field(form, 'code') }));
      holdOnce(c, 'recovery-codes', userOwner(user.id), { codes, continueTo: '/account/mfa', intro: 'Your earlier recovery codes no longer work.' } satisfies HeldCodes);
      return c.redirect(shownAt('/account/mfa/recovery-codes', 'recovery-codes'), 303);
    } catch (err) {
      const error = formError(err, ACCOUNT_ERRORS);
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return accountPage(c, { errors: fieldErrors(error), summary: summaryItemsOf(error, undefined, undefined, error.message), form: 'recovery-codes' }, formStatus(error) as 400 | 409 | 429);
    }
  })
  .post('/account/mfa/disable', async (c) => {
    const user = pageUser(c);
    const form = await readForm(c);
    try {
      const { signedOut } = await disableOwnMfa(mfaContext(c, user), validate(MfaPasswordAndCodeSchema, { password: field(form, 'password'), code: field(form, 'code') }));
      if (!signedOut) return c.redirect('/account/mfa?msg=mfa-disabled', 303);
      // The role requires a second factor: the service ended the session; the next sign-in enrols one.
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      deleteCookie(c, SECURE_SESSION_COOKIE, { path: '/', secure: true });
      return c.redirect('/login?msg=mfa-disabled', 303);
    } catch (err) {
      const error = formError(err, ACCOUNT_ERRORS);
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return accountPage(c, { errors: fieldErrors(error), summary: summaryItemsOf(error, undefined, undefined, error.message), form: 'disable' }, formStatus(error) as 400 | 409 | 429);
    }
  });
