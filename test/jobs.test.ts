// --jobs: worker threads read NDJSON referrals and run their rules; the main thread runs the
// batch rules in input order and takes results back in input order. Whatever the number of
// threads, the report is the same, byte for byte. The threads run the build (npm test
// builds before it runs the tests: src/run/pool.ts finds dist/src/run/worker.js).
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { packRuns, unpackRuns, type RuleRun } from '../src/engine/engine.js';
import type { Rule } from '../src/rule-api/rule.js';
import { exportChunks, generateReferrals } from '../tools/gen/generate.js';
import { run } from './cli-run.js';
import { NOW } from './helpers.js';
import { ioFixture, ROOT, useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('jobs');

/** Generated referrals (with each agency's defects, repeats among them) in NDJSON, and a few broken lines. */
function exportDir(): string {
  const dir = tempDir();
  const fd = openSync(path.join(dir, 'a-generated.ndjson'), 'w');
  try {
    for (const chunk of exportChunks(generateReferrals({ count: 3000, seed: 7, gapSeconds: 30 }), 'ndjson')) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  // A referral repeated in a later file, and the same child again under another id:
  // unique-referral, a batch rule, must see both across files and threads.
  const first = generateReferrals({ count: 1, seed: 7, gapSeconds: 30 }).next().value as Record<string, unknown>;
  write(dir, 'b-repeat.ndjson', `${JSON.stringify(first)}\n${JSON.stringify({ ...first, id: 'REF-SAME-CHILD' })}\n{"id": "broken\n[1, 2]\n`);
  for (const f of ['2026-10-front-door.json', '2026-10-health.yaml', '2026-10-police.ndjson']) copyFileSync(path.join(ROOT, 'fixtures', f), path.join(dir, `c-${f}`));
  write(dir, 'd-broken-line.ndjson', ioFixture('broken-line-personal.ndjson'));
  // JSON: an envelope of generated referrals, an element that is not valid JSON (the whole
  // file fails, placed as JSON.parse would place it) and an element that is no referral.
  const fdJson = openSync(path.join(dir, 'e-generated.json'), 'w');
  try {
    for (const chunk of exportChunks(generateReferrals({ count: 500, seed: 8, gapSeconds: 30 }), 'json')) writeSync(fdJson, chunk);
  } finally {
    closeSync(fdJson);
  }
  write(dir, 'f-bad-element.json', '{"referrals": [\n  {"id": "F-1"},\n  {"id": tru},\n  {"id": "F-3"}\n]}\n');
  write(dir, 'g-not-a-referral.json', '[{"id": "G-1"}, 42]\n');
  return dir;
}

describe('--jobs', () => {
  it('gives the same JSON report, byte for byte, with 1, 2 and 3 threads', { timeout: 120_000 }, async () => {
    const dir = exportDir();
    const args = (jobs: string) => ['.', '--format', 'json', '--now', '2026-12-01T00:00:00Z', '--jobs', jobs];
    const one = await run(dir, args('1'));
    const two = await run(dir, args('2'));
    const three = await run(dir, args('3'));
    expect(one.code).toBe(1);
    expect(one.stderr).toBe('');
    const report = JSON.parse(one.stdout) as {
      summary: { referrals: number; referralsFailed: number };
      files: { path: string; error?: string; line?: number; column?: number }[];
      referrals: { file: string; findings: { ruleId: string; message: string; line?: number }[] }[];
    };
    // The run is worth comparing: thousands of referrals, failed lines, repeats found, positions given.
    expect(report.summary.referrals).toBeGreaterThan(3500);
    expect(report.referrals.filter((r) => r.file === 'e-generated.json')).toHaveLength(500);
    expect(report.files.find((f) => f.path === 'f-bad-element.json')).toMatchObject({ error: 'not valid JSON: an unexpected character', line: 3, column: 10 });
    expect(report.referrals.some((r) => r.file === 'f-bad-element.json')).toBe(false);
    expect(report.summary.referralsFailed).toBeGreaterThanOrEqual(2);
    const findings = report.referrals.flatMap((r) => r.findings);
    const repeats = findings.filter((f) => f.ruleId === 'unique-referral');
    expect(repeats.some((f) => f.message.startsWith('id is the same id'))).toBe(true);
    expect(repeats.some((f) => f.message.startsWith('the same child, agency and day'))).toBe(true);
    expect(findings.every((f) => f.line !== undefined)).toBe(true);
    // YAML is read in this thread and its referrals' objects are sent to the workers; positions come from the document here.
    expect(report.referrals.some((r) => r.file === 'c-2026-10-health.yaml' && r.findings.length > 0)).toBe(true);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it('gives the same stylish report and exit code with a config of overrides', { timeout: 60_000 }, async () => {
    const dir = exportDir();
    write(dir, 'referral-lint.config.yaml', "extends: recommended\noverrides:\n  - files: ['a-*.ndjson']\n    rules:\n      referral-timely: 'off'\n");
    const one = await run(dir, ['.', '--now', NOW, '--jobs', '1']);
    const two = await run(dir, ['.', '--now', NOW, '--jobs', '2']);
    expect(two).toEqual(one);
    expect(one.stdout).toContain('unique-referral');
  });

  it('gives the same report for standard input, NDJSON and JSON, with 1 and 2 threads, and the report its file gets', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const ndjson = [...exportChunks(generateReferrals({ count: 1000, seed: 9, gapSeconds: 30 }), 'ndjson')].join('');
    const first = ndjson.slice(0, ndjson.indexOf('\n'));
    // A broken first line (NDJSON all the same), a repeat for unique-referral, a line that is no referral.
    const texts = {
      ndjson: `{"id": "broken\n${ndjson}${first}\n[1, 2]\n`,
      json: [...exportChunks(generateReferrals({ count: 300, seed: 10, gapSeconds: 30 }), 'json')].join(''),
      'bad-element.json': '{"referrals": [\n  {"id": "F-1"},\n  {"id": tru},\n  {"id": "F-3"}\n]}\n',
    };
    for (const [name, text] of Object.entries(texts)) {
      const file = name.includes('.') ? name : `in.${name}`;
      write(dir, file, text);
      const args = (input: string, jobs: string) => [input, '--format', 'json', '--now', '2026-12-01T00:00:00Z', '--jobs', jobs];
      const one = await run(dir, args('-', '1'), Readable.from([Buffer.from(text)]));
      const two = await run(dir, args('-', '2'), Readable.from([Buffer.from(text)]));
      expect(two, name).toEqual(one);
      const fromFile = await run(dir, args(file, '2'));
      expect(one.stdout.replaceAll('"path": "-"', `"path": "${file}"`).replaceAll('"file": "-"', `"file": "${file}"`), name).toBe(fromFile.stdout);
      const report = JSON.parse(one.stdout) as { files: { referrals: number; error?: string; line?: number; column?: number; failedReferrals: unknown[] }[]; referrals: { findings: { ruleId: string }[] }[] };
      if (name === 'ndjson') {
        expect(report.files[0]).toMatchObject({ referrals: 1001, failedReferrals: [{ line: 1 }, { line: 1003 }] });
        expect(report.referrals.some((r) => r.findings.some((f) => f.ruleId === 'unique-referral'))).toBe(true);
      }
      if (name === 'json') expect(report.files[0]!.referrals).toBe(300);
      if (name === 'bad-element.json') expect(report.files[0]).toMatchObject({ referrals: 0, error: 'not valid JSON: an unexpected character', line: 3, column: 10 });
    }
  });

  it('places findings after multi-byte characters at the same columns as standard input does: characters, not bytes', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const text = '[{"id": "REF-1", "child": {"givenName": "Zoë Ångström-Ødegård"}}, {"id": "REF-2", "zz": 1}]\n';
    write(dir, 'accents.json', text);
    const positions = async (args: string[], stdin?: NodeJS.ReadableStream): Promise<string[]> => {
      const { stdout } = await run(dir, [...args, '--strict', '--format', 'json', '--now', NOW], stdin);
      const report = JSON.parse(stdout) as { referrals: { findings: { ruleId: string; pointer: string; line?: number; column?: number }[] }[] };
      return report.referrals.flatMap((r) => r.findings.map((f) => `${f.ruleId} ${f.pointer} ${f.line}:${f.column}`));
    };
    const fromStdin = await positions(['-'], Readable.from([text]));
    // The unknown key's column is its index in the text, as a JavaScript string counts (UTF-16 code units), plus one.
    // Without --include-personal-data the finding points at the object holding the key, at the key's own place.
    expect(fromStdin).toContain(`schema-valid /1 1:${text.indexOf('"zz"') + 1}`);
    expect(await positions(['accents.json'])).toEqual(fromStdin);
    expect(await positions(['accents.json', '--jobs', '2'])).toEqual(fromStdin);
  });

  it('refuses a number of threads that is not a whole number from 1 to 64', async () => {
    for (const value of ['0', '1.5', 'many', '65']) {
      const result = await run(ROOT, ['fixtures/', '--jobs', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain('--jobs takes a whole number of threads from 1 to 64, or auto');
    }
  });
});

describe('rule runs packed for the way between threads', () => {
  it('unpack to what was packed, over more than 30 rules', () => {
    const config = resolveConfig({}, builtInRules as Rule<object>[], { now: NOW });
    const enabled = [...config.rules, ...config.rules].map((e, i) => ({ ...e, rule: { ...e.rule, meta: { ...e.rule.meta, id: `${e.rule.meta.id}-${i}` } } }));
    expect(enabled.length).toBeGreaterThan(30);
    const runs: RuleRun[] = [
      { id: enabled[0]!.rule.meta.id, applicable: true },
      { id: enabled[3]!.rule.meta.id, applicable: true, reports: [{ pointer: '/child', message: 'child is missing' }] },
      { id: enabled[29]!.rule.meta.id, readNow: true },
      { id: enabled[30]!.rule.meta.id, applicable: true, crash: 'boom', readNow: true },
      { id: enabled[enabled.length - 1]!.rule.meta.id, applicable: true },
    ];
    const packed = packRuns(enabled, runs);
    expect(packed.applied).toHaveLength(2);
    expect(unpackRuns(enabled, JSON.parse(JSON.stringify(packed)))).toEqual(runs);
  });
});
