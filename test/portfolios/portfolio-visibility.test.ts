import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { approve, sample } from '../helpers/documents.ts';
import { triStatePortfolio, TRI_STATE_MSO } from '../helpers/portfolio.ts';

/**
 * Who sees what of a portfolio. `client` is on the Texas and California practices, `client2` on
 * New York only: each sees the portfolio through their own practices and nothing of the
 * others' — matters, documents, deadlines or calendar events. Staff roles as for matters.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let setup: Awaited<ReturnType<typeof triStatePortfolio>>;
let unrelated: number;
let executableMsa: number;

beforeAll(async () => {
  t = await makeTestApp();
  setup = await triStatePortfolio(t, { TX: [t.users.client], CA: [t.users.client], NY: [t.users.client2] });
  const { attorney, portfolio, matters } = setup;
  for (const kind of ['msa', 'formation-checklist'] as const) {
    const res = await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie: attorney, json: { kind, answers: sample(kind) } });
    expect(res.status).toBe(201);
  }
  // The Texas MSA becomes executable: the only document a client may see.
  const overview = await (await t.request(`/api/portfolios/${portfolio.id}/overview`, { cookie: attorney })).json();
  executableMsa = overview.practices.find((p: { peState: string }) => p.peState === 'TX').documents.find((d: { kind: string }) => d.kind === 'msa').id;
  const version = (await (await t.request(`/api/documents/${executableMsa}/versions/1`, { cookie: attorney })).json()).version;
  expect((await approve(t, attorney, executableMsa, version)).status).toBe(200);
  // A second portfolio neither client is on.
  unrelated = (await (await t.request('/api/portfolios', { method: 'POST', cookie: attorney, json: { ...TRI_STATE_MSO, name: 'Another Platform' } })).json()).portfolio.id;
  expect(matters.NY.id).toBeGreaterThan(0);
});
afterAll(async () => t?.close());

const statesOf = (practices: { peState: string }[]) => practices.map((p) => p.peState);

describe('portfolio visibility', () => {
  it('shows a client only the practices they are on, and only portfolios holding one', async () => {
    const client = await t.login('client');
    const client2 = await t.login('client2');
    const { portfolio } = setup;
    expect(statesOf((await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie: client })).json()).portfolio.practices)).toEqual(['CA', 'TX']);
    expect(statesOf((await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie: client2 })).json()).portfolio.practices)).toEqual(['NY']);
    expect((await (await t.request('/api/portfolios', { cookie: client })).json()).portfolios.map((p: { id: number }) => p.id)).toEqual([portfolio.id]);
    for (const path of [`/api/portfolios/${unrelated}`, `/api/portfolios/${unrelated}/overview`]) {
      expect((await t.request(path, { cookie: client })).status, path).toBe(404);
    }
    // Staff see every practice and every portfolio.
    for (const who of ['admin', 'attorney', 'paralegal'] as const) {
      const cookie = await t.login(who);
      expect(statesOf((await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie })).json()).portfolio.practices), who).toEqual(['CA', 'NY', 'TX']);
      expect((await (await t.request('/api/portfolios', { cookie })).json()).portfolios).toHaveLength(2);
    }
  });

  it('gives a client’s overview only their practices’ released documents and their deadlines', async () => {
    const { portfolio, matters } = setup;
    const client = await t.login('client');
    const overview = await (await t.request(`/api/portfolios/${portfolio.id}/overview`, { cookie: client })).json();
    expect(statesOf(overview.practices)).toEqual(['CA', 'TX']);
    const documents = overview.practices.flatMap((p: { documents: { id: number; status: string }[] }) => p.documents);
    expect(documents).toEqual([expect.objectContaining({ id: executableMsa, status: 'executable', errors: 0, openWarnings: 0 })]);
    const deadlineMatters = new Set(overview.deadlines.map((d: { matter: { id: number } }) => d.matter.id));
    expect([...deadlineMatters].sort()).toEqual([matters.TX.id, matters.CA.id].sort((a, b) => a - b));
    expect(overview.deadlines.every((d: Record<string, unknown>) => !('handledNote' in d))).toBe(true);

    const client2 = await t.login('client2');
    const theirs = await (await t.request(`/api/portfolios/${portfolio.id}/overview`, { cookie: client2 })).json();
    expect(statesOf(theirs.practices)).toEqual(['NY']);
    expect(theirs.practices[0].documents).toEqual([]);
    expect(new Set(theirs.deadlines.map((d: { matter: { id: number } }) => d.matter.id))).toEqual(new Set([matters.NY.id]));
  });

  it('scopes a client’s calendar feed to their practices of the portfolio', async () => {
    const { portfolio, matters } = setup;
    const client2 = await t.login('client2');
    const { url } = await (await t.request('/api/calendar/link', { method: 'POST', cookie: client2 })).json();
    const ics = (await (await t.request(`${new URL(url).pathname}?portfolio=${portfolio.id}`)).text()).replace(/\r?\n[ \t]/g, '');
    expect(ics).toContain(matters.NY.title);
    expect(ics).not.toContain(matters.TX.title);
    expect(ics).not.toContain(matters.CA.title);
    expect((await t.request(`${new URL(url).pathname}?portfolio=${unrelated}`)).status).toBe(404);
  });

  it('lets only attorneys open, change and draft; paralegals and clients are refused', async () => {
    const { portfolio } = setup;
    const body = { kind: 'msa', answers: sample('msa') };
    for (const who of ['paralegal', 'client', 'admin'] as const) {
      const cookie = await t.login(who);
      expect((await t.request('/api/portfolios', { method: 'POST', cookie, json: TRI_STATE_MSO })).status, who).toBe(403);
      expect((await t.request(`/api/portfolios/${portfolio.id}`, { method: 'PATCH', cookie, json: { rowVersion: 1, name: 'x' } })).status, who).toBe(403);
      expect((await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie, json: body })).status, who).toBe(403);
      expect((await t.request(`/api/portfolios/${portfolio.id}/practices`, { method: 'POST', cookie, json: {} })).status, who).toBe(403);
    }
    // Anonymous callers are asked to sign in; API tokens carry their owner's role.
    expect((await t.request(`/api/portfolios/${portfolio.id}`)).status).toBe(401);
    const client2 = await t.login('client2');
    const { secret } = await (await t.request('/api/tokens', { method: 'POST', cookie: client2, json: { name: 'portal' } })).json();
    const viaToken = await t.request(`/api/portfolios/${portfolio.id}`, { headers: { authorization: `Bearer ${secret}` } });
    expect(statesOf((await viaToken.json()).portfolio.practices)).toEqual(['NY']);
    expect((await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, json: body })).status).toBe(403);
  });

  it('refuses bad input with a stable code', async () => {
    const { attorney, portfolio } = setup;
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/api/portfolios', { ...TRI_STATE_MSO, msoState: 'ZZ' }, 400, 'validation_failed'],
      ['POST', '/api/portfolios', { ...TRI_STATE_MSO, extra: 1 }, 400, 'validation_failed'],
      ['POST', `/api/portfolios/${portfolio.id}/practices`, { title: 'No entity' }, 400, 'validation_failed'],
      ['POST', `/api/portfolios/${portfolio.id}/practices`, { title: 'MSO given', msoName: 'Other, LLC' }, 400, 'validation_failed'],
      ['POST', `/api/portfolios/${portfolio.id}/documents`, { kind: 'lease', answers: {} }, 400, 'validation_failed'],
      ['POST', `/api/portfolios/${portfolio.id}/documents`, { kind: 'msa', answers: {}, practiceAnswers: { abc: {} } }, 400, 'validation_failed'],
      ['POST', '/api/portfolios/999999/documents', { kind: 'msa', answers: sample('msa') }, 404, 'not_found'],
      ['GET', '/api/portfolios/abc', undefined, 400, 'bad_request'],
      ['PATCH', `/api/portfolios/${portfolio.id}`, { name: 'no row version' }, 400, 'validation_failed'],
    ];
    for (const [method, path, json, status, code] of cases) {
      const res = await t.request(path, { method, cookie: attorney, json });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
  });
});
