// JSON files: parsed whole with JSON.parse; positions only when a finding needs them.
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { splitContainer } from './containers.js';
import { jsonLocator, lineStarts, positionAt } from './positions.js';
import type { LoadEvent, Position } from './types.js';

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
