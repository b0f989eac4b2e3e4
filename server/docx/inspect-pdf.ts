import { promisify } from 'node:util';
import { constants, inflate } from 'node:zlib';
import { refuse } from './zip-entries.ts';

const inflateAsync = promisify(inflate);

/** At most this much is inflated from a PDF's object streams, in all. */
const MAX_OBJECT_STREAM_BYTES = 20 * 1024 * 1024;

/**
 * PDF names a signed copy may not contain, by the reason given when one is found (ISO 32000-1:
 * 12.6.4 action types, 7.11.4 embedded files, 12.7.8 XFA, and the RichMedia annotations of
 * ISO 32000-2). A name may be written with #xx escapes (`/J#61vaScript`), so names are decoded
 * before they are compared.
 */
const FORBIDDEN_NAMES: Record<string, string> = {
  JavaScript: 'pdf_javascript',
  JS: 'pdf_javascript',
  EmbeddedFile: 'pdf_embedded_file',
  EmbeddedFiles: 'pdf_embedded_file',
  Launch: 'pdf_action',
  SubmitForm: 'pdf_action',
  ImportData: 'pdf_action',
  GoToE: 'pdf_action',
  RichMedia: 'pdf_active_content',
  XFA: 'pdf_active_content',
  Encrypt: 'encrypted',
};

const MESSAGES: Record<string, string> = {
  pdf_javascript: 'The PDF contains JavaScript.',
  pdf_embedded_file: 'The PDF carries embedded files.',
  pdf_action: 'The PDF contains an action that launches programs, submits data or opens embedded documents.',
  pdf_active_content: 'The PDF contains active content (XFA forms or rich media).',
  encrypted: 'Encrypted PDFs are not accepted.',
};

/** An HTML or script start that a browser would sniff and run. */
const HTML_START = /<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta)[\s>/]/i;

function checkNames(text: string): void {
  for (const match of text.matchAll(/\/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2})+)/g)) {
    const name = match[1]!.includes('#') ? match[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : match[1]!;
    const reason = Object.hasOwn(FORBIDDEN_NAMES, name) ? FORBIDDEN_NAMES[name]! : undefined;
    if (reason) throw refuse(reason, MESSAGES[reason]!);
  }
}

/**
 * Compressed object streams (PDF 1.5+) hold dictionaries — actions included — out of sight of a
 * plain scan; each is inflated on the thread pool, capped, and scanned the same way.
 */
async function checkObjectStreams(bytes: Buffer, text: string): Promise<void> {
  let budget = MAX_OBJECT_STREAM_BYTES;
  for (const match of text.matchAll(/\/Type\s*\/ObjStm\b/g)) {
    const dictStart = text.lastIndexOf('obj', match.index);
    const keyword = text.indexOf('stream', match.index);
    if (keyword < 0) throw refuse('invalid_pdf', 'The PDF is damaged (an object stream has no data).');
    const dictionary = text.slice(Math.max(0, dictStart), keyword);
    const start = keyword + 6 + (text[keyword + 6] === '\r' ? 2 : 1);
    const end = text.indexOf('endstream', start);
    if (end < 0) throw refuse('invalid_pdf', 'The PDF is damaged (an object stream does not end).');
    if (!/\/FlateDecode\b/.test(dictionary) || /\/Filter\s*\[[^\]]*\/\w+[^\]]*\/\w+/.test(dictionary)) throw refuse('invalid_pdf', 'The PDF uses an object stream encoding that cannot be checked.');
    let inflated: Buffer;
    try {
      inflated = await inflateAsync(bytes.subarray(start, end), { maxOutputLength: Math.max(1, budget), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse('zip_bomb', 'The PDF’s object streams expand beyond what a signed copy needs.');
      throw refuse('invalid_pdf', 'The PDF is damaged (an object stream cannot be read).');
    }
    budget -= inflated.length;
    checkNames(inflated.toString('latin1'));
  }
}

/**
 * Checks a PDF upload (a signed copy, or any other PDF a route takes): one format only, no
 * JavaScript, embedded files, launch or submit actions, XFA or rich media, no encryption.
 * Refuses with 422 and a stable `details.reason`; resolves when the PDF is acceptable.
 */
export async function checkPdfUpload(bytes: Buffer): Promise<void> {
  if (!/^%PDF-[12]\.\d[\r\n\s%]/.test(bytes.subarray(0, 16).toString('latin1'))) throw refuse('invalid_pdf', 'The file does not start as a PDF does.');
  const text = bytes.toString('latin1');
  const eof = text.lastIndexOf('%%EOF');
  // Anything after the last %%EOF (a zip, an HTML page) makes the file two formats at once.
  if (eof < 0) throw refuse('invalid_pdf', 'The PDF is incomplete (no end-of-file marker).');
  if (!/^[\s\0]*$/.test(text.slice(eof + 5))) throw refuse('mixed_format', 'The file carries other data after the end of the PDF.');
  // A zip's end-of-directory record near the end makes the file a zip to zip readers too.
  if (bytes.subarray(Math.max(0, bytes.length - 65_557)).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))) throw refuse('mixed_format', 'The file is a PDF and a zip archive at once.');
  if (HTML_START.test(text)) throw refuse('mixed_format', 'The file contains an HTML page or script as well as a PDF.');
  checkNames(text);
  await checkObjectStreams(bytes, text);
}
