// Runs rules over one referral and says what each one did, nothing more: the runner turns
// that into findings, outcomes and positions. Apart from the batch rules' checkers it keeps
// no state between referrals, so which rules run where can be chosen per referral (--cache
// replays some), and another thread could build its own engine from the same configuration.
import { AgencyResolver } from '../domain/agencies.js';
import type { KeySpill } from '../domain/key-store.js';
import type { EnabledRule, ResolvedConfig } from '../config/resolve.js';
import { UNUSED_SUPPRESSION_RULE_ID } from '../rule-api/special.js';
import { valueAtPointer } from '../model/pointer.js';
import { readReferral, type JsonObject, type Referral } from '../domain/referral.js';
import { deepFreeze } from '../rule-api/freeze.js';
import { createHelpers } from '../rule-api/helpers.js';
import type { FindingInput, RuleContext, RuleHelpers } from '../rule-api/rule.js';
import type { TableSource } from '../parse/types.js';
import { notAssessed } from '../mapping/coverage.js';
import { activeTimings } from '../model/timing.js';

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
  /** The input the referral came from, as the run names it. */
  file: string;
  referral: Referral;
  agency: { key: string; name: string; sector: string };
  enabled: EnabledRule[];
  /** A referral from a table: the rules in force its source cannot be judged by, left out of `enabled`. */
  notAssessed?: readonly string[];
}

type Checker = ReturnType<NonNullable<EnabledRule['rule']['batch']>>;

/**
 * A rule broke the contract of src/rule-api/rule.ts. Its message is the engine's own words,
 * which quote nothing from a referral, so it is shown with or without --include-personal-data.
 */
class ContractViolation extends Error {}

export const PROMISE_RETURNED =
  'returned a promise: rules run synchronously, so applies, check and a batch checker must not be async (the promise, and any rejection of it, is ignored)';
const BATCH_PROMISE_RETURNED = 'batch returned a promise: it must return its checker, synchronously';
const NO_CHECKER = 'batch returned no checker: it must return an object with a check function';

/** RFC 6901: empty, or tokens each after a "/", in which "~" is only ever "~0" or "~1". Linear: the token alternatives are disjoint. */
const JSON_POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

/** What is wrong with a finding a rule reported, read once (a getter may answer differently twice): the problem, or the pointer and message to keep. */
function findingProblem(finding: unknown): { problem: string } | { pointer: string; message: string; fields?: string[] } {
  if (typeof finding !== 'object' || finding === null) return { problem: 'reported a finding that is not an object { pointer, message }' };
  const { pointer, message, fields } = finding as { pointer: unknown; message: unknown; fields?: unknown };
  if (typeof pointer !== 'string' || !JSON_POINTER.test(pointer)) {
    return { problem: 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)' };
  }
  if (typeof message !== 'string' || message.trim() === '') return { problem: 'reported a finding whose message is not non-empty text' };
  // `fields` came after the contract was first written: anything but a list of text (a plugin's own use of the name) is ignored.
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string')) return { pointer, message };
  return { pointer, message, fields: [...(fields as string[])] };
}

/**
 * A value a rule returned that is a promise or another thenable. A native promise is marked
 * handled here (its rejection can never become an unhandled rejection, which would end the
 * run), through Promise.prototype.then itself, not a `then` the object may have replaced.
 */
function isThenable(value: unknown): boolean {
  if (typeof value === 'object' && value !== null) {
    try {
      // Promise.prototype.then accepts only a native promise (of any realm): for any other object it throws.
      Promise.prototype.then.call(value, undefined, () => undefined);
      return true;
    } catch {
      // Not a native promise (or one whose constructor was tampered with): judged by its `then` below.
    }
  }
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The error's kind, from the built-in error types only: an error's own `name` is the rule's data and may quote the referral. */
function errorKind(error: unknown): string {
  try {
    for (const type of [TypeError, RangeError, SyntaxError, ReferenceError, URIError, EvalError, AggregateError]) if (error instanceof type) return type.name;
    return error instanceof Error ? 'Error' : error === null ? 'null' : typeof error;
  } catch {
    return 'a value that is not an error'; // a proxy whose prototype cannot be read
  }
}

/**
 * What a rule threw, as a report may say it: its message only with --include-personal-data
 * (it may quote the referral), else its kind. Nothing the value does while being read escapes.
 */
export function describeThrown(error: unknown, includePersonalData: boolean): string {
  const kind = errorKind(error);
  if (!includePersonalData) return `${kind} (its message is withheld: it may quote the referral; --include-personal-data shows it)`;
  try {
    const message: unknown = error instanceof Error ? error.message : error;
    return String(message);
  } catch {
    return `${kind} (its message could not be read)`;
  }
}

/**
 * Work a rule left running (a promise it did not return, a timer) that failed after the rule
 * returned: no rule or referral can be named, and the run ends as an internal error, on the
 * main thread (bin/referral-lint.js) as in a worker (worker.ts).
 */
export function strayFailure(error: unknown, includePersonalData: boolean): string {
  return `work left running failed after it had returned (a promise nothing waited for, or a timer; a plugin's rule is the likely cause), so no rule or referral can be named: ${describeThrown(error, includePersonalData)}`;
}

function isViolation(error: unknown): error is ContractViolation {
  try {
    return error instanceof ContractViolation;
  } catch {
    return false;
  }
}

/** One rule's turn on one referral: what it may read through the context, and what it reported. */
interface Turn {
  prepared: Prepared;
  options: object;
  reported: ReportedFinding[];
  /** Set when it broke the contract (reported an invalid finding): its crash, whatever it did next. */
  violation?: string;
}

export class RuleEngine {
  readonly helpers: RuleHelpers;
  private readonly agencies: AgencyResolver;
  /**
   * The one context every rule gets, frozen: what is shared is frozen too, and what changes
   * from rule to rule (options, agency, document, report) is read from the turn in progress.
   * Outside a turn (a rule that kept the context and calls it later) it has no referral, and
   * reports go nowhere.
   */
  private readonly ctx: RuleContext<object>;
  private readonly shared: Omit<RuleContext<object>, 'options' | 'agency' | 'document' | 'report' | 'file'>;
  private readonly batches = new Map<string, Checker>();
  private turn: Turn | undefined;
  // Set when a rule reads ctx.now; reset before each rule runs.
  private readNow = false;

  /** `keySpill`: where batch rules' key stores keep their keys' bytes (src/domain/key-store.ts); in memory when not given. */
  constructor(
    private readonly config: ResolvedConfig,
    private readonly keySpill?: () => KeySpill,
  ) {
    this.helpers = Object.freeze(createHelpers(config));
    this.agencies = new AgencyResolver(config.agencies);
    deepFreeze(config.model);
    const knownRules = new Set(config.registry.map((r) => r.meta.id));
    const readOnly = (): never => {
      throw new TypeError('ctx.knownRules cannot be changed');
    };
    Object.defineProperties(knownRules, { add: { value: readOnly }, delete: { value: readOnly }, clear: { value: readOnly } });
    this.shared = { now: config.now, timeZone: config.timeZone, model: config.model, helpers: this.helpers, strict: config.strict, knownRules: Object.freeze(knownRules) };
    const engine = this;
    const turn = (): Turn | undefined => engine.turn;
    this.ctx = Object.freeze({
      ...this.shared,
      get now(): number {
        engine.readNow = true;
        return config.now;
      },
      get options() {
        return turn()?.options as RuleContext<object>['options'];
      },
      get agency() {
        return turn()?.prepared.agency as Prepared['agency'];
      },
      get document() {
        return turn()?.prepared.data as JsonObject;
      },
      get file() {
        return turn()?.prepared.file as string;
      },
      // An arrow function: a rule may take `report` off the context and call it alone.
      report: (finding: FindingInput): void => engine.report(finding),
    });
  }

  /**
   * `agency`: as another thread resolved it from the whole referral, when `data` holds only
   * some fields. `source`: the table a mapped referral came from: rules it cannot be judged by
   * (no column for a field they read) are not in force for it (src/mapping/coverage.ts).
   */
  prepare(data: JsonObject, file: string, agency?: Prepared['agency'], source?: TableSource): Prepared {
    const referral = readReferral(data, this.config.timeZone);
    if (!agency) {
      const identity = this.agencies.resolve(referral.referrer?.agency);
      agency = { key: identity.key, name: identity.name, sector: identity.sector ?? referral.referrer?.sector ?? 'other' };
    }
    const enabled = this.config.rulesFor({ file, agencyKey: agency.key, sector: agency.sector });
    if (!source) return { data, file, referral, agency, enabled };
    const kept = this.assessable(enabled, source);
    return { data, file, referral, agency, enabled: kept.enabled, ...(kept.notAssessed.length > 0 ? { notAssessed: kept.notAssessed } : {}) };
  }

  /** The rules in force a table source can be judged by, worked out once per rule set and source. */
  private readonly assessableSets = new WeakMap<readonly EnabledRule[], WeakMap<TableSource, { enabled: EnabledRule[]; notAssessed: string[] }>>();
  private assessable(enabled: EnabledRule[], source: TableSource): { enabled: EnabledRule[]; notAssessed: string[] } {
    let bySource = this.assessableSets.get(enabled);
    if (!bySource) this.assessableSets.set(enabled, (bySource = new WeakMap()));
    let kept = bySource.get(source);
    if (!kept) {
      const missing = notAssessed(enabled.map((e) => e.rule), source.carried).map((m) => m.ruleId);
      kept = { enabled: missing.length === 0 ? enabled : enabled.filter((e) => !missing.includes(e.rule.meta.id)), notAssessed: Object.freeze(missing) as string[] };
      bySource.set(source, kept);
    }
    return kept;
  }

  /** A batch rule keeps one state for the whole run; overrides may switch it on or off, not change its options. */
  private batchFor({ rule, options }: EnabledRule): Checker | undefined {
    if (!rule.batch) return undefined;
    let checker = this.batches.get(rule.meta.id);
    if (!checker) {
      const made: unknown = rule.batch({ ...this.shared, options, ...(this.keySpill ? { keySpill: this.keySpill } : {}) });
      if (isThenable(made)) throw new ContractViolation(BATCH_PROMISE_RETURNED);
      if (typeof made !== 'object' || made === null || typeof (made as Checker).check !== 'function') throw new ContractViolation(NO_CHECKER);
      checker = made as Checker;
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
    this.freeze(prepared);
    const runs: RuleRun[] = [];
    const timings = activeTimings; // --timing: each rule's applies, check and batch check, read once per referral
    for (const entry of prepared.enabled) {
      const { rule, options } = entry;
      if (rule.meta.id === UNUSED_SUPPRESSION_RULE_ID || !which(entry)) continue;
      deepFreeze(options);
      const turn: Turn = { prepared, options, reported: [] };
      this.turn = turn;
      this.readNow = false;
      let applicable = true;
      let crash: string | undefined;
      const start = timings ? performance.now() : 0;
      try {
        const applies: unknown = rule.applies ? rule.applies(prepared.referral, this.ctx) : true;
        if (isThenable(applies)) throw new ContractViolation(PROMISE_RETURNED);
        applicable = Boolean(applies);
        if (applicable) {
          if (isThenable(rule.check?.(prepared.referral, this.ctx))) throw new ContractViolation(PROMISE_RETURNED);
          if (batchCheckers) this.checkBatch(entry, prepared);
        }
      } catch (error) {
        crash = this.crashMessage(error);
      }
      timings?.rule(rule.meta.id, performance.now() - start);
      this.turn = undefined;
      crash = turn.violation ?? crash;
      if (!applicable && crash === undefined && !this.readNow) continue;
      const run: RuleRun = { id: rule.meta.id };
      if (applicable) run.applicable = true;
      if (crash !== undefined) run.crash = crash;
      if (turn.reported.length > 0) run.reports = this.withValues(prepared, turn.reported);
      if (this.readNow) run.readNow = true;
      runs.push(run);
    }
    return runs;
  }

  /** The batch checker of `entry` on this referral, in the turn in progress. */
  private checkBatch(entry: EnabledRule, prepared: Prepared): void {
    const checker = this.batchFor(entry);
    if (checker && isThenable(checker.check(prepared.referral, this.ctx))) throw new ContractViolation(PROMISE_RETURNED);
  }

  /**
   * The batch checkers' part, for runs made elsewhere without it (`run(..., false)`): each
   * batch rule that applied, and did not crash, is checked here, in the order called.
   */
  runBatchCheckers(prepared: Prepared, runs: RuleRun[]): void {
    this.freeze(prepared);
    const timings = activeTimings; // --timing
    for (const entry of prepared.enabled) {
      if (!entry.rule.batch) continue;
      const ran = runs.find((r) => r.id === entry.rule.meta.id);
      if (!ran?.applicable || ran.crash !== undefined) continue;
      deepFreeze(entry.options);
      const turn: Turn = { prepared, options: entry.options, reported: ran.reports ?? [] };
      this.turn = turn;
      this.readNow = false;
      let crash: string | undefined;
      const start = timings ? performance.now() : 0;
      try {
        this.checkBatch(entry, prepared);
      } catch (error) {
        crash = this.crashMessage(error);
      }
      timings?.rule(entry.rule.meta.id, performance.now() - start);
      this.turn = undefined;
      crash = turn.violation ?? crash;
      if (crash !== undefined) ran.crash = crash;
      if (turn.reported.length > 0) ran.reports = this.withValues(prepared, turn.reported);
      if (this.readNow) ran.readNow = true;
    }
  }

  /** What a referral's rules read cannot be changed by any of them: the same input whatever the thread, whatever the order. */
  private freeze(prepared: Prepared): void {
    deepFreeze(prepared.data);
    deepFreeze(prepared.referral);
    Object.freeze(prepared.agency);
  }

  /**
   * ctx.report: a copy of the finding, so what the engine adds never writes into the rule's
   * own object. An invalid finding is the rule's crash (reporters need text and a pointer),
   * and stops the rule; outside a turn a report is dropped.
   */
  private report(finding: FindingInput): void {
    const turn = this.turn;
    if (!turn) return;
    const read = findingProblem(finding);
    if ('problem' in read) {
      turn.violation ??= read.problem;
      throw new ContractViolation(read.problem);
    }
    turn.reported.push(read.fields ? { pointer: read.pointer, message: read.message, fields: read.fields } : { pointer: read.pointer, message: read.message });
  }

  /**
   * A crashed rule's message can quote what the rule read (a name, an NHS number), so it is
   * kept only with --include-personal-data; else the exception's kind stands for it (the
   * built-in type's name, never the error's own `name`). A contract violation is the
   * engine's words and always shown. Nothing the error does while being read escapes.
   */
  private crashMessage(error: unknown): string {
    return isViolation(error) ? error.message : describeThrown(error, this.config.includePersonalData);
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
