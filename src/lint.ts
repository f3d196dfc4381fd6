// The whole run as a function: configuration, inputs, rules, result. The CLI and the
// public API both call this; it does no printing.
import path from 'node:path';
import { builtInRules } from '../rules/index.js';
import { compareWithBaseline, readBaseline } from './baseline.js';
import { findConfig, readConfigFile, validateConfig } from './config/load.js';
import { compileDeclarativeRule } from './config/declarative.js';
import { loadPlugins, type Plugin } from './config/plugins.js';
import { resolveConfig, type CliOverrides, type ResolvedConfig } from './config/resolve.js';
import type { ConfigFile } from './config/schema.js';
import { ConfigError } from './errors.js';
import { runRules, type RunProgress } from './engine/runner.js';
import type { Rule } from './engine/rule.js';
import { expandInputs, loadInputs, type LoadEvent } from './load/index.js';
import { isObject } from './referral.js';
import { buildResult, type LintResult } from './result.js';
import { toolInfo } from './version.js';

export interface LintOptions extends CliOverrides {
  /** Files, directories, globs, or `-` for stdin. */
  paths?: string[];
  /** In-memory referrals, linted as if read from one file named `label`. */
  referrals?: unknown[];
  label?: string;
  /** A config file path; default: referral-lint.config.{yaml,yml,json} in `cwd`, if any. */
  configFile?: string;
  /** A config object, used instead of any file. */
  config?: ConfigFile;
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  /** The clock, for "now" when neither --now nor the config pins it. */
  clock?: () => number;
  /** An earlier JSON report (a path, relative to `cwd`, or the report itself) to compare with. */
  baseline?: string | LintResult;
  /** Told of each file and referral as the run goes (the CLI's progress bar); stopped by the caller. */
  progress?: (totalFiles: number) => RunProgress;
  /** Plugin objects ({ name, rules, presets? }), loaded after those the config names. */
  plugins?: Partial<Plugin>[];
}

/** The config in force: the file (or object) read, its plugins loaded, its declarative rules compiled. */
export interface LoadedConfig {
  file: ConfigFile;
  /** Where it came from, relative to `cwd`; undefined for the default configuration. */
  path?: string;
  config: ResolvedConfig;
}

/** Built-in rules, then plugins' rules, then declarative rules; one id twice is a config error. */
function registryOf(parts: readonly (readonly Rule<object>[])[], where: string): Rule<object>[] {
  const registry: Rule<object>[] = [];
  const seen = new Set<string>();
  for (const rule of parts.flat()) {
    if (seen.has(rule.meta.id)) throw new ConfigError(`${where}: two rules have the id ${rule.meta.id}`);
    seen.add(rule.meta.id);
    registry.push(rule);
  }
  return registry;
}

export async function loadConfigFile(options: LintOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  let file: ConfigFile = {};
  let display: string | undefined;
  let baseDir = cwd;
  if (options.config) {
    file = validateConfig(options.config, 'the config object');
    display = undefined;
  } else {
    const found = options.configFile ? path.resolve(cwd, options.configFile) : findConfig(cwd);
    if (found) {
      display = path.relative(cwd, found).split(path.sep).join('/') || found;
      file = readConfigFile(found, display);
      baseDir = path.dirname(found);
    }
  }
  const name = display ?? (options.config ? 'the config object' : 'the default configuration');
  const plugins = await loadPlugins(file.plugins ?? [], baseDir, name, options.plugins);
  const declarative = (file.declarativeRules ?? []).map((definition, i) => {
    try {
      return compileDeclarativeRule(definition);
    } catch (error) {
      throw new ConfigError(`declarativeRules[${i}] in ${name}: ${(error as Error).message}`);
    }
  });
  const registry = registryOf([builtInRules, ...plugins.map((p) => p.rules), declarative], name);
  const config = resolveConfig(file, registry, options, options.clock, { name, baseDir, cwd, plugins });
  return { file, ...(display ? { path: display } : {}), config };
}

export async function loadConfig(options: LintOptions): Promise<ResolvedConfig> {
  return (await loadConfigFile(options)).config;
}

async function* inMemory(label: string, referrals: unknown[]): AsyncGenerator<LoadEvent> {
  yield { kind: 'file', file: label };
  for (const [i, data] of referrals.entries()) {
    const pointer = `/${i}`;
    if (isObject(data)) yield { kind: 'referral', file: label, pointer, data, locate: () => undefined };
    else yield { kind: 'failed-referral', file: label, pointer, reason: 'expected a referral object' };
  }
}

/** The run and the configuration it ran under (reporters read rule docs from it). */
export async function runLint(options: LintOptions): Promise<{ result: LintResult; config: ResolvedConfig }> {
  const cwd = options.cwd ?? process.cwd();
  const config = await loadConfig(options);
  const inputs = options.referrals ? undefined : await expandInputs(options.paths ?? [], cwd);
  const events = inputs ? loadInputs(inputs, { cwd, stdin: options.stdin }) : inMemory(options.label ?? '(in memory)', options.referrals ?? []);
  // The baseline is read before the run, so a wrong path fails fast.
  const baseline =
    typeof options.baseline === 'string'
      ? { report: readBaseline(path.resolve(cwd, options.baseline), options.baseline), file: options.baseline }
      : options.baseline
        ? { report: options.baseline, file: '(in memory)' }
        : undefined;
  const run = await runRules(events, config, inputs && options.progress ? options.progress(inputs.length) : undefined);
  const result = buildResult(run, config, toolInfo());
  if (baseline) result.baseline = compareWithBaseline(result, baseline.report, baseline.file);
  return { result, config };
}

/** Lints paths or in-memory referrals; the result is what the JSON report serialises. */
export async function lint(options: LintOptions): Promise<LintResult> {
  return (await runLint(options)).result;
}
