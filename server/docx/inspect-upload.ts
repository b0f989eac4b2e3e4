import { inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.ts';

/**
 * Checks an uploaded .docx before anything decompresses it (OWASP ASVS 5.2.3): the central
 * directory is read by hand, sizes and entry count are capped, and each entry is inflated with
 * an output cap so a lying size header stops at the cap instead of filling memory
 * (../shared/reference/reliability-security.md §2.4).
 */
export const UPLOAD_LIMITS = {
  maxEntries: 1000,
  maxTotalUncompressed: 50 * 1024 * 1024,
  maxPartUncompressed: 10 * 1024 * 1024,
};

export type UploadKind = 'docx' | 'pdf';

const refuse = (reason: string, message: string) => new AppError('unprocessable', message, { reason });

/** Identifies an upload by its first bytes, never by its name or declared type. */
export function sniffUpload(bytes: Buffer): UploadKind {
  if (bytes.length === 0) throw refuse('empty_file', 'The file is empty.');
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'docx';
  throw refuse('unsupported_file_type', 'The file is neither a Word document (.docx) nor a PDF.');
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readCentralDirectory(bytes: Buffer): Entry[] {
  const minEocd = 22;
  let eocd = -1;
  for (let i = bytes.length - minEocd; i >= Math.max(0, bytes.length - minEocd - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse('invalid_docx', 'The file is not a complete .docx (it may be truncated).');
  const count = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw refuse('invalid_docx', 'ZIP64 archives are not accepted.');
  if (count > UPLOAD_LIMITS.maxEntries) throw refuse('too_many_entries', `The .docx has ${count} parts; at most ${UPLOAD_LIMITS.maxEntries} are accepted.`);
  if (cdOffset + cdSize > eocd) throw refuse('invalid_docx', 'The file is not a complete .docx (it may be truncated).');
  const entries: Entry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw refuse('invalid_docx', 'The .docx directory is damaged.');
    const nameLength = bytes.readUInt16LE(p + 28);
    entries.push({
      flags: bytes.readUInt16LE(p + 8),
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      size: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
      name: bytes.subarray(p + 46, p + 46 + nameLength).toString('utf8'),
    });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

function inflateEntry(bytes: Buffer, e: Entry): Buffer {
  const p = e.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw refuse('invalid_docx', 'The .docx is damaged.');
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) throw refuse('invalid_docx', 'The file is not a complete .docx (it may be truncated).');
  if (e.method === 0) return data;
  if (e.method !== 8) throw refuse('invalid_docx', `Part ${e.name} uses an unsupported compression method.`);
  try {
    // The cap is the declared size: a part that inflates to more than it claims is refused here.
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
    if (out.length !== e.size) throw refuse('invalid_docx', `Part ${e.name} does not match its declared size.`);
    return out;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw refuse('zip_bomb', `Part ${e.name} expands beyond its declared size.`);
    throw refuse('invalid_docx', `Part ${e.name} is damaged.`);
  }
}

/** Validates a .docx upload and returns its parts, or refuses with 422 and a stable reason. */
export function inspectDocxUpload(bytes: Buffer): Map<string, Buffer> {
  const entries = readCentralDirectory(bytes);
  let total = 0;
  for (const e of entries) {
    if (e.name.includes('..') || e.name.startsWith('/') || e.name.includes('\\') || e.name.includes('\0') || /^[a-zA-Z]:/.test(e.name)) throw refuse('unsafe_path', 'The .docx contains a part with an unsafe name.');
    if (e.flags & 0x1) throw refuse('encrypted', 'Encrypted .docx files are not accepted.');
    if (/\.(zip|docx|docm|xlsm|jar)$/i.test(e.name)) throw refuse('nested_archive', 'The .docx contains another archive.');
    if (/vbaProject\.bin$|(^|\/)activeX\/|(^|\/)embeddings\/.*\.bin$/i.test(e.name)) throw refuse('macros_not_allowed', 'Documents with macros, ActiveX or embedded OLE objects are not accepted.');
    if (e.size > UPLOAD_LIMITS.maxPartUncompressed) throw refuse('zip_bomb', `Part ${e.name} would expand to more than ${UPLOAD_LIMITS.maxPartUncompressed / 1024 / 1024} MB.`);
    total += e.size;
  }
  if (total > UPLOAD_LIMITS.maxTotalUncompressed) throw refuse('zip_bomb', `The .docx would expand to more than ${UPLOAD_LIMITS.maxTotalUncompressed / 1024 / 1024} MB.`);
  const parts = new Map(entries.filter((e) => !e.name.endsWith('/')).map((e) => [e.name, inflateEntry(bytes, e)] as const));
  const types = parts.get('[Content_Types].xml')?.toString('utf8');
  if (!types || !parts.has('word/document.xml')) throw refuse('invalid_docx', 'The file is not a Word document (.docx).');
  if (/macroEnabled|vbaProject/i.test(types)) throw refuse('macros_not_allowed', 'Macro-enabled documents (.docm) are not accepted.');
  for (const [name, content] of parts) {
    if (!/\.(xml|rels)$/i.test(name)) continue;
    const text = content.toString('utf8');
    if (/<!DOCTYPE/i.test(text)) throw refuse('dtd_not_allowed', 'The document contains a DOCTYPE declaration, which Word documents never need.');
    if (name.endsWith('.rels')) {
      for (const rel of text.match(/<Relationship\b[^>]*>/g) ?? []) {
        if (/TargetMode="External"/.test(rel) && !/relationships\/hyperlink"/.test(rel)) throw refuse('external_relationship', 'The document loads content from outside itself (an external template or data source).');
      }
    }
  }
  return parts;
}
