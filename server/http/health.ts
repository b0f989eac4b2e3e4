import { Hono } from 'hono';
import { checkReadable, databaseFaultCode } from '../db/health.ts';
import type { AppEnv } from './env.ts';

/**
 * For operators and orchestrators, outside /api and without a session: `/healthz` says the
 * process answers (liveness); `/readyz` says it can serve, which needs the database (503 with
 * Retry-After when it cannot).
 */
export const healthRoutes = new Hono<AppEnv>()
  .get('/healthz', (c) => c.json({ status: 'ok' }, 200))
  .get('/readyz', async (c) => {
    try {
      await checkReadable(c.get('services').db);
      return c.json({ status: 'ready', database: 'ok' }, 200);
    } catch (error) {
      const code = databaseFaultCode(error) ?? 'unknown';
      c.get('services').log({ level: 'error', requestId: c.get('requestId'), msg: 'readiness check failed', database: code, error: String(error) });
      c.header('Retry-After', '5');
      return c.json({ status: 'unavailable', database: code }, 503);
    }
  });
