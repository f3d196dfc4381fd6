// A zip reader over random access: the central directory is read from the end of the file,
// and each entry is inflated on demand, in chunks, with fflate's streaming Inflate. Nothing
// here holds a whole entry: callers get its bytes chunk by chunk and count them against the
// limits as they come, so a zip bomb or a lying declared size stops at the limit.
import { Inflate } from 'fflate';
import { TableError } from '../table.js';
import type { XlsxLimits } from './limits.js';

/** Bytes that can be read at any offset: a file handle, a Blob, an array in memory. */
export interface RandomAccess {
  /** Total bytes. */
  size: number;
  /** Up to `length` bytes from `offset` (fewer only at the end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  /** As declared by the central directory: not trusted, counted while inflating. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** The central directory is read whole: at most this many bytes (about 150,000 entries). */
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;
/** Compressed bytes read from the source at a time. */
const READ_CHUNK = 64 * 1024;
/**
 * Compressed bytes handed to the inflater at a time. DEFLATE inflates at most about 1,032 bytes
 * per compressed byte, so one push yields at most about 8 MB, however the entry was built:
 * that is the most a bomb can make the reader hold past a limit before it counts and stops.
 */
const INFLATE_SLICE = 8 * 1024;

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}
function u64(b: Uint8Array, at: number): number {
  const high = u32(b, at + 4);
  if (high >= 0x200000) throw new TableError('the zip has a 64-bit size or offset past what can be read (2^53 bytes)');
  return high * 0x100000000 + u32(b, at);
}

async function readExactly(source: RandomAccess, offset: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = length === 0 ? new Uint8Array(0) : await source.read(offset, length);
  if (bytes.length < length) throw new TableError(`the zip is truncated: ${what} runs past the end of the file`);
  return bytes;
}

export interface Zip {
  entries: Map<string, ZipEntry>;
  source: RandomAccess;
}

/** Reads the central directory: every entry's name, sizes and place. */
export async function openZip(source: RandomAccess, limits: XlsxLimits): Promise<Zip> {
  const head = await source.read(0, Math.min(source.size, 8));
  if (head.length >= 8 && OLE2.every((b, i) => head[i] === b)) {
    throw new TableError('an encrypted or old-format (.xls) workbook: save it as .xlsx');
  }
  const isLocalHeader = head.length >= 4 && u32(head, 0) === LOCAL_SIGNATURE;
  const tailLength = Math.min(source.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i -= 1) {
    if (tail[i] === 0x50 && u32(tail, i) === EOCD_SIGNATURE && i + EOCD_SIZE + u16(tail, i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new TableError(
      isLocalHeader
        ? 'the zip is truncated or damaged: its end-of-central-directory record is missing'
        : 'not an XLSX workbook: the file is not a zip archive',
    );
  }
  if (u16(tail, eocd + 4) !== 0 || u16(tail, eocd + 6) !== 0) throw new TableError('a zip split over several files (disks) is not supported');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: a locator just before the record points to the 64-bit record.
    const locatorAt = tailStart + eocd - 20;
    const locator = locatorAt >= 0 ? await readExactly(source, locatorAt, 20, 'the zip64 locator') : new Uint8Array(0);
    if (locator.length < 20 || u32(locator, 0) !== ZIP64_LOCATOR_SIGNATURE) {
      throw new TableError('the zip is damaged: it has 64-bit sizes but no zip64 end-of-central-directory locator');
    }
    const record = await readExactly(source, u64(locator, 8), 56, 'the zip64 end-of-central-directory record');
    if (u32(record, 0) !== ZIP64_EOCD_SIGNATURE) throw new TableError('the zip is damaged: its zip64 end-of-central-directory record is missing');
    count = u64(record, 32);
    cdSize = u64(record, 40);
    cdOffset = u64(record, 48);
  }
  if (count > limits.maxEntries) {
    throw new TableError(`the zip lists ${count} files, past the limit of ${limits.maxEntries} (maxEntries)`);
  }
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) {
    throw new TableError(`the zip's central directory is ${cdSize} bytes, past the limit of ${MAX_CENTRAL_DIRECTORY_BYTES}`);
  }
  if (cdOffset + cdSize > source.size) throw new TableError('the zip is truncated: its central directory runs past the end of the file');
  const cd = await readExactly(source, cdOffset, cdSize, 'the central directory');
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > cd.length || u32(cd, at) !== CENTRAL_SIGNATURE) throw new TableError('the zip is damaged: its central directory is not where it says');
    const flags = u16(cd, at + 8);
    const method = u16(cd, at + 10);
    let compressedSize = u32(cd, at + 20);
    let uncompressedSize = u32(cd, at + 24);
    const nameLength = u16(cd, at + 28);
    const extraLength = u16(cd, at + 30);
    const commentLength = u16(cd, at + 32);
    let localHeaderOffset = u32(cd, at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new TableError('the zip is damaged: a central directory entry runs past its end');
    const name = decoder.decode(cd.subarray(at + 46, at + 46 + nameLength)).replace(/^\/+/, '');
    // Zip64 extra field (0x0001): the 64-bit values of the fields set to 0xffffffff, in order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(cd, extra);
      const size = u16(cd, extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        const fieldEnd = Math.min(field + size, extraEnd);
        if (uncompressedSize === 0xffffffff && field + 8 <= fieldEnd) (uncompressedSize = u64(cd, field)), (field += 8);
        if (compressedSize === 0xffffffff && field + 8 <= fieldEnd) (compressedSize = u64(cd, field)), (field += 8);
        if (localHeaderOffset === 0xffffffff && field + 8 <= fieldEnd) (localHeaderOffset = u64(cd, field)), (field += 8);
      }
      extra += 4 + size;
    }
    entries.set(name, { name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  return { entries, source };
}

/** The entry at `name`, matched exactly, then ignoring case. */
export function findEntry(zip: Zip, name: string): ZipEntry | undefined {
  const exact = zip.entries.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [key, entry] of zip.entries) if (key.toLowerCase() === lower) return entry;
  return undefined;
}

/** What one part may inflate to, and the run's running total. */
export interface PartBudget {
  /** The part's own limit, and the limit's name for the message. */
  maxBytes: number;
  limitName: string;
  total: { bytes: number };
}

/**
 * The entry's uncompressed bytes, chunk by chunk. Throws a TableError as soon as the bytes
 * inflated so far pass the part's limit, the total limit, the compression-ratio limit or the
 * size the entry declares: at most one inflater push (about 8 MB) past the limit is ever held.
 */
export async function* entryBytes(zip: Zip, entry: ZipEntry, budget: PartBudget, limits: XlsxLimits): AsyncGenerator<Uint8Array> {
  const part = entry.name;
  if (entry.flags & 0x1) throw new TableError(`${part} is encrypted: an encrypted workbook cannot be read (save it as .xlsx without a password)`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new TableError(`${part} is compressed with method ${entry.method}: only stored (0) and deflate (8) can be read`);
  }
  if (entry.uncompressedSize > budget.maxBytes) {
    throw new TableError(`${part} declares ${entry.uncompressedSize} bytes uncompressed, past the limit of ${budget.maxBytes} (${budget.limitName})`);
  }
  const local = await readExactly(zip.source, entry.localHeaderOffset, 30, `${part}'s local header`);
  if (u32(local, 0) !== LOCAL_SIGNATURE) throw new TableError(`the zip is damaged: ${part}'s local header is not where the central directory says`);
  const dataStart = entry.localHeaderOffset + 30 + u16(local, 26) + u16(local, 28);
  if (dataStart + entry.compressedSize > zip.source.size) throw new TableError(`the zip is truncated: ${part} runs past the end of the file`);

  let inflated = 0;
  const count = (n: number): void => {
    inflated += n;
    budget.total.bytes += n;
    if (inflated > budget.maxBytes) {
      throw new TableError(`${part} inflates to more than ${budget.maxBytes} bytes, the limit (${budget.limitName})`);
    }
    if (budget.total.bytes > limits.maxTotalBytes) {
      throw new TableError(`the parts read inflate to more than ${limits.maxTotalBytes} bytes in all, the limit (maxTotalBytes), at ${part}`);
    }
    if (inflated > entry.uncompressedSize) {
      throw new TableError(`${part} inflates to more than the ${entry.uncompressedSize} bytes it declares: the zip is damaged or hostile`);
    }
    if (inflated > limits.compressionRatioFrom && inflated > limits.maxCompressionRatio * Math.max(1, entry.compressedSize)) {
      throw new TableError(
        `${part} inflates to more than ${limits.maxCompressionRatio} times its ${entry.compressedSize} compressed bytes, the limit (maxCompressionRatio): a zip bomb?`,
      );
    }
  };

  const out: Uint8Array[] = [];
  const inflater = entry.method === 8 ? new Inflate((chunk) => void out.push(chunk)) : undefined;
  for (let offset = 0; offset < entry.compressedSize; offset += READ_CHUNK) {
    const length = Math.min(READ_CHUNK, entry.compressedSize - offset);
    const compressed = await readExactly(zip.source, dataStart + offset, length, part);
    const last = offset + length >= entry.compressedSize;
    if (!inflater) {
      count(compressed.length);
      yield compressed;
      continue;
    }
    for (let s = 0; s < compressed.length; s += INFLATE_SLICE) {
      const slice = compressed.subarray(s, Math.min(s + INFLATE_SLICE, compressed.length));
      try {
        inflater.push(slice, last && s + INFLATE_SLICE >= compressed.length);
      } catch {
        throw new TableError(`${part}'s compressed data is damaged: it cannot be inflated`);
      }
      for (const chunk of out) count(chunk.length);
      const chunks = out.splice(0);
      for (const chunk of chunks) if (chunk.length > 0) yield chunk;
    }
  }
  if (inflater && entry.compressedSize === 0) {
    throw new TableError(`${part}'s compressed data is damaged: it is empty`);
  }
  if (inflated !== entry.uncompressedSize) {
    throw new TableError(`${part} inflates to ${inflated} bytes, not the ${entry.uncompressedSize} it declares: the zip is damaged`);
  }
}

/** Bytes already in memory (a browser's file as an ArrayBuffer, a test's workbook) as RandomAccess. */
export function bytesSource(bytes: Uint8Array): RandomAccess {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}
