import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from './helpers/test-app.ts';
import { matterWithDocument } from './helpers/documents.ts';

/**
 * The authorization matrix, generated from the route table: every /api operation in the
 * OpenAPI document, called as anonymous, as each role, and as a client of ANOTHER matter.
 * Expected outcomes come from the operation's x-roles, so a new route is covered the moment it
 * is documented (the OpenAPI test checks that every served route is). Each signed-in principal
 * is tried twice: with a session cookie and with a personal API token (Authorization: Bearer).
 */
type Person = 'admin' | 'attorney' | 'paralegal' | 'client' | 'client2';
type Principal = 'anonymous' | Person | `token:${Person}`;
const PEOPLE: Person[] = ['admin', 'attorney', 'paralegal', 'client', 'client2'];
const PRINCIPALS: Principal[] = ['anonymous', ...PEOPLE, ...PEOPLE.map((p) => `token:${p}` as const)];

let t: Awaited<ReturnType<typeof makeTestApp>>;
let ids: { matter: number; document: number };
const cookies = new Map<Principal, string>();
const tokens = new Map<Principal, string>();
let operations: { method: string; path: string; roles: string[]; multipart: boolean }[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  const { matter, document } = await matterWithDocument(t);
  ids = { matter: matter.id, document: document.id };
  for (const p of PEOPLE) {
    cookies.set(p, await t.login(p));
    const res = await t.request('/api/tokens', { method: 'POST', cookie: cookies.get(p), json: { name: 'role matrix' } });
    tokens.set(`token:${p}`, (await res.json()).secret);
  }
  const doc = await (await t.request('/api/openapi.json')).json();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-roles': string[]; requestBody?: { content: Record<string, unknown> } }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      operations.push({ method: method.toUpperCase(), path, roles: op['x-roles'], multipart: Boolean(op.requestBody?.content['multipart/form-data']) });
    }
  }
  operations = operations.filter((o) => !(o.method === 'POST' && o.path === '/api/auth/logout')); // tested below with its own sessions
});
afterAll(async () => t?.close());

function concretePath(path: string): string {
  const documentRoute = path.startsWith('/api/documents/{id}');
  // Revoking a token by a real id would end one of the matrix's own token principals.
  if (path === '/api/tokens/{id}') return '/api/tokens/999999';
  return path
    .replace('{id}', String(documentRoute ? ids.document : ids.matter))
    .replace('{versionNo}', '1')
    .replace('{month}', '2027-01')
    .replace('{code}', 'TX')
    .replace(/\{[a-zA-Z]+\}/g, '1');
}

async function call(op: (typeof operations)[number], who: Principal) {
  const headers: Record<string, string> = {};
  const cookie = cookies.get(who);
  const token = tokens.get(who);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: RequestInit['body'] | undefined;
  if (op.method !== 'GET') {
    if (op.multipart) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'x.docx');
      body = form;
    } else {
      headers['content-type'] = 'application/json';
      body = '{}';
    }
  }
  const query = op.path.endsWith('/compare') || op.path.endsWith('/redline') ? '?from=1&to=1' : '';
  return t.request(concretePath(op.path) + query, { method: op.method, headers, body, cookie });
}

describe('role × route matrix (from the OpenAPI route table)', () => {
  it('covers every documented operation for every principal', async () => {
    expect(operations.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let cases = 0;
    for (const op of operations) {
      for (const who of PRINCIPALS) {
        cases++;
        const res = await call(op, who);
        const person = who.replace('token:', '');
        const role = person === 'client2' ? 'client' : person;
        const allowed = op.roles.includes('anonymous') || op.roles.includes(role);
        const idRoute = /\{id\}/.test(op.path);
        let ok: boolean;
        if (who === 'anonymous' && !allowed) ok = res.status === 401;
        else if (!allowed) ok = res.status === 403;
        else if (person === 'client2' && idRoute) ok = res.status === 404; // another client's object: never found
        else ok = res.status !== 401 && res.status !== 403 && res.status < 500;
        if (!ok) failures.push(`${op.method} ${op.path} as ${who}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(operations.length * PRINCIPALS.length);
  });

  it('logout ends only the caller’s session, for every role', async () => {
    for (const who of ['admin', 'attorney', 'paralegal', 'client'] as const) {
      const cookie = await t.login(who);
      expect((await t.request('/api/auth/logout', { method: 'POST', cookie })).status).toBe(204);
      expect((await t.request('/api/auth/me', { cookie })).status).toBe(401);
    }
    expect((await t.request('/api/auth/logout', { method: 'POST' })).status).toBe(401);
  });
});
