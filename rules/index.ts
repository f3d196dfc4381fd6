// The built-in rules, in the order reports list them.
import type { Rule } from '../src/engine/rule.js';
import consentRecorded from './consent-recorded.js';
import keyInformationPresent from './key-information-present.js';
import schemaValid from './schema-valid.js';
import thresholdApplied from './threshold-applied.js';

export const builtInRules: readonly Rule<object>[] = [
  schemaValid,
  keyInformationPresent,
  consentRecorded,
  thresholdApplied,
] as Rule<object>[];
