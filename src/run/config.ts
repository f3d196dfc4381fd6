// The configuration in force for a run: the config file (or object) found and read, its
// plugins imported, its declarative rules compiled, all resolved against the built-in rules.
// Both the run (src/run/lint.ts) and each --jobs worker thread build it here.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { findConfig, readConfig } from '../load/config-file.js';
import { validateConfig } from '../config/validate.js';
import { loadPlugins, type Plugin } from '../load/plugins.js';
import type { CliOverrides, ConfigIdentity, ResolvedConfig } from '../config/resolve.js';
import { loadAjv } from '../schema/compiler.js';
import type { ConfigFile } from '../config/schema.js';
import type { Mapping } from '../mapping/mapping.js';
import { assembleConfig } from '../intake/config.js';

export { compileMappings } from '../intake/config.js';

/** What the configuration is built from: the options of a run that concern it. */
export interface ConfigOptions extends CliOverrides {
  /** A config file path; default: referral-lint.config.{yaml,yml,json} in `cwd`, if any. */
  configFile?: string;
  /** A config object, used instead of any file. */
  config?: ConfigFile;
  cwd?: string;
  /** The clock, for "now" when neither --now nor the config pins it. */
  clock?: () => number;
  /** Plugin objects ({ name, rules, presets? }), loaded after those the config names. */
  plugins?: Partial<Plugin>[];
}

/** The config in force: the file (or object) read, its plugins loaded, its declarative rules compiled. */
export interface LoadedConfig {
  file: ConfigFile;
  /** Where it came from, relative to `cwd`; undefined for the default configuration. */
  path?: string;
  config: ResolvedConfig;
  /** The config's mappings, compiled (docs/mappings.md); ready-made ones named in it included. */
  mappings: Mapping[];
  /** The folder the config file is in (the current directory without one): mappings' `files` globs are relative to it. */
  baseDir: string;
}

export async function loadConfigFile(options: ConfigOptions): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  let file: ConfigFile = {};
  let display: string | undefined;
  let baseDir = cwd;
  let identity: ConfigIdentity = { path: null, hash: null };
  if (options.config) {
    file = validateConfig(options.config, 'the config object');
    display = undefined;
    identity = { path: null, hash: createHash('sha256').update(JSON.stringify(options.config)).digest('hex') };
  } else {
    const found = options.configFile ? path.resolve(cwd, options.configFile) : findConfig(cwd);
    if (found) {
      display = path.relative(cwd, found).split(path.sep).join('/') || found;
      const read = await readConfig(found, display);
      file = read.config;
      baseDir = path.dirname(found);
      identity = { path: display, hash: read.hash };
    }
  }
  const name = display ?? (options.config ? 'the config object' : 'the default configuration');
  // ajv only for what the build did not compile: plugins' rules (checked as they load) and rules' options below.
  if ((file.plugins?.length ?? 0) > 0 || (options.plugins?.length ?? 0) > 0) await loadAjv();
  const plugins = await loadPlugins(file.plugins ?? [], baseDir, name, options.plugins);
  const relativeToConfig = (f: string): string | undefined => (f === '-' ? undefined : path.relative(baseDir, path.resolve(cwd, f)).split(path.sep).join('/'));
  const { config, mappings } = await assembleConfig(file, options, { name, plugins, relativeToConfig, identity });
  return { file, ...(display ? { path: display } : {}), config, mappings, baseDir };
}

export async function loadConfig(options: ConfigOptions): Promise<ResolvedConfig> {
  return (await loadConfigFile(options)).config;
}

