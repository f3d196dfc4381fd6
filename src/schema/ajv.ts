// The ajv instance every JSON Schema of referral-lint is compiled with: draft 2020-12, all
// errors, strict, and the formats of ./formats.ts. The referral and config schemas and the
// built-in rules' options are compiled with it ahead of time by `npm run build`
// (scripts/compile-schemas.mjs); at run time it compiles only plugins' and declarative rules'.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { AJV_FORMATS, DATE_TIME_FORMAT } from './formats.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** `code`: for the build's standalone code generation. */
export function createAjv(code?: Options['code']): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, ...(code ? { code } : {}) });
  addFormats(ajv, [...AJV_FORMATS]);
  ajv.addFormat('date-time', DATE_TIME_FORMAT);
  return ajv;
}
