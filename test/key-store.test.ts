// The compact key store unique-referral remembers keys in (src/domain/key-store.ts): exact,
// whatever the keys hold, through growth of its buffers and its table, and whatever its digest
// does (one that maps every key to one value finds each key by its bytes alone).
import { describe, expect, it } from 'vitest';
import { KeyStore, MemorySpill, murmur3x86x128, type Digest, type KeySpill } from '../src/domain/key-store.js';

/** Every key the same digest: every search meets every key held, and only the bytes decide. */
const SAME_DIGEST: Digest = (_bytes, _length, out) => out.fill(0x5eed);

/** A spill that counts its reads. */
function countingSpill(): KeySpill & { reads: number } {
  const inner = new MemorySpill();
  return {
    reads: 0,
    append: (bytes) => inner.append(bytes),
    read(offset, length) {
      this.reads += 1;
      return inner.read(offset, length);
    },
    get size() {
      return inner.size;
    },
    get memoryBytes() {
      return inner.memoryBytes;
    },
  };
}

describe('KeyStore', () => {
  it('finds each key by its own text only, with the value it was added with', () => {
    const store = new KeyStore();
    expect(store.add('R-1', 7)).toEqual({ index: 0, added: true });
    expect(store.add('R-2', 8)).toEqual({ index: 1, added: true });
    expect(store.add('R-1', 9)).toEqual({ index: 0, added: false });
    expect(store.valueAt(0)).toBe(7);
    expect(store.find('R-2')).toBe(1);
    expect(store.find('r-1')).toBe(-1);
    expect(store.find('R-1 ')).toBe(-1);
    expect(store.find('')).toBe(-1);
    expect(store.keyAt(1)).toBe('R-2');
    expect(store.size).toBe(2);
  });

  it('keeps 100,000 keys apart through its growth, keys of any length and script included', () => {
    const store = new KeyStore();
    const keys = Array.from({ length: 100_000 }, (_, i) => (i % 7 === 0 ? `Zoë-${i}-${'x'.repeat(i % 300)}` : `REF-${i}`));
    keys.forEach((k, i) => expect(store.add(k, i).added).toBe(true));
    keys.forEach((k, i) => {
      const at = store.find(k);
      expect(at).toBe(i);
      expect(store.valueAt(at)).toBe(i);
    });
    expect(store.keyAt(70)).toBe(keys[70]);
    expect(store.find('REF-100000')).toBe(-1);
  });

  it('keeps apart keys that differ only in a lone surrogate, which UTF-8 cannot hold', () => {
    const store = new KeyStore();
    expect(store.add('A\uD800', 1).added).toBe(true);
    expect(store.add('A\uDBFF', 2).added).toBe(true);
    expect(store.add('A\uFFFD', 3).added).toBe(true);
    expect(store.find('A\uD800')).toBe(0);
    expect(store.keyAt(1)).toBe('A\uDBFF');
    expect(store.keyAt(2)).toBe('A\uFFFD');
  });

  it('finds each key by its bytes when every key has the same digest: no collision is a match, every repeat is', () => {
    const store = new KeyStore({ digest: SAME_DIGEST });
    const keys = ['', 'R-1', 'R-10', 'R-1\u0000', 'Zoë', 'Zoe\u0308', 'A\uD800', 'A\uDBFF', 'A\uFFFD', 'x'.repeat(70_000), 'x'.repeat(70_001), '0n9991119485', '0a20150804 5:reecegarthwaite'];
    keys.forEach((k, i) => expect(store.add(k, i)).toEqual({ index: i, added: true }));
    keys.forEach((k, i) => {
      expect(store.find(k)).toBe(i);
      expect(store.add(k, 99)).toEqual({ index: i, added: false });
      expect(store.valueAt(i)).toBe(i);
      expect(store.keyAt(i)).toBe(k);
    });
    for (const absent of ['R-2', 'R-', 'x'.repeat(69_999), 'A\uDC00', ' ', 'zoë']) expect(store.find(absent)).toBe(-1);
    expect(store.collisions).toBeGreaterThan(0);
    expect(store.size).toBe(keys.length);
  });

  it('keeps 2,000 keys apart through its growth with one digest for all', () => {
    const store = new KeyStore({ digest: SAME_DIGEST });
    for (let i = 0; i < 2000; i += 1) expect(store.add(`K${i}`, i).added).toBe(true);
    for (let i = 0; i < 2000; i += 1) expect(store.valueAt(store.find(`K${i}`))).toBe(i);
    expect(store.find('K2000')).toBe(-1);
  });

  it('reads the spill only when two digests are equal', () => {
    const spill = countingSpill();
    const store = new KeyStore({ spill });
    for (let i = 0; i < 10_000; i += 1) store.add(`REF-${i}`, i);
    expect(store.find('REF-10000')).toBe(-1);
    expect(spill.reads).toBe(store.confirmations);
    expect(store.collisions).toBe(0);
    const before = spill.reads;
    expect(store.find('REF-5')).toBe(5);
    expect(spill.reads).toBe(before + 1);
  });

  it('holds a fixed-size record per key in memory besides the spill: a longer key takes no more of it', () => {
    const short = new KeyStore({ spill: countingSpill() });
    const long = new KeyStore({ spill: countingSpill() });
    for (let i = 0; i < 1000; i += 1) {
      short.add(`${i}`, i);
      long.add(`${i}`.padEnd(80, 'x'), i);
    }
    // The counting spills keep the bytes apart from the store's own memory, which is the same for both.
    const own = (store: KeyStore, spill: number) => store.bytes - spill;
    expect(own(long, (long as unknown as { spill: KeySpill }).spill.memoryBytes)).toBe(own(short, (short as unknown as { spill: KeySpill }).spill.memoryBytes));
  });

  it('keeps keys of every length in its in-memory spill, one longer than a block included', () => {
    const spill = new MemorySpill();
    const a = spill.append(new Uint8Array([1, 2, 3]));
    const big = new Uint8Array((1 << 20) + 5).fill(7);
    const b = spill.append(big);
    const c = spill.append(new Uint8Array([9]));
    const d = spill.append(new Uint8Array(0));
    expect([a, b, c, d]).toEqual([0, 3, (1 << 20) + 8, (1 << 20) + 9]);
    expect([...spill.read(a, 3)]).toEqual([1, 2, 3]);
    const read = spill.read(b, big.length);
    expect(read.length === big.length && read.every((v) => v === 7)).toBe(true);
    expect([...spill.read(c, 1)]).toEqual([9]);
    expect(spill.read(d, 0).length).toBe(0);
    expect(spill.size).toBe((1 << 20) + 9);
  });

  it('digests with MurmurHash3 x86_128, seed 0 (reference values from the mmh3 package)', () => {
    const out = new Uint32Array(4);
    const digest = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      murmur3x86x128(bytes, bytes.length, out);
      return [...out];
    };
    expect(digest('')).toEqual([0, 0, 0, 0]);
    expect(digest('a')).toEqual([2811532092, 1431744539, 1431744539, 1431744539]);
    expect(digest('R-1')).toEqual([2337649704, 3833120136, 3833120136, 3833120136]);
    expect(digest('hello world, 1234')).toEqual([2827820624, 4068110048, 2075593520, 2286108391]);
    expect(digest('x'.repeat(33))).toEqual([2931519252, 1303186078, 4267573720, 925095126]);
    expect(digest('Zoë')).toEqual([231327991, 491863962, 491863962, 491863962]);
  });
});
