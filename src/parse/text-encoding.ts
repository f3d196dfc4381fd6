// What a file's first bytes say about its text encoding: a byte order mark, UTF-16 or UTF-32
// without one, or UTF-8. Shared by the JSON/YAML/NDJSON loader (src/load/encoding.ts) and the
// CSV reader (src/parse/csv.ts), which decide differently from the same evidence.

/** Bytes whose encoding decides a file's when no byte order mark does. */
export const HEAD_BYTES = 64 * 1024;

/** Whether the bytes begin with these. */
export const startsWith = (head: Uint8Array, ...bytes: number[]): boolean => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/**
 * UTF-16 or UTF-32 without a byte order mark, from where NUL bytes fall in each group of
 * four: text that is mostly ASCII has a NUL in every high byte and none in the low ones.
 */
export function wideEncodingName(head: Uint8Array): string | undefined {
  const groups = Math.floor(Math.min(head.length, 1024) / 4);
  if (groups === 0) return undefined;
  const nuls = [0, 0, 0, 0];
  for (let i = 0; i < groups * 4; i += 1) if (head[i] === 0) nuls[i % 4]! += 1;
  const pattern = nuls.map((n) => (n >= groups * 0.7 ? '0' : n <= groups * 0.1 ? 'x' : '?')).join('');
  const names: Record<string, string> = {
    x0x0: 'UTF-16 (little-endian)',
    '0x0x': 'UTF-16 (big-endian)',
    x000: 'UTF-32 (little-endian)',
    '000x': 'UTF-32 (big-endian)',
  };
  return names[pattern];
}

/** Whether the bytes are UTF-8; when more of the file follows, a character cut at their end is not held against them. */
export function isUtf8Text(head: Uint8Array, whole: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !whole });
    return true;
  } catch {
    return false;
  }
}
