import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, sampleMatter } from '../helpers/test-app.ts';
import { dealFixtures } from '../helpers/fixtures.ts';
import { docxText } from '../helpers/docx-text.ts';

/**
 * Issue 23: the formation checklist adds the physician-investor documents (operating agreement
 * provisions, subscription agreements, investor questionnaire, Form D notice) only when physicians
 * who refer hold MSO units, and each practice type's own task; the version's compliance report
 * carries the equity and practice-type findings.
 */
let t: Awaited<ReturnType<typeof makeTestApp>>;
afterEach(async () => t?.close());

const base = dealFixtures().find((f) => f.name === 'formation-tx')!;
const EQUITY_ITEMS = ['mso.physician-investor-provisions', 'mso.physician-subscription-agreements', 'mso.investor-questionnaire', 'mso.form-d-notice'];
const PRACTICE_ITEMS = ['pe.telehealth-licensure', 'pe.med-spa-supervision', 'pe.infusion-pharmacy', 'pe.asc-licensure-certification'];

async function checklistFor(matterExtra: Record<string, unknown>) {
  const attorney = await t.login('attorney');
  const matter = (await (await t.request('/api/matters', { method: 'POST', cookie: attorney, json: sampleMatter(matterExtra) })).json()).matter;
  const created = await t.request(`/api/matters/${matter.id}/documents`, { method: 'POST', cookie: attorney, json: { kind: 'formation-checklist', answers: base.answers } });
  expect(created.status, await created.clone().text()).toBe(201);
  const { document, version } = await created.json();
  const listed = await t.request(`/api/matters/${matter.id}/checklist`, { cookie: attorney });
  expect(listed.status, await listed.clone().text()).toBe(200);
  const tasks = (await listed.json()).tasks as { itemId: string; title: string }[];
  const bytes = Buffer.from(await (await t.request(`/api/documents/${document.id}/versions/1/docx`, { cookie: attorney })).arrayBuffer());
  return { itemIds: tasks.map((x) => x.itemId), ruleIds: version.compliance.findings.map((f: { ruleId: string }) => f.ruleId) as string[], text: docxText(bytes) };
}

describe('formation checklist: physician equity in the MSO and the practice type', () => {
  it('a telehealth practice whose physician owners hold MSO units gets the four physician-investor items and the licensure task', async () => {
    t = await makeTestApp();
    const { itemIds, ruleIds, text } = await checklistFor({
      msoOwners: [
        { name: 'Maria Delgado, M.D.', kind: 'practice-physician', ownershipPct: 45 },
        { name: 'Pecos Capital, LP', kind: 'investor', ownershipPct: 55 },
      ],
      practiceType: 'telehealth',
      patientStates: [{ state: 'TX', licensureConfirmed: true }, { state: 'OK' }],
    });
    for (const id of [...EQUITY_ITEMS, 'pe.telehealth-licensure']) expect(itemIds, id).toContain(id);
    for (const id of PRACTICE_ITEMS.filter((x) => x !== 'pe.telehealth-licensure')) expect(itemIds, id).not.toContain(id);
    expect(text).toContain('Form D notice of the exempt offering');
    expect(text).toContain('U.S. Securities and Exchange Commission');
    // 45% held by a referral-source physician: the safe harbor's (a)(2)(i) is not met; Oklahoma has no licence confirmed.
    expect(ruleIds).toContain('mso-equity.investment-safe-harbor');
    expect(ruleIds).toContain('practice.telehealth-licensure');
    expect(text).toMatch(/Open compliance findings for this matter/i);
    expect(text).toMatch(/referral-source physicians hold 45%/);
  });

  it('an ASC with only an outside investor gets the ASC task and none of the physician-investor items', async () => {
    t = await makeTestApp();
    const { itemIds, ruleIds } = await checklistFor({ msoOwners: [{ name: 'Pecos Capital, LP', kind: 'investor', ownershipPct: 100 }], practiceType: 'asc' });
    expect(itemIds).toContain('pe.asc-licensure-certification');
    for (const id of EQUITY_ITEMS) expect(itemIds, id).not.toContain(id);
    expect(ruleIds).not.toContain('mso-equity.investment-safe-harbor');
    expect(ruleIds).toContain('practice.asc-licensure');
  });

  it('the demo deal (no MSO owners, general practice) gets none of the new items or findings', async () => {
    t = await makeTestApp();
    const { itemIds, ruleIds } = await checklistFor({});
    for (const id of [...EQUITY_ITEMS, ...PRACTICE_ITEMS]) expect(itemIds, id).not.toContain(id);
    expect(ruleIds.filter((r) => r.startsWith('mso-equity.') || r.startsWith('practice.'))).toEqual([]);
  });
});
