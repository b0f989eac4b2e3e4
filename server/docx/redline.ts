import { diffWords } from 'diff';
import type { Block } from '../services/clauses/clause-text.ts';
import type { BodyArticle } from './body-xml.ts';
import { numberArticles } from './body-xml.ts';
import { CAPTION_REFERENCE } from './cross-refs.ts';
import { curlyQuotes, escapeXml } from './ooxml.ts';

/** Who made the tracked changes and when (ISO 8601, whole seconds, as Word writes it). */
export interface ChangeMark {
  author: string;
  date: string;
}

type Change = 'same' | 'ins' | 'del';
interface Para {
  style: string;
  heading?: string;
  text: string;
}

/**
 * The later version's whole body with the differences from the earlier one tracked in place, as
 * Word records them: words inserted or deleted inside a paragraph are w:ins / w:del runs with the
 * author and date; a clause added or removed is a run of paragraphs whose text and paragraph marks
 * are inserted or deleted; a removed clause stays where it was (after the clause it followed).
 * Unchanged text is written as ordinary runs, so Word's "Accept all" gives the later version.
 */
export function buildRedlineBodyXml(before: { articles: BodyArticle[]; values: Values }, after: { articles: BodyArticle[]; values: Values }, mark: ChangeMark): { bytes: Buffer; missing: []; contents: string } {
  const numbers = numberArticles(after.articles);
  const refText = (kind: string, caption: string) => {
    const section = /^section$/i.test(kind) ? numbers.sections.get(caption) : undefined;
    const article = numbers.articles.get(caption);
    return section ? `Section ${section}` : article ? `Article ${article}` : `“${caption}”`;
  };
  const paras = (clause: BodyArticle['clauses'][number], numbered: boolean, values: Values): Para[] =>
    clause.blocks.flatMap((block, i): Para[] => {
      // Quotes made curly before diffing: a run that starts at an apostrophe is not an opening quote.
      const text = curlyQuotes(blockText(block, values).replace(CAPTION_REFERENCE, (_m, kind: string, caption: string) => refText(kind, caption)));
      if (!numbered) return [{ style: block.kind === 'item' ? 'CwSubItem' : 'CwRecital', text }];
      if (i === 0 && block.kind === 'para') return [{ style: 'CwSection', heading: `${clause.title}. `, text }];
      const sub = { style: 'CwSubItem', text };
      return i === 0 ? [{ style: 'CwSection', heading: `${clause.title}.`, text: '' }, sub] : [sub];
    });
  let id = 1000;
  const attrs = () => `w:id="${id++}" w:author="${escapeXml(mark.author)}" w:date="${mark.date}"`;
  const runXml = (text: string, change: Change, bold = false) => {
    if (!text) return '';
    const props = bold ? '<w:rPr><w:b/></w:rPr>' : '';
    const t = escapeXml(text);
    if (change === 'del') return `<w:del ${attrs()}><w:r>${props}<w:delText xml:space="preserve">${t}</w:delText></w:r></w:del>`;
    const r = `<w:r>${props}<w:t xml:space="preserve">${t}</w:t></w:r>`;
    return change === 'ins' ? `<w:ins ${attrs()}>${r}</w:ins>` : r;
  };
  const paraXml = (style: string, mark: Change, content: string) => {
    const markProps = mark === 'same' ? '' : `<w:rPr><w:${mark} ${attrs()}/></w:rPr>`;
    return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${markProps}</w:pPr>${content}</w:p>`;
  };
  const whole = (p: Para, change: Change) => paraXml(p.style, change, runXml(p.heading ?? '', change, true) + runXml(p.text, change));
  const compared = (a: Para, b: Para) =>
    paraXml(b.style, 'same', runXml(b.heading ?? '', 'same', true) + diffWords(a.text, b.text).map((part) => runXml(part.value, part.added ? 'ins' : part.removed ? 'del' : 'same')).join(''));

  const out: string[] = [];
  const beforeArticles = new Map(before.articles.map((a) => [a.title, a]));
  for (const article of after.articles) {
    const old = beforeArticles.get(article.title);
    const oldClauses = new Map((old?.clauses ?? []).map((c) => [c.id, c]));
    const newIds = new Set(article.clauses.map((c) => c.id));
    // A variant swapped for another with the same caption (the flat fee for the per-provider fee)
    // is the same section changed: compared word by word, not deleted and inserted whole.
    const counterpart = new Map<string, BodyArticle['clauses'][number]>();
    for (const c of article.clauses) {
      if (oldClauses.has(c.id)) continue;
      const same = (old?.clauses ?? []).find((o) => o.title === c.title && !newIds.has(o.id) && ![...counterpart.values()].includes(o));
      if (same) counterpart.set(c.id, same);
    }
    const paired = new Set([...counterpart.values()].map((c) => c.id));
    // Removed clauses go right after the clause they followed in the earlier version.
    const removedAfter = new Map<string | null, BodyArticle['clauses']>();
    let previous: string | null = null;
    for (const c of old?.clauses ?? []) {
      if (!newIds.has(c.id) && !paired.has(c.id)) removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), c]);
      else previous = newIds.has(c.id) ? c.id : [...counterpart.entries()].find(([, o]) => o.id === c.id)![0];
    }
    if (article.clauses.length === 0 && !(old?.clauses.length)) continue;
    out.push(paraXml(article.numbered ? 'CwArticle' : 'CwCenteredHeading', article.clauses.length ? 'same' : 'del', runXml(article.title.toUpperCase(), article.clauses.length ? 'same' : 'del')));
    const removed = (key: string | null) => (removedAfter.get(key) ?? []).forEach((c) => paras(c, article.numbered, before.values).forEach((p) => out.push(whole(p, 'del'))));
    removed(null);
    for (const clause of article.clauses) {
      const now = paras(clause, article.numbered, after.values);
      const earlier = oldClauses.get(clause.id) ?? counterpart.get(clause.id);
      if (!earlier) now.forEach((p) => out.push(whole(p, 'ins')));
      else {
        const then = paras(earlier, article.numbered, before.values);
        const common = Math.min(then.length, now.length);
        for (let i = 0; i < common; i++) out.push(compared(then[i]!, now[i]!));
        then.slice(common).forEach((p) => out.push(whole(p, 'del')));
        now.slice(common).forEach((p) => out.push(whole(p, 'ins')));
      }
      removed(clause.id);
    }
  }
  // No contents: its entries link to the article bookmarks, which a redline does not carry.
  return { bytes: Buffer.from(out.join(''), 'utf8'), missing: [], contents: '' };
}

type Values = Readonly<Record<string, string | undefined>>;

/** A block's text with its values, as the document prints it; a blank shows as [field]. */
function blockText(block: Block, values: Values): string {
  return block.inlines.map((i) => (i.kind === 'text' ? i.text : values[i.name] || `[${i.name}]`)).join('');
}
