// The command line, driven in-process: exit codes, gates, formats, paths, stdin, agencies,
// and that no personal data reaches the terminal.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { FORMAT_NAMES } from '../src/report/index.js';
import type { JsonObject } from '../src/domain/referral.js';
import { run, runJson } from './cli-run.js';
import { canaryReferrals, otherChild, cleanReferral, NOW } from './helpers.js';
import type { LintResult } from '../src/model/types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures-io');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** The JSON report is the LintResult contract, serialised. */
type Report = LintResult;

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-cli-'));
  temps.push(dir);
  return dir;
}
function write(dir: string, rel: string, content: string | unknown): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return full;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const VERSION = (JSON.parse(readFileSync(path.join(FIXTURES, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
/** A clean referral about another child, so referrals of one test do not repeat each other (unique-referral). */
const withId = (id: string, fields: Record<string, unknown> = {}): JsonObject => otherChild(id, fields);
const noConsentStatus = (id: string): JsonObject => withId(id, { 'consent.status': undefined });
const lineOf = (text: string, start: string): number => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('exit codes', () => {
  it('exits 0 for a clean referral, with an empty problem list', async () => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    const r = await run(dir, ['clean.json', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('✔ 0 problems (0 errors, 0 warnings); 1 referral from 1 file; score 100.0 (good); clean 100.0%');
    expect(r.stdout).not.toContain('clean.json\n');
  });

  it('exits 1 with an error finding, reported with its rule, pointer, severity and position', async () => {
    const dir = tempDir();
    const text = JSON.stringify(noConsentStatus('REF-E-1'), null, 2);
    write(dir, 'r.json', text);
    const { code, report } = await runJson(dir, ['r.json']);
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ files: 1, filesFailed: 0, referrals: 1, errors: 1, warnings: 0 });
    const consentLine = lineOf(text, '  "consent": {');
    expect(consentLine).toBeGreaterThan(1);
    expect(report.referrals[0]!.findings).toEqual([
      {
        ruleId: 'consent-recorded',
        severity: 'error',
        message: 'consent.status is not recorded: say whether consent was given, refused or not sought',
        pointer: '/consent/status',
        line: consentLine,
        column: 3,
      },
    ]);
  });

  it('lists an error finding in stylish output as line:col, severity, id, message, rule', async () => {
    const dir = tempDir();
    const text = JSON.stringify([cleanReferral(), noConsentStatus('REF-E-2')], null, 2);
    write(dir, 'r.json', text);
    const r = await run(dir, ['r.json', '--now', NOW]);
    expect(r.code).toBe(1);
    const line = text.split('\n').findIndex((l, i) => i > lineOf(text, '    "id": "REF-E-2"') && l.startsWith('    "consent": {')) + 1;
    expect(r.stdout).toContain(
      `r.json\n  ${line}:5  error  REF-E-2  consent.status is not recorded: say whether consent was given, refused or not sought  consent-recorded\n`,
    );
    // A clean referral's applicable rules weigh 29 (nine errors at 3, two warnings at 1): 26/29 = 89.66.
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings); 2 referrals from 1 file; score 87.5 (requires-improvement); clean 50.0%');
  });

  it('exits 1 when a file cannot be parsed, even with no finding', async () => {
    const dir = tempDir();
    write(dir, 'broken.json', fixture('malformed-personal.json'));
    const r = await run(dir, ['broken.json', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.json\n  4:14  error    file not linted: not valid JSON: an unexpected character  failed-file\n');
    // Nothing was linted: the summary says so, rather than a score of `-`.
    expect(r.stdout).toContain('\n✖ no referral was linted (1 file could not be linted), so there is no score or clean rate\n');
  });

  it('exits 1 when a list item is not a referral object', async () => {
    const dir = tempDir();
    write(dir, 'items.json', '[\n  42\n]\n');
    const { code, report } = await runJson(dir, ['items.json']);
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ files: 1, filesFailed: 0, referrals: 0, referralsFailed: 1 });
    expect(report.files[0]!.failedReferrals).toEqual([{ pointer: '/0', line: 2, reason: 'expected a referral object, found a number' }]);
  });

  it('lints and scores the other files of a batch that holds a malformed JSON file, which is listed with its line', async () => {
    const dir = tempDir();
    write(dir, 'batch/a-good.json', [withId('REF-A-1'), withId('REF-A-2')]);
    write(dir, 'batch/b-broken.json', fixture('malformed-personal.json'));
    write(dir, 'batch/c-good.ndjson', `${JSON.stringify(noConsentStatus('REF-C-1'))}\n`);
    const { code, report, stderr } = await runJson(dir, ['batch']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(report.summary).toMatchObject({ files: 3, filesFailed: 1, referrals: 3, referralsFailed: 0, errors: 1, warnings: 0 });
    expect(report.files).toEqual([
      { path: 'batch/a-good.json', referrals: 2, failedReferrals: [] },
      { path: 'batch/b-broken.json', referrals: 0, error: 'not valid JSON: an unexpected character', line: 4, column: 14, failedReferrals: [] },
      { path: 'batch/c-good.ndjson', referrals: 1, failedReferrals: [] },
    ]);
    expect(report.referrals.map((r) => [r.id, r.file, r.pointer, r.score])).toEqual([
      ['REF-A-1', 'batch/a-good.json', '/0', 100],
      ['REF-A-2', 'batch/a-good.json', '/1', 100],
      ['REF-C-1', 'batch/c-good.ndjson', '', 75],
    ]);
    expect(report.referrals[2]!.line).toBe(1);
    expect(report.agencies).toHaveLength(1);
    expect(report.agencies[0]).toMatchObject({ name: 'Example Police', referrals: 3, score: 91.67, band: 'good', cleanRate: 66.67, errors: 1 });
  });

  it('exits 2 when no input matches, naming the argument on stderr', async () => {
    const dir = tempDir();
    const r = await run(dir, ['missing.json', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("referral-lint: No referral files match 'missing.json' (looked for .json .yaml .yml .ndjson .jsonl .csv .tsv .xlsx)\n");
  });

  it('exits 2 when no path is given', async () => {
    const r = await run(tempDir(), ['--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('referral-lint: No input:');
  });

  it.each([
    ['a rule set to an unknown severity', 'rules:\n  consent-recorded: loud\n', 'rules.consent-recorded'],
    ['a level with an unknown pathway', 'thresholdModel:\n  levels:\n    - level: 1\n      pathway: nowhere\n', 'thresholdModel.levels[0].pathway'],
    ['an unknown top-level key', 'colour: blue\n', 'colour: unknown key'],
    ['an unknown rule id', 'rules:\n  no-such-rule: error\n', 'rules.no-such-rule'],
    ['an unknown rule option', 'rules:\n  threshold-applied:\n    options:\n      minLength: 3\n', 'rules.threshold-applied.options.minLength'],
  ])('exits 2 for an invalid config file (%s), naming the key path', async (_name, yaml, keyPath) => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    write(dir, 'referral-lint.config.yaml', yaml);
    const r = await run(dir, ['clean.json', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^referral-lint: /);
    expect(r.stderr).toContain(keyPath);
  });

  it('exits 2 for an invalid config named with --config', async () => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    write(dir, 'conf/mine.json', { thresholdModel: { levels: [{ level: 1, pathway: 'social-care' }, { level: 2 }] } });
    const r = await run(dir, ['clean.json', '--config', 'conf/mine.json', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('thresholdModel.levels[1].pathway: is required');
  });

  it('exits 2 for an unknown --rule id', async () => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    const r = await run(dir, ['clean.json', '--rule', 'no-such-rule:error', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('referral-lint: --rule no-such-rule:error: no rule has the id no-such-rule\n');
  });

  it('exits 2 for a --rule without a valid severity', async () => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    const r = await run(dir, ['clean.json', '--rule', 'consent-recorded:loud', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('referral-lint: --rule consent-recorded:loud: expected <rule-id>:<off|error|warning|info>\n');
  });

  it.each(['yesterday', '2026-13-01T09:00:00Z', '01/11/2026'])('exits 2 for --now %s', async (now) => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    const r = await run(dir, ['clean.json', '--now', now]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('referral-lint: --now: expected an RFC 3339 date-time such as 2026-11-01T09:00:00Z\n');
  });

  it('exits 2 for an unknown format', async () => {
    const dir = tempDir();
    write(dir, 'clean.json', cleanReferral());
    const r = await run(dir, ['clean.json', '--format', 'xml', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--format xml is not a format: use one of stylish, json, sarif');
  });
});

describe('gates', () => {
  async function twoWarnings(): Promise<string> {
    const dir = tempDir();
    write(dir, 'r.json', [noConsentStatus('REF-W-1'), noConsentStatus('REF-W-2'), withId('REF-W-3')]);
    return dir;
  }

  it('reports findings of a rule set to warning as warnings, and exits 0 without a gate', async () => {
    const dir = await twoWarnings();
    const { code, report } = await runJson(dir, ['r.json', '--rule', 'consent-recorded:warning']);
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 2 });
    expect(report.referrals[0]!.findings.map((f) => [f.ruleId, f.severity, f.pointer])).toEqual([['consent-recorded', 'warning', '/0/consent/status']]);
  });

  it.each([
    ['3', 0],
    ['2', 0],
    ['1', 1],
    ['0', 1],
    ['-1', 0],
  ])('--max-warnings %s with 2 warnings exits %i', async (max, expected) => {
    const dir = await twoWarnings();
    const r = await run(dir, ['r.json', '--rule', 'consent-recorded:warning', '--max-warnings', max, '--now', NOW]);
    expect(r.code).toBe(expected);
  });

  it('exits 2 for a --max-warnings that is not a number', async () => {
    const dir = await twoWarnings();
    const r = await run(dir, ['r.json', '--max-warnings', 'many', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-warnings takes a number');
  });

  it.each([
    ['90', 0],
    ['95', 0],
    ['95.01', 1],
    ['100', 1],
  ])('--min-score %s with an agency scoring 95 exits %i', async (min, expected) => {
    const dir = tempDir();
    // consent-recorded, set to warning, fails: 100 − 5 = 95.
    write(dir, 'r.json', [noConsentStatus('REF-S-1'), withId('REF-S-2', { 'referrer.agency': 'Example School', 'referrer.sector': 'school', 'referrer.sourceCode': '2A' })]);
    const { code, report } = await runJson(dir, ['r.json', '--rule', 'consent-recorded:warning', '--min-score', min]);
    expect(report.agencies.map((a) => [a.name, a.score])).toEqual([
      ['Example Police', 95],
      ['Example School', 100],
    ]);
    expect(code).toBe(expected);
  });

  it('--quiet hides warnings in stylish output but still counts them', async () => {
    const dir = await twoWarnings();
    const loud = await run(dir, ['r.json', '--rule', 'consent-recorded:warning', '--now', NOW]);
    const quiet = await run(dir, ['r.json', '--rule', 'consent-recorded:warning', '--quiet', '--now', NOW]);
    expect(loud.stdout).toContain('warning  REF-W-1  consent.status is not recorded');
    expect(loud.stdout).toContain('warning  REF-W-2  consent.status is not recorded');
    expect(quiet.stdout).not.toContain('consent.status is not recorded');
    expect(quiet.stdout).not.toContain('r.json\n');
    expect(quiet.stdout).toContain('⚠ 2 problems (0 errors, 2 warnings); 3 referrals from 1 file');
    expect(quiet.code).toBe(0);
    const gated = await run(dir, ['r.json', '--rule', 'consent-recorded:warning', '--quiet', '--max-warnings', '1', '--now', NOW]);
    expect(gated.code).toBe(1);
  });

  it('--quiet still lists errors', async () => {
    const dir = tempDir();
    write(dir, 'r.json', [noConsentStatus('REF-Q-1'), withId('REF-Q-2', { 'threshold.rationale': undefined })]);
    const r = await run(dir, ['r.json', '--rule', 'consent-recorded:warning', '--quiet', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('REF-Q-1');
    expect(r.stdout).toContain('error  REF-Q-2  threshold.rationale is missing, empty or a placeholder: say why this level applies  threshold-applied');
  });
});

describe('--format json', () => {
  it('follows the JSON report contract', async () => {
    const dir = tempDir();
    const text = JSON.stringify({ export: { schemaVersion: 1 }, referrals: [cleanReferral(), noConsentStatus('REF-J-2')] }, null, 2);
    write(dir, 'exports/env.json', text);
    const { code, report, stderr } = await runJson(dir, ['exports']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    for (const key of ['tool', 'summary', 'files', 'referrals', 'agencies', 'sectors', 'dimensions', 'rules']) expect(report).toHaveProperty(key);
    expect(report.tool).toEqual({ name: 'referral-lint', version: VERSION });
    expect(report.summary).toMatchObject({ files: 1, filesFailed: 0, referrals: 2, errors: 1, warnings: 0, score: 87.5, band: 'requires-improvement' });
    expect(report.summary.scoring).toEqual({ model: 'deficit', penalties: { error: 25, warning: 5, info: 0 }, bands: { good: 90, 'requires-improvement': 70 } });
    expect(report.files).toEqual([{ path: 'exports/env.json', referrals: 2, failedReferrals: [] }]);

    expect(report.referrals).toHaveLength(2);
    expect(report.referrals[0]).toMatchObject({ id: 'REF-TEST-0001', file: 'exports/env.json', pointer: '/referrals/0', agency: 'Example Police', sector: 'police', score: 100, band: 'good', findings: [] });
    const second = report.referrals[1]!;
    expect(second).toMatchObject({ id: 'REF-J-2', file: 'exports/env.json', pointer: '/referrals/1', agency: 'Example Police', sector: 'police', score: 75, band: 'requires-improvement' });
    const secondStart = text.split('\n').findIndex((l) => l === '      "id": "REF-J-2",');
    expect(second.line).toBe(secondStart); // the line of the referral's opening brace, just above its id
    const consentLine = text.split('\n').findIndex((l, i) => i > secondStart && l.startsWith('      "consent": {')) + 1;
    expect(second.findings).toEqual([
      {
        ruleId: 'consent-recorded',
        severity: 'error',
        message: 'consent.status is not recorded: say whether consent was given, refused or not sought',
        pointer: '/referrals/1/consent/status',
        line: consentLine,
        column: 7,
      },
    ]);

    expect(report.agencies).toHaveLength(1);
    expect(report.agencies[0]).toMatchObject({ name: 'Example Police', sector: 'police', referrals: 2, score: 87.5, band: 'requires-improvement', cleanRate: 50, errors: 1, warnings: 0 });
    expect(report.agencies[0]!.rules['consent-recorded']).toEqual({ applicable: 2, failed: 1 });
    expect(report.agencies[0]!.rules['schema-valid']).toEqual({ applicable: 2, failed: 0 });
    expect(report.sectors.map((s) => [s.name, s.referrals, s.score])).toEqual([['police', 2, 87.5]]);
    expect(report.dimensions.find((d) => d.name === 'compliance')).toMatchObject({ score: 87.5 });
    expect(report.dimensions.find((d) => d.name === 'validity')).toMatchObject({ score: 100 });
    expect(report.dimensions.find((d) => d.name === 'timeliness')).toMatchObject({ score: 100, referrals: 2 });
    expect(report.dimensions.find((d) => d.name === 'accuracy')).toMatchObject({ score: null, referrals: 0 });
    expect(report.rules.find((r) => r.id === 'consent-recorded')).toMatchObject({ dimension: 'compliance', severity: 'error', weight: 3, penalty: 25, applicable: 2, failed: 1 });
    expect(report.rules.find((r) => r.id === 'threshold-applied')).toMatchObject({ dimension: 'completeness', severity: 'error', applicable: 2, failed: 0 });
  });

  it('gives paths relative to cwd with forward slashes, with ../ for files outside it', async () => {
    const dir = tempDir();
    write(dir, 'data/deep/r.json', noConsentStatus('REF-P-1'));
    mkdirSync(path.join(dir, 'work', 'here'), { recursive: true });
    const { report } = await runJson(path.join(dir, 'work', 'here'), ['../../data']);
    expect(report.files.map((f) => f.path)).toEqual(['../../data/deep/r.json']);
    expect(report.referrals.map((r) => r.file)).toEqual(['../../data/deep/r.json']);
  });

  it('--output-file writes the report there and prints nothing to stdout', async () => {
    const dir = tempDir();
    write(dir, 'r.json', noConsentStatus('REF-O-1'));
    const printed = await runJson(dir, ['r.json']);
    const r = await run(dir, ['r.json', '--format', 'json', '--now', NOW, '--output-file', 'out/report.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')).toBe(printed.stdout);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['report.json']);
  });

  it('--output-file writes stylish output without colours', async () => {
    const dir = tempDir();
    write(dir, 'r.json', cleanReferral());
    const r = await run(dir, ['r.json', '-o', 'report.txt', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(text).toContain('✔ 0 problems');
    expect(text).not.toContain('\u001b[');
  });
});

describe('schema and --version', () => {
  it('prints the referral JSON Schema (draft 2020-12)', async () => {
    const r = await run(tempDir(), ['schema']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const schema = JSON.parse(r.stdout) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBeUndefined();
    expect(schema.properties.child!.additionalProperties).toBeUndefined();
    expect([...schema.required].sort()).toEqual(['child', 'id', 'receivedAt', 'referrer']);
  });

  it('schema --strict forbids unknown keys', async () => {
    const r = await run(tempDir(), ['schema', '--strict']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.child!.additionalProperties).toBe(false);
    expect(schema.properties.referrer!.additionalProperties).toBe(false);
  });

  it.each(['--version', '-v'])('%s prints the version and exits 0', async (flag) => {
    const r = await run(tempDir(), [flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    expect(r.stderr).toBe('');
  });
});

describe('stdin', () => {
  const stdin = (text: string): Readable => Readable.from([Buffer.from(text)]);

  it('reads JSON from -', async () => {
    const { code, report } = await runJson(tempDir(), ['-'], stdin(JSON.stringify([withId('REF-IN-1'), noConsentStatus('REF-IN-2')], null, 2)));
    expect(code).toBe(1);
    expect(report.files).toEqual([{ path: '-', referrals: 2, failedReferrals: [] }]);
    expect(report.referrals.map((r) => [r.id, r.file, r.pointer])).toEqual([
      ['REF-IN-1', '-', '/0'],
      ['REF-IN-2', '-', '/1'],
    ]);
    expect(report.referrals[1]!.findings.map((f) => [f.ruleId, f.pointer])).toEqual([['consent-recorded', '/1/consent/status']]);
  });

  it('reads NDJSON from -, with line numbers', async () => {
    const text = `${JSON.stringify(withId('REF-IN-1'))}\n\n${JSON.stringify(noConsentStatus('REF-IN-2'))}\n`;
    const { code, report } = await runJson(tempDir(), ['-'], stdin(text));
    expect(code).toBe(1);
    expect(report.referrals.map((r) => [r.id, r.pointer, r.line])).toEqual([
      ['REF-IN-1', '', 1],
      ['REF-IN-2', '', 3],
    ]);
    expect(report.referrals[1]!.findings[0]).toMatchObject({ ruleId: 'consent-recorded', pointer: '/consent/status', line: 3 });
  });

  it('reads YAML from -', async () => {
    const text = toYaml([withId('REF-IN-1'), withId('REF-IN-2')]);
    const { code, report } = await runJson(tempDir(), ['-'], stdin(text));
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ files: 1, filesFailed: 0, referrals: 2, errors: 0 });
    expect(report.referrals.map((r) => [r.id, r.file, r.pointer])).toEqual([
      ['REF-IN-1', '-', '/0'],
      ['REF-IN-2', '-', '/1'],
    ]);
  });

  it('mixes - with files in the order given', async () => {
    const dir = tempDir();
    write(dir, 'a.json', withId('REF-F-1'));
    const { report } = await runJson(dir, ['a.json', '-'], stdin(JSON.stringify(withId('REF-IN-1'))));
    expect(report.files.map((f) => f.path)).toEqual(['a.json', '-']);
  });
});

describe('agencies', () => {
  const config = [
    'agencies:',
    '  - name: Northumbria Police',
    '    sector: police',
    "    aliases: ['POL', 'Police - CAIT']",
    "    patterns: ['^northumbria']",
    '',
  ].join('\n');

  it('groups aliases, the name in another case and the canonical name into one agency', async () => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.yaml', config);
    const spellings = ['POL', 'Police - CAIT', 'NORTHUMBRIA POLICE', 'Northumbria Police'];
    write(
      dir,
      'r.json',
      [
        ...spellings.map((agency, i) => withId(`REF-N-${i}`, { 'referrer.agency': agency })),
        withId('REF-X-1', { 'referrer.agency': 'Example School', 'referrer.sector': 'school', 'referrer.sourceCode': '2A' }),
      ],
    );
    const { code, report } = await runJson(dir, ['.']);
    expect(code).toBe(0);
    expect(report.files.map((f) => f.path)).toEqual(['r.json']);
    expect(report.agencies.map((a) => [a.name, a.sector, a.referrals])).toEqual([
      ['Example School', 'school', 1],
      ['Northumbria Police', 'police', 4],
    ]);
    expect(report.referrals.map((r) => r.agency)).toEqual(['Northumbria Police', 'Northumbria Police', 'Northumbria Police', 'Northumbria Police', 'Example School']);
  });

  it('groups a spelling that matches an alias pattern, case-insensitively', async () => {
    const dir = tempDir();
    write(dir, 'agencies.yaml', config);
    write(dir, 'r.json', [withId('REF-N-1', { 'referrer.agency': 'northumbria police (sunderland)' }), withId('REF-N-2', { 'referrer.agency': 'POL' })]);
    const { report } = await runJson(dir, ['r.json', '--config', 'agencies.yaml']);
    expect(report.agencies.map((a) => [a.name, a.referrals])).toEqual([['Northumbria Police', 2]]);
  });

  it('without aliases, groups spellings equal after trimming and case-folding, shown as first written', async () => {
    const dir = tempDir();
    write(dir, 'r.json', [
      withId('REF-A-1', { 'referrer.agency': '  Example Police ' }),
      withId('REF-A-2', { 'referrer.agency': 'example police' }),
      withId('REF-A-3', { 'referrer.agency': 'Example Police Two' }),
    ]);
    const { report } = await runJson(dir, ['r.json']);
    expect(report.agencies.map((a) => [a.name, a.referrals])).toEqual([
      ['Example Police', 2],
      ['Example Police Two', 1],
    ]);
    expect(report.referrals.map((r) => r.agency)).toEqual(['Example Police', 'Example Police', 'Example Police Two']);
  });
});

describe('personal data never reaches the terminal', () => {
  const { valid, invalid, MARKERS } = canaryReferrals();

  function setUp(): string {
    const dir = tempDir();
    write(dir, 'in/a-referrals.json', [valid, invalid, 'CANARY-ITEM-3']);
    write(dir, 'in/b-referrals.yaml', toYaml([invalid]));
    write(dir, 'in/c-referrals.ndjson', `${JSON.stringify(invalid)}\n${fixture('broken-line-personal.ndjson')}`);
    write(dir, 'in/d-broken.json', fixture('malformed-personal.json'));
    write(dir, 'in/e-broken.yaml', fixture('malformed-personal.yaml'));
    return dir;
  }

  it.each(FORMAT_NAMES)('prints no marker with --format %s', async (format) => {
    const dir = setUp();
    const r = await run(dir, ['in', '--format', format, '--now', NOW]);
    expect(r.code).toBe(1);
    const all = `${r.stdout}\n${r.stderr}`.toLowerCase();
    for (const marker of MARKERS) expect(all, marker).not.toContain(marker.toLowerCase());
  });

  it('produces findings on the personal fields it keeps quiet about', async () => {
    const dir = setUp();
    const { report } = await runJson(dir, ['in']);
    expect(report.summary).toMatchObject({ files: 5, filesFailed: 2, referrals: 5, referralsFailed: 2 });
    const pointers = report.referrals[1]!.findings.map((f) => `${f.ruleId} ${f.pointer}`);
    for (const expected of [
      'schema-valid /1/child/givenName',
      'schema-valid /1/child/dateOfBirth',
      'schema-valid /1/child/nhsNumber',
      'schema-valid /1/child/upn',
      'schema-valid /1/child/address/postcode',
      'schema-valid /1/referrer/name',
      'schema-valid /1/referrer/email',
      'schema-valid /1/carers/0/email',
      'schema-valid /1/carers/0/dateOfBirth',
      'schema-valid /1/consent/status',
      'key-information-present /1/concerns/summary',
    ]) {
      expect(pointers).toContain(expected);
    }
    // The first referral is valid but for its UPN and postcode markers, which identifiers-valid reports without quoting.
    expect(report.referrals[0]!.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(['identifiers-valid /0/child/address/postcode', 'identifiers-valid /0/child/upn']); // document order
    expect(report.files.map((f) => [f.path, f.error ?? null, f.failedReferrals.map((x) => x.reason)])).toEqual([
      ['in/a-referrals.json', null, ['expected a referral object, found text']],
      ['in/b-referrals.yaml', null, []],
      ['in/c-referrals.ndjson', null, ['not valid JSON: an unexpected character (column 43)']],
      ['in/d-broken.json', 'not valid JSON: an unexpected character', []],
      ['in/e-broken.yaml', 'not valid YAML: a closing quote or bracket is missing', []],
    ]);
    expect(report.files[2]!.failedReferrals[0]).toMatchObject({ pointer: '', line: 3 });
    expect(report.files[3]).toMatchObject({ line: 4, column: 14 });
  });

  it('names a field in a finding but never prints its value', async () => {
    const dir = setUp();
    const { report } = await runJson(dir, ['in/a-referrals.json']);
    const dob = report.referrals[1]!.findings.find((f) => f.pointer === '/1/child/dateOfBirth');
    expect(dob).toEqual({
      ruleId: 'schema-valid',
      severity: 'error',
      message: 'child.dateOfBirth must be a date (YYYY-MM-DD): it looks like day/month/year',
      pointer: '/1/child/dateOfBirth',
      line: expect.any(Number),
      column: 7,
    });
    const nhs = report.referrals[1]!.findings.find((f) => f.pointer === '/1/child/nhsNumber');
    expect(nhs?.message).toBe('child.nhsNumber must be 10 digits');
  });
});

describe('output files are not left half-written', () => {
  it('leaves no temporary file next to the report', async () => {
    const dir = tempDir();
    write(dir, 'r.json', cleanReferral());
    await run(dir, ['r.json', '--now', NOW, '--format', 'json', '--output-file', 'report.json']);
    expect(existsSync(path.join(dir, 'report.json'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'report.json']);
  });
});

describe('several reports in one run', () => {
  const ROOT = path.join(FIXTURES, '..', '..');

  it('writes each --format to the --output-file after it, and the one without a file to stdout', async () => {
    const dir = tempDir();
    write(dir, 'in/r.json', [noConsentStatus('R1'), withId('R2')]);
    const r = await run(dir, ['in/', '--now', NOW, '-f', 'json', '-o', 'out/report.json', '-f', 'csv', '-o', 'out/findings.csv', '-f', 'stylish']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ 1 problem (1 error, 0 warnings); 2 referrals from 1 file');
    const report = JSON.parse(readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as Report;
    const { report: alone } = await runJson(dir, ['in/']);
    expect(report.summary).toEqual(alone.summary);
    expect(readFileSync(path.join(dir, 'out/findings.csv'), 'utf8')).toContain('in/r.json,R1,');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['findings.csv', 'report.json']);
  });

  it('runs every format on the sample export', async () => {
    for (const format of FORMAT_NAMES) {
      const r = await run(ROOT, ['fixtures/', '--now', '2026-11-01T06:00:00Z', '--format', format]);
      expect([format, r.code, r.stderr]).toEqual([format, 1, '']);
      expect(r.stdout.length, format).toBeGreaterThan(500);
    }
  });

  it('refuses to write a report over one of its inputs, and leaves the input alone', async () => {
    const dir = tempDir();
    const input = write(dir, 'r.json', [withId('R1')]);
    const before = readFileSync(input, 'utf8');
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'r.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('referral-lint: --output-file r.json is one of the inputs: refusing to write a report over an export\n');
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  it('says which output cannot be written, with exit 2 and no stack trace', async () => {
    const dir = tempDir();
    write(dir, 'r.json', [withId('R1')]);
    mkdirSync(path.join(dir, 'taken'));
    writeFileSync(path.join(dir, 'taken', 'x'), '');
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'taken']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^referral-lint: cannot write --output-file taken: E[A-Z]+\n$/);
  });

  it('rejects an unknown format and two formats on stdout before reading any input', async () => {
    const dir = tempDir();
    const unknown = await run(dir, ['missing.json', '-f', 'pdf']);
    expect([unknown.code, unknown.stderr]).toEqual([2, `referral-lint: --format pdf is not a format: use one of ${[...FORMAT_NAMES, 'auto'].join(', ')}\n`]);
    const two = await run(dir, ['missing.json', '-f', 'json', '-f', 'csv']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('only one format can go to stdout');
  });

  it('--format auto writes GitHub annotations under GitHub Actions and appends the job summary', async () => {
    const dir = tempDir();
    write(dir, 'r.json', [noConsentStatus('R1')]);
    const summary = write(dir, 'summary.md', '# earlier step\n');
    const r = await run(dir, ['r.json', '--now', NOW, '--format', 'auto'], undefined, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=r\.json,line=\d+,col=\d+,title=consent-recorded/m);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain('| Example Police |');
    const plain = await run(dir, ['r.json', '--now', NOW, '--format', 'auto'], undefined, { GITHUB_STEP_SUMMARY: summary });
    expect(plain.stdout).toContain('✖ 1 problem');
    expect(readFileSync(summary, 'utf8')).toBe(text);
  });
});

describe('--baseline and --fail-on new', () => {
  it('compares with an earlier JSON report, and fails only on new errors with --fail-on new', async () => {
    const dir = tempDir();
    write(dir, 'october/r.json', [noConsentStatus('R1'), withId('R2')]);
    expect((await run(dir, ['october/', '--now', NOW, '-f', 'json', '-o', 'october.json'])).code).toBe(1);

    // The same errors again: the run has errors, but none is new.
    const same = await run(dir, ['october/', '--now', NOW, '--baseline', 'october.json', '--fail-on', 'new']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('since october.json: score 0.0, 0 new, 0 fixed');
    expect((await run(dir, ['october/', '--now', NOW, '--baseline', 'october.json'])).code).toBe(1);

    // November: R1 fixed, R2 broken in a new way.
    write(dir, 'november/r.json', [withId('R2', { 'threshold.rationale': undefined }), withId('R1')]);
    const { report, code } = await runJson(dir, ['november/', '--baseline', 'october.json', '--fail-on', 'new']);
    expect(code).toBe(1);
    expect(report.baseline).toMatchObject({ file: 'october.json', newFindings: 1, newErrors: 1, fixedFindings: 1 });
    expect(report.referrals[0]!.findings.map((f) => [f.ruleId, f.isNew])).toEqual([['threshold-applied', true]]);
  });

  it('needs --baseline for --fail-on new, and names a baseline that is not a report', async () => {
    const dir = tempDir();
    write(dir, 'r.json', [withId('R1')]);
    const none = await run(dir, ['r.json', '--fail-on', 'new']);
    expect([none.code, none.stderr]).toEqual([2, 'referral-lint: --fail-on new needs --baseline <report.json>: new findings are those the baseline does not have\n']);
    const wrong = await run(dir, ['r.json', '--baseline', 'r.json']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--baseline r.json: not a referral-lint JSON report');
  });
});
