import type { LintResult } from '../result.js';

export interface ReportOptions {
  /** Only error findings are listed. */
  quiet?: boolean;
  color?: boolean;
}

/** A reporter is a pure function of the result. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;
