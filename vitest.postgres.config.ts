import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-server.ts';

/**
 * The PostgreSQL pass (issue 22): the HTTP-level test files again, each test app on a fresh
 * PostgreSQL database (CLAUSEWRIGHT_TEST_DATABASE=postgres; test/helpers/test-database.ts) on one
 * throwaway server for the run (test/helpers/postgres-global-setup.ts). Run by
 * `npm run test:postgres`, which test/run-all.sh calls after `npm test`.
 */
const HTTP_FILES = ['test/**/*.test.ts'];

const bin = findPostgresBin();
if (!bin) console.warn('PostgreSQL pass skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');

export default defineConfig({
  test: {
    include: bin ? HTTP_FILES : [],
    passWithNoTests: true,
    globalSetup: ['test/helpers/postgres-global-setup.ts'],
    env: { CLAUSEWRIGHT_TEST_DATABASE: 'postgres' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in parallel, but not more workers than cores.
    maxWorkers: 2,
  },
});
