import { checkPdfUpload } from './inspect-pdf.ts';
import { XmlPartScanner } from './xml-part.ts';
import { readCentralDirectory, refuse, streamEntry, type ZipEntry } from './zip-entries.ts';

/**
 * Checks an uploaded .docx before anything decompresses it (OWASP ASVS 5.2.3): the central
 * directory is read by hand; entry count, each part's declared size, the total and each large
 * part's compression ratio are capped; then every part is inflated as a stream on libuv's
 * thread pool, counted as it goes (a lying size header stops at the declared size), and every
 * part that is XML is parsed (../shared/reference/reliability-security.md §2.4).
 */
export const UPLOAD_LIMITS = {
  maxEntries: 1000,
  maxTotalUncompressed: 50 * 1024 * 1024,
  maxPartUncompressed: 10 * 1024 * 1024,
  /** Relationship and content-type parts are parsed to the end: they are small in any real document. */
  maxFullyParsedPart: 2 * 1024 * 1024,
  /** Word's XML compresses about 5–20×; a part over 1 MB that claims more than 200× is a bomb. */
  maxRatio: 200,
  ratioAppliesAbove: 1024 * 1024,
};

export type UploadKind = 'docx' | 'pdf';

/** Identifies an upload by its first bytes, never by its name or declared type. */
export function sniffUpload(bytes: Buffer): UploadKind {
  if (bytes.length === 0) throw refuse('empty_file', 'The file is empty.');
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'docx';
  throw refuse('unsupported_file_type', 'The file is neither a Word document (.docx) nor a PDF.');
}

/** Sniffs and inspects an upload (a .docx or a PDF); refuses with 422 and a stable reason. */
export async function inspectUpload(bytes: Buffer): Promise<UploadKind> {
  const kind = sniffUpload(bytes);
  if (kind === 'docx') await inspectDocxUpload(bytes);
  else await checkPdfUpload(bytes);
  return kind;
}

function checkEntry(e: ZipEntry): void {
  if (e.name.includes('..') || e.name.startsWith('/') || e.name.includes('\\') || e.name.includes('\0') || /^[a-zA-Z]:/.test(e.name)) throw refuse('unsafe_path', 'The .docx contains a part with an unsafe name.');
  if (e.flags & 0x1) throw refuse('encrypted', 'Encrypted .docx files are not accepted.');
  if (/\.(zip|docx|docm|xlsm|jar)$/i.test(e.name)) throw refuse('nested_archive', 'The .docx contains another archive.');
  if (/vbaProject\.bin$|(^|\/)activeX\/|(^|\/)embeddings\/.*\.bin$/i.test(e.name)) throw refuse('macros_not_allowed', 'Documents with macros, ActiveX or embedded OLE objects are not accepted.');
  if (e.size > UPLOAD_LIMITS.maxPartUncompressed) throw refuse('zip_bomb', `Part ${e.name} would expand to more than ${UPLOAD_LIMITS.maxPartUncompressed / 1024 / 1024} MB.`);
  if (e.size > UPLOAD_LIMITS.ratioAppliesAbove && e.size > UPLOAD_LIMITS.maxRatio * Math.max(1, e.compressedSize)) throw refuse('zip_bomb', `Part ${e.name} is compressed more than ${UPLOAD_LIMITS.maxRatio} times, as zip bombs are.`);
}

/** OPC part names compare case-insensitively (ECMA-376 Part 2, §9.1.1.1): `_RELS/X.RELS` is a relationships part. */
const isRelationshipsPart = (name: string) => /\.rels$/i.test(name);
const isContentTypes = (name: string) => name.toLowerCase() === '[content_types].xml';

function relationshipCheck(element: string, attributes: Map<string, string>): void {
  if (element !== 'Relationship') return;
  const external = (attributes.get('TargetMode') ?? '').trim().toLowerCase() === 'external';
  const type = (attributes.get('Type') ?? '').trim();
  if (external && !type.endsWith('/relationships/hyperlink')) throw refuse('external_relationship', 'The document loads content from outside itself (an external template or data source).');
}

function contentTypeCheck(element: string, attributes: Map<string, string>): void {
  if (element !== 'Default' && element !== 'Override') return;
  if (/macroEnabled|vbaProject/i.test(attributes.get('ContentType') ?? '')) throw refuse('macros_not_allowed', 'Macro-enabled documents (.docm) are not accepted.');
}

/** Validates a .docx upload, or refuses with 422 and a stable reason. Nothing runs on the event loop for long. */
export async function inspectDocxUpload(bytes: Buffer): Promise<void> {
  const entries = readCentralDirectory(bytes, UPLOAD_LIMITS.maxEntries);
  let total = 0;
  for (const e of entries) {
    checkEntry(e);
    total += e.size;
  }
  if (total > UPLOAD_LIMITS.maxTotalUncompressed) throw refuse('zip_bomb', `The .docx would expand to more than ${UPLOAD_LIMITS.maxTotalUncompressed / 1024 / 1024} MB.`);
  const files = entries.filter((e) => !e.name.endsWith('/'));
  if (!files.some((e) => isContentTypes(e.name)) || !files.some((e) => e.name.toLowerCase() === 'word/document.xml')) throw refuse('invalid_docx', 'The file is not a Word document (.docx).');
  // One part at a time: four uploads at once take four pool threads, not forty.
  for (const e of files) {
    const full = isRelationshipsPart(e.name) || isContentTypes(e.name);
    if (full && e.size > UPLOAD_LIMITS.maxFullyParsedPart) throw refuse('invalid_docx', `Part ${e.name} is larger than any real document needs.`);
    const scanner = new XmlPartScanner(e.name, full ? 'full' : 'prolog', isContentTypes(e.name) ? contentTypeCheck : relationshipCheck);
    await streamEntry(bytes, e, (chunk) => scanner.feed(chunk));
    scanner.end();
  }
}
