/**
 * Cross-references and contents as Word builds them: each numbered section and article carries a
 * bookmark, a reference is a REF field to it with the current number already in its result (it
 * reads right before anyone updates fields), and the contents is a TOC field with its entries
 * filled in. Clause prose names its targets by caption — "the Section titled “Payment Terms”" —
 * and the compiler turns each such phrase into a reference, so no clause file needs new syntax.
 */
import { createHash } from 'node:crypto';
import { escapeXml, paragraph, run } from './ooxml.ts';

/** "the Section titled “Payment Terms”", "the section captioned "Events of Default"": either quotes, "the" optional. */
export const CAPTION_REFERENCE = /(?:\b[Tt]he )?\b([Ss]ection|[Aa]rticle) (?:titled|captioned) ["“]([^"”]+)["”]/g;

export type RefKind = 'section' | 'article';

/** A stable bookmark name (Word allows 40 characters; "_Ref" hides it from the Bookmarks list). */
export function bookmarkName(kind: RefKind, key: string): string {
  return `_RefCw${kind === 'article' ? 'A' : 'S'}${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
}

export const bookmarkStart = (id: number, name: string) => `<w:bookmarkStart w:id="${id}" w:name="${name}"/>`;
export const bookmarkEnd = (id: number) => `<w:bookmarkEnd w:id="${id}"/>`;

/** A complex field whose result is already the text it shows. */
export function fieldRuns(instruction: string, result: string, options: { bold?: boolean } = {}): string {
  const r = (inner: string) => `<w:r>${inner}</w:r>`;
  return (
    r('<w:fldChar w:fldCharType="begin"/>') +
    r(`<w:instrText xml:space="preserve"> ${escapeXml(instruction)} </w:instrText>`) +
    r('<w:fldChar w:fldCharType="separate"/>') +
    run(result, options) +
    r('<w:fldChar w:fldCharType="end"/>')
  );
}

/**
 * A reference to a section ("Section 6.3") or an article ("Article 12"). \r gives the target
 * paragraph's number; the article level's text is "Article %1" (shown in capitals by the heading
 * style), so the field reads "Article 12" in running text.
 */
export function referenceRuns(kind: RefKind, bookmark: string, number: string, bold: boolean): string {
  const label = kind === 'section' ? run('Section ', { bold }) : '';
  return label + fieldRuns(`REF ${bookmark} \\r \\h`, kind === 'section' ? number : `Article ${number}`, { bold });
}

export interface ContentsEntry {
  number: string;
  title: string;
  bookmark: string;
}

/**
 * The table of contents: a TOC field over the article headings (outline level 1) with hyperlinks
 * (\h) and no page numbers (\n). Page numbers depend on Word's layout, which we cannot know when
 * writing the file; without them every entry of the filled-in result is exactly what Word's own
 * update would produce, so the contents is right before and after "Update field".
 */
export function contentsXml(entries: ContentsEntry[]): string {
  if (entries.length === 0) return '';
  const begin = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\n </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>';
  const end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
  const items = entries.map((e, i) => {
    const link = `<w:hyperlink w:anchor="${e.bookmark}" w:history="1">${run(`Article ${e.number}`)}<w:r><w:tab/></w:r>${run(e.title)}</w:hyperlink>`;
    return paragraph('TOC1', [i === 0 ? begin : '', link, i === entries.length - 1 ? end : '']);
  });
  return paragraph('CwCenteredHeading', [run('TABLE OF CONTENTS')]) + items.join('') + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
}
