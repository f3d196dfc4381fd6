import type { RuleMeta } from '../rule-api/rule.js';
import type { LintResult, ReferralListing } from '../model/types.js';

export interface ReportOptions {
  /** Only error findings are listed. */
  quiet?: boolean;
  color?: boolean;
  /**
   * What each rule of the run says about itself (description, docs, fix guidance), by id.
   * Documentation only: reporters never recompute a score.
   */
  rules?: ReadonlyMap<string, RuleMeta<object>>;
  /**
   * html: list at most this many referrals with findings, those that score lowest, with a
   * line saying how many more there are (default DEFAULT_MAX_LISTED, 500; 0: every one).
   */
  maxListed?: number;
  /**
   * When the run kept only the referrals listed (KeepReferrals 'worst', runLint's `listing`):
   * the counts of all its referrals with findings. Without it, html and markdown count them
   * from the result's referrals.
   */
  listing?: ReferralListing;
}

/** A reporter is a pure function of the result. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;
