import { beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { openCatalog } from '../server/services/catalog/load-catalog.ts';
import { parseAnswers, type Catalog } from '../server/services/documents/assemble-document.ts';
import { buildChecklist, formationKind } from '../server/services/documents/kinds/formation.ts';
import { STATE_NAMES } from '../server/services/documents/format.ts';
import type { FormationAnswers } from '../server/schemas/answers/formation.ts';
import type { ReferenceData } from '../server/schemas/reference.ts';
import { testCatalogFiles } from './helpers/test-app.ts';
import { dealFixtures } from './helpers/fixtures.ts';

/**
 * Issue 18: the checklist's state-specific items are complete for every state in the reference —
 * registered agent, assumed name, entity-level tax, employer registration, employment agreements,
 * premises, HIPAA policies and the transaction notices — each as a task (general where the
 * reference has no state-specific row, with its UNVERIFIED mark) or, for a state whose law the
 * reference does not list, a task that says so. And no state's checklist prints another state's
 * authority (the Texas list once showed Oregon's statute on its bylaws task).
 */
let reference: ReferenceData;
let catalog: Catalog;
beforeAll(async () => {
  const db = await Database.open(':memory:');
  await migrate(db);
  catalog = await openCatalog(db, await testCatalogFiles(), new Date('2026-11-22T12:00:00Z'));
  reference = catalog.reference();
});

const base = dealFixtures().find((f) => f.name === 'formation-tx')!;
const matterIn = (state: string) => ({ ...base.matter, peState: state, msoState: state, governingLawState: state });

/** Each required kind of task, for each entity, and the ids that satisfy it. */
const REQUIRED: [string, RegExp][] = [
  ['registered agent (practice)', /^pe\.registered-agent$/],
  ['registered agent (MSO)', /^mso\.registered-agent$/],
  ['assumed name (practice)', /^pe\.(tx-)?assumed-name$/],
  ['assumed name (MSO)', /^mso\.(tx-)?assumed-name$/],
  ['entity-level tax (practice)', /^pe\.(state-tax-registration|tx-franchise-tax)$/],
  ['entity-level tax (MSO)', /^mso\.(state-tax-registration|tx-franchise-tax)$/],
  ['employer registration (practice)', /^pe\.employer-registration$/],
  ['employer registration (MSO)', /^mso\.state-tax-registrations$/],
  ['employment agreements', /^pe\.employment-agreements$/],
  ['premises', /^pe\.premises-lease$/],
  ['HIPAA policies', /^pe\.hipaa-policies$/],
  ['business associate agreement', /^mso\.baa$/],
  ['transaction notice, or the statement that the reference lists none', /^(mso\.notice-.+|mso\.ct-transaction-notice|pe\.no-listed-transaction-notice)$/],
];

/** How another state's statutes are cited. */
const STATUTE_MARKS: Record<string, RegExp> = { OR: /\bORS \d/, CA: /\bCal\. /, NY: /\bN\.Y\. /, TX: /\bTex\. /, MI: /\bMCL \d/ };

describe('state-specific checklist items for every state in the reference', () => {
  it('covers every jurisdiction row', () => expect(reference.jurisdictions.rows.length).toBeGreaterThanOrEqual(51));

  it.each(Object.keys(STATE_NAMES).filter((s) => s !== 'PR'))('%s', (state) => {
    const row = reference.jurisdictions.rows.find((r) => r.code === state);
    if (!row) return; // only states in the reference
    const answers = parseAnswers('formation-checklist', base.answers) as FormationAnswers;
    const items = buildChecklist(answers, matterIn(state), reference);
    const ids = items.map((i) => i.itemId);
    for (const [what, pattern] of REQUIRED) expect(ids.some((id) => pattern.test(id)), `${state}: ${what}`).toBe(true);

    // A state with a notice law in the reference gets its task, never the "none listed" statement.
    const noticeLaws = row.transactionNotices?.length ?? 0;
    if (noticeLaws > 0) {
      expect(ids.filter((id) => id.startsWith('mso.notice-')).length, `${state}: one task per notice law`).toBe(noticeLaws);
      expect(ids).not.toContain('pe.no-listed-transaction-notice');
    } else if (state !== 'CT') {
      expect(ids).toContain('pe.no-listed-transaction-notice');
    }

    // The printed "Authority and form" column names no other state.
    const exhibits = formationKind.exhibits(answers, matterIn(state), { reference, summaries: new Map() });
    const authority = exhibits.flatMap((e) => e.tables.flatMap((t) => t.table.rows.slice(1).map((r) => `${r[0]}: ${r[4]}`)));
    const others = Object.entries(STATE_NAMES).filter(([code]) => code !== state && code !== 'DC').map(([, name]) => name);
    for (const line of authority) {
      const named = others.filter((name) => new RegExp(`\\b${name}\\b`).test(line.replace(/\bWashington, D\.C\./g, '')));
      expect(named, `${state}: ${line}`).toEqual([]);
      for (const [code, cite] of Object.entries(STATUTE_MARKS)) if (code !== state) expect(line, `${state}: ${line}`).not.toMatch(cite);
    }
  });
});
