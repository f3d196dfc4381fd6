// --strict reports keys the referral format does not name. A key can be personal data (a
// child's name written as a key by a misconfigured export), so without --include-personal-data
// no format prints it: the finding points at the object that holds the key, says how long
// the key is, and keeps the key's own line and column. Baselines and --cache match these
// findings whichever way either run was made.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { FORMAT_NAMES } from '../src/report/names.js';
import { run } from './cli-run.js';
import { cleanReferral, edit, NOW } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';
import type { LintResult } from '../src/model/types.js';

const tempDir = useTempDirs('strict-unknown-keys');

/** Keys that are names: one at the top level, two of the same length in child. */
const KEYS = ['Jane Canarydoe', 'Ellie Canary', 'Ollie Canary'];

/** Referral 0 has the unknown keys, and a telephone referral never confirmed in writing (referral-timely reads "now"). */
function exportText(): string {
  const named = edit(cleanReferral(), {
    id: 'REF-K1',
    [KEYS[0]!]: 'x',
    [`child.${KEYS[1]}`]: true,
    [`child.${KEYS[2]}`]: 1,
    mode: 'telephone',
  });
  return JSON.stringify([named, edit(cleanReferral(), { id: 'REF-K2' })], null, 2);
}

function project(): string {
  const dir = tempDir();
  write(dir, 'export.json', exportText());
  return dir;
}

/** Line and column of a key as the file has it (its opening quote). */
function placeOf(key: string): { line: number; column: number } {
  const lines = exportText().split('\n');
  const line = lines.findIndex((l) => l.includes(`"${key}"`));
  return { line: line + 1, column: lines[line]!.indexOf(`"${key}"`) + 1 };
}

const unknownKeyFindings = (result: LintResult) =>
  result.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === 'schema-valid').map(({ pointer, message, line, column }) => ({ pointer, message, line, column })));

const withoutName = (owner: string, n: number) => `${owner} has a key of ${n} characters that is not a field of the referral format (--strict; --include-personal-data shows its name)`;

describe('--strict: an unknown key', () => {
  it('is reported without its name: the pointer of the object that holds it, its length, and its own line and column', async () => {
    const dir = project();
    const result = await lint({ paths: ['export.json'], cwd: dir, now: NOW, strict: true });
    expect(unknownKeyFindings(result)).toEqual([
      // In document order: the referral's own unknown key comes after child in the file.
      { pointer: '/0/child', message: withoutName('child', 12), ...placeOf(KEYS[1]!) },
      { pointer: '/0/child', message: withoutName('child', 12), ...placeOf(KEYS[2]!) },
      { pointer: '/0', message: withoutName('the referral', 14), ...placeOf(KEYS[0]!) },
    ]);
    // The finding of a rule that reads "now" is kept, not taken for a defect of the whole referral.
    expect(result.referrals[0]!.findings.map((f) => f.ruleId)).toContain('referral-timely');
  });

  it('is named, at its own pointer, with --include-personal-data', async () => {
    const dir = project();
    const result = await lint({ paths: ['export.json'], cwd: dir, now: NOW, strict: true, includePersonalData: true });
    expect(unknownKeyFindings(result)).toEqual([
      { pointer: `/0/child/${KEYS[1]}`, message: `child.${KEYS[1]} is not a field of the referral format (--strict)`, ...placeOf(KEYS[1]!) },
      { pointer: `/0/child/${KEYS[2]}`, message: `child.${KEYS[2]} is not a field of the referral format (--strict)`, ...placeOf(KEYS[2]!) },
      { pointer: `/0/${KEYS[0]}`, message: `${KEYS[0]} is not a field of the referral format (--strict)`, ...placeOf(KEYS[0]!) },
    ]);
  });

  it('says "an empty key" and "1 character"', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { 'child.': 1, 'carers.0.x': 2 })], now: NOW, strict: true });
    expect(unknownKeyFindings(result).map((f) => [f.pointer, f.message])).toEqual([
      ['/0/child', 'child has an empty key that is not a field of the referral format (--strict; --include-personal-data shows its name)'],
      ['/0/carers/0', 'carers[0] has a key of 1 character that is not a field of the referral format (--strict; --include-personal-data shows its name)'],
    ]);
  });

  it.each(FORMAT_NAMES)('--format %s prints no unknown key name without --include-personal-data, and the name with it', async (format) => {
    const dir = project();
    const without = await run(dir, ['export.json', '--strict', '--now', NOW, '-f', format]);
    expect(without.code).toBe(1);
    for (const key of KEYS) expect(`${without.stdout}${without.stderr}`).not.toContain(key);
    expect(`${without.stdout}`.toLowerCase()).not.toContain('canary');
    const withData = await run(dir, ['export.json', '--strict', '--now', NOW, '-f', format, '--include-personal-data']);
    // markdown and csv-agencies print group figures, never a finding's message.
    if (format !== 'markdown' && format !== 'csv-agencies') for (const key of KEYS) expect(withData.stdout).toContain(key);
  });

  it('gives the same report with worker threads', { timeout: 60_000 }, async () => {
    const dir = project();
    const one = await run(dir, ['export.json', '--strict', '--now', NOW, '-f', 'json', '--jobs', '1']);
    const two = await run(dir, ['export.json', '--strict', '--now', NOW, '-f', 'json', '--jobs', '2']);
    expect(two).toEqual(one);
    expect(one.stdout).not.toContain('Canary');
  });
});

describe('--strict: unknown keys and baselines', () => {
  /** The JSON report of the export, with or without the names. */
  async function report(dir: string, includePersonalData: boolean, baseline?: string): Promise<LintResult> {
    return lint({ paths: ['export.json'], cwd: dir, now: NOW, strict: true, includePersonalData, ...(baseline ? { baseline } : {}) });
  }

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('a baseline made with --include-personal-data %s matches a run with it %s: nothing new, nothing fixed', async (before, after) => {
    const dir = project();
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(await report(dir, before)));
    const compared = await report(dir, after, path.join(dir, 'baseline.json'));
    expect(compared.baseline).toMatchObject({ newFindings: 0, fixedFindings: 0 });
    expect(compared.referrals.flatMap((r) => r.findings).every((f) => f.isNew === false)).toBe(true);
  });

  it('a fixed unknown key from a baseline with names is listed without its name', async () => {
    const dir = project();
    writeFileSync(path.join(dir, 'baseline.json'), JSON.stringify(await report(dir, true)));
    write(dir, 'export.json', JSON.stringify([edit(cleanReferral(), { id: 'REF-K1', mode: 'telephone' }), edit(cleanReferral(), { id: 'REF-K2' })], null, 2));
    const compared = await report(dir, false, path.join(dir, 'baseline.json'));
    expect(compared.baseline!.fixed).toEqual([
      { referralId: 'REF-K1', agency: 'Example Police', ruleId: 'schema-valid', severity: 'error', pointer: '/child' },
      { referralId: 'REF-K1', agency: 'Example Police', ruleId: 'schema-valid', severity: 'error', pointer: '' },
    ]);
    expect(JSON.stringify(compared)).not.toContain('Canary');
  });
});

describe('--strict: unknown keys and --cache', () => {
  it.each([false, true])('a cached run gives what a full run gives (--include-personal-data %s), and the cache holds no key name', async (includePersonalData) => {
    const dir = project();
    const options = { paths: ['export.json'], cwd: dir, now: NOW, strict: true, includePersonalData };
    const full = JSON.stringify(await lint(options));
    const first = JSON.stringify(await lint({ ...options, cache: true }));
    const second = JSON.stringify(await lint({ ...options, cache: true }));
    expect(first).toBe(full);
    expect(second).toBe(full);
    expect(readFileSync(path.join(dir, '.referral-lint-cache.json'), 'utf8')).not.toContain('Canary');
    expect(full.includes('Canary')).toBe(includePersonalData);
  });
});
