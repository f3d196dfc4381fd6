// The JSON report of 200,000 generated referrals written to a file as the run goes
// (src/run/spool.ts), in a child process that reports its own peak RSS and peak live heap
// (measured, never timed), and 50,000 of the same to see how memory grows. Each referral
// goes to the spool as it is scored; the report is written from the spool at the end, so the
// run holds no referral (before, it held them all: about 925 MB at 100,000).
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import { useTempDirs } from '../temp-files.js';
import { lintInChild, type ChildRun } from './child-memory.js';

const tempDir = useTempDirs('report-memory');
const COUNT = 200_000;
const SMALL = 50_000;
/** One JSON envelope, read as a stream: its memory does not grow with the count either (1,000,000 peaked at 316 MB, bench/RESULTS.md). */
const ENVELOPE = 100_000;
/**
 * Peak RSS allowed at 200,000 referrals with --format json --output-file. Measured on the
 * 2-core machine (2026-12-07): 143 MB (118 MB at 50,000); before the report was written as
 * the run went, 100,000 referrals alone peaked at about 880 MB. The bound leaves room for the
 * collector's slack, and is below the 300 MB the run of 1,000,000 must stay under.
 */
const BOUND_MB = 250;
/**
 * Growth of peak RSS allowed from 50,000 to 200,000 referrals: 25 MB measured (unique-referral's
 * keys, outside the JavaScript heap, about 100 bytes a referral, and the spool's 12 bytes of
 * index a referral); keeping every referral cost about 8 KB each (about 880 MB at 100,000).
 */
const GROWTH_MB = 50;
/** Growth of the live heap (after a full collection) allowed from 50,000 to 200,000: 1.2 MB measured, no referral held. */
const LIVE_GROWTH_MB = 20;

function generate(file: string, count: number, format: 'ndjson' | 'json' = 'ndjson'): void {
  const fd = openSync(file, 'w');
  try {
    // As a real month's export: about three referrals in four with a finding, each one written to the report.
    for (const chunk of exportChunks(generateReferrals({ count, seed: 1, defectRate: 'realistic' }), format)) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

describe(`--format json --output-file at ${COUNT.toLocaleString('en-GB')} referrals in a child process`, () => {
  it('writes every referral in memory that barely grows with the count', { timeout: 1_800_000 }, async () => {
    const dir = tempDir();
    const runs: Record<number, ChildRun & { bytes: number }> = {};
    for (const count of [SMALL, COUNT]) {
      const file = path.join(dir, `gen-${count}.ndjson`);
      generate(file, count);
      const report = path.join(dir, `report-${count}.json`);
      runs[count] = { ...(await lintInChild(file, ['-f', 'json', '-o', report])), bytes: statSync(report).size };
    }
    const small = runs[SMALL]!;
    const large = runs[COUNT]!;
    expect(large.code).toBe(1);
    // The report holds every referral: about 1.3 KB each.
    expect(large.bytes).toBeGreaterThan(COUNT * 1000);
    expect(large.maxRssMb, `peak RSS at ${COUNT}`).toBeLessThan(BOUND_MB);
    expect(large.maxRssMb - small.maxRssMb, `growth from ${SMALL} to ${COUNT}`).toBeLessThan(GROWTH_MB);
    expect(large.liveHeapMb - small.liveHeapMb, `live heap growth from ${SMALL} to ${COUNT}`).toBeLessThan(LIVE_GROWTH_MB);
    // The spool is gone.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('does the same for one JSON envelope of 100,000 referrals, read as a stream (half the count, to keep npm run test:slow within the CI time)', { timeout: 1_800_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, `gen-${ENVELOPE}.json`);
    generate(file, ENVELOPE, 'json');
    const report = path.join(dir, 'report.json');
    const run = await lintInChild(file, ['-f', 'json', '-o', report]);
    expect(run.code).toBe(1);
    expect(statSync(report).size).toBeGreaterThan(ENVELOPE * 1000);
    expect(run.maxRssMb, `peak RSS at ${ENVELOPE}, one JSON envelope`).toBeLessThan(BOUND_MB);
  });
});
