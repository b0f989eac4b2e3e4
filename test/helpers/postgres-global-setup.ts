import type { TestProject } from 'vitest/node';
import { openStore } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { findPostgresBin, startPostgres } from './postgres-server.ts';

/**
 * vitest global set-up for the PostgreSQL pass (vitest.postgres.config.ts): one throwaway server
 * for the whole run, started before the first test file and stopped after the last, and a
 * template database with every migration applied, which each test app copies
 * (test/helpers/test-database.ts).
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const bin = findPostgresBin();
  if (!bin) {
    // vitest.postgres.config.ts already runs no files then; this covers a run that names files.
    console.warn('PostgreSQL pass skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');
    project.provide('postgresTestServer', null);
    return undefined;
  }
  // Two workers, each app a pool of up to 10, and apps a test file forgets to close.
  const server = await startPostgres(bin, { maxConnections: 300 });
  try {
    const templateUrl = await server.createDatabase();
    const template = /^postgresql:\/\/postgres@\/(cw_[0-9a-f]{12})\?/.exec(templateUrl)![1]!;
    const store = await openStore(templateUrl);
    try {
      await migrate(store);
    } finally {
      // A template may have no open connection while it is copied.
      await store.close();
    }
    project.provide('postgresTestServer', { ...server.address, template });
  } catch (error) {
    server.stop();
    throw error;
  }
  return () => server.stop();
}
