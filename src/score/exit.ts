// Exit codes, ESLint's contract: 0 clean, 1 lint failure, 2 usage, configuration or internal error.
import type { LintResult } from '../model/types.js';
import { evaluateGates, type Gates } from './gates.js';

export type { Gates } from './gates.js';

export const EXIT_OK = 0;
export const EXIT_LINT_FAILURE = 1;
export const EXIT_TOOL_ERROR = 2;

export function exitCodeFor(result: LintResult, gates: Gates = {}): number {
  if (result.summary.internalErrors > 0) return EXIT_TOOL_ERROR;
  const s = result.summary;
  if (s.filesFailed > 0 || s.referralsFailed > 0) return EXIT_LINT_FAILURE;
  const errors = gates.failOn === 'new' && result.baseline ? result.baseline.newErrors : s.errors;
  if (errors > 0) return EXIT_LINT_FAILURE;
  if (evaluateGates(result, gates).some((g) => !g.passed)) return EXIT_LINT_FAILURE;
  return EXIT_OK;
}
