// bench/profile-stages.mjs (npm run bench -- --profile): each CPU-profile sample's time goes to
// the first frame up its stack that belongs to a stage, on a small profile made by hand.
import { describe, expect, it } from 'vitest';
import { attribute, classifyFrame, mergeBreakdowns, sampleDurations, stageLabel, type CpuProfile } from '../bench/profile-stages.mjs';

const ROOT = '/pkg';
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '1' });
const dist = (file: string) => `file:///pkg/dist/${file}`;

// (root)
// ├─ (garbage collector)                                     2
// ├─ main (cli)                                              3
// │  ├─ run (engine)                                         4
// │  │  ├─ check (rules/consent-recorded)                    5
// │  │  │  └─ isPlaceholder (rule-api/helpers)               6  -> the rule
// │  │  ├─ str (domain/referral)                             7  -> engine
// │  │  ├─ jsonLocator (parse/positions)                    10
// │  │  │  └─ parseTree (node_modules/jsonc-parser)          8  -> positions
// │  │  ├─ check (rules/not-a-rule, not a known rule id)    17  -> engine
// │  │  └─ yamlLocator (parse/yaml-positions)               20
// │  │     └─ isScalar (node_modules/yaml)                  21  -> positions, not parsing
// │  ├─ parseDocument (node_modules/yaml)                   12  -> parsing (no project stage above)
// │  └─ write (node:internal/streams/writable)              18  -> reporting
// ├─ processTicksAndRejections (node:internal/process/task_queues) 9
// │  └─ runMicrotasks (native)                             11  -> program
// │     └─ loadNdjsonStream (parse/ndjson)                  15  -> reading
// │        ├─ parseJson (parse/json-parse)                  16  -> parsing
// │        └─ parse (native JSON.parse)                     19  -> parsing
// ├─ compileSourceTextModule (node:internal/modules/esm/utils) 13 -> start-up
// └─ pluginCheck (a plugin outside the package)             14  -> other
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 3, 9, 13, 14] },
    { id: 2, callFrame: frame('(garbage collector)', '') },
    { id: 3, callFrame: frame('main', dist('src/cli/cli.js')), children: [4, 12, 18] },
    { id: 4, callFrame: frame('run', dist('src/engine/engine.js'), 201), children: [5, 7, 10, 17, 20] },
    { id: 5, callFrame: frame('check', dist('rules/consent-recorded.js')), children: [6] },
    { id: 6, callFrame: frame('isPlaceholder', dist('src/rule-api/helpers.js'), 6) },
    { id: 7, callFrame: frame('str', dist('src/domain/referral.js'), 14) },
    { id: 10, callFrame: frame('jsonLocator', dist('src/parse/positions.js')), children: [8] },
    { id: 8, callFrame: frame('parseTree', 'file:///pkg/node_modules/jsonc-parser/lib/umd/impl/parser.js') },
    { id: 17, callFrame: frame('check', dist('rules/not-a-rule.js')) },
    { id: 20, callFrame: frame('yamlLocator', dist('src/parse/yaml-positions.js')), children: [21] },
    { id: 21, callFrame: frame('isScalar', 'file:///pkg/node_modules/yaml/dist/nodes/identity.js') },
    { id: 12, callFrame: frame('parseDocument', 'file:///pkg/node_modules/yaml/dist/public-api.js') },
    { id: 18, callFrame: frame('write', 'node:internal/streams/writable') },
    { id: 9, callFrame: frame('processTicksAndRejections', 'node:internal/process/task_queues'), children: [11] },
    { id: 11, callFrame: frame('runMicrotasks', ''), children: [15] },
    { id: 15, callFrame: frame('loadNdjsonStream', dist('src/parse/ndjson.js')), children: [16, 19] },
    { id: 16, callFrame: frame('parseJson', dist('src/parse/json-parse.js'), 283) },
    { id: 19, callFrame: frame('parse', '') },
    { id: 13, callFrame: frame('compileSourceTextModule', 'node:internal/modules/esm/utils') },
    { id: 14, callFrame: frame('pluginCheck', 'file:///elsewhere/plugin.js') },
  ],
  startTime: 1_000,
  // Samples at 1,000 (+0), 1,100, 1,300, 1,600, ... ; each lasts until the next (the last until endTime).
  samples: [2, 6, 7, 8, 17, 12, 18, 11, 15, 16, 19, 13, 14, 6, 21],
  timeDeltas: [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000, 1_100, 1_200, 1_300, 1_400],
  endTime: 1_000 + 10_500 + 1_500,
};

describe('the stage breakdown of a CPU profile', () => {
  it('times each sample from its timestamp to the next one, the last to endTime', () => {
    expect(sampleDurations(profile)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000, 1_100, 1_200, 1_300, 1_400, 1_500]);
  });

  it('gives each sample to the first frame up its stack that has a stage', () => {
    const b = attribute(profile, { root: ROOT, ruleIds: ['consent-recorded'] });
    expect(b.perSample).toEqual([
      'gc',
      'rule:consent-recorded', // a helper counts to the rule that called it
      'engine', // a domain helper called by the engine
      'positions', // jsonc-parser under src/parse/positions
      'engine', // rules/not-a-rule.js is no rule id
      'parsing', // the yaml package with only the CLI (start-up, weak) below it
      'reporting', // a stream write with only the CLI below it
      'program', // promise machinery
      'reading',
      'parsing',
      'parsing', // native JSON.parse, even under the reader
      'startup',
      'other',
      'rule:consent-recorded',
      'positions', // the yaml package under src/parse/yaml-positions: the project's frame wins
    ]);
    expect(b.totalUs).toBe(12_000);
    expect(b.stages).toEqual({
      'rule:consent-recorded': 200 + 1_400,
      parsing: 600 + 1_000 + 1_100,
      engine: 300 + 500,
      reporting: 700,
      program: 800,
      reading: 900,
      startup: 1_200,
      other: 1_300,
      positions: 400 + 1_500,
      gc: 100,
    });
    expect(Object.keys(b.stages)[0]).toBe('parsing'); // largest first
    // The frame that gave each sample its stage, with the time of the helpers under it.
    const claims = Object.fromEntries(b.claims.map((c) => [`${c.name}:${c.line}`, c.byStage]));
    expect(claims).toEqual({
      'check:1': { 'rule:consent-recorded': 1_600 },
      'pluginCheck:1': { other: 1_300 }, // nothing on its stack has a stage: the function itself
      'parse:1': { parsing: 1_100 },
      'run:202': { engine: 800 },
      'parseJson:284': { parsing: 1_000 },
      'loadNdjsonStream:1': { reading: 900 },
      'processTicksAndRejections:1': { program: 800 },
      'write:1': { reporting: 700 },
      'parseDocument:1': { parsing: 600 },
      'jsonLocator:1': { positions: 400 },
      'yamlLocator:1': { positions: 1_500 },
      'compileSourceTextModule:1': { startup: 1_200 },
      '(garbage collector):1': { gc: 100 },
    });
    const helper = b.functions.find((f) => f.name === 'isPlaceholder');
    expect(helper).toMatchObject({ line: 7, us: 1_600, byStage: { 'rule:consent-recorded': 1_600 } });
    expect(b.functions[0]).toMatchObject({ name: 'isPlaceholder', us: 1_600 });
  });

  it('counts any file under rules/ as a rule when no rule ids are given, but never rules/index', () => {
    expect(classifyFrame(frame('check', dist('rules/not-a-rule.js')), { root: ROOT })).toEqual({ stage: 'rule:not-a-rule', weak: false });
    expect(classifyFrame(frame('(anonymous)', dist('rules/index.js')), { root: ROOT })).toBeUndefined();
    expect(classifyFrame(frame('validate20', dist('src/schema/compiled-loose.js')), { root: ROOT })).toEqual({ stage: 'schema', weak: false });
    expect(classifyFrame(frame('scan', 'file:///pkg/src/parse/json-stream.ts'), { root: 'file:///pkg/' })).toEqual({ stage: 'reading', weak: false });
  });

  it('adds breakdowns (one per thread) together', () => {
    const one = attribute(profile, { root: ROOT });
    const both = mergeBreakdowns([one, one]);
    expect(both.totalUs).toBe(24_000);
    expect(both.stages.parsing).toBe(5_400);
    expect(both.functions.find((f) => f.name === 'isPlaceholder')?.us).toBe(3_200);
    // Without rule ids, rules/not-a-rule.js counts as a rule: the engine's run keeps str's time alone.
    expect(both.claims.find((c) => c.name === 'run')?.byStage).toEqual({ engine: 600 });
    expect(stageLabel('rule:consent-recorded')).toBe('rule consent-recorded');
    expect(stageLabel('gc')).toBe('garbage collection');
  });
});
