/**
 * The clause text language (clauses/README.md): paragraphs separated by blank lines, `- `
 * lines as lettered sub-items, `**bold**` (defined terms as `**"Term"**`) and `{variable}`.
 * Parsed once per clause version into blocks; values are only ever inserted as data.
 */
export type Inline = { kind: 'text'; text: string; bold: boolean } | { kind: 'var'; name: string; bold: boolean };
export type Block = { kind: 'para' | 'item'; inlines: Inline[] };

export class ClauseTextError extends Error {}

export function parseClauseText(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
    let para: string[] = [];
    const flush = () => {
      if (para.length) blocks.push({ kind: 'para', inlines: parseInlines(para.join(' ')) });
      para = [];
    };
    for (const line of lines) {
      if (line.startsWith('- ')) {
        flush();
        blocks.push({ kind: 'item', inlines: parseInlines(line.slice(2).trim()) });
      } else {
        para.push(line);
      }
    }
    flush();
  }
  if (blocks.length === 0) throw new ClauseTextError('the clause has no text');
  return blocks;
}

function parseInlines(text: string): Inline[] {
  const parts = text.split('**');
  if (parts.length % 2 === 0) throw new ClauseTextError(`unbalanced ** in: ${text.slice(0, 80)}`);
  const inlines: Inline[] = [];
  parts.forEach((part, i) => {
    const bold = i % 2 === 1;
    for (const token of part.split(/(\{[^{}]*\})/)) {
      if (!token) continue;
      const tag = /^\{([a-zA-Z][a-zA-Z0-9]*)\}$/.exec(token);
      if (tag) inlines.push({ kind: 'var', name: tag[1]!, bold });
      else if (/[{}]/.test(token)) throw new ClauseTextError(`a brace that is not a {variable} tag in: ${token.slice(0, 80)}`);
      else inlines.push({ kind: 'text', text: token, bold });
    }
  });
  return inlines;
}

export function variablesUsed(blocks: Block[]): Set<string> {
  const names = new Set<string>();
  for (const b of blocks) for (const i of b.inlines) if (i.kind === 'var') names.add(i.name);
  return names;
}

/** The clause as plain text with values filled in; what compliance rules read. Missing values show as [name]. */
export function clausePlainText(blocks: Block[], values: Readonly<Record<string, string | undefined>>): string {
  return blocks
    .map((b) => (b.kind === 'item' ? '- ' : '') + b.inlines.map((i) => (i.kind === 'text' ? i.text : values[i.name] ?? `[${i.name}]`)).join(''))
    .join('\n');
}
