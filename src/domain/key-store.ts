// A compact, exact set of text keys, each with a number: the keys' UTF-8 bytes in fixed-size
// blocks, found through an open-addressing hash table. A batch rule that remembers a key for
// every referral of a run (unique-referral: every id, and every child's key per agency and day)
// keeps a few tens of bytes a key this way, outside the garbage-collected heap, where a Map of
// strings keeps a few hundred, and the collector's headroom on top of them. Blocks and the
// per-key columns grow a chunk at a time, so growing never copies what is held. A key is found
// only by its own bytes: no two keys are ever taken for one.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Half of a surrogate pair standing alone: UTF-8 cannot hold it (TextEncoder writes U+FFFD for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Bytes in a block of keys (a longer key has a block of its own). */
const BLOCK = 1 << 20;
/** Keys in a chunk of the per-key columns. */
const CHUNK = 1 << 16;

export class KeyStore {
  private readonly blocks: Uint8Array[] = [];
  /** Bytes used in the last block. */
  private blockUsed = BLOCK;
  /** Per key, in chunks of CHUNK: its place (block × BLOCK + where it starts in the block), its length, its value. */
  private readonly placeOf: Uint32Array[] = [];
  private readonly lengthOf: Uint32Array[] = [];
  private readonly valueOf: Int32Array[] = [];
  private count = 0;
  /** Key index + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(1 << 10);
  private scratch = new Uint8Array(256);
  private scratchLength = 0;

  get size(): number {
    return this.count;
  }

  /** Encodes the key into the scratch buffer; returns its hash (FNV-1a, 32 bits). */
  private encode(key: string): number {
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
    return hashOf(this.scratch, 0, this.scratchLength);
  }

  private bytesOf(index: number): Uint8Array {
    const chunk = index >>> 16;
    const at = index & (CHUNK - 1);
    const place = this.placeOf[chunk]![at]!;
    const start = place % BLOCK;
    return this.blocks[(place - start) / BLOCK]!.subarray(start, start + this.lengthOf[chunk]![at]!);
  }

  private matches(index: number): boolean {
    const bytes = this.bytesOf(index);
    const length = this.scratchLength;
    if (bytes.length !== length) return false;
    for (let i = 0; i < length; i += 1) if (bytes[i] !== this.scratch[i]) return false;
    return true;
  }

  /** The slot of the encoded key: where it is, or the empty slot where it would go. The hash places the search; the bytes decide. */
  private slotOf(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0 || this.matches(held - 1)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The key's index, or -1 when it is not held. */
  find(key: string): number {
    return this.slots[this.slotOf(this.encode(key))]! - 1;
  }

  /** The key's index: the one it has, or a new one, holding `value`, when it was not held. */
  add(key: string, value: number): { index: number; added: boolean } {
    const slot = this.slotOf(this.encode(key));
    const held = this.slots[slot]!;
    if (held !== 0) return { index: held - 1, added: false };
    const index = this.count;
    const length = this.scratchLength;
    if (this.blockUsed + length > BLOCK || this.blocks.length === 0) {
      // A place is held in 32 bits: 4,096 blocks, 4 GB of keys, far past any run.
      if (this.blocks.length === 4096) throw new RangeError('a key store holds at most 4 GB of keys');
      this.blocks.push(new Uint8Array(Math.max(BLOCK, length)));
      this.blockUsed = 0;
    }
    const block = this.blocks.length - 1;
    this.blocks[block]!.set(this.scratch.subarray(0, length), this.blockUsed);
    const chunk = index >>> 16;
    if (chunk === this.placeOf.length) {
      this.placeOf.push(new Uint32Array(CHUNK));
      this.lengthOf.push(new Uint32Array(CHUNK));
      this.valueOf.push(new Int32Array(CHUNK));
    }
    const at = index & (CHUNK - 1);
    this.placeOf[chunk]![at] = block * BLOCK + this.blockUsed;
    this.lengthOf[chunk]![at] = length;
    this.valueOf[chunk]![at] = value;
    // A key longer than a block fills its own; the next key starts a new one.
    this.blockUsed = length > BLOCK ? BLOCK : this.blockUsed + length;
    this.count += 1;
    this.slots[slot] = index + 1;
    // At most three quarters full, so that a search meets an empty slot soon.
    if (this.count * 4 > this.slots.length * 3) this.rehash();
    return { index, added: true };
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index += 1) {
      const bytes = this.bytesOf(index);
      let slot = hashOf(bytes, 0, bytes.length) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  /** The number held with the key at `index`. */
  valueAt(index: number): number {
    return this.valueOf[index >>> 16]![index & (CHUNK - 1)]!;
  }

  /** The key at `index`, as text. */
  keyAt(index: number): string {
    const bytes = this.bytesOf(index);
    return bytes[0] === 0xff ? (JSON.parse(decoder.decode(bytes.subarray(1))) as string) : decoder.decode(bytes);
  }
}

function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i += 1) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}
