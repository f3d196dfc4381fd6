// Each built-in rule declares the referral fields it reads (meta.reads), and the field reference
// (docs/fields.md) lists them. This test keeps the declaration true: every rule runs, as the
// engine would run it, over a corpus of referrals wrapped in proxies that record each field
// read, through the typed referral, ctx.document, the helpers and ctx.agency. A field read and
// not declared, or declared and never read, fails.
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { AgencyResolver } from '../src/domain/agencies.js';
import { readReferral, isObject, type JsonObject } from '../src/domain/referral.js';
import { DEFAULT_THRESHOLD_MODEL } from '../src/domain/threshold-model.js';
import { DEFAULT_PLACEHOLDERS } from '../src/domain/codes.js';
import { createHelpers } from '../src/rule-api/helpers.js';
import { defineRule, type Rule, type RuleContext } from '../src/rule-api/rule.js';
import { UNUSED_SUPPRESSION_RULE_ID } from '../src/rule-api/special.js';
import { ruleProblems } from '../src/rule-api/validate-rule.js';
import { referralFields } from '../src/schema/fields.js';
import { generateReferral } from '../tools/gen/generate.js';
import { cleanReferral, NOW } from './helpers.js';

const FIELDS = referralFields();
const LEAVES = new Set(FIELDS.filter((f) => f.type !== 'object' && !f.type.startsWith('list of objects')).map((f) => f.path));
const TIME_ZONE = 'Europe/London';

/** A proxy over `value` that adds to `seen` the path of every property read (list items as `[]`). */
function recording(value: unknown, at: string, seen: Set<string>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const isList = Array.isArray(value);
  const child = (key: string): string | undefined => (isList ? (/^\d+$/.test(key) ? `${at}[]` : undefined) : at === '' ? key : `${at}.${key}`);
  return new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return v;
      const p = child(key);
      if (p === undefined) return v; // length, methods
      seen.add(p);
      // A leaf's value is read whole (a date's text, instant and parts are one field).
      return LEAVES.has(p) ? v : recording(v, p, seen);
    },
    has(target, key) {
      if (typeof key === 'string') {
        const p = child(key);
        if (p !== undefined) seen.add(p);
      }
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') {
        const p = child(key);
        if (p !== undefined) seen.add(p);
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      seen.add(`${at === '' ? '' : `${at}.`}*`);
      return Reflect.ownKeys(target);
    },
  });
}

const helpers = createHelpers({ timeZone: TIME_ZONE, placeholders: DEFAULT_PLACEHOLDERS, model: DEFAULT_THRESHOLD_MODEL });
const agencies = new AgencyResolver([]);
const knownRules = new Set(builtInRules.map((r) => r.meta.id));

interface Item {
  data: JsonObject;
  typed: ReturnType<typeof readReferral>;
  identity: ReturnType<AgencyResolver['resolve']>;
}

/** Runs `rule` over the referrals in order, as the engine does (applies, then check or the batch checker); the paths it read. */
function readsOf(rule: Rule<object>, items: readonly Item[], options: object = rule.meta.defaultOptions ?? {}, seen = new Set<string>()): Set<string> {
  const shared = { now: Date.parse(NOW), timeZone: TIME_ZONE, model: DEFAULT_THRESHOLD_MODEL, helpers, strict: false, knownRules, options };
  const checker = rule.batch?.(shared);
  for (const { data, typed, identity } of items) {
    const agency = {
      get key() {
        seen.add('referrer.agency');
        return identity.key;
      },
      get name() {
        seen.add('referrer.agency');
        return identity.name;
      },
      get sector() {
        seen.add('referrer.agency').add('referrer.sector');
        return identity.sector ?? typed.referrer?.sector ?? 'other';
      },
    };
    const ctx: RuleContext<object> = { ...shared, agency, document: recording(data, '', seen) as JsonObject, report: () => undefined, file: 'reads.json' };
    const referral = recording(typed, '', seen) as typeof typed;
    if (rule.applies && !rule.applies(referral, ctx)) continue;
    rule.check?.(referral, ctx);
    checker?.check(referral, ctx);
  }
  return seen;
}

/** The paths read, without those only read on the way to a field under them. */
const fieldsRead = (read: Set<string>): string[] =>
  [...read].filter((p) => ![...read].some((q) => q.startsWith(`${p}.`) || q.startsWith(`${p}[`))).sort();

/** The codes a code field accepts, from its schema. */
function codesAt(dotted: string): unknown[] | undefined {
  const field = FIELDS.find((f) => f.path === dotted);
  if (field?.type !== 'code') return undefined;
  return [...field.description.matchAll(/`([^`]+)`: /g)].map((m) => m[1]);
}

/** Each referral, and each with one field of the format changed: removed, set to each of its codes, or to true and to false. */
function withEachFieldChanged(referrals: readonly JsonObject[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const referral of referrals) {
    out.push(referral);
    for (const field of FIELDS) {
      const parts = field.path.replaceAll('[]', '.0').split('.');
      const values: unknown[] = [undefined, ...(codesAt(field.path) ?? []), ...(field.type === 'true/false' ? [true, false] : [])];
      for (const value of values) {
        const copy = structuredClone(referral);
        let node: unknown = copy;
        for (const part of parts.slice(0, -1)) node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined;
        const key = parts.at(-1)!;
        if (!isObject(node)) continue;
        if (value === undefined) {
          if (!(key in node)) continue;
          delete node[key];
        } else node[key] = value as never;
        out.push(copy);
      }
    }
  }
  return out;
}

/** A referral with every field of the format: the clean referral and the rest. */
function fullReferral(): JsonObject {
  const person = { name: 'Jo Testcarer', relationship: 'grandparent', dateOfBirth: '1960-01-01', parentalResponsibility: false, phone: '01632 960002', email: 'jo@example.org', address: { line1: '2 Example Street', line2: 'Flat 1', town: 'South Shields', postcode: 'NE33 2RL' }, languages: ['English'], interpreterNeeded: false };
  const referral = cleanReferral();
  return {
    ...referral,
    writtenConfirmationAt: '2026-10-05T11:00:00Z',
    referrer: { ...(referral.referrer as JsonObject), safeguardingLeadConsulted: true },
    child: { ...(referral.child as JsonObject), expectedDateOfBirth: '2014-03-02', ethnicity: 'WBRI', gpPractice: 'Example Surgery', firstLanguage: 'English', interpreterNeeded: false, disabilities: ['NONE'], currentLocation: 'school', address: person.address },
    carers: [...(referral.carers as JsonObject[]), person],
    household: [person],
    concerns: { ...(referral.concerns as JsonObject), previousConcerns: 'None known to the school.', otherAgenciesInvolved: ['Example School'] },
    childsViews: { recorded: false, views: 'She wants to stay with her nan.', reasonNotRecorded: 'Not safe to ask yet.' },
    consent: { ...(referral.consent as JsonObject), reasonNotSought: { code: 'other', details: 'Parents are abroad.' } },
    earlyHelp: { parentalViews: 'They welcome help with routines.', parentalAgreement: 'agreed', assessmentCompleted: true },
    missingEpisodes: [{ startedAt: '2026-09-01T20:00:00Z', returnedAt: '2026-09-02T08:00:00Z', classification: 'missing', riskLevel: 'medium', reportedToPolice: true, returnInterview: { offeredAt: '2026-09-03T10:00:00Z', completedAt: '2026-09-04T10:00:00Z', declined: false } }],
    exploitationScreening: { tool: 'SERAF', completedAt: '2026-10-04T10:00:00Z', score: 4, riskLevel: 'low', msetReferral: false },
    lintIgnore: [{ rule: 'child-voice-recorded', reason: 'Views gathered by the specialist nurse the next day.' }],
  };
}

function corpus(): JsonObject[] {
  const generated = Array.from({ length: 100 }, (_, i) => generateReferral({ seed: 15 }, i).referral as JsonObject);
  const examples = builtInRules.flatMap((r) => {
    const e = r.meta.docs.examples;
    if (!e) return [];
    return [e.pass, e.fail].flatMap((x) => (Array.isArray(x) ? x : [x])).map((fragment) => ({ ...cleanReferral(), ...(fragment as JsonObject) }));
  });
  return [...withEachFieldChanged([fullReferral(), ...examples]), ...generated];
}

const CORPUS: Item[] = corpus().map((data) => {
  const typed = readReferral(data, TIME_ZONE);
  return { data, typed, identity: agencies.resolve(typed.referrer?.agency) };
});

/** Options that make a rule read fields its defaults do not (an option off by default that asks for one more field); meta.reads declares them too. */
const OPTION_VARIANTS: Record<string, object[]> = {
  'key-information-present': [{ consistentIdentifier: true }],
};

/** The fields a rule reads under its default options and under each variant of them. */
function readsUnderAllOptions(rule: Rule<object>): Set<string> {
  const seen = readsOf(rule, CORPUS);
  for (const variant of OPTION_VARIANTS[rule.meta.id] ?? []) readsOf(rule, CORPUS, { ...rule.meta.defaultOptions, ...variant }, seen);
  return seen;
}

describe('meta.reads of the built-in rules', () => {
  const ordinary = builtInRules.filter((r) => r.meta.reads?.[0] !== '*' && r.meta.id !== UNUSED_SUPPRESSION_RULE_ID);

  it.each(ordinary.map((r) => [r.meta.id, r] as const))('%s declares exactly the fields it reads', (_id, rule) => {
    expect([...(rule.meta.reads ?? [])].sort()).toEqual(fieldsRead(readsUnderAllOptions(rule)));
  });

  it('schema-valid declares every field (*), and reads every field of the format', () => {
    const rule = builtInRules.find((r) => r.meta.id === 'schema-valid')!;
    expect(rule.meta.reads).toEqual(['*']);
    const read = readsOf(rule, CORPUS);
    expect(FIELDS.map((f) => f.path).filter((p) => !read.has(p))).toEqual([]);
  });

  it('unused-suppression, judged by the runner from lintIgnore, declares the lintIgnore fields the runner reads', () => {
    const rule = builtInRules.find((r) => r.meta.id === UNUSED_SUPPRESSION_RULE_ID)!;
    expect(rule.meta.reads).toEqual(['lintIgnore[].reason', 'lintIgnore[].rule']);
    expect(fieldsRead(readsOf(rule, CORPUS))).toEqual([]);
  });

  it('every field a built-in rule declares is a field of the format', () => {
    const paths = new Set(FIELDS.map((f) => f.path));
    for (const rule of builtInRules) for (const p of rule.meta.reads ?? []) if (p !== '*') expect(paths.has(p), `${rule.meta.id}: ${p}`).toBe(true);
  });

  it('records a field read through a helper, ctx.document and ctx.agency', () => {
    const probe = defineRule({
      meta: { id: 'local/probe', description: 'Reads three ways.', dimension: 'completeness', severity: 'info', docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } },
      check(referral, ctx) {
        ctx.helpers.age(referral);
        void ctx.document.mode;
        void ctx.agency.sector;
      },
    });
    expect(fieldsRead(readsOf(probe, CORPUS.slice(0, 1)))).toEqual(['child.dateOfBirth', 'mode', 'receivedAt', 'referrer.agency', 'referrer.sector']);
  });
});

describe('meta.reads in the rule contract', () => {
  const withReads = (reads: unknown) => ({ ...builtInRules.find((r) => r.meta.id === 'threshold-applied')!, meta: { ...builtInRules.find((r) => r.meta.id === 'threshold-applied')!.meta, reads } });

  it('accepts field paths, lists as [], and *', () => {
    expect(ruleProblems(withReads(['consent.status', 'missingEpisodes[].returnInterview.offeredAt', 'x_y']))).toEqual([]);
    expect(ruleProblems(withReads(['*']))).toEqual([]);
    expect(ruleProblems(withReads(undefined))).toEqual([]);
  });

  it.each([['consent.status'], [['/consent/status']], [['consent..status']], [['missingEpisodes[0].startedAt']], [[1]]])('refuses %j', (reads) => {
    expect(ruleProblems(withReads(reads))).toEqual(['meta.reads must be a list of field paths such as consent.status or missingEpisodes[].startedAt (or * for every field)']);
  });
});
