// A compact, exact set of text keys, each with a number: the keys' UTF-8 bytes in one growing
// buffer, found through an open-addressing hash table. A batch rule that remembers a key for
// every referral of a run (unique-referral: every id, and every child's key per agency and day)
// keeps a few tens of bytes a key this way, outside the garbage-collected heap, where a Map of
// strings keeps a few hundred, and the collector's headroom on top of them. A key is found only
// by its own bytes: no two keys are ever taken for one.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Half of a surrogate pair standing alone: UTF-8 cannot hold it (TextEncoder writes U+FFFD for it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function grown<T extends Uint8Array | Uint32Array | Int32Array>(array: T, needed: number, make: (length: number) => T): T {
  if (needed <= array.length) return array;
  let length = array.length * 2;
  while (length < needed) length *= 2;
  const next = make(length);
  next.set(array);
  return next;
}

export class KeyStore {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  private starts = new Uint32Array(256);
  private lengths = new Uint32Array(256);
  private hashes = new Uint32Array(256);
  private values = new Int32Array(256);
  private count = 0;
  /** Key index + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(512);
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
    const length = this.scratchLength;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i += 1) hash = Math.imul(hash ^ this.scratch[i]!, 0x01000193);
    return hash >>> 0;
  }

  private matches(index: number): boolean {
    const length = this.scratchLength;
    if (this.lengths[index] !== length) return false;
    const start = this.starts[index]!;
    for (let i = 0; i < length; i += 1) if (this.bytes[start + i] !== this.scratch[i]) return false;
    return true;
  }

  /** The slot of the encoded key: where it is, or the empty slot where it would go. */
  private slotOf(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) return slot;
      const index = held - 1;
      if (this.hashes[index] === hash && this.matches(index)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The key's index, or -1 when it is not held. */
  find(key: string): number {
    const held = this.slots[this.slotOf(this.encode(key))]!;
    return held - 1;
  }

  /** The key's index: the one it has, or a new one, holding `value`, when it was not held. */
  add(key: string, value: number): { index: number; added: boolean } {
    const hash = this.encode(key);
    const slot = this.slotOf(hash);
    const held = this.slots[slot]!;
    if (held !== 0) return { index: held - 1, added: false };
    const index = this.count;
    const length = this.scratchLength;
    this.bytes = grown(this.bytes, this.used + length, (n) => new Uint8Array(n));
    this.bytes.set(this.scratch.subarray(0, length), this.used);
    for (const name of ['starts', 'lengths', 'hashes'] as const) this[name] = grown(this[name], index + 1, (n) => new Uint32Array(n));
    this.values = grown(this.values, index + 1, (n) => new Int32Array(n));
    this.starts[index] = this.used;
    this.lengths[index] = length;
    this.hashes[index] = hash;
    this.values[index] = value;
    this.used += length;
    this.count += 1;
    this.slots[slot] = index + 1;
    // At most half full, so that a search meets an empty slot soon.
    if (this.count * 2 > this.slots.length) this.rehash();
    return { index, added: true };
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index += 1) {
      let slot = this.hashes[index]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }

  /** The number held with the key at `index`. */
  valueAt(index: number): number {
    return this.values[index]!;
  }

  /** The key at `index`, as text. */
  keyAt(index: number): string {
    const start = this.starts[index]!;
    const bytes = this.bytes.subarray(start, start + this.lengths[index]!);
    return bytes[0] === 0xff ? (JSON.parse(decoder.decode(bytes.subarray(1))) as string) : decoder.decode(bytes);
  }
}
