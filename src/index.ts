// The public API.
export { lint, loadConfig, type LintOptions } from './lint.js';
export { defineRule, type Rule, type RuleMeta, type RuleContext, type RuleDocs, type RuleHelpers, type FindingInput } from './engine/rule.js';
export type { LintResult, GroupScore, ReferralResult, FileResult } from './result.js';
export type { Finding } from './engine/runner.js';
export type { Referral } from './referral.js';
export type { ThresholdModel, ThresholdLevel } from './config/model.js';
export type { ConfigFile } from './config/schema.js';
export { builtInRules } from '../rules/index.js';
export { reporters } from './report/index.js';
export { exitCodeFor } from './exit.js';
