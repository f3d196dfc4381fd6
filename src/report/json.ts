// The JSON report: the lint result as it is. Other tools depend on its shape (README, "JSON report").
import { nestedJson, splitJsonArray, type PartedReporter, type Reporter } from './types.js';

export const json: Reporter = (result) => `${JSON.stringify(result, null, 2)}\n`;

/** The JSON report in parts: each referral printed as JSON.stringify prints it inside `referrals` (two levels deep), joined by commas. */
export const jsonParts: PartedReporter = (result, _options, counts) => {
  const { before, after } = splitJsonArray(`${JSON.stringify({ ...result, referrals: [] }, null, 2)}\n`, 'referrals', 1, counts.referrals);
  return { head: before, referral: (r, i) => (i > 0 ? ',\n' : '') + nestedJson(r, 2), tail: after };
};
