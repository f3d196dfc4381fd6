// A file opened for the XLSX reader (src/parse/xlsx/): random access through a FileHandle, so
// the reader reads the zip's central directory from the end and each part where it lies.
import { open } from 'node:fs/promises';
import type { RandomAccess } from '../parse/xlsx/index.js';

export interface OpenedRandomAccess {
  source: RandomAccess;
  /** Closes the file: call it when the reader is done (or has failed). */
  close(): Promise<void>;
}

export async function openRandomAccess(absolutePath: string): Promise<OpenedRandomAccess> {
  const handle = await open(absolutePath, 'r');
  try {
    const { size } = await handle.stat();
    const source: RandomAccess = {
      size,
      async read(offset, length) {
        const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        let done = 0;
        while (done < buffer.length) {
          const { bytesRead } = await handle.read(buffer, done, buffer.length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === buffer.length ? buffer : buffer.subarray(0, done);
      },
    };
    return { source, close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Runs `use` with the file open, and closes it afterwards, whether `use` succeeded or threw. */
export async function withRandomAccess<T>(absolutePath: string, use: (source: RandomAccess) => Promise<T>): Promise<T> {
  const { source, close } = await openRandomAccess(absolutePath);
  try {
    return await use(source);
  } finally {
    await close();
  }
}
