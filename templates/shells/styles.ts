/**
 * The shells' typography: document defaults, the Cw* paragraph styles and the one legal
 * numbering list ("cw-legal") that the article, section and sub-item styles carry.
 *
 * The assembly code (server/docx/body-xml.ts) writes paragraphs that name only the CONTRACT
 * styles below, by id. A firm's own Word file must define the same ids; the other Cw* styles
 * here (cover, signature page, header, footer) format only our generated shells' own text.
 */
import { AlignmentType, TabStopType, LevelFormat, LevelSuffix, type ILevelsOptions, type INumberingOptions, type IParagraphPropertiesOptions, type IParagraphStyleOptions, type IStylesOptions } from 'docx';

export const FONT = 'Times New Roman';

/** Twips (1/1440 inch) and half-points, named so the numbers below read as a style sheet. */
export const INCH = 1440;
export const HALF_INCH = 720;
export const pt = (points: number) => points * 20; // spacing, in twips
export const size = (points: number) => points * 2; // font size, in half-points

export const NUMBERING_REFERENCE = 'cw-legal';

/** Role (manifest.json "styles") → style id. These ids are the contract with the assembly code. */
export const CONTRACT_STYLES = {
  article: 'CwArticle',
  section: 'CwSection',
  subItem: 'CwSubItem',
  body: 'CwBody',
  bodyIndent: 'CwBodyIndent',
  recital: 'CwRecital',
  centeredHeading: 'CwCenteredHeading',
  exhibitTitle: 'CwExhibitTitle',
  tableText: 'CwTableText',
} as const;

/** Which numbering level each numbered style is; written into numbering.xml as the level's w:pStyle too. */
export const NUMBERED_STYLES: Record<string, number> = { CwArticle: 0, CwSection: 1, CwSubItem: 2 };

const SECTION_INDENT = { left: HALF_INCH, hanging: HALF_INCH }; // "1.1" at the margin, text at 0.5"
const SUB_ITEM_INDENT = { left: INCH, hanging: HALF_INCH }; // "(a)" at 0.5", text at 1.0"

/**
 * docx writes any paragraph property into a style, but its style option type leaves out a few;
 * these two are the ones the shells need.
 */
type StyleParagraph = NonNullable<IParagraphStyleOptions['paragraph']> & Pick<IParagraphPropertiesOptions, 'pageBreakBefore' | 'widowControl' | 'tabStops'>;
type StyleOptions = Omit<IParagraphStyleOptions, 'id' | 'name' | 'paragraph'> & { paragraph?: StyleParagraph };

const justified = (after: number) => ({ alignment: AlignmentType.JUSTIFIED, spacing: { before: 0, after } });
const style = (id: string, name: string, options: StyleOptions): IParagraphStyleOptions => ({
  id,
  name,
  basedOn: 'Normal',
  next: id,
  quickFormat: true,
  ...options,
});

/** A contents entry: "Article 12", then the article's title at 1.5". */
const TOC_PARAGRAPH: StyleParagraph = { tabStops: [{ type: TabStopType.LEFT, position: INCH + HALF_INCH }], spacing: { before: pt(3), after: pt(3) } };

const contractStyles: IParagraphStyleOptions[] = [
  style('CwArticle', 'Cw Article', {
    next: 'CwSection',
    run: { bold: true, allCaps: true },
    paragraph: {
      alignment: AlignmentType.CENTER,
      keepNext: true,
      keepLines: true,
      spacing: { before: pt(18), after: pt(6) },
      indent: { left: 0, hanging: 0 },
      numbering: { reference: NUMBERING_REFERENCE, level: 0 },
      // Level 1 of the outline: what the contents' TOC field (\o "1-1") collects.
      outlineLevel: 0,
    },
  }),
  style('CwSection', 'Cw Section', {
    paragraph: { ...justified(pt(12)), indent: SECTION_INDENT, numbering: { reference: NUMBERING_REFERENCE, level: 1 } },
  }),
  style('CwSubItem', 'Cw Sub Item', {
    paragraph: { ...justified(pt(12)), indent: SUB_ITEM_INDENT, numbering: { reference: NUMBERING_REFERENCE, level: 2 } },
  }),
  style('CwBody', 'Cw Body', { paragraph: justified(pt(12)) }),
  style('CwBodyIndent', 'Cw Body Indent', { paragraph: { ...justified(pt(12)), indent: { left: HALF_INCH } } }),
  style('CwRecital', 'Cw Recital', { paragraph: { ...justified(pt(12)), indent: { firstLine: HALF_INCH } } }),
  style('CwCenteredHeading', 'Cw Centered Heading', {
    next: 'CwBody',
    run: { bold: true, allCaps: true },
    paragraph: { alignment: AlignmentType.CENTER, keepNext: true, keepLines: true, spacing: { before: pt(12), after: pt(12) } },
  }),
  style('CwExhibitTitle', 'Cw Exhibit Title', {
    next: 'CwBody',
    run: { bold: true },
    paragraph: { alignment: AlignmentType.CENTER, pageBreakBefore: true, keepNext: true, keepLines: true, spacing: { before: 0, after: pt(18) } },
  }),
  style('CwTableText', 'Cw Table Text', {
    run: { size: size(10) },
    paragraph: { alignment: AlignmentType.LEFT, spacing: { before: pt(2), after: 0, line: 240 } },
  }),
];

const shellStyles: IParagraphStyleOptions[] = [
  style('CwTitle', 'Cw Title', {
    next: 'CwTitleLine',
    run: { bold: true, allCaps: true, size: size(18) },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: pt(144), after: pt(36) } },
  }),
  style('CwTitleLine', 'Cw Title Line', { paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: pt(18) } } }),
  style('CwTitleParty', 'Cw Title Party', {
    run: { bold: true, allCaps: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: pt(18) } },
  }),
  style('CwTitleNotice', 'Cw Title Notice', {
    run: { bold: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: pt(96), after: 0 } },
  }),
  style('CwHeadingTitle', 'Cw Heading Title', {
    next: 'CwHeadingLine',
    run: { bold: true, allCaps: true, size: size(14) },
    paragraph: { alignment: AlignmentType.LEFT, keepNext: true, spacing: { before: 0, after: pt(6) } },
  }),
  style('CwHeadingLine', 'Cw Heading Line', { paragraph: { alignment: AlignmentType.LEFT, keepNext: true, spacing: { before: 0, after: pt(3) } } }),
  // Word's built-in "toc 1" (id TOC1): the contents' entries, the article's title at a tab stop.
  { id: 'TOC1', name: 'toc 1', basedOn: 'Normal', next: 'Normal', paragraph: TOC_PARAGRAPH },
  style('CwSignatureLine', 'Cw Signature Line', { paragraph: { alignment: AlignmentType.LEFT, keepNext: true, spacing: { before: 0, after: 0 } } }),
  style('CwSignatureCaption', 'Cw Signature Caption', {
    run: { italics: true, size: size(10) },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: pt(36), after: 0 } },
  }),
  style('CwHeaderText', 'Cw Header Text', { run: { smallCaps: true, size: size(9) }, paragraph: { alignment: AlignmentType.RIGHT, spacing: { before: 0, after: 0 } } }),
  style('CwFooterText', 'Cw Footer Text', { run: { size: size(9) }, paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0 } } }),
];

/** Single-spaced, no space between paragraphs unless a style adds it, no widows or orphans. */
const DEFAULT_PARAGRAPH: StyleParagraph = { spacing: { before: 0, after: 0, line: 240 }, widowControl: true };

export const STYLES: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT, size: size(12), language: { value: 'en-US' } },
      paragraph: DEFAULT_PARAGRAPH,
    },
  },
  paragraphStyles: [...contractStyles, ...shellStyles],
};

/** One multi-level list: ARTICLE 1 → 1.1 → (a). Each level restarts after the level above (Word's default). */
const levels: ILevelsOptions[] = [
  {
    level: 0,
    format: LevelFormat.DECIMAL,
    // "Article %1", shown in capitals by the level's run style: a REF to an article heading (\r) reads "Article 12".
    text: 'Article %1',
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.SPACE,
    style: { run: { bold: true, allCaps: true }, paragraph: { indent: { left: 0, hanging: 0 } } },
  },
  {
    level: 1,
    format: LevelFormat.DECIMAL,
    text: '%1.%2',
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.TAB,
    style: { paragraph: { indent: SECTION_INDENT } },
  },
  {
    level: 2,
    format: LevelFormat.LOWER_LETTER,
    text: '(%3)',
    alignment: AlignmentType.LEFT,
    suffix: LevelSuffix.TAB,
    style: { paragraph: { indent: SUB_ITEM_INDENT } },
  },
];

export const NUMBERING: INumberingOptions = { config: [{ reference: NUMBERING_REFERENCE, levels }] };
