// NDJSON / JSON Lines: one referral per line, read as a stream, never whole into memory.
// A referral's pointer is relative to its own line; `line` says which line.
import { createReadStream } from 'node:fs';
import { item } from './containers.js';
import { jsonSyntaxError, parseJson } from './json-parse.js';
import { DEFAULT_LIMITS, lineTooLong, type Limits } from './limits.js';
import { jsonLocator } from './positions.js';
import type { LoadEvent } from './types.js';

/** One line's event: its referral, or why it is none. The --jobs worker threads read lines with it too. */
export function ndjsonLine(file: string, text: string, lineNumber: number, limits: Limits = DEFAULT_LIMITS): LoadEvent {
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

/**
 * The lines of a stream, split at LF (a CR before it is dropped), each decoded from its own
 * bytes. So a line is a string of its own, not a slice that keeps the whole chunk it came
 * from alive while the line waits for a worker thread; and a character split between two
 * chunks is decoded whole. A line of more than `maxLineLength` bytes (its CR not counted)
 * comes out as LINE_TOO_LONG: once past the limit its bytes are dropped up to the next LF,
 * so memory holds at most the limit and a chunk.
 */
export function splitLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string>;
export function splitLines(input: AsyncIterable<Buffer | string>, maxLineLength: number): AsyncGenerator<string | typeof LINE_TOO_LONG>;
export async function* splitLines(input: AsyncIterable<Buffer | string>, maxLineLength = Number.POSITIVE_INFINITY): AsyncGenerator<string | typeof LINE_TOO_LONG> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  /** The line being read is past the limit: its bytes are dropped. */
  let skipping = false;
  const line = (last: Buffer, end: number): string | typeof LINE_TOO_LONG => {
    const bytes = pending.length > 0 ? Buffer.concat([...pending, last.subarray(0, end)]) : last.subarray(0, end);
    const tooLong = skipping;
    pending = [];
    pendingLength = 0;
    skipping = false;
    const length = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    return tooLong || length > maxLineLength ? LINE_TOO_LONG : bytes.toString('utf8', 0, length);
  };
  for await (const chunk of input) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let newline = buffer.indexOf(0x0a); newline !== -1; newline = buffer.indexOf(0x0a)) {
      yield line(buffer, newline);
      buffer = buffer.subarray(newline + 1);
    }
    if (buffer.length === 0 || skipping) continue;
    pending.push(buffer);
    pendingLength += buffer.length;
    // One byte of room for a CR, which the line break may yet follow.
    if (pendingLength > maxLineLength + 1) {
      pending = [];
      skipping = true;
    }
  }
  if (pending.length > 0 || skipping) yield line(Buffer.alloc(0), 0);
}

/**
 * Lines as they are read. `raw`: lines are not parsed here but handed on as they are (for
 * worker threads to parse, --jobs).
 */
export async function* loadNdjsonStream(file: string, input: AsyncIterable<Buffer | string>, raw = false, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
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

export function loadNdjsonFile(file: string, absolute: string, raw = false, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
  return loadNdjsonStream(file, createReadStream(absolute, { highWaterMark: 256 * 1024 }), raw, limits);
}
