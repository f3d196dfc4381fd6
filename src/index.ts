// The public API: import { lint, defineRule, RuleTester } from 'referral-lint'.
export { lint, type LintOptions } from './lint.js';
export { loadConfig, loadConfigFile, type LoadedConfig, type ConfigOptions } from './config-load.js';
export { defineRule, type Rule, type RuleDefinition, type RuleMeta, type RuleContext, type RuleDocs, type RuleHelpers, type FindingInput } from './engine/rule.js';
export { ruleProblems } from './engine/validate-rule.js';
export {
  RuleTester,
  type RuleTests,
  type RuleTestCase,
  type ValidCase,
  type InvalidCase,
  type ExpectedFinding,
  type RuleTesterSettings,
} from './testing/rule-tester.js';
export type { Plugin, PluginPreset } from './config/plugins.js';
export type { LintResult, GroupScore, ReferralResult, FileResult } from './result.js';
export type { Finding } from './engine/runner.js';
export type { Referral, JsonObject } from './referral.js';
export type { ThresholdModel, ThresholdLevel } from './config/model.js';
export type { ConfigFile, ConfigOverride, RuleSetting } from './config/schema.js';
export type { ResolvedConfig } from './config/resolve.js';
export { builtInRules } from '../rules/index.js';
export { reporters } from './report/index.js';
export { exitCodeFor } from './exit.js';
