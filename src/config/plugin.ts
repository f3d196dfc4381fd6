// What a plugin is (types only): src/load/plugins.ts imports plugin modules and checks them.
import type { Rule } from '../rule-api/rule.js';
import type { RuleSetting } from './schema.js';

/** A preset a plugin offers: rule settings, by full or plugin-local rule id. */
export interface PluginPreset {
  rules: Record<string, RuleSetting>;
}

/** What a plugin module exports (as its default export, or as named exports). */
export interface Plugin {
  /** The namespace of its rule ids; default: the package name after `referral-lint-plugin-`, or the module's file or folder name. */
  name?: string;
  /** Rules made with defineRule; a bare id `x` becomes `<name>/x`. */
  rules: Rule<object>[] | Record<string, Rule<object>>;
  presets?: Record<string, PluginPreset>;
}

export interface LoadedPlugin {
  name: string;
  /** As the config names it. */
  spec: string;
  /** The module file loaded. */
  file: string;
  /** The package's version, when it has a package.json. */
  version?: string | undefined;
  rules: Rule<object>[];
  presets: Record<string, PluginPreset>;
}
