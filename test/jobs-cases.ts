// --jobs at a given size: the same report, byte for byte, whatever the number of threads.
// test/jobs.test.ts runs these cases at a size that still spans several batches of work for
// every thread and more referrals than the runner keeps in flight (src/run/pool.ts,
// src/engine/runner.ts); test/slow/jobs-scale.test.ts runs them at thousands of referrals.
// The threads run the build (src/run/pool.ts finds dist/src/run/worker.js).
import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportChunks, generateReferrals } from '../tools/gen/generate.js';
import { run } from './cli-run.js';
import { NOW } from './helpers.js';
import { ioFixture, ROOT, useTempDirs, write } from './temp-files.js';

export interface JobsSize {
  /** Generated referrals in the NDJSON file of the folder linted. */
  ndjson: number;
  /** Generated referrals in the JSON envelope of the folder linted. */
  json: number;
  /** Generated referrals in the NDJSON text read from standard input and from a file. */
  stdinNdjson: number;
  /** Generated referrals in the JSON text read from standard input and from a file. */
  stdinJson: number;
}

export function jobsCases(size: JobsSize): void {
  const tempDir = useTempDirs('jobs');

  /** Generated referrals (with each agency's defects, repeats among them) in NDJSON, and a few broken lines. */
  function exportDir(): string {
    const dir = tempDir();
    const fd = openSync(path.join(dir, 'a-generated.ndjson'), 'w');
    try {
      for (const chunk of exportChunks(generateReferrals({ count: size.ndjson, seed: 7, gapSeconds: 30 }), 'ndjson')) writeSync(fd, chunk);
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
      for (const chunk of exportChunks(generateReferrals({ count: size.json, seed: 8, gapSeconds: 30 }), 'json')) writeSync(fdJson, chunk);
    } finally {
      closeSync(fdJson);
    }
    write(dir, 'f-bad-element.json', '{"referrals": [\n  {"id": "F-1"},\n  {"id": tru},\n  {"id": "F-3"}\n]}\n');
    write(dir, 'g-not-a-referral.json', '[{"id": "G-1"}, 42]\n');
    return dir;
  }

  describe(`--jobs over ${size.ndjson + size.json} generated referrals in a folder, ${size.stdinNdjson + size.stdinJson} on standard input`, () => {
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
      // The run is worth comparing: many referrals, failed lines, repeats found, positions given.
      expect(report.summary.referrals).toBeGreaterThan(size.ndjson + size.json);
      expect(report.referrals.filter((r) => r.file === 'e-generated.json')).toHaveLength(size.json);
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
      const ndjson = [...exportChunks(generateReferrals({ count: size.stdinNdjson, seed: 9, gapSeconds: 30 }), 'ndjson')].join('');
      const first = ndjson.slice(0, ndjson.indexOf('\n'));
      // A broken first line (NDJSON all the same), a repeat for unique-referral, a line that is no referral.
      const texts = {
        ndjson: `{"id": "broken\n${ndjson}${first}\n[1, 2]\n`,
        json: [...exportChunks(generateReferrals({ count: size.stdinJson, seed: 10, gapSeconds: 30 }), 'json')].join(''),
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
          // The generated referrals and the repeat; the broken first line and the list after the repeat failed.
          expect(report.files[0]).toMatchObject({ referrals: size.stdinNdjson + 1, failedReferrals: [{ line: 1 }, { line: size.stdinNdjson + 3 }] });
          expect(report.referrals.some((r) => r.findings.some((f) => f.ruleId === 'unique-referral'))).toBe(true);
        }
        if (name === 'json') expect(report.files[0]!.referrals).toBe(size.stdinJson);
        if (name === 'bad-element.json') expect(report.files[0]).toMatchObject({ referrals: 0, error: 'not valid JSON: an unexpected character', line: 3, column: 10 });
      }
    });
  });
}
