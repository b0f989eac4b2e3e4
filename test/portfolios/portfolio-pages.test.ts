import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/test-app.ts';
import { sample } from '../helpers/documents.ts';
import { percentFeeAnswers, PRACTICES, TRI_STATE_MSO, type PracticeState } from '../helpers/portfolio.ts';
import { postForm, toFields } from '../helpers/web.ts';
import { sortDeadlines } from '../../web/pages/portfolios/portfolio-page.tsx';
import { JOINABLE_SHOWN } from '../../web/pages/portfolios/routes.tsx';
import type { Deadline } from '../../server/schemas/deadline.ts';

/**
 * The portfolio through the web UI only (plain form posts, as a browser without script sends
 * them): open a portfolio, add a Texas, a California and a New York practice, draft an MSA and
 * a formation checklist for every practice, and read the portfolio page — each practice's
 * documents with their findings under its own state, and every deadline across them, sortable.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
let attorney = '';
let portfolioId = 0;
const matterIds = {} as Record<PracticeState, number>;

beforeAll(async () => {
  t = await makeTestApp();
  attorney = await t.login('attorney');
  const opened = await postForm(t, '/portfolios/new', attorney, { name: TRI_STATE_MSO.name, msoName: TRI_STATE_MSO.msoName, msoEntityType: TRI_STATE_MSO.msoEntityType, msoState: TRI_STATE_MSO.msoState });
  expect(opened.status).toBe(303);
  portfolioId = Number(/^\/portfolios\/(\d+)\?msg=portfolio-created$/.exec(opened.headers.get('location') ?? '')?.[1]);
  for (const state of ['TX', 'CA', 'NY'] as const) {
    const owners = [{ name: 'Ana Ruiz, M.D.', ownershipPct: '100', licenseState: state, licensed: 'on' }];
    const clients: Record<string, string> = state === 'TX' ? { clientUserIds: String(t.users.client) } : {};
    const res = await postForm(t, `/portfolios/${portfolioId}/practices/new`, attorney, { ...toFields({ ...PRACTICES[state], owners }), ...clients });
    expect(res.status, state).toBe(303);
  }
  for (const m of await t.db.all<{ id: number; pe_state: PracticeState }>('SELECT id, pe_state FROM matters WHERE portfolio_id = ?', [portfolioId])) matterIds[m.pe_state] = m.id;
  for (const [kind, answers] of [['msa', percentFeeAnswers()], ['formation-checklist', sample('formation-checklist')]] as const) {
    const res = await postForm(t, `/portfolios/${portfolioId}/documents/new`, attorney, { kind, ...toFields(answers) });
    expect(res.status, kind).toBe(303);
    expect(res.headers.get('location')).toBe(`/portfolios/${portfolioId}?msg=portfolio-drafted#practices-heading`);
  }
});
afterAll(async () => t?.close());

const page = async (path: string, cookie = attorney) => {
  const res = await t.request(path, { cookie });
  expect(res.status, path).toBe(200);
  return res.text();
};

/** The text of each row of the table after the given heading. */
function rowsAfter(html: string, headingId: string): string[] {
  const table = html.slice(html.indexOf(`id="${headingId}"`)).split('</table>')[0]!;
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
}

describe('the portfolio page', () => {
  it('was filled through the forms: the portfolio’s MSO on every practice, one MSA and checklist each', async () => {
    const matters = await t.db.all<{ mso_name: string; pe_state: string; documents: number }>(
      'SELECT m.mso_name, m.pe_state, (SELECT count(*) FROM documents d WHERE d.matter_id = m.id) AS documents FROM matters m WHERE m.portfolio_id = ? ORDER BY m.pe_state',
      [portfolioId],
    );
    expect(matters).toEqual(['CA', 'NY', 'TX'].map((s) => ({ mso_name: TRI_STATE_MSO.msoName, pe_state: s, documents: 2 })));
  });

  it('lists each practice with its documents, status and open findings, checked under its own state', async () => {
    const html = await page(`/portfolios/${portfolioId}`);
    expect(html).toContain(`<h1>${TRI_STATE_MSO.name}`);
    expect(html).toContain('3 practices in 3 states');
    const practices = rowsAfter(html, 'practices-heading');
    expect(practices.map((r) => r.slice(0, 2))).toEqual(['CA', 'NY', 'TX']);
    for (const [i, state] of (['CA', 'NY', 'TX'] as const).entries()) {
      expect(practices[i]).toContain(PRACTICES[state].title);
      expect(practices[i]).toContain('Management Services Agreement Draft');
      expect(practices[i]).toContain('Entity Formation Checklist Draft');
    }
    // The error counts are each MSA's own: New York's fee-splitting bar adds an error the others do not have.
    const errorsOf = async (state: PracticeState) =>
      (await t.db.get<{ n: number }>("SELECT v.error_count AS n FROM documents d JOIN document_versions v ON v.document_id = d.id WHERE d.matter_id = ? AND d.kind = 'msa'", [matterIds[state]]))!.n;
    const [ny, ca] = [await errorsOf('NY'), await errorsOf('CA')];
    expect(ny).toBe(ca + 1);
    expect(practices[1]).toMatch(new RegExp(`Management Services Agreement Draft ${ny} errors?`));
    expect(practices[0]).toMatch(new RegExp(`Management Services Agreement Draft ${ca} errors?`));
    // Attorneys get the portfolio's actions.
    expect(html).toContain(`href="/portfolios/${portfolioId}/practices/new"`);
    expect(html).toContain(`href="/portfolios/${portfolioId}/documents/new?kind=loc"`);
    expect(html).toContain(`?portfolio=${portfolioId}`);
  });

  it('lists every deadline of the three practices and sorts them by due date, state, practice or kind', async () => {
    const total = (await t.db.get<{ n: number }>("SELECT count(*) AS n FROM deadlines WHERE status = 'open' AND matter_id IN (SELECT id FROM matters WHERE portfolio_id = ?)", [portfolioId]))!.n;
    expect(total).toBeGreaterThan(3);
    const byDue = rowsAfter(await page(`/portfolios/${portfolioId}`), 'deadlines-heading');
    expect(byDue).toHaveLength(total);
    for (const state of ['TX', 'CA', 'NY'] as const) expect(byDue.some((r) => r.includes(PRACTICES[state].title)), state).toBe(true);
    const dates = byDue.map((r) => r.slice(0, 10));
    expect(dates).toEqual([...dates].sort());

    const byState = rowsAfter(await page(`/portfolios/${portfolioId}?sort=state`), 'deadlines-heading');
    const states = byState.map((r) => /^\S+ (?:in \d+ days|today|\d+ days overdue) (\w\w)/.exec(r)?.[1]);
    expect(states).toEqual([...states].sort());
    expect(new Set(states)).toEqual(new Set(['CA', 'NY', 'TX']));
    // An unknown sort falls back to the due date.
    expect(rowsAfter(await page(`/portfolios/${portfolioId}?sort=bogus`), 'deadlines-heading')).toEqual(byDue);
  });

  it('links each practice’s matter page to its portfolio', async () => {
    const html = await page(`/matters/${matterIds.NY}`);
    expect(html).toContain(`href="/portfolios/${portfolioId}"`);
    expect(html).toContain(TRI_STATE_MSO.msoName);
  });

  it('shows a client only their practice, none of the drafts, and only its deadlines', async () => {
    const client = await t.login('client');
    const html = await page(`/portfolios/${portfolioId}`, client);
    const practices = rowsAfter(html, 'practices-heading');
    expect(practices).toHaveLength(1);
    expect(practices[0]).toContain(PRACTICES.TX.title);
    expect(practices[0]).toContain('none yet');
    expect(html).not.toContain(PRACTICES.NY.title);
    expect(html).not.toContain(PRACTICES.CA.title);
    expect(html).not.toContain('/practices/new');
    expect((await t.request(`/portfolios/${portfolioId}`, { cookie: await t.login('client2') })).status).toBe(404);
  });

  it('adds a matter opened on its own with the same MSO from the portfolio page', async () => {
    const lone = { title: 'Sunshine Physicians (FL)', msoName: TRI_STATE_MSO.msoName, msoEntityType: TRI_STATE_MSO.msoEntityType, msoState: TRI_STATE_MSO.msoState, peName: 'Sunshine Physicians, P.A.', peEntityType: 'PA', peState: 'FL', governingLawState: 'FL', owners: [{ name: 'Ana Ruiz, M.D.', licensed: true, licenseState: 'FL', isMso: false, ownershipPct: 100 }] };
    const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: lone })).json()).matter;
    const other = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: { ...lone, title: 'Other MSO matter', msoName: 'Other MSO, LLC' } })).json()).matter;
    const html = await page(`/portfolios/${portfolioId}`);
    expect(html).toContain(`<option value="${matter.id}">Sunshine Physicians (FL) (FL)</option>`);
    expect(html).not.toContain(`<option value="${other.id}">`);
    // The choice is searched on the server (a GET form, no script needed) and bounded.
    expect(html).toMatch(/<form method="get" action="\/portfolios\/\d+#add-matter" role="search"/);
    expect(await page(`/portfolios/${portfolioId}?matterQ=sunshine+fl`)).toContain(`<option value="${matter.id}">`);
    const none = await page(`/portfolios/${portfolioId}?matterQ=nothing-like-it`);
    expect(none).not.toContain(`<option value="${matter.id}">`);
    expect(none).toContain('No matter of this MSO matches “nothing-like-it”.');
    const empty = await postForm(t, `/portfolios/${portfolioId}/matters`, attorney, { matterId: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Choose a matter to add.');
    const added = await postForm(t, `/portfolios/${portfolioId}/matters`, attorney, { matterId: String(matter.id) });
    expect(added.status).toBe(303);
    expect(rowsAfter(await page(`/portfolios/${portfolioId}`), 'practices-heading').map((r) => r.slice(0, 2))).toEqual(['CA', 'FL', 'NY', 'TX']);
    const refused = await postForm(t, `/portfolios/${portfolioId}/matters`, attorney, { matterId: String(other.id) });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/is not the portfolio(&#39;|’)s/);
  });

  it('changes the MSO once, on the portfolio, for every practice; a stale form is refused', async () => {
    const form = await page(`/portfolios/${portfolioId}/edit`);
    const rowVersion = /name="rowVersion" value="(\d+)"/.exec(form)?.[1];
    expect(form).toContain(`value="${TRI_STATE_MSO.msoName}"`);
    const fields = { rowVersion: rowVersion!, name: TRI_STATE_MSO.name, msoName: 'Tri-State Health Services, LLC', msoEntityType: TRI_STATE_MSO.msoEntityType, msoState: TRI_STATE_MSO.msoState };
    const saved = await postForm(t, `/portfolios/${portfolioId}/edit`, attorney, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/portfolios/${portfolioId}?msg=portfolio-updated`);
    const names = await t.db.all<{ mso_name: string }>('SELECT DISTINCT mso_name FROM matters WHERE portfolio_id = ?', [portfolioId]);
    expect(names).toEqual([{ mso_name: 'Tri-State Health Services, LLC' }]);
    const event = await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'portfolio.updated' ORDER BY id DESC LIMIT 1");
    expect(JSON.parse(event!.data).changed).toEqual(['msoName']);
    const stale = await postForm(t, `/portfolios/${portfolioId}/edit`, attorney, { ...fields, msoName: 'Lost Edit, LLC' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('value="Lost Edit, LLC"');
  });

  it('keeps what was entered and names the problem when a form fails', async () => {
    const practice = await postForm(t, `/portfolios/${portfolioId}/practices/new`, attorney, { title: 'Half-entered practice', peState: 'FL' });
    expect(practice.status).toBe(400);
    const html = await practice.text();
    expect(html).toContain('value="Half-entered practice"');
    expect(html).toMatch(/id="pr-peName-error"|pr-peName[^>]*aria-invalid="true"/);
    const before = (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM documents'))!.n;
    const draft = await postForm(t, `/portfolios/${portfolioId}/documents/new`, attorney, { kind: 'msa', ...toFields({ ...sample('msa'), monthlyFee: '-5' }) });
    expect(draft.status).toBe(422);
    expect(await draft.text()).toMatch(/\((CA|FL|NY|TX)\): The answers are not valid/);
    expect((await t.db.get<{ n: number }>('SELECT count(*) AS n FROM documents'))!.n).toBe(before);
  });
});

describe('sortDeadlines', () => {
  const d = (id: number, dueDate: string, matterId: number, title: string, kindLabel: string) => ({ id, dueDate, matter: { id: matterId, title }, kindLabel }) as unknown as Deadline;
  const list = [d(1, '2027-03-01', 1, 'Bluebonnet', 'Checklist task'), d(2, '2027-01-15', 2, 'Golden State', 'Notice date'), d(3, '2027-02-01', 3, 'Hudson', 'Checklist task')];
  const states = new Map([
    [1, 'TX'],
    [2, 'CA'],
    [3, 'NY'],
  ]);
  it('orders by the chosen key, then by due date', () => {
    expect(sortDeadlines(list, 'due', states).map((x) => x.id)).toEqual([2, 3, 1]);
    expect(sortDeadlines(list, 'state', states).map((x) => x.id)).toEqual([2, 3, 1]);
    expect(sortDeadlines(list, 'practice', states).map((x) => x.id)).toEqual([1, 2, 3]);
    expect(sortDeadlines(list, 'kind', states).map((x) => x.id)).toEqual([3, 1, 2]);
  });
});

describe('adding an existing matter, at more matters than the page lists', () => {
  it('lists at most JOINABLE_SHOWN matters of the MSO and asks for a narrower search', async () => {
    const t2 = await makeTestApp();
    try {
      const attorney2 = await t2.login('attorney');
      const portfolio = (await (await t2.request('/api/portfolios', { method: 'POST', cookie: attorney2, json: { name: 'Many', msoName: 'Many MSO, LLC', msoEntityType: 'LLC', msoState: 'TX' } })).json()).portfolio;
      const base = { msoName: 'Many MSO, LLC', msoEntityType: 'LLC', msoState: 'TX', peEntityType: 'PA', peState: 'TX', governingLawState: 'TX', owners: [{ name: 'Ana Ruiz, M.D.', licensed: true, licenseState: 'TX', isMso: false, ownershipPct: 100 }] };
      for (let i = 0; i < JOINABLE_SHOWN + 5; i++) {
        const res = await t2.request('/api/matters', { method: 'POST', cookie: attorney2, json: { ...base, title: `Clinic ${String(i).padStart(2, '0')}`, peName: `Clinic ${i}, P.A.` } });
        expect(res.status).toBe(201);
      }
      const html = await (await t2.request(`/portfolios/${portfolio.id}`, { cookie: attorney2 })).text();
      const options = [...(/<select id="join-matter"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '').matchAll(/<option value="(\d+)"/g)];
      expect(options).toHaveLength(JOINABLE_SHOWN);
      expect(html).toContain('more match — narrow the search');
      const narrowed = await (await t2.request(`/portfolios/${portfolio.id}?matterQ=clinic+24`, { cookie: attorney2 })).text();
      expect([...narrowed.matchAll(/<option value="\d+">Clinic 24 \(TX\)<\/option>/g)]).toHaveLength(1);
      expect(narrowed).not.toContain('narrow the search');
    } finally {
      await t2.close();
    }
  });
});
