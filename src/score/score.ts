// The score formula of docs/rule-semantics.md, nothing else. Pure functions over rule outcomes.
//
//   score(r) = 100 × Σ w(k)·passed(k) / Σ w(k)   over the enabled rules applicable to r
//   (100 when Σ w(k) = 0); a group's score is the mean of its referrals' scores.

export interface ScoredRule {
  id: string;
  dimension: string;
  weight: number;
}

/** `outcomes` holds each applicable rule's result (true = passed); absent = not applicable. */
export function referralScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[]): number {
  return weightedScore(outcomes, rules) ?? 100;
}

/** The score over the given rules; undefined when none of them applies. */
function weightedScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[]): number | undefined {
  let total = 0;
  let passed = 0;
  let applicable = false;
  for (const rule of rules) {
    const outcome = outcomes[rule.id];
    if (outcome === undefined) continue;
    applicable = true;
    total += rule.weight;
    if (outcome) passed += rule.weight;
  }
  if (!applicable) return undefined;
  return total === 0 ? 100 : (100 * passed) / total;
}

/**
 * A referral's score in one dimension, over that dimension's rules only; undefined when no
 * rule of the dimension applies to it (the referral then does not count in that dimension).
 */
export function dimensionScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[], dimension: string): number | undefined {
  return weightedScore(
    outcomes,
    rules.filter((r) => r.dimension === dimension),
  );
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Percentages are reported to two decimal places. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
