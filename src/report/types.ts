import type { RuleMeta } from '../rule-api/rule.js';
import type { LintResult } from '../model/types.js';

export interface ReportOptions {
  /** Only error findings are listed. */
  quiet?: boolean;
  color?: boolean;
  /**
   * What each rule of the run says about itself (description, docs, fix guidance), by id.
   * Documentation only: reporters never recompute a score.
   */
  rules?: ReadonlyMap<string, RuleMeta<object>>;
}

/** A reporter is a pure function of the result. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;
