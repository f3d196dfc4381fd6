// The CLI's spill for batch rules' key stores (src/domain/key-store.ts): each key's bytes,
// appended once to a temporary file and read back only when two keys' digests are equal. The
// keys are personal data (ids, NHS numbers, names, dates of birth), so the file is made for
// the owner alone (0600) in the system's temporary folder, and encrypted with AES-256-CTR under
// a random key that is only ever in this process's memory (CTR lets any byte range be read
// back alone). It is removed at the end of the run, when the run fails, and on SIGINT, SIGTERM
// or SIGHUP (src/run/outputs.ts); one left by a process killed outright is unreadable without
// the key that died with it.
import { createCipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemorySpill, type KeySpill } from '../domain/key-store.js';
import { trackTemporary, untrackTemporary } from './outputs.js';

/** Bytes appended before they are encrypted and written. */
const BUFFER = 1 << 16;

export class FileSpill implements KeySpill {
  readonly path: string;
  private fd: number | undefined;
  private readonly key = randomBytes(32);
  /** The counter block of the file's first 16 bytes. */
  private readonly iv = randomBytes(16);
  /**
   * For reads: AES-256 of counter blocks, one block at a time (ECB, no padding), which is the
   * CTR key stream at any offset without a new cipher per read (a repeat costs a few
   * microseconds, not tens).
   */
  private readonly blockCipher: ReturnType<typeof createCipheriv>;
  private counters = Buffer.alloc(32);
  private readonly buffer = Buffer.allocUnsafe(BUFFER);
  private buffered = 0;
  /** Bytes in the file. */
  private written = 0;
  private readBuffer = Buffer.allocUnsafe(256);

  constructor(folder = os.tmpdir()) {
    this.blockCipher = createCipheriv('aes-256-ecb', this.key, null).setAutoPadding(false);
    this.path = path.join(folder, `.referral-lint-keys.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
    trackTemporary(this.path);
    try {
      // Made in this thread, so a signal cannot come between its making and its tracking.
      this.fd = openSync(this.path, 'wx+', 0o600);
    } catch (error) {
      untrackTemporary(this.path);
      throw error;
    }
  }

  get size(): number {
    return this.written + this.buffered;
  }

  get memoryBytes(): number {
    return this.buffer.byteLength + this.readBuffer.byteLength;
  }

  append(bytes: Uint8Array): number {
    const offset = this.size;
    if (this.buffered + bytes.length > BUFFER) {
      this.flush();
      if (bytes.length > BUFFER) {
        this.write(bytes);
        return offset;
      }
    }
    this.buffer.set(bytes, this.buffered);
    this.buffered += bytes.length;
    return offset;
  }

  read(offset: number, length: number): Uint8Array {
    // Still in the buffer: not yet encrypted.
    if (offset >= this.written) return this.buffer.subarray(offset - this.written, offset - this.written + length);
    if (offset + length > this.written) this.flush();
    if (this.readBuffer.length < length) this.readBuffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const read = readSync(this.descriptor(), this.readBuffer, done, length - done, offset + done);
      if (read === 0) throw new Error('the key spill is shorter than what was written to it');
      done += read;
    }
    const stream = this.keyStream(offset, length);
    const plain = this.readBuffer;
    for (let i = 0; i < length; i += 1) plain[i]! ^= stream[i]!;
    return plain.subarray(0, length);
  }

  /** The CTR key stream for `length` bytes from byte `offset` of the file. */
  private keyStream(offset: number, length: number): Buffer {
    const first = Math.floor(offset / 16);
    const skip = offset % 16;
    const blocks = Math.ceil((skip + length) / 16);
    if (this.counters.length < blocks * 16) this.counters = Buffer.alloc(blocks * 16);
    for (let b = 0; b < blocks; b += 1) this.counterBlock(first + b, this.counters, b * 16);
    return this.blockCipher.update(this.counters.subarray(0, blocks * 16)).subarray(skip, skip + length);
  }

  /** The counter block of block `n` of the file. */
  private counterBlock(n: number, into: Buffer, at: number): void {
    counterBlock(this.iv, n, into, at);
  }

  /** Closes and removes the file, and forgets the key. */
  close(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } finally {
      this.fd = undefined;
      this.key.fill(0);
      this.blockCipher.destroy();
      this.buffer.fill(0);
      rmSync(this.path, { force: true });
      untrackTemporary(this.path);
    }
  }

  private descriptor(): number {
    if (this.fd === undefined) throw new Error('the key spill is closed');
    return this.fd;
  }

  /** AES-256-CTR positioned at byte `offset` of the file: its counter block, less the bytes before `offset` in that block. */
  private cipherAt(offset: number): ReturnType<typeof createCipheriv> {
    const iv = Buffer.alloc(16);
    this.counterBlock(Math.floor(offset / 16), iv, 0);
    const cipher = createCipheriv('aes-256-ctr', this.key, iv);
    if (offset % 16 !== 0) cipher.update(Buffer.alloc(offset % 16));
    return cipher;
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.write(this.buffer.subarray(0, this.buffered));
    this.buffered = 0;
  }

  private write(plain: Uint8Array): void {
    const sealed = this.cipherAt(this.written).update(plain);
    let done = 0;
    while (done < sealed.length) done += writeSync(this.descriptor(), sealed, done, sealed.length - done, this.written + done);
    this.written += plain.length;
  }
}

/**
 * The spills of one run: `make` makes one, `close` removes every one made. Where no file can
 * be made (a temporary folder that is full, read-only or missing), the keys stay in memory, as
 * on the web page: the run is the same, only its memory differs.
 */
export class KeySpills {
  private readonly open: FileSpill[] = [];

  constructor(private readonly folder = os.tmpdir()) {}

  readonly make = (): KeySpill => {
    let spill: FileSpill;
    try {
      spill = new FileSpill(this.folder);
    } catch {
      return new MemorySpill();
    }
    this.open.push(spill);
    return spill;
  };

  close(): void {
    for (const spill of this.open.splice(0)) spill.close();
  }
}

/** Writes into `into` at `at` the counter block `n` blocks after `iv`: a 128-bit big-endian sum, as AES-CTR counts. */
export function counterBlock(iv: Buffer, n: number, into: Buffer, at = 0): void {
  let carry = n;
  for (let word = 12; word >= 0; word -= 4) {
    const sum = iv.readUInt32BE(word) + (carry % 0x100000000);
    into.writeUInt32BE(sum % 0x100000000, at + word);
    carry = Math.floor(carry / 0x100000000) + (sum >= 0x100000000 ? 1 : 0);
  }
}
