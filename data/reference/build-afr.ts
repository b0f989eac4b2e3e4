/**
 * Rebuilds data/reference/afr.json from a folder of the IRS's AFR revenue ruling PDFs, with the
 * same parser and checks as `clausewright afr import` (every figure read from Table 1, the file's
 * SHA-256 kept, verification "primary"). The PDFs themselves are not part of the project.
 *
 *   npm run afr:build -- /path/to/irs-afr-rulings
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afrMonthFromRuling } from '../../server/services/reference/afr-ruling/afr-month-from-ruling.ts';
import { parseAfrRulingPdf } from '../../server/services/reference/afr-ruling/parse-afr-ruling.ts';
import { afrFileSchema, type AfrMonth } from '../../server/schemas/reference.ts';

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: npm run afr:build -- <folder of IRS AFR ruling PDFs>\n');
  process.exit(2);
}
const files = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.pdf')).sort();
const months: AfrMonth[] = [];
for (const file of files) months.push(afrMonthFromRuling(await parseAfrRulingPdf(await readFile(join(folder, file)))));
months.sort((a, b) => a.month.localeCompare(b.month));

// The reference files share one version (parseReferenceData checks it), so afr.json takes the jurisdictions file's.
const { version } = JSON.parse(await readFile(new URL('./jurisdictions.json', import.meta.url), 'utf8')) as { version: string };
const file = {
  version,
  notes: [
    'Every month is read from Table 1 of the IRS revenue ruling for that month (https://www.irs.gov/pub/irs-drop/rr-YY-NN.pdf) by the project’s importer (server/services/reference/afr-ruling/); sha256 is the hash of the PDF read. Verification "primary".',
    'table: for each band (26 U.S.C. 1274(d)(1): short-term = not over 3 years, mid-term = over 3 and not over 9, long-term = over 9), the AFR and its 110/120/130% rows (150/175% for mid-term), each as [annual, semiannual, quarterly, monthly] compounding, in percent.',
    'blendedAnnualRate: the IRC 7872(e)(2) blended annual rate printed in each July ruling (Table 6), for demand loans with a fixed principal outstanding the whole calendar year.',
    'A month not listed is not on file: the compliance check reports it as an error, never a pass. Import next month’s ruling with `clausewright afr import <file.pdf>` or the admin page.',
  ],
  months,
};
afrFileSchema.parse(file);
await writeFile(new URL('./afr.json', import.meta.url), formatAfrFile(file));
process.stdout.write(`wrote ${months.length} months (${months[0]?.month} … ${months.at(-1)?.month}) to data/reference/afr.json\n`);

/** JSON with one table row per line, so a month reads like the ruling and diffs stay small. */
function formatAfrFile(value: typeof file): string {
  const row = (figures: number[]) => `[${figures.map((f) => f.toFixed(2)).join(', ')}]`;
  const month = (m: AfrMonth) => {
    const bands = Object.entries(m.table).map(([band, rows]) => `      "${band}": {\n${Object.entries(rows).map(([k, v]) => `        "${k}": ${row(v as number[])}`).join(',\n')}\n      }`);
    const rest = { ...m } as Record<string, unknown>;
    delete rest.table;
    const head = Object.entries(rest).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `  {\n${head.slice(0, 2).join(',\n')},\n    "table": {\n${bands.join(',\n')}\n    },\n${head.slice(2).join(',\n')}\n  }`;
  };
  return `{\n  "version": ${JSON.stringify(value.version)},\n  "notes": ${JSON.stringify(value.notes, null, 4).replace(/\n]/, '\n  ]')},\n  "months": [\n${value.months.map(month).join(',\n')}\n  ]\n}\n`;
}
