// --jobs: worker threads read NDJSON referrals and run their rules; the main thread runs the
// batch rules in input order and takes results back in input order. Whatever the number of
// threads, the report is the same, byte for byte. The threads run the build (npm test
// builds before it runs the tests: src/run/pool.ts finds dist/src/run/worker.js).
// The same cases at thousands of referrals are in test/slow/jobs-scale.test.ts.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { resolveConfig } from '../src/config/resolve.js';
import { packRuns, unpackRuns, type RuleRun } from '../src/engine/engine.js';
import type { Rule } from '../src/rule-api/rule.js';
import { run } from './cli-run.js';
import { NOW } from './helpers.js';
import { jobsCases } from './jobs-cases.js';
import { ROOT, useTempDirs, write } from './temp-files.js';

// In the folder, more NDJSON referrals than the runner keeps in flight (512); everywhere,
// more batches (64 referrals each) than there are threads.
jobsCases({ ndjson: 600, json: 200, stdinNdjson: 200, stdinJson: 150 });

const tempDir = useTempDirs('jobs');

describe('--jobs', () => {
  it('places findings after multi-byte characters at the same columns as standard input does: characters, not bytes', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const text = '[{"id": "REF-1", "child": {"givenName": "Zoë Ångström-Ødegård"}}, {"id": "REF-2", "zz": 1}]\n';
    write(dir, 'accents.json', text);
    const positions = async (args: string[], stdin?: NodeJS.ReadableStream): Promise<string[]> => {
      const { stdout } = await run(dir, [...args, '--strict', '--format', 'json', '--now', NOW], stdin);
      const report = JSON.parse(stdout) as { referrals: { findings: { ruleId: string; pointer: string; line?: number; column?: number }[] }[] };
      return report.referrals.flatMap((r) => r.findings.map((f) => `${f.ruleId} ${f.pointer} ${f.line}:${f.column}`));
    };
    const fromStdin = await positions(['-'], Readable.from([text]));
    // The unknown key's column is its index in the text, as a JavaScript string counts (UTF-16 code units), plus one.
    // Without --include-personal-data the finding points at the object holding the key, at the key's own place.
    expect(fromStdin).toContain(`schema-valid /1 1:${text.indexOf('"zz"') + 1}`);
    expect(await positions(['accents.json'])).toEqual(fromStdin);
    expect(await positions(['accents.json', '--jobs', '2'])).toEqual(fromStdin);
  });

  it('refuses a number of threads that is not a whole number from 1 to 64', async () => {
    for (const value of ['0', '1.5', 'many', '65']) {
      const result = await run(ROOT, ['fixtures/', '--jobs', value]);
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain('--jobs takes a whole number of threads from 1 to 64, or auto');
    }
  });
});

describe('rule runs packed for the way between threads', () => {
  it('unpack to what was packed, over more than 30 rules', () => {
    const config = resolveConfig({}, builtInRules as Rule<object>[], { now: NOW });
    const enabled = [...config.rules, ...config.rules].map((e, i) => ({ ...e, rule: { ...e.rule, meta: { ...e.rule.meta, id: `${e.rule.meta.id}-${i}` } } }));
    expect(enabled.length).toBeGreaterThan(30);
    const runs: RuleRun[] = [
      { id: enabled[0]!.rule.meta.id, applicable: true },
      { id: enabled[3]!.rule.meta.id, applicable: true, reports: [{ pointer: '/child', message: 'child is missing' }] },
      { id: enabled[29]!.rule.meta.id, readNow: true },
      { id: enabled[30]!.rule.meta.id, applicable: true, crash: 'boom', readNow: true },
      { id: enabled[enabled.length - 1]!.rule.meta.id, applicable: true },
    ];
    const packed = packRuns(enabled, runs);
    expect(packed.applied).toHaveLength(2);
    expect(unpackRuns(enabled, JSON.parse(JSON.stringify(packed)))).toEqual(runs);
  });
});
