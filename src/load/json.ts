// JSON files: streamed referral by referral (files), or parsed whole (stdin); positions only
// when a finding needs them.
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { exportHeaderFailure, item, notAList, splitContainer } from './containers.js';
import { JsonBoundaryScanner, JsonStructureError, type ScanItem } from './json-stream.js';
import { jsonLocator, lineStarts, positionAt } from './positions.js';
import type { LoadEvent, Locator, Position } from './types.js';

const WORDS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'expected the end of the file after the top-level value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'an invalid unicode escape',
  InvalidEscapeCharacter: 'an invalid escape character',
  InvalidCharacter: 'an invalid character in a string',
};

/**
 * Why a JSON text failed to parse, in words and with a position; never quotes the text
 * (it may hold personal data), unlike JSON.parse's own messages.
 */
export function jsonSyntaxError(text: string): { reason: string } & Partial<Position> {
  const errors: ParseError[] = [];
  try {
    parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    return { reason: 'not valid JSON (nested too deeply to locate the error)' };
  }
  const first = errors[0];
  if (!first) return { reason: 'not valid JSON' };
  const code = printParseErrorCode(first.error);
  const pos = positionAt(lineStarts(text), first.offset);
  return { reason: `not valid JSON: ${WORDS[code] ?? code}`, ...pos };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function* loadJsonText(file: string, raw: string): Generator<LoadEvent> {
  const text = stripBom(raw);
  if (text.trim() === '') {
    yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    yield { kind: 'failed-file', file, ...jsonSyntaxError(text) };
    return;
  }
  yield* containerEvents(file, text, value);
}

/** The referrals of a parsed top-level value (one referral, a list or an envelope), with positions in `text`. */
function* containerEvents(file: string, text: string, value: unknown): Generator<LoadEvent> {
  const container = splitContainer(value);
  if ('fileFailure' in container) {
    yield { kind: 'failed-file', file, reason: container.fileFailure, line: 1, column: 1 };
    return;
  }
  const locate = jsonLocator(text);
  for (const it of container.items) {
    if ('failure' in it) yield { kind: 'failed-referral', file, pointer: it.pointer, line: locate(it.pointer)?.line, reason: it.failure };
    else yield { kind: 'referral', file, pointer: it.pointer, data: it.data, locate };
  }
}

/** A file failure found while streaming: the file is no referral, even those already read. */
class FileFailure extends Error {
  constructor(
    readonly reason: string,
    readonly position: Partial<Position> = {},
  ) {
    super(reason);
  }
}

/**
 * One element of a streamed JSON list: its referral, or why it is none; undefined when its
 * text is not valid JSON (then the whole file fails, as with JSON.parse of the file). The
 * --jobs worker threads read elements with it too.
 */
export function jsonElement(file: string, pointer: string, text: string, line: number, column: number): LoadEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const referral = item(value, pointer);
  if ('failure' in referral) return { kind: 'failed-referral', file, pointer, line, reason: referral.failure };
  return { kind: 'referral', file, pointer, line, data: referral.data, locate: elementLocator(pointer, text, line, column) };
}

/** A locator for a referral read on its own: `pointer` is where it sits in the file. */
function elementLocator(pointer: string, text: string, line: number, column: number): Locator {
  const inner = jsonLocator(text, line - 1, column - 1);
  return (p) => inner(p.startsWith(pointer) ? p.slice(pointer.length) : p);
}

/**
 * A JSON file read as a stream (src/load/json-stream.ts): one referral in memory at a time.
 * A syntax error anywhere fails the whole file, as with JSON.parse; it is then described
 * from the whole text, which is read again only on that path.
 */
export async function* loadJsonStream(file: string, chunks: AsyncIterable<Buffer | string>, wholeText: () => Promise<string>, raw = false): AsyncGenerator<LoadEvent> {
  const scanner = new JsonBoundaryScanner();
  let envelope = false;
  const members: Extract<ScanItem, { kind: 'member' }>[] = [];
  const checkHeader = (member: Extract<ScanItem, { kind: 'member' }>): void => {
    if (member.key !== 'export') {
      JSON.parse(member.text); // syntax only: other keys of an envelope are not read
      return;
    }
    const failure = exportHeaderFailure(JSON.parse(member.text));
    if (failure) throw new FileFailure(failure, { line: member.line, column: member.column });
  };
  function* handle(items: ScanItem[]): Generator<LoadEvent> {
    for (const it of items) {
      switch (it.kind) {
        case 'element': {
          if (raw) {
            // Parsed by a worker thread (--jobs), which reports an element that is not valid JSON.
            const locate = elementLocator(it.pointer, it.text, it.line, it.column);
            yield { kind: 'raw-referral', format: 'json', file, pointer: it.pointer, line: it.line, column: it.column, text: it.text, locate };
            break;
          }
          const event = jsonElement(file, it.pointer, it.text, it.line, it.column);
          if (!event) throw new SyntaxError('an element is not valid JSON');
          yield event;
          break;
        }
        case 'envelope':
          envelope = true;
          members.forEach(checkHeader);
          break;
        case 'member':
          if (envelope) checkHeader(it);
          else members.push(it);
          break;
        case 'referrals-not-a-list':
          throw new FileFailure(notAList(JSON.parse(it.text)), { line: it.line, column: it.column });
        case 'whole':
          // One referral, or a value that is no container: read as JSON.parse of the whole file would be.
          yield* containerEvents(file, it.text, JSON.parse(it.text));
          break;
      }
    }
  }
  try {
    for await (const chunk of chunks) yield* handle(scanner.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    if (scanner.isEmpty()) {
      yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
      return;
    }
    yield* handle(scanner.end());
  } catch (error) {
    if (error instanceof FileFailure) {
      yield { kind: 'failed-file', file, reason: error.reason, ...error.position };
      return;
    }
    if (!(error instanceof JsonStructureError) && !(error instanceof SyntaxError)) throw error;
    yield { kind: 'failed-file', file, ...jsonSyntaxError(stripBom(await wholeText())) };
  }
}
