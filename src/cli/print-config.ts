// --print-config: the configuration in force for one file, as JSON, so a user can see which
// preset, plugin, override and flag decided each rule's level and options.
import path from 'node:path';
import type { LoadedConfig } from '../run/config.js';
import type { RuleLevel } from '../domain/codes.js';
import { resolveLimits, type Limits } from '../parse/limits.js';

export interface PrintedConfig {
  file: string;
  configFile: string | null;
  extends: string[];
  plugins: { name: string; spec: string; version?: string }[];
  timeZone: string;
  strict: boolean;
  /** Resource limits in force: the config's over the defaults. */
  limits: Limits;
  placeholders: string[];
  thresholdModel: LoadedConfig['config']['model'];
  agencies: LoadedConfig['config']['agencies'];
  /** Indexes of the overrides whose files globs match the file, applied in order. */
  overridesApplied: number[];
  /** Every known rule with its level and options for the file's referrals. */
  rules: Record<string, { severity: RuleLevel; options: Record<string, unknown> }>;
  /** Overrides that match the file but select by agency or sector too: they apply to some of its referrals only. */
  conditionalOverrides: ({ index: number } & LoadedConfig['config']['overrides'][number])[];
}

export function printConfig(loaded: LoadedConfig, file: string, cwd: string): PrintedConfig {
  const config = loaded.config;
  const shown = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/') || file;
  const matching = config.fileOverrides(shown);
  const applied = matching.filter((m) => !m.conditional).map((m) => m.index);
  const { levels, options } = config.inForce(applied);
  const rules: PrintedConfig['rules'] = {};
  for (const rule of config.registry) {
    const id = rule.meta.id;
    rules[id] = { severity: levels.get(id) ?? 'off', options: options.get(id) ?? {} };
  }
  return {
    file: shown,
    configFile: loaded.path ?? null,
    extends: config.extends,
    plugins: config.plugins,
    timeZone: config.timeZone,
    strict: config.strict,
    limits: resolveLimits(loaded.file.limits),
    placeholders: config.placeholders,
    thresholdModel: config.model,
    agencies: config.agencies,
    overridesApplied: applied,
    rules,
    conditionalOverrides: matching.filter((m) => m.conditional).map((m) => ({ index: m.index, ...config.overrides[m.index]! })),
  };
}
