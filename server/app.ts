import { randomBytes } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { csrf } from 'hono/csrf';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './errors.ts';
import { handleError } from './http/errors.ts';
import type { AppDeps, AppEnv, AppServices } from './http/env.ts';
import { SESSION_COOKIE, accessLog, jsonOnlyApi, loadSession, provideServices } from './http/middleware.ts';
import { FailureWindow } from './services/auth/rate-limit.ts';
import { DEFAULT_SESSION_POLICY } from './services/auth/sessions.ts';
import { DEFAULT_TIME_ZONE } from './services/deadlines/dates.ts';
import { authRoutes } from './routes/auth.ts';
import { matterRoutes } from './routes/matters.ts';
import { matterInviteRoutes } from './routes/matter-invites.ts';
import { portfolioRoutes } from './routes/portfolios.ts';
import { userRoutes } from './routes/users.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { mfaLoginRoutes, mfaPolicyRoutes, mfaRoutes, userMfaRoutes } from './routes/mfa.ts';
import { SsoClient } from './services/sso/oidc-sso.ts';
import { loadApiToken, unlessBearer } from './http/bearer.ts';
import { ruleRoutes } from './routes/rules.ts';
import { compareRoutes } from './routes/compare.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { adminRoutes } from './routes/admin.ts';
import { clauseRoutes, clauseUpdateRoutes, outdatedClauseRoutes } from './routes/clauses.ts';
import { bodyLimits, multipartPaths } from './http/body-limit.ts';
import { safeRedirects } from './http/safe-redirect.ts';
import { healthRoutes } from './http/health.ts';
import { documentRoutes, documentKindRoutes, matterDocumentRoutes } from './routes/documents.ts';
import { calendarLinkRoutes, checklistTaskRoutes, deadlineRoutes, matterChecklistRoutes, renewalRoutes } from './routes/deadlines.ts';
import { calendarFeedRoute } from './routes/calendar-feed.ts';
import { notFoundPage, webRoutes } from '../web/routes.tsx';

/** Builds the whole application from its dependencies. No I/O happens here: main.ts and tests do that. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  // In the database (migration 018), so every app server on it counts the same failures.
  const perAddress = new FailureWindow(deps.db, 'sign-in-address', 30, 15 * 60_000);
  const services: AppServices = {
    db: deps.db,
    catalog: deps.catalog,
    clock: deps.clock ?? (() => new Date()),
    log: deps.log ?? (() => undefined),
    sessionPolicy: deps.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    // 5 failures per account and 30 per address in 15 minutes (OWASP ASVS 2.4.1 anti-automation).
    loginLimits: { perAccount: new FailureWindow(deps.db, 'sign-in-account', 5, 15 * 60_000), perAddress },
    // Second-factor codes: 5 wrong per account in 15 minutes; the per-address window is the sign-in one.
    mfaLimits: { perAccount: new FailureWindow(deps.db, 'code-account', 5, 15 * 60_000), perAddress },
    secretKey: deps.secretKey ?? randomBytes(32),
    sso: deps.sso ? new SsoClient(deps.sso) : null,
    trustProxy: Number(deps.trustProxy ?? 0),
    timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE,
  };

  const app = new OpenAPIHono<AppEnv>();
  app.use(requestId());
  app.use(safeRedirects());
  app.use(provideServices(services));
  app.use(
    secureHeaders({
      // Hono's defaults send no CSP and a 180-day HSTS; ASVS 3.4.1 and 3.4.3 ask for both.
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      referrerPolicy: 'same-origin',
      xFrameOptions: 'DENY',
    }),
  );
  app.use(accessLog());
  // Every route, API and web form alike: the limit is enforced before anything parses the body.
  app.use(bodyLimits());
  // Bearer-token API calls carry no cookie, so the browser checks do not apply (http/bearer.ts).
  app.use(unlessBearer(csrf()));
  app.use('/api/*', jsonOnlyApi(multipartPaths()));
  app.use(loadSession());
  app.use(loadApiToken());

  app.route('/', healthRoutes);
  app.route('/api/auth', authRoutes);
  app.route('/api/auth/login', mfaLoginRoutes);
  app.route('/api/auth/mfa', mfaRoutes);
  app.route('/api/users', userRoutes);
  app.route('/api/users', userMfaRoutes);
  app.route('/api/admin/mfa-policy', mfaPolicyRoutes);
  app.route('/api/tokens', tokenRoutes);
  app.route('/api/matters', matterRoutes);
  app.route('/api/matters', matterDocumentRoutes);
  app.route('/api/matters', matterInviteRoutes);
  app.route('/api/portfolios', portfolioRoutes);
  app.route('/api/documents', documentRoutes);
  app.route('/api/documents', compareRoutes);
  app.route('/api/documents', uploadRoutes);
  app.route('/api/documents', clauseUpdateRoutes);
  app.route('/api/clauses', clauseRoutes);
  app.route('/api/outdated-clauses', outdatedClauseRoutes);
  app.route('/api/document-kinds', documentKindRoutes);
  app.route('/api/rules', ruleRoutes);
  app.route('/api/admin', adminRoutes);
  app.route('/api/deadlines', deadlineRoutes);
  app.route('/api/documents', renewalRoutes);
  app.route('/api/matters', matterChecklistRoutes);
  app.route('/api/checklist-tasks', checklistTaskRoutes);
  app.route('/api/calendar', calendarLinkRoutes);
  // Outside /api and without a session: calendar apps fetch it with the secret in the address.
  app.route('/calendar', calendarFeedRoute);

  // Either credential works on every route that needs one; x-roles says which roles may call it.
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Browser session (__Host-cw_session over https); unsafe requests must come from this site' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiToken', { type: 'http', scheme: 'bearer', description: 'Personal API token (cwt_…) from POST /api/tokens; no browser headers needed' });
  app.doc('/api/openapi.json', {
    openapi: '3.0.3',
    security: [{ session: [] }, { apiToken: [] }],
    info: {
      title: 'clausewright API',
      version: '0.1.0',
      description: 'Document assembly and contract lifecycle for healthcare MSO matters. A drafting aid for attorneys, not legal advice.',
    },
  });

  // The HTML UI: everything outside /api and /calendar. Its own notFound and onError render pages.
  app.route('/', webRoutes());

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) throw new AppError('not_found', `No API route matches ${c.req.method} ${c.req.path}.`);
    return notFoundPage(c);
  });
  app.onError(handleError);
  return app;
}
