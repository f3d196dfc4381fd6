// The lint result: what the JSON report serialises and every other reporter reads. Scores
// are computed here, once, from the run's rule outcomes (src/score.ts has the formula).
import { DIMENSIONS } from './codes.js';
import type { BaselineComparison } from './baseline.js';
import type { EnabledRule, ResolvedConfig } from './config/resolve.js';
import type { Finding, FileRecord, InternalError, ReferralRecord, RunRecord } from './engine/runner.js';
import { dimensionScore, mean, referralScore, round2, type ScoredRule } from './score.js';

export interface RuleTally {
  applicable: number;
  failed: number;
}

export interface GroupScore {
  name: string;
  sector: string;
  referrals: number;
  /** Mean referral score, 0-100; null when the group has no referral. */
  score: number | null;
  /** Percentage of referrals with no error finding. */
  cleanRate: number | null;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  /** Mean score per dimension over the referrals that dimension applies to; null when it applies to none. */
  dimensions: Record<string, number | null>;
  rules: Record<string, RuleTally>;
}

export interface ReferralResult {
  id: string | null;
  file: string;
  pointer: string;
  document?: number;
  line?: number;
  agency: string;
  sector: string;
  score: number;
  /** Ids of the rules that applied to this referral, in rule order: its findings and its passes. */
  rulesApplied: string[];
  findings: Finding[];
  suppressed: Finding[];
}

export interface FileResult {
  path: string;
  referrals: number;
  error?: string;
  line?: number;
  column?: number;
  failedReferrals: FileRecord['failedReferrals'];
}

export interface LintResult {
  tool: { name: string; version: string };
  summary: {
    files: number;
    filesFailed: number;
    referrals: number;
    referralsFailed: number;
    errors: number;
    warnings: number;
    infos: number;
    suppressed: number;
    score: number | null;
    cleanRate: number | null;
    internalErrors: number;
    now: string;
  };
  files: FileResult[];
  referrals: ReferralResult[];
  agencies: GroupScore[];
  sectors: GroupScore[];
  dimensions: { name: string; score: number | null; referrals: number }[];
  rules: { id: string; dimension: string; severity: string; weight: number; applicable: number; failed: number }[];
  internalErrors: InternalError[];
  /** With --baseline: the comparison with the earlier report. */
  baseline?: BaselineComparison;
}

interface Scored {
  record: ReferralRecord;
  score: number;
  dims: Record<string, number | undefined>;
}

function count(findings: readonly Finding[], severity: string): number {
  let n = 0;
  for (const f of findings) if (f.severity === severity) n += 1;
  return n;
}

function group(name: string, sector: string, members: readonly Scored[], rules: readonly ScoredRule[]): GroupScore {
  const tallies: Record<string, RuleTally> = {};
  for (const r of rules) tallies[r.id] = { applicable: 0, failed: 0 };
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let suppressed = 0;
  let clean = 0;
  for (const { record } of members) {
    const e = count(record.findings, 'error');
    errors += e;
    warnings += count(record.findings, 'warning');
    infos += count(record.findings, 'info');
    suppressed += record.suppressed.length;
    if (e === 0) clean += 1;
    for (const [id, passed] of Object.entries(record.outcomes)) {
      const t = tallies[id];
      if (!t) continue;
      t.applicable += 1;
      if (!passed) t.failed += 1;
    }
  }
  const dimensions: Record<string, number | null> = {};
  for (const d of DIMENSIONS) {
    const values = members.map((m) => m.dims[d]).filter((v): v is number => v !== undefined);
    const m = mean(values);
    dimensions[d] = m === null ? null : round2(m);
  }
  const score = mean(members.map((m) => m.score));
  return {
    name,
    sector,
    referrals: members.length,
    score: score === null ? null : round2(score),
    cleanRate: members.length === 0 ? null : round2((100 * clean) / members.length),
    errors,
    warnings,
    infos,
    suppressed,
    dimensions,
    rules: tallies,
  };
}

/** Worst score first; ties by name, so output is stable. */
function worstFirst(a: GroupScore, b: GroupScore): number {
  return (a.score ?? 101) - (b.score ?? 101) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

const scoredRules = (enabled: readonly EnabledRule[]): ScoredRule[] => enabled.map(({ rule, weight }) => ({ id: rule.meta.id, dimension: rule.meta.dimension, weight }));

/** The rules of the run: those the config enables, and those an override enabled for some referral, in registry order. */
function rulesOfRun(run: RunRecord, config: ResolvedConfig): EnabledRule[] {
  const byId = new Map(config.rules.map((e) => [e.rule.meta.id, e]));
  for (const record of run.referrals) for (const e of record.rules ?? []) if (!byId.has(e.rule.meta.id)) byId.set(e.rule.meta.id, e);
  return config.registry.flatMap((r) => byId.get(r.meta.id) ?? []);
}

export function buildResult(run: RunRecord, config: ResolvedConfig, tool: { name: string; version: string }): LintResult {
  // Referrals with the same outcomes (the runner shares those objects) share one list of rules applied.
  const applied = new WeakMap<object, string[]>();
  const appliedOf = (outcomes: Record<string, boolean>): string[] => {
    let ids = applied.get(outcomes);
    if (!ids) applied.set(outcomes, (ids = Object.keys(outcomes)));
    return ids;
  };
  const enabled = rulesOfRun(run, config);
  const rules = scoredRules(enabled);
  const base = scoredRules(config.rules);
  // An override's rule set scores its referrals with its own weights.
  const overridden = new Map<readonly EnabledRule[], ScoredRule[]>();
  const weightsOf = (record: ReferralRecord): ScoredRule[] => {
    if (!record.rules) return base;
    let weights = overridden.get(record.rules);
    if (!weights) overridden.set(record.rules, (weights = scoredRules(record.rules)));
    return weights;
  };
  // A referral's score and dimension scores depend only on its outcomes and weights, which
  // most referrals share with many others: work each pattern out once.
  const patterns = new WeakMap<object, WeakMap<object, { score: number; dims: Record<string, number | undefined> }>>();
  const scoreOf = (outcomes: Record<string, boolean>, weights: ScoredRule[]) => {
    let byWeights = patterns.get(outcomes);
    if (!byWeights) patterns.set(outcomes, (byWeights = new WeakMap()));
    let known = byWeights.get(weights);
    if (!known) {
      const dims: Record<string, number | undefined> = {};
      for (const d of DIMENSIONS) dims[d] = dimensionScore(outcomes, weights, d);
      known = { score: referralScore(outcomes, weights), dims };
      byWeights.set(weights, known);
    }
    return known;
  };
  const scored: Scored[] = run.referrals.map((record) => ({ record, ...scoreOf(record.outcomes, weightsOf(record)) }));

  const byAgency = new Map<string, Scored[]>();
  const bySector = new Map<string, Scored[]>();
  const add = (map: Map<string, Scored[]>, key: string, s: Scored): void => {
    const list = map.get(key);
    if (list) list.push(s);
    else map.set(key, [s]);
  };
  for (const s of scored) {
    add(byAgency, s.record.agencyKey, s);
    add(bySector, s.record.sector, s);
  }
  const agencies = [...byAgency.values()]
    .map((members) => group(members[0]!.record.agency, members[0]!.record.sector, members, rules))
    .sort(worstFirst);
  const sectors = [...bySector.entries()].map(([sector, members]) => group(sector, sector, members, rules)).sort(worstFirst);
  const all = group('all', 'all', scored, rules);

  const files: FileResult[] = run.files.map((f) => ({ ...f }));
  return {
    tool,
    summary: {
      files: files.length,
      filesFailed: files.filter((f) => f.error !== undefined).length,
      referrals: scored.length,
      referralsFailed: files.reduce((n, f) => n + f.failedReferrals.length, 0),
      errors: all.errors,
      warnings: all.warnings,
      infos: all.infos,
      suppressed: all.suppressed,
      score: all.score,
      cleanRate: all.cleanRate,
      internalErrors: run.internalErrors.length,
      now: new Date(config.now).toISOString(),
    },
    files,
    referrals: scored.map(({ record, score }) => ({
      id: record.id,
      file: record.file,
      pointer: record.pointer,
      ...(record.document !== undefined ? { document: record.document } : {}),
      ...(record.line !== undefined ? { line: record.line } : {}),
      agency: record.agency,
      sector: record.sector,
      score: round2(score),
      rulesApplied: appliedOf(record.outcomes),
      findings: record.findings,
      suppressed: record.suppressed,
    })),
    agencies,
    sectors,
    dimensions: DIMENSIONS.map((d) => ({
      name: d,
      score: all.dimensions[d] ?? null,
      referrals: scored.filter((s) => s.dims[d] !== undefined).length,
    })),
    rules: enabled.map(({ rule, severity, weight }) => ({
      id: rule.meta.id,
      dimension: rule.meta.dimension,
      severity,
      weight,
      applicable: all.rules[rule.meta.id]?.applicable ?? 0,
      failed: all.rules[rule.meta.id]?.failed ?? 0,
    })),
    internalErrors: run.internalErrors,
  };
}
