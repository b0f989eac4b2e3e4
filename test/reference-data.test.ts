import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { US_STATES } from '../server/schemas/text.ts';
import { afrFileSchema, parseReferenceData, ReferenceDataError, type ReferenceData } from '../server/schemas/reference.ts';

const dir = new URL('../data/reference/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

function loadRaw() {
  return {
    jurisdictions: load('jurisdictions.json'),
    afr: load('afr.json'),
    federal: load('federal.json'),
    formationItems: load('formation-items.json'),
  };
}

/** Deep copy of the on-disk data, for mutation in the failure cases. */
type Raw = ReturnType<typeof loadRaw>;
type Mutable = { [K in keyof Raw]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const freshRaw = (): Mutable => structuredClone(loadRaw()) as Mutable;

function parseError(raw: Mutable): ReferenceDataError {
  try {
    parseReferenceData(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferenceDataError);
    return error as ReferenceDataError;
  }
  throw new Error('expected parseReferenceData to throw');
}

describe('reference data on disk', () => {
  const data: ReferenceData = parseReferenceData(loadRaw());

  it('has one jurisdiction row per US_STATES code, sorted', () => {
    const codes = data.jurisdictions.rows.map((r) => r.code);
    expect(codes).toHaveLength(51);
    expect(codes).toEqual([...US_STATES].sort());
  });

  // legal-updates.md §2: Or. Laws 2025 ch. 295 took effect on passage (2025-06-09); new structures comply from
  // 2026-01-01, existing ones by 2029-01-01. The old row left the effective date blank, so the rule only warned.
  it('dates Oregon SB 951 (effective 2025-06-09, phased 2026-01-01 / 2029-01-01) and states its financing bar', () => {
    const or = data.jurisdictions.rows.find((r) => r.code === 'OR');
    const sb951 = or?.statutes.find((s) => s.id === 'or.sb951');
    expect(sb951?.effectiveDate).toBe('2025-06-09');
    expect(sb951?.complianceBy).toEqual({ newStructures: '2026-01-01', existingStructures: '2029-01-01' });
    expect(sb951?.citation).toMatch(/ch\. 295/);
    expect(sb951?.summary).toMatch(/financ/);
    expect(sb951?.verification).toBe('secondary');
  });

  it('corrects the New York, Colorado and Michigan rows and upgrades Vine Street', () => {
    const byCode = new Map(data.jurisdictions.rows.map((r) => [r.code, r]));
    expect(byCode.get('NY')?.citations.join(' ')).not.toMatch(/29\.1\(b\)/);
    expect(byCode.get('NY')?.citations.join(' ')).toMatch(/6531/);
    expect(byCode.get('CO')?.licensedOwnership.minimumLicensedPct).not.toBeNull();
    expect(byCode.get('CO')?.citations.join(' ')).not.toMatch(/138\(6\)\(a\)/);
    expect(byCode.get('MI')?.licensedOwnership.rule).toMatch(/HB 5295/);
    expect(byCode.get('IL')?.percentFeeNotes).toMatch(/222 Ill\.2d 276/);
    expect(byCode.get('IL')?.percentFeeNotes).not.toMatch(/unsourced/);
  });

  it('dates California SB 351 as effective 2026-01-01', () => {
    const sb351 = data.jurisdictions.rows.find((r) => r.code === 'CA')?.statutes.find((s) => s.name.includes('SB 351'));
    expect(sb351?.effectiveDate).toBe('2026-01-01');
  });

  it('maps the percentage-fee rules of the key states', () => {
    const byCode = new Map(data.jurisdictions.rows.map((r) => [r.code, r]));
    expect(byCode.get('NY')?.percentFeeTreatment).toBe('restricted');
    expect(byCode.get('FL')?.percentFeeTreatment).toBe('restricted-when-patient-generating');
    expect(byCode.get('FL')?.percentFeeNotes).toMatch(/Bakarania/);
    expect(byCode.get('IL')?.percentFeeTreatment).toBe('restricted-with-billing-exception');
    expect(byCode.get('IL')?.percentFeeNotes).toMatch(/22\.2\(d\)/);
    expect(byCode.get('CA')?.percentFeeTreatment).toBe('conditional');
    expect(byCode.get('CA')?.percentFeeNotes).toMatch(/UNVERIFIED/);
    expect(byCode.get('TX')?.percentFeeTreatment).toBe('unclear');
    expect(byCode.get('CA')?.licensedOwnership.minimumLicensedPct).toBe(51);
    expect(byCode.get('MI')?.licensedOwnership.minimumLicensedPct).toBeNull();
    expect(byCode.get('NY')?.licensedOwnership.minimumLicensedPct).toBe(100);
  });

  it('keeps the 3 unresearched jurisdictions unverified (26 researched on 2026-12-03: test/reference/cpom-state-rows.test.ts)', () => {
    const unverified = data.jurisdictions.rows.filter((r) => r.cpom === 'unverified');
    expect(unverified.map((r) => r.code).sort()).toEqual(['DE', 'LA', 'WY']);
    for (const row of unverified) {
      expect(row.verification).toBe('unverified');
      expect(row.percentFeeTreatment).toBe('unverified');
      expect(row.professionalEntityTypes).toEqual([]);
    }
  });

  it('has every AFR month 2015-01..2026-08 read from its ruling: all bands, rows and columns, verification primary', () => {
    const months = data.afr.months.map((m) => m.month);
    expect(months).toHaveLength(140);
    expect(months[0]).toBe('2015-01');
    expect(months.at(-1)).toBe('2026-08');
    for (const m of data.afr.months) {
      expect(m.verification, m.month).toBe('primary');
      expect(m.sources[0], m.month).toMatch(/^https:\/\/www\.irs\.gov\/pub\/irs-drop\/rr-\d{2}-\d{2}\.pdf$/);
      expect(m.sha256, m.month).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(m.table['mid-term'])).toEqual(['afr', 'pct110', 'pct120', 'pct130', 'pct150', 'pct175']);
    }
    // Figures on file before the import (transcribed from the rulings) agree with what it read.
    const jan2024 = data.afr.months.find((m) => m.month === '2024-01')!;
    expect(jan2024.revRul).toBe('Rev. Rul. 2024-2');
    expect(jan2024.table['short-term'].afr[0]).toBe(5.0);
    expect(data.afr.months.filter((m) => m.blendedAnnualRate !== undefined).map((m) => m.month)).toEqual(months.filter((m) => m.endsWith('-07')));
  });

  it('keeps unverified items unverified in federal.json and formation-items.json', () => {
    const fed = new Map(data.federal.elements.map((e) => [e.id, e]));
    expect(fed.get('irc-7872.de-minimis')?.verification).toBe('unverified');
    for (const e of data.federal.elements.filter((x) => x.regime === 'billing-agent')) expect(e.verification).toBe('unverified');
    for (const e of data.federal.elements.filter((x) => x.regime === 'aks')) {
      expect(e.verification).toBe('secondary');
      expect(`${e.text} ${e.note}`).toMatch(/eCFR/);
    }
    expect(data.federal.elements.filter((x) => x.regime === 'hipaa-baa')).toHaveLength(12);

    const items = new Map(data.formationItems.items.map((i) => [i.id, i]));
    for (const id of ['pe.dea-registration', 'pe.state-controlled-substance-registration', 'pe.clia-certificate', 'pe.malpractice-coverage',
      'pe.commercial-payer-credentialing', 'pe.ca-fictitious-name-permit']) {
      expect(items.get(id)?.verification, id).toBe('unverified');
    }
    // Sourced in the 2026-12-03 research pass (NYSED and Department of State pages).
    expect(items.get('pe.nysed-certificate-ny')?.verification).toBe('secondary');
    expect(items.get('pe.ma-borim-certificate')?.appliesWhen.states).toEqual(['MA']);
    expect(items.get('mso.or-sb951-structure-review')?.appliesWhen.states).toEqual(['OR']);
    expect(items.get('mso.loc-afr')?.appliesWhen.includeLoc).toBe(true);
  });

  it('says "unverified" wherever the research did not verify a point', () => {
    // Every row marked unverified carries words to that effect or has no source at all.
    const rows = [
      ...data.jurisdictions.rows.map((r) => ({ id: r.code, v: r.verification, text: r.notes, sources: r.sources })),
      ...data.federal.elements.map((e) => ({ id: e.id, v: e.verification, text: `${e.text} ${e.note}`, sources: e.sources })),
      ...data.formationItems.items.map((i) => ({ id: i.id, v: i.verification, text: i.detail, sources: i.sources })),
    ];
    for (const row of rows.filter((r) => r.v === 'unverified')) {
      const flagged = /unverified|not (yet )?researched|not verified|verify|no source/i.test(row.text) || row.sources.length === 0;
      expect(flagged, row.id).toBe(true);
    }
  });
});

describe('parseReferenceData rejects bad data, naming the file and the field', () => {
  it('rejects a duplicate state', () => {
    const raw = freshRaw();
    const ak = raw.jurisdictions.rows.findIndex((r: { code: string }) => r.code === 'AK');
    const al = raw.jurisdictions.rows.findIndex((r: { code: string }) => r.code === 'AL');
    expect([ak, al]).toEqual([0, 1]); // sorted by code
    raw.jurisdictions.rows[al] = { ...raw.jurisdictions.rows[ak] }; // AL replaced by a second AK
    const error = parseError(raw);
    expect(error.message).toMatch(/jurisdictions\.json rows\.1\.code: duplicate state code "AK" \(already at rows\.0\)/);
    expect(error.message).toMatch(/jurisdictions\.json rows: missing state codes: AL/);
    expect(error.problems.every((p) => p.file === 'jurisdictions.json')).toBe(true);
  });

  it('rejects the month "2025-13"', () => {
    const raw = freshRaw();
    const i = raw.afr.months.findIndex((m: { month: string }) => m.month === '2025-12');
    raw.afr.months[i].month = '2025-13';
    const error = parseError(raw);
    expect(error.message).toContain(`afr.json months.${i}.month: must be a month in the form YYYY-MM`);
  });

  it('rejects a month without sources, a mistyped figure and a ruling number from another year', () => {
    const raw = freshRaw();
    const i = raw.afr.months.findIndex((m: { month: string }) => m.month === '2024-02');
    raw.afr.months[i].sources = [];
    raw.afr.months[i].table['mid-term'].pct120[2] = 5.9; // one digit off
    raw.afr.months[i + 1].revRul = 'Rev. Rul. 2023-7';
    const error = parseError(raw);
    expect(error.message).toContain(`afr.json months.${i}.sources: a row marked "primary" must name at least one source`);
    expect(error.message).toMatch(new RegExp(`afr\\.json months\\.${i}\\.table: mid-term 120% AFR: the quarterly rate 5\\.9% does not match`));
    expect(error.message).toContain(`afr.json months.${i + 1}.revRul: Rev. Rul. 2023-7 cannot be the ruling for 2024-03`);
  });

  it('rejects out-of-range rates, unsorted months and sourced claims without sources', () => {
    const raw = freshRaw();
    raw.afr.months[0].table['short-term'].afr[0] = 26;
    [raw.afr.months[2], raw.afr.months[3]] = [raw.afr.months[3], raw.afr.months[2]];
    raw.federal.elements[0].sources = [];
    raw.formationItems.items[0].unexpected = true;
    const error = parseError(raw);
    expect(error.message).toContain("afr.json months.0.table.short-term.afr.0: rate must be between 0 and 25");
    expect(error.message).toMatch(/afr\.json months\.3\.month: months must be sorted by month/);
    expect(error.message).toMatch(/federal\.json elements\.0\.sources: a row marked "secondary" must name at least one source/);
    expect(error.message).toMatch(/formation-items\.json items\.0: Unrecognized key/);
  });

  it('reports cross-check problems even when the same file also has shape errors', () => {
    const raw = freshRaw();
    raw.jurisdictions.rows[5].cpom = 'very strong';
    raw.jurisdictions.rows.pop();
    const error = parseError(raw);
    expect(error.message).toMatch(/jurisdictions\.json rows\.5\.cpom/);
    expect(error.message).toMatch(/jurisdictions\.json rows: must have exactly 51 rows/);
  });

  it('the exported file schemas enforce the cross-checks on their own', () => {
    const raw = freshRaw();
    raw.afr.months[1].month = raw.afr.months[0].month;
    const result = afrFileSchema.safeParse(raw.afr);
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path.join('.') === 'months.1.month' && /duplicate month/.test(issue.message))).toBe(true);
  });
});
