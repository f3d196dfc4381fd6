import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { runRules } from '../src/engine/runner.js';
import { exitCodeFor } from '../src/exit.js';
import type { LoadEvent, Locator } from '../src/load/types.js';
import type { JsonObject } from '../src/referral.js';
import { buildResult } from '../src/result.js';
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
    const run = await runRules(events([cleanReferral()]), config);
    expect(run.internalErrors).toEqual([{ ruleId: 'crashes', referralId: 'REF-TEST-0001', file: 'mem.json', pointer: '/0', message: 'boom' }]);
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
    const run = await runRules(events(referrals), config);
    expect(run.referrals.map((r) => r.findings.filter((f) => f.ruleId === 'seen-ids').map((f) => f.pointer))).toEqual([[], [], ['/2/id']]);
  });

  it('does not repeat a defect schema-valid reported: no findings under a missing required object', async () => {
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const run = await runRules(events([edit(cleanReferral(), { referrer: undefined })]), config);
    const pointers = run.referrals[0]!.findings.map((f) => `${f.ruleId} ${f.pointer}`);
    expect(pointers).toContain('schema-valid /0/referrer');
    expect(pointers.filter((p) => p.includes('/0/referrer/'))).toEqual([]);
  });

  it('works out positions only for referrals that have findings', async () => {
    let calls = 0;
    const config = resolveConfig({}, builtInRules, { now: NOW });
    const locate = (): { line: number; column: number } => {
      calls += 1;
      return { line: 7, column: 3 };
    };
    await runRules(events([cleanReferral(), otherChild('OTHER')], locate), config);
    expect(calls).toBe(0);
    const run = await runRules(events([edit(cleanReferral(), { 'consent.status': undefined })], locate), config);
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
    const run = await runRules(events([deepFreeze(referral)]), config);
    expect(run.internalErrors).toEqual([]);
    expect(JSON.stringify(referral)).toBe(before);
  });
});
