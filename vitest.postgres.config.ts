import { defineConfig } from 'vitest/config';
import { findPostgresBin } from './test/helpers/postgres-server.ts';

/**
 * The PostgreSQL pass (issue 22): the HTTP-level test files again, each test app on a fresh
 * PostgreSQL database (CLAUSEWRIGHT_TEST_DATABASE=postgres; test/helpers/test-database.ts) on one
 * throwaway server for the run (test/helpers/postgres-global-setup.ts). Run by
 * `npm run test:postgres`, which test/run-all.sh calls after `npm test`.
 */
/**
 * Which files, and why these: CI's budget is 15 minutes and `npm test` (SQLite) takes about 14,
 * so this pass is kept to the files that reach every route group plus the ones whose SQL differs
 * most between the engines. The rest of the HTTP files passed on PostgreSQL too (issue 22); run
 * any of them with `CLAUSEWRIGHT_PG_PASS=all npx vitest run --config vitest.postgres.config.ts <file>`.
 * - role-matrix: every /api operation in the OpenAPI document (all route groups: auth, users,
 *   tokens, mfa, matters, invites, documents, uploads, compare, rules, clauses, deadlines,
 *   calendar feed, portfolios, admin) called by 11 principals, sessions and API tokens alike;
 * - web-pages: every page group renders for the roles that may see it;
 * - documents: drafting, versions (numbers, stale saves), renditions and downloads (BYTEA), audit;
 * - lists/{matters,users,documents,audit}-list: keyset paging, search with LIKE, sort orders and
 *   ties — the queries most sensitive to collations and case;
 * - portfolios/portfolio-api: the overview's open-warning counts (stored JSON findings), deadlines
 *   across practices and the calendar feed's scope;
 * - deadlines/deadlines-api: the deadlines dashboard, filters, counts and the roll;
 * - security/probe-signed-copies: signed copies (current/replaced flags, bytes, client scope).
 * Left out on purpose: probe-database (injects SQLite faults: PRAGMA query_only, SQLite codes —
 * PostgreSQL's faults are tested in test/db/backends.test.ts), hostile-inputs (input validation
 * before any SQL; its table snapshot orders by SQLite's rowid), durability (a SQLite file),
 * db/copy-to-postgres (reads a SQLite file by design).
 */
const HTTP_FILES = [
  'test/role-matrix.test.ts',
  'test/web-pages.test.ts',
  'test/documents.test.ts',
  'test/lists/matters-list.test.ts',
  'test/lists/users-list.test.ts',
  'test/lists/documents-list.test.ts',
  'test/lists/audit-list.test.ts',
  'test/portfolios/portfolio-api.test.ts',
  'test/deadlines/deadlines-api.test.ts',
  'test/security/probe-signed-copies.test.ts',
];

/** CLAUSEWRIGHT_PG_PASS=all: every test file may be named on the command line (each in its own module graph). */
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
    // them again per file: 88 s instead of 108 s for this pass at the same load. None of these
    // files stubs modules or leaves global state behind; each test app has its own database.
    isolate: everyFile,
  },
});
