// Bytes as any JavaScript runtime has them: Uint8Array, TextEncoder and TextDecoder, never
// Node.js's Buffer, so the streaming readers run in a browser too. (A Buffer is a Uint8Array:
// the Node.js adapters hand theirs in as they are.)

/**
 * Decodes UTF-8 as Buffer#toString('utf8') does: a malformed sequence is one U+FFFD (the
 * WHATWG decoder), and a byte order mark is kept, not dropped (`ignoreBOM`), so a reader
 * sees it and decides. Without `stream`, each call decodes whole bytes of its own.
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** The text of UTF-8 bytes `from` up to `to`. */
export function utf8Text(bytes: Uint8Array, from = 0, to = bytes.length): string {
  return utf8.decode(from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to));
}

/** A string's UTF-8 bytes (a lone surrogate is U+FFFD's three bytes). */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The pieces, one after another, in one array of their own. */
export function concatBytes(pieces: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const whole = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}

/** How many bytes a string is in UTF-8, without encoding it (a lone surrogate counts U+FFFD's three). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}
