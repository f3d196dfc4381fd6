// --include-personal-data is the only way a personal value reaches a report: findings then
// carry the value they are about, a crashed rule's message is kept, and a warning goes to
// stderr. Without it (see also test/cli.test.ts, 'personal data never reaches the
// terminal'), no marker appears in any format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { PERSONAL_DATA_WARNING } from '../src/cli/cli.js';
import { defineRule } from '../src/rule-api/rule.js';
import { lint } from '../src/run/lint.js';
import { loadConfig } from '../src/run/config.js';
import { FORMAT_NAMES, reporters } from '../src/report/index.js';
import { run } from './cli-run.js';
import { canaryReferrals, cleanReferral, edit, NOW } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('personal-data');
const { valid, invalid, MARKERS } = canaryReferrals();

function setUp(): string {
  const dir = tempDir();
  write(dir, 'in/a-referrals.json', JSON.stringify([valid, invalid]));
  write(dir, 'in/b-referrals.yaml', toYaml([invalid]));
  write(dir, 'in/c-referrals.ndjson', `${JSON.stringify(invalid)}\n`);
  return dir;
}

const found = (text: string): string[] => MARKERS.filter((m) => text.toLowerCase().includes(m.toLowerCase()));

/** The formats that print findings' messages; csv-agencies and markdown print group figures only. */
const PRINTS_FINDINGS = new Set(['stylish', 'json', 'sarif', 'junit', 'github', 'csv', 'html']);

describe('--include-personal-data', () => {
  it.each(FORMAT_NAMES)('--format %s: warns on stderr, and shows values only where the format prints findings', async (format) => {
    const dir = setUp();
    const without = await run(dir, ['in', '--format', format, '--now', NOW]);
    const withData = await run(dir, ['in', '--format', format, '--now', NOW, '--include-personal-data']);
    expect(found(`${without.stdout}${without.stderr}`)).toEqual([]);
    expect(without.stderr).not.toContain('--include-personal-data');
    expect(withData.code).toBe(without.code);
    expect(withData.stderr.startsWith(PERSONAL_DATA_WARNING)).toBe(true);
    if (PRINTS_FINDINGS.has(format)) expect(found(withData.stdout)).toContain('19/07/2013');
    else expect(found(withData.stdout)).toEqual([]);
  });

  it('gives each finding the value at its pointer, when it is text, a number or true/false, and marks the report', async () => {
    const referral = edit(cleanReferral(), { 'child.dateOfBirth': '2013-02-30', 'consent.status': 'maybe' });
    const result = await lint({ referrals: [referral], now: NOW, includePersonalData: true });
    expect(result.includesPersonalData).toBe(true);
    const byPointer = Object.fromEntries(result.referrals[0]!.findings.map((f) => [f.pointer, f.value]));
    expect(byPointer['/0/child/dateOfBirth']).toBe('2013-02-30');
    expect(byPointer['/0/consent/status']).toBe('maybe');
    const plain = await lint({ referrals: [referral], now: NOW });
    expect(plain.includesPersonalData).toBeUndefined();
    expect(plain.referrals[0]!.findings.every((f) => f.value === undefined)).toBe(true);
    expect(plain.referrals[0]!.findings.map((f) => f.pointer)).toEqual(result.referrals[0]!.findings.map((f) => f.pointer));
  });

  it('adds a value column to the csv report only when asked', async () => {
    const dir = setUp();
    const withData = await run(dir, ['in', '--format', 'csv', '--now', NOW, '--include-personal-data']);
    const without = await run(dir, ['in', '--format', 'csv', '--now', NOW]);
    expect(withData.stdout.split(/\r?\n/)[0]).toBe('file,referralId,agency,sector,rule,dimension,severity,pointer,line,column,message,value');
    expect(without.stdout.split(/\r?\n/)[0]).toBe('file,referralId,agency,sector,rule,dimension,severity,pointer,line,column,message');
  });

  it('gives the same report with worker threads (values are found where the referral is parsed)', { timeout: 60_000 }, async () => {
    const dir = setUp();
    const one = await run(dir, ['in', '--format', 'json', '--now', NOW, '--include-personal-data', '--jobs', '1']);
    const two = await run(dir, ['in', '--format', 'json', '--now', NOW, '--include-personal-data', '--jobs', '2']);
    expect(two).toEqual(one);
    expect(found(one.stdout)).toContain('19/07/2013');
  });

  it('never writes a value into the --cache file', async () => {
    const dir = setUp();
    const r = await run(dir, ['in', '--format', 'json', '--now', NOW, '--include-personal-data', '--cache']);
    expect(found(r.stdout)).toContain('19/07/2013');
    expect(found(readFileSync(path.join(dir, '.referral-lint-cache.json'), 'utf8'))).toEqual([]);
  });
});

describe('a rule that crashes', () => {
  // A rule whose exception quotes what it read: the message must not reach a report unless asked.
  const quoting = defineRule({
    meta: { id: 'quotes', description: 'test rule that throws with the child\'s name', dimension: 'validity', severity: 'warning', docs: { checks: ['throws'], rationale: '-', fix: '-', sources: ['-'] } },
    check(referral) {
      throw new TypeError(`cannot read ${String(referral.child?.givenName)}`);
    },
  });
  const options = { referrals: [valid], now: NOW, config: { rules: { 'local/quotes': 'warning' as const } }, plugins: [{ name: 'local', rules: [quoting] }] };

  it('keeps its message out of every report unless personal data is asked for', async () => {
    const result = await lint(options);
    expect(result.internalErrors).toEqual([
      {
        ruleId: 'local/quotes',
        referralId: 'REF-PD-1',
        file: '(in memory)',
        pointer: '/0',
        message: 'TypeError (its message is withheld: it may quote the referral; --include-personal-data shows it)',
      },
    ]);
    const config = await loadConfig(options);
    const rules = new Map(config.registry.map((r) => [r.meta.id, r.meta]));
    for (const format of FORMAT_NAMES) expect(found(reporters[format]!(result, { quiet: false, color: false, rules })), format).toEqual([]);
    const asked = await lint({ ...options, includePersonalData: true });
    expect(asked.internalErrors[0]!.message).toBe('cannot read CANARY-GIVEN-1');
  });
});

describe('the YAML parser', () => {
  it('never prints a key on stderr: a mapping used as a key (a name written where a key goes) stays out of its warnings', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { ROOT } = await import('./temp-files.js');
    const dir = tempDir();
    write(dir, 'keys.yaml', 'id: REF-KEY-1\nchild:\n  ? {givenName: Canarykeyname}\n  : 1\n');
    const child = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/referral-lint.js'), 'keys.yaml', '--now', NOW], { cwd: dir }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(child.stdout).toContain('REF-KEY-1');
    expect(`${child.stdout}${child.stderr}`).not.toContain('Canarykeyname');
    expect(child.stderr).toBe('');
  });
});
