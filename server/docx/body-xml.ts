import type { Block } from '../services/clauses/clause-text.ts';
import { paragraph, run, table } from './ooxml.ts';

export interface BodyArticle {
  title: string;
  numbered: boolean;
  clauses: { id: string; title: string; blocks: Block[] }[];
}

export interface MissingValue {
  field: string;
  clauseId?: string;
}

export type RenderMode = 'draft' | 'final';

/** Turns "monthlyFee" into "monthly fee" for the visible blank in a draft. */
export const fieldLabel = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** A clause compiled to OOXML: fixed markup as UTF-8 bytes, the variables left as slots. */
type Segment = Buffer | { name: string; bold: boolean };

/**
 * Compiled clauses, keyed by the clause's parsed blocks (the library parses each clause version
 * once and hands out the same array), so a clause's markup is built, escaped and encoded once,
 * not on every document. The body is then joined as bytes: joining it as a string and encoding
 * that took a fifth of the main thread's time per version.
 */
const compiledClauses = new WeakMap<Block[], Map<string, Segment[]>>();

function compileClause(clause: BodyArticle['clauses'][number], numbered: boolean): Segment[] {
  const key = `${numbered ? 'n' : 'u'}:${clause.title}`;
  let byShape = compiledClauses.get(clause.blocks);
  const known = byShape?.get(key);
  if (known) return known;
  const segments: Segment[] = [];
  // A placeholder where a variable's run goes; escaped text never holds a raw "<", so it is unambiguous.
  const SLOT = '<cw-slot/>';
  const runsOf = (block: Block) => block.inlines.map((i) => (i.kind === 'text' ? run(i.text, { bold: i.bold }) : SLOT));
  const slots = (block: Block) => block.inlines.filter((i) => i.kind === 'var').map((i) => ({ name: (i as { name: string }).name, bold: i.bold }));
  clause.blocks.forEach((block, index) => {
    const runs = runsOf(block);
    let xml: string;
    if (!numbered) xml = paragraph(block.kind === 'item' ? 'CwSubItem' : 'CwRecital', runs);
    else if (index === 0 && block.kind === 'para') xml = paragraph('CwSection', [run(`${clause.title}. `, { bold: true }), ...runs]);
    else if (index === 0) xml = paragraph('CwSection', [run(`${clause.title}.`, { bold: true })]) + paragraph('CwSubItem', runs);
    else xml = paragraph(block.kind === 'item' ? 'CwSubItem' : 'CwBodyIndent', runs);
    const vars = slots(block);
    xml.split(SLOT).forEach((piece, i) => {
      if (i > 0) segments.push(vars[i - 1]!);
      if (piece) segments.push(Buffer.from(piece, 'utf8'));
    });
  });
  if (!byShape) compiledClauses.set(clause.blocks, (byShape = new Map()));
  byShape.set(key, segments);
  return segments;
}

/**
 * The agreement body as OOXML: numbered articles (CwArticle), sections with run-in bold
 * headings (CwSection), lettered sub-items (CwSubItem) and continuation paragraphs. Numbering
 * comes from the shell's styles, so sub-items restart in every section on their own.
 */
export function buildBodyXml(articles: BodyArticle[], values: Readonly<Record<string, string | undefined>>, mode: RenderMode): { bytes: Buffer; missing: MissingValue[] } {
  const missing: MissingValue[] = [];
  const out: Buffer[] = [];
  const text = (xml: string) => out.push(Buffer.from(xml, 'utf8'));
  for (const article of articles) {
    if (article.clauses.length === 0) continue;
    text(paragraph(article.numbered ? 'CwArticle' : 'CwCenteredHeading', [run(article.title.toUpperCase())], { keepNext: true }));
    for (const clause of article.clauses) {
      for (const segment of compileClause(clause, article.numbered)) {
        if (Buffer.isBuffer(segment)) {
          out.push(segment);
          continue;
        }
        const value = values[segment.name];
        if (value !== undefined && value !== '') {
          text(run(value, { bold: segment.bold }));
          continue;
        }
        missing.push({ field: segment.name, clauseId: clause.id });
        text(run(`[${fieldLabel(segment.name)}]`, { bold: true, highlight: mode === 'draft' }));
      }
    }
  }
  return { bytes: Buffer.concat(out), missing };
}

export interface ExhibitXmlInput {
  title: string;
  intro?: string;
  paragraphs?: string[];
  tables: { caption?: string; table: { rows: string[][]; widths: number[] } }[];
}

export function buildExhibitsXml(exhibits: ExhibitXmlInput[]): string {
  return exhibits
    .map((e) => {
      // Each exhibit starts on a new page; the break is ours, so a firm's shell need not style it.
      const parts = [paragraph('CwExhibitTitle', [run(e.title.toUpperCase())], { pageBreakBefore: true })];
      if (e.intro) parts.push(paragraph('CwBody', [run(e.intro)]));
      for (const p of e.paragraphs ?? []) parts.push(paragraph('CwBody', [run(p)]));
      for (const t of e.tables) {
        if (t.caption) parts.push(paragraph('CwBody', [run(t.caption, { bold: true })], { keepNext: true }));
        parts.push(table(t.table.rows, t.table.widths, 'CwTableText'));
        parts.push(paragraph('CwBody', []));
      }
      return parts.join('');
    })
    .join('');
}

/** The "document record" page of an executable version: what it is, what produced it, who approved it. */
export function buildRecordXml(record: { title: string; rows: [string, string][]; note: string }): string {
  return [
    paragraph('CwExhibitTitle', [run(record.title.toUpperCase())], { pageBreakBefore: true }),
    table([['Field', 'Value'], ...record.rows], [32, 68], 'CwTableText'),
    paragraph('CwBody', [run(record.note)]),
  ].join('');
}
