/**
 * Rebuilds templates/<kind>/template.docx and manifest.json with the `docx` package:
 * `npm run build:templates`. Deterministic (fixed dates), so a rebuild changes nothing unless
 * this file changes. A firm may replace a shell with its own styled Word file instead, keeping
 * the tags in manifest.json and the Cw* paragraph styles (see each kind's README).
 */
import { writeFileSync } from 'node:fs';
import PizZip from 'pizzip';
import { writeZip } from '../server/docx/zip-writer.ts';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IStylesOptions,
} from 'docx';

const FIXED_DATE = '2026-01-01T00:00:00Z';

/** Same bytes on every rebuild: fixed core-property dates, and our zip writer's fixed timestamps. */
function deterministic(bytes: Buffer): Buffer {
  const zip = new PizZip(bytes);
  const core = zip.file('docProps/core.xml')!.asText().replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DATE}`);
  zip.file('docProps/core.xml', core);
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a.localeCompare(b)));
  return writeZip(names.map((name) => ({ name, data: zip.file(name)!.asUint8Array() })));
}
const FONT = 'Times New Roman';

/** The paragraph styles the assembly code's OOXML names (server/docx/shell.ts REQUIRED_STYLES). */
const styles: IStylesOptions = {
  default: { document: { run: { font: FONT, size: 24 }, paragraph: { spacing: { line: 264 } } } },
  paragraphStyles: [
    { id: 'CwArticle', name: 'Cw Article', basedOn: 'Normal', run: { bold: true, allCaps: true }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 360, after: 120 }, numbering: { reference: 'cw-legal', level: 0 } } },
    { id: 'CwSection', name: 'Cw Section', basedOn: 'Normal', paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 }, numbering: { reference: 'cw-legal', level: 1 } } },
    { id: 'CwSubItem', name: 'Cw Sub Item', basedOn: 'Normal', paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, numbering: { reference: 'cw-legal', level: 2 } } },
    { id: 'CwBody', name: 'Cw Body', basedOn: 'Normal', paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 } } },
    { id: 'CwBodyIndent', name: 'Cw Body Indent', basedOn: 'Normal', paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 }, indent: { left: 720 } } },
    { id: 'CwRecital', name: 'Cw Recital', basedOn: 'Normal', paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 }, indent: { firstLine: 720 } } },
    { id: 'CwCenteredHeading', name: 'Cw Centered Heading', basedOn: 'Normal', run: { bold: true, allCaps: true }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { before: 240, after: 200 } } },
    { id: 'CwExhibitTitle', name: 'Cw Exhibit Title', basedOn: 'Normal', run: { bold: true, allCaps: true }, paragraph: { alignment: AlignmentType.CENTER, keepNext: true, spacing: { after: 240 } } },
    { id: 'CwTableText', name: 'Cw Table Text', basedOn: 'Normal', run: { size: 20 }, paragraph: { spacing: { after: 40, line: 240 } } },
    { id: 'CwTitle', name: 'Cw Title', basedOn: 'Normal', run: { bold: true, allCaps: true, size: 36 }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 480 } } },
    { id: 'CwTitleLine', name: 'Cw Title Line', basedOn: 'Normal', paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } } },
  ],
};

/** One multi-level list: ARTICLE 1 → 1.1 → (a), each level restarting under the one above. */
const numbering = {
  config: [
    {
      reference: 'cw-legal',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: 'ARTICLE %1', alignment: AlignmentType.CENTER, suffix: 'space' as const, style: { paragraph: { indent: { left: 0, hanging: 0 } } } },
        { level: 1, format: LevelFormat.DECIMAL, text: '%1.%2', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 720 } } } },
        { level: 2, format: LevelFormat.LOWER_LETTER, text: '(%3)', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 1440, hanging: 720 } } } },
      ],
    },
  ],
};

const line = (style: string, ...runs: TextRun[]) => new Paragraph({ style, children: runs });
const text = (t: string, options: { bold?: boolean } = {}) => new TextRun({ text: t, bold: options.bold });
/** Invisible anchor text (white, 1 pt) that DocuSign or Documenso anchor tabs can find. */
const anchor = (t: string) => new TextRun({ text: t, color: 'FFFFFF', size: 2 });
const pageBreak = () => new Paragraph({ children: [new PageBreak()] });

const header = new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: '{draftLabel}', size: 18, smallCaps: true })] })] });
const footer = new Footer({
  children: [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '{documentName} · Version {versionLabel} · Doc ID {documentShortId}', size: 18 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 18 })] }),
  ],
});

function titlePage(kind: 'agreement' | 'checklist'): Paragraph[] {
  const between = kind === 'agreement' ? 'by and between' : 'for';
  return [
    line('CwTitle', text('{documentTitle}')),
    line('CwTitleLine', text(between)),
    line('CwTitleLine', text('{msoName}', { bold: true })),
    line('CwTitleLine', text('and')),
    line('CwTitleLine', text('{practiceName}', { bold: true })),
    ...(kind === 'agreement'
      ? [line('CwTitleLine', text('Dated as of {effectiveDate}'))]
      : [line('CwTitleLine', text('Prepared by {preparedBy}')), line('CwTitleLine', text('Target opening date: {targetOpeningDate}'))]),
    line('CwTitleLine', new TextRun({ text: '{draftNotice}', bold: true })),
    pageBreak(),
  ];
}

const partiesParagraph = () =>
  line(
    'CwBody',
    text('This {documentTitle} (this “'),
    text('Agreement', { bold: true }),
    text('”) is entered into as of {effectiveDate} (the “'),
    text('Effective Date', { bold: true }),
    text('”) by and between {msoName}, a {msoEntityType} organized under the laws of {msoState} (“'),
    text('{party1Defined}', { bold: true }),
    text('”), and {practiceName}, a {practiceEntityType} organized under the laws of {practiceState} (“'),
    text('{party2Defined}', { bold: true }),
    text('”).'),
  );

const noBorders = { top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }, right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } };

function signatureBlock(i: 1 | 2): TableCell {
  const p = (...runs: TextRun[]) => new Paragraph({ children: runs, spacing: { after: 160 } });
  return new TableCell({
    borders: noBorders,
    width: { size: 50, type: WidthType.PERCENTAGE },
    children: [
      p(text(`{party${i}Label}`, { bold: true })),
      p(text(`{party${i}Name}`)),
      p(text('By: ______________________________'), anchor(`\\s${i}\\`)),
      p(text(`Name: {signatory${i}Name}`)),
      p(text(`Title: {signatory${i}Title}`)),
      p(text('Date: ____________________________'), anchor(`\\d${i}\\`)),
    ],
  });
}

function signaturePage(): (Paragraph | Table)[] {
  return [
    pageBreak(),
    line('CwBody', text('IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date.')),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { ...noBorders, insideHorizontal: noBorders.top, insideVertical: noBorders.top },
      rows: [new TableRow({ children: [signatureBlock(1), signatureBlock(2)] })],
    }),
  ];
}

function shell(kind: 'msa' | 'loc' | 'formation-checklist'): Document {
  const agreement = kind !== 'formation-checklist';
  const children: (Paragraph | Table)[] = [
    ...titlePage(agreement ? 'agreement' : 'checklist'),
    ...(agreement ? [partiesParagraph()] : []),
    line('CwBody', text('{@body}')),
    line('CwBody', text('{@exhibits}')),
    ...(agreement ? signaturePage() : []),
    line('CwBody', text('{@recordPage}')),
  ];
  return new Document({
    creator: 'clausewright',
    title: kind,
    styles,
    numbering,
    sections: [
      {
        properties: { titlePage: true, page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        headers: { default: header, first: new Header({ children: [new Paragraph({})] }) },
        footers: { default: footer, first: footer },
        children,
      },
    ],
  });
}

const AGREEMENT_TAGS = ['documentTitle', 'msoName', 'practiceName', 'effectiveDate', 'draftNotice', 'msoEntityType', 'msoState', 'party1Defined', 'practiceEntityType', 'practiceState', 'party2Defined', '@body', '@exhibits', 'party1Label', 'party1Name', 'signatory1Name', 'signatory1Title', 'party2Label', 'party2Name', 'signatory2Name', 'signatory2Title', '@recordPage', 'draftLabel', 'documentName', 'versionLabel', 'documentShortId'];
const CHECKLIST_TAGS = ['documentTitle', 'msoName', 'practiceName', 'preparedBy', 'targetOpeningDate', 'draftNotice', '@body', '@exhibits', '@recordPage', 'draftLabel', 'documentName', 'versionLabel', 'documentShortId'];
const STYLE_ROLES = { article: 'CwArticle', section: 'CwSection', subItem: 'CwSubItem', body: 'CwBody', bodyIndent: 'CwBodyIndent', recital: 'CwRecital', centeredHeading: 'CwCenteredHeading', exhibitTitle: 'CwExhibitTitle', tableText: 'CwTableText' };
const TITLES = { msa: 'Management Services Agreement', loc: 'Revolving Line of Credit Agreement', 'formation-checklist': 'Entity Formation Checklist' };

for (const kind of ['msa', 'loc', 'formation-checklist'] as const) {
  const dir = new URL(`./${kind}/`, import.meta.url);
  writeFileSync(new URL('template.docx', dir), deterministic(await Packer.toBuffer(shell(kind))));
  const tags = kind === 'formation-checklist' ? CHECKLIST_TAGS : AGREEMENT_TAGS;
  writeFileSync(new URL('manifest.json', dir), JSON.stringify({ kind, title: TITLES[kind], tags, styles: STYLE_ROLES }, null, 2) + '\n');
  console.log(`templates/${kind}/template.docx`);
}
