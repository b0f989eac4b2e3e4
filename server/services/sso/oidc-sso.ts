import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Database } from '../../db/database.ts';
import * as sql from '../../db/sso.ts';
import { findUserByEmail } from '../../db/users.ts';
import { recordAudit, type Actor } from '../audit/record-audit.ts';
import type { Principal } from '../context.ts';
import { openSessionIn, type SessionPolicy } from '../auth/sessions.ts';
import { openChallenge, secondStepFor } from '../mfa/sign-in-challenge.ts';

/** One installation's OpenID Connect provider (Entra ID, Google Workspace, Okta, Keycloak…). */
export interface SsoConfig {
  /** The issuer URL; its /.well-known/openid-configuration is read at the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Exactly as registered at the provider: https://<host>/login/sso/callback. */
  redirectUri: string;
  /** The sign-in page's button text. */
  buttonLabel: string;
  /**
   * When the role requires two-step sign-in (or the user has an authenticator here), accept the
   * provider's word that it did multi-factor authentication (`amr` containing "mfa") instead of
   * asking for a local code. Off by default: the local code is then still asked for.
   */
  trustIdpMfa: boolean;
  /**
   * Where the provider sends the browser after it has ended its own session (RP-Initiated
   * Logout): must be registered at the provider, e.g. https://<host>/login?msg=signed-out.
   * Unset: the provider shows its own signed-out page.
   */
  postLogoutRedirectUri?: string;
  /** Tests only: an http:// issuer, and a fetch the tests can tamper with. */
  allowHttp?: boolean;
  fetch?: typeof fetch;
}

/** A sign-in started here must come back within this many minutes. */
export const SSO_STATE_MINUTES = 10;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Discovery once per app (retried after a failure), so a provider that is down does not stop the server from starting. */
export class SsoClient {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(readonly config: SsoConfig) {}

  private authorizationEndpoint: string | null = null;
  private endSessionEndpoint: string | null = null;

  /** Whether a Location header is a request to this provider's authorization or end-session endpoint (the app's only off-site redirects). */
  isProviderRequest(location: string): boolean {
    return [this.authorizationEndpoint, this.endSessionEndpoint].some((endpoint) => endpoint !== null && location.startsWith(`${endpoint}?`));
  }

  /**
   * The provider's end-session URL for a user signing out of a session opened through it (OpenID
   * Connect RP-Initiated Logout 1.0): client_id identifies this application, since no ID token is
   * kept to send as a hint. Null when the provider publishes no end_session_endpoint or cannot be
   * reached: the local sign-out has happened either way.
   */
  async logoutUrl(): Promise<string | null> {
    try {
      const configuration = await this.discover();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configuration, this.config.postLogoutRedirectUri ? { post_logout_redirect_uri: this.config.postLogoutRedirectUri } : {}).href;
    } catch {
      return null;
    }
  }

  discover(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.config.issuer), this.config.clientId, { redirect_uris: [this.config.redirectUri], response_types: ['code'] }, client.ClientSecretBasic(this.config.clientSecret), {
        // openid-client, like OIDC Core 3.1.3.7, skips the ID token's signature when the token came straight from the
        // token endpoint over TLS; we check it anyway against the provider's published keys (a token signed with
        // another key was accepted without this — test/accounts/sso.test.ts).
        execute: [client.enableNonRepudiationChecks, ...(this.config.allowHttp ? [client.allowInsecureRequests] : [])],
        ...(this.config.fetch ? { [client.customFetch]: this.config.fetch } : {}),
      })
      .then((configuration) => {
        this.authorizationEndpoint = configuration.serverMetadata().authorization_endpoint ?? null;
        this.endSessionEndpoint = configuration.serverMetadata().end_session_endpoint ?? null;
        return configuration;
      })
      .catch((error: unknown) => {
        this.configuration = null;
        throw error;
      });
    return this.configuration;
  }
}

/**
 * Starts a sign-in: a random state, nonce and PKCE verifier (RFC 7636, S256), stored with the
 * SHA-256 of a browser binding value that goes into an HttpOnly cookie. The callback is accepted
 * only with that cookie, once, within SSO_STATE_MINUTES.
 */
export async function startSsoSignIn(deps: { db: Database; now: Date; sso: SsoClient }, returnTo: string): Promise<{ url: string; binding: string }> {
  const configuration = await deps.sso.discover();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const binding = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.now.getTime() + SSO_STATE_MINUTES * 60_000).toISOString();
  await deps.db.transaction((tx) => sql.insertSsoState(tx, { stateHash: sha256(state), bindingHash: sha256(binding), nonce, codeVerifier, returnTo, now: deps.now.toISOString(), expiresAt }));
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: deps.sso.config.redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, binding };
}

export type SsoRefusal = 'invalid_state' | 'idp_error' | 'invalid_token' | 'email_not_verified' | 'no_account' | 'account_disabled';

export type SsoOutcome =
  | { ok: true; returnTo: string; principal: Principal; session: string }
  | { ok: true; returnTo: string; principal: Principal; challenge: string; step: 'mfa_required' | 'mfa_enrolment_required' }
  | { ok: false; reason: SsoRefusal; email?: string };

const MFA_AMR = 'mfa';

/**
 * Finishes a sign-in at the callback. The state must be one this server issued to this browser
 * (binding cookie), unused and unexpired, and is used up before the code is exchanged; then
 * openid-client checks the ID token (signature against the provider's keys, issuer, audience,
 * expiry, nonce) and PKCE. The account is the existing user with that verified e-mail — never
 * created here, and its role is the one set here. Then the local second-factor rules apply.
 */
export async function finishSsoSignIn(
  deps: { db: Database; now: Date; sso: SsoClient; policy: SessionPolicy },
  actor: Actor,
  input: { query: URLSearchParams; binding: string | null },
): Promise<SsoOutcome> {
  const { db, now, sso } = deps;
  const issuer = sso.config.issuer;
  const refuse = async (reason: SsoRefusal, email?: string, userId?: number, detail?: string): Promise<SsoOutcome> => {
    await db.transaction((tx) => recordAudit(tx, { ...actor, userId: userId ?? null }, now, { type: 'sso.failed', data: { reason, issuer, ...(email ? { email } : {}), ...(detail ? { detail } : {}) } }));
    return { ok: false, reason, email };
  };
  const state = input.query.get('state') ?? '';
  const row = state && state.length <= 200 ? await sql.findSsoState(db, sha256(state)) : undefined;
  const bound = row && input.binding !== null && sha256(input.binding) === row.binding_hash;
  if (!row || !bound || row.used_at || now.toISOString() >= row.expires_at) return refuse('invalid_state');
  if ((await db.transaction((tx) => sql.useSsoState(tx, row.state_hash, now.toISOString()))) !== 1) return refuse('invalid_state');
  if (input.query.has('error')) return refuse('idp_error', undefined, undefined, (input.query.get('error') ?? '').slice(0, 100));

  const callback = new URL(sso.config.redirectUri);
  callback.search = input.query.toString();
  let claims: client.IDToken;
  try {
    const configuration = await sso.discover();
    const tokens = await client.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: row.code_verifier, expectedState: state, expectedNonce: row.nonce, idTokenExpected: true });
    const idClaims = tokens.claims();
    if (!idClaims) return refuse('invalid_token', undefined, undefined, 'no ID token');
    claims = idClaims;
    // Some providers put the e-mail only in the UserInfo response: read it there, for the same subject.
    if (typeof claims.email !== 'string' && tokens.access_token) {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      claims = { ...claims, email: info.email, email_verified: info.email_verified };
    }
  } catch (error) {
    // The library's code names the check that failed (e.g. OAUTH_JWT_CLAIM_COMPARISON_FAILED); nothing secret.
    return refuse('invalid_token', undefined, undefined, describeFailure(error));
  }

  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase().slice(0, 254) : '';
  if (!email || claims.email_verified !== true) return refuse('email_not_verified', email || undefined);
  const user = await findUserByEmail(db, email);
  if (!user) return refuse('no_account', email);
  if (user.disabled) return refuse('account_disabled', email, user.id);

  const principal: Principal = { id: user.id, role: user.role, name: user.name, email: user.email };
  const userActor = { ...actor, userId: user.id, role: user.role };
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string').slice(0, 10) : [];
  return db.transaction(async (tx): Promise<SsoOutcome> => {
    const kind = await secondStepFor(tx, user.id, user.role);
    const idpDidMfa = sso.config.trustIdpMfa && amr.includes(MFA_AMR);
    if (kind && !idpDidMfa) {
      const step = kind === 'verify' ? 'mfa_required' : 'mfa_enrolment_required';
      const { challenge } = await openChallenge(tx, user.id, kind, 'sso', now);
      await recordAudit(tx, userActor, now, { type: 'login.mfa-required', object: { type: 'user', id: user.id }, data: { email, step, via: 'sso' } });
      return { ok: true, returnTo: row.return_to, principal, challenge, step };
    }
    const session = await openSessionIn(tx, user.id, now, deps.policy, 'sso');
    await recordAudit(tx, userActor, now, { type: 'login', data: { email, via: 'sso', issuer, idpAmr: amr, ...(kind ? { mfa: 'idp' as const } : {}) } });
    return { ok: true, returnTo: row.return_to, principal, session };
  });
}

/** The library's code and the messages down its cause chain (they name the claim that failed: aud, exp, nonce…): which check refused, never a token. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'error';
  const code = 'code' in error ? String(error.code) : error.name;
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) messages.push(e.message);
  return `${code}: ${messages.join(' / ')}`.slice(0, 240);
}
