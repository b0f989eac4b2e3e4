/**
 * Small AFR-ruling PDFs of our own for tests: the same layout of text as the IRS's monthly
 * revenue ruling (title, introduction, Table 1 with each rate a separate text piece on its
 * row), written as a minimal PDF with the standard Helvetica font. The IRS's files themselves
 * are not part of the project.
 */
import { AFR_BANDS, AFR_ROWS, ROW_LABEL, type AfrTable } from '../../server/schemas/afr-table.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface RulingSpec {
  month: string;
  revRul: string;
  table: AfrTable;
  blendedAnnualRate?: number;
  /** Overrides Table 1's title month (to make the title disagree with the introduction). */
  titleMonth?: string;
  /** Replaces the text of one figure: [band, row, column, text]. */
  figureText?: [string, string, number, string];
  /** Leaves a row out: [band, row]. */
  dropRow?: [string, string];
}

const monthWords = (ym: string) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
// Older rulings print rates under 1% without the leading zero (".43%"); so do these.
const printed = (r: number) => `${r.toFixed(2).replace(/^0\./, '.')}%`;

/** The text lines of the ruling, each line a list of [x, text] pieces. */
function rulingPages(spec: RulingSpec): [number, string][][][] {
  const number = spec.revRul.replace('Rev. Rul. ', '');
  const page1: [number, string][][] = [
    [[72, 'Section 1274.--Determination of Issue Price in the Case of Certain Debt Instruments']],
    [[72, spec.revRul]],
    [[72, 'This revenue ruling provides various prescribed rates for federal']],
    [[72, `income tax purposes for ${monthWords(spec.month)} (the current month). Table 1 contains`]],
    [[72, 'the short-term, mid-term, and long-term applicable federal rates (AFR).']],
  ];
  const page2: [number, string][][] = [
    [[200, `REV. RUL. ${number} TABLE 1`]],
    [[180, `Applicable Federal Rates (AFR) for ${monthWords(spec.titleMonth ?? spec.month)}`]],
    [[230, 'Period for Compounding']],
    [[160, 'Annual'], [240, 'Semiannual'], [330, 'Quarterly'], [420, 'Monthly']],
  ];
  for (const band of AFR_BANDS) {
    page2.push([[72, band[0]!.toUpperCase() + band.slice(1)]]);
    for (const row of AFR_ROWS[band]) {
      if (spec.dropRow?.[0] === band && spec.dropRow[1] === row) continue;
      const figures = (spec.table[band] as Record<string, number[]>)[row]!.map((f, i) => (spec.figureText && spec.figureText[0] === band && spec.figureText[1] === row && spec.figureText[2] === i ? spec.figureText[3] : printed(f)));
      page2.push([[72, ROW_LABEL[row]], ...figures.map((f, i) => [160 + 90 * i, f] as [number, string])]);
    }
  }
  page2.push([[200, `REV. RUL. ${number} TABLE 2`]]);
  if (spec.blendedAnnualRate !== undefined) {
    page2.push([[200, `REV. RUL. ${number} TABLE 6`]], [[72, `Section 7872(e)(2) blended annual rate for ${spec.month.slice(0, 4)}`], [420, printed(spec.blendedAnnualRate)]]);
  }
  return [page1, page2];
}

const escape = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF whose pages carry the given text lines (or no text at all, like a scan). */
export function pdfFromPages(pages: [number, string][][][]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) as number;
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids: number[] = [];
  for (const lines of pages) {
    const ops = lines.flatMap((pieces, i) => pieces.map(([x, text]) => `BT /F1 10 Tf ${x} ${740 - 16 * i} Td (${escape(text)}) Tj ET`)).join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export const rulingPdf = (spec: RulingSpec) => pdfFromPages(rulingPages(spec));

/** A consistent Table 1 built the IRS's way from a semiannual short/mid/long AFR. */
export function tableFrom(semiannual: { short: number; mid: number; long: number }): AfrTable {
  const round = (x: number) => Math.round(x * 100) / 100;
  const columns = (semi: number) => {
    const effective = Math.pow(1 + semi / 200, 2);
    return [1, 2, 4, 12].map((n) => round((Math.pow(effective, 1 / n) - 1) * n * 100)) as [number, number, number, number];
  };
  const band = (semi: number, multiples: number[]) => Object.fromEntries(multiples.map((m) => [m === 1 ? 'afr' : `pct${Math.round(m * 100)}`, columns(semi * m)]));
  return {
    'short-term': band(semiannual.short, [1, 1.1, 1.2, 1.3]),
    'mid-term': band(semiannual.mid, [1, 1.1, 1.2, 1.3, 1.5, 1.75]),
    'long-term': band(semiannual.long, [1, 1.1, 1.2, 1.3]),
  } as AfrTable;
}
