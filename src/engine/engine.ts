// Runs rules over one referral and says what each one did, nothing more: the runner turns
// that into findings, outcomes and positions. Apart from the batch rules' checkers it keeps
// no state between referrals, so which rules run where can be chosen per referral (--cache
// replays some), and another thread could build its own engine from the same configuration.
import { AgencyResolver } from '../agencies.js';
import { UNUSED_SUPPRESSION_RULE_ID, type EnabledRule, type ResolvedConfig } from '../config/resolve.js';
import { readReferral, type JsonObject, type Referral } from '../referral.js';
import { createHelpers } from './helpers.js';
import type { FindingInput, RuleContext, RuleHelpers } from './rule.js';

/**
 * What one rule did on one referral. Only rules that applied, crashed or read "now" are
 * listed (a rule that did none of these changes nothing), and only fields that are set
 * are present.
 */
export interface RuleRun {
  id: string;
  applicable?: true;
  /** The message of the exception the rule threw. */
  crash?: string;
  reports?: FindingInput[];
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

  prepare(data: JsonObject, file: string): Prepared {
    const referral = readReferral(data, this.config.timeZone);
    const identity = this.agencies.resolve(referral.referrer?.agency);
    const sector = identity.sector ?? referral.referrer?.sector ?? 'other';
    const agency = { key: identity.key, name: identity.name, sector };
    return { data, referral, agency, enabled: this.config.rulesFor({ file, agencyKey: identity.key, sector }) };
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
  run(prepared: Prepared, which: (entry: EnabledRule) => boolean): RuleRun[] {
    let reported: FindingInput[] = [];
    const ctx: RuleContext<object> = Object.assign(Object.create(this.contextBase) as RuleContext<object>, {
      options: {},
      agency: prepared.agency,
      document: prepared.data,
      report: (f: FindingInput) => reported.push(f),
    });
    const runs: RuleRun[] = [];
    for (const entry of prepared.enabled) {
      const { rule, options } = entry;
      if (rule.meta.id === UNUSED_SUPPRESSION_RULE_ID || !which(entry)) continue;
      reported = [];
      this.readNow = false;
      ctx.options = options;
      let applicable = true;
      let crash: string | undefined;
      try {
        applicable = rule.applies ? rule.applies(prepared.referral, ctx) : true;
        if (applicable) {
          rule.check?.(prepared.referral, ctx);
          this.batchFor(entry)?.check(prepared.referral, ctx);
        }
      } catch (error) {
        crash = error instanceof Error ? error.message : String(error);
      }
      if (!applicable && crash === undefined && !this.readNow) continue;
      const run: RuleRun = { id: rule.meta.id };
      if (applicable) run.applicable = true;
      if (crash !== undefined) run.crash = crash;
      if (reported.length > 0) run.reports = reported;
      if (this.readNow) run.readNow = true;
      runs.push(run);
    }
    return runs;
  }
}
