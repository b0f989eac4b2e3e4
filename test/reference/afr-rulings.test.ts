/**
 * The importer over the IRS's own rulings, when the folder of PDFs is present beside the project
 * (../shared/reference/irs-afr; never committed). Golden figures were read by hand from each
 * ruling's Table 1.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAfrRulingPdf, type AfrRuling } from '../../server/services/reference/afr-ruling/parse-afr-ruling.ts';
import { tableInconsistencies } from '../../server/schemas/afr-table.ts';
import { reference } from '../compliance/rule-input.ts';

const FOLDER = new URL('../../../shared/reference/irs-afr/', import.meta.url).pathname;
const present = existsSync(FOLDER) && readdirSync(FOLDER).some((f) => f.endsWith('.pdf'));
if (!present) console.warn(`afr-rulings.test.ts: skipped — the IRS ruling PDFs are not at ${FOLDER}`);

const GOLDEN: { month: string; revRul: string; figures: [string, string, number[]][]; blended?: number }[] = [
  { month: '2015-06', revRul: 'Rev. Rul. 2015-14', figures: [['short-term', 'afr', [0.43, 0.43, 0.43, 0.43]], ['mid-term', 'afr', [1.6, 1.59, 1.59, 1.58]], ['long-term', 'pct130', [3.25, 3.22, 3.21, 3.2]]] },
  { month: '2018-01', revRul: 'Rev. Rul. 2018-1', figures: [['mid-term', 'pct175', [3.84, 3.8, 3.78, 3.77]], ['long-term', 'afr', [2.59, 2.57, 2.56, 2.56]]] },
  { month: '2020-04', revRul: 'Rev. Rul. 2020-9', figures: [['short-term', 'afr', [0.91, 0.91, 0.91, 0.91]], ['mid-term', 'pct150', [1.5, 1.49, 1.49, 1.49]]] },
  { month: '2021-07', revRul: 'Rev. Rul. 2021-12', figures: [['short-term', 'afr', [0.12, 0.12, 0.12, 0.12]], ['long-term', 'pct120', [2.49, 2.47, 2.46, 2.46]]], blended: 0.13 },
  { month: '2023-07', revRul: 'Rev. Rul. 2023-12', figures: [['short-term', 'afr', [4.8, 4.74, 4.71, 4.69]], ['short-term', 'pct110', [5.28, 5.21, 5.18, 5.15]]], blended: 4.65 },
  { month: '2023-11', revRul: 'Rev. Rul. 2023-20', figures: [['short-term', 'afr', [5.3, 5.23, 5.2, 5.17]], ['mid-term', 'pct175', [8.28, 8.12, 8.04, 7.99]]] },
  { month: '2026-08', revRul: 'Rev. Rul. 2026-13', figures: [['short-term', 'afr', [4.1, 4.06, 4.04, 4.03]], ['mid-term', 'pct150', [6.55, 6.45, 6.4, 6.36]], ['long-term', 'pct130', [6.42, 6.32, 6.27, 6.24]]] },
];

describe.skipIf(!present)('AFR rulings of the IRS, 2015-01 … 2026-08', () => {
  const rulings = new Map<string, AfrRuling>();

  it('every PDF parses completely and is internally consistent', async () => {
    const files = readdirSync(FOLDER).filter((f) => f.endsWith('.pdf')).sort();
    expect(files.length).toBeGreaterThanOrEqual(140);
    for (const file of files) {
      const ruling = await parseAfrRulingPdf(readFileSync(FOLDER + file));
      expect(ruling.month, file).toBe(file.slice(0, 7));
      expect(tableInconsistencies(ruling.table), file).toEqual([]);
      rulings.set(ruling.month, ruling);
    }
  }, 120_000);

  it('reads the hand-checked figures exactly, including rates below 1% printed as ".43%"', () => {
    for (const g of GOLDEN) {
      const r = rulings.get(g.month)!;
      expect(r.revRul, g.month).toBe(g.revRul);
      for (const [band, row, figures] of g.figures) expect((r.table as never)[band][row], `${g.month} ${band} ${row}`).toEqual(figures);
      if (g.blended !== undefined) expect(r.blendedAnnualRate).toBe(g.blended);
    }
  });

  it('the shipped afr.json is exactly what the importer reads from the rulings, each month marked primary with its hash', () => {
    const shipped = new Map(reference.afr.months.map((m) => [m.month, m]));
    expect(shipped.size).toBe(rulings.size);
    for (const [month, r] of rulings) {
      const row = shipped.get(month)!;
      expect(row, month).toMatchObject({ revRul: r.revRul, table: r.table, sha256: r.sha256, verification: 'primary', sources: [r.sourceUrl] });
      expect(row.blendedAnnualRate).toBe(r.blendedAnnualRate);
    }
  });

  it('the half-year method for demand loans reproduces every July blended annual rate (IRC 7872(e)(2))', () => {
    const julys = [...rulings.values()].filter((r) => r.month.endsWith('-07'));
    expect(julys.length).toBe(12);
    for (const july of julys) {
      const january = rulings.get(`${july.month.slice(0, 4)}-01`)!;
      const [jan, jul] = [january.table['short-term'].afr[1], july.table['short-term'].afr[1]];
      const blended = ((1 + jan / 200) * (1 + jul / 200) - 1) * 100;
      expect(Math.round(blended * 100) / 100, july.month).toBe(july.blendedAnnualRate);
    }
  });
});
