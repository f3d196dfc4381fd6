// --cache: unchanged files are not re-checked, changed ones are, a config change invalidates
// everything, and the results are always those of a full run.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plugin } from '../src/load/plugins.js';
import { defineRule } from '../src/rule-api/rule.js';
import { lint, type LintOptions } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { NOW, otherChild } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';
import type { LintResult } from '../src/model/types.js';

const tempDir = useTempDirs('cache');

/** A plugin whose rule counts the referrals it checks, by id. */
function countingPlugin(): { plugin: Partial<Plugin>; checked: string[] } {
  const checked: string[] = [];
  const rule = defineRule({
    meta: { id: 'counts', description: 'Counts.', dimension: 'completeness', severity: 'info', docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } },
    check(referral) {
      checked.push(String(referral.id));
    },
  });
  return { plugin: { name: 'probe', rules: [rule] }, checked };
}

/** Two files: a.json (A1, A2) and b.json (B1; B2 lacks a consent status). */
function project(): string {
  const dir = tempDir();
  write(dir, 'a.json', JSON.stringify([otherChild('A1'), otherChild('A2', { childsViews: undefined })], null, 2));
  write(dir, 'b.json', JSON.stringify([otherChild('B1'), otherChild('B2', { 'consent.status': undefined })], null, 2));
  return dir;
}

/** A cache file as a test damages it: any part may be made to hold anything. */
type DamagedCache = { files: Record<string, { hash: unknown; referrals: unknown[] }> };
const referral = (c: DamagedCache, file: string, i: number) => c.files[file]!.referrals[i] as Record<string, unknown>;

/** A result as the JSON report writes it: cached and uncached runs must agree to the byte. */
const report = (r: LintResult) => JSON.stringify(r);

async function lintWith(dir: string, extra: Partial<LintOptions> = {}) {
  const probe = countingPlugin();
  const result = await lint({ paths: ['a.json', 'b.json'], cwd: dir, now: NOW, cache: true, plugins: [probe.plugin], ...extra });
  return { result, checked: probe.checked };
}

describe('--cache', () => {
  it('a second run re-checks nothing and gives the same result as a run without the cache', async () => {
    const dir = project();
    const uncached = await lint({ paths: ['a.json', 'b.json'], cwd: dir, now: NOW, plugins: [countingPlugin().plugin] });
    const first = await lintWith(dir);
    expect(first.checked).toEqual(['A1', 'A2', 'B1', 'B2']);
    const second = await lintWith(dir);
    expect(second.checked).toEqual([]);
    expect(report(second.result)).toBe(report(uncached));
    expect(report(first.result)).toBe(report(uncached));
    expect(second.result.summary).toMatchObject({ referrals: 4, errors: 1, warnings: 1 });
  });

  it('re-checks a changed file only', async () => {
    const dir = project();
    await lintWith(dir);
    write(dir, 'b.json', JSON.stringify([otherChild('B1'), otherChild('B2')], null, 2));
    const second = await lintWith(dir);
    expect(second.checked).toEqual(['B1', 'B2']);
    expect(second.result.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(report(second.result)).toBe(report(await lint({ paths: ['a.json', 'b.json'], cwd: dir, now: NOW, plugins: [countingPlugin().plugin] })));
  });

  it('a configuration change invalidates every file', async () => {
    const dir = project();
    await lintWith(dir);
    const changed = await lintWith(dir, { config: { rules: { 'child-voice-recorded': { options: { minAge: 5 } } } } });
    expect(changed.checked).toEqual(['A1', 'A2', 'B1', 'B2']);
    const flag = await lintWith(dir, { rules: ['child-voice-recorded:error'] });
    expect(flag.checked).toEqual(['A1', 'A2', 'B1', 'B2']);
  });

  it('keeps batch rules right: a duplicate between a cached file and a changed one is found', async () => {
    const dir = project();
    await lintWith(dir);
    write(dir, 'b.json', JSON.stringify([otherChild('A1'), otherChild('B2')], null, 2)); // A1's id again
    const second = await lintWith(dir);
    expect(second.checked).toEqual(['A1', 'B2']);
    expect(second.result.referrals.map((r) => [r.file, r.id, r.findings.filter((f) => f.ruleId === 'unique-referral').map((f) => f.pointer)])).toEqual([
      ['a.json', 'A1', []],
      ['a.json', 'A2', []],
      ['b.json', 'A1', ['/0/id']],
      ['b.json', 'B2', []],
    ]);
  });

  it('re-runs a rule that read "now": a date in the future at one time is not at a later one', async () => {
    const dir = tempDir();
    write(dir, 'a.json', JSON.stringify([otherChild('F1', { receivedAt: '2026-11-15T10:00:00Z', 'concerns.firstIdentifiedAt': '2026-11-15T09:00:00Z', 'consent.recordedAt': '2026-11-15T09:30:00Z' })]));
    const at = (now: string) => lint({ paths: ['a.json'], cwd: dir, now, cache: true });
    const before = await at('2026-11-01T09:00:00Z');
    expect(before.referrals[0]!.findings.map((f) => [f.ruleId, f.pointer])).toContainEqual(['dates-plausible', '/0/receivedAt']);
    const later = await at('2026-12-01T09:00:00Z');
    const fresh = await lint({ paths: ['a.json'], cwd: dir, now: '2026-12-01T09:00:00Z' });
    expect(report(later)).toBe(report(fresh));
    expect(later.referrals[0]!.findings.map((f) => f.ruleId)).not.toContain('dates-plausible');
  });

  it('ignores a damaged cache file, and rewrites it', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.referral-lint-cache.json'), '{ not json');
    const first = await lintWith(dir);
    expect(first.checked).toHaveLength(4);
    expect(JSON.parse(readFileSync(path.join(dir, '.referral-lint-cache.json'), 'utf8'))).toMatchObject({ version: 1 });
  });

  it.each([
    ['a finding that is null', (c: DamagedCache) => (referral(c, 'a.json', 0).findings = [null])],
    ['findings that are null', (c: DamagedCache) => (referral(c, 'a.json', 1).findings = null)],
    ['a finding without its rule', (c: DamagedCache) => (referral(c, 'b.json', 1).findings = [{ severity: 'error', message: 'x', pointer: '/1' }])],
    ['a finding of an unknown severity', (c: DamagedCache) => ((referral(c, 'b.json', 1).findings as Record<string, unknown>[])[0]!.severity = 'fatal')],
    ['suppressed findings that are not a list', (c: DamagedCache) => (referral(c, 'a.json', 0).suppressed = {})],
    ['outcomes that are null', (c: DamagedCache) => (referral(c, 'a.json', 0).outcomes = null)],
    ['an outcome that is not true or false', (c: DamagedCache) => (referral(c, 'a.json', 0).outcomes = { 'consent-recorded': 'yes' })],
    ['live rules that are not a list', (c: DamagedCache) => (referral(c, 'a.json', 0).live = 'dates-plausible')],
    ['a line that is text', (c: DamagedCache) => (referral(c, 'a.json', 0).line = '3')],
    ['a referral that is null', (c: DamagedCache) => (c.files['a.json']!.referrals[0] = null)],
    ['referrals that are null', (c: DamagedCache) => (c.files['a.json']!.referrals = null as never)],
    ['a hash that is a number', (c: DamagedCache) => (c.files['a.json']!.hash = 42)],
    ['a file entry that is null', (c: DamagedCache) => (c.files['a.json'] = null as never)],
  ])('ignores a cache with the right version and key but %s, re-checks every file, and rewrites it', async (_damage, damage) => {
    const dir = project();
    await lintWith(dir);
    const file = path.join(dir, '.referral-lint-cache.json');
    const cache = JSON.parse(readFileSync(file, 'utf8')) as DamagedCache;
    damage(cache);
    writeFileSync(file, JSON.stringify(cache));
    const again = await lintWith(dir);
    expect(again.checked).toEqual(['A1', 'A2', 'B1', 'B2']);
    expect(report(again.result)).toBe(report(await lint({ paths: ['a.json', 'b.json'], cwd: dir, now: NOW, plugins: [countingPlugin().plugin] })));
    expect(readFileSync(file, 'utf8')).not.toBe(JSON.stringify(cache));
    expect((await lintWith(dir)).checked).toEqual([]); // the rewritten cache is whole again
  });

  it('keeps no personal value: ids, pointers, rule ids and messages only', async () => {
    const dir = project();
    await lintWith(dir);
    const text = readFileSync(path.join(dir, '.referral-lint-cache.json'), 'utf8');
    for (const value of ['Testchild', 'Sam Testparent', '2014-03-02', 'NE33 2RL', 'scared']) expect(text).not.toContain(value);
  });

  it('works from the command line with --cache and --cache-location', async () => {
    const dir = project();
    const first = await run(dir, ['a.json', 'b.json', '--cache-location', 'out/cache.json', '--now', NOW, '-f', 'json']);
    const second = await run(dir, ['a.json', 'b.json', '--cache-location', 'out/cache.json', '--now', NOW, '-f', 'json']);
    expect(first.code).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(readFileSync(path.join(dir, 'out/cache.json'), 'utf8')).files['a.json'].referrals).toHaveLength(2);
  });
});

describe('--cache where it cannot be written', () => {
  it('is a usage error naming the place (exit 2), not an internal error', async () => {
    const dir = project();
    write(dir, 'blocker', 'a file, not a folder');
    const { code, stderr } = await run(dir, ['a.json', '--cache-location', 'blocker/cache.json', '--now', NOW]);
    expect(code).toBe(2);
    expect(stderr).toBe('referral-lint: cannot write the cache blocker/cache.json: EEXIST\n');
  });
});
