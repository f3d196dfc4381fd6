import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { PROMISE_RETURNED } from '../src/engine/engine.js';
import { defineRule, type FindingInput, type Rule } from '../src/rule-api/rule.js';
import { scoreReferrals } from '../src/score/run.js';
import { exitCodeFor } from '../src/score/exit.js';
import { lint } from '../src/run/lint.js';
import type { LoadEvent, Locator } from '../src/parse/types.js';
import type { JsonObject } from '../src/domain/referral.js';
import { buildResult } from '../src/score/result.js';
import { cleanReferral, edit, NOW, otherChild } from './helpers.js';

async function* events(referrals: unknown[], locate: Locator = () => undefined): AsyncGenerator<LoadEvent> {
  yield { kind: 'file', file: 'mem.json' };
  for (const [i, data] of referrals.entries()) yield { kind: 'referral', file: 'mem.json', pointer: `/${i}`, data: data as JsonObject, locate };
}

const crashing = defineRule({
  meta: {
    id: 'crashes',
    description: 'test rule that throws',
    dimension: 'validity',
    severity: 'warning',
    docs: { checks: [], rationale: '-', fix: '-', sources: [] },
  },
  check() {
    throw new Error('boom');
  },
});

const seenIds = defineRule<{ dummy?: boolean }>({
  meta: {
    id: 'seen-ids',
    description: 'test batch rule: flags a repeated id',
    dimension: 'uniqueness',
    severity: 'error',
    docs: { checks: [], rationale: '-', fix: '-', sources: [] },
  },
  batch() {
    const seen = new Set<string>();
    return {
      check(referral, ctx) {
        if (referral.id === undefined) return;
        if (seen.has(referral.id)) ctx.report({ pointer: '/id', message: 'id seen before' });
        seen.add(referral.id);
      },
    };
  },
});

const registry = (extra: Rule<object>[]): Rule<object>[] => [...builtInRules, ...extra] as Rule<object>[];

describe('the rule runner', () => {
  it('records a rule that throws as an internal error, never as a pass, and exits 2', async () => {
    const config = resolveConfig({}, registry([crashing as Rule<object>]), { now: NOW });
    const run = await scoreReferrals(events([cleanReferral()]), config);
    // The exception's message could quote the referral: it is withheld (test/personal-data.test.ts).
    expect(run.internalErrors).toEqual([
      { ruleId: 'crashes', referralId: 'REF-TEST-0001', file: 'mem.json', pointer: '/0', message: 'Error (its message is withheld: it may quote the referral; --include-personal-data shows it)' },
    ]);
    expect(run.referrals[0]!.outcomes.crashes).toBe(false);
    const result = buildResult(run, config, { name: 'referral-lint', version: 'test' });
    expect(exitCodeFor(result)).toBe(2);
  });

  it('gives a rule that declares no options an empty default and a schema that refuses any option but weight', () => {
    expect(crashing.meta.defaultOptions).toEqual({});
    expect(() => resolveConfig({ rules: { crashes: { severity: 'warning', options: { loud: true } } } }, registry([crashing as Rule<object>]), { now: NOW })).toThrow(/loud/);
    const config = resolveConfig({ rules: { crashes: { severity: 'warning', options: { weight: 2 } } } }, registry([crashing as Rule<object>]), { now: NOW });
    expect(config.options.get('crashes')).toEqual({ weight: 2 });
  });

  it('gives a batch rule every referral in input order', async () => {
    const config = resolveConfig({}, registry([seenIds as Rule<object>]), { now: NOW });
    const referrals = [cleanReferral(), edit(cleanReferral(), { id: 'OTHER' }), cleanReferral()];
    const run = await scoreReferrals(events(referrals), config);
    expect(run.referrals.map((r) => r.findings.filter((f) => f.ruleId === 'seen-ids').map((f) => f.pointer))).toEqual([[], [], ['/2/id']]);
  });

  it('does not repeat a defect schema-valid reported: no findings under a missing required object', async () => {
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const run = await scoreReferrals(events([edit(cleanReferral(), { referrer: undefined })]), config);
    const pointers = run.referrals[0]!.findings.map((f) => `${f.ruleId} ${f.pointer}`);
    expect(pointers).toContain('schema-valid /0/referrer');
    expect(pointers.filter((p) => p.includes('/0/referrer/'))).toEqual([]);
  });

  it('leaves out findings at or under a field schema-valid reported, and keeps those beside it whose pointer only starts the same', async () => {
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const episode = { startedAt: '2026-10-01T10:00:00Z', returnedAt: '2026-10-01T12:00:00Z', classification: 'missing', riskLevel: 'low', reportedToPolice: true };
    const episodes: unknown[] = Array.from({ length: 11 }, () => ({ ...episode }));
    episodes[1] = 'not an episode'; // schema-valid at /missingEpisodes/1: nothing under it is reported again
    episodes[2] = { ...episode, returnInterview: 'soon' }; // schema-valid at /missingEpisodes/2/returnInterview
    episodes[10] = { ...episode, classification: undefined }; // /missingEpisodes/10 starts as /missingEpisodes/1 does, but is not under it
    const run = await scoreReferrals(events([edit(cleanReferral(), { 'concerns.categories': ['missing'], missingEpisodes: episodes })]), config);
    const pointers = run.referrals[0]!.findings.map((f) => `${f.ruleId} ${f.pointer}`);
    expect(pointers.filter((p) => /\/missingEpisodes\/(1|2|10)(\/|$)/.test(p))).toEqual([
      'schema-valid /0/missingEpisodes/1',
      'schema-valid /0/missingEpisodes/2/returnInterview',
      'missing-episodes-recorded /0/missingEpisodes/10/classification',
      'return-interview-timely /0/missingEpisodes/10/returnInterview/offeredAt',
    ]);
  });

  it('works out positions only for referrals that have findings', async () => {
    let calls = 0;
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const locate = (): { line: number; column: number } => {
      calls += 1;
      return { line: 7, column: 3 };
    };
    await scoreReferrals(events([cleanReferral(), otherChild('OTHER')], locate), config);
    expect(calls).toBe(0);
    const run = await scoreReferrals(events([edit(cleanReferral(), { 'consent.status': undefined })], locate), config);
    expect(calls).toBe(2); // the referral's own line, then its one finding
    expect(run.referrals[0]!.findings[0]).toMatchObject({ line: 7, column: 3 });
  });

  it('never mutates the referral', async () => {
    const deepFreeze = (o: unknown): unknown => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const referral = edit(cleanReferral(), { 'consent.status': undefined, threshold: undefined });
    const before = JSON.stringify(referral);
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const run = await scoreReferrals(events([deepFreeze(referral)]), config);
    expect(run.internalErrors).toEqual([]);
    expect(JSON.stringify(referral)).toBe(before);
  });
});

describe('what a run keeps', () => {
  const tool = { name: 'referral-lint', version: 'test' };
  // Two clean referrals and three with findings, from two agencies.
  const referrals = (): JsonObject[] => [
    cleanReferral(),
    otherChild('REF-B'),
    edit(otherChild('REF-C'), { 'consent.status': undefined }),
    otherChild('REF-D', { 'referrer.agency': 'Example Primary School', 'referrer.sector': 'education' }),
    edit(otherChild('REF-E', { 'referrer.agency': 'Example Primary School', 'referrer.sector': 'education' }), { 'child.dateOfBirth': undefined }),
  ];

  it('scores every referral whichever it keeps: the same summary, agencies, sectors, dimensions and rules', async () => {
    const config = resolveConfig({}, registry([]), { now: NOW });
    const results = await Promise.all(
      (['all', 'with-findings', 'none'] as const).map(async (keep) => buildResult(await scoreReferrals(events(referrals()), config, { keep }), config, tool)),
    );
    const [all, withFindings, none] = results.map(({ referrals: kept, ...rest }) => ({ kept: kept.map((r) => r.id), rest }));
    expect(all!.kept).toEqual(['REF-TEST-0001', 'REF-B', 'REF-C', 'REF-D', 'REF-E']);
    expect(withFindings!.kept).toEqual(['REF-C', 'REF-D', 'REF-E']);
    expect(results[0]!.referrals.filter((r) => r.findings.length > 0).map((r) => r.id)).toEqual(withFindings!.kept);
    expect(none!.kept).toEqual([]);
    expect(withFindings!.rest).toEqual(all!.rest);
    expect(none!.rest).toEqual(all!.rest);
    expect(all!.rest.summary.referrals).toBe(5);
    expect(all!.rest.agencies.map((a) => [a.name, a.referrals])).toEqual([
      ['Example Primary School', 2],
      ['Example Police', 3],
    ]);
  });

  it('keeps a referral\'s own score on it: the mean of those scores is the summary score', async () => {
    const config = resolveConfig({}, registry([]), { now: NOW });
    const result = buildResult(await scoreReferrals(events(referrals()), config), config, tool);
    const scores = result.referrals.map((r) => r.score);
    expect(scores.filter((s) => s === 100)).toHaveLength(2);
    expect(result.summary.score).toBe(Math.round((scores.reduce((a, b) => a + b, 0) / 5) * 100) / 100);
  });

  it('counts no referral of a file that fails after some of its referrals were read', async () => {
    const config = resolveConfig({}, registry([]), { now: NOW });
    async function* twoFiles(): AsyncGenerator<LoadEvent> {
      yield* events([cleanReferral()]);
      yield { kind: 'file', file: 'broken.json' };
      yield { kind: 'referral', file: 'broken.json', pointer: '/0', data: otherChild('REF-X'), locate: () => undefined };
      yield { kind: 'failed-file', file: 'broken.json', reason: 'not valid JSON' };
    }
    const result = buildResult(await scoreReferrals(twoFiles(), config, { keep: 'none' }), config, tool);
    expect([result.summary.referrals, result.summary.filesFailed, result.agencies.map((a) => a.referrals)]).toEqual([1, 1, [1]]);
  });
});

describe('the rule contract, kept by the engine', () => {
  const WITHHELD = '(its message is withheld: it may quote the referral; --include-personal-data shows it)';
  const testRule = (id: string, check: NonNullable<Rule<object>['check']>, applies?: Rule<object>['applies']): Rule<object> =>
    defineRule<object>({ meta: { id, description: 'test rule', dimension: 'validity', severity: 'warning', docs: { checks: ['x'], rationale: '-', fix: '-', sources: [] } }, check, ...(applies ? { applies } : {}) }) as Rule<object>;
  const crashesOf = (run: Awaited<ReturnType<typeof scoreReferrals>>): [string, string][] => run.internalErrors.map((e) => [e.ruleId, e.message]);

  it('freezes what rules read: a write is that rule\'s crash, and the rules after it read the referral as it was', async () => {
    const writers = [
      testRule('writes-document', (_r, ctx) => void (ctx.document.id = 'CHANGED')),
      testRule('writes-a-list', (_r, ctx) => void (ctx.document.carers as unknown[]).push({ name: 'Another Carer' })),
      testRule('writes-the-referral', (referral) => void (referral.child!.givenName = 'CHANGED')),
      testRule('writes-options', (_r, ctx) => void Object.assign(ctx.options, { weight: 9 })),
      testRule('writes-agency', (_r, ctx) => void (ctx.agency.sector = 'health')),
      testRule('writes-known-rules', (_r, ctx) => void (ctx.knownRules as Set<string>).add('made-up')),
      testRule('writes-model', (_r, ctx) => void (ctx.model.levels[0]!.pathway = 'social-care')),
      testRule('writes-context', (_r, ctx) => void Object.assign(ctx, { now: 0 })),
    ];
    const seen: unknown[] = [];
    const reader = testRule('reads-after', (referral, ctx) => {
      seen.push([ctx.document.id, (ctx.document.carers as unknown[]).length, referral.child?.givenName, ctx.options, ctx.agency.sector, ctx.knownRules.has('made-up'), ctx.model.levels[0]!.pathway]);
    });
    const config = resolveConfig({}, registry([...writers, reader]), { now: NOW });
    const run = await scoreReferrals(events([cleanReferral(), otherChild('REF-2')]), config);
    expect(crashesOf(run)).toEqual([...writers, ...writers].map((w) => [w.meta.id, `TypeError ${WITHHELD}`]));
    expect(seen).toEqual([
      ['REF-TEST-0001', 1, 'Alex', {}, 'police', false, 'universal'],
      ['REF-2', 1, 'Alex REF-2', {}, 'police', false, 'universal'],
    ]);
  });

  const findings: [string, unknown, string | undefined][] = [
    ['the referral as a whole', { pointer: '', message: 'the referral is odd' }, undefined],
    ['escaped tokens', { pointer: '/a~0b~1c/0', message: 'a field is odd' }, undefined],
    ['no object', 'child is odd', 'reported a finding that is not an object { pointer, message }'],
    ['null', null, 'reported a finding that is not an object { pointer, message }'],
    ['a pointer without its first slash', { pointer: 'child', message: 'child is odd' }, 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)'],
    ['a bad escape', { pointer: '/a~2', message: 'a is odd' }, 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)'],
    ['a number for a pointer', { pointer: 7, message: 'odd' }, 'reported a finding whose pointer is not a JSON Pointer (text, empty or starting with "/", with "~" only as ~0 or ~1)'],
    ['a number for a message', { pointer: '/id', message: 456 }, 'reported a finding whose message is not non-empty text'],
    ['an empty message', { pointer: '/id', message: '' }, 'reported a finding whose message is not non-empty text'],
    ['a blank message', { pointer: '/id', message: ' \n' }, 'reported a finding whose message is not non-empty text'],
  ];
  it.each(findings)('takes a finding only with a JSON Pointer and non-empty text: %s', async (_name, finding, crash) => {
    const config = resolveConfig({}, registry([testRule('reports', (_r, ctx) => ctx.report(finding as FindingInput))]), { now: NOW });
    const run = await scoreReferrals(events([cleanReferral()]), config);
    expect(crashesOf(run)).toEqual(crash === undefined ? [] : [['reports', crash]]);
    expect(run.referrals[0]!.findings.filter((f) => f.ruleId === 'reports').map((f) => [f.pointer, f.message])).toEqual(
      crash === undefined ? [[`/0${(finding as FindingInput).pointer}`, (finding as FindingInput).message]] : [],
    );
  });

  it('keeps a rule that caught the error of its invalid report as crashed', async () => {
    const config = resolveConfig({}, registry([testRule('catches', (_r, ctx) => {
      try {
        ctx.report({ pointer: '/id', message: 456 as unknown as string });
      } catch {
        ctx.report({ pointer: '/id', message: 'id is odd' });
      }
    })]), { now: NOW });
    const run = await scoreReferrals(events([cleanReferral()]), config);
    expect(crashesOf(run)).toEqual([['catches', 'reported a finding whose message is not non-empty text']]);
    expect(run.referrals[0]!.outcomes.catches).toBe(false);
  });

  it('takes a rule that returns a promise as crashed; what it reports later is dropped, its rejection never unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = testRule('reports-late', async (_r, ctx) => {
        await null;
        ctx.report({ pointer: '/id', message: 'reported after the rule returned' });
        throw new Error('rejected');
      });
      const lateApplies = testRule('applies-late', () => undefined, (async () => true) as unknown as Rule<object>['applies']);
      const config = resolveConfig({}, registry([late, lateApplies]), { now: NOW });
      const run = await scoreReferrals(events([cleanReferral(), otherChild('REF-2')]), config);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(crashesOf(run)).toEqual([
        ['reports-late', PROMISE_RETURNED],
        ['applies-late', PROMISE_RETURNED],
        ['reports-late', PROMISE_RETURNED],
        ['applies-late', PROMISE_RETURNED],
      ]);
      expect(run.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === 'reports-late'))).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('what a caller gives lint()', () => {
  it('is copied before the engine freezes it: the caller\'s referrals and rule options stay theirs to change', async () => {
    const referral = cleanReferral();
    const fields = ['child.givenName', { field: 'child.familyName' }];
    await lint({ referrals: [referral], now: NOW, config: { rules: { 'key-information-present': { options: { fields } } } } });
    expect([referral, referral.child, fields, fields[1]].map((o) => Object.isFrozen(o))).toEqual([false, false, false, false]);
  });
});
