import { Hono } from 'hono';
import type { AppEnv } from '../server/http/env.ts';
import { assetRoutes } from './assets.ts';
import { authPages } from './pages/auth.tsx';
import { deadlinePages } from './pages/deadlines.tsx';
import { documentPages } from './pages/documents.tsx';
import { libraryAdminPages } from './pages/library-admin.tsx';
import { matterPages } from './pages/matters.tsx';
import { render, renderError, type WebContext } from './page.tsx';

/**
 * The server-rendered UI, mounted at '/' after the API. Pages call the same services as the
 * JSON routes (role checks, object visibility and audit happen there); forms post
 * form-urlencoded, protected by the app-wide csrf() Origin check.
 */
export function webRoutes(): Hono<AppEnv> {
  const web = new Hono<AppEnv>();
  web.route('/assets', assetRoutes());
  web.route('/', authPages);
  web.route('/', matterPages);
  web.route('/', documentPages);
  web.route('/', deadlinePages);
  web.route('/', libraryAdminPages);
  web.onError((err, c) => renderError(c, err));
  return web;
}

/** The HTML 404 page for addresses outside /api. */
export function notFoundPage(c: WebContext) {
  return render(
    c,
    'Not found',
    <section>
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <a href="/">Back to your home page</a>
      </p>
    </section>,
    404,
  );
}
