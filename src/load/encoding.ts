// What a file on disk is before a loader reads it: a regular file and its first bytes, or
// something no loader should read (a named pipe, a device, a socket). Its encoding is decided
// from those bytes by src/intake/text.ts; reasons never quote the content.
import { constants, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { HEAD_BYTES } from '../parse/text-encoding.js';

export { detectEncoding, EncodingError, type FileText, type TextEncoding } from '../intake/text.js';

// Bytes read to decide (HEAD_BYTES): enough to hold the first few referrals, where a name or
// summary typed in another encoding (a pound sign, an accent, a curly quote) shows up.
export { HEAD_BYTES } from '../parse/text-encoding.js';

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
