// Exit codes, ESLint's contract: 0 clean, 1 lint failure, 2 usage, configuration or internal error.
import type { LintResult } from '../model/types.js';

export const EXIT_OK = 0;
export const EXIT_LINT_FAILURE = 1;
export const EXIT_TOOL_ERROR = 2;

export interface Gates {
  /** Fail when warnings exceed this; negative means no limit. */
  maxWarnings?: number;
  /** Fail when any agency scores below this. */
  minScore?: number;
  /**
   * `error` (default): any error finding fails. `new`: only error findings the baseline does
   * not have (needs result.baseline). Files and referrals that could not be linted fail either way.
   */
  failOn?: 'error' | 'new';
}

export function exitCodeFor(result: LintResult, gates: Gates = {}): number {
  if (result.summary.internalErrors > 0) return EXIT_TOOL_ERROR;
  const s = result.summary;
  if (s.filesFailed > 0 || s.referralsFailed > 0) return EXIT_LINT_FAILURE;
  const errors = gates.failOn === 'new' && result.baseline ? result.baseline.newErrors : s.errors;
  if (errors > 0) return EXIT_LINT_FAILURE;
  if (gates.maxWarnings !== undefined && gates.maxWarnings >= 0 && s.warnings > gates.maxWarnings) return EXIT_LINT_FAILURE;
  if (gates.minScore !== undefined && result.agencies.some((a) => a.score !== null && a.score < gates.minScore!)) return EXIT_LINT_FAILURE;
  return EXIT_OK;
}
