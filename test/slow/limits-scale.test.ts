// Resource limits at their defaults on inputs of many megabytes, and the memory a breach
// leaves held: the small versions of these cases, under configured limits, are in
// test/load/limits.test.ts. The memory case runs the build (dist/) in a child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../cli-run.js';
import { cleanReferral } from '../helpers.js';
import { ROOT, useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('limits-scale');

const tokensReason = (max: number) => `a document holds more than ${max} YAML tokens (the limit is maxDocumentTokens)`;

describe('maxDocumentTokens', () => {
  it('fails a dense flow list inside the byte limit by default, before the parser builds it all, and the next file is read', async () => {
    const dir = tempDir();
    // 3,000,000 items of two bytes: 6 MB, three tokens an item.
    write(dir, 'a-dense.yaml', `id: F\nbase: [${'1,'.repeat(3_000_000)}1]\n`);
    write(dir, 'b-good.ndjson', `${JSON.stringify(cleanReferral())}\n`);
    const r = await run(dir, ['.', '--format', 'json', '--now', '2026-11-01T09:00:00Z']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: unknown[] };
    expect(report.files).toEqual([
      { path: 'a-dense.yaml', referrals: 0, error: tokensReason(2_000_000), line: 2, column: 1_333_332, failedReferrals: [] },
      { path: 'b-good.ndjson', referrals: 1, failedReferrals: [] },
    ]);
  });
});

describe('memory', () => {
  /**
   * Past a limit, what is skipped is not held: measured in a child process (with the build),
   * where a collection can be forced, just before the end of a 256 MB line, element or
   * alias bomb. Holding the skipped bytes would show as 256 MB.
   */
  it('holds no more than the limit of a 256 MB NDJSON line or JSON element, nor of a billion laughs', async () => {
    const dist = (file: string) => pathToFileURL(path.join(ROOT, 'dist/src/parse', file)).href;
    const script = `
      import { loadNdjsonStream } from '${dist('ndjson.js')}';
      import { loadJsonStream } from '${dist('json.js')}';
      import { loadYamlText } from '${dist('yaml.js')}';
      import { resolveLimits } from '${dist('limits.js')}';
      const MB = 1024 * 1024;
      const held = () => { globalThis.gc(); const m = process.memoryUsage(); return Math.round((m.arrayBuffers + m.heapUsed) / MB); };
      const measured = {};
      async function* source(name, head, tail) {
        yield Buffer.from(head);
        for (let i = 0; i < 256; i++) yield Buffer.alloc(MB, 0x61);
        measured[name] = held();
        yield Buffer.from(tail);
      }
      const kinds = async (events) => { const out = []; for await (const e of events) out.push(e.kind); return out; };
      const limits = resolveLimits({ maxLineLength: MB, maxReferralLength: MB });
      const baseline = held();
      const ndjson = await kinds(loadNdjsonStream('l.ndjson', source('ndjson', '{"id":"A"}\\n{"p":"', '"}\\n{"id":"C"}\\n'), false, limits));
      const json = await kinds(loadJsonStream('e.json', source('json', '[{"id":"A"},{"p":"', '"},{"id":"C"}]'), false, limits));
      const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
      for (let i = 1; i <= 9; i++) lines.push('a' + i + ': &a' + i + ' [' + Array(9).fill('*a' + (i - 1)).join(', ') + ']');
      const yaml = await kinds(loadYamlText('bomb.yaml', lines.join('\\n')));
      measured.yaml = held();
      console.log(JSON.stringify({ baseline, measured, ndjson, json, yaml }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', script]);
    const { baseline, measured, ndjson, json, yaml } = JSON.parse(stdout) as { baseline: number; measured: Record<string, number>; ndjson: string[]; json: string[]; yaml: string[] };
    expect(ndjson).toEqual(['referral', 'failed-referral', 'referral']);
    expect(json).toEqual(['referral', 'failed-referral', 'referral']);
    expect(yaml).toEqual(['failed-file']);
    for (const name of ['ndjson', 'json', 'yaml']) expect(measured[name]! - baseline).toBeLessThan(32);
  });
});
