import { createInflateRaw } from 'node:zlib';
import { AppError } from '../errors.ts';

/** A refusal of an uploaded file: 422 with a stable `details.reason`. */
export const refuse = (reason: string, message: string) => new AppError('unprocessable', message, { reason });

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Reads the central directory by hand, so nothing is decompressed before the sizes are known. */
export function readCentralDirectory(bytes: Buffer, maxEntries: number): ZipEntry[] {
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
  if (count > maxEntries) throw refuse('too_many_entries', `The .docx has ${count} parts; at most ${maxEntries} are accepted.`);
  if (cdOffset + cdSize > eocd) throw refuse('invalid_docx', 'The file is not a complete .docx (it may be truncated).');
  const entries: ZipEntry[] = [];
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

function compressedData(bytes: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw refuse('invalid_docx', 'The .docx is damaged.');
  const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
  const data = bytes.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) throw refuse('invalid_docx', 'The file is not a complete .docx (it may be truncated).');
  return data;
}

/**
 * Inflates one entry as a stream on libuv's thread pool (never on the event loop), handing each
 * chunk to `onChunk` as it comes. The output is counted as it is produced: an entry that
 * inflates past its declared size stops there (zip_bomb) — the declared sizes, already capped,
 * bound the work. Returns the number of bytes produced.
 */
export function streamEntry(bytes: Buffer, e: ZipEntry, onChunk: (chunk: Buffer) => void): Promise<number> {
  const data = compressedData(bytes, e);
  if (e.method === 0) {
    if (data.length !== e.size) return Promise.reject(refuse('invalid_docx', `Part ${e.name} does not match its declared size.`));
    onChunk(data);
    return Promise.resolve(data.length);
  }
  if (e.method !== 8) return Promise.reject(refuse('invalid_docx', `Part ${e.name} uses an unsupported compression method.`));
  return new Promise<number>((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let produced = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      inflate.destroy();
      reject(error instanceof AppError ? error : refuse('invalid_docx', `Part ${e.name} is damaged.`));
    };
    inflate.on('data', (chunk: Buffer) => {
      if (failed) return;
      produced += chunk.length;
      if (produced > e.size) return fail(refuse('zip_bomb', `Part ${e.name} expands beyond its declared size.`));
      try {
        onChunk(chunk);
      } catch (error) {
        fail(error);
      }
    });
    inflate.on('error', fail);
    inflate.on('end', () => {
      if (failed) return;
      if (produced !== e.size) return fail(refuse('invalid_docx', `Part ${e.name} does not match its declared size.`));
      resolve(produced);
    });
    inflate.end(data);
  });
}
