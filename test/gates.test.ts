// Gates (--max-warnings, --min-score, --min-clean-rate, --fail-on new): each passing and
// failing, the exit code, and what every format says about it; and the summary of a run in
// which nothing could be linted.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run, runJson } from './cli-run.js';
import { NOW, otherChild } from './helpers.js';
import { lint } from '../src/run/lint.js';
import { evaluateGates } from '../src/score/gates.js';
import { exitCodeFor } from '../src/score/exit.js';
import { againstLimit, gateLines, gateSentence } from '../src/report/format.js';
import type { GateResult, LintResult } from '../src/model/types.js';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-gates-'));
  temps.push(dir);
  return dir;
}
function write(dir: string, rel: string, content: unknown): void {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const school = { 'referrer.agency': 'Example School', 'referrer.sector': 'school', 'referrer.sourceCode': '2A' };

/**
 * One warning and no error with consent-recorded set to warning: Example Police scores 95 (100 less 5 for the failed warning rule)
 * under the deficit model; Example School 100.
 */
function oneWarning(): string {
  const dir = tempDir();
  write(dir, 'r.json', [otherChild('REF-S-1', { 'consent.status': undefined }), otherChild('REF-S-2', school)]);
  return dir;
}
const WARNING_ARGS = ['r.json', '--rule', 'consent-recorded:warning', '--now', NOW];

/** Example Police: one referral of two with an error (threshold-applied), 50% clean; Example School 100%. */
function halfClean(dir = tempDir(), bothFail = false): string {
  const rationale = { 'threshold.rationale': undefined };
  write(dir, 'c.json', [otherChild('REF-C-1', rationale), otherChild('REF-C-2', bothFail ? rationale : {}), otherChild('REF-C-3', school)]);
  return dir;
}

describe('evaluateGates', () => {
  const result = (over: Partial<LintResult['summary']>, agencies: { name: string; score: number | null; cleanRate: number | null }[], newErrors?: number): LintResult =>
    ({
      summary: { warnings: 0, errors: 0, internalErrors: 0, filesFailed: 0, referralsFailed: 0, ...over },
      agencies,
      ...(newErrors !== undefined ? { baseline: { newErrors } } : {}),
    }) as unknown as LintResult;
  const two = [
    { name: 'Harbour Youth Trust', score: 64.5, cleanRate: 14.29 },
    { name: 'Example Police', score: 91.2, cleanRate: 80 },
  ];

  it('gives one entry per gate set, per agency for --min-score and --min-clean-rate, in a fixed order', () => {
    expect(evaluateGates(result({ warnings: 3 }, two, 2), { maxWarnings: 0, minScore: 70, minCleanRate: 50, failOn: 'new' })).toEqual([
      { gate: 'fail-on', limit: 0, actual: 2, passed: false },
      { gate: 'max-warnings', limit: 0, actual: 3, passed: false },
      { gate: 'min-score', limit: 70, actual: 64.5, passed: false, agency: 'Harbour Youth Trust' },
      { gate: 'min-score', limit: 70, actual: 91.2, passed: true, agency: 'Example Police' },
      { gate: 'min-clean-rate', limit: 50, actual: 14.29, passed: false, agency: 'Harbour Youth Trust' },
      { gate: 'min-clean-rate', limit: 50, actual: 80, passed: true, agency: 'Example Police' },
    ]);
  });

  it('sets no gate for a negative --max-warnings, --fail-on error, or --fail-on new without a baseline', () => {
    expect(evaluateGates(result({ warnings: 3 }, two), { maxWarnings: -1, failOn: 'new' })).toEqual([]);
    expect(evaluateGates(result({ warnings: 3 }, two, 1), { failOn: 'error' })).toEqual([]);
  });

  it('passes at the limit: warnings equal to --max-warnings, a score or clean rate equal to the minimum', () => {
    expect(evaluateGates(result({ warnings: 2 }, two), { maxWarnings: 2, minScore: 64.5, minCleanRate: 14.29 }).every((g) => g.passed)).toBe(true);
    expect(evaluateGates(result({ warnings: 2 }, two), { minScore: 64.51 }).map((g) => g.passed)).toEqual([false, true]);
  });

  it('with no agency scored, gives one passed entry with actual null, and agencies without a score are not held', () => {
    expect(evaluateGates(result({}, []), { minScore: 70, minCleanRate: 50 })).toEqual([
      { gate: 'min-score', limit: 70, actual: null, passed: true },
      { gate: 'min-clean-rate', limit: 50, actual: null, passed: true },
    ]);
    expect(evaluateGates(result({}, [{ name: 'A', score: null, cleanRate: null }, two[1]!]), { minScore: 95 })).toEqual([
      { gate: 'min-score', limit: 95, actual: 91.2, passed: false, agency: 'Example Police' },
    ]);
  });

  it('exitCodeFor: 1 for a failed gate, 0 when every gate passed; errors, failed files and crashes come first as before', () => {
    expect(exitCodeFor(result({ warnings: 3 }, two), { maxWarnings: 3, minScore: 60, minCleanRate: 10 })).toBe(0);
    expect(exitCodeFor(result({ warnings: 3 }, two), { minCleanRate: 15 })).toBe(1);
    expect(exitCodeFor(result({ errors: 1 }, two, 0), { failOn: 'new' })).toBe(0);
    expect(exitCodeFor(result({ errors: 1 }, two, 1), { failOn: 'new' })).toBe(1);
    expect(exitCodeFor(result({ internalErrors: 1 }, two), { minScore: 0 })).toBe(2);
  });
});

describe('gate sentences', () => {
  const g = (over: Partial<GateResult>): GateResult => ({ gate: 'max-warnings', limit: 0, actual: 0, passed: true, ...over });

  it('says what was measured, the limit and the flag, failed or passed', () => {
    expect(gateSentence(g({ actual: 3, passed: false }))).toBe('3 warnings, more than --max-warnings 0');
    expect(gateSentence(g({ actual: 1, limit: 1 }))).toBe('1 warning, within --max-warnings 1');
    expect(gateSentence(g({ gate: 'min-score', limit: 70, actual: 64.5, passed: false, agency: 'Harbour Youth Trust' }))).toBe('Harbour Youth Trust scored 64.5, below --min-score 70');
    expect(gateSentence(g({ gate: 'min-score', limit: 70, actual: 70, agency: 'A' }))).toBe('A scored 70.0, at least --min-score 70');
    expect(gateSentence(g({ gate: 'min-clean-rate', limit: 50, actual: 14.29, passed: false, agency: 'B' }))).toBe('B has 14.3% clean referrals, below --min-clean-rate 50');
    expect(gateSentence(g({ gate: 'fail-on', actual: 2, passed: false }))).toBe('2 new errors (not in the baseline), --fail-on new allows none');
    expect(gateSentence(g({ gate: 'fail-on' }))).toBe('no new errors, as --fail-on new requires');
    expect(gateSentence(g({ gate: 'min-score', limit: 70, actual: null }))).toBe('no agency has a score for --min-score 70 to check');
  });

  it('never rounds a value onto the other side of its limit', () => {
    expect(againstLimit(69.96, 70)).toBe('69.96');
    expect(againstLimit(69.999, 70)).toBe('69.999');
    expect(againstLimit(64.5, 70)).toBe('64.5');
    expect(againstLimit(70, 70)).toBe('70.0');
    expect(againstLimit(96.3, 96.31)).toBe('96.3');
    expect(againstLimit(96.32, 96.31)).toBe('96.32');
  });

  it('lists each failed agency, or one line with the lowest value when every agency passed', () => {
    const entries: GateResult[] = [
      { gate: 'min-score', limit: 70, actual: 64.5, passed: false, agency: 'Harbour Youth Trust' },
      { gate: 'min-score', limit: 70, actual: 91.2, passed: true, agency: 'Example Police' },
      { gate: 'min-clean-rate', limit: 10, actual: 14.29, passed: true, agency: 'Harbour Youth Trust' },
      { gate: 'min-clean-rate', limit: 10, actual: 80, passed: true, agency: 'Example Police' },
    ];
    expect(gateLines(entries)).toEqual([
      { gate: 'min-score', passed: false, text: 'Harbour Youth Trust scored 64.5, below --min-score 70' },
      { gate: 'min-clean-rate', passed: true, text: 'every agency has at least 10% clean referrals, as --min-clean-rate 10 asks (lowest 14.3%)' },
    ]);
  });
});

describe('every format says which gate failed', () => {
  const FAILING = ['--max-warnings', '0', '--min-score', '97'];
  const PASSING = ['--max-warnings', '1', '--min-score', '95'];

  it('stylish: a line per gate after the summary line, and exit 1 only when one failed', async () => {
    const dir = oneWarning();
    const failed = await run(dir, [...WARNING_ARGS, ...FAILING]);
    expect(failed.code).toBe(1);
    expect(failed.stdout.split('\n').slice(-4)).toEqual([
      '⚠ 1 problem (0 errors, 1 warning); 2 referrals from 1 file; score 97.5 (good); clean 100.0%; config none',
      '✖ 1 warning, more than --max-warnings 0',
      '✖ Example Police scored 95.0, below --min-score 97',
      '',
    ]);
    const passed = await run(dir, [...WARNING_ARGS, ...PASSING]);
    expect(passed.code).toBe(0);
    expect(passed.stdout.split('\n').slice(-3)).toEqual(['✔ 1 warning, within --max-warnings 1', '✔ every agency scored at least --min-score 95 (lowest 95.0)', '']);
    const none = await run(dir, WARNING_ARGS);
    expect(none.stdout.endsWith('clean 100.0%; config none\n')).toBe(true);
  });

  it('stylish: colour marks the gate lines, beside the words', async () => {
    const r = await run(oneWarning(), [...WARNING_ARGS, '--max-warnings', '0', '--min-score', '95'], undefined, {}, { isTTY: true });
    expect(r.stdout).toContain('\u001b[31m✖\u001b[39m 1 warning, more than --max-warnings 0\n\u001b[32m✔\u001b[39m every agency scored at least --min-score 95 (lowest 95.0)\n');
  });

  it('json: gates with gate, limit, actual, passed and the agency; none without a gate', async () => {
    const dir = oneWarning();
    const failed = await runJson(dir, [...WARNING_ARGS, ...FAILING]);
    expect(failed.code).toBe(1);
    expect(failed.report.gates).toEqual([
      { gate: 'max-warnings', limit: 0, actual: 1, passed: false },
      { gate: 'min-score', limit: 97, actual: 95, passed: false, agency: 'Example Police' },
      { gate: 'min-score', limit: 97, actual: 100, passed: true, agency: 'Example School' },
    ]);
    expect((await runJson(dir, [...WARNING_ARGS, ...PASSING])).report.gates).toEqual([
      { gate: 'max-warnings', limit: 1, actual: 1, passed: true },
      { gate: 'min-score', limit: 95, actual: 95, passed: true, agency: 'Example Police' },
      { gate: 'min-score', limit: 95, actual: 100, passed: true, agency: 'Example School' },
    ]);
    expect('gates' in (await runJson(dir, WARNING_ARGS)).report).toBe(false);
  });

  it('github: a failed gate is an error annotation and a job-summary line; a passed one a log line', async () => {
    const dir = oneWarning();
    const summary = path.join(dir, 'summary.md');
    const failed = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', 'github'], undefined, { GITHUB_STEP_SUMMARY: summary });
    expect(failed.code).toBe(1);
    expect(failed.stdout.split('\n').slice(-4)).toEqual([
      'referral-lint: 2 referrals from 1 file; 1 problem (0 errors, 1 warning); score 97.5 (good); clean 100.0%',
      '::error title=failed gate --max-warnings::1 warning, more than --max-warnings 0',
      '::error title=failed gate --min-score::Example Police scored 95.0, below --min-score 97',
      '',
    ]);
    const lines = readFileSync(summary, 'utf8').split('\n');
    expect(lines).toContain('- ✖ **Gate failed:** 1 warning, more than --max-warnings 0');
    expect(lines).toContain('- ✖ **Gate failed:** Example Police scored 95.0, below --min-score 97');
    rmSync(summary);
    const passed = await run(dir, [...WARNING_ARGS, ...PASSING, '-f', 'github'], undefined, { GITHUB_STEP_SUMMARY: summary });
    expect(passed.code).toBe(0);
    expect(passed.stdout.split('\n').slice(-3)).toEqual([
      'referral-lint: gate passed: 1 warning, within --max-warnings 1',
      'referral-lint: gate passed: every agency scored at least --min-score 95 (lowest 95.0)',
      '',
    ]);
    expect(readFileSync(summary, 'utf8')).toContain('- ✔ **Gate passed:** 1 warning, within --max-warnings 1\n- ✔ **Gate passed:** every agency scored at least --min-score 95 (lowest 95.0)\n');
  });

  it('junit: a last suite, gates, with a test case per entry, failed with the reason', async () => {
    const dir = oneWarning();
    const failed = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', 'junit']);
    expect(failed.stdout).toContain(
      [
        '  <testsuite name="gates" tests="3" failures="2" errors="0" skipped="0" time="0">',
        '    <testcase name="--max-warnings 0" classname="gates">',
        '      <failure message="1 warning, more than --max-warnings 0" type="gate"/>',
        '    </testcase>',
        '    <testcase name="--min-score 97 (Example Police)" classname="gates">',
        '      <failure message="Example Police scored 95.0, below --min-score 97" type="gate"/>',
        '    </testcase>',
        '    <testcase name="--min-score 97 (Example School)" classname="gates"/>',
        '  </testsuite>',
        '</testsuites>',
      ].join('\n'),
    );
    const passed = await run(dir, [...WARNING_ARGS, ...PASSING, '-f', 'junit']);
    expect(passed.stdout).toContain('<testsuite name="gates" tests="3" failures="0" errors="0" skipped="0" time="0">\n    <testcase name="--max-warnings 1" classname="gates"/>');
    expect((await run(dir, [...WARNING_ARGS, '-f', 'junit'])).stdout).not.toContain('gates');
  });

  it('markdown: a line per gate in the run summary', async () => {
    const dir = oneWarning();
    const failed = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', 'markdown']);
    expect(failed.stdout).toContain(
      '- **Score:** 97.5 (good); **clean:** 100.0% of referrals have no error\n- ✖ **Gate failed:** 1 warning, more than --max-warnings 0\n- ✖ **Gate failed:** Example Police scored 95.0, below --min-score 97\n\n| Agency |',
    );
    const passed = await run(dir, [...WARNING_ARGS, ...PASSING, '-f', 'markdown']);
    expect(passed.stdout).toContain('- ✔ **Gate passed:** 1 warning, within --max-warnings 1\n- ✔ **Gate passed:** every agency scored at least --min-score 95 (lowest 95.0)\n');
  });

  it('html: a Gates list in the summary, each line Failed or Passed in words', async () => {
    const dir = oneWarning();
    const items = (html: string): string[] =>
      [...html.matchAll(/<li class="(gate-[a-z]+)">\s*<strong>([^<]*)<\/strong>\s*([^<]*?)\s*<\/li>/g)].map((m) => `${m[1]} ${m[2]}${m[3]}`);
    const failed = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', 'html']);
    expect(failed.stdout).toContain('<h3 id="gates-h">Gates</h3>');
    expect(items(failed.stdout)).toEqual(['gate-failed ✖ Failed: 1 warning, more than --max-warnings 0', 'gate-failed ✖ Failed: Example Police scored 95.0, below --min-score 97']);
    const passed = await run(dir, [...WARNING_ARGS, ...PASSING, '-f', 'html']);
    expect(items(passed.stdout)).toEqual(['gate-passed ✔ Passed: 1 warning, within --max-warnings 1', 'gate-passed ✔ Passed: every agency scored at least --min-score 95 (lowest 95.0)']);
    expect((await run(dir, [...WARNING_ARGS, '-f', 'html'])).stdout).not.toContain('gates-h');
  });

  it('sarif: the entries in run.properties.gates, and no result for a gate', async () => {
    const dir = oneWarning();
    const r = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', 'sarif']);
    const log = JSON.parse(r.stdout) as { runs: { properties: { gates?: unknown }; results: unknown[] }[] };
    expect(log.runs[0]!.properties.gates).toEqual([
      { gate: 'max-warnings', limit: 0, actual: 1, passed: false },
      { gate: 'min-score', limit: 97, actual: 95, passed: false, agency: 'Example Police' },
      { gate: 'min-score', limit: 97, actual: 100, passed: true, agency: 'Example School' },
    ]);
    expect(log.runs[0]!.results).toHaveLength(1);
    const plain = JSON.parse((await run(dir, [...WARNING_ARGS, '-f', 'sarif'])).stdout) as typeof log;
    expect('gates' in plain.runs[0]!.properties).toBe(false);
  });

  it('csv and csv-agencies: unchanged by gates (the exit code still is)', async () => {
    const dir = oneWarning();
    for (const format of ['csv', 'csv-agencies']) {
      const gated = await run(dir, [...WARNING_ARGS, ...FAILING, '-f', format]);
      expect(gated.code).toBe(1);
      expect(gated.stdout).toBe((await run(dir, [...WARNING_ARGS, '-f', format])).stdout);
    }
  });
});

describe('--min-clean-rate and --fail-on new', () => {
  it('with --fail-on new, the clean rate and the new errors decide the exit code, and stylish says why', async () => {
    const dir = halfClean();
    expect((await run(dir, ['c.json', '--now', NOW, '-f', 'json', '-o', 'base.json'])).code).toBe(1);
    const args = ['c.json', '--now', NOW, '--baseline', 'base.json', '--fail-on', 'new'];

    const passed = await run(dir, [...args, '--min-clean-rate', '50']);
    expect(passed.code).toBe(0);
    expect(passed.stdout.split('\n').slice(-3)).toEqual(['✔ no new errors, as --fail-on new requires', '✔ every agency has at least 50% clean referrals, as --min-clean-rate 50 asks (lowest 50.0%)', '']);

    const failed = await runJson(dir, [...args, '--min-clean-rate', '60']);
    expect(failed.code).toBe(1);
    expect(failed.report.gates).toEqual([
      { gate: 'fail-on', limit: 0, actual: 0, passed: true },
      { gate: 'min-clean-rate', limit: 60, actual: 50, passed: false, agency: 'Example Police' },
      { gate: 'min-clean-rate', limit: 60, actual: 100, passed: true, agency: 'Example School' },
    ]);

    halfClean(dir, true);
    const worse = await run(dir, [...args, '--min-clean-rate', '60', '-f', 'github']);
    expect(worse.code).toBe(1);
    expect(worse.stdout.split('\n').slice(-3)).toEqual([
      '::error title=failed gate --fail-on::1 new error (not in the baseline), --fail-on new allows none',
      // % is escaped as workflow commands escape it (%25); the runner shows it as %.
      '::error title=failed gate --min-clean-rate::Example Police has 0.0%25 clean referrals, below --min-clean-rate 60',
      '',
    ]);
  });

  it('with --fail-on error, names the agencies below it; the errors fail the run anyway', async () => {
    const r = await run(halfClean(), ['c.json', '--now', NOW, '--min-clean-rate', '75']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['✖ Example Police has 50.0% clean referrals, below --min-clean-rate 75', '']);
  });
});

describe('gate flags', () => {
  it.each([
    ['--min-score', '101'],
    ['--min-score', '-1'],
    ['--min-score', 'high'],
    ['--min-clean-rate', '100.5'],
    ['--min-clean-rate', '-0.1'],
    ['--min-clean-rate', ''],
  ])('%s %s is a usage error (exit 2) that gives the range', async (flag, value) => {
    const r = await run(oneWarning(), [...WARNING_ARGS, flag, value]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${flag} takes a number from 0 to 100`);
  });

  it.each([
    ['--min-score', '0'],
    ['--min-score', '100'],
    ['--min-clean-rate', '0'],
    ['--min-clean-rate', '100'],
  ])('%s %s is in range', async (flag, value) => {
    expect((await run(oneWarning(), [...WARNING_ARGS, flag, value])).code).toBe(flag === '--min-score' && value === '100' ? 1 : 0);
  });

  it('--help shows no -1 default and lists --min-clean-rate', async () => {
    const r = await run(tempDir(), ['--help']);
    expect(r.stdout).not.toMatch(/default: -1\b/); // a number option has no -1 "no limit" default shown
    expect(r.stdout).toContain('--min-clean-rate <n>');
    expect(r.stdout).toContain('(default: no limit)');
  });

  it('lint() takes the gates and puts their outcome in the result', async () => {
    const dir = oneWarning();
    const result = await lint({ paths: ['r.json'], cwd: dir, now: NOW, rules: ['consent-recorded:warning'], gates: { maxWarnings: 0 } });
    expect(result.gates).toEqual([{ gate: 'max-warnings', limit: 0, actual: 1, passed: false }]);
    expect(exitCodeFor(result, { maxWarnings: 0 })).toBe(1);
    expect((await lint({ paths: ['r.json'], cwd: dir, now: NOW })).gates).toBeUndefined();
  });
});

describe('a run in which nothing could be linted', () => {
  function broken(): string {
    const dir = tempDir();
    write(dir, 'bad.json', '{');
    write(dir, 'bad.yaml', 'x: [');
    return dir;
  }

  it('stylish says no referral was linted, rather than a score of -', async () => {
    const r = await run(broken(), ['bad.json', 'bad.yaml', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['✖ no referral was linted (2 files could not be linted), so there is no score or clean rate', '']);
    expect(r.stdout).not.toContain('score -');
  });

  it('github and markdown say so too', async () => {
    const dir = broken();
    const github = await run(dir, ['bad.json', '--now', NOW, '-f', 'github']);
    expect(github.stdout.split('\n').slice(-2)).toEqual(['referral-lint: no referral was linted (1 file could not be linted), so there is no score or clean rate', '']);
    const markdown = await run(dir, ['bad.json', '--now', NOW, '-f', 'markdown']);
    expect(markdown.stdout).toContain('- **Score:** none: no referral was linted, so there is no score or clean rate\n');
  });

  it('a file with referrals that all failed is counted by referral', async () => {
    const dir = tempDir();
    write(dir, 'r.ndjson', 'not json\n42\n');
    const r = await run(dir, ['r.ndjson', '--now', NOW]);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['✖ no referral was linted (2 referrals could not be linted), so there is no score or clean rate', '']);
  });
});
