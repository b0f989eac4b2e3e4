import { createHash } from 'node:crypto';
import { AFR_BANDS, AFR_ROWS, ROW_LABEL, tableInconsistencies, type AfrBand, type AfrRow, type AfrTable } from '../../../schemas/afr-table.ts';
import { AfrImportError } from './afr-import-error.ts';
import { readPdfText, type PdfPageLines } from './read-pdf-text.ts';

/** What one IRS revenue ruling says about the AFRs of its month. */
export interface AfrRuling {
  /** "Rev. Rul. 2015-14" */
  revRul: string;
  /** YYYY-MM */
  month: string;
  table: AfrTable;
  /** The July ruling's IRC 7872(e)(2) blended annual rate for the year, when printed. */
  blendedAnnualRate?: number;
  /** SHA-256 of the PDF's bytes, hex. */
  sha256: string;
  /** Where the IRS publishes this ruling (its address follows the ruling number). */
  sourceUrl: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAME = `(${MONTHS.join('|')})`;
/** A printed rate: "4.10%", ".43%" (older rulings drop the leading zero), "0.43%". */
const FIGURE = /^(\d{0,2}\.\d{2})%$/;
const BAND_HEADINGS: Record<string, AfrBand> = { 'short-term': 'short-term', 'mid-term': 'mid-term', 'long-term': 'long-term' };

const ym = (year: string, monthName: string) => `${year}-${String(MONTHS.indexOf(monthName.toLowerCase()) + 1).padStart(2, '0')}`;

/** Reads a ruling PDF and parses it; refuses the whole file on any doubt (see AfrImportError reasons). */
export async function parseAfrRulingPdf(bytes: Uint8Array): Promise<AfrRuling> {
  if (!isPdf(bytes)) throw new AfrImportError('not_pdf', 'The file is not a PDF. Upload the revenue ruling as the IRS publishes it (a .pdf from irs.gov).');
  const pages = await readPdfText(bytes);
  if (pages.every((lines) => lines.length === 0)) {
    throw new AfrImportError('pdf_no_text', 'The PDF has no text layer (it looks scanned), so its figures cannot be read reliably. Download the ruling from irs.gov, which publishes it with text.');
  }
  return parseAfrRulingText(pages, createHash('sha256').update(bytes).digest('hex'));
}

export function isPdf(bytes: Uint8Array): boolean {
  // A PDF starts with "%PDF-" (ISO 32000-1, 7.5.2); readers tolerate a little junk before it, we do not.
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

/** Parses the extracted text of a ruling (exported for tests with small text fixtures). */
export function parseAfrRulingText(pages: PdfPageLines[], sha256: string): AfrRuling {
  const all = pages.flat();
  const titleIndex = all.findIndex((l) => /TABLE 1\b/i.test(l) && /REV\. RUL\./i.test(l));
  if (titleIndex < 0) throw new AfrImportError('afr_table_missing', 'The PDF has no "Table 1" of applicable federal rates. Is it the IRS’s monthly AFR revenue ruling?');

  const rulingNo = /REV\. RUL\. (\d{4})-(\d{1,3}) TABLE 1/i.exec(all[titleIndex]!);
  const intro = all.join(' ');
  const introNo = /Rev\. Rul\. (\d{4})-(\d{1,3})\b/.exec(intro);
  if (!rulingNo || !introNo || rulingNo[1] !== introNo[1] || rulingNo[2] !== introNo[2]) {
    throw new AfrImportError('afr_ruling_unidentified', 'The ruling number could not be read consistently from the PDF (its heading and its Table 1 disagree or one is missing).');
  }
  const revRul = `Rev. Rul. ${rulingNo[1]}-${Number(rulingNo[2])}`;

  const tableTitle = all.slice(titleIndex, titleIndex + 3).join(' ');
  const titleMonth = new RegExp(`Applicable Federal Rates \\(AFR\\) for ${MONTH_NAME} (\\d{4})`, 'i').exec(tableTitle);
  const introMonth = new RegExp(`prescribed rates for federal income tax purposes for ${MONTH_NAME} (\\d{4})`, 'i').exec(intro);
  if (!titleMonth) throw new AfrImportError('afr_table_missing', 'Table 1 has no "Applicable Federal Rates (AFR) for <month> <year>" title.');
  const month = ym(titleMonth[2]!, titleMonth[1]!);
  if (!introMonth || ym(introMonth[2]!, introMonth[1]!) !== month) {
    throw new AfrImportError('afr_month_mismatch', `Table 1 is titled ${titleMonth[1]} ${titleMonth[2]}, but the ruling says it provides rates for ${introMonth ? `${introMonth[1]} ${introMonth[2]}` : 'no month it names'}. The file is not a consistent ruling.`);
  }
  if (rulingNo[1] !== month.slice(0, 4)) {
    throw new AfrImportError('afr_month_mismatch', `${revRul} was issued for ${rulingNo[1]}, but its Table 1 is for ${month}.`);
  }

  const table = parseTable1(all.slice(titleIndex + 1));
  const problems = tableInconsistencies(table);
  if (problems.length) throw new AfrImportError('afr_table_inconsistent', `Table 1 of ${revRul} is not internally consistent, so a figure may have been misread; nothing was imported. ${problems.slice(0, 5).join(' ')}`);

  const blended = parseBlendedRate(all, month);
  const [yy, nn] = [rulingNo[1]!.slice(2), rulingNo[2]!.padStart(2, '0')];
  return { revRul, month, table, ...(blended === undefined ? {} : { blendedAnnualRate: blended }), sha256, sourceUrl: `https://www.irs.gov/pub/irs-drop/rr-${yy}-${nn}.pdf` };
}

/** Table 1 ends where Table 2 begins; every row of every band must be there with four figures. */
function parseTable1(lines: string[]): AfrTable {
  const end = lines.findIndex((l) => /TABLE 2\b/i.test(l));
  const rows: Partial<Record<AfrBand, Partial<Record<AfrRow, number[]>>>> = {};
  let band: AfrBand | undefined;
  for (const line of end < 0 ? lines : lines.slice(0, end)) {
    const heading = BAND_HEADINGS[line.trim().toLowerCase()];
    if (heading) {
      band = heading;
      continue;
    }
    const row = /^(AFR|1[1-7][05]% AFR)\s+(.*)$/.exec(line.trim());
    if (!row || !band) continue;
    const key = rowKey(row[1]!);
    if (!key || !(AFR_ROWS[band] as readonly string[]).includes(key)) {
      throw new AfrImportError('afr_table_incomplete', `Table 1 has an unexpected row "${row[1]}" under ${band}.`);
    }
    const cells = row[2]!.split(' ');
    const figures = cells.map((cell) => FIGURE.exec(cell));
    if (cells.length !== 4 || figures.some((f) => !f)) {
      throw new AfrImportError('afr_figure_unreadable', `The ${band} ${ROW_LABEL[key]} row of Table 1 does not read as four rates ("${row[2]}"); nothing was imported.`);
    }
    const band_ = (rows[band] ??= {});
    if (band_[key]) throw new AfrImportError('afr_table_incomplete', `Table 1 has the ${band} ${ROW_LABEL[key]} row twice.`);
    band_[key] = figures.map((f) => Number(f![1]));
  }
  const missing = AFR_BANDS.flatMap((b) => AFR_ROWS[b].filter((r) => !rows[b]?.[r]).map((r) => `${b} ${ROW_LABEL[r]}`));
  if (missing.length) throw new AfrImportError('afr_table_incomplete', `Table 1 is missing ${missing.join(', ')}; nothing was imported. The file may be cut short.`);
  return rows as AfrTable;
}

function rowKey(label: string): AfrRow | undefined {
  if (label === 'AFR') return 'afr';
  const pct = /^(\d{3})% AFR$/.exec(label)?.[1];
  return pct ? (`pct${pct}` as AfrRow) : undefined;
}

/** "Section 7872(e)(2) blended annual rate for 2023 4.65%" — printed in the July ruling (Table 6). */
function parseBlendedRate(lines: string[], month: string): number | undefined {
  const line = lines.find((l) => /blended annual rate for \d{4}\s+\d{0,2}\.\d{2}%$/i.test(l.trim()));
  if (!line) return undefined;
  const [, year, figure] = /blended annual rate for (\d{4})\s+(\d{0,2}\.\d{2})%$/i.exec(line.trim())!;
  if (year !== month.slice(0, 4)) throw new AfrImportError('afr_month_mismatch', `The blended annual rate is for ${year}, but the ruling is for ${month}.`);
  return Number(figure);
}
