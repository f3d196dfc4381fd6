// Property-based tests of hostile input (fast-check): generated referrals with values of the
// wrong type, keys deleted, added or written twice, deep nesting, awkward unicode and
// extreme dates never make a rule, the scorer, a reporter or a loader throw, and every
// input is accounted for. The seed is fixed, so a failure in CI is reproduced by running
// this file again; PROPERTY_SEED=<n> tries another seed, PROPERTY_RUNS=<n> runs each
// property n times as often (a longer search, by hand).
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import type { ConfigFile } from '../src/config/schema.js';
import { runLint } from '../src/run/lint.js';
import { loadJsonText } from '../src/parse/json.js';
import { DEFAULT_LIMITS } from '../src/parse/limits.js';
import { loadNdjsonStream } from '../src/parse/ndjson.js';
import type { LoadEvent } from '../src/parse/types.js';
import { isObject, type JsonObject } from '../src/domain/referral.js';
import { reporters, stepSummary } from '../src/report/index.js';
import { EXTREME_DATES, fullReferral, generatedLine, referralBatch, setOwn, type GeneratedLine } from './arbitraries.js';
import { NOW, withField } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';
import type { LintResult } from '../src/model/types.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);
const RUNS_FACTOR = Number(process.env.PROPERTY_RUNS ?? 1);

/** Few runs each: the whole file stays within a few seconds on two cores. */
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns: numRuns * RUNS_FACTOR });

/** Long enough for the runs and, on a failure, for fast-check to shrink the counterexample. */
const TIMEOUT = 60_000;

const EVERY_RULE_ON: ConfigFile = { rules: Object.fromEntries(builtInRules.map((rule) => [rule.meta.id, rule.meta.severity])) };

const CONFIGS: Record<string, ConfigFile> = {
  recommended: {},
  strict: { extends: 'strict' },
  'every rule on': EVERY_RULE_ON,
  // The zone furthest ahead of UTC, where a date's calendar day differs most from its UTC one.
  'every rule on, UTC+14': { ...EVERY_RULE_ON, timeZone: 'Pacific/Kiritimati' },
};

/** Every date and date-time field of the referral format. */
const DATE_FIELDS = [
  'receivedAt',
  'writtenConfirmationAt',
  'child.dateOfBirth',
  'child.expectedDateOfBirth',
  'carers.0.dateOfBirth',
  'household.0.dateOfBirth',
  'concerns.firstIdentifiedAt',
  'consent.recordedAt',
  'missingEpisodes.0.startedAt',
  'missingEpisodes.0.returnedAt',
  'missingEpisodes.0.returnInterview.offeredAt',
  'missingEpisodes.0.returnInterview.completedAt',
  'exploitationScreening.completedAt',
];

const runOptions = fc.record({ config: fc.constantFrom(...Object.keys(CONFIGS)), strict: fc.boolean(), includePersonalData: fc.boolean() });

async function lintInMemory(referrals: unknown[], options: { config: string; strict: boolean; includePersonalData: boolean }) {
  return runLint({ referrals, label: 'generated.json', now: NOW, config: CONFIGS[options.config], strict: options.strict, includePersonalData: options.includePersonalData });
}

/**
 * Every input is a referral (an object) or a failed referral (anything else), at its own
 * pointer and in input order; agencies and sectors between them count every referral once.
 */
function expectAccountedFor(result: LintResult, inputs: readonly unknown[]): void {
  const referrals = inputs.flatMap((value, i) => (isObject(value) ? [`/${i}`] : []));
  const failed = inputs.flatMap((value, i) => (isObject(value) ? [] : [{ pointer: `/${i}`, reason: 'expected a referral object' }]));
  expect(result.summary.referrals + result.summary.referralsFailed).toBe(inputs.length);
  expect(result.referrals.map((r) => r.pointer)).toEqual(referrals);
  expect(result.files).toEqual([{ path: 'generated.json', referrals: referrals.length, failedReferrals: failed }]);
  const sum = (groups: readonly { referrals: number }[]) => groups.reduce((n, g) => n + g.referrals, 0);
  expect(sum(result.agencies)).toBe(referrals.length);
  expect(sum(result.sectors)).toBe(referrals.length);
}

describe('property: generated hostile referrals through lint()', () => {
  it('never throws, no rule crashes, every input is accounted for, and the inputs are left as they were', async () => {
    await fc.assert(
      fc.asyncProperty(referralBatch, runOptions, async (inputs, options) => {
        const before = structuredClone(inputs);
        const { result } = await lintInMemory(inputs, options);
        expect(result.internalErrors).toEqual([]);
        expect(result.summary.internalErrors).toBe(0);
        expectAccountedFor(result, inputs);
        expect(inputs).toEqual(before);
      }),
      runs(100),
    );
  }, TIMEOUT);

  it('every extreme date in every date field, in the zones furthest behind and ahead of UTC, crashes no rule', async () => {
    const referrals = DATE_FIELDS.flatMap((field) => EXTREME_DATES.map((date) => withField(fullReferral(), field, date)));
    for (const timeZone of ['Pacific/Pago_Pago', 'Pacific/Kiritimati']) {
      const { result } = await runLint({ referrals, label: 'generated.json', now: NOW, config: { ...EVERY_RULE_ON, timeZone }, strict: true, includePersonalData: true });
      expect(result.internalErrors).toEqual([]);
      expectAccountedFor(result, referrals);
    }
  }, TIMEOUT);
});

/** Characters XML 1.0 cannot carry, even escaped: most C0 controls, U+FFFE, U+FFFF and lone surrogates. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('property: every reporter over a generated result', () => {
  it('turns it into text without throwing; the JSON, SARIF, JUnit and CSV reports read back', async () => {
    await fc.assert(
      fc.asyncProperty(referralBatch, runOptions, async (inputs, options) => {
        const { result, config } = await lintInMemory(inputs, options);
        const rules = new Map(config.registry.map((rule) => [rule.meta.id, rule.meta]));
        const outputs = Object.fromEntries(Object.entries(reporters).map(([format, reporter]) => [format, reporter(result, { quiet: false, color: false, rules })]));
        for (const [format, output] of Object.entries(outputs)) expect(typeof output, format).toBe('string');
        expect(JSON.parse(outputs.json!)).toEqual(JSON.parse(JSON.stringify(result)));
        expect(JSON.parse(outputs.sarif!)).toMatchObject({ version: '2.1.0' });
        expect(XMLValidator.validate(outputs.junit!)).toBe(true);
        expect(outputs.junit).not.toMatch(NOT_XML);
        // csv-parse throws on a row whose number of fields differs from the header's.
        expect(parseCsv(outputs.csv!, { bom: true }).length).toBeGreaterThan(0);
        expect(parseCsv(outputs['csv-agencies']!, { bom: true }).length).toBe(result.agencies.length + 1);
        expect(typeof stepSummary(result, { rules })).toBe('string');
      }),
      runs(50),
    );
  }, TIMEOUT);
});

async function collect(events: AsyncIterable<LoadEvent>): Promise<LoadEvent[]> {
  const out: LoadEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Events without their `locate` functions, for exact comparison. */
function plain(events: readonly LoadEvent[]): Record<string, unknown>[] {
  return events.map((event) => {
    const { locate: _locate, ...rest } = event as LoadEvent & { locate?: unknown };
    return rest;
  });
}

/** The NDJSON text as one string, or its bytes cut into chunks at the given places (a character may be split between two). */
function chunksOf(text: string, cuts: readonly number[]): (string | Buffer)[] {
  if (cuts.length === 0) return [text];
  const bytes = Buffer.from(text, 'utf8');
  const places = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return [...places, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : places[i - 1], end)).filter((chunk) => chunk.length > 0);
}

/** Levels of objects and lists in a value, the value itself included: a referral with no object or list inside is 1. */
function nestingDepth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(nestingDepth));
}

/** The loaders' reason for a referral nested deeper than maxDepth (generated text stays within maxStringLength). */
const TOO_DEEP = new RegExp(`^the value at /.* is nested more than ${DEFAULT_LIMITS.maxDepth} levels deep \\(the limit is maxDepth\\)$`, 's');

/** Whether a generated line loads as a referral: it is an object within the loaders' limits. */
function loadsAsReferral(expected: GeneratedLine['expected']): expected is { referral: JsonObject } {
  return typeof expected === 'object' && 'referral' in expected && nestingDepth(expected.referral) <= DEFAULT_LIMITS.maxDepth;
}

/**
 * What a loader must yield for a generated line or list element: a referral with the data
 * JSON.parse gives, or a failed referral saying why (a key written twice is one reason).
 */
function expectLoaded(event: Record<string, unknown> | undefined, expected: Exclude<GeneratedLine['expected'], 'blank'>, at: Record<string, unknown>): void {
  if (expected === 'broken') {
    expect(event).toMatchObject({ kind: 'failed-referral', ...at });
    expect(event!.reason).toMatch(/^not valid JSON/);
  } else if ('failed' in expected) {
    expect(event).toEqual({ kind: 'failed-referral', ...at, reason: expected.failed });
  } else if (loadsAsReferral(expected)) {
    expect(event).toEqual({ kind: 'referral', ...at, data: expected.referral });
  } else {
    expect(event).toMatchObject({ kind: 'failed-referral', ...at });
    expect(event!.reason).toMatch(TOO_DEEP);
  }
}

const ndjsonText = fc.record({
  lines: fc.array(generatedLine, { minLength: 1, maxLength: 12 }),
  newline: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
});

describe('property: NDJSON and JSON text with duplicated keys through the loaders', () => {
  const tempDir = useTempDirs('property');

  it('the NDJSON loader yields one referral or failed referral per non-blank line, a repeated key failing its referral', async () => {
    await fc.assert(
      fc.asyncProperty(ndjsonText, async ({ lines, newline, bom, finalNewline, cuts }) => {
        const text = `${bom ? '\uFEFF' : ''}${lines.map((l) => l.text).join(newline)}${finalNewline ? newline : ''}`;
        const events = plain(await collect(loadNdjsonStream('generated.ndjson', Readable.from(chunksOf(text, cuts)))));
        const numbered = lines.map((line, i) => ({ line, lineNumber: i + 1 })).filter(({ line }) => line.expected !== 'blank');
        if (numbered.length === 0) {
          expect(events).toEqual([{ kind: 'failed-file', file: 'generated.ndjson', reason: 'the file is empty: no referral document' }]);
          return;
        }
        expect(events).toHaveLength(numbered.length);
        numbered.forEach(({ line, lineNumber }, i) => expectLoaded(events[i], line.expected as Exclude<GeneratedLine['expected'], 'blank'>, { file: 'generated.ndjson', pointer: '', line: lineNumber }));
      }),
      runs(100),
    );
  }, TIMEOUT);

  it('the JSON loader yields one referral or failed referral per list element, a repeated key failing its referral', () => {
    const parsable = generatedLine.filter((line) => line.expected !== 'blank' && line.expected !== 'broken');
    fc.assert(
      fc.property(fc.array(parsable, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (elements, newline, bom) => {
        const text = `${bom ? '\uFEFF' : ''}[${newline}${elements.map((e) => e.text).join(`,${newline}`)}${newline}]`;
        const events = plain([...loadJsonText('generated.json', text)]);
        expect(events).toHaveLength(elements.length);
        elements.forEach((element, i) => {
          const expected = element.expected as Exclude<GeneratedLine['expected'], 'blank'>;
          // A failed element is placed by its line (the list opens on line 1); a referral finds its positions when asked.
          const at = { file: 'generated.json', pointer: `/${i}`, ...(loadsAsReferral(expected) ? {} : { line: i + 2 }) };
          expectLoaded(events[i], expected, at);
        });
      }),
      runs(100),
    );
  }, TIMEOUT);

  it('lint() of a generated NDJSON file counts each non-blank line once, as a referral or a failed referral', async () => {
    const dir = tempDir();
    let files = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(generatedLine, { minLength: 1, maxLength: 12 }), runOptions, async (lines, options) => {
        const file = `generated-${(files += 1)}.ndjson`;
        write(dir, file, lines.map((l) => l.text).join('\n'));
        const nonBlank = lines.filter((l) => l.expected !== 'blank').length;
        const { result } = await runLint({ paths: [path.join(dir, file)], cwd: dir, now: NOW, config: CONFIGS[options.config], strict: options.strict, includePersonalData: options.includePersonalData });
        expect(result.internalErrors).toEqual([]);
        if (nonBlank === 0) expect(result.summary).toMatchObject({ filesFailed: 1, referrals: 0, referralsFailed: 0 });
        else expect(result.summary.referrals + result.summary.referralsFailed).toBe(nonBlank);
      }),
      runs(40),
    );
  }, TIMEOUT);

  it('fails a referral that writes a key twice, {"id":"A","id":"B"}, rather than keep the last value', async () => {
    const reason = 'a repeated key: /id is written more than once';
    const events = plain(await collect(loadNdjsonStream('generated.ndjson', Readable.from(['{"id":"A","id":"B"}\n']))));
    expect(events).toEqual([{ kind: 'failed-referral', file: 'generated.ndjson', pointer: '', line: 1, reason }]);
    expect(plain([...loadJsonText('generated.json', '[{"id":"A","id":"B"}]')])).toEqual([{ kind: 'failed-referral', file: 'generated.json', pointer: '/0', line: 1, reason }]);
  });
});

/** Keys that pollute a prototype when an object is merged or assigned into another carelessly. */
const POLLUTERS: [string, unknown][] = [
  ['__proto__', { polluted: true, toString: 'polluted' }],
  ['constructor', { prototype: { polluted: true } }],
  ['prototype', { polluted: true }],
];

/** Where the polluting keys go: the referral itself and the objects and list items inside it. */
const PLACES = [[], ['referrer'], ['child'], ['child', 'address'], ['carers', '0'], ['concerns'], ['consent'], ['consent', 'givenBy'], ['threshold'], ['missingEpisodes', '0'], ['missingEpisodes', '0', 'returnInterview'], ['exploitationScreening'], ['lintIgnore', '0'], ['earlyHelp']];

/** Fields that name things (an agency, a sector, a rule, a code), set to the name of a prototype property. */
const NAME_FIELDS = [['id'], ['referrer', 'agency'], ['referrer', 'sector'], ['referrer', 'sourceCode'], ['lintIgnore', '0', 'rule'], ['consent', 'status'], ['threshold', 'pathway'], ['child', 'sex'], ['earlyHelp', 'parentalAgreement'], ['missingEpisodes', '0', 'classification'], ['exploitationScreening', 'riskLevel']];

function objectAt(root: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return keys.reduce((target, key) => target[key] as Record<string, unknown>, root);
}

/** A full referral with polluting keys and prototype names in it, as JSON text. */
const pollutingText = fc
  .tuple(
    fc.uniqueArray(fc.tuple(fc.constantFrom(...PLACES), fc.constantFrom(...POLLUTERS)), { minLength: 1, maxLength: 6, selector: ([place, [key]]) => `${place.join('/')}#${key}` }),
    fc.array(fc.tuple(fc.constantFrom(...NAME_FIELDS), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty')), { maxLength: 4 }),
  )
  .map(([pollutions, names]) => {
    const referral = fullReferral();
    for (const [keys, value] of names) {
      const parent = objectAt(referral, keys.slice(0, -1));
      parent[keys[keys.length - 1]!] = value;
    }
    for (const [place, [key, payload]] of pollutions) setOwn(objectAt(referral, place), key, structuredClone(payload));
    return JSON.stringify(referral);
  });

/** What a prototype holds: its own keys and each one's value or accessors. */
function snapshot(prototype: object): [string, unknown, unknown, unknown][] {
  return Reflect.ownKeys(prototype).map((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
    return [String(key), descriptor.value, descriptor.get, descriptor.set];
  });
}

describe('property: __proto__, constructor and prototype keys', () => {
  it('leave Object.prototype and Array.prototype unchanged through lint(), every reporter and the loaders', async () => {
    const objectBefore = snapshot(Object.prototype);
    const arrayBefore = snapshot(Array.prototype);
    await fc.assert(
      fc.asyncProperty(fc.array(pollutingText, { minLength: 1, maxLength: 4 }), runOptions, async (texts, options) => {
        const referrals = texts.map((text) => JSON.parse(text) as unknown);
        const { result, config } = await lintInMemory(referrals, options);
        expect(result.internalErrors).toEqual([]);
        expectAccountedFor(result, referrals);
        const rules = new Map(config.registry.map((rule) => [rule.meta.id, rule.meta]));
        for (const reporter of Object.values(reporters)) reporter(result, { quiet: false, color: false, rules });
        expect(await collect(loadNdjsonStream('generated.ndjson', Readable.from([texts.join('\n')])))).toHaveLength(texts.length);
        expect([...loadJsonText('generated.json', `[${texts.join(',')}]`)]).toHaveLength(texts.length);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
        expect(snapshot(Object.prototype)).toEqual(objectBefore);
        expect(snapshot(Array.prototype)).toEqual(arrayBefore);
      }),
      runs(40),
    );
  }, TIMEOUT);

  it('keeps __proto__ read from JSON as an own key of the referral, never as its prototype', async () => {
    const text = '{"__proto__": {"polluted": true}, "child": {"constructor": {"prototype": {"polluted": true}}}}';
    const events = await collect(loadNdjsonStream('generated.ndjson', Readable.from([text])));
    expect(plain(events)).toEqual([{ kind: 'referral', file: 'generated.ndjson', pointer: '', line: 1, data: JSON.parse(text) }]);
    const data = (events[0] as Extract<LoadEvent, { kind: 'referral' }>).data;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__', 'child']);
    expect(data.polluted).toBeUndefined();
    const { result } = await lintInMemory([data], { config: 'every rule on', strict: true, includePersonalData: true });
    expect(result.internalErrors).toEqual([]);
    expect(result.summary).toMatchObject({ referrals: 1, referralsFailed: 0 });
    // --strict: both keys are unknown to the referral format (the format ends at child.constructor), and said so by name, as data.
    const unknownKeys = result.referrals[0]!.findings.filter((f) => f.message.endsWith('(--strict)')).map(({ ruleId, pointer, message }) => ({ ruleId, pointer, message }));
    expect(unknownKeys).toEqual([
      { ruleId: 'schema-valid', pointer: '/0/__proto__', message: '__proto__ is not a field of the referral format (--strict)' },
      { ruleId: 'schema-valid', pointer: '/0/child/constructor', message: 'child.constructor is not a field of the referral format (--strict)' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
