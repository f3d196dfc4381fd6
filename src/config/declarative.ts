// Declarative rules: rules written in the configuration file (`declarativeRules`), without
// code, compiled to the same Rule interface as the built-in rules.
//
// Semantics (the README's "Declarative rules" section says the same for users):
// - A field path is dotted steps into the referral as read (`child.address.postcode`). A
//   step of digits indexes a list (`carers.0.name`); `*` steps over every element of a list.
//   Only a key the object itself holds is read: `constructor`, `__proto__` are ordinary keys.
// - `when`: every condition must hold; no `when` means the rule applies to every referral.
//   A field condition on a `*` path holds when ANY element satisfies it. A missing, empty or
//   non-list value at a `*` step counts as the field being missing (so `exists: false` holds
//   and every other operator does not). An unknown age makes an `age` condition false.
// - `require`: each requirement that fails is one finding at that field's pointer. On a `*`
//   path EVERY element must satisfy it, one finding per failing element
//   (`/carers/1/relationship`); a missing, empty or non-list value at a `*` step is the
//   field missing: one finding at the list's pointer (`/carers`).
// - A missing field fails "meaningful", `equals`, `in` and `pattern`. `pattern` needs a string
//   (no number is turned into text) and is compiled once with the `u` flag.
// - Date order and `withinHours` read the OTHER field first: missing or not a date/date-time
//   means the requirement cannot be judged (no finding). Then a missing or unreadable SUBJECT
//   is a finding. A `*` in the other field stands for the same element as the field's (it
//   must sit under the same list: `missingEpisodes.*.returnInterview.offeredAt` within 72
//   hours of `missingEpisodes.*.returnedAt` compares each episode with itself).
// - Dates: a date-time is read with parseDateTime in the configured time zone; a date
//   without a time (YYYY-MM-DD) is the start of that day there. Date order with a date on
//   either side compares calendar days (a date is the whole day); `withinHours` compares
//   instants, `|field - other| <= max` hours, in either direction.
// - Generated messages name fields (as the configuration writes them, or the element's
//   field: `carers[1].relationship`) and the configured constants, never a referral value.
import { DIMENSIONS, SECTORS, SEVERITIES, type Dimension, type Sector, type Severity } from '../domain/codes.js';
import { ConfigError } from '../model/errors.js';
import { defineRule, type Rule, type RuleContext, type RuleDocs } from '../rule-api/rule.js';
import { dayNumber, parseDate, parseDateTime } from '../domain/time.js';
import { fieldName, joinPointer } from '../model/pointer.js';
import type { Referral } from '../domain/referral.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The referral is reported under one of these sectors (after the agency alias table). */
export interface SectorCondition {
  sector: Sector[];
}

/** The child's age in whole years at `receivedAt` lies in the range (inclusive); unknown age: false. */
export interface AgeCondition {
  age: { min?: number; max?: number };
}

export type FieldCondition = { field: string } & ({ equals: JsonValue } | { in: JsonValue[] } | { includes: JsonValue } | { exists: boolean });

export type DeclarativeCondition = SectorCondition | AgeCondition | FieldCondition;

/** No operator: the field must be meaningful text. */
export type DeclarativeRequirement = { field: string } & (
  | Record<never, never>
  | { equals: JsonValue }
  | { in: JsonValue[] }
  | { pattern: string }
  | { notBefore: string }
  | { notAfter: string }
  | { withinHours: { of: string; max: number } }
);

export interface DeclarativeRule {
  /** `<namespace>/<name>`, lower-case words joined by hyphens. */
  id: string;
  description: string;
  dimension: Dimension;
  severity: Severity;
  weight?: number;
  /** What failing it costs under the `deficit` score model; by default the penalty of its severity. */
  penalty?: number;
  /** Every condition must hold; absent: the rule applies to every referral. */
  when?: DeclarativeCondition[];
  require: DeclarativeRequirement[];
  /** Used as every finding's message instead of the generated one. */
  message?: string;
  docs?: { rationale?: string; fix?: string; sources?: string[] };
}

// ---------------------------------------------------------------------------------------
// The schema of one declarative rule (draft 2020-12; ajv strict mode).

const WORDS = '[a-z0-9]+(?:-[a-z0-9]+)*';
const fieldPath = { type: 'string', minLength: 1 } as const;
const text = { type: 'string', minLength: 1 } as const;
const constants = { type: 'array', minItems: 1 } as const;
const FIELD_OPERATORS = ['equals', 'in', 'includes', 'exists'] as const;

const conditionSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 2,
  properties: {
    sector: { type: 'array', minItems: 1, items: { enum: [...SECTORS] } },
    age: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 } },
    },
    field: fieldPath,
    equals: true,
    in: constants,
    includes: true,
    exists: { type: 'boolean' },
  },
  // `field` with exactly one operator, or `sector` alone, or `age` alone.
  dependentRequired: Object.fromEntries(FIELD_OPERATORS.map((key) => [key, ['field']])),
  dependentSchemas: {
    field: { anyOf: FIELD_OPERATORS.map((key) => ({ properties: { [key]: true }, required: [key] })) },
    sector: { maxProperties: 1 },
    age: { maxProperties: 1 },
  },
} as const;

const requirementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  // `field` and at most one operator: with none, the field must be meaningful text.
  maxProperties: 2,
  properties: {
    field: fieldPath,
    equals: true,
    in: constants,
    pattern: { type: 'string', format: 'regex' },
    notBefore: fieldPath,
    notAfter: fieldPath,
    withinHours: {
      type: 'object',
      additionalProperties: false,
      required: ['of', 'max'],
      properties: { of: fieldPath, max: { type: 'number', minimum: 0 } },
    },
  },
} as const;

/** JSON Schema of ONE declarative rule; the config schema embeds it as `declarativeRules.items`. */
export const declarativeRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'description', 'dimension', 'severity', 'require'],
  properties: {
    id: { type: 'string', pattern: `^${WORDS}/${WORDS}$` },
    description: text,
    dimension: { enum: [...DIMENSIONS] },
    severity: { enum: [...SEVERITIES] },
    weight: { type: 'number', minimum: 0 },
    penalty: { type: 'number', minimum: 0 },
    when: { type: 'array', items: conditionSchema },
    require: { type: 'array', minItems: 1, items: requirementSchema },
    message: text,
    docs: {
      type: 'object',
      additionalProperties: false,
      properties: { rationale: text, fix: text, sources: { type: 'array', items: text } },
    },
  },
} as const;

// ---------------------------------------------------------------------------------------
// Field paths, read once when the rule compiles.

interface FieldPath {
  /** As the configuration writes it; messages use it. */
  text: string;
  steps: readonly string[];
}

/** One place a path reaches in a referral. */
interface Slot {
  pointer: string;
  /** undefined: the field is missing. */
  value: unknown;
  /** The element index taken at each `*`, in order. */
  indices: readonly number[];
  /** The field in words: the element's field, or the configured path when a list is missing. */
  name: string;
}

const INDEX = /^(?:0|[1-9]\d*)$/;

function parsePath(pathText: string, where: string): FieldPath {
  const steps = pathText.split('.');
  if (steps.some((step) => step === '')) throw new ConfigError(`${where} "${pathText}" has an empty step (two dots, or a dot at an end)`);
  return { text: pathText, steps };
}

/** The value under one step: an own key of an object, or an element of a list. */
function stepInto(value: unknown, step: string): unknown {
  if (Array.isArray(value)) return INDEX.test(step) ? value[Number(step)] : undefined;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, step)) return (value as Record<string, unknown>)[step];
  return undefined;
}

/** Every place `path` reaches; a `*` over a missing, empty or non-list value is one missing slot at the list. */
function slotsOf(root: unknown, path: FieldPath): Slot[] {
  const walk = (value: unknown, from: number, pointer: string, indices: readonly number[]): Slot[] => {
    if (from === path.steps.length) return [{ pointer, value, indices, name: fieldName(pointer) }];
    const step = path.steps[from]!;
    if (step !== '*') return walk(stepInto(value, step), from + 1, joinPointer(pointer, step), indices);
    if (!Array.isArray(value) || value.length === 0) return [{ pointer, value: undefined, indices, name: path.text }];
    return value.flatMap((element, i) => walk(element, from + 1, joinPointer(pointer, i), [...indices, i]));
  };
  return walk(root, 0, '', []);
}

/** The other field of a date requirement, its `*` steps bound to the subject's elements in order. */
function boundSlot(root: unknown, path: FieldPath, indices: readonly number[]): { value: unknown; name: string } {
  let value = root;
  let pointer = '';
  let star = 0;
  for (const step of path.steps) {
    const token = step === '*' ? indices[star++] : step;
    if (token === undefined) return { value: undefined, name: path.text };
    value = stepInto(value, String(token));
    pointer = joinPointer(pointer, token);
  }
  return { value, name: fieldName(pointer) };
}

/** An other field's `*` must be the subject's own list, so each element is compared with itself. */
function checkBinding(subject: FieldPath, other: FieldPath, where: string): void {
  other.steps.forEach((step, i) => {
    if (step === '*' && other.steps.slice(0, i + 1).join('.') !== subject.steps.slice(0, i + 1).join('.')) {
      throw new ConfigError(`${where} "${other.text}": a * must stand for the same list as in the field "${subject.text}"`);
    }
  });
}

// ---------------------------------------------------------------------------------------
// Values.

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A configured constant in a message or a check: text as written, anything else as JSON. */
function shown(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A date or date-time as an instant; a date is the start of that day in the time zone. */
interface When {
  ms: number;
  dateOnly: boolean;
}

function readWhen(value: unknown, timeZone: string): When | undefined {
  if (typeof value !== 'string') return undefined;
  const date = parseDate(value);
  const ms = date ? parseDateTime(`${value}T00:00:00`, timeZone) : parseDateTime(value, timeZone);
  return ms === undefined ? undefined : { ms, dateOnly: date !== undefined };
}

/** -1, 0 or 1: by calendar day when either side is a date, else by instant. */
function compareWhen(a: When, b: When, calendarDay: (ms: number) => number): number {
  const [x, y] = a.dateOnly || b.dateOnly ? [calendarDay(a.ms), calendarDay(b.ms)] : [a.ms, b.ms];
  return Math.sign(x - y);
}

// ---------------------------------------------------------------------------------------
// Conditions (`when`).

type Ctx = RuleContext<object>;

interface CompiledCondition {
  holds(referral: Referral, ctx: Ctx): boolean;
  words: string;
}

function anySlot(path: FieldPath, test: (value: unknown) => boolean, words: string): CompiledCondition {
  const any = path.steps.includes('*') ? ' (any element)' : '';
  return { holds: (_referral, ctx) => slotsOf(ctx.document, path).some((slot) => test(slot.value)), words: `${path.text}${any} ${words}` };
}

function ageWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `the child's age is ${min} to ${max} years`;
  return min !== undefined ? `the child's age is at least ${min} years` : `the child's age is at most ${max ?? 0} years`;
}

function compileCondition(condition: DeclarativeCondition, where: string): CompiledCondition {
  if ('sector' in condition) {
    const sectors = new Set<string>(condition.sector);
    return { holds: (_referral, ctx) => sectors.has(ctx.agency.sector), words: `the referral is reported under sector ${condition.sector.join(' or ')}` };
  }
  if ('age' in condition) {
    const { min, max } = condition.age;
    if (min !== undefined && max !== undefined && min > max) throw new ConfigError(`${where}.age: min ${min} is greater than max ${max}`);
    return {
      holds: (referral, ctx) => {
        const age = ctx.helpers.age(referral);
        return age !== undefined && (min === undefined || age >= min) && (max === undefined || age <= max);
      },
      words: `${ageWords(min, max)} (known from child.dateOfBirth)`,
    };
  }
  const path = parsePath(condition.field, `${where}.field`);
  if ('equals' in condition) return anySlot(path, (v) => v !== undefined && jsonEqual(v, condition.equals), `is ${shown(condition.equals)}`);
  if ('in' in condition) return anySlot(path, (v) => v !== undefined && condition.in.some((c) => jsonEqual(v, c)), `is one of ${condition.in.map(shown).join(', ')}`);
  if ('includes' in condition) {
    return anySlot(path, (v) => Array.isArray(v) && v.some((e) => jsonEqual(e, condition.includes)), `includes ${shown(condition.includes)}`);
  }
  const present = (v: unknown): boolean => v !== undefined && v !== null;
  return condition.exists ? anySlot(path, present, 'is present') : anySlot(path, (v) => !present(v), 'is absent or null');
}

// ---------------------------------------------------------------------------------------
// Requirements (`require`).

interface CompiledRequirement {
  /** Reports one finding per slot that fails. */
  check(ctx: Ctx, report: (slot: Slot, message: string) => void): void;
  words: string;
}

/** A requirement on the value alone: every slot of the field must pass `test`. */
function valueRequirement(path: FieldPath, test: (value: unknown, ctx: Ctx) => boolean, mustBe: string): CompiledRequirement {
  const every = path.steps.includes('*') ? ' (every element, and at least one)' : '';
  return {
    check(ctx, report) {
      for (const slot of slotsOf(ctx.document, path)) if (!test(slot.value, ctx)) report(slot, `${slot.name} ${mustBe}`);
    },
    words: `${path.text}${every} ${mustBe}; a missing field fails.`,
  };
}

/** How a date requirement reads: "must not be before", and "not before" after "a date or date-time". */
interface Relation {
  must: string;
  relation: string;
}

/** A requirement between two dates: judged only when the other field reads as a date or date-time. */
function dateRequirement(path: FieldPath, other: FieldPath, passes: (field: When, other: When, ctx: Ctx) => boolean, words: Relation): CompiledRequirement {
  const every = path.steps.includes('*') ? ' (every element)' : '';
  return {
    check(ctx, report) {
      for (const slot of slotsOf(ctx.document, path)) {
        const bound = boundSlot(ctx.document, other, slot.indices);
        const otherWhen = readWhen(bound.value, ctx.timeZone);
        if (!otherWhen) continue; // cannot be judged without the other date
        const when = readWhen(slot.value, ctx.timeZone);
        if (!when) report(slot, `${slot.name} must be a date or date-time ${words.relation} ${bound.name}`);
        else if (!passes(when, otherWhen, ctx)) report(slot, `${slot.name} ${words.must} ${bound.name}`);
      }
    },
    words: `${path.text}${every} ${words.must} ${other.text}; a missing or unreadable ${path.text} fails, a missing or unreadable ${other.text} is not judged.`,
  };
}

function calendarDayOf(ctx: Ctx): (ms: number) => number {
  return (ms) => dayNumber(ctx.helpers.calendarDate(ms));
}

function compileRequirement(requirement: DeclarativeRequirement, where: string): CompiledRequirement {
  const path = parsePath(requirement.field, `${where}.field`);
  const otherPath = (pathText: string, at: string): FieldPath => {
    const other = parsePath(pathText, `${where}.${at}`);
    checkBinding(path, other, `${where}.${at}`);
    return other;
  };
  if ('equals' in requirement) return valueRequirement(path, (v) => v !== undefined && jsonEqual(v, requirement.equals), `must be ${shown(requirement.equals)}`);
  if ('in' in requirement) {
    return valueRequirement(path, (v) => v !== undefined && requirement.in.some((c) => jsonEqual(v, c)), `must be one of ${requirement.in.map(shown).join(', ')}`);
  }
  if ('pattern' in requirement) {
    let regex: RegExp;
    try {
      regex = new RegExp(requirement.pattern, 'u');
    } catch {
      throw new ConfigError(`${where}.pattern "${requirement.pattern}" is not a regular expression (it is read with the u flag)`);
    }
    return valueRequirement(path, (v) => typeof v === 'string' && regex.test(v), `must be text matching the pattern ${requirement.pattern}`);
  }
  if ('notBefore' in requirement) {
    return dateRequirement(path, otherPath(requirement.notBefore, 'notBefore'), (a, b, ctx) => compareWhen(a, b, calendarDayOf(ctx)) >= 0, {
      must: 'must not be before',
      relation: 'not before',
    });
  }
  if ('notAfter' in requirement) {
    return dateRequirement(path, otherPath(requirement.notAfter, 'notAfter'), (a, b, ctx) => compareWhen(a, b, calendarDayOf(ctx)) <= 0, {
      must: 'must not be after',
      relation: 'not after',
    });
  }
  if ('withinHours' in requirement) {
    const { of, max } = requirement.withinHours;
    const limit = max * 3_600_000;
    const hours = `${max} ${max === 1 ? 'hour' : 'hours'}`;
    return dateRequirement(path, otherPath(of, 'withinHours.of'), (a, b) => Math.abs(a.ms - b.ms) <= limit, {
      must: `must be within ${hours} of`,
      relation: `within ${hours} of`,
    });
  }
  return valueRequirement(path, (v, ctx) => ctx.helpers.isMeaningful(v), 'must be meaningful text');
}

// ---------------------------------------------------------------------------------------
// The rule.

const DECLARED = 'Declared in the configuration (declarativeRules)';

function docsOf(definition: DeclarativeRule, conditions: readonly CompiledCondition[], requirements: readonly CompiledRequirement[]): RuleDocs {
  const applies = conditions.length === 0 ? 'Applies to every referral.' : `Applies when ${conditions.map((c) => c.words).join('; and ')}.`;
  return {
    checks: [applies, ...requirements.map((r) => r.words)],
    rationale: definition.docs?.rationale ?? `${DECLARED}; the configuration gives no rationale.`,
    fix: definition.docs?.fix ?? `${DECLARED}: correct the fields the checks name.`,
    sources: definition.docs?.sources ?? [],
  };
}

/** A declarative field path (`carers.*.name`, `carers.0.name`) as meta.reads names fields (`carers[].name`). */
function readPath(path: string): string {
  return path.split('.').reduce((out, step) => (step === '*' || /^\d+$/.test(step) ? `${out}[]` : out === '' ? step : `${out}.${step}`), '');
}

/**
 * What a declarative rule reads (every field its conditions and requirements name) and requires
 * (the fields its conditions name: without them it cannot tell whether it applies), for
 * coverage of tables (docs/mappings.md, "Coverage").
 */
function readsOf(definition: DeclarativeRule): { reads: string[]; requires: string[] } {
  const requires = new Set<string>();
  for (const c of definition.when ?? []) {
    if ('field' in c) requires.add(readPath(c.field));
    else if ('sector' in c) requires.add('referrer.sector');
    else if ('age' in c) for (const f of ['child.dateOfBirth', 'receivedAt']) requires.add(f);
  }
  const reads = new Set(requires);
  for (const r of definition.require) {
    reads.add(readPath(r.field));
    if ('notBefore' in r) reads.add(readPath(r.notBefore));
    if ('notAfter' in r) reads.add(readPath(r.notAfter));
    if ('withinHours' in r) reads.add(readPath(r.withinHours.of));
  }
  return { reads: [...reads], requires: [...requires] };
}

/**
 * Compiles one declarative rule (already valid against declarativeRuleSchema) to a Rule.
 * Throws ConfigError for what the schema cannot say: an empty step in a field path, a
 * pattern that does not compile with the `u` flag, an other field's `*` that is not the
 * field's own list, an age range whose min is above its max.
 */
export function compileDeclarativeRule(definition: DeclarativeRule): Rule<object> {
  const where = `declarative rule ${definition.id}`;
  const conditions = (definition.when ?? []).map((c, i) => compileCondition(c, `${where}: when[${i}]`));
  const requirements = definition.require.map((r, i) => compileRequirement(r, `${where}: require[${i}]`));
  const override = definition.message;
  return defineRule<object>({
    meta: {
      id: definition.id,
      description: definition.description,
      dimension: definition.dimension,
      severity: definition.severity,
      ...(definition.weight !== undefined ? { weight: definition.weight } : {}),
      ...(definition.penalty !== undefined ? { penalty: definition.penalty } : {}),
      docs: docsOf(definition, conditions, requirements),
      ...readsOf(definition),
    },
    applies: (referral, ctx) => conditions.every((c) => c.holds(referral, ctx)),
    check(_referral, ctx) {
      const report = (slot: Slot, message: string): void => ctx.report({ pointer: slot.pointer, message: override ?? message });
      for (const requirement of requirements) requirement.check(ctx, report);
    },
  });
}
