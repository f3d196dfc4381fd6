// JSON: streamed referral by referral (files and standard input), or parsed whole (a text
// given whole); positions only when a finding needs them.
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { exportHeaderFailure, item, notAList, splitContainer } from './containers.js';
import { JsonBoundaryScanner, JsonKeyTooLongError, JsonStructureError, type ScanItem } from './json-stream.js';
import { DEFAULT_LIMITS, referralTooLong, type Limits } from './limits.js';
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

export function* loadJsonText(file: string, raw: string, limits: Limits = DEFAULT_LIMITS): Generator<LoadEvent> {
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
  yield* containerEvents(file, text, value, limits);
}

/** The referrals of a parsed top-level value (one referral, a list or an envelope), with positions in `text`. */
function* containerEvents(file: string, text: string, value: unknown, limits: Limits): Generator<LoadEvent> {
  const container = splitContainer(value, limits);
  if ('fileFailure' in container) {
    yield { kind: 'failed-file', file, reason: container.fileFailure, line: 1, column: 1 };
    return;
  }
  const locate = jsonLocator(text);
  for (const it of container.items) {
    if ('failure' in it) {
      // A text nested too deeply has no syntax tree to locate in; the one referral of a file starts where the text does.
      const line = locate(it.pointer)?.line ?? (it.pointer === '' ? firstLine(text) : undefined);
      yield { kind: 'failed-referral', file, pointer: it.pointer, line, reason: it.failure };
    } else yield { kind: 'referral', file, pointer: it.pointer, data: it.data, locate };
  }
}

/** The line a text's first value starts on. */
function firstLine(text: string): number {
  const start = text.search(/\S/);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/**
 * A value the scanner cut out (a list element, an envelope's member) that is not valid
 * JSON, with where it starts in the file: placed without the whole text when that cannot
 * be read again.
 */
class ValueSyntaxError extends SyntaxError {
  constructor(
    readonly text: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('a value is not valid JSON');
  }
}

/** JSON.parse of a value the scanner cut out; a ValueSyntaxError when it is not valid JSON. */
function parseValue(text: string, line: number, column: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValueSyntaxError(text, line, column);
  }
}

/**
 * Where a syntax error was met, when the whole text cannot be read again (standard input
 * longer than maxReferralLength): in the value the scanner cut out (a list element, an
 * envelope's member), as JSON.parse of the whole text would place it, or where the scanner
 * stopped. Never quotes the text.
 */
function placedSyntaxError(error: unknown): { reason: string } & Partial<Position> {
  if (error instanceof ValueSyntaxError) {
    const found = jsonSyntaxError(error.text);
    // More after a whole value: within the file, a comma was expected there.
    const reason = found.reason === `not valid JSON: ${WORDS.EndOfFileExpected}` ? `not valid JSON: ${WORDS.CommaExpected}` : found.reason;
    if (found.line === undefined || found.column === undefined) return { reason };
    return { reason, line: error.line + found.line - 1, column: found.line === 1 ? error.column + found.column - 1 : found.column };
  }
  if (error instanceof JsonStructureError && error.line !== undefined) return { reason: `not valid JSON: ${error.message}`, line: error.line, column: error.column };
  return { reason: 'not valid JSON' };
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
export function jsonElement(file: string, pointer: string, text: string, line: number, column: number, limits: Limits = DEFAULT_LIMITS): LoadEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const referral = item(value, pointer, limits);
  if ('failure' in referral) return { kind: 'failed-referral', file, pointer, line, reason: referral.failure };
  return { kind: 'referral', file, pointer, line, data: referral.data, locate: elementLocator(pointer, text, line, column) };
}

/** A locator for a referral read on its own: `pointer` is where it sits in the file. */
function elementLocator(pointer: string, text: string, line: number, column: number): Locator {
  const inner = jsonLocator(text, line - 1, column - 1);
  return (p) => inner(p.startsWith(pointer) ? p.slice(pointer.length) : p);
}

type Member = Extract<ScanItem, { kind: 'member' | 'member-too-long' }>;

/**
 * A JSON file read as a stream (src/load/json-stream.ts): one referral in memory at a time.
 * A syntax error anywhere fails the whole file, as with JSON.parse; it is then described
 * from the whole text, which is read again only on that path (`wholeText`; when it gives
 * nothing, from where the error was met). A value longer than maxReferralLength is skipped
 * without being held: a referral fails, anything else the file.
 */
export async function* loadJsonStream(
  file: string,
  chunks: AsyncIterable<Buffer | string>,
  wholeText: () => Promise<string | undefined>,
  raw = false,
  limits: Limits = DEFAULT_LIMITS,
): AsyncGenerator<LoadEvent> {
  const scanner = new JsonBoundaryScanner(limits.maxReferralLength);
  const tooLong = `longer than ${limits.maxReferralLength} bytes (the limit is maxReferralLength)`;
  let envelope = false;
  /** Members met before the object is known to be an envelope, checked once it is. */
  const pending: Member[] = [];
  const checkMember = (member: Member): void => {
    const position = { line: member.line, column: member.column };
    if (member.kind === 'member-too-long') throw new FileFailure(`a member of the export envelope is ${tooLong}`, position);
    if (member.key !== 'export') {
      parseValue(member.text, member.line, member.column); // syntax only: other keys of an envelope are not read
      return;
    }
    const failure = exportHeaderFailure(parseValue(member.text, member.line, member.column));
    if (failure) throw new FileFailure(failure, position);
  };
  /**
   * A member of a top-level object that may yet prove to be an envelope. Only what must be
   * checked once it does is kept: an export header, or a member too long (when there is no
   * envelope after all, the object is too long too, and fails as the referral).
   */
  const takeMember = (member: Member): void => {
    if (envelope) return checkMember(member);
    if (member.kind === 'member') {
      if (member.key === 'export') pending.push(member);
      else parseValue(member.text, member.line, member.column); // syntax only, as checkMember does
      return;
    }
    if (member.key === 'referrals') {
      throw new FileFailure(`an export envelope's "referrals" must be a list, found a value ${tooLong}`, { line: member.line, column: member.column });
    }
    pending.push(member);
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
          const event = jsonElement(file, it.pointer, it.text, it.line, it.column, limits);
          if (!event) throw new ValueSyntaxError(it.text, it.line, it.column);
          yield event;
          break;
        }
        case 'too-long':
          // Decided here, in this thread, whatever --jobs: the text was never held to hand on.
          yield { kind: 'failed-referral', file, pointer: it.pointer, line: it.line, reason: referralTooLong(limits) };
          break;
        case 'envelope':
          envelope = true;
          pending.splice(0).forEach(checkMember);
          break;
        case 'member':
        case 'member-too-long':
          takeMember(it);
          break;
        case 'referrals-not-a-list':
          throw new FileFailure(notAList(parseValue(it.text, it.line, it.column)), { line: it.line, column: it.column });
        case 'value-too-long':
          throw new FileFailure(`expected a referral object, a list of referrals or an export envelope at the top level, found a value ${tooLong}`, { line: it.line, column: it.column });
        case 'whole':
          // One referral, or a value that is no container: read as JSON.parse of the whole file would be.
          yield* containerEvents(file, it.text, JSON.parse(it.text), limits);
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
    if (error instanceof JsonKeyTooLongError) {
      yield { kind: 'failed-file', file, reason: `a key of the top-level object is ${tooLong}`, line: error.line, column: error.column };
      return;
    }
    if (!(error instanceof JsonStructureError) && !(error instanceof SyntaxError)) throw error;
    const whole = await wholeText();
    yield { kind: 'failed-file', file, ...(whole === undefined ? placedSyntaxError(error) : jsonSyntaxError(stripBom(whole))) };
  }
}
