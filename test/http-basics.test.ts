import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from './helpers/test-app.ts';

let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

describe('HTTP edge', () => {
  it('answers unknown API routes with a JSON 404', async () => {
    t = await makeTestApp();
    const res = await t.request('/api/nope');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    for (const body of ['{"title":', '', '{"a": NaN}', '[1,2']) {
      const res = await t.request('/api/matters', { method: 'POST', cookie, headers: { 'content-type': 'application/json' }, body });
      expect(res.status, body).toBe(400);
      expect((await res.json()).error.code, body).toBe('malformed_json');
    }
  });

  it('refuses non-JSON content types on JSON routes with 415, even when the body is JSON', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await t.request('/api/matters', { method: 'POST', cookie, headers: { 'content-type': type }, body: JSON.stringify(sampleMatter()) });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error.code).toBe('unsupported_media_type');
    }
    const none = await t.request('/api/matters', { method: 'POST', cookie, body: JSON.stringify(sampleMatter()) });
    expect([403, 415]).toContain(none.status);
    expect(await t.db.get<{ n: number }>('SELECT count(*) AS n FROM matters')).toEqual({ n: 0 });
  });

  it('refuses cross-site form posts (CSRF) and cross-site fetches', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    const form = await t.request('/api/auth/logout', { method: 'POST', cookie, headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    const fetchJson = await t.request('/api/matters', { method: 'POST', cookie, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, json: sampleMatter() });
    expect(fetchJson.status).toBe(403);
    expect((await t.request('/api/auth/me', { cookie })).status).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    const res = await t.request('/api/matters', { method: 'POST', cookie, json: sampleMatter({ title: 'x'.repeat(600 * 1024) }) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('refuses unknown fields and prototype keys without storing anything', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    for (const extra of [{ isAdmin: true }, { createdBy: 1 }, JSON.parse('{"__proto__": {"role": "admin"}}')]) {
      const res = await t.request('/api/matters', { method: 'POST', cookie, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...sampleMatter(), ...extra }).replace('"title"', Object.keys(extra)[0] === '__proto__' ? '"__proto__":{"role":"admin"},"title"' : '"title"') });
      expect(res.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(await t.db.get<{ n: number }>('SELECT count(*) AS n FROM matters')).toEqual({ n: 0 });
  });

  it('refuses bad ids in the path with 400', async () => {
    t = await makeTestApp();
    const cookie = await t.login('attorney');
    for (const id of ['abc', '1.5', '-1', '99999999999999999999', '%2e%2e%2fetc']) {
      const res = await t.request(`/api/matters/${id}`, { cookie });
      expect([400, 404], id).toContain(res.status);
    }
    expect((await t.request('/api/matters/abc', { cookie })).status).toBe(400);
  });

  it('sends security headers: CSP, one-year HSTS, nosniff, frame-ancestors, referrer policy', async () => {
    t = await makeTestApp();
    const res = await t.request('/api/auth/me');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});
