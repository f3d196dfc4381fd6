// src/parse/bytes.ts: the core's bytes without Buffer decode, encode and count exactly as
// Buffer did before (the streaming readers' texts and limits must not change).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, encodeUtf8, utf8ByteLength, utf8Text } from '../../src/parse/bytes.js';

const TRICKY_BYTES: number[][] = [
  [0xef, 0xbb, 0xbf, 0x7b, 0x7d], // a byte order mark is kept
  [0x61, 0xc3], // a sequence cut short at the end
  [0xe2, 0x82, 0x41], // cut short before an ASCII byte
  [0xf0, 0x9f, 0x98, 0x80, 0x80], // a stray continuation byte
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xc0, 0xaf, 0xff, 0xfe], // overlong, and bytes UTF-8 never has
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
];

describe('src/parse/bytes.ts', () => {
  it('decodes as Buffer#toString did: malformed sequences, a kept BOM, a range', () => {
    for (const bytes of TRICKY_BYTES) {
      const b = Buffer.from(bytes);
      expect(utf8Text(new Uint8Array(bytes))).toBe(b.toString('utf8'));
      expect(utf8Text(b, 1, bytes.length - 1)).toBe(b.toString('utf8', 1, bytes.length - 1));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(40), fc.nat(40), (bytes, a, b) => {
        const [from, to] = [Math.min(a, b, bytes.length), Math.min(Math.max(a, b), bytes.length)];
        expect(utf8Text(bytes, from, to)).toBe(Buffer.from(bytes).toString('utf8', from, to));
      }),
    );
  });

  it('encodes and counts a string as Buffer did, a lone surrogate as U+FFFD', () => {
    for (const text of ['', 'a', 'é', '€', '😀', '\ud83d', '\ude00', 'x\ud83dy', '\ude00\ud83d', '\ufeff{}']) {
      expect([...encodeUtf8(text)]).toEqual([...Buffer.from(text, 'utf8')]);
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text));
        expect([...encodeUtf8(text)]).toEqual([...Buffer.from(text, 'utf8')]);
      }),
    );
  });

  it('concatenates into an array of its own', () => {
    const a = new Uint8Array([1, 2]);
    const whole = concatBytes([a, new Uint8Array(0), Buffer.from([3])]);
    expect([...whole]).toEqual([1, 2, 3]);
    a[0] = 9;
    expect(whole[0]).toBe(1);
  });
});
