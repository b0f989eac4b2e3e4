import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-server.ts';

/**
 * The PostgreSQL pass (issue 22): the HTTP-level test files again, each test app on a fresh
 * PostgreSQL database (CLAUSEWRIGHT_TEST_DATABASE=postgres; test/helpers/test-database.ts) on one
 * throwaway server for the run (test/helpers/postgres-global-setup.ts). Run by
 * `npm run test:postgres`, which test/run-all.sh calls after `npm test`.
 */
/**
 * Which files: every test file that builds its app with makeTestApp (test/helpers/test-app.ts) —
 * the HTTP-level suite, found by reading the files, so a new one joins this pass by itself — except
 * those that test SQLite itself or read a SQLite file by design:
 */
const SQLITE_ONLY: Record<string, string> = {
  // Injects SQLite faults (PRAGMA query_only, SQLite result codes) and runs `clausewright serve` on a
  // SQLite file; PostgreSQL's faults (lock timeout → 503 database_busy) are in test/db/backends.test.ts.
  'test/security/probe-database.test.ts': 'SQLite fault injection',
  // A SQLite file's durability across a hard close (the WAL, fsync).
  'test/durability.test.ts': 'a SQLite file',
  // Copies a SQLite file into PostgreSQL: both backends by design, in `npm test`.
  'test/db/copy-to-postgres.test.ts': 'reads a SQLite file',
};

const HTTP_FILES = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f}`)
  .filter((f) => !SQLITE_ONLY[f] && readFileSync(f, 'utf8').includes('makeTestApp'))
  .sort();

/** CLAUSEWRIGHT_PG_PASS=all: any test file may be named on the command line (each in its own module graph). */
const everyFile = process.env.CLAUSEWRIGHT_PG_PASS === 'all';

const bin = findPostgresBin();
if (!bin) console.warn('PostgreSQL pass skipped: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH (test/run-all.sh installs the Debian package postgresql).');

export default defineConfig({
  test: {
    include: bin ? (everyFile ? ['test/**/*.test.ts'] : HTTP_FILES) : [],
    passWithNoTests: true,
    globalSetup: bin ? ['test/helpers/postgres-global-setup.ts'] : [],
    env: { CLAUSEWRIGHT_TEST_DATABASE: 'postgres' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in parallel, but not more workers than cores.
    maxWorkers: 2,
    // The files share a worker's loaded modules (the server, the clause files) instead of loading
    // them again per file (88 s instead of 108 s for the first ten files at the same load). None of
    // these files stubs modules or leaves global state behind (a spy on stdout is restored); each
    // test app has its own database.
    isolate: everyFile,
  },
});
