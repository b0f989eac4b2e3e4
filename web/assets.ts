import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../server/http/env.ts';
import { projectPath } from '../server/paths.ts';

const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8' };
const FILES = ['app.css', 'app.js', 'live-check.js'];

/** The UI's static files, read once at start and served with their content type. */
export function assetRoutes(): Hono<AppEnv> {
  const files = new Map(FILES.map((name) => [name, readFileSync(projectPath('web/assets', name))]));
  return new Hono<AppEnv>().get('/:name', (c) => {
    const name = c.req.param('name');
    const bytes = files.get(name);
    if (!bytes) return c.text('Not found', 404);
    return c.body(bytes, 200, { 'content-type': TYPES[name.split('.').pop()!]!, 'cache-control': 'public, max-age=3600' });
  });
}
