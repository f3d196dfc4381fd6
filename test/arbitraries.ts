// Generators of hostile input for the property tests (test/property.test.ts): a referral
// with every section present, changed by mutations (a value of another type, a key deleted
// or added, deep nesting, awkward unicode, extreme dates and numbers), and batches of such
// referrals mixed with values that are not referrals at all. Every value is invented.
import fc from 'fast-check';
import { CONCERN_CATEGORIES, CONSENT_STATUSES, DEFAULT_PLACEHOLDERS, EPISODE_CLASSIFICATIONS, EPISODE_RISK_LEVELS, PARENTAL_AGREEMENTS, PATHWAYS, REASON_NOT_SOUGHT_CODES, REFERRAL_MODES, SCREENING_RISK_LEVELS, SECTORS, SEX_CODES, SOURCE_CODE_VALUES } from '../src/domain/codes.js';
import { isFormatKey } from '../src/parse/json-parse.js';
import { joinPointer } from '../src/model/pointer.js';
import type { JsonObject } from '../src/domain/referral.js';
import { cleanReferral, edit } from './helpers.js';

/** A clean referral with every optional section filled in, so that every built-in rule has something to read. */
export function fullReferral(): JsonObject {
  return edit(cleanReferral(), {
    mode: 'telephone',
    writtenConfirmationAt: '2026-10-06T09:00:00Z',
    'referrer.safeguardingLeadConsulted': true,
    'child.ethnicity': 'WBRI',
    'child.gpPractice': 'Example Surgery',
    'child.firstLanguage': 'English',
    'child.interpreterNeeded': false,
    'child.disabilities': ['NONE'],
    'child.currentLocation': 'At school',
    household: [{ name: 'Jo Testsibling', relationship: 'sibling', dateOfBirth: '2010-06-15', languages: ['English'] }],
    'concerns.categories': ['physical-abuse', 'cse', 'missing'],
    'concerns.previousConcerns': 'A missing episode in September, reported to police.',
    'concerns.otherAgenciesInvolved': ['Example Academy'],
    earlyHelp: { parentalViews: 'Mother wants support at home.', parentalAgreement: 'agreed', assessmentCompleted: true },
    missingEpisodes: [
      {
        startedAt: '2026-09-20T18:00:00Z',
        returnedAt: '2026-09-21T08:00:00Z',
        classification: 'missing',
        riskLevel: 'medium',
        reportedToPolice: true,
        returnInterview: { offeredAt: '2026-09-21T10:00:00Z', completedAt: '2026-09-22T10:00:00Z', declined: false },
      },
    ],
    exploitationScreening: { tool: 'SERAF', completedAt: '2026-10-05T11:00:00Z', score: 12, riskLevel: 'medium', msetReferral: true },
    lintIgnore: [{ rule: 'child-voice-recorded', reason: 'Views recorded separately by the school nurse on the same day.' }],
  });
}

/**
 * Starting points that reach different rules: the full referral (social care), an early
 * help referral, an unborn child, an urgent telephone referral about exploitation, and a
 * school whose CIN source code is the police's.
 */
function baseReferrals(): JsonObject[] {
  const full = fullReferral();
  return [
    full,
    edit(full, { threshold: { level: 2, pathway: 'early-help', rationale: 'Neglect concerns short of significant harm: level 2.' }, 'concerns.categories': ['neglect'] }),
    edit(full, { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-15', 'child.sex': 'U', 'child.nhsNumber': undefined, 'child.upn': undefined, childsViews: undefined }),
    edit(full, { 'concerns.immediateRisk': true, 'concerns.categories': ['sexual-abuse', 'cse'], 'exploitationScreening.riskLevel': 'high', 'threshold.level': 4, 'child.dateOfBirth': '2015-11-01', lintIgnore: undefined }),
    edit(full, { 'referrer.agency': 'Example Academy', 'referrer.sector': 'school', 'referrer.sourceCode': 6 }),
  ];
}

/** The path (keys, array indexes as strings) of every value in `value`, containers included, root excluded. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

const BASES = baseReferrals();

/** Every path of every base referral, once. */
const FIELD_PATHS = [...new Map(BASES.flatMap((r) => pathsOf(r)).map((p) => [JSON.stringify(p), p])).values()];

/**
 * Pieces that break naive text handling: bidirectional controls (RLM, RLO), combining marks,
 * emoji sequences, astral characters, lone surrogates, BOM, NUL, line breaks, markup and
 * formula openers, and words that are names of Object.prototype's properties.
 */
const AWKWARD_PIECES = [
  '\u200F',
  '\u202E',
  '\u202D',
  '\u2066',
  'e\u0301',
  'Z\u0337\u0322\u0349a\u0338l\u0336g\u0335o\u0337',
  '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}',
  '\u{1F3F3}\uFE0F\u200D\u{1F308}',
  '\u{1D518}\u{1D52B}',
  '\u{10FFFF}',
  '\uD800',
  '\uDFFF',
  '\uDC00\uD800',
  '\uFEFF',
  '\u0000',
  '\r\n',
  '\u2028',
  '\t',
  '"',
  '\\',
  '</script><script>',
  ']]>',
  '<!--',
  '&amp;',
  '=HYPERLINK(',
  '::error::',
  '%0A',
  '${x}',
  '`',
  '|',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Numbers in text, as an export might carry them. */
const NUMERIC_TEXT = ['NaN', 'Infinity', '-Infinity', '-0', '1e308', '1e309', '0x1F', '0b1', '00', '3.', '.5', '1_000', ' 3 '];

/** Date and date-time text at and past the edges: year 0, year 9999, impossible days, a leap second, extreme offsets, expanded years. */
export const EXTREME_DATES = [
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '9999-12-31',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999999999Z',
  '2026-02-30',
  '2026-02-29',
  '2024-02-29',
  '2026-13-01',
  '2026-00-10',
  '2026-10-32',
  '2016-12-31T23:59:60Z',
  '2026-10-05T24:00:00Z',
  '2026-10-05T10:30:00+14:00',
  '2026-10-05T10:30:00-12:00',
  '2026-10-05T10:30:00+24:00',
  '2026-10-05T10:30:00+14:60',
  '2026-10-05T10:30:00',
  '2026-10-05 10:30:00Z',
  '2026-10-05t10:30:00z',
  '-000001-01-01',
  '-000001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2026-W40-1',
  '2026-278',
  '05/10/2026',
  '2026-10-05T10:30:00Z\u200F',
  '\u202E2026-10-05',
  '２０２６-１０-０５',
];

/** Numbers at the edges of what a double holds, and non-finite ones (the API takes any value). */
const EXTREME_NUMBERS = [1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -0, 0, 2 ** 53 + 2, -(2 ** 53), 0.1 + 0.2, 4.5, -1, 1e-7, NaN, Infinity, -Infinity];

/** One unit of awkward text: a piece, a lone surrogate, any code point, or a grapheme. */
const awkwardUnit = fc.oneof(
  fc.constantFrom(...AWKWARD_PIECES),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** A long run of one piece: at most 20,000 pieces (300,000 characters), so a run stays fast and within the loaders' maxStringLength. */
const longText = fc.tuple(fc.constantFrom('a', ' ', '\u200F', 'e\u0301', '\u{1F600}', '\uD800', 'The child said '), fc.integer({ min: 1_000, max: 20_000 })).map(([piece, times]) => piece.repeat(times));

const awkwardText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: awkwardUnit, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(...AWKWARD_PIECES, ...NUMERIC_TEXT, '', ' ', '   ') },
  { weight: 2, arbitrary: fc.constantFrom(...EXTREME_DATES) },
  { weight: 1, arbitrary: longText },
);

/** A date or date-time anywhere in the range of Date, written as a referral might (or nearly). */
const anyInstantText = fc
  .tuple(fc.date({ noInvalidDate: true }), fc.constantFrom('iso', 'date', 'offset', 'no-zone'))
  .map(([date, style]) => {
    const iso = date.toISOString();
    if (style === 'date') return iso.slice(0, iso.indexOf('T'));
    if (style === 'offset') return iso.replace('Z', '+14:00');
    return style === 'no-zone' ? iso.slice(0, -1) : iso;
  });

const extremeDate: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...EXTREME_DATES), anyInstantText);

const extremeNumber: fc.Arbitrary<number> = fc.oneof(fc.constantFrom(...EXTREME_NUMBERS), fc.double(), fc.integer());

/** Object keys that are special somewhere: prototype names, JSON Pointer escapes, the dots of dotted paths, empty. */
const awkwardKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'length', '', '/', '~', '~0', '~1', 'a/b', 'a.b', '0', '-1', '$ref', 'lintIgnore', 'referrals', '\u202E'),
  fc.string({ unit: awkwardUnit, maxLength: 8 }),
);

/** Defines an own, enumerable key as JSON.parse does: `__proto__` becomes a key, not the prototype. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Nests `leaf` `depth` levels deep, in objects, arrays or both by turns. */
function nested(depth: number, shape: 'object' | 'array' | 'mixed', leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) {
    const asArray = shape === 'array' || (shape === 'mixed' && level % 2 === 1);
    value = asArray ? [value] : { [`level${level}`]: value };
  }
  return value;
}

/** Values some field takes: put in another field, or its own, they lead the rules down other branches. */
const CODE_VALUES: readonly (string | number)[] = [
  ...CONCERN_CATEGORIES,
  ...CONSENT_STATUSES,
  ...EPISODE_CLASSIFICATIONS,
  ...EPISODE_RISK_LEVELS,
  ...PARENTAL_AGREEMENTS,
  ...PATHWAYS,
  ...REASON_NOT_SOUGHT_CODES,
  ...REFERRAL_MODES,
  ...SCREENING_RISK_LEVELS,
  ...SECTORS,
  ...SEX_CODES,
  ...SOURCE_CODE_VALUES,
  ...DEFAULT_PLACEHOLDERS,
  0,
  1,
  2,
  3,
  4,
  5,
];

const primitive: fc.Arbitrary<unknown> = fc.oneof(awkwardText, extremeNumber, fc.boolean(), fc.constant(null), fc.constantFrom(...CODE_VALUES));

/** A small value of any JSON type (and `undefined`, which the API can be given). */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: primitive },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.array(primitive, { maxLength: 4 }) },
  // Lists with holes: JSON has none, but a program calling the API can pass one.
  { weight: 1, arbitrary: fc.sparseArray(primitive, { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(awkwardKey, primitive, { maxKeys: 4 }) },
);

/** Up to 200 levels of objects or arrays, with a value at the bottom. */
const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('object' as const, 'array' as const, 'mixed' as const), primitive)
  .map(([depth, shape, leaf]) => nested(depth, shape, leaf));

export type Mutation =
  | { kind: 'set'; path: readonly string[]; value: unknown }
  | { kind: 'delete'; path: readonly string[] }
  | { kind: 'add-key'; path: readonly string[]; key: string; value: unknown }
  | { kind: 'duplicate-item'; path: readonly string[] };

const fieldPath = fc.constantFrom(...FIELD_PATHS);
const parentPath = fc.constantFrom([], ...FIELD_PATHS.filter((p) => p.length < 3));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fieldPath, value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fieldPath, value: fc.oneof(extremeDate, awkwardText) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fieldPath, value: deepValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fieldPath }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add-key' as const), path: parentPath, key: awkwardKey, value: fc.oneof(anyValue, deepValue) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-item' as const), path: fc.constantFrom(['carers'], ['household'], ['missingEpisodes'], ['lintIgnore'], ['concerns', 'categories']) }) },
);

/** The container at `path`, when every step of it is still an object or a list (an earlier mutation may have replaced one). */
function containerAt(root: JsonObject, path: readonly string[]): object | undefined {
  let target: unknown = root;
  for (const key of path) {
    if (typeof target !== 'object' || target === null || !Object.hasOwn(target, key)) return undefined;
    target = (target as Record<string, unknown>)[key];
  }
  return typeof target === 'object' && target !== null ? target : undefined;
}

/** Applies one mutation in place; one whose path no longer exists changes nothing. */
export function applyMutation(referral: JsonObject, change: Mutation): void {
  if (change.kind === 'duplicate-item') {
    const list = containerAt(referral, change.path);
    if (Array.isArray(list) && list.length > 0) list.push(structuredClone(list[0]));
    return;
  }
  if (change.kind === 'add-key') {
    // A list's keys are its indexes (and length): an unknown key goes into objects only.
    const parent = containerAt(referral, change.path);
    if (parent && !Array.isArray(parent)) setOwn(parent, change.key, change.value);
    return;
  }
  const parent = containerAt(referral, change.path.slice(0, -1));
  const key = change.path[change.path.length - 1]!;
  if (!parent || !Object.hasOwn(parent, key)) return;
  if (change.kind === 'delete') delete (parent as Record<string, unknown>)[key];
  else setOwn(parent, key, change.value);
}

/** One of the base referrals changed by up to 8 mutations. */
const mutatedReferral: fc.Arbitrary<JsonObject> = fc.tuple(fc.nat({ max: BASES.length - 1 }), fc.array(mutation, { maxLength: 8 })).map(([base, changes]) => {
  const referral = structuredClone(BASES[base]!);
  for (const change of changes) applyMutation(referral, change);
  return referral;
});

/** What a list of referrals may hold instead of a referral. */
const notAReferral: fc.Arbitrary<unknown> = fc.oneof(primitive, fc.constant(undefined), fc.array(fc.constant(null).map(() => cleanReferral()), { maxLength: 2 }), deepValue);

/**
 * 1 to 20 inputs: mostly mutated referrals, some not objects at all, and some the very same
 * object as an earlier entry (a duplicated referral, by reference).
 */
export const referralBatch: fc.Arbitrary<unknown[]> = fc
  .tuple(fc.array(fc.oneof({ weight: 4, arbitrary: mutatedReferral }, { weight: 1, arbitrary: notAReferral }), { minLength: 1, maxLength: 16 }), fc.array(fc.nat(), { maxLength: 4 }))
  .map(([inputs, repeats]) => [...inputs, ...repeats.map((i) => inputs[i % inputs.length])]);

/** A value as it comes back from JSON text: NaN and the infinities become null, undefined members go. */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

/** One line of generated NDJSON, with what the loader must make of it. */
export type GeneratedLine =
  | { text: string; expected: 'blank' }
  | { text: string; expected: 'broken' }
  | { text: string; expected: { referral: JsonObject } }
  | { text: string; expected: { failed: string } };

/** Object text written by hand, members in order, so one key can be written twice. */
function objectText(members: readonly (readonly [string, unknown])[]): string {
  return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
}

/** What JSON.parse makes of objectText(members) when no key repeats: `__proto__` is an own key. */
function objectOf(members: readonly (readonly [string, unknown])[]): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of members) setOwn(object, key, value);
  return object;
}

/** The first key written a second time among `members`, if any. */
function firstRepeat(members: readonly (readonly [string, unknown])[]): string | undefined {
  const seen = new Set<string>();
  for (const [key] of members) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/**
 * A mutated referral with some keys (its own, or others) written after it, with other
 * values: a key written twice fails the referral (JSON.parse would keep the last value and
 * lose the first silently), named when the format names it; other keys are new members.
 */
const duplicatedKeysLine: fc.Arbitrary<GeneratedLine> = fc
  .tuple(mutatedReferral, fc.array(fc.tuple(fc.oneof(fc.constantFrom(...Object.keys(fullReferral())), awkwardKey), anyValue), { minLength: 1, maxLength: 4 }))
  .map(([referral, repeats]) => {
    const members = [...Object.entries(asJson(referral) as JsonObject), ...repeats.map(([key, value]) => [key, asJson(value)] as const)];
    const repeat = firstRepeat(members);
    if (repeat === undefined) return { text: objectText(members), expected: { referral: objectOf(members) } };
    const failed = isFormatKey(repeat) ? `a repeated key: ${joinPointer('', repeat)} is written more than once` : 'a repeated key in the referral';
    return { text: objectText(members), expected: { failed } };
  });

/** JSON that is not an object, and how the loader names its kind. */
const notAnObjectLine: fc.Arbitrary<GeneratedLine> = fc.oneof(
  awkwardText.map((text) => ({ text: JSON.stringify(text), expected: { failed: 'expected a referral object, found text' } })),
  extremeNumber.filter(Number.isFinite).map((n) => ({ text: JSON.stringify(n), expected: { failed: 'expected a referral object, found a number' } })),
  fc.boolean().map((b) => ({ text: JSON.stringify(b), expected: { failed: 'expected a referral object, found true or false' } })),
  fc.constant({ text: 'null', expected: { failed: 'expected a referral object, found null' } }),
  fc.array(anyValue, { maxLength: 3 }).map((list) => ({ text: JSON.stringify(asJson(list)), expected: { failed: 'expected a referral object, found a list' } })),
);

/** Text that is not JSON: a referral cut short, or one with JSON's usual impostors. */
const brokenLine: fc.Arbitrary<GeneratedLine> = fc.oneof(
  fc.tuple(mutatedReferral, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })).map(([referral, cut]) => {
    const text = JSON.stringify(referral);
    return { text: text.slice(0, 1 + Math.floor(cut * (text.length - 1))), expected: 'broken' as const };
  }),
  fc.constantFrom("{'id':'A'}", '{"id":NaN}', '{"id":"A",}', '{"id":"A"} x', '{"id":01}', '// {"id":"A"}', '{"id":"A"}}', '{"id":"\\uD8"}', '{"id":"A\u0001"}', '{id:"A"}', 'undefined').map((text) => ({ text, expected: 'broken' as const })),
);

/** Lines that hold nothing but white space (a BOM, NBSP and U+2028 count as white space to String#trim). */
const blankLine: fc.Arbitrary<GeneratedLine> = fc.constantFrom('', ' ', '\t', '\r', '  \t ', '\u00A0', '\uFEFF', '\u2028').map((text) => ({ text, expected: 'blank' as const }));

export const generatedLine: fc.Arbitrary<GeneratedLine> = fc.oneof(
  { weight: 4, arbitrary: duplicatedKeysLine },
  { weight: 2, arbitrary: notAnObjectLine },
  { weight: 2, arbitrary: brokenLine },
  { weight: 1, arbitrary: blankLine },
);
