/**
 * The OOXML this project writes itself: paragraphs, runs and tables that reference the shell's
 * Cw* styles (templates/<kind>/manifest.json). All text passes through escapeXml — clause and
 * answer text is data, never markup and never a template tag.
 */

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Typographer's quotes: one style (curly) in everything we write, whatever the clause file or a
 * client's answer typed. A quote after a space, an opening bracket or a dash opens; any other
 * closes (so O'Brien and Practice's take the apostrophe ’).
 */
export function curlyQuotes(text: string): string {
  if (!/["']/.test(text)) return text;
  return text.replace(/(^|[\s(\[{—–-])"/g, '$1“').replace(/"/g, '”').replace(/(^|[\s(\[{—–-])'/g, '$1‘').replace(/'/g, '’');
}

export interface RunStyle {
  bold?: boolean;
  highlight?: boolean;
  caps?: boolean;
}

export function run(text: string, style: RunStyle = {}): string {
  const props = [style.bold ? '<w:b/>' : '', style.caps ? '<w:caps/>' : '', style.highlight ? '<w:highlight w:val="yellow"/>' : ''].join('');
  // Line breaks inside a value (addresses) become <w:br/>; tabs become <w:tab/>.
  const parts = curlyQuotes(text).split('\n').map((line) =>
    line
      .split('\t')
      .map((piece) => (piece ? `<w:t xml:space="preserve">${escapeXml(piece)}</w:t>` : ''))
      .join('<w:tab/>'),
  );
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${parts.join('<w:br/>')}</w:r>`;
}

export function paragraph(styleId: string, runs: string[], options: { keepNext?: boolean; pageBreakBefore?: boolean; alignLeft?: boolean } = {}): string {
  // CT_PPr order: pStyle, keepNext, …, pageBreakBefore, …, jc.
  const pageBreak = options.pageBreakBefore === true ? '<w:pageBreakBefore/>' : options.pageBreakBefore === false ? '<w:pageBreakBefore w:val="0"/>' : '';
  const props = (options.keepNext ? '<w:keepNext/>' : '') + pageBreak + (options.alignLeft ? '<w:jc w:val="left"/>' : '');
  return `<w:p><w:pPr><w:pStyle w:val="${styleId}"/>${props}</w:pPr>${runs.join('')}</w:p>`;
}

/** A simple bordered table; widths are percentages of the text width (9,360 twips on Letter with 1" margins). */
export function table(rows: string[][], widthsPct: number[], cellStyleId: string): string {
  const total = 9360;
  const widths = widthsPct.map((p) => Math.round((total * p) / 100));
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>`;
  const borders = `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders>`;
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const body = rows
    .map((cells, r) => {
      const header = r === 0;
      const rowProps = header ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>';
      const tcs = cells
        .map((text, c) => {
          const shade = header ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : '';
          return `<w:tc><w:tcPr><w:tcW w:w="${widths[c] ?? 0}" w:type="dxa"/>${shade}</w:tcPr>${paragraph(cellStyleId, [run(text, { bold: header })])}</w:tc>`;
        })
        .join('');
      return `<w:tr>${rowProps}${tcs}</w:tr>`;
    })
    .join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/>${borders}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>${grid}${body}</w:tbl>`;
}
