import type { Block } from '../services/clauses/clause-text.ts';
import { paragraph, run, table } from './ooxml.ts';
import { bookmarkEnd, bookmarkName, bookmarkStart, CAPTION_REFERENCE, contentsXml, referenceRuns, type ContentsEntry, type RefKind } from './cross-refs.ts';

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

/**
 * A clause compiled to OOXML: fixed markup as UTF-8 bytes; the variables, cross-references and
 * the section's bookmark left as slots, filled per document (numbers depend on what is selected).
 */
type Segment =
  | Buffer
  | { type: 'var'; name: string; bold: boolean }
  | { type: 'ref'; kind: RefKind; caption: string; bold: boolean }
  | { type: 'bookmarkStart'; name: string }
  | { type: 'bookmarkEnd' };

/**
 * Compiled clauses, keyed by the clause's parsed blocks (the library parses each clause version
 * once and hands out the same array), so a clause's markup is built, escaped and encoded once,
 * not on every document. The body is then joined as bytes: joining it as a string and encoding
 * that took a fifth of the main thread's time per version.
 */
const compiledClauses = new WeakMap<Block[], Map<string, Segment[]>>();

/** Address values hold line breaks; a justified line ending in a break is stretched across the page. */
const isAddressVar = (name: string) => /Address$/.test(name);

/** Text inlines split into plain runs and cross-reference slots ("the Section titled “X”"). */
function textPieces(text: string, bold: boolean): (string | Segment)[] {
  const out: (string | Segment)[] = [];
  let from = 0;
  for (const m of text.matchAll(CAPTION_REFERENCE)) {
    if (m.index > from) out.push(run(text.slice(from, m.index), { bold }));
    out.push({ type: 'ref', kind: /^article$/i.test(m[1]!) ? 'article' : 'section', caption: m[2]!, bold });
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push(run(text.slice(from), { bold }));
  return out;
}

/**
 * In a numbered article a clause is one numbered section: its first paragraph runs in after the
 * bold caption ("6.3 Payment Terms. …"), and every later block — list item or paragraph — is a
 * lettered sub-item, so every paragraph that can carry an obligation has a number to cite.
 */
function compileClause(clause: BodyArticle['clauses'][number], numbered: boolean): Segment[] {
  const key = `${numbered ? 'n' : 'u'}:${clause.title}`;
  let byShape = compiledClauses.get(clause.blocks);
  const known = byShape?.get(key);
  if (known) return known;
  const segments: Segment[] = [];
  const pushXml = (xml: string) => segments.push(Buffer.from(xml, 'utf8'));
  // One paragraph: its opening markup, then text, slots and the closing tag, merged into buffers.
  const emit = (styleId: string, alignLeft: boolean, pieces: (string | Segment)[]) => {
    const open = paragraph(styleId, [], { alignLeft }).replace('</w:p>', '');
    let xml = open;
    for (const piece of pieces) {
      if (typeof piece === 'string') xml += piece;
      else {
        pushXml(xml);
        xml = '';
        segments.push(piece);
      }
    }
    pushXml(xml + '</w:p>');
  };
  const inlinePieces = (block: Block) =>
    block.inlines.flatMap((i): (string | Segment)[] => (i.kind === 'text' ? textPieces(i.text, i.bold) : [{ type: 'var', name: i.name, bold: i.bold }]));
  const leftAligned = (block: Block) => block.inlines.some((i) => i.kind === 'var' && isAddressVar(i.name));
  const heading = (): (string | Segment)[] => [{ type: 'bookmarkStart', name: bookmarkName('section', clause.title) }, run(`${clause.title}.`, { bold: true }), { type: 'bookmarkEnd' }];
  clause.blocks.forEach((block, index) => {
    if (!numbered) return emit(block.kind === 'item' ? 'CwSubItem' : 'CwRecital', leftAligned(block), inlinePieces(block));
    if (index === 0 && block.kind === 'para') return emit('CwSection', leftAligned(block), [...heading(), run(' '), ...inlinePieces(block)]);
    if (index === 0) emit('CwSection', false, heading());
    emit('CwSubItem', leftAligned(block), inlinePieces(block));
  });
  if (!byShape) compiledClauses.set(clause.blocks, (byShape = new Map()));
  byShape.set(key, segments);
  return segments;
}

/** Section and article numbers as Word will number them, by caption, for references and contents. */
export function numberArticles(articles: BodyArticle[]): { sections: Map<string, string>; articles: Map<string, string>; contents: ContentsEntry[] } {
  const sections = new Map<string, string>();
  const byTitle = new Map<string, string>();
  const contents: ContentsEntry[] = [];
  let a = 0;
  for (const article of articles) {
    if (!article.numbered || article.clauses.length === 0) continue;
    a++;
    if (!byTitle.has(article.title)) byTitle.set(article.title, String(a));
    contents.push({ number: String(a), title: article.title, bookmark: bookmarkName('article', article.title) });
    article.clauses.forEach((c, s) => {
      if (!sections.has(c.title)) sections.set(c.title, `${a}.${s + 1}`);
    });
  }
  return { sections, articles: byTitle, contents };
}

/**
 * The agreement body as OOXML: numbered articles (CwArticle), sections with run-in bold
 * headings (CwSection), lettered sub-items (CwSubItem). Numbering comes from the shell's styles,
 * so sub-items restart in every section on their own; the numbers are also worked out here for
 * the cross-references' and the contents' field results. A reference whose target is not in
 * this document is a missing value: a visible marker in a draft, an error in final mode.
 */
export function buildBodyXml(articles: BodyArticle[], values: Readonly<Record<string, string | undefined>>, mode: RenderMode): { bytes: Buffer; missing: MissingValue[]; contents: string } {
  const missing: MissingValue[] = [];
  const out: Buffer[] = [];
  const text = (xml: string) => out.push(Buffer.from(xml, 'utf8'));
  const numbers = numberArticles(articles);
  let bookmarkId = 0;
  let open = false;
  const usedNames = new Set<string>();
  for (const article of articles) {
    if (article.clauses.length === 0) continue;
    const title = [run(article.title.toUpperCase())];
    if (article.numbered && !usedNames.has(bookmarkName('article', article.title))) {
      usedNames.add(bookmarkName('article', article.title));
      const id = ++bookmarkId;
      text(paragraph('CwArticle', [bookmarkStart(id, bookmarkName('article', article.title)), ...title, bookmarkEnd(id)], { keepNext: true }));
    } else text(paragraph('CwCenteredHeading', title, { keepNext: true }));
    for (const clause of article.clauses) {
      for (const segment of compileClause(clause, article.numbered)) {
        if (Buffer.isBuffer(segment)) {
          out.push(segment);
          continue;
        }
        // Two sections with one caption share a name: only the first is the reference's target.
        if (segment.type === 'bookmarkStart') {
          open = !usedNames.has(segment.name);
          if (open) text(bookmarkStart(++bookmarkId, segment.name));
          usedNames.add(segment.name);
          continue;
        }
        if (segment.type === 'bookmarkEnd') {
          if (open) text(bookmarkEnd(bookmarkId));
          continue;
        }
        if (segment.type === 'ref') {
          const section = segment.kind === 'section' ? numbers.sections.get(segment.caption) : undefined;
          const art = numbers.articles.get(segment.caption);
          if (section) text(referenceRuns('section', bookmarkName('section', segment.caption), section, segment.bold));
          else if (art) text(referenceRuns('article', bookmarkName('article', segment.caption), art, segment.bold));
          else {
            missing.push({ field: `cross-reference to “${segment.caption}”`, clauseId: clause.id });
            text(run(`[${segment.kind} “${segment.caption}”]`, { bold: true, highlight: mode === 'draft' }));
          }
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
  return { bytes: Buffer.concat(out), missing, contents: contentsXml(numbers.contents) };
}

export interface ExhibitXmlInput {
  title: string;
  intro?: string;
  paragraphs?: string[];
  tables: { caption?: string; table: { rows: string[][]; widths: number[] } }[];
}

/** Exhibits, each on a new page; a worklist's first one (the checklist's tasks) continues the first page. */
export function buildExhibitsXml(exhibits: ExhibitXmlInput[], options: { breakBeforeFirst?: boolean } = {}): string {
  return exhibits
    .map((e, i) => {
      // The break is ours, so a firm's shell need not style it; "off" overrides the style's own break.
      const parts = [paragraph('CwExhibitTitle', [run(e.title.toUpperCase())], { pageBreakBefore: i > 0 || options.breakBeforeFirst !== false })];
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
