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

export async function* loadNdjsonStream(file: string, input: Readable): AsyncGenerator<LoadEvent> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let any = false;
  for await (const raw of lines) {
    lineNumber += 1;
    const text = lineNumber === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') continue;
    any = true;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const { reason, column } = jsonSyntaxError(text);
      yield { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: column ? `${reason} (column ${column})` : reason };
      continue;
    }
    if (!isObject(value)) {
      yield { kind: 'failed-referral', file, pointer: '', line: lineNumber, reason: `expected a referral object, found ${describeKind(value)}` };
      continue;
    }
    yield { kind: 'referral', file, pointer: '', line: lineNumber, data: value, locate: jsonLocator(text, lineNumber - 1) };
  }
  if (!any) yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
}

export function loadNdjsonFile(file: string, absolute: string): AsyncGenerator<LoadEvent> {
  return loadNdjsonStream(file, createReadStream(absolute, { encoding: 'utf8' }));
}
