import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, makeTestApp } from '../helpers/test-app.ts';
import { matterWithDocument, sample } from '../helpers/documents.ts';
import { postForm } from '../helpers/web.ts';

/** Issue 19, defects 1 and 3: what the independent probe sent, replayed against the app. */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney: string;
let documentId: number;

beforeAll(async () => {
  t = await makeTestApp();
  const made = await matterWithDocument(t);
  attorney = made.attorney;
  documentId = made.document.id;
});
afterAll(async () => t?.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('defect 1: a body limit on every route', () => {
  it('refuses a sign-in form over the limit before reading it (413), streamed or declared', async () => {
    const big = form({ email: 'a@example.test', password: 'p'.repeat(600_000) });
    const streamed = await t.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('payload_too_large');
    const declared = await t.request('/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(300 * 1024 * 1024) }, body: 'email=a' });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
  });
});

describe('defect 3: no 500s from redirects, inherited keys or deep inputs', () => {
  for (const next of ['/%01', '/%7F', '/%00', '/%0D%0ALocation:%20https://evil.example', '/%E2%80%AE']) {
    it(`GET and POST /login?next=${next} answer without a 500 and never redirect off the plain path`, async () => {
      expect((await t.request(`/login?next=${next}`)).status).toBe(200);
      const res = await t.request(`/login?next=${next}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ email: 'attorney@example.test', password: TEST_PASSWORD }) });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    });
  }
  for (const to of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) {
    it(`the web status form with to=${to} is a 400 page`, async () => {
      const res = await postForm(t, `/documents/${documentId}/status`, attorney, { to });
      expect(res.status).toBe(400);
    });
  }
  it('a stale save with 5,000-deep answers is refused at the edge (400), not echoed into a stack overflow', async () => {
    const deep = '{"a":'.repeat(5000) + '"x"' + '}'.repeat(5000);
    const body = JSON.stringify({ baseVersionNo: 99, answers: { ...sample('msa'), nested: 'DEEP' } }).replace('"DEEP"', deep);
    const res = await t.request(`/api/documents/${documentId}/versions`, { method: 'POST', cookie: attorney, headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.reason).toBe('nesting_too_deep');
  });
  it('braces inside strings do not count as nesting', async () => {
    const res = await t.request(`/api/documents/${documentId}/versions`, { method: 'POST', cookie: attorney, json: { baseVersionNo: 99, answers: { ...sample('msa'), fmvValuator: '{'.repeat(100) } } });
    expect(res.status).toBe(409);
  });
});
