import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseReferenceData, type ReferenceData } from '../../server/schemas/reference.ts';
import type { US_STATES } from '../../server/schemas/text.ts';
import { FormationAnswersSchema } from '../../server/schemas/answers/formation.ts';
import { buildChecklist } from '../../server/services/documents/kinds/formation.ts';
import type { MatterFacts } from '../../server/services/documents/kinds/kind.ts';

/**
 * State-specific formation items (legal-research audit, 2026-12): each appears, with its citation
 * and verification, on the checklist of a matter in its state and on no other state's checklist.
 * The checklist is built the way the formation-checklist kind builds it (buildChecklist).
 */
const dir = new URL('../../data/reference/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const reference: ReferenceData = parseReferenceData({
  jurisdictions: load('jurisdictions.json'),
  afr: load('afr.json'),
  federal: load('federal.json'),
  formationItems: load('formation-items.json'),
});

const answers = FormationAnswersSchema.parse({
  effectiveDate: '2026-12-03',
  targetOpeningDate: '2027-06-01',
  preparedBy: 'Test Paralegal',
});

type State = (typeof US_STATES)[number];

/** A matter whose practice and MSO are both in `peState` (or the MSO elsewhere, when given). */
function matter(peState: State, msoState: State = peState): MatterFacts {
  return {
    msoName: 'Example Management, LLC',
    msoEntityType: 'limited liability company',
    msoState,
    peName: 'Example Physicians, PLLC',
    peEntityType: 'PLLC',
    peState,
    governingLawState: peState,
    owners: [{ name: 'A. Doctor, M.D.', licensed: true, licenseState: peState, isMso: false, ownershipPct: 100 }],
  };
}

const idsFor = (peState: State, msoState: State = peState) => buildChecklist(answers, matter(peState, msoState), reference).map((i) => i.itemId);
const itemFor = (id: string, peState: State, msoState: State = peState) =>
  buildChecklist(answers, matter(peState, msoState), reference).find((i) => i.itemId === id);

interface Case {
  id: string;
  state: State;
  /** A citation the item must carry (substring). */
  citation: string;
  /** A state where the item must not appear. */
  other: State;
}

const CASES: Case[] = [
  { id: 'pe.nc-medical-board-certificate', state: 'NC', citation: 'N.C. Gen. Stat. 55B-10', other: 'SC' },
  { id: 'pe.co-articles-provisions', state: 'CO', citation: 'C.R.S. 12-240-138(1)', other: 'UT' },
  { id: 'pe.wa-licensed-incorporator', state: 'WA', citation: 'RCW 25.15.046', other: 'OR' },
  { id: 'pe.il-idfpr-registration', state: 'IL', citation: '805 ILCS 10/12', other: 'IN' },
  { id: 'pe.ny-pllc-publication', state: 'NY', citation: 'N.Y. LLC Law 1203', other: 'NJ' },
  { id: 'pe.az-publication', state: 'AZ', citation: 'A.R.S. 29-3201(G)', other: 'NM' },
  { id: 'pe.fl-clinic-license', state: 'FL', citation: 'Fla. Stat. 400.9905(4)', other: 'GA' },
  { id: 'mso.ny-llc-publication', state: 'NY', citation: 'N.Y. LLC Law 206(a)', other: 'NJ' },
  { id: 'mso.az-publication', state: 'AZ', citation: 'A.R.S. 29-3201(G)', other: 'NM' },
];

/** Steps that come before the formation filing (the filing depends on them, not they on it). */
const PRE_FILING = ['pe.nc-medical-board-certificate', 'pe.co-articles-provisions', 'pe.wa-licensed-incorporator'];

describe('state-specific formation items', () => {
  it.each(CASES)('$id appears for a $state matter, cited and sourced, and not for $other', ({ id, state, citation, other }) => {
    const item = itemFor(id, state);
    expect(item, `${id} missing for ${state}`).toBeDefined();
    expect(item!.citations.some((c) => c.includes(citation)), item!.citations.join('; ')).toBe(true);
    expect(item!.verification).toBe('secondary');
    const row = reference.formationItems.items.find((i) => i.id === id)!;
    expect(row.sources.length).toBeGreaterThan(0);
    expect(row.appliesWhen.states).toEqual([state]);
    expect(idsFor(other)).not.toContain(id);
  });

  it.each([
    ['pe.nc-medical-board-certificate', 'NC'],
    ['pe.co-articles-provisions', 'CO'],
    ['pe.wa-licensed-incorporator', 'WA'],
  ] as const)('makes the filing wait on %s in %s, and only there', (id, state) => {
    const title = reference.formationItems.items.find((i) => i.id === id)!.title;
    const filing = itemFor('pe.formation-filing', state)!;
    expect(filing.dependsOn).toContain(id);
    // Not done yet, so the filing waits on it.
    expect(filing.waitingOn).toContain(title);
    // Elsewhere the item is absent and the filing does not wait on it.
    expect(itemFor('pe.formation-filing', 'TX')!.waitingOn ?? []).not.toContain(title);
  });

  it('orders post-filing state steps after the filing they depend on', () => {
    for (const { id, state } of CASES.filter((c) => c.id.startsWith('pe.') && !PRE_FILING.includes(c.id))) {
      const item = itemFor(id, state)!;
      const filing = itemFor('pe.formation-filing', state)!;
      expect(item.dependsOn, id).toContain('pe.formation-filing');
      expect(item.dueDate >= filing.dueDate, `${id} due ${item.dueDate} before the filing ${filing.dueDate}`).toBe(true);
    }
  });

  it('applies an MSO item where the MSO is in the state even when the practice is not (and vice versa)', () => {
    // The checklist's rule (kinds/formation.ts): an MSO item for a state applies when either entity is there.
    expect(idsFor('NJ', 'NY')).toContain('mso.ny-llc-publication');
    expect(idsFor('NY', 'DE')).toContain('mso.ny-llc-publication');
    expect(idsFor('NJ', 'NY')).not.toContain('pe.ny-pllc-publication');
  });

  it('keeps the generic items these states still need (no generic item is replaced)', () => {
    for (const { state } of CASES) {
      const ids = idsFor(state);
      for (const generic of ['pe.formation-filing', 'pe.assumed-name', 'mso.llc-formation']) expect(ids, `${generic} in ${state}`).toContain(generic);
    }
  });

  it('marks in the text what a secondary row could not confirm, and never claims primary', () => {
    for (const { id } of CASES) {
      const row = reference.formationItems.items.find((i) => i.id === id)!;
      expect(row.verification).not.toBe('primary');
    }
    // The foreign-MSO case in Arizona was not researched: the row says so.
    expect(reference.formationItems.items.find((i) => i.id === 'mso.az-publication')!.detail).toMatch(/UNVERIFIED/);
  });
});
