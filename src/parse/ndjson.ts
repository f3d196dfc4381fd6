// NDJSON / JSON Lines: one referral per line, read as a stream, never whole into memory.
// A referral's pointer is relative to its own line; `line` says which line.
import { concatBytes, EMPTY_BYTES, encodeUtf8, utf8Text } from './bytes.js';
import { item } from './containers.js';
import { jsonSyntaxError, parseJson } from './json-parse.js';
import { DEFAULT_LIMITS, lineTooLong, type Limits } from './limits.js';
import { jsonLocator } from './positions.js';
import type { LoadEvent } from './types.js';
import { activeTimings } from '../model/timing.js';

/** One line's event: its referral, or why it is none. The --jobs worker threads read lines with it too. Timed as parsing (--timing). */
export function ndjsonLine(file: string, text: string, lineNumber: number, limits: Limits = DEFAULT_LIMITS): LoadEvent {
  const timings = activeTimings;
  if (!timings) return lineEvent(file, text, lineNumber, limits);
  const start = performance.now();
  const event = lineEvent(file, text, lineNumber, limits);
  timings.since('parsing', start);
  return event;
}

function lineEvent(file: string, text: string, lineNumber: number, limits: Limits): LoadEvent {
  const parsed = parseJson(text);
  if (!parsed) {
    const { reason, column } = jsonSyntaxError(text);
    return { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: column ? `${reason} (column ${column})` : reason };
  }
  const referral = item(parsed.value, '', limits, parsed.repeated);
  if ('failure' in referral) return { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: referral.failure };
  return { kind: 'referral', file, pointer: '', line: lineNumber, data: referral.data, locate: jsonLocator(text, lineNumber - 1) };
}

/** Stands for a line longer than the limit, whose bytes were dropped as they came. */
export const LINE_TOO_LONG: unique symbol = Symbol('line too long');

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of a stream. A line ends at LF, at CRLF, or at a CR alone (as classic Mac OS
 * saved text), so lines are numbered as an editor numbers them. Each line is decoded from
 * its own bytes: a string of its own, not a slice that keeps the whole chunk it came from
 * alive while the line waits for a worker thread; and a character split between two chunks
 * is decoded whole. A line of more than `maxLineLength` bytes comes out as LINE_TOO_LONG:
 * once past the limit its bytes are dropped up to the next line break, so memory holds at
 * most the limit and a chunk.
 */
export function splitLines(input: AsyncIterable<Uint8Array | string>): AsyncGenerator<string>;
export function splitLines(input: AsyncIterable<Uint8Array | string>, maxLineLength: number): AsyncGenerator<string | typeof LINE_TOO_LONG>;
export async function* splitLines(input: AsyncIterable<Uint8Array | string>, maxLineLength = Number.POSITIVE_INFINITY): AsyncGenerator<string | typeof LINE_TOO_LONG> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  /** The line being read is past the limit: its bytes are dropped. */
  let skipping = false;
  /** The last chunk ended with a CR: an LF that starts this one belongs to the same line break. */
  let afterCr = false;
  /** The line that ends at `end` in `buffer`, from `from`. */
  const line = (buffer: Uint8Array, from: number, end: number): string | typeof LINE_TOO_LONG => {
    const tooLong = skipping || pendingLength + end - from > maxLineLength;
    const bytes = pending.length > 0 ? concatBytes([...pending, buffer.subarray(from, end)]) : buffer.subarray(from, end);
    pending = [];
    pendingLength = 0;
    skipping = false;
    return tooLong ? LINE_TOO_LONG : utf8Text(bytes);
  };
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? encodeUtf8(chunk) : chunk;
    let from = afterCr && buffer[0] === LF ? 1 : 0;
    afterCr &&= buffer.length === 0;
    // The next LF and CR, each searched for again only once passed: one scan of the chunk for each.
    let lf = buffer.indexOf(LF, from);
    let cr = buffer.indexOf(CR, from);
    while (lf !== -1 || cr !== -1) {
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      yield line(buffer, from, end);
      from = end + 1;
      if (end === cr) {
        if (from === buffer.length) afterCr = true;
        else if (buffer[from] === LF) from += 1;
      }
      if (lf !== -1 && lf < from) lf = buffer.indexOf(LF, from);
      if (cr !== -1 && cr < from) cr = buffer.indexOf(CR, from);
    }
    if (from === buffer.length || skipping) continue;
    pending.push(buffer.subarray(from));
    pendingLength += buffer.length - from;
    if (pendingLength > maxLineLength) {
      pending = [];
      skipping = true;
    }
  }
  if (pending.length > 0 || skipping) yield line(EMPTY_BYTES, 0, 0);
}

/**
 * Lines as they are read. `raw`: lines are not parsed here but handed on as they are (for
 * worker threads to parse, --jobs).
 */
export async function* loadNdjsonStream(file: string, input: AsyncIterable<Uint8Array | string>, raw = false, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
  let lineNumber = 0;
  let any = false;
  for await (const line of splitLines(input, limits.maxLineLength)) {
    lineNumber += 1;
    if (line === LINE_TOO_LONG) {
      // Decided here, in this thread, whatever --jobs: the line was never held to hand on.
      any = true;
      yield { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: lineTooLong(limits) };
      continue;
    }
    const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    if (text.trim() === '') continue;
    any = true;
    yield raw ? { kind: 'raw-referral', format: 'ndjson', file, pointer: '', line: lineNumber, text, locate: jsonLocator(text, lineNumber - 1) } : ndjsonLine(file, text, lineNumber, limits);
  }
  if (!any) yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
}
