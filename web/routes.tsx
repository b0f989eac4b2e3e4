import { Hono } from 'hono';
import type { AppEnv } from '../server/http/env.ts';
import { assetRoutes } from './assets.ts';
import { NotFoundView } from './components/error-views.tsx';
import { adminPages } from './pages/admin/routes.tsx';
import { authPages } from './pages/auth/routes.tsx';
import { accountPages } from './pages/account/routes.tsx';
import { tokenPages } from './pages/account/tokens-routes.tsx';
import { mfaAccountPages, mfaSignInPages } from './pages/mfa/mfa-routes.tsx';
import { ssoPages } from './pages/sso/sso-routes.tsx';
import { clausePages } from './pages/clauses/routes.tsx';
import { deadlinePages } from './pages/deadlines/routes.tsx';
import { draftingPages } from './pages/documents/drafting-routes.tsx';
import { reviewPages } from './pages/documents/review-routes.tsx';
import { signedCopyPages } from './pages/documents/signed-copy-routes.tsx';
import { homePages } from './pages/home/routes.tsx';
import { matterPages } from './pages/matters/routes.tsx';
import { documentListPages } from './pages/documents/document-list-routes.tsx';
import { matterInvitePages } from './pages/matters/invite-routes.tsx';
import { portfolioPages } from './pages/portfolios/routes.tsx';
import { render, renderError, type WebContext } from './page.tsx';

/**
 * The server-rendered UI, mounted at '/' after the API. Pages call the same services as the
 * JSON routes (role checks, object visibility and audit happen there); forms post
 * form-urlencoded, protected by the app-wide csrf() Origin check.
 */
export function webRoutes(): Hono<AppEnv> {
  const web = new Hono<AppEnv>();
  web.route('/assets', assetRoutes());
  // Pages show a client's matters and a firm's drafts: no shared or back-button caches keep them.
  web.use(async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.header('cache-control', 'no-store');
  });
  for (const pages of [authPages, mfaSignInPages, ssoPages, accountPages, tokenPages, mfaAccountPages, homePages, matterPages, matterInvitePages, portfolioPages, draftingPages, reviewPages, signedCopyPages, deadlinePages, clausePages, adminPages]) web.route('/', pages);
  // The lists searched, sorted and keyset-paged in SQL (issue 21).
  web.route('/', documentListPages);
  web.onError((err, c) => renderError(c, err));
  return web;
}

/** The HTML 404 page for addresses outside /api. */
export function notFoundPage(c: WebContext) {
  return render(c, 'Not found', <NotFoundView />, 404);
}
