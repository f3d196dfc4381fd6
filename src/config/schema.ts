// The JSON Schema of referral-lint.config.{yaml,yml,json}.
import { MODEL_PATHWAYS, RULE_LEVELS, SECTORS } from '../domain/codes.js';
import { declarativeRuleSchema, type DeclarativeRule } from './declarative.js';
import { MAX_BYTES_CEILING, MAX_DEPTH_CEILING, type Limits } from '../parse/limits.js';
import type { ScoreModel, ScoringSettings } from '../model/types.js';

/** The score models; the first is the default. */
export const SCORE_MODELS = ['deficit', 'weighted-pass'] as const satisfies readonly ScoreModel[];

/** `scoring` when the config leaves it, or part of it, out. */
export const DEFAULT_SCORING: ScoringSettings = Object.freeze({
  model: 'deficit',
  penalties: Object.freeze({ error: 25, warning: 5, info: 0 }),
  bands: Object.freeze({ good: 90, 'requires-improvement': 70 }),
});

const points = { type: 'number', minimum: 0 } as const;
const cutOff = { type: 'number', minimum: 0, maximum: 100 } as const;

/** How scores are computed and banded (src/score/score.ts). */
const scoringSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: { enum: [...SCORE_MODELS] },
    penalties: { type: 'object', additionalProperties: false, properties: { error: points, warning: points, info: points } },
    bands: { type: 'object', additionalProperties: false, properties: { good: cutOff, 'requires-improvement': cutOff } },
  },
} as const;

const ruleSettings = {
  type: 'object',
  additionalProperties: {
    anyOf: [
      { enum: [...RULE_LEVELS] },
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          severity: { enum: [...RULE_LEVELS] },
          options: { type: 'object' },
        },
      },
    ],
  },
} as const;

const nonEmptyTextList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } } as const;

const byteLimit = { type: 'integer', minimum: 1, maximum: MAX_BYTES_CEILING } as const;

/** src/parse/limits.ts: each a whole number; the defaults fill in what is left out. */
const limitsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    maxDepth: { type: 'integer', minimum: 1, maximum: MAX_DEPTH_CEILING },
    maxStringLength: { type: 'integer', minimum: 1 },
    maxLineLength: byteLimit,
    maxReferralLength: byteLimit,
    maxDocumentLength: byteLimit,
    // 0 forbids YAML aliases altogether.
    maxAliasCount: { type: 'integer', minimum: 0 },
    maxDocumentTokens: { type: 'integer', minimum: 1 },
  },
} as const;

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:referral-lint:schema:config:1',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    extends: { anyOf: [{ type: 'string', minLength: 1 }, nonEmptyTextList] },
    plugins: { type: 'array', items: { type: 'string', minLength: 1 } },
    reportUnusedSuppressions: { type: 'boolean' },
    now: { type: 'string', format: 'date-time' },
    timeZone: { type: 'string', minLength: 1 },
    placeholders: { type: 'array', items: { type: 'string' } },
    strict: { type: 'boolean' },
    limits: limitsSchema,
    scoring: scoringSchema,
    thresholdModel: {
      type: 'object',
      additionalProperties: false,
      required: ['levels'],
      properties: {
        levels: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['level', 'pathway'],
            properties: {
              level: { type: 'integer' },
              name: { type: 'string' },
              // One pathway, or the pathways the level accepts with its principal one first (docs/rule-semantics.md 1.13).
              pathway: {
                anyOf: [
                  { enum: [...MODEL_PATHWAYS] },
                  { type: 'array', minItems: 1, items: { enum: [...MODEL_PATHWAYS] } },
                ],
              },
              consentRequired: { type: 'boolean' },
              childProtection: { type: 'boolean' },
            },
          },
        },
      },
    },
    agencies: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', minLength: 1 },
          sector: { enum: [...SECTORS] },
          aliases: { type: 'array', items: { type: 'string' } },
          patterns: { type: 'array', items: { type: 'string', format: 'regex' } },
        },
      },
    },
    rules: ruleSettings,
    declarativeRules: { type: 'array', items: declarativeRuleSchema },
    only: {
      type: 'object',
      additionalProperties: false,
      anyOf: ['agencies', 'sectors'].map((key) => ({ properties: { [key]: true }, required: [key] })),
      properties: {
        agencies: nonEmptyTextList,
        sectors: { type: 'array', minItems: 1, items: { enum: [...SECTORS] } },
      },
    },
    // Checked in full by src/mapping/mapping.ts, which names the mapping and key of each problem.
    mappings: { type: 'array', items: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] } },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rules'],
        // At least one selector: an override for every referral is what `rules` is for.
        anyOf: ['files', 'agencies', 'sectors'].map((key) => ({ properties: { [key]: true }, required: [key] })),
        properties: {
          files: nonEmptyTextList,
          agencies: nonEmptyTextList,
          sectors: { type: 'array', minItems: 1, items: { enum: [...SECTORS] } },
          rules: ruleSettings,
        },
      },
    },
  },
} as const;

export type RuleSetting = (typeof RULE_LEVELS)[number] | { severity?: (typeof RULE_LEVELS)[number]; options?: Record<string, unknown> };

/** One entry of `overrides`: rule settings for the referrals its selectors match (every selector given must match). */
export interface ConfigOverride {
  /** Globs, matched against the file's path relative to the config file's folder. */
  files?: string[];
  /** Agency names; every spelling the alias table maps to one of them matches. */
  agencies?: string[];
  sectors?: (typeof SECTORS)[number][];
  rules: Record<string, RuleSetting>;
}

export interface ConfigFile {
  /** A preset, or several applied in order: recommended, strict, or `<plugin>/<preset>`. */
  extends?: string | string[];
  /** Plugin modules: `./path`, `referral-lint-plugin-<name>` or `<name>`. */
  plugins?: string[];
  /** Report lintIgnore entries that suppressed nothing (the unused-suppression rule). */
  reportUnusedSuppressions?: boolean;
  now?: string;
  timeZone?: string;
  placeholders?: string[];
  strict?: boolean;
  /** Resource limits for reading exports; each left out keeps its default. */
  limits?: Partial<Limits>;
  /** The score model, its penalties and the band cut-offs; each left out keeps its default. */
  scoring?: {
    model?: ScoreModel;
    penalties?: Partial<ScoringSettings['penalties']>;
    bands?: Partial<ScoringSettings['bands']>;
  };
  thresholdModel?: {
    levels: {
      level: number;
      name?: string;
      /** One pathway, or every pathway the level accepts, its principal one first. */
      pathway: (typeof MODEL_PATHWAYS)[number] | (typeof MODEL_PATHWAYS)[number][];
      consentRequired?: boolean;
      childProtection?: boolean;
    }[];
  };
  agencies?: { name: string; sector?: (typeof SECTORS)[number]; aliases?: string[]; patterns?: string[] }[];
  rules?: Record<string, RuleSetting>;
  /** Rules written in the config file (src/config/declarative.ts). */
  declarativeRules?: DeclarativeRule[];
  overrides?: ConfigOverride[];
  /** How tables (CSV, XLSX) become referrals: ready-made mappings by name, or mappings written here (docs/mappings.md). */
  mappings?: (string | Record<string, unknown>)[];
  /**
   * Report and score only the referrals of these agencies (every spelling the alias table
   * maps to one of them) and sectors; every referral is still linted, so batch rules see them all.
   */
  only?: { agencies?: string[]; sectors?: (typeof SECTORS)[number][] };
}
