// A JSON file larger than one JavaScript string can hold (600 MB), broken by one stray byte
// at its end: the failure is placed by line and column from the stream, in bounded memory.
// Before, the error path read the file again whole, which cannot be done for such a file
// ("cannot read the file", no position, 1.27 GB of memory).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, useTempDirs } from '../temp-files.js';

const exec = promisify(execFile);
const tempDir = useTempDirs('json-syntax-memory');

/** Peak RSS allowed: streaming holds one referral at a time. Measured: about 100 MB. */
const BOUND_MB = 250;

describe('a syntax error at the end of a 600 MB JSON file', () => {
  it('is placed by line and column, in bounded memory, without reading the file again', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.json');
    const lines = 300_000;
    const write = `
      import { createWriteStream } from 'node:fs';
      const out = createWriteStream(process.argv[1]);
      const element = JSON.stringify({ id: 'X', pad: 'y'.repeat(2000) });
      out.write('[\\n');
      for (let i = 0; i < ${lines}; i++) if (!out.write(element + (i + 1 < ${lines} ? ',\\n' : '\\n'))) await new Promise((r) => out.once('drain', r));
      out.end(']\\nx');
      await new Promise((r) => out.once('finish', r));
    `;
    await exec(process.execPath, ['--input-type=module', '-e', write, file]);
    const probe = `
      import { loadInputs } from ${JSON.stringify(path.join(ROOT, 'dist/src/load/index.js'))};
      let last;
      for await (const e of loadInputs([{ display: 'big.json', absolute: process.argv[1] }])) if (e.kind !== 'referral') last = e;
      console.log(JSON.stringify({ last, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    `;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', probe, file]);
    const { last, maxRssMb } = JSON.parse(stdout) as { last: unknown; maxRssMb: number };
    expect(last).toEqual({ kind: 'failed-file', file: 'big.json', reason: 'not valid JSON: an unexpected character', line: lines + 3, column: 1 });
    expect(maxRssMb).toBeLessThan(BOUND_MB);
  });
});
