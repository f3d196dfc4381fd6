// Trends: two runs of changed data, compared by referral id + rule + pointer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWithBaseline, findingKey } from '../src/score/baseline.js';
import { readBaseline } from '../src/load/baseline-file.js';
import { UsageError } from '../src/model/errors.js';
import { exitCodeFor } from '../src/score/exit.js';
import { lint } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { BASELINE_CONFIG, NOW, baselineRuns, edit, octoberExport, otherChild } from './helpers.js';
import type { LintResult } from '../src/model/types.js';

const config = BASELINE_CONFIG;
const october = octoberExport;
const runs = (): ReturnType<typeof baselineRuns> => baselineRuns();

/** A report as a test damages it: any part may be made to hold anything. */
type Damaged = { summary: unknown; agencies: unknown[]; referrals: unknown[] };

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('comparison with a baseline report', () => {
  it('marks each finding new or not by referral id, rule and pointer inside the referral, whatever the file and order', async () => {
    const { before, after } = await runs();
    expect(before.referrals.map((r) => [r.id, r.findings.map((f) => `${f.ruleId} ${f.pointer}`)])).toEqual([
      ['REF-A', ['consent-recorded /0/consent/status']],
      ['REF-B', ['child-voice-recorded /1/childsViews']],
      ['REF-C', []],
    ]);
    expect(after.referrals.map((r) => [r.id, r.findings.map((f) => `${f.ruleId} ${f.pointer} ${f.isNew}`)])).toEqual([
      ['REF-D', ['threshold-applied /0/threshold/rationale true']],
      ['REF-B', ['threshold-applied /1/threshold/rationale true', 'child-voice-recorded /1/childsViews false']],
      ['REF-A', []],
    ]);
  });

  it('counts new and fixed findings overall and per agency, and the score changes from the two reports', async () => {
    const { before, after } = await runs();
    const b = after.baseline!;
    expect(b).toMatchObject({ file: '(in memory)', previousNow: before.summary.now, newFindings: 2, newErrors: 2, fixedFindings: 1 });
    expect(b.fixed).toEqual([{ referralId: 'REF-A', agency: 'Agency One', ruleId: 'consent-recorded', severity: 'error', pointer: '/consent/status' }]);
    expect(b.previousScore).toBe(before.summary.score);
    expect(b.scoreChange).toBe(Math.round((after.summary.score! - before.summary.score!) * 100) / 100);
    const byName = Object.fromEntries(b.agencies.map((a) => [a.name, a]));
    const score = (r: LintResult, name: string) => r.agencies.find((a) => a.name === name)!.score!;
    expect(byName['Agency One']).toEqual({
      name: 'Agency One',
      previousScore: score(before, 'Agency One'),
      scoreChange: Math.round((score(after, 'Agency One') - score(before, 'Agency One')) * 100) / 100,
      newFindings: 1,
      fixedFindings: 1,
    });
    expect(byName['Agency Two']).toMatchObject({ newFindings: 1, fixedFindings: 0 });
    expect(b.agencies.map((a) => a.name)).toEqual(after.agencies.map((a) => a.name));
  });

  it('does not call a finding fixed when its referral is simply not in this run', async () => {
    const before = await lint({ referrals: october(), label: 'october.json', now: NOW, config });
    const after = await lint({ referrals: [otherChild('REF-Z')], label: 'later.json', now: NOW, config, baseline: before });
    expect(after.baseline).toMatchObject({ newFindings: 0, fixedFindings: 0, fixed: [] });
  });

  it('gives an agency new to this run no previous score and no change', async () => {
    const before = await lint({ referrals: october(), label: 'october.json', now: NOW, config });
    const after = await lint({ referrals: [otherChild('REF-N', { 'referrer.agency': 'Agency Three' })], label: 'n.json', now: NOW, config, baseline: before });
    expect(after.baseline!.agencies).toEqual([{ name: 'Agency Three', previousScore: null, scoreChange: null, newFindings: 0, fixedFindings: 0 }]);
  });

  it('keys a referral without an id by its file and place', async () => {
    const noId = edit(otherChild('X', { 'consent.status': undefined }), { id: undefined });
    const before = await lint({ referrals: [noId], label: 'a.json', now: NOW, config });
    const same = await lint({ referrals: [noId], label: 'a.json', now: NOW, config, baseline: before });
    const moved = await lint({ referrals: [noId], label: 'b.json', now: NOW, config, baseline: before });
    expect(same.baseline!.newFindings).toBe(0);
    expect(moved.baseline!.newFindings).toBe(moved.summary.errors);
    expect(findingKey({ id: null, file: 'a.json', pointer: '/0' }, { ruleId: 'r', pointer: '/0/x' })).toBe('at:a.json#/0\u0000r\u0000/x');
  });

  it('--fail-on new: only error findings the baseline lacks fail; without a baseline every error does', async () => {
    const before = await lint({ referrals: october(), label: 'october.json', now: NOW, config });
    const unchanged = await lint({ referrals: october(), label: 'october.json', now: NOW, config, baseline: before });
    expect([unchanged.summary.errors, unchanged.summary.warnings]).toEqual([1, 1]);
    expect(unchanged.baseline!.newErrors).toBe(0);
    expect(exitCodeFor(unchanged, { failOn: 'new' })).toBe(0);
    expect(exitCodeFor(unchanged, { failOn: 'error' })).toBe(1);
    const { after } = await runs();
    expect(exitCodeFor(after, { failOn: 'new' })).toBe(1);
    expect(exitCodeFor(before, { failOn: 'new' })).toBe(1);
  });

  it('compares without recomputing: the same report against itself changes nothing', async () => {
    const { before } = await runs();
    const again = structuredClone(before);
    const c = compareWithBaseline(again, before, 'same.json');
    expect(c).toMatchObject({ scoreChange: 0, newFindings: 0, fixedFindings: 0, newErrors: 0 });
    expect(c.agencies.every((a) => a.scoreChange === 0)).toBe(true);
  });

  it('reads a baseline file, and names the file and what was expected when it is not a JSON report', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-baseline-'));
    temps.push(dir);
    const good = path.join(dir, 'good.json');
    const { before } = await runs();
    writeFileSync(good, JSON.stringify(before));
    expect(readBaseline(good, 'good.json').summary.score).toBe(before.summary.score);
    writeFileSync(path.join(dir, 'broken.json'), '{"summary": ');
    expect(() => readBaseline(path.join(dir, 'broken.json'), 'broken.json')).toThrow('--baseline broken.json: not JSON; expected a report written by referral-lint --format json');
    writeFileSync(path.join(dir, 'export.json'), JSON.stringify({ referrals: [{ id: 'R1' }] }));
    expect(() => readBaseline(path.join(dir, 'export.json'), 'export.json')).toThrow('--baseline export.json: not a referral-lint JSON report');
    expect(() => readBaseline(path.join(dir, 'none.json'), 'none.json')).toThrow('--baseline none.json: no such file');
  });

  it.each([
    ['an agency that is null', (r: Damaged) => (r.agencies = [null]), '/agencies/0 should be an agency (an object with name and score), found null'],
    ['agencies that are not a list', (r: Damaged) => (r.agencies = {} as never), '/agencies should be a list, found an object'],
    ['an agency whose score is text', (r: Damaged) => ((r.agencies[1] as Record<string, unknown>).score = '80'), '/agencies/1/score should be a score (a number, or null), found text'],
    ['an agency without a name', (r: Damaged) => delete (r.agencies[0] as Record<string, unknown>).name, '/agencies/0/name should be text, found nothing'],
    ['a summary that is a list', (r: Damaged) => (r.summary = []), '/summary should be an object, found a list'],
    ['a summary without the time of its run', (r: Damaged) => delete (r.summary as Record<string, unknown>).now, '/summary/now should be the date and time of the run, found nothing'],
    ['a summary time that is not a date', (r: Damaged) => ((r.summary as Record<string, unknown>).now = 'last Tuesday'), '/summary/now should be the date and time of the run, found text'],
    ['a referral that is null', (r: Damaged) => (r.referrals[2] = null), '/referrals/2 should be a referral (an object with id, file, pointer and findings), found null'],
    ['a referral id that is a number', (r: Damaged) => ((r.referrals[0] as Record<string, unknown>).id = 7), '/referrals/0/id should be text, or null, found a number'],
    ['findings that are null', (r: Damaged) => ((r.referrals[0] as Record<string, unknown>).findings = null), '/referrals/0/findings should be a list, found null'],
    ['a finding that is null', (r: Damaged) => ((r.referrals[1] as Record<string, unknown>).findings = [null]), '/referrals/1/findings/0 should be a finding (an object with ruleId, severity and pointer), found null'],
    ['a finding of an unknown severity', (r: Damaged) => (((r.referrals[0] as { findings: Record<string, unknown>[] }).findings[0]!.severity = 'fatal')), '/referrals/0/findings/0/severity should be one of error, warning, info, found text'],
  ])('refuses a report with %s as a usage error that names the place, never an internal error', async (_damage, damage, problem) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-baseline-'));
    temps.push(dir);
    const report = JSON.parse(JSON.stringify((await runs()).before)) as Damaged;
    damage(report);
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(report));
    expect(() => readBaseline(path.join(dir, 'b.json'), 'b.json')).toThrow(
      new UsageError(`--baseline b.json: not a referral-lint JSON report: ${problem}; expected a report written by referral-lint --format json`),
    );
  });

  it('ends a run with such a baseline with exit 2 and one line, as other bad baselines do', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-baseline-'));
    temps.push(dir);
    const report = JSON.parse(JSON.stringify((await runs()).before)) as Damaged;
    report.agencies = [null];
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify(report));
    writeFileSync(path.join(dir, 'r.json'), JSON.stringify(october()));
    const r = await run(dir, ['r.json', '--baseline', 'b.json', '--now', NOW]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'referral-lint: --baseline b.json: not a referral-lint JSON report: /agencies/0 should be an agency (an object with name and score), found null; expected a report written by referral-lint --format json\n',
    ]);
  });
});
