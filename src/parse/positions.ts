// Line and column of a JSON Pointer, for JSON texts, worked out lazily (YAML: ./yaml-positions.ts).
import { parsePointer } from '../model/pointer.js';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-chars.js';
import type { Locator, Position } from './types.js';

/** Offsets of line starts, for offset → line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** A pointer's tokens, array indexes as numbers. */
export function tokens(pointer: string): (string | number)[] {
  return parsePointer(pointer).map((t) => (/^(0|[1-9]\d*)$/.test(t) ? Number(t) : t));
}

/** The first offset from `i` that is not JSON white space. */
function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i += 1;
  }
}

/** The offset just after the string whose opening quote is at `quote`; -1 when it does not end. */
function afterString(text: string, quote: number): number {
  for (let i = text.indexOf('"', quote + 1); i !== -1; i = text.indexOf('"', i + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
  return -1;
}

/** The offset just after the value that starts at `i`; -1 when the text ends inside it. */
function afterValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return afterString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < text.length; ) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) {
        j = afterString(text, j);
        if (j === -1) return -1;
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth += 1;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      j += 1;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  for (; j < text.length; j += 1) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
  }
  return j === i ? -1 : j;
}

/** Where a member's value starts, after its key ends at `keyEnd` and the colon; -1 when no colon follows. */
function valueAfterKey(text: string, keyEnd: number): number {
  const colon = skipSpace(text, keyEnd);
  return text.charCodeAt(colon) === COLON ? skipSpace(text, colon + 1) : -1;
}

/**
 * After the value that starts at `value`, inside an object or list: where the next member or
 * element starts, -1 when the object or list ends there, undefined when the text is not valid JSON.
 */
function nextItem(text: string, value: number): number | undefined {
  const after = afterValue(text, value);
  if (after === -1) return undefined;
  const next = skipSpace(text, after);
  return text.charCodeAt(next) === COMMA ? skipSpace(text, next + 1) : -1;
}

/** Whether the key whose quotes are at `quote` and `end - 1` is `key`: compared as written unless it holds an escape. */
function keyIs(text: string, quote: number, end: number, key: string): boolean {
  if (end - quote - 2 === key.length && text.startsWith(key, quote + 1)) return true;
  // Written differently, it is the same key only through an escape (\u0041 for A): look in the key alone.
  for (let i = quote + 1; i < end - 1; i += 1) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    try {
      return JSON.parse(text.slice(quote, end)) === key;
    } catch {
      return false;
    }
  }
  return false;
}

/** An object's members by key (the first of a key written twice: its key's and its value's offsets), or a list's elements' offsets. */
type Index = Map<string, [number, number]> | number[];

/**
 * What a locator remembers of its text: how often each object or list (by the offset it
 * starts at) was read, and, once read often, its index. A referral with a few findings reads
 * along each pointer from the top of each object, allocating nothing; one with thousands of
 * findings in one object (every unknown key of a large object, --strict) indexes that object
 * once, so each finding costs the pointer's depth, not the object's size.
 */
interface Memo {
  reads: Map<number, number>;
  indexes: Map<number, Index | undefined>;
}

/** Reads of one object or list after which its members are indexed. */
const INDEX_AFTER = 8;

/** A key's text as JSON reads it: as written unless it holds an escape; undefined when it is no JSON string. */
function keyText(text: string, quote: number, end: number): string | undefined {
  for (let i = quote + 1; i < end - 1; i += 1) {
    if (text.charCodeAt(i) !== BACKSLASH) continue;
    try {
      return JSON.parse(text.slice(quote, end)) as string;
    } catch {
      return undefined;
    }
  }
  return text.slice(quote + 1, end - 1);
}

/** Every member of the object (or element of the list) that starts at `open`; undefined when the text is not valid JSON there. */
function indexOf(text: string, open: number): Index | undefined {
  if (text.charCodeAt(open) === OPEN_BRACE) {
    const members = new Map<string, [number, number]>();
    let i = skipSpace(text, open + 1);
    while (text.charCodeAt(i) === QUOTE) {
      const end = afterString(text, i);
      if (end === -1) return undefined;
      const start = valueAfterKey(text, end);
      if (start === -1) return undefined;
      const key = keyText(text, i, end);
      if (key === undefined) return undefined;
      if (!members.has(key)) members.set(key, [i, start]);
      const next = nextItem(text, start);
      if (next === undefined) return undefined;
      if (next === -1) break;
      i = next;
    }
    return members;
  }
  const elements: number[] = [];
  let i = skipSpace(text, open + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return elements;
  for (;;) {
    elements.push(i);
    const next = nextItem(text, i);
    if (next === undefined) return undefined;
    if (next === -1) return elements;
    i = next;
  }
}

/** The index of the object or list at `open`, once it has been read INDEX_AFTER times. */
function indexed(text: string, open: number, memo: Memo | undefined): Index | undefined {
  if (!memo) return undefined;
  if (memo.indexes.has(open)) return memo.indexes.get(open);
  const reads = (memo.reads.get(open) ?? 0) + 1;
  memo.reads.set(open, reads);
  if (reads < INDEX_AFTER) return undefined;
  const index = indexOf(text, open);
  memo.indexes.set(open, index);
  return index;
}

/**
 * The offset a pointer is placed at in valid JSON text (see jsonLocator); undefined when the
 * text turns out not to be valid JSON on the way. `memo`: what a locator remembers of the text.
 */
export function offsetOf(text: string, pointer: string, memo?: Memo): number | undefined {
  let value = skipSpace(text, 0);
  if (value >= text.length) return undefined;
  /** The key of the property whose value `value` is; -1 at the top or in a list. */
  let key = -1;
  for (const token of tokens(pointer)) {
    const c = text.charCodeAt(value);
    let found = -1;
    let foundKey = -1;
    if (typeof token === 'string') {
      if (c !== OPEN_BRACE) break;
      const index = indexed(text, value, memo);
      if (index instanceof Map) {
        const member = index.get(token);
        if (member) [foundKey, found] = member;
      } else {
        let i = skipSpace(text, value + 1);
        while (text.charCodeAt(i) === QUOTE) {
          const end = afterString(text, i);
          if (end === -1) return undefined;
          const start = valueAfterKey(text, end);
          if (start === -1) return undefined;
          if (keyIs(text, i, end, token)) {
            found = start;
            foundKey = i;
            break;
          }
          const next = nextItem(text, start);
          if (next === undefined) return undefined;
          if (next === -1) break;
          i = next;
        }
      }
    } else {
      if (c !== OPEN_BRACKET) break;
      const index = indexed(text, value, memo);
      if (Array.isArray(index)) {
        if (token < index.length) found = index[token]!;
      } else {
        let i = skipSpace(text, value + 1);
        if (text.charCodeAt(i) !== CLOSE_BRACKET) {
          for (let n = 0; ; n += 1) {
            if (n === token) {
              found = i;
              break;
            }
            const next = nextItem(text, i);
            if (next === undefined) return undefined;
            if (next === -1) break;
            i = next;
          }
        }
      }
    }
    if (found === -1) break;
    value = found;
    key = foundKey;
  }
  return key === -1 ? value : key;
}

/**
 * A locator over a JSON text: finds a pointer's place by reading the text along the pointer,
 * without building a syntax tree. Each step reads the members (or elements) of one object
 * (or list) up to the one it wants, stepping over the values before it, so finding a position
 * costs at most one read of the text and allocates nothing but the answer; an object or list
 * read often (thousands of findings in one object) is indexed once (Memo). A pointer to a
 * missing field resolves to the nearest enclosing value that exists; a key written twice
 * resolves to its first; a property is placed at its key, as editors do. Only the line starts
 * are worked out once, the first time a position is asked for, so a file whose referrals are
 * all clean never pays for them. The text is valid JSON (it was parsed first); should it not
 * be, the locator gives no position rather than a wrong one.
 */
export function jsonLocator(text: string, lineOffset = 0, columnOffset = 0): Locator {
  let starts: number[] | undefined;
  let memo: Memo | undefined;
  return (pointer) => {
    memo ??= { reads: new Map(), indexes: new Map() };
    const at = offsetOf(text, pointer, memo);
    if (at === undefined) return undefined;
    starts ??= lineStarts(text);
    const pos = positionAt(starts, at);
    return { line: pos.line + lineOffset, column: pos.line === 1 ? pos.column + columnOffset : pos.column };
  };
}
