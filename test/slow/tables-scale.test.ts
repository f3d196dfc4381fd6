// Scale for tables (issue 16): 50,000 and 200,000 generated referrals as CSV rows, through the
// benchmark's mapping (bench/tables.mjs: every field a column), each linted in a child process
// that reports its own peak RSS and peak live heap (measured, never timed). The CSV is read a
// row at a time, so memory grows only by unique-referral's keys, as for NDJSON.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { exportChunks, generateReferrals } from '../../tools/gen/generate.js';
import { ROOT, useTempDirs } from '../temp-files.js';
import { lintInChild, type ChildRun } from './child-memory.js';

const tempDir = useTempDirs('tables-scale');
const COUNT = 200_000;
const SMALL = 50_000;
/** Peak RSS allowed at 200,000 rows: the 300 MB for a million. Measured: 186 MB at 100,000, 276 MB at 1,000,000. */
const BOUND_MB = 300;
/** Growth of the live heap (after a full collection) allowed from 50,000 to 200,000 rows; the keys themselves live outside the heap. */
const LIVE_GROWTH_MB = 40;

describe(`${COUNT.toLocaleString('en-GB')} CSV rows in a child process`, () => {
  it('are read in bounded memory that barely grows with the count', async () => {
    const dir = tempDir();
    const tables = (await import(path.join(ROOT, 'bench/tables.mjs'))) as {
      tableMapping(name: string): unknown;
      writeCsv(ndjson: string, csv: string): Promise<void>;
    };
    const mapping = path.join(dir, 'mapping.yaml');
    writeFileSync(mapping, toYaml({ mappings: [tables.tableMapping('bench')] }));
    const runs: Record<number, ChildRun> = {};
    for (const count of [SMALL, COUNT]) {
      const ndjson = path.join(dir, `gen-${count}.ndjson`);
      const fd = openSync(ndjson, 'w');
      try {
        for (const chunk of exportChunks(generateReferrals({ count, seed: 3, gapSeconds: 4 }), 'ndjson')) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      const csv = path.join(dir, `gen-${count}.csv`);
      await tables.writeCsv(ndjson, csv);
      runs[count] = await lintInChild(csv, ['--mapping', mapping]);
    }
    const small = runs[SMALL]!;
    const large = runs[COUNT]!;
    expect(large.code).toBe(1);
    expect(large.maxRssMb, `peak RSS at ${COUNT}`).toBeLessThan(BOUND_MB);
    expect(large.liveHeapMb - small.liveHeapMb, `live heap growth from ${SMALL} to ${COUNT}`).toBeLessThan(LIVE_GROWTH_MB);
  });
});
