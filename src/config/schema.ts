// The JSON Schema of referral-lint.config.{yaml,yml,json}.
import { MODEL_PATHWAYS, RULE_LEVELS, SECTORS } from '../codes.js';

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:referral-lint:schema:config:1',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    extends: { type: 'string' },
    now: { type: 'string', format: 'date-time' },
    timeZone: { type: 'string', minLength: 1 },
    placeholders: { type: 'array', items: { type: 'string' } },
    strict: { type: 'boolean' },
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
              pathway: { enum: [...MODEL_PATHWAYS] },
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
    rules: {
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
    },
  },
} as const;

export type RuleSetting = (typeof RULE_LEVELS)[number] | { severity?: (typeof RULE_LEVELS)[number]; options?: Record<string, unknown> };

export interface ConfigFile {
  extends?: string;
  now?: string;
  timeZone?: string;
  placeholders?: string[];
  strict?: boolean;
  thresholdModel?: {
    levels: { level: number; name?: string; pathway: (typeof MODEL_PATHWAYS)[number]; consentRequired?: boolean; childProtection?: boolean }[];
  };
  agencies?: { name: string; sector?: (typeof SECTORS)[number]; aliases?: string[]; patterns?: string[] }[];
  rules?: Record<string, RuleSetting>;
}
