// The config file's validator, and the options validators of the built-in rules.
//
// This is the form the tests run: the config schema is compiled by ajv when first asked for,
// and no rule's options validator is ready-made (src/config/resolve.ts compiles each when
// first needed). `npm run build` replaces this module's compiled form, dist/src/config/compiled.js,
// with validators compiled ahead of time by ajv's standalone code generation
// (scripts/compile-schemas.mjs): the config schema's, and one for each built-in rule's
// options schema, found by the schema's JSON text. Both forms export what this one does.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from '../schema/ajv.js';
import { configSchema } from './schema.js';

/** Whether the validators were compiled by the build (true only in dist/). */
export const AHEAD_OF_TIME: boolean = false;

let compiledConfig: ValidateFunction | undefined;

export function configValidator(): ValidateFunction {
  return (compiledConfig ??= createAjv().compile(configSchema));
}

/**
 * The validator compiled by the build for a rule's options schema (as
 * src/config/resolve.ts's optionsSchemaOf extends it), by its JSON text; undefined when the
 * build compiled none for it (a plugin's or a declarative rule, or this form of the module).
 */
export function compiledOptionsValidator(_schemaText: string): ValidateFunction | undefined {
  return undefined;
}
