import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { refuse } from './zip-entries.ts';

/** The encodings a package part may use (ECMA-376 Part 2, §8.1.4: UTF-8 or UTF-16). */
const ALLOWED_ENCODINGS = new Set(['utf-8', 'utf-16', 'utf8', 'utf-16le', 'utf-16be']);

function encodingOf(head: Buffer): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // No byte order mark: '<' as UTF-16 (XML 1.0 Appendix F).
  if (head[0] === 0x3c && head[1] === 0x00) return { encoding: 'utf-16le', bom: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export type ElementHandler = (local: string, attributes: Map<string, string>) => void;

/**
 * Parses one package part with saxes, a non-validating streaming XML parser, fed chunk by chunk
 * while the part inflates. Any part whose content starts like XML (whatever its name) is
 * parsed; a DOCTYPE is refused wherever it is, in UTF-8 or UTF-16. `prolog` parts are parsed
 * only up to their root element — a DOCTYPE can only come before it — so a large body costs
 * nothing on the event loop; `full` parts (relationships, content types) are parsed to the end
 * and each element is handed to `onElement` with its attributes as the XML says them (quotes,
 * spaces around `=` and entity references are the parser's business, not a pattern's).
 */
export class XmlPartScanner {
  private head = Buffer.alloc(0);
  private decoder: TextDecoder | null = null;
  private parser: SaxesParser<{ xmlns: false }> | null = null;
  private state: 'sniffing' | 'parsing' | 'done' | 'not-xml' = 'sniffing';

  constructor(
    private readonly name: string,
    private readonly mode: 'prolog' | 'full',
    private readonly onElement: ElementHandler = () => undefined,
  ) {}

  feed(chunk: Buffer): void {
    if (this.state === 'done' || this.state === 'not-xml') return;
    if (this.state === 'sniffing') {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 4) return;
      this.start(this.head);
      return;
    }
    this.write(this.decode(chunk));
  }

  end(): void {
    if (this.state === 'sniffing' && this.head.length > 0) this.start(this.head);
    if (this.state !== 'parsing') {
      if (this.mode === 'full' && this.state !== 'done') throw refuse('invalid_xml', `Part ${this.name} is not XML.`);
      return;
    }
    this.write(this.decode(Buffer.alloc(0), false));
    if (this.state !== 'parsing') return;
    this.guard(() => this.parser!.close());
  }

  private start(head: Buffer): void {
    const { encoding, bom } = encodingOf(head);
    this.decoder = new TextDecoder(encoding, { fatal: true });
    const text = this.decode(head.subarray(bom));
    if (!/^\s*</.test(text)) {
      this.state = 'not-xml';
      return;
    }
    this.state = 'parsing';
    // Namespace mode off: a part's prefixes are Word's business; elements are matched by local name.
    const parser = new SaxesParser({ xmlns: false, position: false });
    parser.on('error', (error) => {
      if (this.state === 'done') return; // past the root's start tag: a prolog scan has its answer
      throw refuse('invalid_xml', `Part ${this.name} is not well-formed XML (${error.message.slice(0, 80)}).`);
    });
    parser.on('doctype', () => {
      if (this.state === 'done') return;
      throw refuse('dtd_not_allowed', 'The document contains a DOCTYPE declaration, which Word documents never need.');
    });
    parser.on('xmldecl', (decl) => {
      if (decl.encoding && !ALLOWED_ENCODINGS.has(decl.encoding.toLowerCase())) throw refuse('unsupported_encoding', `Part ${this.name} declares the encoding ${decl.encoding.slice(0, 40)}; only UTF-8 and UTF-16 are accepted.`);
    });
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (this.mode === 'prolog') {
        this.state = 'done';
        return;
      }
      const attributes = new Map<string, string>();
      for (const [name, value] of Object.entries(tag.attributes)) attributes.set(localName(name), value);
      this.onElement(localName(tag.name), attributes);
    });
    this.parser = parser;
    this.write(text);
  }

  private decode(bytes: Buffer, stream = true): string {
    try {
      return this.decoder!.decode(bytes, { stream });
    } catch {
      throw refuse('invalid_xml', `Part ${this.name} is not valid text in its encoding.`);
    }
  }

  private write(text: string): void {
    if (this.state !== 'parsing' || !text) return;
    this.guard(() => this.parser!.write(text));
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      if ((error as { details?: unknown }).details) throw error;
      throw refuse('invalid_xml', `Part ${this.name} is not well-formed XML.`);
    }
  }
}
