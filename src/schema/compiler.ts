// ajv at run time, for the JSON Schemas the build did not compile (scripts/compile-schemas.mjs):
// a plugin's or a declarative rule's options. Loading ajv costs a run's start-up time, so it is
// loaded only when such a rule is present: a run awaits loadAjv() before it loads plugins or
// declarative rules (src/run/config.ts); the public API and RuleTester provide it as they load.
import type { Ajv2020 } from 'ajv/dist/2020.js';

let factory: (() => Ajv2020) | undefined;

/** Hands over ./ajv.ts's createAjv, imported by the caller. */
export function provideAjv(create: () => Ajv2020): void {
  factory = create;
}

/** Loads ajv, once. */
export async function loadAjv(): Promise<void> {
  if (!factory) provideAjv((await import('./ajv.js')).createAjv);
}

/** A new ajv instance, as ./ajv.ts's createAjv makes it; ajv must have been loaded or provided. */
export function runtimeAjv(): Ajv2020 {
  if (!factory) throw new Error('internal error: a JSON Schema must be compiled at run time but ajv was not loaded (await loadAjv() first)');
  return factory();
}
