// The referral schema compiled once per mode, and ajv's errors turned into plain words.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fieldName, joinPointer } from '../pointer.js';
import { isDateTime } from '../time.js';
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
      return { pointer, message: `${fieldName(pointer)} is not a field of the referral format (--strict)` };
    }
    default:
      return { pointer: error.instancePath, message: `${fieldName(error.instancePath)} ${expectation(error, p)}` };
  }
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
