import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compileDeclarativeRule, declarativeRuleSchema, type DeclarativeRule } from '../src/config/declarative.js';
import { describeConfigErrors } from '../src/config/validate.js';
import { configSchema } from '../src/config/schema.js';
import { NO_OPTIONS_SCHEMA } from '../src/rule-api/rule.js';
import { ruleProblems } from '../src/rule-api/validate-rule.js';
import { ConfigError } from '../src/model/errors.js';
import { expandInputs, loadInputs } from '../src/load/index.js';
import type { JsonObject } from '../src/domain/referral.js';
import { createAjv } from '../src/schema/ajv.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../src/testing/rule-tester.js';
import { run, runJson } from './cli-run.js';
import { cleanReferral, edit, NOW } from './helpers.js';
import { ROOT, useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('declarative');

// The design's example, as a user writes it in the config file.
const EXAMPLE_YAML = `
id: north-tyneside/gp-named
description: A health referral names the child's GP practice
dimension: completeness
severity: warning
weight: 2
when:
  - sector: [health]
  - age: { min: 0, max: 4 }
  - field: threshold.level
    equals: 2
  - field: mode
    in: [telephone, in-person]
  - field: concerns.categories
    includes: cse
  - field: child.dateOfBirth
    exists: true
require:
  - field: child.gpPractice
  - field: referrer.safeguardingLeadConsulted
    equals: true
  - field: child.address.postcode
    pattern: '^[A-Z]{1,2}[0-9]'
  - field: mode
    in: [written, online]
  - field: carers.*.relationship
  - field: writtenConfirmationAt
    notBefore: receivedAt
  - field: concerns.firstIdentifiedAt
    notAfter: receivedAt
  - field: receivedAt
    withinHours: { of: concerns.firstIdentifiedAt, max: 24 }
message: Complete the health referral as the local MARF guidance asks.
docs:
  rationale: The front door asks the GP practice for the child's health history.
  fix: Name the child's GP practice.
  sources: ['Local MARF guidance, section 4']
`;
const EXAMPLE = parseYaml(EXAMPLE_YAML) as DeclarativeRule;

const validateRule = createAjv().compile(declarativeRuleSchema);

/** [instancePath, keyword] of each schema error, for exact comparison. */
function schemaErrors(definition: unknown): [string, string][] {
  return validateRule(definition) ? [] : (validateRule.errors ?? []).map((e) => [e.instancePath, e.keyword]);
}

const BASE = { description: 'A test rule.', dimension: 'completeness', severity: 'warning' } as const;

function rule(name: string, rest: Omit<DeclarativeRule, 'id' | 'description' | 'dimension' | 'severity'> & Partial<DeclarativeRule>) {
  return compileDeclarativeRule({ id: `test/${name}`, ...BASE, ...rest });
}

/** A warning at `pointer` with exactly this message. */
const at = (pointer: string, message: string): ExpectedFinding => ({ pointer, severity: 'warning', message });

const tester = new RuleTester();

describe('declarativeRuleSchema', () => {
  it('compiles under ajv strict mode and accepts the design example', () => {
    expect(schemaErrors(EXAMPLE)).toEqual([]);
  });

  it('accepts the smallest rule: id, description, dimension, severity and one requirement', () => {
    expect(schemaErrors({ id: 'local/x', ...BASE, require: [{ field: 'child.gpPractice' }] })).toEqual([]);
  });

  it('says additionalProperties: false on every object it describes', () => {
    const open: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object' && record.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(record)) visit(child, `${where}/${key}`);
    };
    visit(declarativeRuleSchema, '#');
    expect(open).toEqual([]);
  });

  const wrong = (change: Record<string, unknown>): unknown => ({ ...EXAMPLE, ...change });

  it('rejects a severity outside error, warning, info at /severity', () => {
    expect(schemaErrors(wrong({ severity: 'high' }))).toEqual([['/severity', 'enum']]);
  });

  it('rejects an id without a namespace, or not in lower-case-hyphen words, at /id', () => {
    expect(schemaErrors(wrong({ id: 'gp-named' }))).toEqual([['/id', 'pattern']]);
    expect(schemaErrors(wrong({ id: 'North_Tyneside/GP' }))).toEqual([['/id', 'pattern']]);
  });

  it('rejects a misspelt operator at the requirement, naming the key', () => {
    const require = [{ field: 'mode' }, { field: 'referrer.safeguardingLeadConsulted', equal: true }];
    validateRule(wrong({ require }));
    expect(validateRule.errors?.map((e) => [e.instancePath, e.keyword, e.params])).toEqual([['/require/1', 'additionalProperties', { additionalProperty: 'equal' }]]);
  });

  it('rejects two operators in one requirement at the requirement', () => {
    expect(schemaErrors(wrong({ require: [{ field: 'mode', equals: 'written', in: ['online'] }] }))).toEqual([['/require/0', 'maxProperties']]);
  });

  it('rejects withinHours without max at /require/i/withinHours', () => {
    expect(schemaErrors(wrong({ require: [{ field: 'receivedAt', withinHours: { of: 'concerns.firstIdentifiedAt' } }] }))).toEqual([
      ['/require/0/withinHours', 'required'],
    ]);
  });

  it('rejects a condition operator without a field, and a sector outside the list, where they are', () => {
    expect(schemaErrors(wrong({ when: [{ sector: ['helth'] }, { equals: 2 }] }))).toEqual([
      ['/when/0/sector/0', 'enum'],
      ['/when/1', 'dependentRequired'],
    ]);
  });

  it('rejects a field condition without an operator, and a missing or empty require', () => {
    expect(schemaErrors(wrong({ when: [{ field: 'mode' }] }))).toEqual([
      ['/when/0', 'required'],
      ['/when/0', 'required'],
      ['/when/0', 'required'],
      ['/when/0', 'required'],
      ['/when/0', 'anyOf'],
    ]);
    expect(schemaErrors({ id: 'local/x', ...BASE })).toEqual([['', 'required']]);
    expect(schemaErrors(wrong({ require: [] }))).toEqual([['/require', 'minItems']]);
  });

  it('rejects a pattern that is no regular expression at all, and a negative weight', () => {
    expect(schemaErrors(wrong({ weight: -1, require: [{ field: 'mode', pattern: '(' }] }))).toEqual([
      ['/weight', 'minimum'],
      ['/require/0/pattern', 'format'],
    ]);
  });

  it('gives the config loader plain lines once embedded under declarativeRules', () => {
    const validate = createAjv().compile({ type: 'object', properties: { declarativeRules: { type: 'array', items: declarativeRuleSchema } } });
    validate({ declarativeRules: [wrong({ severity: 'high', when: [{ field: 'mode' }, { equals: 2 }], require: [{ field: 'x', equal: true }] })] });
    expect(describeConfigErrors(validate.errors ?? [])).toEqual([
      'declarativeRules[0].when[0]: needs at least one of equals, in, includes, exists',
      'declarativeRules[0].severity: must be one of error, warning, info',
      'declarativeRules[0].when[1]: must have property field when property equals is present',
      'declarativeRules[0].require[0].equal: unknown key',
    ]);
  });
});

describe('compileDeclarativeRule', () => {
  it('makes a rule that ruleProblems accepts, with the definition in its meta', () => {
    const compiled = compileDeclarativeRule(EXAMPLE);
    expect(ruleProblems(compiled)).toEqual([]);
    expect(compiled.meta).toMatchObject({
      id: 'north-tyneside/gp-named',
      description: "A health referral names the child's GP practice",
      dimension: 'completeness',
      severity: 'warning',
      weight: 2,
      optionsSchema: NO_OPTIONS_SCHEMA,
      defaultOptions: {},
    });
  });

  it('writes docs.checks from the conditions and requirements, and keeps the docs given', () => {
    expect(compileDeclarativeRule(EXAMPLE).meta.docs).toEqual({
      checks: [
        "Applies when the referral is reported under sector health; and the child's age is 0 to 4 years (known from child.dateOfBirth); and threshold.level is 2; and mode is one of telephone, in-person; and concerns.categories includes cse; and child.dateOfBirth is present.",
        'child.gpPractice must be meaningful text; a missing field fails.',
        'referrer.safeguardingLeadConsulted must be true; a missing field fails.',
        'child.address.postcode must be text matching the pattern ^[A-Z]{1,2}[0-9]; a missing field fails.',
        'mode must be one of written, online; a missing field fails.',
        'carers.*.relationship (every element, and at least one) must be meaningful text; a missing field fails.',
        'writtenConfirmationAt must not be before receivedAt; a missing or unreadable writtenConfirmationAt fails, a missing or unreadable receivedAt is not judged.',
        'concerns.firstIdentifiedAt must not be after receivedAt; a missing or unreadable concerns.firstIdentifiedAt fails, a missing or unreadable receivedAt is not judged.',
        'receivedAt must be within 24 hours of concerns.firstIdentifiedAt; a missing or unreadable receivedAt fails, a missing or unreadable concerns.firstIdentifiedAt is not judged.',
      ],
      rationale: "The front door asks the GP practice for the child's health history.",
      fix: "Name the child's GP practice.",
      sources: ['Local MARF guidance, section 4'],
    });
  });

  it('says "declared in the configuration" when docs are left out, and has no weight of its own', () => {
    const compiled = rule('bare', { require: [{ field: 'child.gpPractice' }], when: [{ field: 'carers.*.phone', exists: false }, { age: { min: 13 } }] });
    expect(compiled.meta.weight).toBeUndefined();
    expect(compiled.meta.docs).toEqual({
      checks: [
        "Applies when carers.*.phone (any element) is absent or null; and the child's age is at least 13 years (known from child.dateOfBirth).",
        'child.gpPractice must be meaningful text; a missing field fails.',
      ],
      rationale: 'Declared in the configuration (declarativeRules); the configuration gives no rationale.',
      fix: 'Declared in the configuration (declarativeRules): correct the fields the checks name.',
      sources: [],
    });
    expect(rule('always', { require: [{ field: 'mode' }] }).meta.docs.checks[0]).toBe('Applies to every referral.');
    expect(ruleProblems(compiled)).toEqual([]);
  });

  const configError = (definition: Partial<DeclarativeRule>): unknown => {
    try {
      rule('broken', { require: [{ field: 'mode' }], ...definition });
    } catch (error) {
      return error instanceof ConfigError ? error.message : error;
    }
    return 'compiled';
  };

  it('throws ConfigError for a field path with an empty step, wherever the path is', () => {
    expect(configError({ require: [{ field: 'mode' }, { field: 'child..gpPractice' }] })).toBe(
      'declarative rule test/broken: require[1].field "child..gpPractice" has an empty step (two dots, or a dot at an end)',
    );
    expect(configError({ when: [{ field: 'mode.', equals: 'written' }] })).toBe(
      'declarative rule test/broken: when[0].field "mode." has an empty step (two dots, or a dot at an end)',
    );
    expect(configError({ require: [{ field: 'receivedAt', withinHours: { of: '.concerns.firstIdentifiedAt', max: 24 } }] })).toBe(
      'declarative rule test/broken: require[0].withinHours.of ".concerns.firstIdentifiedAt" has an empty step (two dots, or a dot at an end)',
    );
  });

  it('throws ConfigError for a pattern the schema accepts but the u flag does not', () => {
    const definition = { ...EXAMPLE, require: [{ field: 'child.address.postcode', pattern: '^NE\\-' }] };
    expect(schemaErrors(definition)).toEqual([]);
    expect(configError({ require: definition.require })).toBe(
      'declarative rule test/broken: require[0].pattern "^NE\\-" is not a regular expression (it is read with the u flag)',
    );
  });

  it("throws ConfigError when the other field's * is not the field's own list, and for an age range the wrong way round", () => {
    expect(configError({ require: [{ field: 'carers.*.dateOfBirth', notAfter: 'household.*.dateOfBirth' }] })).toBe(
      'declarative rule test/broken: require[0].notAfter "household.*.dateOfBirth": a * must stand for the same list as in the field "carers.*.dateOfBirth"',
    );
    expect(configError({ require: [{ field: 'receivedAt', notBefore: 'missingEpisodes.*.startedAt' }] })).toBe(
      'declarative rule test/broken: require[0].notBefore "missingEpisodes.*.startedAt": a * must stand for the same list as in the field "receivedAt"',
    );
    expect(configError({ when: [{ age: { min: 5, max: 4 } }] })).toBe('declarative rule test/broken: when[0].age: min 5 is greater than max 4');
    expect(configError({ require: [{ field: 'missingEpisodes.*.returnedAt', notBefore: 'missingEpisodes.*.startedAt' }] })).toBe('compiled');
  });
});

// ---------------------------------------------------------------------------------------
// Requirements, through RuleTester: each kind firing and not firing.

const GP = 'child.gpPractice must be meaningful text';
const withGp = (value: unknown): JsonObject => edit(cleanReferral(), { 'child.gpPractice': value });

tester.run(rule('meaningful', { require: [{ field: 'child.gpPractice' }] }), {
  valid: [{ name: 'passes a named practice', referral: withGp('Ocean Road Medical Practice'), applicable: true }],
  invalid: [
    { name: 'fires when the field is absent', referral: cleanReferral(), errors: [at('/child/gpPractice', GP)] },
    { name: 'fires at the field when its parent object is absent', referral: edit(cleanReferral(), { child: undefined }), errors: [at('/child/gpPractice', GP)] },
    ...['', '   ', 'n/a', 'Unknown.', 'TBC'].map((value) => ({ name: `fires on the placeholder ${JSON.stringify(value)}`, referral: withGp(value), errors: [at('/child/gpPractice', GP)] })),
    { name: 'fires on a value that is not text', referral: withGp(42), errors: [at('/child/gpPractice', GP)] },
    { name: "uses the run's placeholders setting", referral: withGp('No GP'), config: { placeholders: ['no gp'] }, errors: [at('/child/gpPractice', GP)] },
    { name: 'carries the configured severity', referral: cleanReferral(), severity: 'error', errors: [{ pointer: '/child/gpPractice', severity: 'error', message: GP }] },
    {
      name: 'leaves a field of the wrong type to schema-valid (one defect, one finding)',
      referral: withGp(42),
      config: { rules: { 'schema-valid': 'error' } },
      errors: [{ ruleId: 'schema-valid', pointer: '/child/gpPractice', severity: 'error' }],
    },
  ],
});

const CONSULTED = 'referrer.safeguardingLeadConsulted must be true';
tester.run(
  rule('equals', {
    require: [
      { field: 'referrer.safeguardingLeadConsulted', equals: true },
      { field: 'threshold.level', equals: 3 },
      { field: 'concerns.categories', equals: ['physical-abuse'] },
    ],
  }),
  {
    valid: [{ name: 'passes values deep-equal to the constants', referral: edit(cleanReferral(), { 'referrer.safeguardingLeadConsulted': true }), applicable: true }],
    invalid: [
      { name: 'fires on false', referral: edit(cleanReferral(), { 'referrer.safeguardingLeadConsulted': false }), errors: [at('/referrer/safeguardingLeadConsulted', CONSULTED)] },
      { name: 'fires when the field is absent', referral: cleanReferral(), errors: [at('/referrer/safeguardingLeadConsulted', CONSULTED)] },
      {
        name: 'compares JSON values exactly: "true", "3" and a longer list are not equal',
        referral: edit(cleanReferral(), { 'referrer.safeguardingLeadConsulted': 'true', 'threshold.level': '3', 'concerns.categories': ['physical-abuse', 'neglect'] }),
        errors: [
          at('/referrer/safeguardingLeadConsulted', CONSULTED),
          at('/threshold/level', 'threshold.level must be 3'),
          at('/concerns/categories', 'concerns.categories must be ["physical-abuse"]'),
        ],
      },
    ],
  },
);

const MODE = 'mode must be one of written, online';
tester.run(rule('in', { require: [{ field: 'mode', in: ['written', 'online'] }] }), {
  valid: [
    { name: 'passes written', referral: cleanReferral(), applicable: true },
    { name: 'passes online', referral: edit(cleanReferral(), { mode: 'online' }) },
  ],
  invalid: [
    { name: 'fires on a value outside the list', referral: edit(cleanReferral(), { mode: 'telephone' }), errors: [at('/mode', MODE)] },
    { name: 'fires on a different case', referral: edit(cleanReferral(), { mode: 'Written' }), errors: [at('/mode', MODE)] },
    { name: 'fires when the field is absent', referral: edit(cleanReferral(), { mode: undefined }), errors: [at('/mode', MODE)] },
  ],
});

const POSTCODE = 'child.address.postcode must be text matching the pattern ^[A-Z]{1,2}[0-9]';
const withPostcode = (value: unknown): JsonObject => edit(cleanReferral(), { 'child.address.postcode': value });
tester.run(rule('pattern', { require: [{ field: 'child.address.postcode', pattern: '^[A-Z]{1,2}[0-9]' }] }), {
  valid: [
    { name: 'passes a matching postcode', referral: withPostcode('NE33 2RL'), applicable: true },
    { name: 'passes another', referral: withPostcode('W1A 0AX') },
  ],
  invalid: [
    { name: 'fires on text that does not match', referral: withPostcode('ne33 2rl'), errors: [at('/child/address/postcode', POSTCODE)] },
    { name: 'fires when the field is absent', referral: withPostcode(undefined), errors: [at('/child/address/postcode', POSTCODE)] },
    { name: 'fires on a number, which is not text', referral: withPostcode(33), errors: [at('/child/address/postcode', POSTCODE)] },
  ],
});

tester.run(rule('pattern-unicode', { require: [{ field: 'child.familyName', pattern: '^\\p{Lu}' }] }), {
  valid: [{ name: 'reads the pattern with the u flag (\\p{Lu} is an upper-case letter)', referral: edit(cleanReferral(), { 'child.familyName': 'Ødegaard' }) }],
  invalid: [
    {
      name: 'fires on a lower-case first letter',
      referral: edit(cleanReferral(), { 'child.familyName': 'ødegaard' }),
      errors: [at('/child/familyName', 'child.familyName must be text matching the pattern ^\\p{Lu}')],
    },
  ],
});

const carers = (...list: JsonObject[]): JsonObject => edit(cleanReferral(), { carers: list });
const NO_CARERS = 'carers.*.relationship must be meaningful text';
tester.run(rule('every-carer', { require: [{ field: 'carers.*.relationship' }] }), {
  valid: [{ name: 'passes when every element satisfies it', referral: carers({ relationship: 'mother' }, { relationship: 'grandparent' }), applicable: true }],
  invalid: [
    {
      name: 'fires once per failing element, at its pointer',
      referral: carers({ relationship: 'mother' }, { name: 'No Relationship' }, { relationship: 'unknown' }),
      errors: [at('/carers/1/relationship', 'carers[1].relationship must be meaningful text'), at('/carers/2/relationship', 'carers[2].relationship must be meaningful text')],
    },
    { name: 'fires once at the list when the list is absent', referral: edit(cleanReferral(), { carers: undefined }), errors: [at('/carers', NO_CARERS)] },
    { name: 'fires once at the list when the list is empty', referral: carers(), errors: [at('/carers', NO_CARERS)] },
    { name: 'fires once at the list when it is not a list', referral: edit(cleanReferral(), { carers: { relationship: 'mother' } }), errors: [at('/carers', NO_CARERS)] },
  ],
});

const WRITTEN = 'writtenConfirmationAt must not be before receivedAt';
const WRITTEN_MISSING = 'writtenConfirmationAt must be a date or date-time not before receivedAt';
const confirmed = (value: unknown, more: Record<string, unknown> = {}): JsonObject => edit(cleanReferral(), { writtenConfirmationAt: value, ...more });
tester.run(rule('not-before', { require: [{ field: 'writtenConfirmationAt', notBefore: 'receivedAt' }] }), {
  valid: [
    { name: 'passes a later date-time', referral: confirmed('2026-10-05T12:00:00Z'), applicable: true },
    { name: 'passes the same instant', referral: confirmed('2026-10-05T10:30:00Z') },
    { name: 'passes the same instant written with an offset', referral: confirmed('2026-10-05T11:30:00+01:00') },
    { name: 'passes a date on the same calendar day (a date is the whole day)', referral: confirmed('2026-10-05') },
    { name: 'reads a date-time without an offset in the time zone (UTC here)', referral: confirmed('2026-10-05T11:29:00'), config: { timeZone: 'UTC' } },
    { name: 'is not judged when the other field is missing', referral: confirmed(undefined, { receivedAt: undefined }), applicable: true },
    { name: 'is not judged when the other field is not a date-time', referral: confirmed('2026-10-01T00:00:00Z', { receivedAt: 'last Monday' }) },
  ],
  invalid: [
    { name: 'fires on an earlier date-time', referral: confirmed('2026-10-05T10:29:00Z'), errors: [at('/writtenConfirmationAt', WRITTEN)] },
    { name: 'fires on an earlier calendar day', referral: confirmed('2026-10-04'), errors: [at('/writtenConfirmationAt', WRITTEN)] },
    {
      name: 'reads a date-time without an offset in the time zone (Europe/London, BST: 11:29 is 10:29Z)',
      referral: confirmed('2026-10-05T11:29:00'),
      errors: [at('/writtenConfirmationAt', WRITTEN)],
    },
    { name: 'fires when the field is missing', referral: confirmed(undefined), errors: [at('/writtenConfirmationAt', WRITTEN_MISSING)] },
    { name: 'fires when the field is not a date-time', referral: confirmed('the next day'), errors: [at('/writtenConfirmationAt', WRITTEN_MISSING)] },
  ],
});

const BORN = 'child.dateOfBirth must not be after receivedAt';
const born = (dateOfBirth: string, receivedAt = '2026-10-05T10:30:00Z'): JsonObject => edit(cleanReferral(), { 'child.dateOfBirth': dateOfBirth, receivedAt });
tester.run(rule('not-after', { require: [{ field: 'child.dateOfBirth', notAfter: 'receivedAt' }] }), {
  valid: [
    { name: 'passes an earlier date', referral: cleanReferral(), applicable: true },
    { name: 'passes the same calendar day', referral: born('2026-10-05') },
    { name: 'compares with the calendar day of receivedAt in the time zone (23:30Z is 00:30 on the 5th in London)', referral: born('2026-10-05', '2026-10-04T23:30:00Z') },
  ],
  invalid: [
    { name: 'fires on a later date', referral: born('2026-10-06'), errors: [at('/child/dateOfBirth', BORN)] },
    { name: 'fires when the day of receivedAt in UTC is earlier', referral: born('2026-10-05', '2026-10-04T23:30:00Z'), config: { timeZone: 'UTC' }, errors: [at('/child/dateOfBirth', BORN)] },
  ],
});

const WITHIN = 'receivedAt must be within 24 hours of concerns.firstIdentifiedAt';
const firstIdentified = (value: unknown): JsonObject => edit(cleanReferral(), { 'concerns.firstIdentifiedAt': value });
tester.run(rule('within-hours', { require: [{ field: 'receivedAt', withinHours: { of: 'concerns.firstIdentifiedAt', max: 24 } }] }), {
  valid: [
    { name: 'passes 90 minutes', referral: cleanReferral(), applicable: true },
    { name: 'passes exactly 24 hours', referral: firstIdentified('2026-10-04T10:30:00Z') },
    { name: 'passes 2 hours the other way round', referral: firstIdentified('2026-10-05T12:30:00Z') },
    { name: 'is not judged when the other field is missing', referral: firstIdentified(undefined), applicable: true },
  ],
  invalid: [
    { name: 'fires one minute over', referral: firstIdentified('2026-10-04T10:29:00Z'), errors: [at('/receivedAt', WITHIN)] },
    { name: 'fires 25 hours the other way round', referral: firstIdentified('2026-10-06T11:30:00Z'), errors: [at('/receivedAt', WITHIN)] },
    { name: 'reads a date as the start of that day in the time zone (2026-10-03T23:00Z: 35.5 hours)', referral: firstIdentified('2026-10-04'), errors: [at('/receivedAt', WITHIN)] },
    {
      name: 'fires when the field itself is missing',
      referral: edit(cleanReferral(), { receivedAt: undefined }),
      errors: [at('/receivedAt', 'receivedAt must be a date or date-time within 24 hours of concerns.firstIdentifiedAt')],
    },
  ],
});

const episode = (returnedAt: string | undefined, offeredAt?: string): JsonObject => ({
  startedAt: '2026-08-30T20:00:00Z',
  ...(returnedAt ? { returnedAt } : {}),
  ...(offeredAt ? { returnInterview: { offeredAt } } : {}),
});
tester.run(rule('each-with-itself', { require: [{ field: 'missingEpisodes.*.returnInterview.offeredAt', withinHours: { of: 'missingEpisodes.*.returnedAt', max: 72 } }] }), {
  valid: [
    { name: 'is not judged without episodes', referral: cleanReferral(), applicable: true },
    { name: 'passes an offer 72 hours after its own return', referral: edit(cleanReferral(), { missingEpisodes: [episode('2026-09-01T10:00:00Z', '2026-09-04T10:00:00Z')] }) },
  ],
  invalid: [
    {
      name: "compares each episode with its own return; an episode still missing is not judged",
      referral: edit(cleanReferral(), {
        missingEpisodes: [
          episode('2026-09-01T10:00:00Z', '2026-09-04T10:00:00Z'),
          episode('2026-09-10T10:00:00Z', '2026-09-13T10:01:00Z'),
          episode(undefined),
          episode('2026-09-20T10:00:00Z'),
        ],
      }),
      errors: [
        at('/missingEpisodes/1/returnInterview/offeredAt', 'missingEpisodes[1].returnInterview.offeredAt must be within 72 hours of missingEpisodes[1].returnedAt'),
        at('/missingEpisodes/3/returnInterview/offeredAt', 'missingEpisodes[3].returnInterview.offeredAt must be a date or date-time within 72 hours of missingEpisodes[3].returnedAt'),
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------
// Conditions, through RuleTester: the rule requires child.gpPractice, which the clean
// referral lacks, so a case where the rule applies fires and one where it does not is valid.

const GP_FINDING = [at('/child/gpPractice', GP)];
const notApplicable = (name: string, referral: JsonObject, more: Partial<ValidCase> = {}): ValidCase => ({ name: `does not apply: ${name}`, referral, applicable: false, ...more });
const applies = (name: string, referral: JsonObject, more: Partial<InvalidCase> = {}): InvalidCase => ({ name: `applies: ${name}`, referral, errors: GP_FINDING, applicable: true, ...more });
const whenRule = (name: string, when: DeclarativeRule['when']) => rule(`when-${name}`, { when, require: [{ field: 'child.gpPractice' }] });
const health = (fields: Record<string, unknown> = {}): JsonObject => edit(cleanReferral(), { 'referrer.sector': 'health', 'referrer.sourceCode': '3A', ...fields });

tester.run(whenRule('sector', [{ sector: ['health', 'school'] }]), {
  valid: [
    notApplicable('a police referral', cleanReferral()),
    notApplicable('referrer.sector health, but the alias table reports the agency under police', health(), { config: { agencies: [{ name: 'Example Police', sector: 'police' }] } }),
  ],
  invalid: [
    applies('referrer.sector health', health()),
    applies('referrer.sector school', edit(cleanReferral(), { 'referrer.sector': 'school' })),
    applies('referrer.sector police, but the alias table reports the agency under health', cleanReferral(), { config: { agencies: [{ name: 'Example Police', sector: 'health' }] } }),
  ],
});

// Received 2026-10-05: born 2021-10-05 is 5, born 2021-10-06 is 4.
const dob = (dateOfBirth: string | undefined, more: Record<string, unknown> = {}): JsonObject => edit(cleanReferral(), { 'child.dateOfBirth': dateOfBirth, ...more });
tester.run(whenRule('age', [{ age: { min: 0, max: 4 } }]), {
  valid: [
    notApplicable('age 12', cleanReferral()),
    notApplicable('age 5, one day over the range', dob('2021-10-05')),
    notApplicable('unknown age: no date of birth', dob(undefined)),
    notApplicable('unknown age: an unborn child', dob(undefined, { 'child.expectedDateOfBirth': '2027-01-10' })),
  ],
  invalid: [applies('age 4 (max is inclusive)', dob('2021-10-06')), applies('age 0 (min is inclusive)', dob('2026-10-05'))],
});

tester.run(whenRule('age-min', [{ age: { min: 13 } }]), {
  valid: [notApplicable('age 12', cleanReferral())],
  invalid: [applies('age 13', dob('2013-10-05'))],
});

tester.run(whenRule('equals', [{ field: 'threshold.level', equals: 2 }]), {
  valid: [
    notApplicable('level 3', cleanReferral()),
    notApplicable('the text "2"', edit(cleanReferral(), { 'threshold.level': '2' })),
    notApplicable('no threshold', edit(cleanReferral(), { threshold: undefined })),
  ],
  invalid: [applies('level 2', edit(cleanReferral(), { 'threshold.level': 2 }))],
});

tester.run(whenRule('in', [{ field: 'mode', in: ['telephone', 'in-person'] }]), {
  valid: [notApplicable('written', cleanReferral()), notApplicable('no mode', edit(cleanReferral(), { mode: undefined }))],
  invalid: [applies('telephone', edit(cleanReferral(), { mode: 'telephone' })), applies('in-person', edit(cleanReferral(), { mode: 'in-person' }))],
});

tester.run(whenRule('includes', [{ field: 'concerns.categories', includes: 'cse' }]), {
  valid: [
    notApplicable('categories without cse', cleanReferral()),
    notApplicable('the text "cse", not a list', edit(cleanReferral(), { 'concerns.categories': 'cse' })),
    notApplicable('no categories', edit(cleanReferral(), { 'concerns.categories': undefined })),
  ],
  invalid: [applies('a list with cse', edit(cleanReferral(), { 'concerns.categories': ['neglect', 'cse'] }))],
});

tester.run(whenRule('exists', [{ field: 'child.dateOfBirth', exists: true }]), {
  valid: [notApplicable('absent', dob(undefined)), notApplicable('null', edit(cleanReferral(), { 'child.dateOfBirth': null }))],
  invalid: [applies('present', cleanReferral())],
});

tester.run(whenRule('not-exists', [{ field: 'child.dateOfBirth', exists: false }]), {
  valid: [notApplicable('present', cleanReferral())],
  invalid: [applies('absent', dob(undefined)), applies('null', edit(cleanReferral(), { 'child.dateOfBirth': null }))],
});

tester.run(whenRule('any-element', [{ field: 'carers.*.relationship', equals: 'father' }]), {
  valid: [
    notApplicable('no element matches', carers({ relationship: 'mother' })),
    notApplicable('no carers', edit(cleanReferral(), { carers: undefined })),
    notApplicable('an empty list', carers()),
  ],
  invalid: [applies('one element matches', carers({ relationship: 'mother' }, { relationship: 'father' }))],
});

tester.run(whenRule('any-element-absent', [{ field: 'carers.*.phone', exists: false }]), {
  valid: [notApplicable('every element has it', carers({ phone: '01632 960002' }))],
  invalid: [
    applies('one element lacks it', carers({ phone: '01632 960002' }, { relationship: 'father' })),
    applies('no carers: the field is missing', edit(cleanReferral(), { carers: undefined })),
  ],
});

tester.run(whenRule('all', [{ sector: ['health'] }, { age: { max: 4 } }]), {
  valid: [notApplicable('health, age 12', health()), notApplicable('police, age 3', dob('2023-01-01'))],
  invalid: [applies('health, age 3', health({ 'child.dateOfBirth': '2023-01-01' }))],
});

// ---------------------------------------------------------------------------------------
// Messages.

const OVERRIDE = "Name the GP practice and each carer's relationship (local guidance 4.2).";
tester.run(rule('message', { require: [{ field: 'child.gpPractice' }, { field: 'carers.*.relationship' }], message: OVERRIDE }), {
  valid: [{ name: 'passes', referral: edit(withGp('Ocean Road Medical Practice'), { carers: [{ relationship: 'mother' }] }) }],
  invalid: [
    {
      name: 'uses the configured message on every finding, at the generated pointers',
      referral: carers({ name: 'A' }, { name: 'B' }),
      errors: [at('/child/gpPractice', OVERRIDE), at('/carers/0/relationship', OVERRIDE), at('/carers/1/relationship', OVERRIDE)],
    },
  ],
});

describe('generated messages', () => {
  it('name fields and constants, never a value from the referral', async () => {
    const everyKind = rule('personal-data', {
      require: [
        { field: 'child.gpPractice' },
        { field: 'referrer.safeguardingLeadConsulted', equals: true },
        { field: 'mode', in: ['written'] },
        { field: 'child.address.postcode', pattern: '^[A-Z]{1,2}[0-9]' },
        { field: 'carers.*.relationship' },
        { field: 'writtenConfirmationAt', notBefore: 'receivedAt' },
        { field: 'concerns.firstIdentifiedAt', notAfter: 'receivedAt' },
        { field: 'child.dateOfBirth', withinHours: { of: 'receivedAt', max: 1 } },
      ],
    });
    const planted = edit(cleanReferral(), {
      'child.gpPractice': 'Plantedvalue',
      'referrer.safeguardingLeadConsulted': 'Plantedvalue',
      mode: 'Plantedmode',
      'child.address.postcode': 'plantedpostcode',
      carers: [{ name: 'Planted Carer', relationship: 'Plantedvalue' }],
      writtenConfirmationAt: 'Plantedtime',
      'concerns.firstIdentifiedAt': '2026-10-06T00:00:00Z',
      'child.dateOfBirth': 'Planteddate',
    });
    const run = await tester.lintCase(everyKind, { referral: planted, config: { placeholders: ['plantedvalue'] } });
    expect(run.findings.map((f) => f.message)).toEqual([
      'child.gpPractice must be meaningful text',
      'referrer.safeguardingLeadConsulted must be true',
      'mode must be one of written',
      'child.address.postcode must be text matching the pattern ^[A-Z]{1,2}[0-9]',
      'carers[0].relationship must be meaningful text',
      'writtenConfirmationAt must be a date or date-time not before receivedAt',
      'concerns.firstIdentifiedAt must not be after receivedAt',
      'child.dateOfBirth must be a date or date-time within 1 hour of receivedAt',
    ]);
    for (const { message } of run.findings) expect(message).not.toMatch(/planted|2026/i);
  });
});

// ---------------------------------------------------------------------------------------
// The example configs in fixtures/configs/, on the 50 sample referrals.

/** The config schema with declarativeRules embedded, as the lead engineer embeds it. */
const validateConfigFile = createAjv().compile({
  ...configSchema,
  properties: { ...configSchema.properties, declarativeRules: { type: 'array', items: declarativeRuleSchema } },
});

async function sampleReferrals(): Promise<JsonObject[]> {
  const referrals: JsonObject[] = [];
  for await (const event of loadInputs(await expandInputs(['fixtures/'], ROOT), { cwd: ROOT })) if (event.kind === 'referral') referrals.push(event.data);
  return referrals;
}

describe.each([
  { file: 'gp-named.config.yaml', id: 'local/gp-named', applicable: 20, fired: ['REF-2026-10-0026', 'REF-2026-10-0046', 'REF-2026-10-0002', 'REF-2026-10-0016', 'REF-2026-10-0041'], pointer: '/child/gpPractice' },
  { file: 'dsl-consulted.config.yaml', id: 'local/dsl-consulted', applicable: 13, fired: ['REF-2026-10-0036'], pointer: '/referrer/safeguardingLeadConsulted' },
])('fixtures/configs/$file', ({ file, id, applicable, fired, pointer }) => {
  const config = parseYaml(readFileSync(new URL(`../fixtures/configs/${file}`, import.meta.url), 'utf8')) as { extends: string; declarativeRules: DeclarativeRule[] };

  it('is a valid configuration once declarativeRules is in the config schema, with one rule', () => {
    expect(validateConfigFile(config) ? [] : validateConfigFile.errors).toEqual([]);
    expect(config.extends).toBe('recommended');
    expect(config.declarativeRules.map((r) => r.id)).toEqual([id]);
  });

  it('compiles to a valid rule whose docs cite their sources', () => {
    const compiled = compileDeclarativeRule(config.declarativeRules[0]!);
    expect(ruleProblems(compiled)).toEqual([]);
    expect(compiled.meta.docs.sources.length).toBeGreaterThan(0);
  });

  it(`applies to ${applicable} of the 50 sample referrals and fires on ${fired.length}`, async () => {
    const referrals = await sampleReferrals();
    const run = await tester.lintCase(compileDeclarativeRule(config.declarativeRules[0]!), { referrals });
    expect(referrals).toHaveLength(50);
    expect(run.applicable.filter(Boolean)).toHaveLength(applicable);
    expect(run.findings.map((f) => referrals[f.referral]!.id)).toEqual(fired);
    expect(new Set(run.findings.map((f) => `${f.pointer} ${f.severity}`))).toEqual(new Set(fired.length ? [`${pointer} warning`] : []));
  });
});

describe('declarative rules through the command line (the shipped examples)', () => {
  const GP = ['-c', 'fixtures/configs/gp-named.config.yaml'];
  const DSL = ['-c', 'fixtures/configs/dsl-consulted.config.yaml'];

  it('run on the sample and appear in the JSON report with their tallies and findings', async () => {
    const { code, report } = await runJson(ROOT, ['fixtures/', ...DSL]);
    expect(code).toBe(1); // the sample's built-in errors
    expect(report.rules.find((r) => r.id === 'local/dsl-consulted')).toEqual({ id: 'local/dsl-consulted', dimension: 'compliance', severity: 'warning', weight: 1, penalty: 5, applicable: 13, failed: 1 });
    const findings = report.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === 'local/dsl-consulted').map((f) => [r.id, r.file, f.pointer, f.line, f.severity, f.message]));
    expect(findings).toEqual([
      ['REF-2026-10-0036', 'fixtures/2026-10-front-door.json', '/referrals/16/referrer/safeguardingLeadConsulted', 1226, 'warning', 'referrer.safeguardingLeadConsulted must be true'],
    ]);
  });

  it('appear in rules and explain', async () => {
    const rules = JSON.parse((await run(ROOT, ['rules', '--format', 'json', ...GP])).stdout) as { id: string; severity: string }[];
    expect(rules.find((r) => r.id === 'local/gp-named')).toMatchObject({ id: 'local/gp-named', severity: 'warning' });
    const explained = await run(ROOT, ['explain', 'local/gp-named', ...GP]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain("A referral from health names the child's GP practice.");
    expect(explained.stdout).toContain('child.gpPractice must be meaningful text');
  });

  it('appear in the SARIF, JUnit and Markdown reports', async () => {
    const sarif = JSON.parse((await run(ROOT, ['fixtures/', '-f', 'sarif', '--now', NOW, ...GP])).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('local/gp-named');
    expect(sarif.runs[0]!.results.filter((r) => r.ruleId === 'local/gp-named')).toHaveLength(5);
    expect((await run(ROOT, ['fixtures/', '-f', 'junit', '--now', NOW, ...GP])).stdout.match(/name="local\/gp-named"/g)).toHaveLength(20);
    expect((await run(ROOT, ['fixtures/', '-f', 'markdown', '--now', NOW, ...GP])).stdout).toContain('local/gp-named');
  });

  it('are shown by --print-config with their level', async () => {
    const printed = JSON.parse((await run(ROOT, ['--print-config', 'fixtures/2026-10-health.yaml', ...GP])).stdout) as { rules: Record<string, { severity: string }> };
    expect(printed.rules['local/gp-named']).toEqual({ severity: 'warning', options: {} });
  });

  it('a mistake in one is a configuration error naming its place (exit 2)', async () => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.yaml', 'declarativeRules:\n  - id: local/x\n    description: X.\n    dimension: completeness\n    severity: warning\n    require:\n      - field: child.gpPractice\n        equal: x\n');
    write(dir, 'a.json', '[]');
    const { code, stderr } = await run(dir, ['a.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('declarativeRules[0].require[0].equal: unknown key');
    write(dir, 'referral-lint.config.yaml', "declarativeRules:\n  - id: local/x\n    description: X.\n    dimension: completeness\n    severity: warning\n    require:\n      - field: child..gpPractice\n");
    const empty = await run(dir, ['a.json']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^referral-lint: declarativeRules\[0\] in referral-lint\.config\.yaml: declarative rule local\/x: require\[0\]\.field/);
  });
});
