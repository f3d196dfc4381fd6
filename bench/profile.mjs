#!/usr/bin/env node
// Where the time goes: `npm run bench -- --profile [options]` or `node bench/profile.mjs [options]`
// (run `npm run build` first; npm run bench does).
//   --sizes 100000,1000000     referrals per generated file
//   --kinds ndjson,json        input kinds (scripts/gen.mjs --format)
//   --rates default,realistic  defect rates (scripts/gen.mjs --defect-rate; `default` passes none)
//   --out bench/profile-latest.md
//   --keep                     keep the generated files and the .cpuprofile files
// For each size, kind and rate: generate an export (scripts/gen.mjs --seed 1 --gap-seconds 4),
// run `referral-lint FILE -f csv-agencies --jobs 1 --no-progress` under `node --cpu-prof`, and
// break the profile down by stage (bench/profile-stages.mjs): each sample's time goes to the
// first function up its stack whose code belongs to a stage (reading, parsing, schema, each
// rule, positions, engine, tallying, reporting, garbage collection, ...). Prints and writes a
// markdown table per run, and the 15 functions with the most self time, placed in src/ through
// the build's source maps. Does not touch bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { attribute, mergeBreakdowns, stageLabel } from './profile-stages.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Stops the run with a message and no stack trace (the temporary folder is removed on exit). */
function fail(message) {
  process.stderr.write(`bench/profile.mjs: ${message}\n`);
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    kinds: { type: 'string', default: 'ndjson,json' },
    rates: { type: 'string', default: 'default,realistic' },
    out: { type: 'string', default: path.join(ROOT, 'bench/profile-latest.md') },
    keep: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
  },
});
const sizes = values.sizes.split(',').map((s) => {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) fail(`--sizes: ${JSON.stringify(s)} is not a whole number of referrals`);
  return n;
});
const kinds = values.kinds.split(',');
for (const kind of kinds) if (!['ndjson', 'json', 'yaml'].includes(kind)) fail(`--kinds: ${JSON.stringify(kind)} is not one of ndjson, json, yaml`);
const rates = values.rates.split(',');
const TOP = Number(values.top);
/** Stages with at least this share get their own functions listed; up to CLAIMS of them. */
const LARGE = 0.05;
const CLAIMS = 5;

const CLI = path.join(ROOT, 'bin/referral-lint.js');
const GEN = path.join(ROOT, 'scripts/gen.mjs');
if (!existsSync(path.join(ROOT, 'dist/src/cli/cli.js'))) fail('no build: run `npm run build` first (npm run bench does)');
const work = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-profile-'));
process.on('exit', () => {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
});

/** scripts/gen.mjs's arguments for a defect rate: none for `default`, `--defect-rate R` otherwise. */
const rateArgs = (rate) => (rate === 'default' ? [] : ['--defect-rate', rate]);

function generate(count, kind, rate, out) {
  const run = spawnSync(process.execPath, [GEN, '--count', String(count), '--seed', '1', '--format', kind, '--gap-seconds', '4', ...rateArgs(rate), '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) {
    const said = run.stderr.split('\n')[0];
    const hint = rate !== 'default' && /defect-rate/.test(run.stderr) ? `\nThis scripts/gen.mjs does not take --defect-rate ${rate}: give a rate it takes, or --rates default.` : '';
    fail(`scripts/gen.mjs failed for ${kind} at defect rate ${rate}: ${said}${hint}`);
  }
}

// Every rate is tried on a tiny file first, so that a generator without --defect-rate fails the
// run at once, not after an hour of profiles.
for (const rate of rates) generate(1, kinds[0], rate, path.join(work, 'probe'));

const rulesRun = spawnSync(process.execPath, [CLI, 'rules', '--format', 'json'], { encoding: 'utf8' });
if (rulesRun.status !== 0) fail(`referral-lint rules failed: ${rulesRun.stderr}`);
const ruleIds = JSON.parse(rulesRun.stdout).map((r) => r.id);

// Source maps of the build (dist/**/*.js.map), read as needed: generated line and column to src/.
const maps = new Map();
const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  let origLine = 0;
  let origCol = 0;
  for (const lineText of mappings.split(';')) {
    const segments = [];
    let genCol = 0;
    for (const seg of lineText.split(',')) {
      if (seg === '') continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const c of seg) {
        const digit = B64.get(c);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        origLine += fields[2];
        origCol += fields[3];
        segments.push([genCol, source, origLine, origCol]);
      }
    }
    lines.push(segments);
  }
  return lines;
}
/** `src/x.ts:LINE` for a frame in dist/ (line and column 1-based), or the file as it is. */
function placeOf(url, line, column) {
  if (url === '') return '(native)';
  if (!url.startsWith('file://')) return `${url}:${line}`;
  const file = fileURLToPath(url);
  const rel = path.relative(ROOT, file);
  if (!maps.has(file)) {
    let map;
    try {
      const raw = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
      map = { sources: raw.sources.map((s) => path.relative(ROOT, path.resolve(path.dirname(file), raw.sourceRoot ?? '', s))), lines: decodeMappings(raw.mappings) };
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  const map = maps.get(file);
  const segments = map?.lines[line - 1];
  if (!segments || segments.length === 0) return `${rel}:${line}`;
  let best = segments[0];
  for (const s of segments) if (s[0] <= column - 1) best = s;
  return `${map.sources[best[1]]}:${best[2] + 1}`;
}

const shortLabel = (stage) => stageLabel(stage).replace(/ \(.*\)$/, '');
const fmt = (n, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (part, whole) => `${fmt((100 * part) / whole, 1)} %`;

function profileOne(size, kind, rate) {
  const file = path.join(work, `gen-${size}-${rate}.${kind}`);
  console.error(`generating ${fmt(size)} referrals as ${kind}, defect rate ${rate} ...`);
  generate(size, kind, rate, file);
  const mb = statSync(file).size / 1e6;
  const dir = path.join(work, `cpuprofile-${size}-${kind}-${rate}`);
  mkdirSync(dir, { recursive: true });
  console.error(`  profiling referral-lint ${path.basename(file)} -f csv-agencies --jobs 1 ...`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, CLI, file, '-f', 'csv-agencies', '--jobs', '1', '--no-progress'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`referral-lint failed (exit ${run.status}): ${run.stderr}`);
  const profiles = readdirSync(dir).filter((n) => n.endsWith('.cpuprofile'));
  if (profiles.length === 0) throw new Error(`no .cpuprofile written in ${dir}`);
  const breakdown = mergeBreakdowns(profiles.map((n) => attribute(JSON.parse(readFileSync(path.join(dir, n), 'utf8')), { root: ROOT, ruleIds })));
  if (!values.keep) {
    rmSync(file, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  return { size, kind, rate, mb, wallMs, exit: run.status, breakdown, kept: values.keep ? { file, dir } : undefined };
}

function section(r) {
  const b = r.breakdown;
  const ms = (us) => fmt(us / 1000);
  const lines = [
    `### ${fmt(r.size)} referrals, ${r.kind}, defect rate ${r.rate}`,
    '',
    `${fmt(r.mb)} MB; \`referral-lint FILE -f csv-agencies --jobs 1 --no-progress\` took ${fmt(r.wallMs / 1000, 1)} s under the profiler (exit ${r.exit}); ${ms(b.totalUs)} ms sampled.${r.kept ? ` Kept: ${r.kept.file}, ${r.kept.dir}.` : ''}`,
    '',
    '| Stage | ms | Share |',
    '|---|---:|---:|',
    ...Object.entries(b.stages).map(([stage, us]) => `| ${stageLabel(stage)} | ${ms(us)} | ${pct(us, b.totalUs)} |`),
    '',
    `Top ${TOP} functions by self time (the stage they counted to; "+n" when they also ran for n other stages):`,
    '',
    '| Function | File:line | Stage | ms | Share |',
    '|---|---|---|---:|---:|',
    ...b.functions.slice(0, TOP).map((f) => {
      const stages = Object.entries(f.byStage).sort((x, y) => y[1] - x[1]);
      const stage = `${shortLabel(stages[0][0])}${stages.length > 1 ? ` +${stages.length - 1}` : ''}`;
      return `| \`${f.name}\` | ${placeOf(f.url, f.line, f.column)} | ${stage} | ${ms(f.us)} | ${pct(f.us, b.totalUs)} |`;
    }),
    '',
  ];
  // Inside each large stage: the stage's own functions its time went through (the frame that
  // gave each sample its stage), each with the helpers it called.
  const large = Object.entries(b.stages).filter(([stage, us]) => us / b.totalUs >= LARGE && !['gc', 'program', 'other'].includes(stage));
  if (large.length > 0) {
    lines.push(
      `Inside the stages of ${fmt(LARGE * 100)} % or more: the stage's own functions the time went through, each with the helpers it called (up to ${CLAIMS} a stage):`,
      '',
      '| Stage | Function | File:line | ms | Share |',
      '|---|---|---|---:|---:|',
    );
    for (const [stage] of large) {
      const mine = b.claims.filter((c) => c.byStage[stage]).sort((x, y) => y.byStage[stage] - x.byStage[stage]).slice(0, CLAIMS);
      for (const c of mine) lines.push(`| ${shortLabel(stage)} | \`${c.name}\` | ${placeOf(c.url, c.line, c.column)} | ${ms(c.byStage[stage])} | ${pct(c.byStage[stage], b.totalUs)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const results = [];
const out = [
  '# Where the time goes',
  '',
  `\`npm run bench -- --profile\` (bench/profile.mjs) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg().map((l) => fmt(l, 1)).join(', ')}. Data: \`scripts/gen.mjs --count N --seed 1 --gap-seconds 4\` (and \`--defect-rate R\` for a rate other than default). Each sample of \`node --cpu-prof\` (1 ms) counts to the first function up its stack that belongs to a stage, so a helper counts to the rule or the step that called it; a package's code (ajv, yaml) to the project's code that called it. Shares are of the sampled time.`,
  '',
];
try {
  for (const size of sizes) {
    for (const kind of kinds) {
      for (const rate of rates) {
        const r = profileOne(size, kind, rate);
        results.push(r);
        const text = section(r);
        console.log(text);
        out.push(text);
        const unknown = Object.keys(r.breakdown.stages).filter((s) => s.startsWith('rule:') && !ruleIds.includes(s.slice(5)));
        if (unknown.length > 0) console.error(`warning: stages named after no rule: ${unknown.join(', ')}`);
        const other = r.breakdown.stages.other ?? 0;
        if (other / r.breakdown.totalUs > 0.05) console.error(`warning: ${pct(other, r.breakdown.totalUs)} of the time is "other": the classifier (bench/profile-stages.mjs) needs more of the stack`);
        writeFileSync(values.out, `${out.join('\n').trimEnd()}\n`);
      }
    }
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

if (results.length > 1) {
  // Every run side by side: each stage's share.
  const stages = [...new Set(results.flatMap((r) => Object.keys(r.breakdown.stages)))];
  const total = (stage) => results.reduce((sum, r) => sum + (r.breakdown.stages[stage] ?? 0) / r.breakdown.totalUs, 0);
  stages.sort((a, b) => total(b) - total(a));
  const head = results.map((r) => `${fmt(r.size)} ${r.kind} ${r.rate}`);
  const summary = [
    '### Shares side by side',
    '',
    `| Stage | ${head.join(' | ')} |`,
    `|---|${head.map(() => '---:').join('|')}|`,
    ...stages.map((s) => `| ${stageLabel(s)} | ${results.map((r) => pct(r.breakdown.stages[s] ?? 0, r.breakdown.totalUs)).join(' | ')} |`),
    '',
  ].join('\n');
  console.log(summary);
  out.splice(4, 0, summary);
}
writeFileSync(values.out, `${out.join('\n').trimEnd()}\n`);
console.error(`wrote ${path.relative(process.cwd(), values.out) || values.out}${values.keep ? `; kept the data and profiles in ${work}` : ''}`);
