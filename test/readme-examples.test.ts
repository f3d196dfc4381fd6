// The README's code examples, run as a user would run them: through the package name
// (`import ... from 'referral-lint'`, resolved to the built dist/ by the package's self-reference).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './temp-files.js';

const exec = promisify(execFile);
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
// Inside the package, so that 'referral-lint' resolves to this package.
const OUT = path.join(ROOT, 'test-output/readme');

/** The code block after `<!-- example: <name> ... -->`. */
function example(name: string): string {
  const match = new RegExp(`<!-- example: ${name}\\b[^>]*-->\\s*\`\`\`js\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  if (!match) throw new Error(`README.md has no example called ${name}`);
  return `${match[1]!}\n`;
}

function save(file: string, code: string): string {
  mkdirSync(OUT, { recursive: true });
  const full = path.join(OUT, file);
  writeFileSync(full, code);
  return full;
}

/** Runs node and returns its exit code and output, whether or not it failed. */
async function node(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await exec(process.execPath, args, { cwd: ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('README examples', () => {
  it('the programmatic API example lints the sample with a local rule and prints its numbers', async () => {
    const { code, stdout } = await node([save('api.mjs', example('api'))]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        '50 referrals, score 79.3 (requires-improvement)',
        'local/gp-named: 5 of 20 health referrals fail',
        'South Tyneside District Hospital A&E: 47.86 (inadequate)',
        'Ocean Road Medical Practice: 65 (inadequate)',
        '',
      ].join('\n'),
    );
  });

  it('the RuleTester example passes under node --test, with one test per case and one for the rule itself', async () => {
    const { code, stdout } = await node(['--test', '--test-reporter=tap', save('rule-tester.test.mjs', example('rule-tester'))]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# tests 5$/m);
    expect(stdout).toMatch(/^# pass 5$/m);
    expect(stdout).toMatch(/^ {4}ok \d+ - a placeholder is not a language$/m);
  });

  it('and fails when an expected pointer is wrong', async () => {
    const broken = example('rule-tester').replace("errors: [{ pointer: '/child/firstLanguage'", "errors: [{ pointer: '/child/language'");
    expect(broken).not.toBe(example('rule-tester'));
    const { code, stdout } = await node(['--test', '--test-reporter=tap', save('rule-tester-broken.test.mjs', broken)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^# fail 1$/m);
    expect(stdout).toMatch(/^ {4}not ok \d+ - a placeholder is not a language$/m);
  });
});
