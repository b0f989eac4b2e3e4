import { loadPdfJs, withEngineBuiltins } from './load-pdfjs.ts';
import { AfrImportError } from './afr-import-error.ts';

/** A page's text as lines, top to bottom; each line's pieces left to right, joined by one space. */
export type PdfPageLines = string[];

/** At most this many pages are read: a monthly ruling has four or five; more means it is some other document. */
const MAX_PAGES = 30;
/** Pieces whose baselines differ by less than this (in PDF points) sit on one line. */
const SAME_LINE = 2;

/**
 * Reads the text layer of a PDF with Mozilla's pdf.js (no Debian tool at run time). Fonts, images
 * and scripts are never evaluated: only the text-content operators are interpreted.
 */
export function readPdfText(bytes: Uint8Array): Promise<PdfPageLines[]> {
  // pdf.js's polyfills would otherwise stay on the server's JSON and arrays (load-pdfjs.ts).
  return withEngineBuiltins(() => readWithPdfJs(bytes));
}

async function readWithPdfJs(bytes: Uint8Array): Promise<PdfPageLines[]> {
  const { getDocument } = await loadPdfJs();
  let doc;
  try {
    // pdf.js takes ownership of (and may detach) the buffer it is given, so it gets a copy.
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: true, verbosity: 0 }).promise;
  } catch (error) {
    throw new AfrImportError('pdf_unreadable', `The file could not be read as a PDF (${describe(error)}). It may be damaged or cut short; download the ruling again.`);
  }
  try {
    if (doc.numPages > MAX_PAGES) throw new AfrImportError('afr_table_missing', `The PDF has ${doc.numPages} pages; an IRS AFR revenue ruling has a handful. Is this the right document?`);
    const pages: PdfPageLines[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const pieces: { x: number; y: number; text: string }[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        pieces.push({ x: item.transform[4] as number, y: item.transform[5] as number, text: item.str.trim() });
      }
      pages.push(groupIntoLines(pieces));
    }
    return pages;
  } catch (error) {
    if (error instanceof AfrImportError) throw error;
    throw new AfrImportError('pdf_unreadable', `Part of the PDF could not be read (${describe(error)}). It may be damaged or cut short; download the ruling again.`);
  } finally {
    await doc.destroy();
  }
}

function groupIntoLines(pieces: { x: number; y: number; text: string }[]): string[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; parts: { x: number; text: string }[] }[] = [];
  for (const piece of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line.y - piece.y) < SAME_LINE) line.parts.push(piece);
    else lines.push({ y: piece.y, parts: [piece] });
  }
  return lines.map((l) => l.parts.sort((a, b) => a.x - b.x).map((p) => p.text).join(' ').replace(/\s+/g, ' '));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
}
