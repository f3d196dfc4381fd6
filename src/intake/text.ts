// What a text file is before a loader reads it, from its first bytes: UTF-8 text (with or
// without a byte order mark), UTF-16 text with a byte order mark (Windows PowerShell 5's `>`
// and Out-File, Notepad's "Unicode"), or something no loader should read: a binary file,
// another encoding. Then its text, decoded as it is read, for the JSON, NDJSON and YAML
// loaders. Core code: the command line reads the bytes from a file or standard input
// (src/load/), the web page from a file the user gave it (src/web/). Reasons never quote the content.
import { isUtf8Text, startsWith, wideEncodingName } from '../parse/text-encoding.js';
import { loadJsonStream } from '../parse/json.js';
import { loadNdjsonStream } from '../parse/ndjson.js';
import type { Limits } from '../parse/limits.js';
import type { InputFormat, LoadEvent } from '../parse/types.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How to read a file, or why it cannot be read as a referral export. */
export type FileText = { encoding: TextEncoding } | { failure: string };

/** A decoding failure met while a file is read: the file fails with this reason. */
export class EncodingError extends Error {
  override name = 'EncodingError';
}

const BINARY = 'a binary file, not text (it holds NUL bytes)';
const NOT_UTF8 = 'not UTF-8 text (perhaps another encoding, such as Windows-1252): save it as UTF-8';
const READS = 'referral-lint reads UTF-8, and UTF-16 with a byte order mark; save it as UTF-8';

/** A text encoding that is not read, named with how it was detected. */
const unreadEncoding = (name: string, fromMark: boolean): string => `${name} text${fromMark ? '' : ' without a byte order mark'}: ${READS}`;

/** The encoding of a file from its first bytes (`whole`: they are the whole file). */
export function detectEncoding(head: Uint8Array, whole: boolean): FileText {
  // UTF-32's marks start with UTF-16's (FF FE), so they are looked for first.
  if (startsWith(head, 0xff, 0xfe, 0x00, 0x00)) return { failure: unreadEncoding('UTF-32 (little-endian)', true) };
  if (startsWith(head, 0x00, 0x00, 0xfe, 0xff)) return { failure: unreadEncoding('UTF-32 (big-endian)', true) };
  if (startsWith(head, 0xff, 0xfe)) return { encoding: 'utf-16le' };
  if (startsWith(head, 0xfe, 0xff)) return { encoding: 'utf-16be' };
  if (head.includes(0)) {
    const wide = wideEncodingName(head);
    return { failure: wide ? unreadEncoding(wide, false) : BINARY };
  }
  return isUtf8Text(head, whole) ? { encoding: 'utf-8' } : { failure: NOT_UTF8 };
}

/** A UTF-16 file's text, decoded as it is read, for the loaders; its byte order mark is dropped. */
export async function* decodeUtf16(chunks: AsyncIterable<Uint8Array>, encoding: 'utf-16le' | 'utf-16be'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new EncodingError('not valid UTF-16 text (a character is cut off, or half of a pair is missing): save it as UTF-8');
    }
  };
  for await (const chunk of chunks) {
    const text = decode(chunk);
    if (text !== '') yield text;
  }
  const rest = decode();
  if (rest !== '') yield rest;
}

/**
 * A UTF-8 text's chunks as strings (for the YAML loader), decoded as they are read: a
 * character split between two chunks is decoded whole, a byte that is not UTF-8 is read as
 * the replacement character. A byte order mark is kept, as the loaders expect.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * A text of a known format and encoding, from its bytes as they come, by the format's
 * streaming loader: files, standard input and the web page's files alike. `raw` hands NDJSON
 * lines and JSON elements on unparsed, for worker threads.
 */
export function loadText(file: string, format: InputFormat, encoding: TextEncoding, chunks: AsyncIterable<Uint8Array>, raw: boolean, limits: Limits): AsyncGenerator<LoadEvent> {
  // UTF-16 is decoded as it is read: the loaders see the text, positions count its characters.
  const text = encoding === 'utf-8' ? undefined : decodeUtf16(chunks, encoding);
  if (format === 'ndjson') return loadNdjsonStream(file, text ?? chunks, raw, limits);
  if (format === 'yaml') return loadYaml(file, text ?? decodeUtf8(chunks), limits);
  return loadJsonStream(file, text ?? chunks, raw, limits);
}

/** The YAML loader, and the yaml package, loaded by the first YAML input: a run of JSON never loads them. */
async function* loadYaml(file: string, text: AsyncIterable<string>, limits: Limits): AsyncGenerator<LoadEvent> {
  const { loadYamlStream } = await import('../parse/yaml.js');
  yield* loadYamlStream(file, text, limits);
}

/** A file's format from its name's extension (a name, not a path); undefined for a name no loader reads. */
export function formatOfName(name: string): InputFormat | undefined {
  const dot = name.lastIndexOf('.');
  // A name that starts with its only dot (".json") has no extension, as Node's path.extname says.
  if (dot <= 0) return undefined;
  switch (name.slice(dot).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.tsv':
      return 'tsv';
    case '.xlsx':
      return 'xlsx';
    case '.json':
      return 'json';
    case '.yaml':
    case '.yml':
      return 'yaml';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    default:
      return undefined;
  }
}
