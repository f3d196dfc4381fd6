// A configuration assembled from a config file already read and checked: its declarative rules
// compiled, its rules (built-in, plugins', declarative) resolved, its mappings compiled. Core
// code: the command line reads the file and imports the plugins (src/run/config.ts), the web
// page reads a config file the user gives it (src/web/) and loads no plugin.
import { builtInRules } from '../../rules/index.js';
import { compileDeclarativeRule } from '../config/declarative.js';
import { needsRuntimeCompile, resolveConfig, type CliOverrides, type ConfigSource, type ResolvedConfig } from '../config/resolve.js';
import type { ConfigFile } from '../config/schema.js';
import { loadAjv } from '../schema/compiler.js';
import { ConfigError } from '../model/errors.js';
import type { Rule } from '../rule-api/rule.js';
import { compileMapping, type Mapping } from '../mapping/mapping.js';
import { READY_MADE, readyMade } from '../mapping/ready-made.js';

/** Mappings as a config or a --mapping file lists them: ready-made ones by name, others compiled; one name twice is an error. */
export function compileMappings(specs: readonly unknown[], where: string): Mapping[] {
  const out: Mapping[] = [];
  specs.forEach((spec, i) => {
    const at = `${where}: mappings[${i}]`;
    let mapping: Mapping;
    if (typeof spec === 'string') {
      const ready = readyMade(spec);
      if (!ready) throw new ConfigError(`${at}: "${spec}" is not a ready-made mapping (${READY_MADE.map((m) => m.name).join(', ')}); write a mapping as an object with name and fields (docs/mappings.md)`);
      mapping = compileMapping(ready, at, readyMade);
    } else {
      try {
        mapping = compileMapping(spec, at, readyMade);
      } catch (error) {
        if (error instanceof ConfigError) throw new ConfigError(`${where}:\n${error.message}`);
        throw error;
      }
    }
    if (out.some((m) => m.name === mapping.name)) throw new ConfigError(`${at}: two mappings are named '${mapping.name}'`);
    out.push(mapping);
  });
  return out;
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

/**
 * The configuration in force from a config file's content (`file`, validated), the plugins
 * the caller loaded (in `source`), and the run's overrides (--now, --rule, ...), with the
 * config's mappings compiled.
 */
export async function assembleConfig(file: ConfigFile, overrides: CliOverrides & { clock?: () => number }, source: ConfigSource): Promise<{ config: ResolvedConfig; mappings: Mapping[] }> {
  const declarative = (file.declarativeRules ?? []).map((definition, i) => {
    try {
      return compileDeclarativeRule(definition);
    } catch (error) {
      throw new ConfigError(`declarativeRules[${i}] in ${source.name}: ${(error as Error).message}`);
    }
  });
  const registry = registryOf([builtInRules, ...source.plugins.map((p) => p.rules), declarative], source.name);
  if (registry.some(needsRuntimeCompile)) await loadAjv();
  const config = resolveConfig(file, registry, overrides, overrides.clock, source);
  const mappings = compileMappings(file.mappings ?? [], source.name);
  return { config, mappings };
}

/**
 * The mappings tables are tried with, in order: those given for the run (--mapping, the web
 * page's mapping), then the config's that none of them replaces by name, then the ready-made
 * ones neither names (tried last, by their header).
 */
export function tableMappings(given: readonly Mapping[], fromConfig: readonly Mapping[]): { mappings: Mapping[]; readyMade: Mapping[] } {
  const mappings = [...given, ...fromConfig.filter((m) => !given.some((g) => g.name === m.name))];
  const left = READY_MADE.filter((r) => !mappings.some((m) => m.name === r.name)).map((r) => compileMapping(r, 'ready-made', readyMade));
  return { mappings, readyMade: left };
}
