// Hostile files that would cost gigabytes if their structure were expanded (a YAML "billion
// laughs", a JSON value nested 10,000 deep) beside a good file: linted in a child process
// that reports its own peak RSS. Here, alone, rather than in the fast suite, where other
// tests running beside it make the collector's slack vary.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NOW, otherChild } from '../helpers.js';
import { ROOT, useTempDirs } from '../temp-files.js';

const exec = promisify(execFile);
const tempDir = useTempDirs('hostile-memory');
const PEAK_RSS = 'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,`peak-rss-kib ${process.resourceUsage().maxRSS}\\n`))';
/** Peak RSS allowed. Measured on the 2-core machine, alone: 128-135 MB; the billion laughs expanded would take gigabytes. */
const BOUND_MB = 250;

function billionLaughs(): string {
  const names = 'abcdefghi';
  const lines = ['id: REF-BOMB', `a: &a [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < names.length; i += 1) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

describe('hostile files beside a good one', () => {
  it('are failed in bounded memory while the good file is linted', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-good.json'), JSON.stringify([otherChild('REF-GOOD-1')]));
    writeFileSync(path.join(dir, 'b-bomb.yaml'), billionLaughs());
    writeFileSync(path.join(dir, 'c-deep.json'), `[{"id":"REF-DEEP","nested":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`);
    const child = await exec(process.execPath, ['--import', PEAK_RSS, path.join(ROOT, 'bin/referral-lint.js'), '.', '--format', 'json', '--now', NOW], { cwd: dir, maxBuffer: 1 << 24 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    const report = JSON.parse(child.stdout) as { files: { path: string; referrals: number; error?: string; failedReferrals: unknown[] }[] };
    expect(report.files.map((f) => [f.path, f.referrals, f.error ?? null, f.failedReferrals.length])).toEqual([
      ['a-good.json', 1, null, 0],
      ['b-bomb.yaml', 0, 'YAML aliases expand too far (more than 100 alias uses)', 0],
      ['c-deep.json', 0, null, 1],
    ]);
    const peak = Number(/^peak-rss-kib (\d+)$/m.exec(child.stderr)?.[1]);
    expect(peak / 1024).toBeLessThan(BOUND_MB);
  });
});
