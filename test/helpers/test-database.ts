import { inject } from 'vitest';
import { postgresAt, type PostgresAddress } from './postgres-server.ts';

/**
 * Which database a test app gets. By default an in-memory SQLite database (or the file a test
 * names). With CLAUSEWRIGHT_TEST_DATABASE=postgres (set by vitest.postgres.config.ts) each app
 * gets a fresh PostgreSQL database on the one throwaway server the run's global set-up started
 * (test/helpers/postgres-global-setup.ts), copied from a template database migrated once, so an
 * app costs a CREATE DATABASE rather than every migration.
 */

/** What the global set-up hands to the test workers. */
export interface PostgresTestServer extends PostgresAddress {
  /** A database with every migration applied, copied for each app. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTestServer: PostgresTestServer | null;
  }
}

export const testBackend = (): 'sqlite' | 'postgres' => (process.env.CLAUSEWRIGHT_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite');

export interface TestDatabase {
  /** What openDatabase is given: CLAUSEWRIGHT_DB, and DATABASE_URL on PostgreSQL. */
  config: { CLAUSEWRIGHT_DB: string; DATABASE_URL?: string };
  /** Removes the database once its store is closed (PostgreSQL; nothing to do for SQLite). */
  discard(): Promise<void>;
}

/** A new database for one test app; a test that names a SQLite file (it inspects or reopens the file) keeps it. */
export async function newTestDatabase(file?: string): Promise<TestDatabase> {
  if (file !== undefined || testBackend() === 'sqlite') return { config: { CLAUSEWRIGHT_DB: file ?? ':memory:' }, discard: async () => undefined };
  const server = inject('postgresTestServer');
  if (!server) throw new Error('CLAUSEWRIGHT_TEST_DATABASE=postgres needs the shared test server: run vitest with --config vitest.postgres.config.ts');
  const databases = postgresAt(server);
  const url = await databases.createDatabase(server.template);
  return { config: { CLAUSEWRIGHT_DB: ':memory:', DATABASE_URL: url }, discard: () => databases.dropDatabase(url) };
}
