// The public API: import { lint, defineRule, RuleTester } from 'referral-lint'.
import { createAjv } from './schema/ajv.js';
import { provideAjv } from './schema/compiler.js';

// ruleProblems and resolving a config may compile a rule's options schema at once: ajv is loaded with the API.
provideAjv(createAjv);
export { lint, type LintOptions } from './run/lint.js';
export { loadConfig, loadConfigFile, type LoadedConfig, type ConfigOptions } from './run/config.js';
export { defineRule, type Rule, type RuleDefinition, type RuleMeta, type RuleContext, type RuleDocs, type RuleHelpers, type FindingInput } from './rule-api/rule.js';
export { ruleProblems } from './rule-api/validate-rule.js';
export {
  RuleTester,
  type RuleTests,
  type RuleTestCase,
  type ValidCase,
  type InvalidCase,
  type ExpectedFinding,
  type RuleTesterSettings,
} from './testing/rule-tester.js';
export type { Plugin, PluginPreset } from './config/plugin.js';
export type { LintResult, GroupScore, ReferralResult, ReferralStream, FileResult, Finding, GateResult } from './model/types.js';
export type { Referral, JsonObject } from './domain/referral.js';
export type { ThresholdModel, ThresholdLevel } from './domain/threshold-model.js';
export type { ConfigFile, ConfigOverride, RuleSetting } from './config/schema.js';
export type { ResolvedConfig } from './config/resolve.js';
export { builtInRules } from '../rules/index.js';
export { reporters } from './report/index.js';
export { exitCodeFor, type Gates } from './score/exit.js';
