// Linear time on the runner and positions path: a referral with twice the findings (or twice
// the lintIgnore entries) costs at most about twice the work. Each case runs in this process
// at n and 2n, alternately, five times each after a warm-up; the medians of their CPU time
// (never a wall-clock time) are compared. Linear work gives a ratio near 2, work that compares
// every finding with every other thing (the defects these tests guard against) near 4 or more:
// the sizes are those at which the quadratic code measured 3.8 to 7.
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lint } from '../../src/run/lint.js';
import type { JsonObject } from '../../src/domain/referral.js';
import { NOW, cleanReferral, edit } from '../helpers.js';
import { useTempDirs, write } from '../temp-files.js';
import type { LintResult } from '../../src/model/types.js';

const tempDir = useTempDirs('linear-engine');

/** Above 2 (linear) with room for noise on a shared machine; below 4 (quadratic). */
const MAX_RATIO = 3;
const REPEATS = 5;

// A full garbage collection before each measured run, so that none is left over from the run before.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function cpuMs(work: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** CPU time at 2n over CPU time at n: medians of REPEATS runs of each, alternated, after a warm-up run at n / 8. */
async function growth(n: number, work: (size: number) => Promise<unknown>): Promise<{ ratio: number; small: number; big: number }> {
  await work(Math.ceil(n / 8));
  const small: number[] = [];
  const big: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    small.push(await cpuMs(() => work(n)));
    big.push(await cpuMs(() => work(2 * n)));
  }
  return { ratio: median(big) / median(small), small: median(small), big: median(big) };
}

const count = (result: LintResult, ruleId: string): number => result.referrals.flatMap((r) => r.findings).filter((f) => f.ruleId === ruleId).length;

describe('the runner and positions do work linear in the findings', () => {
  it('schema-valid\'s fields: other rules\' findings are checked against them by pointer, not one by one', async () => {
    // Every episode's startedAt is a number (a schema-valid finding); missing-episodes-recorded reports three fields of each episode beside it.
    const referral = (n: number): JsonObject =>
      edit(cleanReferral(), { 'concerns.categories': ['missing'], missingEpisodes: Array.from({ length: n }, (_, i) => ({ startedAt: i })) });
    const work = async (n: number): Promise<LintResult> => {
      const result = await lint({ referrals: [referral(n)], label: 'episodes.json', now: NOW });
      expect(count(result, 'schema-valid')).toBe(n);
      expect(count(result, 'missing-episodes-recorded')).toBe(3 * n);
      return result;
    };
    const first = await work(2);
    expect(first.referrals[0]!.findings.filter((f) => f.pointer.startsWith('/0/missingEpisodes/1/')).map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      'schema-valid /0/missingEpisodes/1/startedAt',
      'missing-episodes-recorded /0/missingEpisodes/1/classification',
      'missing-episodes-recorded /0/missingEpisodes/1/riskLevel',
      'missing-episodes-recorded /0/missingEpisodes/1/reportedToPolice',
    ]);
    const { ratio, small, big } = await growth(2_500, work);
    expect(ratio, `2,500 episodes: ${small.toFixed(0)} ms; 5,000: ${big.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });

  it('lintIgnore: the entries of a rule are gathered in one list, not copied entry by entry', async () => {
    // A clean referral: each entry suppresses nothing, and unused-suppression reports each one.
    const referral = (n: number): JsonObject =>
      edit(cleanReferral(), { lintIgnore: Array.from({ length: n }, () => ({ rule: 'consent-recorded', reason: 'Consent recorded on paper form 17; the export drops it.' })) });
    const work = async (n: number): Promise<LintResult> => {
      const result = await lint({ referrals: [referral(n)], label: 'ignore.json', now: NOW, reportUnusedSuppressions: true });
      expect(count(result, 'unused-suppression')).toBe(n);
      return result;
    };
    const first = await work(2);
    expect(first.referrals[0]!.findings.map((f) => `${f.ruleId} ${f.pointer} ${f.message}`)).toEqual([
      'unused-suppression /0/lintIgnore/0 lintIgnore[0] suppressed nothing: its rule reported no finding on this referral',
      'unused-suppression /0/lintIgnore/1 lintIgnore[1] suppressed nothing: its rule reported no finding on this referral',
    ]);
    const { ratio, small, big } = await growth(20_000, work);
    expect(ratio, `20,000 entries: ${small.toFixed(0)} ms; 40,000: ${big.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });

  it('YAML: each finding is placed through its mapping\'s keys and its list\'s index, not by searching the list', async () => {
    const dir = tempDir();
    const work = async (n: number): Promise<LintResult> => {
      const file = `disabilities-${n}.yaml`;
      write(dir, file, stringify(edit(cleanReferral(), { 'child.disabilities': Array.from({ length: n }, () => 'NOT-A-CODE') })));
      const result = await lint({ paths: [file], cwd: dir, now: NOW });
      const findings = result.referrals[0]!.findings.filter((f) => f.ruleId === 'schema-valid');
      expect(findings).toHaveLength(n);
      // `disabilities:` is a line of its own, its items the lines after it, two spaces further in than the key.
      const key = findings[0]!.line! - 1;
      expect(findings.at(-1)).toMatchObject({ pointer: `/child/disabilities/${n - 1}`, line: key + n, column: findings[0]!.column });
      return result;
    };
    const { ratio, small, big } = await growth(20_000, work);
    expect(ratio, `20,000 codes: ${small.toFixed(0)} ms; 40,000: ${big.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });

  it('JSON with --strict: each finding is placed through its object\'s keys, not by searching them from the top', async () => {
    const dir = tempDir();
    const work = async (n: number): Promise<LintResult> => {
      const file = `keys-${n}.json`;
      const data: JsonObject = cleanReferral();
      for (let i = 0; i < n; i += 1) data[`unknown${i}`] = i;
      write(dir, file, JSON.stringify(data, null, 1));
      const result = await lint({ paths: [file], cwd: dir, now: NOW, strict: true });
      const findings = result.referrals[0]!.findings.filter((f) => f.ruleId === 'schema-valid');
      expect(findings).toHaveLength(n);
      // One key a line, after the clean referral's lines; the last key is on the file's last line but one.
      const lines = JSON.stringify(data, null, 1).split('\n').length;
      // Without --include-personal-data the finding points at the object holding the key (here the referral), placed at the key itself.
      expect(findings.at(-1)).toMatchObject({ pointer: '', line: lines - 1, column: 2 });
      return result;
    };
    const { ratio, small, big } = await growth(20_000, work);
    expect(ratio, `20,000 keys: ${small.toFixed(0)} ms; 40,000: ${big.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });

  it('YAML: the line of each item of a list that is no referral is found by its index, not by searching the list', async () => {
    const dir = tempDir();
    const work = async (n: number): Promise<LintResult> => {
      const file = `numbers-${n}.yaml`;
      write(dir, file, '- 1\n'.repeat(n));
      const result = await lint({ paths: [file], cwd: dir, now: NOW });
      const failed = result.files[0]!.failedReferrals;
      expect(failed).toHaveLength(n);
      expect(failed.at(-1)).toEqual({ pointer: `/${n - 1}`, line: n, reason: 'expected a referral object, found a number' });
      return result;
    };
    const { ratio, small, big } = await growth(40_000, work);
    expect(ratio, `40,000 items: ${small.toFixed(0)} ms; 80,000: ${big.toFixed(0)} ms`).toBeLessThan(MAX_RATIO);
  });
});

