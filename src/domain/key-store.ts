// A compact, exact set of text keys, each with a number. A batch rule that remembers a key for
// every referral of a run (unique-referral: every id, and every child's key per agency and day)
// keeps, per key, a fixed-size record in typed arrays outside the garbage-collected heap: a
// 64-bit digest of the key's UTF-8 bytes, its number, and where its bytes are in a spill. The
// table is searched by digest alone, so the memory a key takes here does not depend on its
// length; the key's full bytes go to the spill (an in-memory one by default; the CLI's is an
// encrypted temporary file, src/run/key-spill.ts), read only when two digests are equal. A key
// is found only when its bytes are equal to those held: a digest collision is a re-read, never
// two keys taken for one. Columns grow a chunk at a time, so growing never copies what is held.
// Measured on unique-referral's keys of 1,000,000 generated referrals (2.8 keys a referral,
// 19 bytes a key on average): 71 bytes a referral in memory with the CLI's file spill, 127
// with the in-memory one; the store that held the keys' bytes in memory held 115.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Half of a surrogate pair standing alone: UTF-8 cannot hold it (TextEncoder writes U+FFFD for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Lanes of 32 bits of the digest kept per key: the first 64 bits of MurmurHash3 x86_128. A
 * search meets another key with the same 64 bits with a chance of about (keys held) / 2^64,
 * under 10^-12 for a run of millions: a spill read, never a finding. All 128 bits would cost 8
 * bytes more a key (22 bytes a referral for unique-referral, 38 % more in memory).
 */
const LANES = 2;
/** Keys in a chunk of the per-key columns. */
const CHUNK = 1 << 16;
/** Bytes in a block of the in-memory spill (a longer key has a block of its own). */
const BLOCK = 1 << 20;

/**
 * Where a key store keeps its keys' full bytes: appended once each, in the order added, and
 * read back only to confirm a digest match or to give a key's text.
 */
export interface KeySpill {
  /** Appends the bytes; returns where they start (the total appended before them). */
  append(bytes: Uint8Array): number;
  /** The `length` bytes appended at `offset`. The answer may be a view that the next call reuses. */
  read(offset: number, length: number): Uint8Array;
  /** Bytes appended so far. */
  readonly size: number;
  /** Bytes this spill keeps in memory. */
  readonly memoryBytes: number;
}

/** A spill in memory: the bytes in 1 MB blocks, a key never split between two. */
export class MemorySpill implements KeySpill {
  private readonly blocks: Uint8Array[] = [];
  /** Where each block starts in the spill. */
  private readonly starts: number[] = [];
  private used = BLOCK;
  private total = 0;

  get size(): number {
    return this.total;
  }

  get memoryBytes(): number {
    let bytes = 0;
    for (const block of this.blocks) bytes += block.byteLength;
    return bytes;
  }

  append(bytes: Uint8Array): number {
    const length = bytes.length;
    const last = this.blocks.length - 1;
    if (last < 0 || this.used + length > this.blocks[last]!.length) {
      this.blocks.push(new Uint8Array(Math.max(BLOCK, length)));
      this.starts.push(this.total);
      this.used = 0;
    }
    const offset = this.total;
    this.blocks[this.blocks.length - 1]!.set(bytes, this.used);
    this.used += length;
    this.total += length;
    return offset;
  }

  read(offset: number, length: number): Uint8Array {
    // The last block starting at or before `offset` holds the whole key.
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    const start = offset - this.starts[low]!;
    return this.blocks[low]!.subarray(start, start + length);
  }
}

/** Writes the 128-bit digest of `bytes[0, length)` into `out` (four 32-bit lanes). */
export type Digest = (bytes: Uint8Array, length: number, out: Uint32Array) => void;

export interface KeyStoreOptions {
  /** Where the keys' bytes go: a new MemorySpill when not given. */
  spill?: KeySpill;
  /** For tests only (a digest that maps every key to one value): MurmurHash3 x86_128 otherwise. */
  digest?: Digest;
}

export class KeyStore {
  private readonly spill: KeySpill;
  private readonly digest: Digest;
  /** Per key, in chunks of CHUNK: its digest (LANES lanes), its value, where its bytes start in the spill. */
  private readonly digestOf: Uint32Array[] = [];
  private readonly valueOf: Int32Array[] = [];
  private readonly offsetOf: Uint32Array[] = [];
  private count = 0;
  /** Key index + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(1 << 10);
  private scratch = new Uint8Array(256);
  private scratchLength = 0;
  private readonly lanes = new Uint32Array(4);
  /** Digest matches whose bytes were read from the spill, and of those, how many were another key. */
  confirmations = 0;
  collisions = 0;

  constructor(options: KeyStoreOptions = {}) {
    this.spill = options.spill ?? new MemorySpill();
    this.digest = options.digest ?? murmur3x86x128;
  }

  get size(): number {
    return this.count;
  }

  /** The bytes it holds in memory: its per-key columns, its table, and its spill's memory. */
  get bytes(): number {
    return this.slots.byteLength + this.scratch.byteLength + this.digestOf.length * CHUNK * (LANES * 4 + 4 + 4) + this.spill.memoryBytes;
  }

  /** Encodes the key into the scratch buffer and its digest into the lanes. */
  private encode(key: string): void {
    // A key with a lone surrogate is held as its JSON text after a 0xFF byte, which no UTF-8
    // text has: it stays distinct from every other key (TextEncoder would make two such keys one).
    const odd = LONE_SURROGATE.test(key);
    const text = odd ? JSON.stringify(key) : key;
    const at = odd ? 1 : 0;
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (this.scratch.length < text.length * 3 + at) this.scratch = new Uint8Array(text.length * 3 + at);
    if (odd) this.scratch[0] = 0xff;
    const { written } = encoder.encodeInto(text, this.scratch.subarray(at));
    this.scratchLength = written + at;
    this.digest(this.scratch, this.scratchLength, this.lanes);
  }

  /** The key's bytes run from its offset to the next key's (or the spill's end): the spill is appended in index order. */
  private lengthOf(index: number): number {
    const end = index + 1 === this.count ? this.spill.size : this.offsetOf[(index + 1) >>> 16]![(index + 1) & (CHUNK - 1)]!;
    return end - this.offsetOf[index >>> 16]![index & (CHUNK - 1)]!;
  }

  private bytesOf(index: number): Uint8Array {
    return this.spill.read(this.offsetOf[index >>> 16]![index & (CHUNK - 1)]!, this.lengthOf(index));
  }

  /** Whether the key at `index` is the encoded key: its digest first, then, only when the digests are equal, its bytes. */
  private matches(index: number): boolean {
    const digests = this.digestOf[index >>> 16]!;
    const at = (index & (CHUNK - 1)) * LANES;
    if (digests[at] !== this.lanes[0] || digests[at + 1] !== this.lanes[1]) return false;
    this.confirmations += 1;
    const length = this.scratchLength;
    if (this.lengthOf(index) === length) {
      const bytes = this.bytesOf(index);
      let i = 0;
      while (i < length && bytes[i] === this.scratch[i]) i += 1;
      if (i === length) return true;
    }
    this.collisions += 1;
    return false;
  }

  /** The slot of the encoded key: where it is, or the empty slot where it would go. The digest places the search; the bytes decide. */
  private slotOf(): number {
    const mask = this.slots.length - 1;
    let slot = this.lanes[0]! & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0 || this.matches(held - 1)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The key's index, or -1 when it is not held. */
  find(key: string): number {
    this.encode(key);
    return this.slots[this.slotOf()]! - 1;
  }

  /** The key's index: the one it has, or a new one, holding `value`, when it was not held. */
  add(key: string, value: number): { index: number; added: boolean } {
    this.encode(key);
    const slot = this.slotOf();
    const held = this.slots[slot]!;
    if (held !== 0) return { index: held - 1, added: false };
    const index = this.count;
    const chunk = index >>> 16;
    if (chunk === this.digestOf.length) {
      this.digestOf.push(new Uint32Array(CHUNK * LANES));
      this.valueOf.push(new Int32Array(CHUNK));
      this.offsetOf.push(new Uint32Array(CHUNK));
    }
    const at = index & (CHUNK - 1);
    // Where a key starts is held in 32 bits: 4 GB of keys, far past any run.
    if (this.spill.size + this.scratchLength > 0xffffffff) throw new RangeError('a key store holds at most 4 GB of keys');
    this.offsetOf[chunk]![at] = this.spill.append(this.scratch.subarray(0, this.scratchLength));
    this.digestOf[chunk]![at * LANES] = this.lanes[0]!;
    this.digestOf[chunk]![at * LANES + 1] = this.lanes[1]!;
    this.valueOf[chunk]![at] = value;
    this.count += 1;
    this.slots[slot] = index + 1;
    // At most three quarters full, so that a search meets an empty slot soon.
    if (this.count * 4 > this.slots.length * 3) this.rehash();
    return { index, added: true };
  }

  /** A table twice the size, from the digests held: the spill is not read. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index += 1) {
      let slot = this.digestOf[index >>> 16]![(index & (CHUNK - 1)) * LANES]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  /** The number held with the key at `index`. */
  valueAt(index: number): number {
    return this.valueOf[index >>> 16]![index & (CHUNK - 1)]!;
  }

  /** The key at `index`, as text (read from the spill). */
  keyAt(index: number): string {
    const bytes = this.bytesOf(index);
    return bytes[0] === 0xff ? (JSON.parse(decoder.decode(bytes.subarray(1))) as string) : decoder.decode(bytes);
  }
}

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** MurmurHash3 x86_128 (seed 0) of `bytes[0, length)`: four 32-bit lanes, Math.imul only. Not cryptographic: the bytes decide. */
export function murmur3x86x128(bytes: Uint8Array, length: number, out: Uint32Array): void {
  const c1 = 0x239b961b;
  const c2 = 0xab0e9789;
  const c3 = 0x38b34ae5;
  const c4 = 0xa1e38b93;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let h4 = 0;
  const blocks = length & ~15;
  let k1: number;
  let k2: number;
  let k3: number;
  let k4: number;
  for (let i = 0; i < blocks; i += 16) {
    k1 = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k2 = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    k3 = bytes[i + 8]! | (bytes[i + 9]! << 8) | (bytes[i + 10]! << 16) | (bytes[i + 11]! << 24);
    k4 = bytes[i + 12]! | (bytes[i + 13]! << 8) | (bytes[i + 14]! << 16) | (bytes[i + 15]! << 24);
    h1 ^= Math.imul(rotl(Math.imul(k1, c1), 15), c2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(k2, c2), 16), c3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(k3, c3), 17), c4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(k4, c4), 18), c1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // The last 1 to 15 bytes, little-endian into up to four lanes, each mixed as a block's.
  const tail = length & 15;
  k1 = 0;
  k2 = 0;
  k3 = 0;
  k4 = 0;
  for (let i = 0; i < tail; i += 1) {
    const byte = bytes[blocks + i]! << ((i & 3) * 8);
    if (i < 4) k1 ^= byte;
    else if (i < 8) k2 ^= byte;
    else if (i < 12) k3 ^= byte;
    else k4 ^= byte;
  }
  if (tail > 12) h4 ^= Math.imul(rotl(Math.imul(k4, c4), 18), c1);
  if (tail > 8) h3 ^= Math.imul(rotl(Math.imul(k3, c3), 17), c4);
  if (tail > 4) h2 ^= Math.imul(rotl(Math.imul(k2, c2), 16), c3);
  if (tail > 0) h1 ^= Math.imul(rotl(Math.imul(k1, c1), 15), c2);
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  out[0] = h1;
  out[1] = h2;
  out[2] = h3;
  out[3] = h4;
}
