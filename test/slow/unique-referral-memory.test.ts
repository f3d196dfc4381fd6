// unique-referral's memory at 200,000 generated referrals (csv-agencies, --jobs 1), in a
// child process that reports its peak RSS and peak live heap (measured, never timed): with the
// rule on and off. Its keys are held as fixed-size records outside the JavaScript heap, with
// their bytes in an encrypted temporary file (src/domain/key-store.ts, src/run/key-spill.ts).
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import { useTempDirs } from '../temp-files.js';
import { lintInChild } from './child-memory.js';

const tempDir = useTempDirs('unique-memory');
const COUNT = 200_000;
/**
 * Peak RSS allowed with the rule on. Measured on the 2-core machine (2026-12-07): 126 MB with
 * it on and 111 MB off in this harness; the CLI itself under /usr/bin/time (seed 1) peaked at
 * 144-179 MB on and 127-152 MB off, over six runs, as garbage collection fell. The keys take
 * about 14 MB of it (71 bytes a referral, measured at 1,000,000); the rest is the run's heap,
 * whose peak varies by tens of megabytes from run to run (test/slow/scale.test.ts saw 185-285).
 */
const BOUND_MB = 230;
/**
 * Peak live heap (after a full collection) the rule may add: its keys are in typed arrays and
 * a file, not in the heap, so it adds only its map of agency days. Measured: 11.1 MB on,
 * 11.3 MB off. A Map of the keys as strings would add tens of megabytes here.
 */
const LIVE_HEAP_ADDED_MB = 15;

describe(`unique-referral at ${COUNT.toLocaleString('en-GB')} referrals in a child process`, () => {
  it('keeps peak RSS bounded, and its keys out of the live heap', async () => {
    const file = path.join(tempDir(), 'gen.ndjson');
    const fd = openSync(file, 'w');
    try {
      for (const chunk of exportChunks(generateReferrals({ count: COUNT, seed: 3, gapSeconds: 4 }), 'ndjson')) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    const on = await lintInChild(file, ['--jobs', '1']);
    const off = await lintInChild(file, ['--jobs', '1', '--rule', 'unique-referral:off']);
    console.log(`unique-referral at ${COUNT}: on ${JSON.stringify(on)}, off ${JSON.stringify(off)}`);
    expect([on.code, off.code]).toEqual([1, 1]);
    expect(on.maxRssMb).toBeLessThan(BOUND_MB);
    expect(on.liveHeapMb - off.liveHeapMb).toBeLessThan(LIVE_HEAP_ADDED_MB);
    // Two runs of 200,000 referrals, each with a full collection every 250 ms: about 10 minutes on a busy 2-core machine.
  }, 1_800_000);
});
