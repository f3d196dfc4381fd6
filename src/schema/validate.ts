// The referral schema compiled once per mode, and ajv's errors turned into plain words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fieldName, joinPointer, parsePointer } from '../model/pointer.js';
import { isDateTime } from '../domain/time.js';
import { referralSchema } from './referral-schema.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

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

export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date', 'email', 'regex']);
  // RFC 3339 with the offset optional: a date-time without one is read in `timeZone`.
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  return ajv;
}

const compiled = new Map<boolean, ValidateFunction>();

function validator(strict: boolean): ValidateFunction {
  let v = compiled.get(strict);
  if (!v) {
    v = createAjv().compile(referralSchema({ strict }));
    compiled.set(strict, v);
  }
  return v;
}

function describe(error: ErrorObject): SchemaProblem {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const pointer = joinPointer(error.instancePath, String(p.missingProperty));
      return { pointer, message: `${fieldName(pointer)} is required` };
    }
    case 'additionalProperties': {
      const pointer = joinPointer(error.instancePath, String(p.additionalProperty));
      return { pointer, message: unknownKeyMessage(pointer) };
    }
    default:
      return { pointer: error.instancePath, message: `${fieldName(error.instancePath)} ${expectation(error, p)}` };
  }
}

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
  if (pointer === '' || message !== unknownKeyMessage(pointer)) return undefined;
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  const length = [...parsePointer(pointer).at(-1)!].length;
  const key = length === 0 ? 'an empty key' : `a key of ${length} character${length === 1 ? '' : 's'}`;
  const owner = parent === '' ? 'the referral' : fieldName(parent);
  return { pointer: parent, message: `${owner} has ${key} ${WITHHELD}` };
}

const WITHHELD = 'that is not a field of the referral format (--strict; --include-personal-data shows its name)';

/**
 * What a baseline matches schema-valid's finding of an unknown key by, whether the finding names
 * the key or not: the object that holds the key and the key's length (the finding without the
 * name). Undefined for any other finding.
 */
export function unknownKeyIdentity(pointer: string, message: string): string | undefined {
  const neutral = withoutKeyName(pointer, message) ?? { pointer, message };
  return neutral.message.endsWith(` ${WITHHELD}`) ? `${neutral.pointer}\u0000${neutral.message}` : undefined;
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
  const validate = validator(strict);
  if (validate(document)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = describe(error);
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
