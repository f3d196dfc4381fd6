// The referral schema's validator (./compiled.ts: compiled by the build), and ajv's errors
// turned into plain words.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { fieldName, joinPointer, parsePointer } from '../model/pointer.js';
import { referralValidator } from './compiled.js';
import { referralSchema } from './referral-schema.js';
import { referralFields } from './fields.js';
import { closeName } from '../domain/nearest.js';

export interface SchemaProblem {
  /** Pointer relative to the referral. */
  pointer: string;
  message: string;
}

const FORMAT_WORDS: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date-time (RFC 3339, for example 2016-02-03T09:14:00Z)',
  email: 'an email address',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  object: 'an object',
  array: 'a list',
};

/** The field path (`carers[].name`) of a pointer relative to the referral. */
function fieldPath(pointer: string): string {
  return parsePointer(pointer).reduce((path, token) => (/^\d+$/.test(token) ? `${path}[]` : path === '' ? token : `${path}.${token}`), '');
}

let knownKeys: Map<string, string[]> | undefined;

/** The keys the format names in the object at `parent` (a pointer): referral-format.md's tables. */
function keysAt(parent: string): string[] {
  if (!knownKeys) {
    knownKeys = new Map();
    for (const { path } of referralFields()) {
      const dot = path.lastIndexOf('.');
      const owner = dot < 0 ? '' : path.slice(0, dot);
      knownKeys.set(owner, [...(knownKeys.get(owner) ?? []), path.slice(dot + 1)]);
    }
  }
  return knownKeys.get(fieldPath(parent)) ?? [];
}

/** A day/month/year date, with or without a time: 31/01/2024, 3/1/2024 09:14. */
const DAY_MONTH_YEAR = /^\s*\d{1,2}\/\d{1,2}\/\d{4}(?:[ T,]+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?\s*$/;

function describe(error: ErrorObject, document: unknown): SchemaProblem {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const pointer = joinPointer(error.instancePath, String(p.missingProperty));
      return { pointer, message: `${fieldName(pointer)} is required` };
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const pointer = joinPointer(error.instancePath, key);
      const guess = closeName(key, keysAt(error.instancePath));
      return { pointer, message: unknownKeyMessage(pointer) + (guess === undefined ? '' : suggestion(joinPointer(error.instancePath, guess))) };
    }
    case 'format': {
      const value = valueAt(document, error.instancePath);
      if ((p.format === 'date' || p.format === 'date-time') && typeof value === 'string' && DAY_MONTH_YEAR.test(value)) {
        // The value is never quoted: only its form.
        return { pointer: error.instancePath, message: `${fieldName(error.instancePath)} must be ${FORMAT_WORDS[String(p.format)]}: it looks like day/month/year` };
      }
      return { pointer: error.instancePath, message: `${fieldName(error.instancePath)} ${expectation(error, p)}` };
    }
    default:
      return { pointer: error.instancePath, message: `${fieldName(error.instancePath)} ${expectation(error, p)}` };
  }
}

/** The value at a pointer of the document, if any. */
function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of parsePointer(pointer)) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, token)) return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/** "; did you mean child.dateOfBirth?": it names a field of the format, never the key written. */
const suggestion = (knownPointer: string): string => `; did you mean ${fieldName(knownPointer)}?`;
const SUGGESTION = /^; did you mean [^?]+\?$/;

/**
 * The finding of a key the referral format does not name (--strict), naming the key. The runner
 * keeps this form only with --include-personal-data (see withoutKeyName).
 */
export function unknownKeyMessage(pointer: string): string {
  return `${fieldName(pointer)} is not a field of the referral format (--strict)`;
}

/**
 * schema-valid's finding of an unknown key, without the key's name: a key can be personal data
 * (a child's name written as a key). The finding then points at the object that holds the key
 * and says how long the key is, in characters. Undefined when the finding (pointer relative to
 * the referral, and message) is no such finding, or no longer names the key.
 */
export function withoutKeyName(pointer: string, message: string): SchemaProblem | undefined {
  if (pointer === '' || !message.startsWith(unknownKeyMessage(pointer))) return undefined;
  const guess = message.slice(unknownKeyMessage(pointer).length);
  if (guess !== '' && !SUGGESTION.test(guess)) return undefined;
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  const length = [...parsePointer(pointer).at(-1)!].length;
  const key = length === 0 ? 'an empty key' : `a key of ${length} character${length === 1 ? '' : 's'}`;
  const owner = parent === '' ? 'the referral' : fieldName(parent);
  return { pointer: parent, message: `${owner} has ${key} ${WITHHELD}${guess}` };
}

const WITHHELD = 'that is not a field of the referral format (--strict; --include-personal-data shows its name)';

/**
 * What a baseline matches schema-valid's finding of an unknown key by, whether the finding names
 * the key or not: the object that holds the key and the key's length (the finding without the
 * name). Undefined for any other finding.
 */
export function unknownKeyIdentity(pointer: string, message: string): string | undefined {
  const neutral = withoutKeyName(pointer, message) ?? { pointer, message };
  return neutral.message.includes(` ${WITHHELD}`) ? `${neutral.pointer}\u0000${neutral.message}` : undefined;
}

function expectation(error: ErrorObject, p: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return `must be ${TYPE_WORDS[String(p.type)] ?? String(p.type)}`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).filter((v) => typeof v === 'string');
      return `must be one of ${allowed.join(', ')}`;
    }
    case 'format':
      return `must be ${FORMAT_WORDS[String(p.format)] ?? String(p.format)}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'pattern':
      return error.instancePath.endsWith('/nhsNumber') ? 'must be 10 digits' : 'is not in the expected form';
    default:
      return 'is not valid';
  }
}

/**
 * Validates one referral. Problems are in plain words and name fields, never values.
 * When one field fails several keywords, each is reported once per pointer and keyword.
 */
export function validateReferral(document: unknown, strict: boolean): SchemaProblem[] {
  const validate = referralValidator(strict);
  if (validate(document)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error, document);
    const key = `${problem.pointer}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

export function schemaDocument(strict = false): Record<string, unknown> {
  return referralSchema({ strict });
}
