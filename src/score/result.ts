// The lint result: what the JSON report serialises and every other reporter reads. Scores
// come from the run's tally (src/score/tally.ts), kept as the run went; src/score/score.ts has the formula.
import { DIMENSIONS } from '../domain/codes.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { FileResult, LintResult } from '../model/types.js';
import type { RunRecord } from './run.js';
import { referralResults } from './referral-result.js';

export function buildResult(run: RunRecord, config: ResolvedConfig, tool: { name: string; version: string }): LintResult {
  const scores = run.tally.scores();
  const all = scores.all;
  const files: FileResult[] = run.files.map((f) => ({ ...f }));
  return {
    tool,
    config: { ...config.source },
    ...(config.includePersonalData ? { includesPersonalData: true as const } : {}),
    ...(config.only ? { only: { ...config.only, leftOut: run.leftOut.referrals, leftOutAgencies: run.leftOut.agencies } } : {}),
    summary: {
      files: files.length,
      filesFailed: files.filter((f) => f.error !== undefined).length,
      referrals: all.referrals,
      referralsFailed: files.reduce((n, f) => n + f.failedReferrals.length, 0),
      errors: all.errors,
      warnings: all.warnings,
      infos: all.infos,
      suppressed: all.suppressed,
      score: all.score,
      band: all.band,
      cleanRate: all.cleanRate,
      scoring: config.scoring,
      internalErrors: run.internalErrors.length,
      now: new Date(config.now).toISOString(),
    },
    files,
    referrals: (config.only ? run.referrals.filter((r) => config.isSelected(r.agencyKey, r.sector)) : run.referrals).map(referralResults(config)),
    agencies: scores.agencies,
    sectors: scores.sectors,
    dimensions: DIMENSIONS.map((d) => ({ name: d, score: all.dimensions[d] ?? null, referrals: scores.dimensionReferrals[d] ?? 0 })),
    rules: scores.rules.map(({ rule, severity, weight, penalty }) => ({
      id: rule.meta.id,
      dimension: rule.meta.dimension,
      severity,
      weight,
      penalty,
      applicable: all.rules[rule.meta.id]?.applicable ?? 0,
      failed: all.rules[rule.meta.id]?.failed ?? 0,
    })),
    internalErrors: run.internalErrors,
    ...(run.skipped.length > 0 ? { skipped: run.skipped } : {}),
  };
}
