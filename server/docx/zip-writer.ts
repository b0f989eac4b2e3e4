import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** An entry already compressed: what writeZip needs to place it, so a part that never changes is deflated once. */
export interface CompressedEntry {
  name: string;
  crc: number;
  size: number;
  /** 8 (deflate) or 0 (stored, when deflate would not make it smaller). */
  method: 0 | 8;
  body: Uint8Array;
}

// A fixed timestamp (1980-01-01 00:00, the DOS epoch): the same inputs give the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Level 4: on the 155 KB document.xml of the sample MSA, 1.5 ms instead of 2.7 ms at zlib's
 * default 6 for a file 6% larger (33.6 KB vs 31.8 KB) — deflate was a quarter of a worker's time.
 */
export const DEFLATE_LEVEL = 4;

/** Deflates one entry with Node's native zlib (pizzip's JavaScript deflate cost a third of a render). */
export function compressEntry(entry: ZipEntry, level = DEFLATE_LEVEL): CompressedEntry {
  const deflated = deflateRawSync(entry.data, { level });
  const stored = deflated.length >= entry.data.length;
  return { name: entry.name, crc: crc32(entry.data), size: entry.data.length, method: stored ? 0 : 8, body: stored ? Buffer.from(entry.data) : deflated };
}

/**
 * Part of an entry deflated ahead of time, possibly on another thread: a raw deflate stream that
 * ends in a sync flush (byte-aligned, no final block), so it can be joined to what comes before
 * and after it. `raw` is kept for the entry's CRC and size.
 */
export interface DeflatedPiece {
  raw: Uint8Array;
  deflated: Uint8Array;
}

/** Ends in a sync flush rather than a final block, so what follows can be joined on. */
const pieceOptions = (level: number) => ({ level, finishFlush: constants.Z_SYNC_FLUSH });

export function deflatePiece(raw: Uint8Array, level = DEFLATE_LEVEL): DeflatedPiece {
  return { raw, deflated: deflateRawSync(raw, pieceOptions(level)) };
}

const deflateRawAsync = promisify(deflateRaw);

/**
 * deflatePiece on libuv's thread pool, leaving the calling thread free. The output buffer is as
 * large as the input, so the whole piece is one trip to the pool and back: with the default 16 KB
 * a 155 KB body took three, each waking a pool thread and queueing a callback on the event loop.
 */
export async function deflatePieceOffThread(raw: Uint8Array, level = DEFLATE_LEVEL): Promise<DeflatedPiece> {
  return { raw, deflated: await deflateRawAsync(raw, { ...pieceOptions(level), chunkSize: Math.max(constants.Z_MIN_CHUNK, raw.length + 64) }) };
}

/**
 * One entry from pieces in order, some already deflated: each plain piece is deflated to a
 * sync flush and the last block closes the stream. Concatenated deflate streams of this kind
 * are one valid stream (what pigz does), so a large part can be compressed where there is a
 * spare core while the rest of the document is still being filled.
 */
export function compressPieces(name: string, pieces: (Uint8Array | DeflatedPiece)[], level = DEFLATE_LEVEL): CompressedEntry {
  const bodies: Uint8Array[] = [];
  let crc = 0;
  let size = 0;
  for (const given of pieces) {
    if ((given instanceof Uint8Array ? given : given.raw).length === 0) continue;
    const piece = given instanceof Uint8Array ? deflatePiece(given, level) : given;
    crc = crc32(piece.raw, crc);
    size += piece.raw.length;
    bodies.push(piece.deflated);
  }
  // An empty final block (fixed Huffman, end of block only) closes the stream.
  bodies.push(Buffer.from([0x03, 0x00]));
  return { name, crc, size, method: 8, body: Buffer.concat(bodies) };
}

/**
 * Writes a .docx (zip). Plain zip: no ZIP64, no data descriptors, UTF-8 names. Entries may be
 * given raw (deflated here) or already compressed (copied as they are).
 */
export function writeZip(entries: (ZipEntry | CompressedEntry)[], level = DEFLATE_LEVEL): Buffer {
  const locals: Uint8Array[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const given of entries) {
    const entry = 'body' in given ? given : compressEntry(given, level);
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.body.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.body.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.body);
    centrals.push(central, name);
    offset += local.length + name.length + entry.body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
