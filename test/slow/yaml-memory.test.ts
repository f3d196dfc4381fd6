// What one YAML document may cost. The yaml package's memory grows with a document's tokens,
// not its bytes: up to about 500 bytes a token (a flow list of one-character items, which is
// a token a byte), so a 15 MB document inside the 16 MiB byte limit took more than the heap
// and ended the whole run ("JavaScript heap out of memory", exit 134, no report). Documents
// are now refused once they pass maxDocumentTokens (2,000,000 by default), as the parser
// reads them. Each run is the built CLI in a child process that reports its own peak RSS.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateReferrals } from '../../tools/gen/generate.js';
import { ROOT, useTempDirs, write } from '../temp-files.js';

const exec = promisify(execFile);
const tempDir = useTempDirs('yaml-memory');
const MB = 1024 * 1024;

interface ChildRun {
  code: number;
  files: { path: string; referrals: number; error?: string; line?: number; column?: number }[];
  referrals: number;
  maxRssMb: number;
}

/** The CLI's main() on `files` in a child process: exit code, the JSON report's files and referral count, peak RSS. */
async function lintInChild(dir: string, files: string[]): Promise<ChildRun> {
  const script = `
    import { main } from ${JSON.stringify(path.join(ROOT, 'dist/src/cli/cli.js'))};
    let out = '';
    const code = await main(['node', 'referral-lint', ...process.argv.slice(1), '-f', 'json', '--no-progress', '--now', '2026-12-01T00:00:00Z'], {
      stdout: (t) => { out += t; }, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: {}, isTTY: false,
    });
    const report = JSON.parse(out);
    console.log(JSON.stringify({ code, files: report.files, referrals: report.summary.referrals, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  `;
  // exec rejects on a crash (exit 134, out of memory): the test then fails with it.
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script, ...files], { cwd: dir, maxBuffer: 64 * MB });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildRun;
}

/** `id: F` and a flow list of `items` one-character items: three tokens (`1`, its scalar mark, `,`) every two bytes. */
const denseList = (items: number): string => `id: F\nbase: [${'1,'.repeat(items - 1)}1]\n`;

/** One document of typical generated referrals, an envelope of about `bytes` bytes. */
function typicalDocument(bytes: number): string {
  const parts = ['referrals:\n'];
  let size = parts[0]!.length;
  for (const referral of generateReferrals({ count: 1_000_000, seed: 3, gapSeconds: 4 })) {
    const text = stringify([referral], { lineWidth: 0 }).replace(/^(?=.)/gm, '  ');
    if (size + text.length > bytes) break;
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}

describe('a YAML document that costs more memory than its bytes suggest', () => {
  it('a 15 MB flow list, inside the 16 MiB document limit, is a failed file; the good file beside it is linted; exit 1', async () => {
    const dir = tempDir();
    const dense = denseList(7_500_000);
    expect(dense.length).toBeLessThan(16 * MB);
    write(dir, 'a-dense.yaml', dense);
    write(dir, 'b-good.yaml', 'id: G1\n');
    const run = await lintInChild(dir, ['a-dense.yaml', 'b-good.yaml']);
    expect(run.code).toBe(1);
    expect(run.files).toEqual([
      { path: 'a-dense.yaml', referrals: 0, error: 'a document holds more than 2000000 YAML tokens (the limit is maxDocumentTokens)', line: 2, column: 1_333_332, failedReferrals: [] },
      { path: 'b-good.yaml', referrals: 1, failedReferrals: [] },
    ]);
    expect(run.referrals).toBe(1);
    // Measured: about 320 MB; the parser never holds more than the limit's tokens.
    expect(run.maxRssMb).toBeLessThan(600);
  });

  it('a document just within the token limit, of the densest kind, is read in about 1 GB at most', async () => {
    const dir = tempDir();
    // 666,000 items: 1,998,000 tokens.
    write(dir, 'dense.yaml', denseList(666_000));
    const run = await lintInChild(dir, ['dense.yaml']);
    expect(run.files).toEqual([{ path: 'dense.yaml', referrals: 1, failedReferrals: [] }]);
    // Measured: about 800 MB (a flow list of tags, the worst kind found, about 1,100 MB).
    expect(run.maxRssMb).toBeLessThan(1200);
  });

  it('a document of typical referrals costs about 45 bytes of memory per byte (the README says at most 60)', async () => {
    const dir = tempDir();
    const text = typicalDocument(8 * MB);
    writeFileSync(path.join(dir, 'typical.yaml'), text);
    write(dir, 'tiny.yaml', 'id: T\n');
    const baseline = await lintInChild(dir, ['tiny.yaml']);
    const run = await lintInChild(dir, ['typical.yaml']);
    expect(run.files[0]).toMatchObject({ path: 'typical.yaml', failedReferrals: [] });
    expect(run.files[0]!.error).toBeUndefined();
    expect(run.referrals).toBeGreaterThan(3000);
    // Measured: 42 bytes per byte.
    expect(((run.maxRssMb - baseline.maxRssMb) * MB) / text.length).toBeLessThan(60);
  });
});
