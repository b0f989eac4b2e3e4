import { openDatabase } from '../../server/runtime.ts';
import { newTestDatabase } from './test-database.ts';
import { insertUser, type Role } from '../../server/db/users.ts';
import { createApp } from '../../server/app.ts';
import { hashPassword } from '../../server/services/auth/password.ts';
import type { AppDeps } from '../../server/http/env.ts';
import { DEMO_DEAL } from '../../server/services/seed/demo-deal.ts';
import { loadCatalogFiles, openCatalog, projectDirs } from '../../server/services/catalog/load-catalog.ts';

const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;
// Clause files, shells and reference data are read once per test file; each app binds them to its own database.
let catalogFiles: ReturnType<typeof loadCatalogFiles> | undefined;
export const testCatalogFiles = () => (catalogFiles ??= loadCatalogFiles(projectDirs(PROJECT_ROOT)));

export const TEST_PASSWORD = 'correct horse battery staple';
// One scrypt hash for every test user: hashing is deliberately slow.
const passwordHash = hashPassword(TEST_PASSWORD);

export interface TestUsers {
  admin: number;
  attorney: number;
  attorney2: number;
  paralegal: number;
  client: number;
  client2: number;
}

/** A controllable clock so tests can move time without sleeping. */
export class TestClock {
  constructor(public current = new Date('2026-11-22T15:00:00Z')) {}
  now = () => new Date(this.current);
  advanceMinutes(minutes: number) {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

/**
 * A fresh app on a fresh database, with one user per role: in-memory SQLite unless a file is
 * given, or a new PostgreSQL database with CLAUSEWRIGHT_TEST_DATABASE=postgres (test-database.ts).
 */
export async function makeTestApp(options: { file?: string; deps?: Partial<AppDeps> } = {}) {
  const database = await newTestDatabase(options.file);
  // Opened, migrated and checked as the server opens its database (server/runtime.ts).
  const db = await openDatabase(database.config);
  const clock = new TestClock();
  const hash = await passwordHash;
  const users = {} as TestUsers;
  const people: [keyof TestUsers, Role, string][] = [
    ['admin', 'admin', 'Ada Admin'],
    ['attorney', 'attorney', 'Avery Attorney'],
    ['attorney2', 'attorney', 'Blake Barrister'],
    ['paralegal', 'paralegal', 'Pat Paralegal'],
    ['client', 'client', 'Casey Client'],
    ['client2', 'client', 'Other Client'],
  ];
  await db.transaction(async (tx) => {
    for (const [key, role, name] of people) {
      users[key] = await insertUser(tx, { email: `${key}@example.test`, name, role, passwordHash: hash, createdAt: clock.now().toISOString() });
    }
  });
  const catalog = await openCatalog(db, await testCatalogFiles(), clock.now());
  // TEST_LOG=1 prints server-side errors (a 500's cause) while debugging a test.
  const log = process.env.TEST_LOG ? (line: object) => console.error(JSON.stringify(line)) : undefined;
  const app = createApp({ db, catalog, clock: clock.now, log, ...options.deps });

  async function request(path: string, init: RequestInit & { cookie?: string; json?: unknown } = {}): Promise<TestResponse> {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    // Browsers send Origin on every unsafe request; hono's csrf() relies on it.
    if (init.method && init.method !== 'GET' && !headers.has('origin')) headers.set('origin', new URL(path, 'http://localhost').origin);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return (await app.request(path, { ...init, headers, body })) as unknown as TestResponse;
  }

  /** Signs in as one of the test users and returns the cookie header to send. */
  async function login(who: keyof TestUsers): Promise<string> {
    const res = await request('/api/auth/login', { method: 'POST', json: { email: `${who}@example.test`, password: TEST_PASSWORD } });
    if (res.status !== 200) throw new Error(`login as ${who} failed: ${res.status} ${await res.text()}`);
    return cookieFrom(res);
  }

  const close = () => db.close().then(() => database.discard());
  return { app, db, catalog, clock, users, request, login, close };
}

/** Tests read JSON bodies loosely; the API's shapes are checked by the assertions themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export function cookieFrom(res: Response): string {
  const setCookie = res.headers.get('set-cookie') ?? '';
  const match = /(?:__Host-)?cw_session=[^;]+/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return match[0];
}

export function sampleMatter(overrides: Record<string, unknown> = {}) {
  return { title: 'Lone Star MSO / Bluebonnet Physicians', ...DEMO_DEAL, ...overrides };
}
