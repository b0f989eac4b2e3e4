import type { Block, Inline } from '../services/clauses/clause-text.ts';
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

/**
 * The agreement body as OOXML: numbered articles (CwArticle), sections with run-in bold
 * headings (CwSection), lettered sub-items (CwSubItem) and continuation paragraphs. Numbering
 * comes from the shell's styles, so sub-items restart in every section on their own.
 */
export function buildBodyXml(articles: BodyArticle[], values: Readonly<Record<string, string | undefined>>, mode: RenderMode): { xml: string; missing: MissingValue[] } {
  const missing: MissingValue[] = [];
  const inline = (i: Inline, clauseId: string): string => {
    if (i.kind === 'text') return run(i.text, { bold: i.bold });
    const value = values[i.name];
    if (value !== undefined && value !== '') return run(value, { bold: i.bold });
    missing.push({ field: i.name, clauseId });
    return run(`[${fieldLabel(i.name)}]`, { bold: true, highlight: mode === 'draft' });
  };
  const out: string[] = [];
  for (const article of articles) {
    if (article.clauses.length === 0) continue;
    if (article.numbered) out.push(paragraph('CwArticle', [run(article.title.toUpperCase())], { keepNext: true }));
    else out.push(paragraph('CwCenteredHeading', [run(article.title.toUpperCase())], { keepNext: true }));
    for (const clause of article.clauses) {
      clause.blocks.forEach((block, index) => {
        const runs = block.inlines.map((i) => inline(i, clause.id));
        if (!article.numbered) out.push(paragraph(block.kind === 'item' ? 'CwSubItem' : 'CwRecital', runs));
        else if (index === 0 && block.kind === 'para') out.push(paragraph('CwSection', [run(`${clause.title}. `, { bold: true }), ...runs]));
        else if (index === 0) out.push(paragraph('CwSection', [run(`${clause.title}.`, { bold: true })]), paragraph('CwSubItem', runs));
        else out.push(paragraph(block.kind === 'item' ? 'CwSubItem' : 'CwBodyIndent', runs));
      });
    }
  }
  return { xml: out.join(''), missing };
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
