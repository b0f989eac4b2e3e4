/**
 * Building blocks shared by the shells: runs and paragraphs that carry docxtemplater tags,
 * the title page, the parties paragraph, the signature page, the header and the footer.
 *
 * docxtemplater joins a tag split across runs only within one paragraph, so every tag here is
 * written whole inside a single TextRun.
 */
import { AlignmentType, BorderStyle, Footer, Header, PageNumber, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType, type ParagraphChild } from 'docx';
import { size } from './styles.ts';

/** A plain docxtemplater tag, e.g. tag('msoName') → "{msoName}". */
export const tag = (name: string) => `{${name}}`;

export const text = (value: string, options: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text: value, ...options });

export const para = (style: string, ...children: ParagraphChild[]) => new Paragraph({ style, children });

/**
 * A raw-XML tag ({@body}, {@exhibits}, {@recordPage}) alone in its paragraph: docxtemplater
 * replaces the whole paragraph with the OOXML the assembly code supplies.
 */
export const rawTagParagraph = (name: string) => para('CwBody', text(tag(`@${name}`)));

/** The words on the title page under the document title; tags are written whole in their lines. */
export type TitleLine = { style: 'CwTitleLine' | 'CwTitleParty'; text: string };

/** The cover: title, the parties or subject lines, and the draft notice (blank in an execution version). */
export function titlePage(lines: TitleLine[]): Paragraph[] {
  return [
    para('CwTitle', text(tag('documentTitle'))),
    ...lines.map((line) => para(line.style, text(line.text))),
    para('CwTitleNotice', text(tag('draftNotice'))),
  ];
}

/** A worklist's first lines: the title, then short facts, and the draft notice (blank when not a draft). */
export function headingBlock(lines: string[]): Paragraph[] {
  return [para('CwHeadingTitle', text(tag('documentTitle'))), ...lines.map((line) => para('CwHeadingLine', text(line))), para('CwHeadingLine', text(tag('draftNotice'), { bold: true }))];
}

/** "This … Agreement (this “Agreement”) is entered into as of … by and between …", defined terms in bold. */
export function partiesParagraph(): Paragraph {
  return para(
    'CwBody',
    text(`This ${tag('documentTitle')} (this “`),
    text('Agreement', { bold: true }),
    text(`”) is entered into as of ${tag('effectiveDate')} (the “`),
    text('Effective Date', { bold: true }),
    text(`”) by and between ${tag('msoName')}, ${tag('party1Description')} (“`),
    text(tag('party1Defined'), { bold: true }),
    text(`”), and ${tag('practiceName')}, ${tag('party2Description')} (“`),
    text(tag('party2Defined'), { bold: true }),
    text('”).'),
  );
}

/** The customary line at the end of the body when the signatures are on their own page. */
export const signaturePageFollows = () => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240 }, keepLines: true, children: [text('[Remainder of page intentionally left blank. Signature page follows.]', { italics: true })] });

/**
 * Invisible anchor text (white, 1 pt) that DocuSign or Documenso anchor tabs search for:
 * \s1\ marks where party 1 signs, \d1\ where party 1 dates, and so on.
 */
const anchor = (value: string) => new TextRun({ text: value, color: 'FFFFFF', size: size(1) });

const SIGN_LINE = '______________________________';
const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE };
const COLUMN = 4680; // half of the 6.5" text width, in twips

/** One party's block: label, entity name, and the By / Name / Title / Date lines. */
function signatureBlock(i: 1 | 2): TableCell {
  const line = (before: number, ...children: ParagraphChild[]) => new Paragraph({ style: 'CwSignatureLine', spacing: { before }, children });
  return new TableCell({
    borders: NO_BORDERS,
    width: { size: COLUMN, type: WidthType.DXA },
    margins: { left: 0, right: 240 },
    children: [
      line(0, text(tag(`party${i}Label`), { bold: true })),
      line(120, text(tag(`party${i}Name`))),
      line(720, text('By: '), anchor(`\\s${i}\\`), text(SIGN_LINE)),
      line(60, text(`Name: ${tag(`signatory${i}Name`)}`)),
      line(60, text(`Title: ${tag(`signatory${i}Title`)}`)),
      line(360, text('Date: '), anchor(`\\d${i}\\`), text(SIGN_LINE)),
    ],
  });
}

/** Starts on a new page: the lead-in, both parties side by side, and the page caption. */
export function signaturePage(): (Paragraph | Table)[] {
  return [
    new Paragraph({
      style: 'CwBody',
      pageBreakBefore: true,
      keepNext: true,
      spacing: { after: 480 },
      children: [text('IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date.')],
    }),
    new Table({
      width: { size: 2 * COLUMN, type: WidthType.DXA },
      columnWidths: [COLUMN, COLUMN],
      layout: TableLayoutType.FIXED,
      borders: { ...NO_BORDERS, insideHorizontal: NONE, insideVertical: NONE },
      rows: [new TableRow({ cantSplit: true, children: [signatureBlock(1), signatureBlock(2)] })],
    }),
    para('CwSignatureCaption', text(`[Signature Page to ${tag('documentTitle')}]`)),
  ];
}

/** Right-aligned small caps: "Draft — version 3 — privileged and confidential" or "Execution version". */
export const draftHeader = () => new Header({ children: [para('CwHeaderText', text(tag('draftLabel')))] });

export const blankHeader = () => new Header({ children: [new Paragraph({})] });

/**
 * What a firm's footer shows: the document's title, its version label while it is a draft, and
 * its document number ({footerText}, composed by the assembly code), then "Page X", counted from
 * the first page after the cover (which carries no number). Not "of Y": NUMPAGES would count the
 * cover, and LibreOffice does not read Word's SECTIONPAGES.
 */
export const footer = () =>
  new Footer({
    children: [
      para('CwFooterText', text(tag('footerText'))),
      para('CwFooterText', new TextRun({ children: ['Page ', PageNumber.CURRENT] })),
    ],
  });

/** The cover is not numbered: an empty footer. */
export const blankFooter = () => new Footer({ children: [new Paragraph({})] });
