/**
 * Wraps a shell's content in a Word document: the cover in its own section (no header), the
 * rest in a second section that starts on a new page with the draft-label header. The cover has
 * no footer and no number; the second section's pages are numbered from 1 ("Page 1 of N").
 */
import { Document, PageOrientation, SectionType, type Paragraph, type Table } from 'docx';
import { blankFooter, blankHeader, draftHeader, footer } from './parts.ts';
import { INCH, NUMBERING, STYLES } from './styles.ts';

/** Letter, 1-inch margins; header and footer half an inch from the edge. */
const PAGE = {
  size: { width: 12240, height: 15840, orientation: PageOrientation.PORTRAIT },
  margin: { top: INCH, bottom: INCH, left: INCH, right: INCH, header: INCH / 2, footer: INCH / 2, gutter: 0 },
};

export interface ShellContent {
  title: string;
  cover: Paragraph[];
  body: (Paragraph | Table)[];
}

export function shellDocument({ title, cover, body }: ShellContent): Document {
  return new Document({
    creator: 'clausewright',
    lastModifiedBy: 'clausewright',
    revision: 1,
    title,
    description: 'clausewright Word shell. Tags and style ids are listed in manifest.json next to this file.',
    styles: STYLES,
    numbering: NUMBERING,
    // A worklist has no cover (cover: []): one section, numbered from its first page.
    sections: [
      ...(cover.length ? [{ properties: { page: PAGE }, headers: { default: blankHeader() }, footers: { default: blankFooter() }, children: cover }] : []),
      { properties: { type: SectionType.NEXT_PAGE, page: { ...PAGE, pageNumbers: { start: 1 } } }, headers: { default: draftHeader() }, footers: { default: footer() }, children: body },
    ],
  });
}
