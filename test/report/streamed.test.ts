// The formats the command line writes as the run goes (json, sarif, github, csv, stylish, junit: each
// referral spooled as it is scored, the report written from the spool at the end,
// src/run/spool.ts) print, byte for byte, what their reporters print for the whole result.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reporters } from '../../src/report/index.js';
import { jsonParts } from '../../src/report/json.js';
import { junitParts } from '../../src/report/junit.js';
import { wholeReport } from '../../src/report/types.js';
import { runLint } from '../../src/run/lint.js';
import { Spool } from '../../src/run/spool.js';
import type { ReferralResult } from '../../src/model/types.js';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import { run } from '../cli-run.js';
import { ROOT, useTempDirs } from '../temp-files.js';

const NOW = '2026-11-01T06:00:00Z';
const STREAMED = ['json', 'sarif', 'github', 'csv', 'stylish', 'junit'] as const;
const temp = useTempDirs('streamed');

interface Case {
  paths: string[];
  cwd?: string;
  quiet?: boolean;
  agencies?: string[];
  jobs?: number;
  includePersonalData?: boolean;
  config?: string;
}

/** The report today's reporter prints for the whole result of the same run. */
async function whole(format: string, c: Case): Promise<string> {
  const { result, config } = await runLint({
    paths: c.paths,
    cwd: c.cwd ?? ROOT,
    now: NOW,
    ...(c.agencies ? { agencies: c.agencies } : {}),
    ...(c.jobs ? { jobs: c.jobs } : {}),
    ...(c.includePersonalData ? { includePersonalData: true } : {}),
    ...(c.config ? { configFile: c.config } : {}),
  });
  return reporters[format]!(result, { quiet: c.quiet, color: false, rules: new Map(config.registry.map((r) => [r.meta.id, r.meta])) });
}

function argsOf(format: string, c: Case): string[] {
  return [
    ...c.paths,
    '--format',
    format,
    '--now',
    NOW,
    ...(c.quiet ? ['--quiet'] : []),
    ...(c.agencies ?? []).flatMap((a) => ['--agency', a]),
    ...(c.jobs ? ['--jobs', String(c.jobs)] : []),
    ...(c.includePersonalData ? ['--include-personal-data'] : []),
    ...(c.config ? ['--config', c.config] : []),
  ];
}

/** The streamed report on stdout and in an --output-file equal the whole result's, and no spool is left behind. */
async function expectSame(format: string, c: Case): Promise<string> {
  const expected = await whole(format, c);
  const toStdout = await run(c.cwd ?? ROOT, argsOf(format, c));
  expect(toStdout.stdout).toBe(expected);
  const out = temp();
  const file = path.join(out, 'report.out');
  const toFile = await run(c.cwd ?? ROOT, [...argsOf(format, c), '--output-file', file]);
  expect(toFile.code).toBe(toStdout.code);
  expect(readFileSync(file, 'utf8')).toBe(expected);
  expect(readdirSync(out)).toEqual(['report.out']);
  return expected;
}

/** A folder with an export that fails part-way (two referrals, then broken JSON), one that fails outright, and a good one. */
function failingFolder(): string {
  const dir = temp();
  const good = [...exportChunks(generateReferrals({ count: 4, seed: 7 }), 'json')].join('');
  const broken = [...exportChunks(generateReferrals({ count: 3, seed: 8 }), 'json')].join('');
  writeFileSync(path.join(dir, 'a-part-way.json'), `${broken.slice(0, broken.lastIndexOf(',\n'))},\n{"id": oops}\n]}\n`);
  writeFileSync(path.join(dir, 'b-good.json'), good);
  writeFileSync(path.join(dir, 'c-broken.ndjson'), '{"id": "X-1"}\n{"id": \n');
  writeFileSync(path.join(dir, 'd-unreadable.json'), '{"referrals": [{"id": "Y"');
  return dir;
}

function batch(format: 'ndjson' | 'json'): string {
  const dir = temp();
  writeFileSync(path.join(dir, `batch.${format}`), [...exportChunks(generateReferrals({ count: 1200, seed: 1, defectRate: 'realistic' }), format)].join(''));
  return dir;
}

describe('reports written as the run goes', () => {
  for (const format of STREAMED) {
    describe(`--format ${format}`, () => {
      it('on the fixtures, plain, --quiet and --agency', async () => {
        const plain = await expectSame(format, { paths: ['fixtures/'] });
        expect(plain.length).toBeGreaterThan(1000);
        await expectSame(format, { paths: ['fixtures/'], quiet: true });
        await expectSame(format, { paths: ['fixtures/'], agencies: ['Westoe Primary School', 'POL'] });
        // A plugin whose rule crashes: internal errors, which junit gives to the referral they are about.
        await expectSame(format, { paths: ['fixtures/'], config: 'fixtures/configs/plugin.config.yaml' });
      });

      it('with a file that fails part-way and one that fails outright: their referrals are not reported', async () => {
        const dir = failingFolder();
        const report = await expectSame(format, { paths: ['.'], cwd: dir });
        if (format === 'json') {
          const parsed = JSON.parse(report) as { files: { path: string; error?: string; referrals: number }[]; referrals: { file: string }[] };
          expect(parsed.files.find((f) => f.path === 'a-part-way.json')).toMatchObject({ referrals: 0 });
          expect(parsed.files.find((f) => f.path === 'a-part-way.json')?.error).toBeDefined();
          expect(new Set(parsed.referrals.map((r) => r.file))).toEqual(new Set(['b-good.json', 'c-broken.ndjson']));
        }
      });

      it('with nothing to report', async () => {
        const dir = temp();
        writeFileSync(path.join(dir, 'empty.ndjson'), '');
        await expectSame(format, { paths: ['.'], cwd: dir });
      });
    });
  }

  it('on a generated batch of 1,200 referrals with a realistic defect rate, NDJSON and one JSON envelope, with one thread and two', async () => {
    for (const kind of ['ndjson', 'json'] as const) {
      const dir = batch(kind);
      const { result, config } = await runLint({ paths: ['.'], cwd: dir, now: NOW });
      const rules = new Map(config.registry.map((r) => [r.meta.id, r.meta]));
      expect(result.summary.referrals).toBe(1200);
      // An export like a real month's: most referrals have something wrong.
      expect(result.referrals.filter((r) => r.findings.length > 0).length).toBeGreaterThan(800);
      // One run writes the four reports from one spool; the NDJSON batch again with two threads.
      for (const jobs of kind === 'ndjson' ? ['1', '2'] : ['1']) {
        const out = temp();
        await run(dir, ['.', '--now', NOW, '--jobs', jobs, ...STREAMED.flatMap((f) => ['-f', f, '-o', path.join(out, f)])]);
        for (const format of STREAMED) expect(readFileSync(path.join(out, format), 'utf8'), `${kind}, ${format}, --jobs ${jobs}`).toBe(reporters[format]!(result, { color: false, rules }));
      }
    }
  }, 120_000);

  it('a file that fails part-way is taken back from the spool', async () => {
    const dir = failingFolder();
    const events: string[] = [];
    const spool = new Spool(dir);
    const listening = {
      startFile: () => (events.push('start'), spool.startFile()),
      referral: (r: ReferralResult) => (events.push(`referral ${r.file}`), spool.referral(r)),
      dropFile: () => (events.push('drop'), spool.dropFile()),
      endFile: () => (events.push('end'), spool.endFile()),
    };
    try {
      const { result } = await runLint({ paths: ['.'], cwd: dir, now: NOW, referralStream: listening });
      // The part-way file gave its referrals before it failed, and they were taken back.
      expect(events.slice(0, 4)).toEqual(['start', 'referral a-part-way.json', 'referral a-part-way.json', 'drop']);
      const spooled = [...spool.referrals()];
      expect(spooled).toEqual(result.referrals);
      expect(spool.counts).toEqual({ referrals: result.referrals.length, results: result.referrals.reduce((n, r) => n + r.findings.length + r.suppressed.length, 0) });
      expect(new Set(spooled.map((r) => r.file))).toEqual(new Set(['b-good.json', 'c-broken.ndjson']));
    } finally {
      spool.close();
    }
    expect(readdirSync(dir).some((f) => f.includes('spool'))).toBe(false);
  });

  it('the spool cuts a dropped file back past what it has written out, and reads back long lines whole', () => {
    const dir = temp();
    const spool = new Spool(dir);
    const referral = (id: string, size: number): ReferralResult =>
      ({ id, file: 'f', pointer: '', agency: 'A', sector: 'school', score: 100, band: null, rulesApplied: [], findings: [], suppressed: [], note: 'é'.repeat(size) }) as unknown as ReferralResult;
    try {
      expect(statSync(spool.file).mode & 0o777).toBe(0o600);
      spool.startFile();
      spool.referral(referral('kept-1', 10));
      spool.endFile();
      spool.startFile();
      // More than a write's worth (a megabyte): on disk already when the file is dropped.
      for (let i = 0; i < 5; i++) spool.referral(referral(`dropped-${i}`, 400_000));
      spool.dropFile();
      spool.startFile();
      spool.referral(referral('kept-2', 1_500_000));
      spool.referral(referral('kept-3', 3));
      spool.endFile();
      expect([...spool.referrals()].map((r) => [r.id, (r as unknown as { note: string }).note.length])).toEqual([
        ['kept-1', 10],
        ['kept-2', 1_500_000],
        ['kept-3', 3],
      ]);
      expect(spool.counts).toEqual({ referrals: 3, results: 0 });
    } finally {
      spool.close();
    }
    expect(existsSync(spool.file)).toBe(false);
  });

  it('with --include-personal-data, a new report file is readable by its owner only', async () => {
    const dir = temp();
    const file = path.join(dir, 'report.json');
    const r = await run(ROOT, ['fixtures/', '--format', 'json', '--now', NOW, '--include-personal-data', '--output-file', file]);
    expect(r.code).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(await whole('json', { paths: ['fixtures/'], includePersonalData: true }));
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('several reports from one spool: each the same as its reporter gives', async () => {
    const dir = temp();
    const files = Object.fromEntries(STREAMED.map((f) => [f, path.join(dir, `report.${f}`)]));
    const r = await run(ROOT, ['fixtures/', '--now', NOW, ...STREAMED.flatMap((f) => ['-f', f, '-o', files[f]!]), '-f', 'markdown']);
    for (const f of STREAMED) expect(readFileSync(files[f]!, 'utf8')).toBe(await whole(f, { paths: ['fixtures/'] }));
    expect(r.stdout).toBe(await whole('markdown', { paths: ['fixtures/'] }));
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(STREAMED.map((f) => `report.${f}`).sort());
  });

  it('stylish in colour on a terminal', async () => {
    const { result, config } = await runLint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    const r = await run(ROOT, ['fixtures/', '--now', NOW], undefined, {}, { isTTY: true });
    expect(r.stdout).toContain('\u001b[');
    expect(r.stdout).toBe(reporters.stylish!(result, { color: true, rules: new Map(config.registry.map((x) => [x.meta.id, x.meta])) }));
  });

  it('junit from the spool, agency by agency, gives rule crashes to the referrals they are about', async () => {
    const { result, config } = await runLint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    const options = { color: false, rules: new Map(config.registry.map((r) => [r.meta.id, r.meta])) };
    const crashed = structuredClone(result);
    const first = crashed.referrals[0]!;
    const last = crashed.referrals.at(-1)!;
    crashed.internalErrors.push(
      { ruleId: first.rulesApplied[0]!, referralId: first.id, file: first.file, pointer: first.pointer, message: 'x is undefined' },
      { ruleId: last.rulesApplied[1]!, referralId: last.id, file: last.file, pointer: last.pointer, message: 'y is undefined' },
    );
    const spool = new Spool(temp());
    try {
      spool.startFile();
      for (const r of crashed.referrals) spool.referral(r);
      spool.endFile();
      let text = '';
      await spool.write(junitParts({ ...crashed, referrals: [] }, options, spool.counts), (part) => {
        text += part;
      });
      expect(text).toBe(reporters.junit!(crashed, options));
      expect(text.match(/type="internal-error"/g)).toHaveLength(2);
    } finally {
      spool.close();
    }
  });

  it('with no folder to spool in, the reports are built from the whole result, the same', async () => {
    const expected = await whole('stylish', { paths: ['fixtures/'] });
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = path.join(temp(), 'not-there');
    try {
      const r = await run(ROOT, ['fixtures/', '--now', NOW]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(expected);
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
  });

  it('the JSON report in parts is the JSON report', async () => {
    const { result } = await runLint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    expect(wholeReport(jsonParts)(result, {})).toBe(reporters.json!(result, {}));
    expect(wholeReport(jsonParts)({ ...result, referrals: [] }, {})).toBe(reporters.json!({ ...result, referrals: [] }, {}));
  });
});
