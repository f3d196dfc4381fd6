// The one way referral-lint parses JSON text: a whole file (stdin), each referral the
// streaming scanner cuts from a file (in this thread or a --jobs worker), each NDJSON line.
// It is JSON.parse, plus two things JSON.parse does not do:
// - a key written twice in one object is found, where JSON.parse silently keeps the last
//   value (so `{"referrals":[...],"referrals":[...]}` would lose the first list);
// - a syntax error is described in words, with its place, by a validator of our own that
//   never quotes the text (JSON.parse's messages may quote personal data) and that can
//   start inside a list or an object, so a piece of a file is judged as it is in the file.
import { joinPointer } from '../model/pointer.js';
import { referralSchema } from '../schema/referral-schema.js';
import { lineStarts, positionAt } from './positions.js';
import { BACKSLASH, QUOTE } from './json-chars.js';
import type { Position } from './types.js';

/** What the validator can find wrong, in words for messages. */
export const JSON_ERROR_WORDS = {
  InvalidSymbol: 'an unexpected character',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'expected the end of the file after the top-level value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'an invalid unicode escape',
  InvalidEscapeCharacter: 'an invalid escape character',
  InvalidCharacter: 'an invalid character in a string',
  /** The file ends inside a value too long to have been kept (maxReferralLength). */
  UnexpectedEndOfFile: 'the file ends inside a value',
} as const;

export type JsonErrorCode = keyof typeof JSON_ERROR_WORDS;

export interface JsonError {
  code: JsonErrorCode;
  /** Offset in the text (UTF-16 code units): where the token that breaks starts. */
  offset: number;
}

/**
 * What a piece of text stands in: a whole text (`top`: one value, then nothing), or one
 * value of a list or of an object's member that the scanner cut at the comma or bracket
 * after it. Decides what is said when the value is followed by something else, and what
 * is missing when the file ends.
 */
export type Enclosing = 'top' | 'array' | 'object';

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SLASH = 0x2f;
const STAR = 0x2a;

/** JSON's white space: space, line feed, carriage return, tab (a character code or a byte). */
export const isJsonSpace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * Whether a character can start a token of JSON: a bracket, brace, comma, colon, string,
 * number or `true` `false` `null`. Where a token of one kind is expected, one of another
 * kind is named as "expected a ..."; any other character is "an unexpected character".
 * One character decides, so a reader that sees the text a byte at a time (the streaming
 * scanner) says the same as one that sees it whole.
 */
function startsToken(c: number): boolean {
  return '{}[],:"-tfn'.includes(String.fromCharCode(c)) || isDigit(c);
}

/** A character where a token is expected that is not the one expected: a comment, a character no token starts with, or the `expected` token missing. */
export function misplaced(c: number, next: number | undefined, expected: JsonErrorCode): JsonErrorCode {
  if (c === SLASH) return next === SLASH || next === STAR ? 'InvalidCommentToken' : 'InvalidSymbol';
  return startsToken(c) ? expected : 'InvalidSymbol';
}

const enum State {
  /** A value is expected (after a colon or a comma in a list, or at the start). */
  Value,
  /** Just after `[`: a value or `]`. */
  FirstValue,
  /** Just after `{`: a key or `}`. */
  FirstKey,
  /** After a comma in an object: a key. */
  Key,
  /** After a key: a colon. */
  Colon,
  /** After a value: a comma or the closing bracket of what holds it (or the end). */
  AfterValue,
}

const OBJECT = 1;
const ARRAY = 2;

/** The end of a string starting at `start` (the offset after its closing quote), or the error in it. */
function scanString(text: string, start: number): number | JsonError {
  const fail = (code: JsonErrorCode): JsonError => ({ code, offset: start });
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === LF || c === CR) return fail('UnexpectedEndOfString');
    if (c < 0x20) return fail('InvalidCharacter');
    if (c !== BACKSLASH) continue;
    i += 1;
    if (i >= text.length) return fail('UnexpectedEndOfString');
    const e = text[i]!;
    if (e === 'u') {
      for (let k = 1; k <= 4; k += 1) if (!isHex(text.charCodeAt(i + k))) return fail('InvalidUnicode');
      i += 4;
    } else if (!'"\\/bfnrt'.includes(e)) return fail('InvalidEscapeCharacter');
  }
  return fail('UnexpectedEndOfString');
}

/** The end of a number starting at `start`, or the error in it. */
function scanNumber(text: string, start: number): number | JsonError {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i += 1; // -
  if (!isDigit(text.charCodeAt(i))) return { code: 'InvalidSymbol', offset: start };
  if (text.charCodeAt(i) === 0x30) i += 1;
  else while (isDigit(text.charCodeAt(i))) i += 1;
  if (text.charCodeAt(i) === 0x2e) {
    i += 1;
    if (!isDigit(text.charCodeAt(i))) return { code: 'UnexpectedEndOfNumber', offset: start };
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i += 1;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i += 1;
    if (!isDigit(text.charCodeAt(i))) return { code: 'UnexpectedEndOfNumber', offset: start };
    while (isDigit(text.charCodeAt(i))) i += 1;
  }
  return i;
}

/** The end of `true`, `false` or `null` at `start`, or an error when the word there is none of them. */
function scanWord(text: string, start: number): number | JsonError {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isJsonSpace(c) || '{}[],:"/'.includes(text[i]!)) break;
    i += 1;
  }
  const word = text.slice(start, i);
  return word === 'true' || word === 'false' || word === 'null' ? i : { code: 'InvalidSymbol', offset: start };
}

/**
 * The first syntax error in `text`, as JSON.parse reads it (JSON.parse fails exactly when
 * there is one); undefined when there is none. `enclosing`: see Enclosing. `atEnd`: the
 * file ends where the text does, so a list or object left open is an error there; otherwise
 * the text is a value the scanner cut, and what follows it is the scanner's to judge. A
 * loop with its own stack (one byte a level), so any nesting is read.
 */
export function firstJsonError(text: string, enclosing: Enclosing = 'top', atEnd = true): JsonError | undefined {
  let stack = new Uint8Array(64);
  let depth = 0;
  let state = State.Value as State;
  const open = (kind: number, next: State): void => {
    if (depth === stack.length) {
      const grown = new Uint8Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[depth] = kind;
    depth += 1;
    state = next;
  };
  const close = (): void => {
    depth -= 1;
    state = State.AfterValue;
  };
  const misplacedAt = (i: number, expected: JsonErrorCode): JsonError => ({
    code: misplaced(text.charCodeAt(i), i + 1 < text.length ? text.charCodeAt(i + 1) : undefined, expected),
    offset: i,
  });
  let i = 0;
  for (;;) {
    while (i < text.length && isJsonSpace(text.charCodeAt(i))) i += 1;
    if (i >= text.length) return endOfText(state, depth > 0 ? stack[depth - 1]! : 0, enclosing, atEnd, i);
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    switch (state) {
      case State.FirstValue:
      case State.Value: {
        if (ch === ']' && state === State.FirstValue) {
          close();
          i += 1;
          break;
        }
        if (ch === '{') {
          open(OBJECT, State.FirstKey);
          i += 1;
          break;
        }
        if (ch === '[') {
          open(ARRAY, State.FirstValue);
          i += 1;
          break;
        }
        if (ch === ',' || ch === ']' || ch === '}' || ch === ':') return { code: 'ValueExpected', offset: i };
        const end = c === QUOTE ? scanString(text, i) : c === 0x2d || isDigit(c) ? scanNumber(text, i) : startsToken(c) ? scanWord(text, i) : misplacedAt(i, 'ValueExpected');
        if (typeof end !== 'number') return end;
        i = end;
        state = State.AfterValue;
        break;
      }
      case State.FirstKey:
      case State.Key: {
        if (ch === '}' && state === State.FirstKey) {
          close();
          i += 1;
          break;
        }
        if (ch === ',') return { code: 'ValueExpected', offset: i };
        if (c !== QUOTE) return misplacedAt(i, 'PropertyNameExpected');
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = State.Colon;
        break;
      }
      case State.Colon:
        if (ch !== ':') return misplacedAt(i, 'ColonExpected');
        i += 1;
        state = State.Value;
        break;
      case State.AfterValue: {
        if (depth === 0) return misplacedAt(i, enclosing === 'top' ? 'EndOfFileExpected' : 'CommaExpected');
        const kind = stack[depth - 1];
        if (ch === ',') {
          state = kind === OBJECT ? State.Key : State.Value;
          i += 1;
        } else if (ch === (kind === OBJECT ? '}' : ']')) {
          close();
          i += 1;
        } else return misplacedAt(i, 'CommaExpected');
        break;
      }
    }
  }
}

/** What is missing where a text ends. */
function endOfText(state: State, innermost: number, enclosing: Enclosing, atEnd: boolean, offset: number): JsonError | undefined {
  const error = (code: JsonErrorCode): JsonError => ({ code, offset });
  switch (state) {
    case State.Value:
      return error('ValueExpected');
    case State.FirstValue:
      return error('CloseBracketExpected');
    case State.FirstKey:
      return error('CloseBraceExpected');
    case State.Key:
      return error('PropertyNameExpected');
    case State.Colon:
      return error('ColonExpected');
    case State.AfterValue:
      if (innermost !== 0) return error(innermost === OBJECT ? 'CloseBraceExpected' : 'CloseBracketExpected');
      // The text's one value is whole: in a file that ends here, the list or object holding it is not closed.
      if (enclosing === 'top' || !atEnd) return undefined;
      return error(enclosing === 'object' ? 'CloseBraceExpected' : 'CloseBracketExpected');
  }
}

/** `not valid JSON: <what>`, for messages. */
export function jsonErrorReason(code: JsonErrorCode): string {
  return `not valid JSON: ${JSON_ERROR_WORDS[code]}`;
}

/**
 * Why a whole JSON text failed to parse, in words and with a position; never quotes the
 * text (it may hold personal data), unlike JSON.parse's own messages.
 */
export function jsonSyntaxError(text: string): { reason: string } & Partial<Position> {
  const error = firstJsonError(text);
  if (!error) return { reason: 'not valid JSON' };
  return { reason: jsonErrorReason(error.code), ...positionAt(lineStarts(text), error.offset) };
}

/** A key written more than once in one object; `parent` is the object's pointer in the text parsed, `offset` where the repeat starts. */
export interface RepeatedKey {
  parent: string;
  key: string;
  offset: number;
}

const NONE: readonly RepeatedKey[] = Object.freeze([]);

/**
 * JSON.parse, with every key written twice in one object found (the value is what JSON.parse
 * gives: the last one); undefined when the text is not valid JSON. Costs one pass over the
 * text beside JSON.parse: the members written (a colon outside strings is one) are counted
 * and compared with the keys the parsed value holds; only when they differ is the text read
 * again to say which keys repeat.
 */
export function parseJson(text: string): { value: unknown; repeated: readonly RepeatedKey[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return { value, repeated: NONE };
  return { value, repeated: countMembers(text) === countKeys(value) ? NONE : repeatedKeys(text) };
}

/** The offset just after the string whose opening quote is at `quote`, in valid JSON. */
function stringEnd(text: string, quote: number): number {
  for (let i = text.indexOf('"', quote + 1); ; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
}

/** Members written in valid JSON text: each has the one colon found outside strings. */
function countMembers(text: string): number {
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else {
      if (c === 0x3a) count += 1;
      i += 1;
    }
  }
  return count;
}

/** Own keys of every object in a parsed value (JSON.parse makes `__proto__` an own key too); a loop, not recursion. */
function countKeys(root: object): number {
  let count = 0;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (Array.isArray(value)) {
      for (const child of value as unknown[]) if (child !== null && typeof child === 'object') stack.push(child);
      continue;
    }
    // JSON.parse makes plain objects, whose keys for...in sees (a key inherited from a polluted
    // prototype would only send the text to the exact search, which finds no repeat).
    for (const key in value) {
      count += 1;
      const child = (value as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return count;
}

/** An object or list open while reading; its pointer is built from the links to its parents, only for a repeat. */
interface Frame {
  keys?: Set<string>;
  /** Index of the next element (a list). */
  index: number;
  /** The key of the member being read (an object). */
  key?: string;
  parent?: Frame;
  token?: string;
}

function framePointer(frame: Frame): string {
  const tokens: string[] = [];
  for (let f: Frame | undefined = frame; f?.token !== undefined; f = f.parent) tokens.push(f.token);
  return joinPointer('', ...tokens.reverse());
}

/** Every repeat of a key in one object, in text order, in valid JSON text. */
function repeatedKeys(text: string): RepeatedKey[] {
  const found: RepeatedKey[] = [];
  let frame: Frame | undefined;
  /** In an object, the next string is a key. */
  let expectKey = false;
  const childToken = (): string | undefined => (frame === undefined ? undefined : frame.keys ? frame.key : String(frame.index));
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '{' || c === '[') {
      frame = { ...(c === '{' ? { keys: new Set<string>() } : {}), index: 0, parent: frame, token: childToken() };
      expectKey = c === '{';
      i += 1;
    } else if (c === '}' || c === ']') {
      frame = frame!.parent;
      expectKey = false;
      i += 1;
    } else if (c === ',') {
      if (frame!.keys) expectKey = true;
      else frame!.index += 1;
      i += 1;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (frame!.keys!.has(key)) found.push({ parent: framePointer(frame!), key, offset: i });
        frame!.keys!.add(key);
        frame!.key = key;
        expectKey = false;
      }
      i = end;
    } else i += 1;
  }
  return found;
}

/** Every key the referral format names, and those of an export envelope: key names that are no personal data. */
let formatKeys: Set<string> | undefined;

export function isFormatKey(key: string): boolean {
  if (!formatKeys) {
    formatKeys = new Set(['export', 'referrals', 'localAuthority', 'system', 'exportedAt', 'schemaVersion']);
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        const { properties } = node as { properties?: unknown };
        if (properties && typeof properties === 'object') Object.keys(properties).forEach((k) => formatKeys!.add(k));
        Object.values(node).forEach(walk);
      }
    };
    walk(referralSchema());
  }
  return formatKeys.has(key);
}

/**
 * Why a referral or a file fails for a repeated key. A key the format names is named with
 * its path; any other key may be personal data (a name written as a key), so only the
 * object holding it is named. `parent` is relative to what `whole` names.
 */
export function repeatedKeyReason({ parent, key }: Pick<RepeatedKey, 'parent' | 'key'>, whole: 'the referral' | 'the export envelope'): string {
  if (isFormatKey(key)) return `a repeated key: ${joinPointer(parent, key)} is written more than once`;
  return `a repeated key in ${parent === '' ? whole : `the object at ${parent}`}`;
}
