// Turns a config file, presets and command-line overrides into the settings of one run.
import { DEFAULT_PLACEHOLDERS, RULE_LEVELS, type RuleLevel, type Severity } from '../codes.js';
import type { AgencyAlias } from '../agencies.js';
import { ConfigError, UsageError } from '../errors.js';
import type { Rule } from '../engine/rule.js';
import { defaultWeight } from '../engine/rule.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from '../schema/validate.js';
import { isTimeZone, parseDateTime } from '../time.js';
import { describeConfigErrors } from './load.js';
import { PRESET_NAMES, presets } from './presets.js';
import { DEFAULT_THRESHOLD_MODEL, type ThresholdModel } from './model.js';
import type { ConfigFile, RuleSetting } from './schema.js';

export interface EnabledRule {
  rule: Rule<object>;
  severity: Severity;
  options: Record<string, unknown>;
  weight: number;
}

export interface ResolvedConfig {
  now: number;
  timeZone: string;
  placeholders: string[];
  model: ThresholdModel;
  agencies: AgencyAlias[];
  strict: boolean;
  /** Enabled rules, in registry order. */
  rules: EnabledRule[];
  /** Every known rule with its level in force, `off` included, for `rules` and `explain`. */
  levels: Map<string, RuleLevel>;
  /** Options in force per rule id, for `explain`. */
  options: Map<string, Record<string, unknown>>;
}

export interface CliOverrides {
  now?: string;
  strict?: boolean;
  /** `id:severity` pairs from --rule. */
  rules?: string[];
}

export const DEFAULT_TIME_ZONE = 'Europe/London';

function settingParts(setting: RuleSetting): { severity?: RuleLevel; options?: Record<string, unknown> } {
  return typeof setting === 'string' ? { severity: setting } : setting;
}

/** Each rule's options validator, compiled once per rule object: compiling is the slow part of a config. */
const optionValidators = new WeakMap<Rule<object>, ValidateFunction>();

function optionsValidator(rule: Rule<object>): ValidateFunction {
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = createAjv().compile({
      ...rule.meta.optionsSchema,
      type: 'object',
      properties: {
        ...((rule.meta.optionsSchema as { properties?: object }).properties ?? {}),
        weight: { type: 'number', minimum: 0 },
      },
    });
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

export function resolveConfig(
  file: ConfigFile,
  registry: readonly Rule<object>[],
  cli: CliOverrides = {},
  clock: () => number = Date.now,
  source = 'configuration',
): ResolvedConfig {
  const byId = new Map(registry.map((r) => [r.meta.id, r]));

  const timeZone = file.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) throw new ConfigError(`timeZone in ${source}: ${timeZone} is not a known IANA time zone`);

  const nowText = cli.now ?? file.now;
  let now = clock();
  if (nowText !== undefined) {
    const parsed = parseDateTime(nowText, timeZone);
    if (parsed === undefined) throw new UsageError(`--now: expected an RFC 3339 date-time such as 2026-11-01T09:00:00Z`);
    now = parsed;
  }

  const model: ThresholdModel = file.thresholdModel
    ? {
        levels: file.thresholdModel.levels.map((l) => ({
          level: l.level,
          name: l.name ?? `Level ${l.level}`,
          pathway: l.pathway,
          consentRequired: l.consentRequired ?? false,
          childProtection: l.childProtection ?? false,
        })),
      }
    : DEFAULT_THRESHOLD_MODEL;
  const levelsSeen = new Set<number>();
  for (const l of model.levels) {
    if (levelsSeen.has(l.level)) throw new ConfigError(`thresholdModel.levels in ${source}: level ${l.level} is listed twice`);
    levelsSeen.add(l.level);
  }

  const settings = new Map<string, { severity?: RuleLevel; options?: Record<string, unknown> }>();
  const presetName = file.extends ?? 'recommended';
  const preset = presets[presetName];
  if (!preset) throw new ConfigError(`extends in ${source}: no preset is called ${presetName} (presets: ${PRESET_NAMES.join(', ')})`);
  for (const [id, setting] of Object.entries(preset(registry))) settings.set(id, settingParts(setting));
  // The file's settings go over the preset's: its severity wins, its options merge over the preset's.
  for (const [id, setting] of Object.entries(file.rules ?? {})) {
    if (!byId.has(id)) throw new ConfigError(`rules.${id} in ${source}: no rule has this id`);
    const base = settings.get(id) ?? {};
    const own = settingParts(setting);
    settings.set(id, { severity: own.severity ?? base.severity, options: { ...base.options, ...own.options } });
  }
  for (const pair of cli.rules ?? []) {
    const at = pair.lastIndexOf(':');
    const id = pair.slice(0, at);
    const level = pair.slice(at + 1) as RuleLevel;
    if (at < 1 || !RULE_LEVELS.includes(level)) throw new UsageError(`--rule ${pair}: expected <rule-id>:<${RULE_LEVELS.join('|')}>`);
    if (!byId.has(id)) throw new UsageError(`--rule ${pair}: no rule has the id ${id}`);
    settings.set(id, { ...settings.get(id), severity: level });
  }

  const levels = new Map<string, RuleLevel>();
  const optionsInForce = new Map<string, Record<string, unknown>>();
  const rules: EnabledRule[] = [];
  for (const rule of registry) {
    const setting = settings.get(rule.meta.id) ?? {};
    const options = { ...(rule.meta.defaultOptions as Record<string, unknown>), ...(setting.options ?? {}) };
    validateOptions(rule, options, source);
    const level = setting.severity ?? rule.meta.severity;
    levels.set(rule.meta.id, level);
    optionsInForce.set(rule.meta.id, options);
    if (level === 'off') continue;
    const weight = typeof options.weight === 'number' ? options.weight : (rule.meta.weight ?? defaultWeight(level));
    rules.push({ rule, severity: level, options, weight });
  }

  return {
    now,
    timeZone,
    placeholders: file.placeholders ?? [...DEFAULT_PLACEHOLDERS],
    model,
    agencies: file.agencies ?? [],
    strict: cli.strict ?? file.strict ?? false,
    rules,
    levels,
    options: optionsInForce,
  };
}
