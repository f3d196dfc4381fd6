// Pairing --format with --output-file, format auto, and atomic writes.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outputTargets, resolveFormat, writeAtomically, type OutputFlag } from '../src/outputs.js';
import { reporters } from '../src/report/index.js';
import { run } from './cli-run.js';
import { ROOT } from './temp-files.js';

const f = (value: string): OutputFlag => ({ kind: 'format', value });
const o = (value: string): OutputFlag => ({ kind: 'output-file', value });

describe('output targets', () => {
  it('defaults to one report on stdout', () => {
    expect(outputTargets([], 'stylish')).toEqual([{ format: 'stylish' }]);
    expect(outputTargets([f('json')], 'stylish')).toEqual([{ format: 'json' }]);
  });

  it('pairs a lone format and file in either order, and gives a lone file the default format', () => {
    expect(outputTargets([f('json'), o('r.json')], 'stylish')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(outputTargets([o('r.json'), f('json')], 'stylish')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(outputTargets([o('r.txt')], 'stylish')).toEqual([{ format: 'stylish', file: 'r.txt' }]);
  });

  it('pairs each file with the format just before it, and sends the one format without a file to stdout', () => {
    expect(outputTargets([f('json'), o('report.json'), f('html'), o('report.html'), f('stylish')], 'stylish')).toEqual([
      { format: 'json', file: 'report.json' },
      { format: 'html', file: 'report.html' },
      { format: 'stylish' },
    ]);
    expect(outputTargets([f('stylish'), f('sarif'), o('r.sarif')], 'stylish')).toEqual([{ format: 'stylish' }, { format: 'sarif', file: 'r.sarif' }]);
  });

  it('refuses two formats on stdout, a file without a format before it, and one file named twice', () => {
    expect(() => outputTargets([f('json'), f('html'), f('sarif'), o('x')], 'stylish')).toThrow(
      'only one format can go to stdout, but json, html have no --output-file: give each but one an --output-file',
    );
    expect(() => outputTargets([o('a.json'), o('b.json'), f('json')], 'stylish')).toThrow('--output-file a.json has no --format before it');
    expect(() => outputTargets([f('json'), o('x.out'), f('csv'), o('x.out')], 'stylish')).toThrow('--output-file x.out is named twice');
  });

  it('format auto is github under GitHub Actions and stylish elsewhere', () => {
    expect(resolveFormat('auto', { GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(resolveFormat('auto', {})).toBe('stylish');
    expect(resolveFormat('auto', { GITHUB_ACTIONS: 'false', CI: 'true' })).toBe('stylish');
    expect(resolveFormat('json', { GITHUB_ACTIONS: 'true' })).toBe('json');
  });
});

describe('atomic writes', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-out-'));
    temps.push(dir);
    return dir;
  };

  it('replaces the file whole, creates missing directories, and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'reports', 'r.json');
    writeAtomically(file, 'first');
    writeAtomically(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['r.json']);
  });

  it('leaves no temporary file behind when the rename fails', () => {
    const dir = tempDir();
    const target = path.join(dir, 'is-a-directory');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), '');
    expect(() => writeAtomically(target, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['is-a-directory']);
  });
});

describe('a report too large to build', () => {
  it('is a usage error with advice (exit 2), not an internal error', async () => {
    const spy = vi.spyOn(reporters, 'json').mockImplementation(() => {
      throw new RangeError('Invalid string length');
    });
    try {
      const { code, stdout, stderr } = await run(ROOT, ['fixtures/', '-f', 'json', '--now', '2026-11-01T06:00:00Z']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('referral-lint: the json report of 50 referrals is too large to build in memory: use -f csv-agencies or -f markdown for a summary, or lint the export in parts\n');
    } finally {
      spy.mockRestore();
    }
  });
});
