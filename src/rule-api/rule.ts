// The rule contract: what a rule declares about itself (meta) and how it checks a referral.
import type { Dimension, Severity } from '../domain/codes.js';
import type { ThresholdLevel, ThresholdModel } from '../domain/threshold-model.js';
import type { JsonObject, Referral } from '../domain/referral.js';
import type { Ymd } from '../domain/time.js';
import type { KeySpill } from '../domain/key-store.js';

export interface RuleDocs {
  /** What the rule checks, one clause per entry, in the words of docs/rule-semantics.md. */
  checks: string[];
  /** Why the rule exists: the inspection finding and the statutory or national source. */
  rationale: string;
  /** How an agency fixes a referral that fails it. */
  fix: string;
  /** Citations, one per line. */
  sources: string[];
  /** Plain-language description of each option, by name. */
  options?: Record<string, string>;
  /** A referral fragment that passes and one that fails, for `explain`. */
  examples?: { pass: unknown; fail: unknown };
}

export interface RuleMeta<Options extends object> {
  id: string;
  description: string;
  dimension: Dimension;
  severity: Severity;
  /** The default weight; else 3 for error, 1 for warning, 0 for info. Overridden by the `weight` option. */
  weight?: number;
  /**
   * The default penalty under the `deficit` score model; else the config's penalty for the
   * severity in force (25 error, 5 warning, 0 info). Overridden by the `penalty` option.
   */
  penalty?: number;
  /** JSON Schema of the options (`weight` and `penalty` properties are added by the engine). */
  optionsSchema: Record<string, unknown>;
  defaultOptions: Options;
  docs: RuleDocs;
  /**
   * The referral's fields the rule reads (with its default options), as field paths: `consent.status`,
   * `missingEpisodes[].startedAt` (a list's items are `[]`); `*` for every field. Reading
   * ctx.agency reads `referrer.agency` (and its sector, `referrer.sector`). Optional; the field
   * reference (`referral-lint schema --format markdown`) lists under each field the rules that declare it.
   */
  reads?: string[];
  /**
   * Of `reads`, the fields without which the rule cannot judge a referral fairly: a table
   * (CSV, XLSX) that has no column for one of them is not assessed by the rule, and neither is
   * one that carries none of `reads` (docs/mappings.md, "Coverage"). `a|b`: any one of them
   * will do. Optional.
   */
  requires?: string[];
}

/**
 * What a rule reports. The engine checks it: a pointer that is not a JSON Pointer (RFC 6901),
 * or a message that is not non-empty text, is the rule's crash (src/engine/engine.ts).
 */
export interface FindingInput {
  /** JSON Pointer relative to the referral. */
  pointer: string;
  /** Names fields, never their values. */
  message: string;
  /**
   * The fields the finding is about, as field paths (`carers[].parentalResponsibility`), when
   * its pointer does not say (a finding at `/carers`): a table with no column for one of them
   * cannot be faulted, and the finding is dropped for it (docs/mappings.md, "Coverage"); `a|b`
   * when any one of them would do (`referrer.phone|referrer.email`). Given, it replaces the
   * pointer's own field in that judgement. Optional.
   */
  fields?: string[];
}

/** Shared helpers, bound to the run's settings. */
export interface RuleHelpers {
  /** docs/rule-semantics.md "meaningful text": a non-empty string that is not a placeholder. */
  isMeaningful(value: unknown): value is string;
  /** Whole years from the child's date of birth to the calendar date of `receivedAt`; undefined when unknown. */
  age(referral: Referral): number | undefined;
  /** The calendar date of an instant in the configured time zone. */
  calendarDate(ms: number): Ymd;
  /**
   * The referral's level in the threshold model, when it states one the model has. Its
   * `pathway` is the principal pathway; `pathways` every pathway the level accepts.
   */
  thresholdLevel(referral: Referral): ThresholdLevel | undefined;
}

/**
 * What a rule gets besides the referral. It is frozen, and so is everything it holds (the
 * referral, typed and as read, the options, the agency, the threshold model, the set of rule
 * ids): a rule reads, it never writes. A write throws in strict-mode code (every ES module),
 * which is that rule's crash, and does nothing elsewhere. Every rule on every thread sees the
 * referral as it was read.
 */
export interface RuleContext<Options extends object> {
  options: Options & { weight?: number; penalty?: number };
  /** The reference time ("now"), epoch ms. */
  now: number;
  timeZone: string;
  /** The threshold model: each level's `pathway` is its principal pathway, `pathways` all it accepts (principal first). */
  model: ThresholdModel;
  helpers: RuleHelpers;
  /**
   * The referring agency after alias normalisation: `key` is equal for every spelling of one
   * agency; `sector` is the one reports group it under (the alias table's, else the referral's).
   */
  agency: { key: string; name: string; sector: string };
  /** `--strict`: keys the referral format does not name are schema errors. */
  strict: boolean;
  /** The id of every rule this configuration knows (built-in, plugins' and declarative), enabled or not. */
  knownRules: ReadonlySet<string>;
  /** The referral as it was read, before typing; for rules that address fields by path. */
  document: JsonObject;
  /** The input the referral came from, as the run names it (a path, `-` for standard input, or an in-memory label). */
  file: string;
  report(finding: FindingInput): void;
}

/**
 * A rule runs synchronously: `applies`, `check` and a batch checker's `check` return before
 * the next rule runs. One that returns a promise (an `async` function) has crashed on that
 * referral; the promise is ignored, its rejection too, and what it reports afterwards is dropped.
 */
export interface Rule<Options extends object = object> {
  meta: RuleMeta<Options>;
  /** Whether the rule says anything about this referral; a non-applicable rule does not count in the score. Default: always. */
  applies?(referral: Referral, ctx: RuleContext<Options>): boolean;
  check?(referral: Referral, ctx: RuleContext<Options>): void;
  /**
   * A batch rule: `batch` is called once per run and returns a checker that sees every
   * referral of the run in input order (after `applies`), keeping state between them.
   */
  batch?(
    ctx: Omit<RuleContext<Options>, 'report' | 'document' | 'agency' | 'file'> & {
      /**
       * Where a KeyStore (src/domain/key-store.ts) may keep its keys' bytes, when the run gives
       * one (the CLI: an encrypted temporary file, removed at the end of the run); each call
       * gives a new spill. Without it, a KeyStore keeps them in memory.
       */
      keySpill?: () => KeySpill;
    },
  ): {
    check(referral: Referral, ctx: RuleContext<Options>): void;
  };
  /**
   * For a batch rule: the top-level fields of a referral its checker reads. With --jobs the
   * checker runs in the main thread while other threads read the referrals, and only these
   * fields are sent to it (every field when not given). `applies` and `check` see the whole
   * referral either way.
   */
  batchReads?: string[];
  /**
   * What is wrong with the options in force under this configuration that their schema
   * cannot see, each as one sentence: a level the threshold model does not have, say. Asked
   * when the config loads, for a rule that is on (in `rules` or an override); any problem is
   * a configuration error (exit 2), not a finding no referrer could fix.
   */
  checkOptions?(options: Options, config: { model: ThresholdModel }): string[];
}

/** What a rule author writes: a rule without options may leave out `optionsSchema` and `defaultOptions`. */
export type RuleDefinition<Options extends object> = Omit<Rule<Options>, 'meta'> & {
  meta: Omit<RuleMeta<Options>, 'optionsSchema' | 'defaultOptions'> &
    Partial<Pick<RuleMeta<Options>, 'optionsSchema' | 'defaultOptions'>>;
};

/** The options schema of a rule that takes none (besides the engine's `weight` and `penalty`). */
export const NO_OPTIONS_SCHEMA: Record<string, unknown> = { type: 'object', additionalProperties: false, properties: {} };

/** Gives a rule's options their type where the rule is written, and fills in "no options" when it declares none. */
export function defineRule<Options extends object>(rule: RuleDefinition<Options>): Rule<Options> {
  if (!rule.check && !rule.batch) throw new Error(`rule ${rule.meta.id} has neither check nor batch`);
  return {
    ...rule,
    meta: {
      ...rule.meta,
      optionsSchema: rule.meta.optionsSchema ?? NO_OPTIONS_SCHEMA,
      defaultOptions: rule.meta.defaultOptions ?? ({} as Options),
    },
  };
}

export function defaultWeight(severity: Severity): number {
  return severity === 'error' ? 3 : severity === 'warning' ? 1 : 0;
}
