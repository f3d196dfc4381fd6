// The referral schema's validators, one per mode (strict: unknown keys are errors).
//
// This is the form the tests run: each validator is compiled by ajv when first asked for.
// `npm run build` replaces this module's compiled form, dist/src/schema/compiled.js, with the
// same validators compiled ahead of time by ajv's standalone code generation
// (scripts/compile-schemas.mjs), so that a run compiles no schema and does not load ajv for it:
// the same code ajv would generate, so the same errors. Both forms export what this one does.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './ajv.js';
import { referralSchema } from './referral-schema.js';

/** Whether the validators were compiled by the build (true only in dist/). */
export const AHEAD_OF_TIME: boolean = false;

const compiled = new Map<boolean, ValidateFunction>();

export function referralValidator(strict: boolean): ValidateFunction {
  let v = compiled.get(strict);
  if (!v) {
    v = createAjv().compile(referralSchema({ strict }));
    compiled.set(strict, v);
  }
  return v;
}
