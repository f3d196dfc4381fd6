// Group scores kept as the run goes, so a run need not keep its referrals to score them.
// A referral's score depends only on its rule outcomes and the rules in force for it (their
// severities, weights and penalties: one set of them per override combination), and
// a run of a million referrals has a few hundred such patterns: each group counts its
// referrals per pattern, and a group's mean is worked out from those counts at the end, in
// the order the patterns were first met (so the sums, to the last bit, do not depend on how
// the work was split between threads).
import { DIMENSIONS } from '../domain/codes.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { GroupScore, ReferralRecord, RuleTally, WeightedRule } from '../model/types.js';
import { bandOf, dimensionScore, referralScore, round2, type ScoredRule } from './score.js';

/** One pattern of outcomes under one set of rules in force (severities, weights, penalties), scored once. */
interface Pattern {
  outcomes: Readonly<Record<string, boolean>>;
  score: number;
  dims: Record<string, number | undefined>;
}

interface Group {
  name: string;
  sector: string;
  referrals: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  clean: number;
  /** Referrals per pattern. */
  patterns: Map<Pattern, number>;
  /** Referrals from tables, per rule in force they could not be judged by. */
  notAssessed?: Map<string, number>;
}

const scoredRules = (enabled: readonly WeightedRule[]): ScoredRule[] => enabled.map(({ rule, weight, penalty }) => ({ id: rule.meta.id, dimension: rule.meta.dimension, weight, penalty }));

function emptyGroup(name: string, sector: string): Group {
  return { name, sector, referrals: 0, errors: 0, warnings: 0, infos: 0, suppressed: 0, clean: 0, patterns: new Map() };
}

function addTo(target: Group, source: Group): void {
  target.referrals += source.referrals;
  target.errors += source.errors;
  target.warnings += source.warnings;
  target.infos += source.infos;
  target.suppressed += source.suppressed;
  target.clean += source.clean;
  for (const [pattern, n] of source.patterns) target.patterns.set(pattern, (target.patterns.get(pattern) ?? 0) + n);
  if (source.notAssessed) {
    target.notAssessed ??= new Map();
    for (const [id, n] of source.notAssessed) target.notAssessed.set(id, (target.notAssessed.get(id) ?? 0) + n);
  }
}

/** One file's referrals, added to the run's tally only once the file is read to its end. */
export class FileTally {
  readonly agencies = new Map<string, Group>();
  readonly sectors = new Map<string, Group>();
  readonly all = emptyGroup('all', 'all');

  constructor(private readonly run: RunTally) {}

  /** Adds a referral; returns its score (not rounded). */
  add(record: ReferralRecord): number {
    const pattern = this.run.patternOf(record);
    let agency = this.agencies.get(record.agencyKey);
    if (!agency) this.agencies.set(record.agencyKey, (agency = emptyGroup(record.agency, record.sector)));
    let sector = this.sectors.get(record.sector);
    if (!sector) this.sectors.set(record.sector, (sector = emptyGroup(record.sector, record.sector)));
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    for (const f of record.findings) {
      if (f.severity === 'error') errors += 1;
      else if (f.severity === 'warning') warnings += 1;
      else infos += 1;
    }
    for (const group of [agency, sector, this.all]) {
      group.referrals += 1;
      group.errors += errors;
      group.warnings += warnings;
      group.infos += infos;
      group.suppressed += record.suppressed.length;
      if (errors === 0) group.clean += 1;
      group.patterns.set(pattern, (group.patterns.get(pattern) ?? 0) + 1);
      if (record.notAssessed) {
        group.notAssessed ??= new Map();
        for (const id of record.notAssessed) group.notAssessed.set(id, (group.notAssessed.get(id) ?? 0) + 1);
      }
    }
    return pattern.score;
  }
}

export interface Scores {
  agencies: GroupScore[];
  sectors: GroupScore[];
  all: GroupScore;
  /** Per dimension, the referrals it applies to. */
  dimensionReferrals: Record<string, number>;
  /** The rules of the run: those the config enables and those an override enabled for some referral, in registry order. */
  rules: WeightedRule[];
}

/** Worst score first; ties by name, so output is stable. */
function worstFirst(a: GroupScore, b: GroupScore): number {
  return (a.score ?? 101) - (b.score ?? 101) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export class RunTally {
  private readonly agencies = new Map<string, Group>();
  private readonly sectors = new Map<string, Group>();
  private readonly all = emptyGroup('all', 'all');
  private readonly base: ScoredRule[];
  /**
   * Each rule set an override put in force, scored, by the set's identity. A set fixes each
   * rule's severity, weight and penalty, so patterns are keyed by outcomes and set together:
   * one failed rule costs 25 where it is an error and 5 where an override made it a warning.
   */
  private readonly overridden = new Map<readonly WeightedRule[], ScoredRule[]>();
  private readonly patterns = new WeakMap<object, Map<ScoredRule[], Pattern>>();

  constructor(private readonly config: ResolvedConfig) {
    this.base = scoredRules(config.rules);
  }

  patternOf(record: ReferralRecord): Pattern {
    let weights = this.base;
    if (record.rules) {
      weights = this.overridden.get(record.rules) ?? scoredRules(record.rules);
      this.overridden.set(record.rules, weights);
    }
    let byWeights = this.patterns.get(record.outcomes);
    if (!byWeights) this.patterns.set(record.outcomes, (byWeights = new Map()));
    let pattern = byWeights.get(weights);
    if (!pattern) {
      const dims: Record<string, number | undefined> = {};
      const model = this.config.scoring.model;
      for (const d of DIMENSIONS) dims[d] = dimensionScore(record.outcomes, weights, d, model);
      pattern = { outcomes: record.outcomes, score: referralScore(record.outcomes, weights, model), dims };
      byWeights.set(weights, pattern);
    }
    return pattern;
  }

  file(): FileTally {
    return new FileTally(this);
  }

  /** Adds a file that was read to its end. */
  commit(file: FileTally): void {
    for (const [key, group] of file.agencies) {
      let mine = this.agencies.get(key);
      if (!mine) this.agencies.set(key, (mine = emptyGroup(group.name, group.sector)));
      addTo(mine, group);
    }
    for (const [key, group] of file.sectors) {
      let mine = this.sectors.get(key);
      if (!mine) this.sectors.set(key, (mine = emptyGroup(group.name, group.sector)));
      addTo(mine, group);
    }
    addTo(this.all, file.all);
  }

  scores(): Scores {
    const byId = new Map<string, WeightedRule>(this.config.rules.map((e) => [e.rule.meta.id, e]));
    for (const set of this.overridden.keys()) for (const e of set) if (!byId.has(e.rule.meta.id)) byId.set(e.rule.meta.id, e);
    const rules = this.config.registry.flatMap((r) => byId.get(r.meta.id) ?? []);
    const ids = rules.map((e) => e.rule.meta.id);
    const score = (group: Group): GroupScore => scoreOf(group, ids, this.config.scoring.bands);
    const dimensionReferrals: Record<string, number> = {};
    for (const d of DIMENSIONS) {
      let n = 0;
      for (const [pattern, count] of this.all.patterns) if (pattern.dims[d] !== undefined) n += count;
      dimensionReferrals[d] = n;
    }
    return {
      agencies: [...this.agencies.values()].map(score).sort(worstFirst),
      sectors: [...this.sectors.values()].map(score).sort(worstFirst),
      all: score(this.all),
      dimensionReferrals,
      rules,
    };
  }
}

function scoreOf(group: Group, ruleIds: readonly string[], bands: ResolvedConfig['scoring']['bands']): GroupScore {
  const rules: Record<string, RuleTally> = {};
  for (const id of ruleIds) rules[id] = { applicable: 0, failed: 0 };
  let sum = 0;
  const dimSum: Record<string, number> = {};
  const dimCount: Record<string, number> = {};
  for (const [pattern, count] of group.patterns) {
    sum += pattern.score * count;
    for (const d of DIMENSIONS) {
      const v = pattern.dims[d];
      if (v === undefined) continue;
      dimSum[d] = (dimSum[d] ?? 0) + v * count;
      dimCount[d] = (dimCount[d] ?? 0) + count;
    }
    for (const id in pattern.outcomes) {
      const tally = rules[id];
      if (!tally) continue;
      tally.applicable += count;
      if (!pattern.outcomes[id]) tally.failed += count;
    }
  }
  const dimensions: Record<string, number | null> = {};
  for (const d of DIMENSIONS) dimensions[d] = dimCount[d] ? round2(dimSum[d]! / dimCount[d]!) : null;
  const n = group.referrals;
  const score = n === 0 ? null : round2(sum / n);
  return {
    name: group.name,
    sector: group.sector,
    referrals: n,
    score,
    band: score === null ? null : bandOf(score, bands),
    cleanRate: n === 0 ? null : round2((100 * group.clean) / n),
    errors: group.errors,
    warnings: group.warnings,
    infos: group.infos,
    suppressed: group.suppressed,
    dimensions,
    rules,
    ...(group.notAssessed
      ? { coverage: { notAssessed: ruleIds.filter((id) => group.notAssessed!.has(id)).map((id) => ({ ruleId: id, referrals: group.notAssessed!.get(id)! })) } }
      : {}),
  };
}
