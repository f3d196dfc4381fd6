// The score formulas of docs/rule-semantics.md, nothing else. Pure functions over rule outcomes.
//
//   deficit (default): score(r) = max(0, 100 − Σ p(k)·failed(k))
//   weighted-pass:     score(r) = 100 × Σ w(k)·passed(k) / Σ w(k)   (100 when Σ w(k) = 0)
//
// over the enabled rules applicable to r; a group's score is the mean of its referrals' scores.
import type { Band, ScoreModel, ScoringSettings } from '../model/types.js';

export interface ScoredRule {
  id: string;
  dimension: string;
  /** Its weight under `weighted-pass`. */
  weight: number;
  /** What failing it costs under `deficit`; 0 when left out. */
  penalty?: number;
}

/**
 * `outcomes` holds each applicable rule's result (true = passed); absent = not applicable.
 * The model is `weighted-pass` when left out, the formula the first versions had.
 */
export function referralScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[], model: ScoreModel = 'weighted-pass'): number {
  return modelScore(outcomes, rules, model) ?? 100;
}

/** The score over the given rules; undefined when none of them applies. */
function modelScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[], model: ScoreModel): number | undefined {
  return model === 'deficit' ? deficitScore(outcomes, rules) : weightedScore(outcomes, rules);
}

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

function deficitScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[]): number | undefined {
  let lost = 0;
  let applicable = false;
  for (const rule of rules) {
    const outcome = outcomes[rule.id];
    if (outcome === undefined) continue;
    applicable = true;
    if (!outcome) lost += rule.penalty ?? 0;
  }
  if (!applicable) return undefined;
  return Math.max(0, 100 - lost);
}

/**
 * A referral's score in one dimension, over that dimension's rules only; undefined when no
 * rule of the dimension applies to it (the referral then does not count in that dimension).
 */
export function dimensionScore(outcomes: Readonly<Record<string, boolean>>, rules: readonly ScoredRule[], dimension: string, model: ScoreModel = 'weighted-pass'): number | undefined {
  return modelScore(
    outcomes,
    rules.filter((r) => r.dimension === dimension),
    model,
  );
}

/** The band of a score: `good` from the good cut-off, `requires-improvement` from its own, else `inadequate`. */
export function bandOf(score: number, bands: ScoringSettings['bands']): Band {
  return score >= bands.good ? 'good' : score >= bands['requires-improvement'] ? 'requires-improvement' : 'inadequate';
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
