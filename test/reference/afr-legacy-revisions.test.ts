import { describe, expect, it } from 'vitest';
import { applyRevisions, isLegacyAfrRow } from '../../server/services/reference/reference-revisions.ts';
import { reference } from '../compliance/rule-input.ts';
import { tableFrom } from '../helpers/afr-ruling-pdf.ts';

const revision = (id: number, row: object) => ({ id, table_name: 'afr' as const, row_key: (row as { month: string }).month, row_json: JSON.stringify(row), author_id: 1, created_at: '2026-11-01T00:00:00Z', reason: 'test' });

describe('AFR revisions stored before the whole Table 1 was kept', () => {
  const legacy = { month: '2026-09', revRul: 'Rev. Rul. 2026-15', shortTermAnnual: 3.9, midTermAnnual: null, longTermAnnual: null, midTerm120PctAnnual: null, sources: [], verification: 'unverified', midTerm120PctSources: [], midTerm120PctVerification: 'unverified', note: '' };
  it('are recognised and never applied half-filled: the month stays missing (an error in the check) until its ruling is imported', () => {
    expect(isLegacyAfrRow(legacy)).toBe(true);
    const next = applyRevisions(reference, [revision(1, legacy)]);
    expect(next.afr.months.some((m) => m.month === '2026-09')).toBe(false);
  });
  it('while full rows apply', () => {
    const full = { month: '2026-09', revRul: 'Rev. Rul. 2026-15', table: tableFrom({ short: 3.9, mid: 4.0, long: 4.6 }), sources: ['https://www.irs.gov/pub/irs-drop/rr-26-15.pdf'], verification: 'primary' };
    expect(isLegacyAfrRow(full)).toBe(false);
    expect(applyRevisions(reference, [revision(1, legacy), revision(2, full)]).afr.months.at(-1)?.month).toBe('2026-09');
  });
});
