// What `npm pack` publishes: the command, the built core and adapters, the built-in rules, and
// the README; not the export generator (a development tool), the tests or the fixtures.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './temp-files.js';

describe('the published package', () => {
  // --ignore-scripts: packing must not rebuild dist/ under the other tests' feet.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as { files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);

  it('holds the command, the public API and the built-in rules', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/referral-lint.js', 'dist/src/index.js', 'dist/src/cli/cli.js', 'dist/rules/index.js', 'package.json', 'README.md']));
  });

  it('leaves out the export generator, the tests and the fixtures', () => {
    expect(files.filter((f) => /generate|tools\/|^test\/|^fixtures\/|\.tsbuildinfo$/.test(f))).toEqual([]);
    expect(files.every((f) => f.startsWith('dist/src/') || f.startsWith('dist/rules/') || ['bin/referral-lint.js', 'package.json', 'README.md'].includes(f))).toBe(true);
  });
});
