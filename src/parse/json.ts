// JSON files: streamed referral by referral (files), or parsed whole (stdin); positions only
// when a finding needs them. Every text is parsed by parseJson (src/parse/json-parse.ts), which
// also finds keys written twice.
import { joinPointer } from '../model/pointer.js';
import { encodeUtf8 } from './bytes.js';
import { exportHeaderFailure, item, knownNonReferral, notAList, splitContainer } from './containers.js';
import { firstJsonError, jsonErrorReason, jsonSyntaxError, parseJson, repeatedKeyReason, type Enclosing } from './json-parse.js';
import { JsonBoundaryScanner, type ScanItem, type SyntaxErrorItem } from './json-stream.js';
import { DEFAULT_LIMITS, referralTooLong, type Limits } from './limits.js';
import { jsonLocator, lineStarts, positionAt } from './positions.js';
import type { LoadEvent, Locator, Position } from './types.js';
import { activeTimings } from '../model/timing.js';

export { jsonSyntaxError } from './json-parse.js';

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function* loadJsonText(file: string, raw: string, limits: Limits = DEFAULT_LIMITS): Generator<LoadEvent> {
  const text = stripBom(raw);
  if (text.trim() === '') {
    yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
    return;
  }
  const parsed = parseJson(text);
  if (!parsed) {
    yield { kind: 'failed-file', file, ...jsonSyntaxError(text) };
    return;
  }
  yield* containerEvents(file, text, parsed, limits);
}

const FILE_START: Position = { line: 1, column: 1 };

/** A position in `text`, which starts at `start` in the file. */
function positionIn(text: string, offset: number, start: Position): Position {
  const { line, column } = positionAt(lineStarts(text), offset);
  return { line: start.line + line - 1, column: line === 1 ? start.column + column - 1 : column };
}

/**
 * The referrals of a parsed top-level value (one referral, a list or an envelope), with
 * positions in `text`, which starts at `start` in the file.
 */
function* containerEvents(file: string, text: string, parsed: NonNullable<ReturnType<typeof parseJson>>, limits: Limits, start = FILE_START): Generator<LoadEvent> {
  // A JSON text has one top-level value: it is the file's first container.
  const container = splitContainer(parsed.value, limits, parsed.repeated, true);
  if ('notExport' in container) {
    yield { kind: 'not-export', file, reason: container.notExport };
    return;
  }
  if ('fileFailure' in container) {
    // A repeated key is placed where it is repeated; other failures concern the whole value.
    const at = container.offset === undefined ? start : positionIn(text, container.offset, start);
    yield { kind: 'failed-file', file, reason: container.fileFailure, ...at };
    return;
  }
  const locate = jsonLocator(text, start.line - 1, start.column - 1);
  for (const it of container.items) {
    if ('failure' in it) {
      // A text nested too deeply has no syntax tree to locate in; the one referral of a file starts where the text does.
      const line = locate(it.pointer)?.line ?? (it.pointer === '' ? start.line + firstLine(text) - 1 : undefined);
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

/** Found while streaming: the file is no referral export (a referral-lint report), said before any referral. */
class NotExportFound extends Error {
  constructor(readonly reason: string) {
    super(reason);
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
 * Where the first syntax error of a piece of a file is, and what it is: `text` starts at
 * `start` in the file and stands where `enclosing` says (src/parse/json-parse.ts). Undefined
 * when the piece holds none (the error is after it).
 */
function placeSyntaxError(text: string, enclosing: Enclosing, atEnd: boolean, start: Position): { reason: string } & Position | undefined {
  const error = firstJsonError(text, enclosing, atEnd);
  return error && { reason: jsonErrorReason(error.code), ...positionIn(text, error.offset, start) };
}

/** A piece of a file that JSON.parse refused: the failure of the file, placed in the piece. */
function syntaxFailure(text: string, enclosing: Enclosing, start: Position): { reason: string } & Position {
  // JSON.parse and the validator refuse the same texts; should they not, the piece is named still.
  return placeSyntaxError(text, enclosing, false, start) ?? { reason: 'not valid JSON', ...start };
}

/** The syntax error the scanner met, or an earlier one in the value it was reading. */
function scannerSyntaxError(it: SyntaxErrorItem): { reason: string } & Position {
  const { partial } = it;
  const earlier = partial && placeSyntaxError(partial.text, partial.enclosing, partial.atEnd, partial);
  return earlier ?? { reason: jsonErrorReason(it.code), line: it.line, column: it.column };
}

/**
 * One element of a streamed JSON list: its referral, or why it is none; when its text is not
 * valid JSON, the failure of the whole file (as with JSON.parse of the file), placed in it.
 * The --jobs worker threads read elements with it too.
 */
export function jsonElement(file: string, pointer: string, text: string, line: number, column: number, limits: Limits = DEFAULT_LIMITS): LoadEvent {
  const timings = activeTimings; // --timing: parsing
  if (!timings) return elementEvent(file, pointer, text, line, column, limits);
  const start = performance.now();
  const event = elementEvent(file, pointer, text, line, column, limits);
  timings.since('parsing', start);
  return event;
}

function elementEvent(file: string, pointer: string, text: string, line: number, column: number, limits: Limits): LoadEvent {
  const parsed = parseJson(text);
  if (!parsed) return { kind: 'failed-file', file, ...syntaxFailure(text, 'array', { line, column }) };
  const referral = item(parsed.value, pointer, limits, parsed.repeated);
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
 * A JSON file read as a stream (src/parse/json-stream.ts): one referral in memory at a time.
 * A syntax error anywhere fails the whole file, as with JSON.parse; it is placed in the
 * piece of the file being read, never by reading the file again. A value longer than
 * maxReferralLength is skipped without being held: a referral fails, anything else the file.
 * A key written twice fails its referral, or the file when it is outside the referrals.
 */
export async function* loadJsonStream(file: string, chunks: AsyncIterable<Uint8Array | string>, raw = false, limits: Limits = DEFAULT_LIMITS): AsyncGenerator<LoadEvent> {
  const scanner = new JsonBoundaryScanner(limits.maxReferralLength);
  const tooLong = `longer than ${limits.maxReferralLength} bytes (the limit is maxReferralLength)`;
  let envelope = false;
  /**
   * The first failure met in a top-level object before it is known to be an envelope, which
   * stands once it is: a bad export header, a repeated key, a member too long. Any later one
   * cannot come first, so only this one is kept.
   */
  let pending: FileFailure | undefined;
  /** A failure that fails an envelope: at once when the object is one, else once it proves to be. */
  const envelopeFailure = (failure: FileFailure): void => {
    if (envelope) throw failure;
    pending ??= failure;
  };
  /** A member of the top-level object other than an envelope's list: read for its syntax, its repeated keys and (`export`) the header. */
  const takeMember = (member: Member): void => {
    const position = { line: member.line, column: member.column };
    if (member.kind === 'member-too-long') {
      if (member.key === 'referrals' && !envelope) {
        throw new FileFailure(`an export envelope's "referrals" must be a list, found a value ${tooLong}`, position);
      }
      // Not an envelope after all: the object is too long too, and fails as the referral.
      return envelopeFailure(new FileFailure(`a member of the export envelope is ${tooLong}`, position));
    }
    const parsed = parseJson(member.text);
    if (!parsed) {
      const { reason, ...at } = syntaxFailure(member.text, 'object', position);
      throw new FileFailure(reason, at);
    }
    const repeat = parsed.repeated[0];
    if (repeat) {
      const reason = repeatedKeyReason({ parent: joinPointer('', member.key) + repeat.parent, key: repeat.key }, 'the export envelope');
      return envelopeFailure(new FileFailure(reason, positionIn(member.text, repeat.offset, position)));
    }
    const header = member.key === 'export' ? exportHeaderFailure(parsed.value) : undefined;
    if (header) envelopeFailure(new FileFailure(header, position));
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
          if (event.kind === 'failed-file') throw new FileFailure(event.reason, { line: event.line, column: event.column });
          yield event;
          break;
        }
        case 'too-long':
          // Decided here, in this thread, whatever --jobs: the text was never held to hand on.
          yield { kind: 'failed-referral', file, pointer: it.pointer, line: it.line, reason: referralTooLong(limits) };
          break;
        case 'envelope': {
          envelope = true;
          if (pending) throw pending;
          // Its keys before the list say what it is: referral-lint's own report is no export.
          const known = knownNonReferral(it.keys);
          if (known) throw new NotExportFound(known);
          break;
        }
        case 'referral-key-in-envelope':
          throw new FileFailure(
            `the top-level object has a referral's key "${it.key}" after its "referrals" list, and no "export" header: one referral needs its own keys before "referrals", an export envelope needs an "export" header`,
            { line: it.line, column: it.column },
          );
        case 'member':
        case 'member-too-long':
          takeMember(it);
          break;
        case 'repeated-key':
          envelopeFailure(new FileFailure(repeatedKeyReason({ parent: '', key: it.key }, 'the export envelope'), { line: it.line, column: it.column }));
          break;
        case 'keys-too-long':
          envelopeFailure(new FileFailure(`the keys of the export envelope add up to more than ${limits.maxReferralLength} bytes (the limit is maxReferralLength)`, { line: it.line, column: it.column }));
          break;
        case 'key-too-long':
          throw new FileFailure(`a key of the top-level object is ${tooLong}`, { line: it.line, column: it.column });
        case 'referrals-not-a-list': {
          const parsed = parseJson(it.text);
          const position = { line: it.line, column: it.column };
          if (!parsed) {
            const { reason, ...at } = syntaxFailure(it.text, 'object', position);
            throw new FileFailure(reason, at);
          }
          throw new FileFailure(notAList(parsed.value), position);
        }
        case 'value-too-long':
          throw new FileFailure(`expected a referral object, a list of referrals or an export envelope at the top level, found a value ${tooLong}`, { line: it.line, column: it.column });
        case 'whole': {
          // One referral, or a value that is no container: read as JSON.parse of the whole file would be.
          const start = { line: it.line, column: it.column };
          const timings = activeTimings; // --timing: parsing
          const began = timings ? performance.now() : 0;
          const parsed = parseJson(it.text);
          timings?.since('parsing', began);
          if (!parsed) {
            const { reason, ...at } = syntaxFailure(it.text, 'top', start);
            throw new FileFailure(reason, at);
          }
          yield* containerEvents(file, it.text, parsed, limits, start);
          break;
        }
        case 'syntax-error': {
          const { reason, ...at } = scannerSyntaxError(it);
          throw new FileFailure(reason, at);
        }
      }
    }
  }
  try {
    for await (const chunk of chunks) yield* handle(scanner.push(typeof chunk === 'string' ? encodeUtf8(chunk) : chunk));
    if (scanner.isEmpty()) {
      yield { kind: 'failed-file', file, reason: 'the file is empty: no referral document' };
      return;
    }
    yield* handle(scanner.end());
  } catch (error) {
    if (error instanceof NotExportFound) {
      yield { kind: 'not-export', file, reason: error.reason };
      return;
    }
    if (!(error instanceof FileFailure)) throw error;
    yield { kind: 'failed-file', file, reason: error.reason, ...error.position };
  }
}
