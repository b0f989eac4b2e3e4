import { createHash, randomBytes } from 'node:crypto';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isSecureRequest } from '../server/http/middleware.ts';
import { open, seal } from '../server/services/mfa/secret-box.ts';
import { recordFirstOpening } from '../server/db/one-time-openings.ts';
import type { WebContext } from './page.tsx';

/**
 * A secret a page shows once (a new API token, an authenticator's key, recovery codes, a calendar
 * link, a client invitation's one-time code) must not be shown by answering the POST that made
 * it: reloading that page would post again and make another. So the POST seals the secret into
 * a short-lived, HttpOnly cookie and answers 303 to a GET (`?shown=<kind>`); that GET opens the
 * cookie, deletes it and shows the secret; a reload finds no cookie and says the secret was
 * already shown (issue 21). Nothing is stored on the server, and the secret is never in an
 * address. The cookie is sealed with the installation's key (AES-256-GCM, secret-box.ts) and
 * bound to its kind and its owner, so it opens only for the same user (or sign-in challenge).
 */
export const ONCE_KINDS = ['api-token', 'mfa-enrolment', 'recovery-codes', 'calendar-link', 'client-invitation'] as const;
export type OnceKind = (typeof ONCE_KINDS)[number];

/** Long enough for a slow redirect, short enough that a forgotten cookie is worthless soon. */
export const ONCE_SECONDS = 120;

const cookieName = (c: WebContext, kind: OnceKind) => `${isSecureRequest(c) ? '__Host-' : ''}cw_once_${kind.replace(/-/g, '_')}`;
const purposeOf = (kind: OnceKind, owner: string) => `one-time:${kind}:${createHash('sha256').update(owner).digest('base64url')}`;

/** Who may open a secret held for a signed-in user. */
export const userOwner = (userId: number) => `user:${userId}`;

/** Seals `payload` for one showing by the GET the caller redirects to (see shownAt). */
export function holdOnce(c: WebContext, kind: OnceKind, owner: string, payload: unknown): void {
  const { secretKey, clock } = c.get('services');
  const sealed = seal(secretKey, JSON.stringify({ payload, until: clock().getTime() + ONCE_SECONDS * 1000, nonce: randomBytes(12).toString('base64url') }), purposeOf(kind, owner));
  setCookie(c, cookieName(c, kind), sealed, { path: '/', httpOnly: true, secure: isSecureRequest(c), sameSite: 'Lax', maxAge: ONCE_SECONDS });
}

/** The secret held for this kind and owner, once: the cookie is deleted whatever it holds. Null when gone, expired, not theirs or opened before. */
export async function takeOnce<T>(c: WebContext, kind: OnceKind, owner: string): Promise<T | null> {
  const name = cookieName(c, kind);
  const sealed = getCookie(c, name);
  if (sealed === undefined) return null;
  deleteCookie(c, name, { path: '/', secure: isSecureRequest(c) });
  const { secretKey, clock, db } = c.get('services');
  const text = open(secretKey, sealed, purposeOf(kind, owner));
  if (text === null) return null;
  const { payload, until, nonce } = JSON.parse(text) as { payload: T; until: number; nonce: string };
  const now = clock().getTime();
  if (until < now) return null;
  // The same cookie sent again (a copy kept by the browser's tools, a replay), to this server or
  // another on the same database, is not shown twice: a browser drops the cookie on the first
  // showing anyway; this makes one showing the rule, not the browser's habit.
  const nonceHash = createHash('sha256').update(nonce).digest('hex');
  const first = await db.transaction((tx) => recordFirstOpening(tx, nonceHash, new Date(until).toISOString(), new Date(now).toISOString()));
  return first ? payload : null;
}

/** The GET address that shows a held secret: `path?shown=<kind>` plus an optional #anchor. */
export const shownAt = (path: string, kind: OnceKind, anchor = '') => `${path}${path.includes('?') ? '&' : '?'}shown=${kind}${anchor ? `#${anchor}` : ''}`;

/** True when this GET is the one a POST redirected to for this kind. */
export const asksToShow = (c: WebContext, kind: OnceKind) => c.req.query('shown') === kind;

/** Where a reload of a shown secret goes: the same page, with the "already shown" message (page.tsx FLASH). */
export const alreadyShownAt = (path: string, kind: OnceKind) => `${path}${path.includes('?') ? '&' : '?'}msg=${kind}-shown`;

/** The messages a reload shows instead of the secret (merged into page.tsx's FLASH). */
export const ALREADY_SHOWN: Record<`${OnceKind}-shown`, string> = {
  'api-token-shown': 'That token was shown once and is not shown again. If you did not copy it, revoke it and create a new one.',
  'mfa-enrolment-shown': 'That key and QR code were shown once and are not shown again. Start again for a new QR code.',
  'recovery-codes-shown': 'Those recovery codes were shown once and are not shown again. If you did not save them, make new ones (the old ones then stop working).',
  'calendar-link-shown': 'That calendar link was shown once and is not shown again. If you did not copy it, make a new link (the old one then stops working).',
  'client-invitation-shown': 'The invitation’s one-time code was shown once and is not shown again. If it was not passed on, an administrator can send a new set-password link.',
};
