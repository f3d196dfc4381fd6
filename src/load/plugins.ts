// Loading plugins named by a config. A plugin is code: it runs with the user's rights, so it
// is loaded only because a config file (or the API caller) names it, never because of
// anything inside a referral file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../model/errors.js';
import type { Rule } from '../rule-api/rule.js';
import { ruleProblems } from '../rule-api/validate-rule.js';
import type { LoadedPlugin, Plugin } from '../config/plugin.js';

export const PLUGIN_PACKAGE_PREFIX = 'referral-lint-plugin-';
export type { LoadedPlugin, Plugin, PluginPreset } from '../config/plugin.js';

const NAMESPACE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const isLocal = (spec: string): boolean => spec.startsWith('./') || spec.startsWith('../') || path.isAbsolute(spec);

function packageName(spec: string): string {
  if (spec.startsWith(PLUGIN_PACKAGE_PREFIX)) return spec;
  const scoped = /^(@[^/]+)\/(.+)$/.exec(spec);
  if (scoped) return scoped[2]!.startsWith(PLUGIN_PACKAGE_PREFIX) ? spec : `${scoped[1]}/${PLUGIN_PACKAGE_PREFIX}${scoped[2]}`;
  return `${PLUGIN_PACKAGE_PREFIX}${spec}`;
}

/** A local module: a file, or a folder with package.json `main`, index.js or index.mjs. */
function localFile(spec: string, baseDir: string, where: string): string {
  const target = path.resolve(baseDir, spec);
  let stats;
  try {
    stats = statSync(target);
  } catch {
    throw new ConfigError(`plugins in ${where}: ${spec} does not exist (paths are relative to the config file's folder)`);
  }
  if (stats.isFile()) return target;
  const manifest = path.join(target, 'package.json');
  if (existsSync(manifest)) {
    const main = (JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string }).main;
    if (main) return path.resolve(target, main);
  }
  const index = ['index.js', 'index.mjs'].map((n) => path.join(target, n)).find((f) => existsSync(f));
  if (!index) throw new ConfigError(`plugins in ${where}: ${spec} is a folder without index.js, index.mjs or a package.json main`);
  return index;
}

/** An installed package, looked up from the config file's folder, then from referral-lint's own. */
function packageFile(name: string, baseDir: string, where: string, spec: string): string {
  for (const from of [path.join(baseDir, 'noop.js'), import.meta.url]) {
    try {
      return createRequire(from).resolve(name);
    } catch {
      // not installed there; try the next place
    }
  }
  throw new ConfigError(`plugins in ${where}: cannot find ${spec === name ? name : `${spec} (package ${name})`}; install it with npm install --save-dev ${name}`);
}

function versionOf(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function defaultName(spec: string, file: string): string {
  if (!isLocal(spec)) return packageName(spec).replace(/^@[^/]+\//, '').slice(PLUGIN_PACKAGE_PREFIX.length);
  const base = path.basename(file).replace(/\.[cm]?js$/, '');
  return base === 'index' ? path.basename(path.dirname(file)) : base;
}

/** The plugin's rule with its namespaced id; the plugin's own object is left as it is. */
function namespaced(rule: Rule<object>, name: string, where: string): Rule<object> {
  const id = rule.meta.id;
  const slash = id.indexOf('/');
  if (slash >= 0 && id.slice(0, slash) !== name) throw new ConfigError(`${where}: rule ${id} has the namespace of another plugin (expected ${name}/...)`);
  return slash >= 0 ? rule : { ...rule, meta: { ...rule.meta, id: `${name}/${id}` } };
}

export async function loadPlugin(spec: string, baseDir: string, where: string): Promise<LoadedPlugin> {
  const file = isLocal(spec) ? localFile(spec, baseDir, where) : packageFile(packageName(spec), baseDir, where, spec);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`plugins in ${where}: ${spec} failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  return readPlugin((module.default ?? module) as Partial<Plugin>, spec, file);
}

/** Checks a plugin's exports and namespaces its rules; `file` is absent for a plugin object handed to lint(). */
export function readPlugin(exported: Partial<Plugin>, spec: string, file?: string): LoadedPlugin {
  const name = exported.name ?? (file ? defaultName(spec, file) : undefined);
  const label = `plugin ${spec}`;
  if (typeof name !== 'string' || !NAMESPACE.test(name)) throw new ConfigError(`${label}: its name ${JSON.stringify(name)} must be lower-case words joined by hyphens`);
  const listed = exported.rules;
  if (typeof listed !== 'object' || listed === null) throw new ConfigError(`${label}: exports no rules (expected a default export { rules: [...] } or a named export rules)`);
  const rules = (Array.isArray(listed) ? listed : Object.values(listed)).map((rule, i) => {
    const problems = ruleProblems(rule);
    const id = (rule as Partial<Rule<object>>)?.meta?.id;
    if (problems.length > 0) throw new ConfigError(`${label}: rule ${typeof id === 'string' ? id : `#${i + 1}`} is not valid:\n  ${problems.join('\n  ')}`);
    return namespaced(rule, name, label);
  });
  const presets = exported.presets ?? {};
  for (const [presetName, preset] of Object.entries(presets)) {
    if (typeof preset !== 'object' || preset === null || typeof preset.rules !== 'object') throw new ConfigError(`${label}: preset ${presetName} must be { rules: { ... } }`);
  }
  // A local module's nearest package.json is the project's, not the plugin's: no version for it.
  const version = file && !isLocal(spec) ? versionOf(file) : undefined;
  return { name, spec, file: file ?? '(in memory)', ...(version ? { version } : {}), rules, presets };
}

/** Loads the plugins in order; two plugins with one name, or a rule id given twice, is a config error. */
export async function loadPlugins(specs: readonly string[], baseDir: string, where: string, given: readonly Partial<Plugin>[] = []): Promise<LoadedPlugin[]> {
  const plugins: LoadedPlugin[] = [];
  const all = [...specs.map((spec) => () => loadPlugin(spec, baseDir, where)), ...given.map((p, i) => async () => readPlugin(p, p.name ?? `#${i + 1} given to lint()`))];
  for (const load of all) {
    const plugin = await load();
    const spec = plugin.spec;
    const twin = plugins.find((p) => p.name === plugin.name);
    if (twin) throw new ConfigError(`plugins in ${where}: ${twin.spec} and ${spec} are both called ${plugin.name}`);
    plugins.push(plugin);
  }
  return plugins;
}
