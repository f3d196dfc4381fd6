// --timing: after the report, on stderr, the stages and rules that took longest (ESLint's
// TIMING=1). The report is the same with it, byte for byte; the table names real rules and
// stages, and its shares add up to the whole. No assertion here depends on how long anything
// took: the table's layout is checked on given totals, the run's on what it names. The --jobs
// cases run the build's worker (npm test builds first).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { timingRows, timingTable } from '../src/report/timing.js';
import { runLint } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { NOW } from './helpers.js';
import { ROOT } from './temp-files.js';

interface Row {
  name: string;
  kind: string;
  ms: number;
  share: number;
}

/** The table's rows, read back from stderr. */
function rowsOf(stderr: string): Row[] {
  const lines = stderr.split('\n');
  const head = lines.findIndex((l) => l.startsWith('Rule or stage '));
  expect(head, stderr).toBeGreaterThanOrEqual(0);
  expect(lines[head + 1]).toMatch(/^:-+\|:-+\|-+:\|-+:$/);
  const rows: Row[] = [];
  for (const line of lines.slice(head + 2)) {
    const cells = line.split(' | ');
    if (cells.length !== 4) break;
    rows.push({ name: cells[0]!.trim(), kind: cells[1]!.trim(), ms: Number(cells[2]), share: Number(cells[3]!.replace('%', '')) });
  }
  return rows;
}

const STAGES = ['configuration', 'reading', 'parsing', 'preparing', 'schema (schema-valid)', 'positions', 'tallying', 'reporting', 'other'];
const lintArgs = (...more: string[]): string[] => ['fixtures/', '--now', NOW, ...more];

describe('the --timing table', () => {
  const totals = {
    stages: { configuration: 5, reading: 20, parsing: 30, preparing: 2, positions: 4, tallying: 1, reporting: 10 },
    rules: { 'schema-valid': 15, 'consent-recorded': 6, 'acme/slow': 8, 'local/dsl': 1 },
  };
  const kindOf = (id: string): string => (id.startsWith('acme/') ? 'plugin rule' : id.includes('/') ? 'declarative rule' : 'rule');

  it('lists stages and rules longest first, each with its share of the total, and what is left as other', () => {
    const rows = timingRows({ totals, totalMs: 200, threads: 1 }, kindOf);
    expect(rows.map((r) => [r.name, r.kind, r.ms, Number(r.share.toFixed(1))])).toEqual([
      ['other', 'stage', 98, 49],
      ['parsing', 'stage', 30, 15],
      ['reading', 'stage', 20, 10],
      ['schema (schema-valid)', 'stage', 15, 7.5],
      ['reporting', 'stage', 10, 5],
      ['acme/slow', 'plugin rule', 8, 4],
      ['consent-recorded', 'rule', 6, 3],
      ['configuration', 'stage', 5, 2.5],
      ['positions', 'stage', 4, 2],
      ['preparing', 'stage', 2, 1],
      ['local/dsl', 'declarative rule', 1, 0.5],
      ['tallying', 'stage', 1, 0.5],
    ]);
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(100, 9);
  });

  it('prints ESLint\'s layout: at most 10 rows by default, a line for the total and one for the rows left out', () => {
    expect(timingTable({ totals, totalMs: 200, threads: 1 }, kindOf, 3)).toBe(
      [
        'Rule or stage | Kind  | Time (ms) | Relative',
        ':-------------|:------|----------:|--------:',
        'other         | stage |    98.000 |    49.0%',
        'parsing       | stage |    30.000 |    15.0%',
        'reading       | stage |    20.000 |    10.0%',
        'Total 200.000 ms in 1 thread.',
        '9 more rows: --timing all lists every stage and rule.',
        '',
      ].join('\n'),
    );
    expect(rowsOf(timingTable({ totals, totalMs: 200, threads: 1 }, kindOf))).toHaveLength(10);
    expect(timingTable({ totals, totalMs: 200, threads: 1 }, kindOf, 'all')).not.toContain('more row');
  });

  it('says when the total is the threads\' times added up', () => {
    const table = timingTable({ totals, totalMs: 200, threads: 3, wallMs: 120 }, kindOf, 'all');
    expect(table).toContain("Total 200.000 ms of thread time: the 3 threads' times added up (this one's and 2 workers'; 120.000 ms of wall-clock time, waits for the workers' results not counted).");
  });

  it('shares add up to 100 however the counted times exceed the total (no negative other)', () => {
    const rows = timingRows({ totals, totalMs: 50, threads: 1 }, kindOf);
    expect(rows.find((r) => r.name === 'other')!.ms).toBe(0);
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(100, 9);
  });
});

describe('referral-lint --timing', () => {
  it('leaves every report byte for byte as it is: stylish, json, csv', { timeout: 60_000 }, async () => {
    for (const format of ['stylish', 'json', 'csv']) {
      const without = await run(ROOT, lintArgs('-f', format));
      const timed = await run(ROOT, lintArgs('-f', format, '--timing'));
      expect(timed.stdout, format).toBe(without.stdout);
      expect(timed.code, format).toBe(without.code);
      expect(without.stderr, format).not.toContain('Time (ms)');
      expect(timed.stdout, format).not.toContain('Time (ms)');
      expect(timed.stderr.startsWith(without.stderr), format).toBe(true);
      expect(timed.stderr, format).toContain('Rule or stage');
    }
  });

  it('times CSV and Excel rows too, the report unchanged', { timeout: 60_000 }, async () => {
    const args = ['--mapping', 'examples/form-export/mapping.yaml', 'examples/form-export/2026-10-front-door.csv', 'examples/form-export/2026-10-front-door.xlsx', '--now', NOW, '-f', 'json'];
    const without = await run(ROOT, args);
    const timed = await run(ROOT, [...args, '--timing', 'all']);
    expect(timed.stdout).toBe(without.stdout);
    const rows = rowsOf(timed.stderr);
    for (const name of ['parsing', 'reading', 'configuration', 'consent-recorded']) expect(rows.map((r) => r.name), name).toContain(name);
    expect(rows.find((r) => r.name === 'parsing')!.ms).toBeGreaterThan(0);
  });

  it('names the stages and the real rules, with shares that add up to 100', async () => {
    const { stderr } = await run(ROOT, lintArgs('-f', 'json', '--timing', 'all'));
    const rows = rowsOf(stderr);
    const names = rows.map((r) => r.name);
    for (const name of [...STAGES, 'consent-recorded', 'unique-referral', 'key-information-present']) expect(names, name).toContain(name);
    expect(rows.find((r) => r.name === 'consent-recorded')!.kind).toBe('rule');
    expect(rows.find((r) => r.name === 'reading')!.kind).toBe('stage');
    for (const r of rows) {
      expect(Number.isFinite(r.ms) && r.ms >= 0, r.name).toBe(true);
      expect(Number.isFinite(r.share) && r.share >= 0 && r.share <= 100, r.name).toBe(true);
    }
    // Each share is rounded to a tenth: the sum is 100 to within half a tenth a row.
    expect(Math.abs(rows.reduce((sum, r) => sum + r.share, 0) - 100)).toBeLessThanOrEqual(rows.length * 0.05);
    expect(stderr).toMatch(/^Total \d+\.\d{3} ms in 1 thread\.$/m);
    expect(stderr).not.toContain('more row');
  });

  it('lists the 10 longest by default, or as many as asked; --timing may come before the paths', async () => {
    const byDefault = await run(ROOT, ['--timing', 'fixtures/', '--now', NOW]);
    expect(byDefault.code).toBe(1);
    expect(rowsOf(byDefault.stderr)).toHaveLength(10);
    expect(byDefault.stderr).toMatch(/^\d+ more rows: --timing all lists every stage and rule\.$/m);
    const three = await run(ROOT, lintArgs('--timing', '3'));
    expect(rowsOf(three.stderr)).toHaveLength(3);
    const equals = await run(ROOT, lintArgs('--timing=2'));
    expect(rowsOf(equals.stderr)).toHaveLength(2);
  });

  it('refuses a number of rows that is not one', async () => {
    for (const value of ['0', '-1']) {
      const result = await run(ROOT, lintArgs(`--timing=${value}`));
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain('--timing takes a number of rows (1 or more) or all');
    }
  });

  it('goes with --quiet: the quiet report unchanged, the table after it', async () => {
    const without = await run(ROOT, lintArgs('--quiet'));
    const timed = await run(ROOT, lintArgs('--quiet', '--timing'));
    expect(timed.stdout).toBe(without.stdout);
    expect(timed.code).toBe(without.code);
    expect(rowsOf(timed.stderr)).toHaveLength(10);
  });

  it('with --jobs 2, adds up the worker thread\'s stages and rules and says so', { timeout: 60_000 }, async () => {
    const without = await run(ROOT, lintArgs('-f', 'json'));
    const timed = await run(ROOT, lintArgs('-f', 'json', '--jobs', '2', '--timing', 'all'));
    expect(timed.stdout).toBe(without.stdout);
    const names = rowsOf(timed.stderr).map((r) => r.name);
    for (const name of [...STAGES, 'consent-recorded', 'unique-referral']) expect(names, name).toContain(name);
    expect(timed.stderr).toMatch(/^Total \d+\.\d{3} ms of thread time: the 2 threads' times added up \(this one's and 1 worker's; \d+\.\d{3} ms of wall-clock time, waits for the workers' results not counted\)\.$/m);
  });

  it('names a plugin\'s rule and a declarative rule by their ids', async () => {
    const plugin = await run(ROOT, lintArgs('-c', 'fixtures/configs/plugin.config.yaml', '--timing', 'all'));
    expect(rowsOf(plugin.stderr)).toContainEqual(expect.objectContaining({ name: 'local/interpreter-language-stated', kind: 'plugin rule' }));
    const declarative = await run(ROOT, lintArgs('-c', 'fixtures/configs/dsl-consulted.config.yaml', '--timing', 'all'));
    expect(rowsOf(declarative.stderr)).toContainEqual(expect.objectContaining({ name: 'local/dsl-consulted', kind: 'declarative rule' }));
  });
});

describe('runLint({ timing })', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns the timings beside a result that is the same without them', async () => {
    const options = { paths: ['fixtures/'], cwd: ROOT, now: NOW };
    const timed = await runLint({ ...options, timing: true });
    const plain = await runLint(options);
    expect(JSON.stringify(timed.result)).toBe(JSON.stringify(plain.result));
    expect(plain.timings).toBeUndefined();
    expect(timed.timings!.threads).toBe(1);
    expect([...timed.timings!.timings.rules.keys()]).toEqual(expect.arrayContaining(['schema-valid', 'consent-recorded', 'unique-referral']));
    expect(timed.timings!.timings.get('parsing')).toBeGreaterThan(0);
  });

  it('reads no clock when off', async () => {
    const now = vi.spyOn(performance, 'now');
    await runLint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    expect(now).not.toHaveBeenCalled();
    await runLint({ paths: ['fixtures/'], cwd: ROOT, now: NOW, timing: true });
    expect(now).toHaveBeenCalled();
  });
});
