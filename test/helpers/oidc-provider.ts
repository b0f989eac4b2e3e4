import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader, type JWK, type JWTPayload } from 'jose';

/**
 * A real OpenID provider (panva's oidc-provider) on a random local port, for end-to-end single
 * sign-on tests. Users are a map the test fills; the interaction (login and consent) is finished
 * by the test without forms, signing in as `nextLogin`. The provider's signing key is known to
 * the test, so a test can re-sign a tampered ID token with it (or with another key).
 */
export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Map<string, { email?: string; email_verified?: boolean }>;
  /** Who the next authorization signs in as, and the amr the provider reports. */
  nextLogin: { accountId: string; amr?: string[] };
  /** A fetch for openid-client; `tamper`, when set, rewrites the ID token of the next token response. */
  fetch: typeof fetch;
  tamper: ((idToken: string) => Promise<string>) | null;
  /** The last ID token the provider issued (before any tampering). */
  lastIdToken: string | null;
  signWithProviderKey: (payload: JWTPayload, kid?: string) => Promise<string>;
  signWithOtherKey: (payload: JWTPayload) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * Options for a browser test: `tls` serves the provider over HTTPS (a server process trusts it
 * through NODE_EXTRA_CA_CERTS, as openid-client refuses a plain-HTTP issuer outside tests), and
 * `devInteractions` shows oidc-provider's own login and consent pages, filled in by the browser
 * (the login is the account id; any password), instead of finishing them without forms.
 */
export interface TestIdpOptions {
  tls?: { key: string; cert: string };
  devInteractions?: boolean;
}

/** The sign-in page beside the callback, with the signed-out message: what the tests register for RP-Initiated Logout. */
export const postLogoutRedirectUriFor = (redirectUri: string) => new URL('/login?msg=signed-out', redirectUri).href;

export async function startTestIdp(redirectUri: string, options: TestIdpOptions = {}): Promise<TestIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const other = await generateKeyPair('RS256');
  const accounts = new Map<string, { email?: string; email_verified?: boolean }>();
  const server: Server = options.tls ? createHttpsServer(options.tls) : createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const issuer = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'clausewright-test';
  const clientSecret = 'a client secret long enough for HS256 and tests';
  const configuration: Configuration = {
    // The sign-in page is registered as where the provider sends the browser after ending its session (RP-Initiated Logout).
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], post_logout_redirect_uris: [postLogoutRedirectUriFor(redirectUri)], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [jwk] },
    // amr under the openid scope, so every ID token carries it (a standalone claim is sent only when asked for).
    claims: { acr: null, sid: null, auth_time: null, iss: null, openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
    // Put the e-mail claims in the ID token itself (they are then covered by its signature).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: options.devInteractions === true } },
    cookies: { keys: ['test cookie key'] },
    findAccount: async (_ctx, sub) => (accounts.has(sub) ? { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) } : undefined),
    ...(options.devInteractions ? {} : { interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` } }),
  };
  const provider = new Provider(issuer, configuration);
  const idp: TestIdp = {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    accounts,
    nextLogin: { accountId: '' },
    tamper: null,
    lastIdToken: null,
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith('/token')) return res;
      const body = (await res.json()) as { id_token?: string };
      if (body.id_token) {
        idp.lastIdToken = body.id_token;
        if (idp.tamper) body.id_token = await idp.tamper(body.id_token);
      }
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    },
    signWithProviderKey: (payload, kid = 'test-key') => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
    signWithOtherKey: (payload) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).sign(other.privateKey),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
  const callback = provider.callback();
  if (options.devInteractions) {
    server.on('request', callback);
    return idp;
  }
  server.on('request', async (req, res) => {
    const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: idp.nextLogin.accountId, amr: idp.nextLogin.amr } }, { mergeWithLastSubmission: false });
      } else {
        const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      }
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  return idp;
}

/** The claims of a JWT and its header, for building a tampered copy. */
export const readJwt = (token: string) => ({ header: decodeProtectedHeader(token), payload: decodeJwt(token) });

/**
 * A browser at the provider: follows its redirects (keeping its cookies) until it is sent back to
 * the app's redirect URI, and returns that URL.
 */
export async function authorizeAtIdp(idp: TestIdp, authorizationUrl: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url}: ${res.status} ${await res.text()}`);
    const next = new URL(location, url);
    if (next.href.startsWith(idp.redirectUri)) return next;
    url = next.href;
  }
  throw new Error('too many redirects at the provider');
}
