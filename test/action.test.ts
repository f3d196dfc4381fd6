// The composite GitHub Action: its inputs are all wired, and its lint step, run by bash as
// a runner would, writes annotations, reports, the job summary and its outputs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const lintStep = action.runs.steps.find((s) => s.id === 'lint')!;

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the lint step's script the way a runner does: inputs as the step's env, outputs to files. */
function runLintStep(inputs: Record<string, string>): { code: number | null; stdout: string; stderr: string; outputs: string; summary: string; cwd: string } {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-action-'));
  temps.push(cwd);
  const outputFile = path.join(cwd, 'github-output');
  const summaryFile = path.join(cwd, 'step-summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
  };
  for (const [name, expr] of Object.entries(lintStep.env ?? {})) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr)![1]!;
    env[name] = inputs[input] ?? action.inputs[input]!.default ?? '';
  }
  const r = spawnSync('bash', ['-e', '-c', lintStep.run!], { cwd, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(outputFile, 'utf8'), summary: readFileSync(summaryFile, 'utf8'), cwd };
}

describe('action.yml', () => {
  it('is a composite action whose every input and output is defined and used', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
    expect(action.outputs['exit-code']!.value).toBe('${{ steps.lint.outputs.exit-code }}');
    expect(action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with?.sarif_file).toBe('${{ steps.lint.outputs.sarif-file }}');
  });

  it('passes inputs to scripts through env, never pasted into a run script', () => {
    for (const step of action.runs.steps) expect(step.run ?? '', step.name).not.toMatch(/\$\{\{/);
  });

  it('lint step: annotations, extra reports, SARIF, the job summary and the exit code as an output', () => {
    const r = runLintStep({ paths: `${path.join(ROOT, 'fixtures')}\n`, reports: 'junit=out/referral-lint.xml csv-agencies=out/agencies.csv', 'upload-sarif': 'true' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toBe('sarif-file=referral-lint.sarif\nexit-code=1\n');
    expect(r.stdout).toMatch(/^::error file=.*fixtures\/2026-10-front-door\.json,line=\d+,col=\d+,title=/m);
    for (const file of ['referral-lint.sarif', 'out/referral-lint.xml', 'out/agencies.csv']) expect(existsSync(path.join(r.cwd, file)), file).toBe(true);
    expect(JSON.parse(readFileSync(path.join(r.cwd, 'referral-lint.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.summary).toContain('| Northumbria Police |');
  });

  it('lint step: min-clean-rate reaches referral-lint, and a failed gate is an error annotation and a job-summary line', () => {
    const r = runLintStep({ paths: path.join(ROOT, 'fixtures'), 'min-clean-rate': '20', 'max-warnings': '100' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs).toBe('exit-code=1\n');
    expect(r.stdout).toContain('\n::error title=failed gate --min-clean-rate::Ocean Road Medical Practice has 14.3%25 clean referrals, below --min-clean-rate 20\n');
    expect(r.stdout).toContain('\nreferral-lint: gate passed: 30 warnings, within --max-warnings 100\n');
    expect(r.summary).toContain('- ✖ **Gate failed:** Ocean Road Medical Practice has 14.3% clean referrals, below --min-clean-rate 20\n');
  });

  it('lint step: a glob in paths reaches referral-lint unexpanded', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-action-empty-'));
    temps.push(dir);
    const r = runLintStep({ paths: `${dir}/*.json` });
    // No file matches the glob: referral-lint itself says so (exit 2), which proves bash did not expand it away.
    expect(r.outputs).toBe('exit-code=2\n');
    expect(r.stderr).toContain('*.json');
  });
});
