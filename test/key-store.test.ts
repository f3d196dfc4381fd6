// The compact key store unique-referral remembers keys in (src/domain/key-store.ts): exact,
// whatever the keys hold, through growth of its buffers and its table.
import { describe, expect, it } from 'vitest';
import { KeyStore } from '../src/domain/key-store.js';

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
});
