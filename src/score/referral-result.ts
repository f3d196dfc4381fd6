// A referral's record as the JSON report gives it (ReferralResult): the result's `referrals`
// (src/score/result.ts) and the referrals streamed to reports as the run goes (src/score/run.ts).
import type { ResolvedConfig } from '../config/resolve.js';
import type { ReferralRecord, ReferralResult } from '../model/types.js';
import { bandOf, round2 } from './score.js';

/** Turns records into report form; referrals with the same outcomes (the runner shares those objects) share one list of rules applied. */
export function referralResults(config: ResolvedConfig): (record: ReferralRecord) => ReferralResult {
  const applied = new WeakMap<object, string[]>();
  const appliedOf = (outcomes: Record<string, boolean>): string[] => {
    let ids = applied.get(outcomes);
    if (!ids) applied.set(outcomes, (ids = Object.keys(outcomes)));
    return ids;
  };
  return (record) => {
    const score = round2(record.score ?? 100);
    return {
      id: record.id,
      file: record.file,
      pointer: record.pointer,
      ...(record.document !== undefined ? { document: record.document } : {}),
      ...(record.line !== undefined ? { line: record.line } : {}),
      ...(record.row !== undefined ? { row: record.row } : {}),
      ...(record.sheet !== undefined ? { sheet: record.sheet } : {}),
      agency: record.agency,
      sector: record.sector,
      score,
      band: bandOf(score, config.scoring.bands),
      rulesApplied: appliedOf(record.outcomes),
      findings: record.findings,
      suppressed: record.suppressed,
      ...(record.notAssessed ? { notAssessed: [...record.notAssessed] } : {}),
    };
  };
}
