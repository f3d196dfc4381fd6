// The gates a run is held to (--max-warnings, --min-score, --min-clean-rate, --fail-on new):
// each gate's outcome, which the result carries (LintResult.gates) so that every report can
// say which gate failed and why, and the exit code is decided from (src/score/exit.ts).
import type { GateResult, LintResult } from '../model/types.js';

export interface Gates {
  /** Fail when warnings exceed this; negative means no limit. */
  maxWarnings?: number;
  /** Fail when any agency scores below this (0-100). */
  minScore?: number;
  /** Fail when any agency's clean rate (percentage of referrals with no error finding) is below this (0-100). */
  minCleanRate?: number;
  /**
   * `error` (default): any error finding fails. `new`: only error findings the baseline does
   * not have (needs result.baseline). Files and referrals that could not be linted fail either way.
   */
  failOn?: 'error' | 'new';
}

/** Whether any gate is set: only then does the result carry `gates`. */
export function hasGates(gates: Gates, result: Pick<LintResult, 'baseline'>): boolean {
  return (
    (gates.maxWarnings !== undefined && gates.maxWarnings >= 0) ||
    gates.minScore !== undefined ||
    gates.minCleanRate !== undefined ||
    (gates.failOn === 'new' && result.baseline !== undefined)
  );
}

/** One entry per agency with a value, or one entry with `actual: null` (passed) when no agency has one. */
function perAgency(result: LintResult, gate: 'min-score' | 'min-clean-rate', limit: number, value: (a: LintResult['agencies'][number]) => number | null): GateResult[] {
  const out: GateResult[] = [];
  for (const a of result.agencies) {
    const actual = value(a);
    if (actual !== null) out.push({ gate, limit, actual, passed: actual >= limit, agency: a.name });
  }
  return out.length > 0 ? out : [{ gate, limit, actual: null, passed: true }];
}

/**
 * Each gate set, in a fixed order: fail-on (with --fail-on new), max-warnings, min-score per
 * agency, min-clean-rate per agency (agencies in the result's order, worst score first). The
 * values compared are the result's own (scores rounded to two decimals, as the JSON report has them).
 */
export function evaluateGates(result: LintResult, gates: Gates): GateResult[] {
  const out: GateResult[] = [];
  const s = result.summary;
  if (gates.failOn === 'new' && result.baseline) {
    out.push({ gate: 'fail-on', limit: 0, actual: result.baseline.newErrors, passed: result.baseline.newErrors === 0 });
  }
  if (gates.maxWarnings !== undefined && gates.maxWarnings >= 0) {
    out.push({ gate: 'max-warnings', limit: gates.maxWarnings, actual: s.warnings, passed: s.warnings <= gates.maxWarnings });
  }
  if (gates.minScore !== undefined) out.push(...perAgency(result, 'min-score', gates.minScore, (a) => a.score));
  if (gates.minCleanRate !== undefined) out.push(...perAgency(result, 'min-clean-rate', gates.minCleanRate, (a) => a.cleanRate));
  return out;
}
