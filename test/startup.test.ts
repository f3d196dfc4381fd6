// What a run loads, so that it starts fast: the built command, on paths that need neither,
// compiles no JSON Schema (the build compiled them, scripts/compile-schemas.mjs) and loads
// neither ajv's compiler nor the yaml package; it loads only the reporters it prints, and the
// progress bar only when one may show. Start-up times themselves are measured by
// `npm run bench`, never asserted here.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { reporters } from '../src/report/index.js';
import { loadReporters, loadStepSummary } from '../src/report/load.js';
import { stepSummary } from '../src/report/github.js';
import { FORMAT_NAMES } from '../src/report/names.js';
import { ROOT } from './temp-files.js';

/** The packages a run of the built command loads (test/module-probe.mjs), and its exit code. */
function packagesOf(args: string[]): { status: number | null; packages: string[] } {
  const run = spawnSync(process.execPath, ['--import', './test/module-probe.mjs', 'bin/referral-lint.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  const line = run.stderr.split('\n').find((l) => l.startsWith('loaded packages: '));
  if (!line) throw new Error(`no probe line in: ${run.stderr}`);
  return { status: run.status, packages: line.slice('loaded packages: '.length).split(' ') };
}

const HEAVY = ['ajv/dist/core', 'yaml', 'cli-progress', 'fast-xml-parser', 'csv-stringify', '@noble/hashes'];

describe('start-up: what a run of the built command loads', () => {
  it.each([
    ['linting a JSON export with no config', ['fixtures/2026-10-front-door.json', '--now', '2026-11-01T06:00:00Z'], 1],
    ['rules', ['rules'], 0],
    ['explain', ['explain', 'consent-recorded'], 0],
  ])('%s: no schema compiler, no yaml, no progress bar, no other format', (_name, args, status) => {
    const run = packagesOf(args);
    expect(run.status).toBe(status);
    expect(run.packages).toContain('commander');
    for (const name of HEAVY) expect(run.packages, name).not.toContain(name);
  });

  it('a YAML input, a YAML config with a plugin (its rules are checked with ajv) and -f junit load what they need', () => {
    const run = packagesOf(['fixtures/2026-10-health.yaml', '--config', 'fixtures/configs/plugin.config.yaml', '-f', 'junit', '--now', '2026-11-01T06:00:00Z']);
    expect(run.status).toBe(1);
    expect(run.packages).toEqual(expect.arrayContaining(['yaml', 'ajv/dist/core', 'fast-xml-parser']));
  });
});

describe('reporters loaded by format (src/report/load.ts)', () => {
  it('are the reporters of the API, format by format', async () => {
    const loaded = await loadReporters(FORMAT_NAMES);
    for (const format of FORMAT_NAMES) expect(loaded[format], format).toBe(reporters[format]);
    expect(Object.keys(await loadReporters(['json', 'json']))).toEqual(['json']);
    expect(await loadStepSummary()).toBe(stepSummary);
  });
});
