// Runs rules over one referral and says what each one did, nothing more: the runner turns
// that into findings, outcomes and positions. Apart from the batch rules' checkers it keeps
// no state between referrals, so which rules run where can be chosen per referral (--cache
// replays some), and another thread could build its own engine from the same configuration.
import { AgencyResolver } from '../agencies.js';
import { UNUSED_SUPPRESSION_RULE_ID, type EnabledRule, type ResolvedConfig } from '../config/resolve.js';
import { valueAtPointer } from '../pointer.js';
import { readReferral, type JsonObject, type Referral } from '../referral.js';
import { createHelpers } from './helpers.js';
import type { FindingInput, RuleContext, RuleHelpers } from './rule.js';

/**
 * What one rule did on one referral. Only rules that applied, crashed or read "now" are
 * listed (a rule that did none of these changes nothing), and only fields that are set
 * are present.
 */
/** What a rule reported, with what the engine adds: the value at its pointer (--include-personal-data) and, from a worker thread, its position. */
export type ReportedFinding = FindingInput & { value?: string | number | boolean; line?: number; column?: number };

export interface RuleRun {
  id: string;
  applicable?: true;
  /** The message of the exception the rule threw (withheld without --include-personal-data). */
  crash?: string;
  reports?: ReportedFinding[];
  /** It read ctx.now: --cache must run it again rather than replay it. */
  readNow?: true;
}

/** A referral ready for its rules: typed, its agency resolved, the rules in force for it chosen. */
export interface Prepared {
  data: JsonObject;
  referral: Referral;
  agency: { key: string; name: string; sector: string };
  enabled: EnabledRule[];
}

type Checker = ReturnType<NonNullable<EnabledRule['rule']['batch']>>;

export class RuleEngine {
  readonly helpers: RuleHelpers;
  private readonly agencies: AgencyResolver;
  private readonly contextBase: object;
  private readonly batches = new Map<string, Checker>();
  private readonly shared: Omit<RuleContext<object>, 'options' | 'agency' | 'document' | 'report'>;
  // Set when a rule reads ctx.now; reset before each rule runs.
  private readNow = false;

  constructor(private readonly config: ResolvedConfig) {
    this.helpers = createHelpers(config);
    this.agencies = new AgencyResolver(config.agencies);
    const knownRules = new Set(config.registry.map((r) => r.meta.id));
    this.shared = { now: config.now, timeZone: config.timeZone, model: config.model, helpers: this.helpers, strict: config.strict, knownRules };
    // What every referral's context shares; "now" is watched through one getter here rather
    // than a property defined on each referral's context.
    const engine = this;
    this.contextBase = {
      ...this.shared,
      get now(): number {
        engine.readNow = true;
        return config.now;
      },
    };
  }

  /** `agency`: as another thread resolved it from the whole referral, when `data` holds only some fields. */
  prepare(data: JsonObject, file: string, agency?: Prepared['agency']): Prepared {
    const referral = readReferral(data, this.config.timeZone);
    if (!agency) {
      const identity = this.agencies.resolve(referral.referrer?.agency);
      agency = { key: identity.key, name: identity.name, sector: identity.sector ?? referral.referrer?.sector ?? 'other' };
    }
    return { data, referral, agency, enabled: this.config.rulesFor({ file, agencyKey: agency.key, sector: agency.sector }) };
  }

  /** A batch rule keeps one state for the whole run; overrides may switch it on or off, not change its options. */
  private batchFor({ rule, options }: EnabledRule): Checker | undefined {
    if (!rule.batch) return undefined;
    let checker = this.batches.get(rule.meta.id);
    if (!checker) {
      checker = rule.batch({ ...this.shared, options });
      this.batches.set(rule.meta.id, checker);
    }
    return checker;
  }

  /**
   * Runs the rules in force for the referral that `which` picks, in rule order (unused-suppression
   * is judged by the runner, from the others' outcomes). Batch rules must be run in input order,
   * in one thread.
   */
  run(prepared: Prepared, which: (entry: EnabledRule) => boolean, batchCheckers = true): RuleRun[] {
    const ctx = this.context(prepared);
    const runs: RuleRun[] = [];
    for (const entry of prepared.enabled) {
      const { rule, options } = entry;
      if (rule.meta.id === UNUSED_SUPPRESSION_RULE_ID || !which(entry)) continue;
      ctx.reported = [];
      this.readNow = false;
      ctx.options = options;
      let applicable = true;
      let crash: string | undefined;
      try {
        applicable = rule.applies ? rule.applies(prepared.referral, ctx) : true;
        if (applicable) {
          rule.check?.(prepared.referral, ctx);
          if (batchCheckers) this.batchFor(entry)?.check(prepared.referral, ctx);
        }
      } catch (error) {
        crash = this.crashMessage(error);
      }
      if (!applicable && crash === undefined && !this.readNow) continue;
      const run: RuleRun = { id: rule.meta.id };
      if (applicable) run.applicable = true;
      if (crash !== undefined) run.crash = crash;
      if (ctx.reported.length > 0) run.reports = this.withValues(prepared, ctx.reported);
      if (this.readNow) run.readNow = true;
      runs.push(run);
    }
    return runs;
  }

  /**
   * The batch checkers' part, for runs made elsewhere without it (`run(..., false)`): each
   * batch rule that applied, and did not crash, is checked here, in the order called.
   */
  runBatchCheckers(prepared: Prepared, runs: RuleRun[]): void {
    const ctx = this.context(prepared);
    for (const entry of prepared.enabled) {
      if (!entry.rule.batch) continue;
      const ran = runs.find((r) => r.id === entry.rule.meta.id);
      if (!ran?.applicable || ran.crash !== undefined) continue;
      ctx.reported = ran.reports ?? [];
      this.readNow = false;
      ctx.options = entry.options;
      try {
        this.batchFor(entry)?.check(prepared.referral, ctx);
      } catch (error) {
        ran.crash = this.crashMessage(error);
      }
      if (ctx.reported.length > 0) ran.reports = this.withValues(prepared, ctx.reported);
      if (this.readNow) ran.readNow = true;
    }
  }

  /**
   * A crashed rule's message can quote what the rule read (a name, an NHS number), so it is
   * kept only with --include-personal-data; else the exception's kind stands for it.
   */
  private crashMessage(error: unknown): string {
    if (this.config.includePersonalData) return error instanceof Error ? error.message : String(error);
    const kind = error instanceof Error ? error.name : typeof error;
    return `${kind} (its message is withheld: it may quote the referral; --include-personal-data shows it)`;
  }

  /** With --include-personal-data, each report carries the value at its pointer when that is text, a number or true/false. */
  private withValues(prepared: Prepared, reports: ReportedFinding[]): ReportedFinding[] {
    if (!this.config.includePersonalData) return reports;
    for (const report of reports) {
      const value = valueAtPointer(prepared.data, report.pointer);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') report.value = value;
    }
    return reports;
  }

  /** One context for a referral's rules; each rule gets its options and its own list of reports. */
  private context(prepared: Prepared): RuleContext<object> & { reported: ReportedFinding[] } {
    const ctx = Object.assign(Object.create(this.contextBase) as RuleContext<object> & { reported: ReportedFinding[] }, {
      options: {},
      agency: prepared.agency,
      document: prepared.data,
      reported: [] as ReportedFinding[],
      // A copy: what the engine adds to a report never writes into the rule's own object.
      report: (f: FindingInput) => ctx.reported.push({ pointer: f.pointer, message: f.message }),
    });
    return ctx;
  }
}

/**
 * Rule runs in a compact form, for sending between threads: which of the referral's
 * enabled rules applied and which read "now" as bit sets (30 rules a number), and the
 * reports and crashes of the few that have any. Most referrals are then a number or two.
 */
export interface PackedRuns {
  applied: number[];
  readNow?: number[];
  /** [index in the enabled rules, reports (or 0), crash message]. */
  details?: [number, ReportedFinding[] | 0, string?][];
}

const BITS = 30;

export function packRuns(enabled: readonly EnabledRule[], runs: readonly RuleRun[]): PackedRuns {
  const index = new Map(enabled.map((e, i) => [e.rule.meta.id, i]));
  const applied: number[] = [];
  const readNow: number[] = [];
  const details: [number, ReportedFinding[] | 0, string?][] = [];
  const set = (bits: number[], i: number): void => {
    const word = Math.floor(i / BITS);
    while (bits.length <= word) bits.push(0);
    bits[word]! |= 1 << i % BITS;
  };
  for (const run of runs) {
    const i = index.get(run.id)!;
    if (run.applicable) set(applied, i);
    if (run.readNow) set(readNow, i);
    if (run.reports || run.crash !== undefined) details.push(run.crash === undefined ? [i, run.reports ?? 0] : [i, run.reports ?? 0, run.crash]);
  }
  return { applied, ...(readNow.length > 0 ? { readNow } : {}), ...(details.length > 0 ? { details } : {}) };
}

export function unpackRuns(enabled: readonly EnabledRule[], packed: PackedRuns): RuleRun[] {
  const has = (bits: readonly number[] | undefined, i: number): boolean => ((bits?.[Math.floor(i / BITS)] ?? 0) & (1 << i % BITS)) !== 0;
  const details = new Map((packed.details ?? []).map((d) => [d[0], d]));
  const runs: RuleRun[] = [];
  enabled.forEach((entry, i) => {
    const detail = details.get(i);
    const applicable = has(packed.applied, i);
    const readNow = has(packed.readNow, i);
    if (!applicable && !readNow && !detail) return;
    const run: RuleRun = { id: entry.rule.meta.id };
    if (applicable) run.applicable = true;
    if (detail?.[1]) run.reports = detail[1];
    if (detail?.[2] !== undefined) run.crash = detail[2];
    if (readNow) run.readNow = true;
    runs.push(run);
  });
  return runs;
}
