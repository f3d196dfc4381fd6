// What a file is before a loader reads it: UTF-8 text (with or without a byte order mark),
// UTF-16 text with a byte order mark (Windows PowerShell 5's `>` and Out-File, Notepad's
// "Unicode"), or something no loader should read: a binary file, another encoding, a named
// pipe. Decided from the file's type and its first bytes; reasons never quote the content.
import { constants, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { HEAD_BYTES, isUtf8Text, startsWith, wideEncodingName } from '../parse/text-encoding.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How to read a file, or why it cannot be read as a referral export. */
export type FileText = { encoding: TextEncoding } | { failure: string };

// Bytes read to decide (HEAD_BYTES): enough to hold the first few referrals, where a name or
// summary typed in another encoding (a pound sign, an accent, a curly quote) shows up.
export { HEAD_BYTES } from '../parse/text-encoding.js';

/** A decoding failure met while a file is read: the file fails with this reason. */
export class EncodingError extends Error {
  override name = 'EncodingError';
}

const BINARY = 'a binary file, not text (it holds NUL bytes)';
const NOT_UTF8 = 'not UTF-8 text (perhaps another encoding, such as Windows-1252): save it as UTF-8';
const READS = 'referral-lint reads UTF-8, and UTF-16 with a byte order mark; save it as UTF-8';

/** A text encoding that is not read, named with how it was detected. */
const unreadEncoding = (name: string, fromMark: boolean): string => `${name} text${fromMark ? '' : ' without a byte order mark'}: ${READS}`;

/** The encoding of a file from its first bytes (`whole`: they are the whole file). */
export function detectEncoding(head: Uint8Array, whole: boolean): FileText {
  // UTF-32's marks start with UTF-16's (FF FE), so they are looked for first.
  if (startsWith(head, 0xff, 0xfe, 0x00, 0x00)) return { failure: unreadEncoding('UTF-32 (little-endian)', true) };
  if (startsWith(head, 0x00, 0x00, 0xfe, 0xff)) return { failure: unreadEncoding('UTF-32 (big-endian)', true) };
  if (startsWith(head, 0xff, 0xfe)) return { encoding: 'utf-16le' };
  if (startsWith(head, 0xfe, 0xff)) return { encoding: 'utf-16be' };
  if (head.includes(0)) {
    const wide = wideEncodingName(head);
    return { failure: wide ? unreadEncoding(wide, false) : BINARY };
  }
  return isUtf8Text(head, whole) ? { encoding: 'utf-8' } : { failure: NOT_UTF8 };
}

/** Why a file system entry that is not a regular file cannot be read; undefined for a regular file. */
function notAFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  // A folder is an input when it replaced a file during the run.
  if (stats.isDirectory()) return 'cannot read the file: it is a directory';
  if (stats.isFIFO()) return 'not a regular file: a named pipe, which would wait for a writer; pipe the export to standard input (-) instead';
  return 'not a regular file: a device';
}

/** A reason of its own for a file that cannot be opened; undefined when the error's code says it all. */
async function openFailure(absolute: string, code: string | undefined): Promise<string | undefined> {
  if (code === 'ENXIO') return 'not a regular file: a socket';
  if (code === 'ENOENT' && (await lstat(absolute).catch(() => undefined))?.isSymbolicLink()) {
    return 'cannot read the file: a symbolic link to a file that does not exist';
  }
  // A folder a directory walk could not list is one of its inputs.
  if ((code === 'EACCES' || code === 'EPERM') && (await stat(absolute).catch(() => undefined))?.isDirectory()) {
    return 'cannot read the directory: permission denied';
  }
  return undefined;
}

/** A file's first bytes (`whole`: they are all of it), or why it is not a file to read. */
export type FileHead = { bytes: Buffer; whole: boolean } | { failure: string };

/**
 * The first HEAD_BYTES bytes of a regular file. Opened without blocking, so a named pipe
 * with no writer is failed, not waited on. Errors of the file system (it has gone,
 * permission denied) are thrown, for the caller's reason.
 */
export async function readHead(absolute: string): Promise<FileHead> {
  let handle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const failure = await openFailure(absolute, (error as NodeJS.ErrnoException).code);
    if (failure) return { failure };
    throw error;
  }
  try {
    const failure = notAFile(await handle.stat());
    if (failure) return { failure };
    const bytes = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, HEAD_BYTES, 0);
    return { bytes: bytes.subarray(0, bytesRead), whole: bytesRead < HEAD_BYTES };
  } finally {
    await handle.close();
  }
}

/** A UTF-16 file's text, decoded as it is read, for the loaders; its byte order mark is dropped. */
export async function* decodeUtf16(chunks: AsyncIterable<Buffer>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new EncodingError('not valid UTF-16 text (a character is cut off, or half of a pair is missing): save it as UTF-8');
    }
  };
  for await (const chunk of chunks) {
    const text = decode(chunk);
    if (text !== '') yield text;
  }
  const rest = decode();
  if (rest !== '') yield rest;
}

/**
 * A UTF-8 text's chunks as strings (for the YAML loader), decoded as they are read: a
 * character split between two chunks is decoded whole, a byte that is not UTF-8 is read as
 * the replacement character, as a stream opened with the 'utf8' encoding does.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = decoder.write(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}
