// Turns a config file, presets, plugins, overrides and command-line flags into the settings
// of one run.
import picomatch from 'picomatch/posix.js';
import { AgencyResolver, type AgencyAlias } from '../domain/agencies.js';
import { DEFAULT_PLACEHOLDERS, RULE_LEVELS, type RuleLevel, type Severity } from '../domain/codes.js';
import { ConfigError, UsageError } from '../model/errors.js';
import { didYouMean } from '../domain/nearest.js';
import type { Rule } from '../rule-api/rule.js';
import { defaultWeight } from '../rule-api/rule.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { runtimeAjv } from '../schema/compiler.js';
import { compiledOptionsValidator } from './compiled.js';
import { isTimeZone, parseDateTime } from '../domain/time.js';
import { plainCopy } from '../rule-api/freeze.js';
import { UNUSED_SUPPRESSION_RULE_ID } from '../rule-api/special.js';
import { describeConfigErrors } from './validate.js';
import { PRESET_NAMES, presets } from './presets.js';
import { DEFAULT_THRESHOLD_MODEL, type ThresholdLevel, type ThresholdModel } from '../domain/threshold-model.js';
import type { LoadedPlugin } from './plugin.js';
import { DEFAULT_SCORING, type ConfigFile, type RuleSetting } from './schema.js';
import type { ScoringSettings } from '../model/types.js';

export interface EnabledRule {
  rule: Rule<object>;
  severity: Severity;
  options: Record<string, unknown>;
  weight: number;
  /** What failing it costs a referral under the `deficit` model: its `penalty` option, else the penalty of its severity. */
  penalty: number;
}

/** What an override's selectors are matched against, for one referral. */
export interface RuleTarget {
  /** The file as the result names it (relative to the current directory, or `-`). */
  file: string;
  agencyKey: string;
  sector: string;
}

export interface ResolvedOverride {
  files?: string[];
  agencies?: string[];
  sectors?: string[];
  rules: Record<string, RuleSetting>;
}

export interface ResolvedConfig {
  now: number;
  timeZone: string;
  placeholders: string[];
  model: ThresholdModel;
  /** The score model, penalties and band cut-offs (the config's `scoring` over the defaults). */
  scoring: ScoringSettings;
  agencies: AgencyAlias[];
  strict: boolean;
  /** --include-personal-data (CliOverrides). */
  includePersonalData: boolean;
  /** The config file in force (its path as the run names it, and a sha256 of its bytes); both null for none. */
  source: ConfigIdentity;
  /**
   * `only` (or --agency): the agencies (as given) and sectors whose referrals the run reports
   * and scores; undefined when every referral counts.
   */
  only?: { agencies: string[]; sectors: string[] };
  /** Whether a referral of this agency and sector is reported and scored (always true without `only`). */
  isSelected(agencyKey: string, sector: string): boolean;
  /** Every known rule: built-in, plugins' and declarative, in that order. */
  registry: readonly Rule<object>[];
  plugins: { name: string; spec: string; version?: string }[];
  /** The plugins' module files, for --cache (a local plugin may change without a new version). */
  pluginFiles: string[];
  /** The presets applied, in order. */
  extends: string[];
  /** Enabled rules before any override, in registry order. */
  rules: EnabledRule[];
  /** Every known rule with its level in force before overrides, `off` included, for `rules` and `explain`. */
  levels: Map<string, RuleLevel>;
  /** Options in force per rule id before overrides, for `explain`. */
  options: Map<string, Record<string, unknown>>;
  overrides: ResolvedOverride[];
  /** The enabled rules for one referral: `rules` with the matching overrides applied in order. */
  rulesFor(target: RuleTarget): EnabledRule[];
  /** The overrides whose `files` globs match a file; `conditional` when they also select by agency or sector. */
  fileOverrides(file: string): { index: number; conditional: boolean }[];
  /** Each rule's level and options with the given overrides applied, for --print-config. */
  inForce(overrideIndexes: readonly number[]): { levels: Map<string, RuleLevel>; options: Map<string, Record<string, unknown>> };
}

export interface CliOverrides {
  now?: string;
  strict?: boolean;
  /** `id:severity` pairs from --rule. */
  rules?: string[];
  /** --report-unused-suppressions. */
  reportUnusedSuppressions?: boolean;
  /**
   * --include-personal-data: findings carry the value they are about, and a crashed rule's
   * message is kept. Only the command line or the API can ask for it, never a config file:
   * it is a choice made for one run, by the person running it.
   */
  includePersonalData?: boolean;
  /** --agency: report and score only these agencies' referrals (replaces the config's `only.agencies`). */
  agencies?: string[];
}

/** Which config file a run used, as the reports name it. */
export interface ConfigIdentity {
  path: string | null;
  /** sha256 of the file's bytes (of the object's JSON, for a config given in memory), hex. */
  hash: string | null;
}

/** Where the config came from: its name in messages, its plugins, and how an input's path reads from the config's folder. */
export interface ConfigSource {
  name: string;
  /** The file (or object) read, for the reports; none by default. */
  identity?: ConfigIdentity;
  plugins: readonly LoadedPlugin[];
  /**
   * An input's path (as the run names it) relative to the config's folder, with `/` between
   * parts, for the globs of `overrides`; undefined for stdin. By default, the path as named.
   */
  relativeToConfig?: (file: string) => string | undefined;
}

/** Inputs named as they are, `/` between parts: what overrides' globs match when the config comes from no file. */
const asNamed = (file: string): string | undefined => (file === '-' ? undefined : file.replace(/\\/g, '/').replace(/^(\.\/)+/, ''));

export const DEFAULT_TIME_ZONE = 'Europe/London';

type Setting = { severity?: RuleLevel; options?: Record<string, unknown> };

function settingParts(setting: RuleSetting): Setting {
  return typeof setting === 'string' ? { severity: setting } : setting;
}

/**
 * The JSON Schema a rule's options are validated against: the rule's own, with `weight` (every
 * rule's) added. scripts/compile-schemas.mjs compiles the built-in rules' at build time.
 */
export function optionsSchemaOf(rule: Rule<object>): Record<string, unknown> {
  return {
    ...rule.meta.optionsSchema,
    type: 'object',
    properties: {
      ...((rule.meta.optionsSchema as { properties?: object }).properties ?? {}),
      weight: { type: 'number', minimum: 0 },
      penalty: { type: 'number', minimum: 0 },
    },
  };
}

/** Whether validating a rule's options needs ajv at run time: the build compiled no validator for its schema. */
export function needsRuntimeCompile(rule: Rule<object>): boolean {
  return !optionValidators.has(rule) && compiledOptionsValidator(JSON.stringify(optionsSchemaOf(rule))) === undefined;
}

/** Each rule's options validator, found or compiled once per rule object: compiling is the slow part of a config. */
const optionValidators = new WeakMap<Rule<object>, ValidateFunction>();

/**
 * One ajv for the options of every rule the build did not compile: a new instance compiles the
 * JSON Schema meta-schema again before its first schema.
 */
let optionsAjv: ReturnType<typeof runtimeAjv> | undefined;

function optionsValidator(rule: Rule<object>): ValidateFunction {
  let validate = optionValidators.get(rule);
  if (!validate) {
    const schema = optionsSchemaOf(rule);
    validate = compiledOptionsValidator(JSON.stringify(schema));
    if (!validate) {
      const ajv = (optionsAjv ??= runtimeAjv());
      try {
        validate = ajv.compile(schema);
      } finally {
        // The validator keeps what it needs; the schema leaves the instance, so that another rule
        // object with the same schema (and the same $id, if it has one) compiles again cleanly.
        ajv.removeSchema(schema);
      }
    }
    optionValidators.set(rule, validate);
  }
  return validate;
}

function validateOptions(rule: Rule<object>, options: Record<string, unknown>, where: string): void {
  const validate = optionsValidator(rule);
  if (!validate(options)) {
    throw new ConfigError(`Invalid options for rule ${rule.meta.id} (${where}):\n  ${describeConfigErrors(validate.errors ?? [], `rules.${rule.meta.id}.options`).join('\n  ')}`);
  }
}

/** Lays `more` over `settings`: its severity wins, its options merge over the earlier ones. */
function layer(settings: Map<string, Setting>, more: Record<string, RuleSetting>, known: ReadonlyMap<string, Rule<object>>, where: string, prefix = ''): void {
  for (const [given, setting] of Object.entries(more)) {
    const id = prefix && !given.includes('/') ? `${prefix}/${given}` : given;
    if (!known.has(id)) throw new ConfigError(`${where.replace(/^(\S*)/, `$1.${given}`)}: no rule has this id${didYouMean(id, [...known.keys()])}`);
    const base = settings.get(id) ?? {};
    const own = settingParts(setting);
    settings.set(id, { severity: own.severity ?? base.severity, options: own.options ? { ...base.options, ...own.options } : base.options });
  }
}

function presetSettings(name: string, registry: readonly Rule<object>[], plugins: readonly LoadedPlugin[], source: string): { rules: Record<string, RuleSetting>; prefix: string } {
  const builtIn = presets[name];
  if (builtIn) return { rules: builtIn(registry), prefix: '' };
  const slash = name.indexOf('/');
  const plugin = slash > 0 ? plugins.find((p) => p.name === name.slice(0, slash)) : undefined;
  const preset = plugin?.presets[name.slice(slash + 1)];
  if (plugin && preset) return { rules: preset.rules, prefix: plugin.name };
  const offered = [...PRESET_NAMES, ...plugins.flatMap((p) => Object.keys(p.presets).map((n) => `${p.name}/${n}`))];
  throw new ConfigError(`extends in ${source}: no preset is called ${name} (presets: ${offered.join(', ')})`);
}

function parseRuleFlags(pairs: readonly string[], known: ReadonlyMap<string, Rule<object>>): [string, RuleLevel][] {
  return pairs.map((pair) => {
    const at = pair.lastIndexOf(':');
    const id = pair.slice(0, at);
    const level = pair.slice(at + 1) as RuleLevel;
    if (at < 1 || !RULE_LEVELS.includes(level)) throw new UsageError(`--rule ${pair}: expected <rule-id>:<${RULE_LEVELS.join('|')}>`);
    if (!known.has(id)) throw new UsageError(`--rule ${pair}: no rule has the id ${id}${didYouMean(id, [...known.keys()])}`);
    return [id, level];
  });
}

/**
 * One level of a configured threshold model: `pathway` names one pathway or a list, the first
 * being the principal one (docs/rule-semantics.md 1.13). `universal` (no referral expected)
 * cannot share a level with a referral pathway, and a pathway is listed once.
 */
function resolveLevel(l: NonNullable<ConfigFile['thresholdModel']>['levels'][number], at: string): ThresholdLevel {
  const pathways = typeof l.pathway === 'string' ? [l.pathway] : [...l.pathway];
  if (pathways.length > 1 && pathways.includes('universal')) {
    throw new ConfigError(
      `${at}: universal cannot be listed with other pathways: it means no referral is expected at the level, so it must be the level's only pathway`,
    );
  }
  const twice = pathways.find((p, i) => pathways.indexOf(p) !== i);
  if (twice !== undefined) throw new ConfigError(`${at}: ${twice} is listed twice`);
  return {
    level: l.level,
    name: l.name ?? `Level ${l.level}`,
    pathway: pathways[0]!,
    pathways,
    consentRequired: l.consentRequired ?? false,
    childProtection: l.childProtection ?? false,
  };
}

export function resolveConfig(
  file: ConfigFile,
  registry: readonly Rule<object>[],
  cli: CliOverrides = {},
  clock: () => number = Date.now,
  source: string | ConfigSource = 'configuration',
): ResolvedConfig {
  const where: ConfigSource = typeof source === 'string' ? { name: source, plugins: [] } : source;
  const name = where.name;
  const byId = new Map(registry.map((r) => [r.meta.id, r]));

  const timeZone = file.timeZone ?? DEFAULT_TIME_ZONE;
  // Checking a zone loads its time-zone data (tens of ms): only a zone the config names is checked.
  if (file.timeZone !== undefined && !isTimeZone(timeZone)) throw new ConfigError(`timeZone in ${name}: ${timeZone} is not a known IANA time zone`);

  const nowText = cli.now ?? file.now;
  let now = clock();
  if (nowText !== undefined) {
    const parsed = parseDateTime(nowText, timeZone);
    if (parsed === undefined) throw new UsageError(`--now: expected an RFC 3339 date-time such as 2026-11-01T09:00:00Z`);
    now = parsed;
  }

  const model: ThresholdModel = file.thresholdModel
    ? { levels: file.thresholdModel.levels.map((l, i) => resolveLevel(l, `thresholdModel.levels[${i}].pathway in ${name}`)) }
    : DEFAULT_THRESHOLD_MODEL;
  const levelsSeen = new Set<number>();
  for (const l of model.levels) {
    if (levelsSeen.has(l.level)) throw new ConfigError(`thresholdModel.levels in ${name}: level ${l.level} is listed twice`);
    levelsSeen.add(l.level);
  }

  const scoring: ScoringSettings = {
    model: file.scoring?.model ?? DEFAULT_SCORING.model,
    penalties: { ...DEFAULT_SCORING.penalties, ...file.scoring?.penalties },
    bands: { ...DEFAULT_SCORING.bands, ...file.scoring?.bands },
  };
  if (scoring.bands.good < scoring.bands['requires-improvement']) {
    throw new ConfigError(
      `scoring.bands in ${name}: good (${scoring.bands.good}) must be at least requires-improvement (${scoring.bands['requires-improvement']}): a band starts where the one above it ends`,
    );
  }

  // Presets, then the file's rules; overrides go over these per referral; the flags go over everything.
  const base = new Map<string, Setting>();
  const presetNames = file.extends === undefined ? ['recommended'] : typeof file.extends === 'string' ? [file.extends] : file.extends;
  for (const presetName of presetNames) {
    const preset = presetSettings(presetName, registry, where.plugins, name);
    layer(base, preset.rules, byId, `rules in preset ${presetName}`, preset.prefix);
  }
  layer(base, file.rules ?? {}, byId, `rules in ${name}`);

  const flags = new Map<string, Setting>();
  const reportUnused = cli.reportUnusedSuppressions === true || cli.strict === true || file.reportUnusedSuppressions === true;
  if (reportUnused && byId.has(UNUSED_SUPPRESSION_RULE_ID) && (base.get(UNUSED_SUPPRESSION_RULE_ID)?.severity ?? 'off') === 'off') {
    flags.set(UNUSED_SUPPRESSION_RULE_ID, { severity: 'warning' });
  }
  for (const [id, level] of parseRuleFlags(cli.rules ?? [], byId)) flags.set(id, { severity: level });

  const overrides: ResolvedOverride[] = file.overrides ?? [];
  const buildRules = (settings: Map<string, Setting>, at: string) => {
    for (const [id, setting] of flags) settings.set(id, { ...settings.get(id), severity: setting.severity });
    const levels = new Map<string, RuleLevel>();
    const optionsInForce = new Map<string, Record<string, unknown>>();
    const rules: EnabledRule[] = [];
    for (const rule of registry) {
      const setting = settings.get(rule.meta.id) ?? {};
      // A copy all the way down: the engine freezes options, and the caller's config and the rule's defaults stay theirs.
      const options = plainCopy({ ...(rule.meta.defaultOptions as Record<string, unknown>), ...(setting.options ?? {}) });
      validateOptions(rule, options, at);
      const level = setting.severity ?? rule.meta.severity;
      levels.set(rule.meta.id, level);
      optionsInForce.set(rule.meta.id, options);
      if (level === 'off') continue;
      const problems = rule.checkOptions?.(options, { model }) ?? [];
      if (problems.length > 0) {
        const given = setting.options === undefined ? ", the rule's default options" : '';
        throw new ConfigError(`Options of rule ${rule.meta.id} (${at}${given}) do not fit the configuration:\n  ${problems.join('\n  ')}`);
      }
      const weight = typeof options.weight === 'number' ? options.weight : (rule.meta.weight ?? defaultWeight(level));
      const penalty = typeof options.penalty === 'number' ? options.penalty : (rule.meta.penalty ?? scoring.penalties[level]);
      rules.push({ rule, severity: level, options, weight, penalty });
    }
    return { rules, levels, optionsInForce };
  };
  const withOverrides = (indexes: readonly number[]) => {
    const settings = new Map(base);
    for (const i of indexes) layer(settings, overrides[i]!.rules, byId, `overrides[${i}].rules in ${name}`);
    return buildRules(settings, indexes.length === 0 ? name : `overrides[${indexes.join(', ')}] in ${name}`);
  };

  const resolved = withOverrides([]);
  // Each override is checked as the config loads, not when a referral first matches it.
  overrides.forEach((o, i) => {
    for (const [id, setting] of Object.entries(o.rules)) {
      if (byId.get(id)?.batch && typeof setting === 'object' && setting.options) {
        throw new ConfigError(`overrides[${i}].rules.${id} in ${name}: ${id} compares referrals across the run, so its options can only be set in rules, not per override`);
      }
    }
    withOverrides([i]);
  });

  const agencyResolver = new AgencyResolver(file.agencies ?? []);
  const selectors = overrides.map((o) => ({
    files: o.files ? picomatch(o.files, { dot: true }) : undefined,
    agencies: o.agencies ? new Set(o.agencies.map((a) => agencyResolver.resolve(a).key)) : undefined,
    sectors: o.sectors ? new Set<string>(o.sectors) : undefined,
  }));
  const relativeToConfig = where.relativeToConfig ?? asNamed;
  // Globs are matched once per file, not once per referral.
  const byFile = new Map<string, boolean[]>();
  const fileMatches = (i: number, f: string): boolean => {
    let matches = byFile.get(f);
    if (!matches) {
      const relative = relativeToConfig(f);
      matches = selectors.map((s) => !s.files || (relative !== undefined && s.files(relative)));
      byFile.set(f, matches);
    }
    return matches[i]!;
  };

  const sets = new Map<string, EnabledRule[]>([['', resolved.rules]]);
  const onlyAgencies = cli.agencies?.length ? cli.agencies : file.only?.agencies;
  const onlySectors = file.only?.sectors;
  const selectedKeys = onlyAgencies ? new Set(onlyAgencies.map((a) => agencyResolver.resolve(a).key)) : undefined;
  const selectedSectors = onlySectors ? new Set<string>(onlySectors) : undefined;
  return {
    now,
    timeZone,
    placeholders: file.placeholders ?? [...DEFAULT_PLACEHOLDERS],
    model,
    scoring,
    agencies: file.agencies ?? [],
    strict: cli.strict ?? file.strict ?? false,
    includePersonalData: cli.includePersonalData ?? false,
    source: where.identity ?? { path: null, hash: null },
    ...(onlyAgencies || onlySectors ? { only: { agencies: onlyAgencies ?? [], sectors: onlySectors ?? [] } } : {}),
    isSelected: (agencyKey: string, sector: string): boolean => (!selectedKeys || selectedKeys.has(agencyKey)) && (!selectedSectors || selectedSectors.has(sector)),
    registry,
    plugins: where.plugins.map((p) => ({ name: p.name, spec: p.spec, ...(p.version ? { version: p.version } : {}) })),
    pluginFiles: where.plugins.map((p) => p.file),
    extends: presetNames,
    rules: resolved.rules,
    levels: resolved.levels,
    options: resolved.optionsInForce,
    overrides,
    rulesFor(target: RuleTarget): EnabledRule[] {
      if (overrides.length === 0) return resolved.rules;
      const matching: number[] = [];
      selectors.forEach((s, i) => {
        if (s.agencies && !s.agencies.has(target.agencyKey)) return;
        if (s.sectors && !s.sectors.has(target.sector)) return;
        if (fileMatches(i, target.file)) matching.push(i);
      });
      const key = matching.join(',');
      let rules = sets.get(key);
      if (!rules) {
        rules = withOverrides(matching).rules;
        sets.set(key, rules);
      }
      return rules;
    },
    inForce(indexes: readonly number[]) {
      const { levels, optionsInForce } = withOverrides(indexes);
      return { levels, options: optionsInForce };
    },
    fileOverrides(f: string) {
      return overrides.flatMap((o, i) => (fileMatches(i, f) ? [{ index: i, conditional: o.agencies !== undefined || o.sectors !== undefined }] : []));
    },
  };
}
