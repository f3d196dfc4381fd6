// A plugin in an analyst's own folder, outside any project that installs referral-lint (as
// when referral-lint is installed globally or run from a clone), imports defineRule from
// 'referral-lint': the running referral-lint answers that import (src/load/plugins.ts). Runs
// the built command in a folder under os.tmpdir(), where Node.js finds no referral-lint.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selfFallback } from '../src/load/plugins.js';
import { ROOT, useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('own-plugin');
const CLI = path.join(ROOT, 'bin/referral-lint.js');

const PLUGIN = `import { defineRule } from 'referral-lint';
import manifest from 'referral-lint/package.json' with { type: 'json' };

export default {
  name: 'mine',
  rules: [
    defineRule({
      meta: {
        id: 'has-summary',
        description: 'The referral has a concerns summary (checked under referral-lint ' + manifest.name + ').',
        dimension: 'completeness',
        severity: 'warning',
        docs: { checks: ['concerns.summary is present.'], rationale: 'The front door needs to know why.', fix: 'Write a summary.', sources: [] },
      },
      check(referral, ctx) {
        if (!referral.concerns?.summary) ctx.report({ pointer: '/concerns/summary', message: 'concerns.summary is missing' });
      },
    }),
  ],
};
`;

/** A folder with a config naming ./rules/mine.js, the plugin, and two referrals (one without a summary). */
function analystFolder(): string {
  const dir = tempDir();
  write(dir, 'referral-lint.config.yaml', 'plugins:\n  - ./rules/mine.js\n');
  write(dir, 'rules/mine.js', PLUGIN);
  const referrals = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/2026-10-front-door.json'), 'utf8')) as { referrals: Record<string, any>[] };
  const [one, two] = referrals.referrals;
  delete two!.concerns.summary;
  write(dir, 'export.json', JSON.stringify({ referrals: [one, two] }));
  return dir;
}

const cli = (cwd: string, args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

describe("a plugin outside the repository imports 'referral-lint'", () => {
  it('resolves to the running referral-lint: its rule is listed and runs', () => {
    const dir = analystFolder();
    const rules = cli(dir, ['rules', '--format', 'json']);
    expect(rules.stderr).toBe('');
    expect(rules.status).toBe(0);
    const row = (JSON.parse(rules.stdout) as { id: string; description: string }[]).find((r) => r.id === 'mine/has-summary');
    expect(row?.description).toBe('The referral has a concerns summary (checked under referral-lint referral-lint).');

    const lint = cli(dir, ['export.json', '--format', 'json', '--now', '2026-11-01T06:00:00Z']);
    expect(lint.stderr).toBe('');
    const report = JSON.parse(lint.stdout) as { referrals: { id: string; findings: { ruleId: string; pointer: string }[] }[] };
    const mine = report.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === 'mine/has-summary').map((f) => [r.id, f.pointer]));
    expect(mine).toHaveLength(1);
    expect(mine[0]![1]).toBe('/referrals/1/concerns/summary');
  });

  it('a referral-lint installed beside the plugin is the one it gets, as Node.js resolves it', () => {
    const dir = analystFolder();
    write(dir, 'node_modules/referral-lint/package.json', JSON.stringify({ name: 'referral-lint-local-copy', type: 'module', exports: { '.': './index.js', './package.json': './package.json' } }));
    write(dir, 'node_modules/referral-lint/index.js', 'const noOptions = { type: "object", additionalProperties: false, properties: {} };\n' +
        'export const defineRule = (rule) => ({ ...rule, meta: { optionsSchema: noOptions, defaultOptions: {}, ...rule.meta, description: "from the copy beside the plugin" } });\n');
    const rules = cli(dir, ['rules', '--format', 'json']);
    expect(rules.status).toBe(0);
    expect((JSON.parse(rules.stdout) as { id: string; description: string }[]).find((r) => r.id === 'mine/has-summary')?.description).toBe('from the copy beside the plugin');
  });

  it('only a missing referral-lint is answered: other specifiers and other failures are left alone', () => {
    const notFound = Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' });
    const self = { entry: 'file:///x/dist/src/index.js', manifest: 'file:///x/package.json' };
    expect(selfFallback('referral-lint', notFound, self)).toBe(self.entry);
    expect(selfFallback('referral-lint/package.json', notFound, self)).toBe(self.manifest);
    expect(selfFallback('referral-lint/dist/src/cli/cli.js', notFound, self)).toBeUndefined();
    expect(selfFallback('referral-lint-plugin-x', notFound, self)).toBeUndefined();
    expect(selfFallback('referral-lint', new SyntaxError('bad'), self)).toBeUndefined();
  });
});
