// NDJSON / JSON Lines: one referral per line, read as a stream, never whole into memory.
// A referral's pointer is relative to its own line; `line` says which line.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { describeKind } from './containers.js';
import { jsonSyntaxError } from './json.js';
import { jsonLocator } from './positions.js';
import type { LoadEvent } from './types.js';
import { isObject } from '../referral.js';

/** One line's event: its referral, or why it is none. The --jobs worker threads read lines with it too. */
export function ndjsonLine(file: string, text: string, lineNumber: number): LoadEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const { reason, column } = jsonSyntaxError(text);
    return { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: column ? `${reason} (column ${column})` : reason };
  }
  if (!isObject(value)) return { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: `expected a referral object, found ${describeKind(value)}` };
  return { kind: 'referral', file, pointer: '', line: lineNumber, data: value, locate: jsonLocator(text, lineNumber - 1) };
}

/**
 * Lines as they are read. `raw`: lines are not parsed here but handed on as they are (for
 * worker threads to parse, --jobs).
 */
export async function* loadNdjsonStream(file: string, input: Readable, raw = false): AsyncGenerator<LoadEvent> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let any = false;
  for await (const line of lines) {
    lineNumber += 1;
    const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    if (text.trim() === '') continue;
    any = true;
    yield raw ? { kind: 'raw-referral', file, pointer: '', line: lineNumber, text, locate: jsonLocator(text, lineNumber - 1) } : ndjsonLine(file, text, lineNumber);
  }
  if (!any) yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
}

export function loadNdjsonFile(file: string, absolute: string, raw = false): AsyncGenerator<LoadEvent> {
  return loadNdjsonStream(file, createReadStream(absolute, { encoding: 'utf8' }), raw);
}
