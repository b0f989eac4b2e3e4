import { diffWords } from 'diff';

export interface RedlineClause {
  title: string;
  before: string;
  after: string;
}

/**
 * A redline as a real Word document with tracked changes: each changed word is a w:ins or w:del
 * carrying the author and date, so Word's Review pane can accept or reject it.
 */
export async function buildRedline(options: { title: string; subtitle: string; author: string; date: string; clauses: RedlineClause[] }): Promise<Buffer> {
  // Loaded on first use: the docx package costs ~13 MB of memory that only redlines need.
  const { AlignmentType, DeletedTextRun, Document, HeadingLevel, InsertedTextRun, Packer, Paragraph, TextRun } = await import('docx');
  let changeId = 1;
  const paragraphs: InstanceType<typeof Paragraph>[] = [
    new Paragraph({ text: options.title, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    new Paragraph({ children: [new TextRun({ text: options.subtitle, italics: true })], alignment: AlignmentType.CENTER, spacing: { after: 240 } }),
  ];
  for (const clause of options.clauses) {
    paragraphs.push(new Paragraph({ text: clause.title, heading: HeadingLevel.HEADING_2, keepNext: true }));
    const beforeParas = clause.before.split('\n');
    const afterParas = clause.after.split('\n');
    // Diff paragraph by paragraph where the structure is unchanged; otherwise the clause as a whole.
    const pairs = beforeParas.length === afterParas.length ? beforeParas.map((b, i) => [b, afterParas[i]!] as const) : [[clause.before, clause.after] as const];
    for (const [before, after] of pairs) {
      const children = diffWords(before, after).map((part) => {
        if (part.added) return new InsertedTextRun({ text: part.value, id: changeId++, author: options.author, date: options.date });
        if (part.removed) return new DeletedTextRun({ text: part.value, id: changeId++, author: options.author, date: options.date });
        return new TextRun(part.value);
      });
      paragraphs.push(new Paragraph({ children, spacing: { after: 160 } }));
    }
  }
  const doc = new Document({
    creator: 'clausewright',
    title: options.title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
