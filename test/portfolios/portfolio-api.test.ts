import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { sample } from '../helpers/documents.ts';
import { percentFeeAnswers, triStatePortfolio, TRI_STATE_MSO, type PracticeState } from '../helpers/portfolio.ts';

/**
 * One MSO, three practices (issue 23): Texas, California and New York under one portfolio,
 * drafted end to end through the API. Each practice's documents are checked under its own
 * state's rules, the portfolio lists their documents, findings and deadlines, and the calendar
 * feed scoped to the portfolio carries every practice's deadlines and nothing else.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

type Finding = { ruleId: string; severity: string; message: string };
type Drafted = { matterId: number; peState: string; document: { id: number; matterId: number; kind: string; status: string }; compliance: { findings: Finding[] } };

const findingOf = (d: Drafted, ruleId: string) => d.compliance.findings.find((f) => f.ruleId === ruleId);
const byState = (drafted: Drafted[]) => Object.fromEntries(drafted.map((d) => [d.peState, d])) as Record<PracticeState, Drafted>;

describe('a three-state portfolio under one MSO', () => {
  it('gives every practice the portfolio’s MSO and its own state, and keeps the MSO’s facts in one place', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    for (const state of ['TX', 'CA', 'NY'] as const) {
      expect(matters[state]).toMatchObject({ msoName: TRI_STATE_MSO.msoName, peState: state, portfolioId: portfolio.id });
    }
    const read = (await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie: attorney })).json()).portfolio;
    expect(read.practices.map((p: { peState: string }) => p.peState)).toEqual(['CA', 'NY', 'TX']);

    // Renaming the MSO on the portfolio renames it on every practice, in one audited change.
    const patched = await t.request(`/api/portfolios/${portfolio.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: read.rowVersion, msoName: 'Tri-State Health Services, LLC' } });
    expect(patched.status).toBe(200);
    for (const state of ['TX', 'CA', 'NY'] as const) {
      expect((await (await t.request(`/api/matters/${matters[state].id}`, { cookie: attorney })).json()).matter.msoName).toBe('Tri-State Health Services, LLC');
    }
    const event = await t.db.get<{ data: string }>("SELECT data FROM audit_events WHERE type = 'portfolio.updated'");
    expect(JSON.parse(event!.data)).toEqual({ changed: ['msoName'], matterIds: [matters.TX.id, matters.CA.id, matters.NY.id].sort((a, b) => a - b) });

    // A stale edit loses nothing and says so; the practice's own copy of the MSO cannot drift.
    const stale = await t.request(`/api/portfolios/${portfolio.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: read.rowVersion, name: 'Renamed' } });
    expect(stale.status).toBe(409);
    const matter = (await (await t.request(`/api/matters/${matters.NY.id}`, { cookie: attorney })).json()).matter;
    const drift = await t.request(`/api/matters/${matters.NY.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, msoName: 'Someone Else, LLC' } });
    expect(drift.status).toBe(409);
    expect((await drift.json()).error.details).toMatchObject({ reason: 'mso_held_by_portfolio', portfolioId: portfolio.id, fields: ['msoName'] });
    // The practice's own facts stay editable on the matter, also from a whole-matter form that sends the MSO's back unchanged.
    const own = await t.request(`/api/matters/${matters.NY.id}`, { method: 'PATCH', cookie: attorney, json: { rowVersion: matter.rowVersion, peName: 'Hudson Valley Medical, P.C.', msoName: matter.msoName, msoState: matter.msoState } });
    expect(own.status).toBe(200);
    expect((await own.json()).matter).toMatchObject({ peName: 'Hudson Valley Medical, P.C.', msoName: 'Tri-State Health Services, LLC' });
  });

  it('adds a matter opened on its own when its MSO is the portfolio’s, and refuses one whose MSO differs', async () => {
    t = await makeTestApp();
    const attorney = await t.login('attorney');
    const lone = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ msoAffiliates: [] }) })).json()).matter;
    const other = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ msoName: 'Someone Else Management, LLC' }) })).json()).matter;
    const affiliate = { name: 'Lone Star Holdings, LLC', entityType: 'limited liability company', state: 'TX' };
    const created = await t.request('/api/portfolios', { method: 'POST', cookie: attorney, json: { name: 'Lone Star Platform', msoName: lone.msoName, msoEntityType: lone.msoEntityType, msoState: lone.msoState, msoAffiliates: [affiliate] } });
    const portfolio = (await created.json()).portfolio;
    const added = await t.request(`/api/portfolios/${portfolio.id}/matters`, { method: 'POST', cookie: attorney, json: { matterId: lone.id } });
    expect(added.status).toBe(200);
    // The portfolio's facts (here its affiliate) are written onto the matter, as on every practice.
    expect((await added.json()).matter).toMatchObject({ portfolioId: portfolio.id, msoAffiliates: [affiliate] });
    expect((await (await t.request(`/api/portfolios/${portfolio.id}`, { cookie: attorney })).json()).portfolio.practices.map((p: { matterId: number }) => p.matterId)).toEqual([lone.id]);
    const event = await t.db.get<{ type: string; matter_id: number; data: string }>('SELECT type, matter_id, data FROM audit_events ORDER BY id DESC LIMIT 1');
    expect(event).toEqual({ type: 'matter.updated', matter_id: lone.id, data: JSON.stringify({ changed: ['portfolioId'] }) });

    const again = await t.request(`/api/portfolios/${portfolio.id}/matters`, { method: 'POST', cookie: attorney, json: { matterId: lone.id } });
    expect(again.status).toBe(409);
    expect((await again.json()).error.details.reason).toBe('already_in_portfolio');
    const differs = await t.request(`/api/portfolios/${portfolio.id}/matters`, { method: 'POST', cookie: attorney, json: { matterId: other.id } });
    expect(differs.status).toBe(409);
    expect((await differs.json()).error.details).toMatchObject({ reason: 'mso_differs', matterMso: { name: 'Someone Else Management, LLC' } });
    expect((await (await t.request(`/api/matters/${other.id}`, { cookie: attorney })).json()).matter.portfolioId).toBeNull();
    expect((await t.request(`/api/portfolios/${portfolio.id}/matters`, { method: 'POST', cookie: attorney, json: { matterId: 999999 } })).status).toBe(404);
    expect((await t.request(`/api/portfolios/${portfolio.id}/matters`, { method: 'POST', cookie: await t.login('paralegal'), json: { matterId: other.id } })).status).toBe(403);
  });

  it('drafts one MSA per practice from shared answers, each checked under its own state', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    const res = await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: percentFeeAnswers() } });
    expect(res.status).toBe(201);
    const drafted = byState((await res.json()).drafted);
    expect(Object.keys(drafted).sort()).toEqual(['CA', 'NY', 'TX']);
    for (const state of ['TX', 'CA', 'NY'] as const) {
      expect(drafted[state].document).toMatchObject({ matterId: matters[state].id, kind: 'msa', status: 'draft' });
    }

    // The same percentage-of-collections fee, three answers: New York's fee-splitting bar is an
    // error (Educ. Law 6530(19)); California allows it only if commensurate with value; Texas has
    // no explicit ban. New York's error does not stop the Texas and California drafts.
    expect(findingOf(drafted.NY, 'msa.percent-fee-state')).toMatchObject({ severity: 'error', message: expect.stringContaining('New York') });
    expect(findingOf(drafted.CA, 'msa.percent-fee-state')).toMatchObject({ severity: 'warning', message: expect.stringContaining('California') });
    expect(findingOf(drafted.TX, 'msa.percent-fee-state')).toMatchObject({ severity: 'warning', message: expect.stringContaining('Texas') });
    // State transaction-notice laws: California (OHCA) and New York (PHL Art. 45-A) have one; Texas none.
    expect(findingOf(drafted.CA, 'matter.transaction-notice')?.message).toContain('California');
    expect(findingOf(drafted.NY, 'matter.transaction-notice')?.message).toContain('New York');
    expect(findingOf(drafted.TX, 'matter.transaction-notice')).toBeUndefined();

    // Each document's stored version is the one a single draft in that matter would have.
    for (const state of ['TX', 'NY'] as const) {
      const versions = (await (await t.request(`/api/documents/${drafted[state].document.id}/versions`, { cookie: attorney })).json()).versions;
      expect(versions).toHaveLength(1);
      expect(versions[0].compliance.findings.map((f: Finding) => f.ruleId).sort()).toEqual(drafted[state].compliance.findings.map((f) => f.ruleId).sort());
    }
    const single = await t.request(`/api/matters/${matters.NY.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: percentFeeAnswers() } });
    expect((await single.json()).version.compliance.findings.map((f: Finding) => `${f.severity} ${f.ruleId}`).sort()).toEqual(drafted.NY.compliance.findings.map((f) => `${f.severity} ${f.ruleId}`).sort());

    // One audited batch: a document.created in each practice's own trail, then the portfolio's event.
    const events = await t.db.all<{ type: string; matter_id: number | null }>("SELECT type, matter_id FROM audit_events WHERE type IN ('document.created', 'portfolio.drafted') ORDER BY id");
    expect(events.slice(0, 4).map((e) => e.type)).toEqual(['document.created', 'document.created', 'document.created', 'portfolio.drafted']);
    expect(events.slice(0, 3).map((e) => e.matter_id).sort()).toEqual([matters.TX.id, matters.CA.id, matters.NY.id].sort((a, b) => a - b));
    expect(events[3]!.matter_id).toBeNull();
  });

  it('lets one practice answer differently: a flat fee for New York clears its error while the others keep the percentage', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    const flat = { feeModel: 'flat-monthly', monthlyFee: 42500, fmvRangeLow: 38000, fmvRangeHigh: 47000, collectionsPct: null };
    const res = await t.request(`/api/portfolios/${portfolio.id}/documents`, {
      method: 'POST',
      cookie: attorney,
      json: { kind: 'msa', answers: percentFeeAnswers(), practiceAnswers: { [matters.NY.id]: flat } },
    });
    expect(res.status).toBe(201);
    const drafted = byState((await res.json()).drafted);
    expect(findingOf(drafted.NY, 'msa.percent-fee-state')).toBeUndefined();
    expect(findingOf(drafted.CA, 'msa.percent-fee-state')?.severity).toBe('warning');
    const nyAnswers = (await (await t.request(`/api/documents/${drafted.NY.document.id}/versions/1`, { cookie: attorney })).json()).version.answers;
    expect(nyAnswers).toMatchObject({ feeModel: 'flat-monthly', monthlyFee: 42500 });
    expect(nyAnswers.collectionsPct).toBeUndefined();
  });

  it('refuses the whole batch, naming the practice, when one practice’s answers are invalid', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    const count = async () => (await t.db.get<{ n: number }>('SELECT count(*) AS n FROM documents'))!.n;
    const before = await count();
    const res = await t.request(`/api/portfolios/${portfolio.id}/documents`, {
      method: 'POST',
      cookie: attorney,
      json: { kind: 'msa', answers: sample('msa'), practiceAnswers: { [matters.CA.id]: { monthlyFee: -5 } } },
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.message).toContain('(CA)');
    expect(body.error.details.matterId).toBe(matters.CA.id);
    expect(body.error.details.fields.map((f: { path: string }) => f.path)).toContain(`practiceAnswers.${matters.CA.id}.monthlyFee`);
    expect(await count()).toBe(before);

    // A matter that is not a practice of the portfolio is a 400 naming it, and writes nothing.
    const other = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter() })).json()).matter;
    const foreign = await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: sample('msa'), matterIds: [matters.TX.id, other.id] } });
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).error.details.fields).toEqual([expect.objectContaining({ path: 'matterIds.1', issue: 'not_in_portfolio' })]);
    const stray = await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: sample('msa'), matterIds: [matters.TX.id], practiceAnswers: { [matters.NY.id]: {} } } });
    expect(stray.status).toBe(400);
    expect(await count()).toBe(before);

    // An empty portfolio has nothing to draft.
    const empty = (await (await t.request('/api/portfolios', { method: 'POST', cookie: attorney, json: { ...TRI_STATE_MSO, name: 'Empty' } })).json()).portfolio;
    const none = await t.request(`/api/portfolios/${empty.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'msa', answers: sample('msa') } });
    expect(none.status).toBe(422);
    expect((await none.json()).error.details.reason).toBe('no_practices');
  });

  it('shows every practice’s documents and findings and every deadline across the portfolio, and scopes the calendar feed to it', async () => {
    t = await makeTestApp();
    const { attorney, portfolio, matters } = await triStatePortfolio(t);
    for (const [kind, answers] of [['msa', percentFeeAnswers()], ['loc', sample('loc')], ['formation-checklist', sample('formation-checklist')]] as const) {
      const res = await t.request(`/api/portfolios/${portfolio.id}/documents`, { method: 'POST', cookie: attorney, json: { kind, answers } });
      expect(res.status, kind).toBe(201);
    }
    // A matter outside the portfolio, with deadlines of its own, must stay out of the portfolio's views.
    const outside = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter({ title: 'Unrelated Matter' }) })).json()).matter;
    await t.request(`/api/matters/${outside.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: sample('formation-checklist') } });

    const overview = await (await t.request(`/api/portfolios/${portfolio.id}/overview`, { cookie: attorney })).json();
    expect(overview.practices.map((p: { peState: string }) => p.peState)).toEqual(['CA', 'NY', 'TX']);
    for (const practice of overview.practices) {
      expect(practice.documents.map((d: { kind: string }) => d.kind).sort()).toEqual(['formation-checklist', 'loc', 'msa']);
    }
    const ny = overview.practices.find((p: { peState: string }) => p.peState === 'NY');
    const nyMsa = ny.documents.find((d: { kind: string }) => d.kind === 'msa');
    const nyReport = (await (await t.request(`/api/documents/${nyMsa.id}/versions/1`, { cookie: attorney })).json()).version.compliance;
    expect(nyMsa.errors).toBe(nyReport.summary.errors);
    expect(nyMsa.errors).toBeGreaterThan(0);
    expect(nyMsa.openWarnings).toBe(nyReport.findings.filter((f: Finding) => f.severity === 'warning').length);

    // Acknowledging a warning closes it on the overview.
    const warning = nyReport.findings.find((f: Finding) => f.severity === 'warning');
    const ack = await t.request(`/api/documents/${nyMsa.id}/versions/1/acknowledgements`, { method: 'POST', cookie: attorney, json: { ruleId: warning.ruleId, reason: 'Reviewed.' } });
    expect(ack.status).toBe(200);
    const after = await (await t.request(`/api/portfolios/${portfolio.id}/overview`, { cookie: attorney })).json();
    const sameRule = nyReport.findings.filter((f: Finding) => f.severity === 'warning' && f.ruleId === warning.ruleId).length;
    expect(after.practices.find((p: { peState: string }) => p.peState === 'NY').documents.find((d: { kind: string }) => d.kind === 'msa').openWarnings).toBe(nyMsa.openWarnings - sameRule);

    // Deadlines: every practice's checklist tasks, none of the outside matter's.
    const deadlineMatters = new Set(overview.deadlines.map((d: { matter: { id: number } }) => d.matter.id));
    expect([...deadlineMatters].sort()).toEqual([matters.TX.id, matters.CA.id, matters.NY.id].sort((a, b) => a - b));
    expect(overview.totalDeadlines).toBe(overview.deadlines.length);
    const viaList = await (await t.request(`/api/deadlines?portfolioId=${portfolio.id}`, { cookie: attorney })).json();
    expect(viaList.total).toBe(overview.totalDeadlines);
    const all = await (await t.request('/api/deadlines', { cookie: attorney })).json();
    expect(all.total).toBeGreaterThan(viaList.total);

    // The calendar feed: the paralegal's link, scoped with ?portfolio=, lists all three practices' deadlines and not the outside matter's.
    const paralegal = await t.login('paralegal');
    const { url } = await (await t.request('/api/calendar/link', { method: 'POST', cookie: paralegal })).json();
    const path = new URL(url).pathname;
    const scoped = await (await t.request(`${path}?portfolio=${portfolio.id}`)).text();
    const unscoped = await (await t.request(path)).text();
    const events = (ics: string) => ics.split('BEGIN:VEVENT').length - 1;
    expect(events(scoped)).toBe(overview.totalDeadlines);
    for (const state of ['TX', 'CA', 'NY'] as const) expect(unfold(scoped)).toContain(matters[state].title);
    expect(unfold(scoped)).not.toContain('Unrelated Matter');
    expect(unfold(scoped)).toContain(`X-WR-CALNAME:clausewright deadlines — ${TRI_STATE_MSO.name}`);
    expect(unfold(unscoped)).toContain('Unrelated Matter');
    expect(events(unscoped)).toBeGreaterThan(events(scoped));
    // A malformed or unknown portfolio gets the same plain 404 as a bad link.
    for (const bad of ['abc', '0', '999999']) {
      const res = await t.request(`${path}?portfolio=${bad}`);
      expect(res.status, bad).toBe(404);
      expect(await res.text()).toBe('Not found');
    }
  });
});

/** iCalendar folds long lines at 75 octets; unfold before searching. */
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');
