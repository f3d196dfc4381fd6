// Standard input at scale: 200,000 generated referrals, as NDJSON and as one JSON envelope,
// piped into the CLI's stdin in a child process that reports its own peak RSS (measured,
// never timed). Standard input is read as a stream, as a file is: the peak stays within the
// bound a file's run has (test/slow/scale.test.ts), where reading it whole took 1.65 GB at
// 200,000 NDJSON referrals and failed outright at 1,000,000. The agency table is the one the
// same file gives, and counts every referral.
import { spawn } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import { ROOT, useTempDirs } from '../temp-files.js';

const tempDir = useTempDirs('stdin-scale');
const COUNT = 200_000;
/** Peak RSS allowed at 200,000 referrals, as for a file (scale.test.ts): 185-285 MB measured from a file. */
const BOUND_MB = 350;

function generate(file: string, format: 'ndjson' | 'json'): void {
  const fd = openSync(file, 'w');
  try {
    for (const chunk of exportChunks(generateReferrals({ count: COUNT, seed: 3, gapSeconds: 4 }), format)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

interface ChildRun {
  code: number;
  maxRssMb: number;
  /** The agency table (csv-agencies), written by the child to a file. */
  table: string;
}

/**
 * bench/lint.mjs in a child process, its agency table written to `out`: the input a file
 * named to it, or `-` with the file piped into its standard input (a pipe, not the file).
 */
async function lintInChild(file: string, out: string, viaStdin: boolean): Promise<ChildRun> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/lint.mjs'), viaStdin ? '-' : file, '-o', out], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  if (viaStdin) await pipeline(createReadStream(file), child.stdin);
  else child.stdin.end();
  const status = await exited;
  expect(status, stderr).toBe(0);
  const measured = JSON.parse(stdout.trim().split('\n').at(-1)!) as { code: number; maxRssMb: number };
  return { code: measured.code, maxRssMb: measured.maxRssMb, table: readFileSync(out, 'utf8') };
}

/** Referrals the agency table counts, over all agencies. */
function referralsCounted(table: string): number {
  const [header, ...rows] = table.trim().split('\n');
  const column = header!.split(',').indexOf('referrals');
  // Agency names hold no comma in generated data; the count is the third column either way.
  return rows.reduce((sum, row) => sum + Number(row.split(',')[column]), 0);
}

describe(`${COUNT.toLocaleString('en-GB')} referrals piped into standard input`, () => {
  it.each(['ndjson', 'json'] as const)('%s: counts every referral, gives the table its file gives, in the memory a file takes', { timeout: 600_000 }, async (format) => {
    const dir = tempDir();
    const file = path.join(dir, `gen.${format}`);
    generate(file, format);
    const fromFile = await lintInChild(file, path.join(dir, 'file.csv'), false);
    const fromStdin = await lintInChild(file, path.join(dir, 'stdin.csv'), true);
    expect(fromStdin.code).toBe(1); // the generated agencies' error findings
    expect(referralsCounted(fromStdin.table)).toBe(COUNT);
    expect(fromStdin.table).toBe(fromFile.table);
    expect(fromStdin.maxRssMb, `peak RSS from stdin (from the file: ${fromFile.maxRssMb.toFixed(0)} MB)`).toBeLessThan(BOUND_MB);
  });
});
