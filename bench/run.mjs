// npm run bench [-- options]: referral-lint against the floors for every input kind, at two
// defect rates, and optionally against an earlier build (--before). See USAGE below.
// npm run bench -- --profile      (where the time goes, by stage: bench/profile.mjs)
// npm run bench -- --only startup   (the start-up times alone, written into bench/RESULTS.md's
//                                     "Start-up" section; the rest of the file is kept)
// npm run bench -- --only tables    (bench/tables.mjs: the "Tables" section of bench/RESULTS.md)
//
// For each defect rate, size and input kind: generate a synthetic export (scripts/gen.mjs,
// seed 1, --gap-seconds 4; CSV and XLSX written from the same referrals by bench/tables.mjs's
// mapping), then measure, each run a child process of its own, round by round (so every
// ratio compares runs made under the same load):
//   (a) parse floor: read + parse of every referral with the parser referral-lint uses for the kind
//   (b) schema floor: (a) + ajv validation against the referral schema (tables: rows mapped first)
//   (c) referral-lint -f csv-agencies --jobs 1
//   (d) referral-lint -f csv-agencies --jobs auto
//   (e) referral-lint --format json --output-file <tmp>/report.json --jobs 1   (memory with a full report)
//   (f) (e) with --jobs auto
// then the start-up times (as --only startup measures them).
// With --before DIR, (c) to (f) also run DIR/bin/referral-lint.js, interleaved with this
// build's on the same file, and the JSON reports' summaries are compared. Writes markdown
// to --out (default bench/latest.md); bench/RESULTS.md is not touched. Progress on stderr.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { benchTables, tableMapping, tablesSection, withTables, writeCsv, writeXlsx } from './tables.mjs';
import { parseArgs } from 'node:util';

// npm run bench -- --profile [--sizes ... --kinds ... --rates ...]: where the time goes, by stage (bench/profile.mjs).
if (process.argv.includes('--profile')) {
  const args = process.argv.slice(2).filter((a) => a !== '--profile');
  process.exit(spawnSync(process.execPath, [fileURLToPath(new URL('./profile.mjs', import.meta.url)), ...args], { stdio: 'inherit' }).status ?? 1);
}

const USAGE = `Usage: npm run bench -- [options]
       node bench/run.mjs [options]          (after npm run build)

Measures referral-lint against its parse and schema floors for each input kind, size and
defect rate, each run a child process, and writes the tables as markdown.

Options:
  --sizes N,N,...      referrals per file (default 10000,100000,1000000); YAML and XLSX stop
                       at 100,000 (their parsers are the limit; the floors give their rate)
  --kinds K,K,...      ndjson, json, yaml, csv, xlsx (default all); --formats is an old name
  --rates R,R,...      generator defect rates: default, realistic or 0..1 (default default,realistic)
  --runs N             rounds per measurement, medians reported (default 3; 1 at 1,000,000 and more)
  --before DIR         also run DIR/bin/referral-lint.js (a built checkout of an earlier commit),
                       interleaved with this build's, and compare their findings
  --lint-runs L,L,...  which of (c) (d) (e) (f) this build runs (default c,d,e,f)
  --before-runs L,L,...  which of them the earlier build runs too (default c,d,e,f): at
                       1,000,000 referrals the earlier build's runs take most of the time
  --out FILE           where the markdown goes (default bench/latest.md)
  --keep               keep the generated files (a folder of the temporary directory, named at the end)
  --profile            where the time goes, by stage, from CPU profiles (bench/profile.mjs,
                       which takes --sizes, --kinds, --rates, --out, --keep, --top)
  --only startup       only the start-up times, into bench/RESULTS.md's Start-up section
  --only tables        only bench/tables.mjs, into bench/RESULTS.md's Tables section
  -h, --help           show this help
`;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    kinds: { type: 'string' },
    formats: { type: 'string' },
    rates: { type: 'string', default: 'default,realistic' },
    runs: { type: 'string' },
    before: { type: 'string' },
    'lint-runs': { type: 'string', default: 'c,d,e,f' },
    'before-runs': { type: 'string', default: 'c,d,e,f' },
    out: { type: 'string', default: 'bench/latest.md' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
function usageError(message) {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.only !== undefined && values.only !== 'startup' && values.only !== 'tables') usageError('--only takes startup or tables');
const KINDS = ['ndjson', 'json', 'yaml', 'csv', 'xlsx'];
const list = (text) => text.split(',').map((t) => t.trim()).filter((t) => t !== '');
const sizes = list(values.sizes).map(Number);
if (sizes.length === 0 || !sizes.every((n) => Number.isSafeInteger(n) && n > 0)) usageError(`--sizes takes whole numbers above 0, got ${JSON.stringify(values.sizes)}`);
// --formats is the option's earlier name.
const kinds = list(values.kinds ?? values.formats ?? KINDS.join(','));
if (kinds.length === 0 || !kinds.every((k) => KINDS.includes(k))) usageError(`--kinds takes ${KINDS.join(', ')}, got ${JSON.stringify(values.kinds ?? values.formats)}`);
const rates = list(values.rates);
if (rates.length === 0 || !rates.every((r) => r === 'default' || r === 'realistic' || (/^(?:0|1|0?\.\d+)$/.test(r) && Number(r) <= 1))) usageError(`--rates takes default, realistic or numbers from 0 to 1, got ${JSON.stringify(values.rates)}`);
const runsGiven = values.runs === undefined ? undefined : Number(values.runs);
if (runsGiven !== undefined && !(Number.isSafeInteger(runsGiven) && runsGiven >= 1)) usageError(`--runs takes a whole number of at least 1, got ${JSON.stringify(values.runs)}`);
// A folder of this run's own, so that two runs at once (on a shared machine) do not meet.
const work = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-bench-'));
process.on('exit', () => {
  if (values.keep) process.stderr.write(`bench: the generated files are kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
});

const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
const fmt = (n, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * Start-up: each command run RUNS times, round by round, each round also timing `node -e 0`,
 * so that every command and its baseline see the same load. Wall-clock medians, in ms. Run in
 * an empty folder, so that no config file is found.
 */
function startup() {
  const RUNS = 11;
  const dir = path.join(work, 'startup');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const three = path.join(dir, 'three.json');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen.mjs'), '--count', '3', '--seed', '1', '--format', 'json', '--out', three]);
  const cli = path.join(ROOT, 'bin/referral-lint.js');
  const commands = [
    { label: '`node -e 0`', args: ['-e', '0'] },
    { label: '`referral-lint three.json` (3 referrals)', args: [cli, three] },
    { label: '`referral-lint rules`', args: [cli, 'rules'] },
    { label: '`referral-lint explain consent-recorded`', args: [cli, 'explain', 'consent-recorded'] },
    { label: '`referral-lint --version`', args: [cli, '--version'] },
  ];
  const times = commands.map(() => []);
  for (let round = 0; round < RUNS; round += 1) {
    commands.forEach((c, i) => {
      const t = performance.now();
      const run = spawnSync(process.execPath, c.args, { cwd: dir, encoding: 'utf8' });
      times[i].push(performance.now() - t);
      if (run.status !== 0 && !(i === 1 && run.status === 1)) throw new Error(`${c.args.join(' ')} failed: ${run.stderr}`);
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return { runs: RUNS, rows: commands.map((c, i) => ({ label: c.label, ms: median(times[i]) })) };
}

/** The "Start-up" section of RESULTS.md. */
function startupSection(s) {
  const node = s.rows[0].ms;
  const target = (row) => (row.label.includes('--version') ? 150 : 400);
  return [
    '## Start-up',
    '',
    `Measured by \`npm run bench\` (alone: \`npm run bench -- --only startup\`) on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg().map((l) => fmt(l, 1)).join(', ')}: each command ${s.runs} times, round by round with \`node -e 0\` (so each ratio compares runs under the same load), wall-clock medians, in an empty folder (no config file). The 3-referral file is \`npm run gen -- --count 3 --seed 1 --format json\`. The target is under 400 ms each for a small file, \`rules\` and \`explain\` (150 ms for \`--version\`), on a machine where \`node -e 0\` takes about 50 ms: that is, about 8 × \`node -e 0\` (\`--version\`: 3 ×).`,
    '',
    '| Command | Median (ms) | × `node -e 0` | Under the target (ms) | Under the target\'s ratio |',
    '|---|---:|---:|---|---|',
    ...s.rows.map((r, i) =>
      i === 0 ? `| ${r.label} | ${fmt(r.ms)} | 1.00 | | |` : `| ${r.label} | ${fmt(r.ms)} | ${fmt(r.ms / node, 2)} | ${r.ms < target(r) ? 'yes' : 'no'} (${target(r)}) | ${r.ms / node < target(r) / 50 ? 'yes' : 'no'} (${fmt(target(r) / 50, 0)} ×) |`,
    ),
    '',
    `A machine busier than one where \`node -e 0\` takes 50 ms (here ${fmt(node)} ms) slows every command; the ratio is the measure that holds across loads.`,
    '',
  ].join('\n');
}

/** Puts the section into RESULTS.md in place of the one there (or at the end). */
function withStartup(text, section) {
  const start = text.indexOf('## Start-up\n');
  if (start === -1) return `${text.trimEnd()}\n\n${section}`;
  const next = text.indexOf('\n## ', start + 1);
  return `${text.slice(0, start)}${section}${next === -1 ? '' : `\n${text.slice(next + 1)}`}`;
}

const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
if (values.only === 'tables') {
  const section = tablesSection(await benchTables());
  writeFileSync(RESULTS, withTables(readFileSync(RESULTS, 'utf8'), section));
  console.log(section);
  console.error('wrote the Tables section of bench/RESULTS.md');
  process.exit(0);
}
if (values.only === 'startup') {
  const s = startup();
  writeFileSync(RESULTS, withStartup(readFileSync(RESULTS, 'utf8'), startupSection(s)));
  console.log(startupSection(s));
  console.error('wrote the Start-up section of bench/RESULTS.md');
  process.exit(0);
}


// ---------------------------------------------------------------------------------------
// Every input kind, at each defect rate, against the floors (and an earlier build).

/** YAML and XLSX are measured up to this many referrals: their parsers are the limit. */
const SLOW_KIND_LIMIT = 100_000;
const SLOW_KINDS = new Set(['yaml', 'xlsx']);
const NOW = '2026-12-01T00:00:00Z';
const runsFor = (size) => runsGiven ?? (size >= 1_000_000 ? 1 : 3);
const progress = (text) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${text}\n`);

function gitCommit(dir) {
  const run = spawnSync('git', ['-C', dir, 'describe', '--always', '--dirty', '--abbrev=7'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : 'unknown commit';
}

const builds = [{ name: 'this', root: ROOT, commit: gitCommit(ROOT) }];
if (values.before !== undefined) {
  const root = path.resolve(values.before);
  for (const needed of ['bin/referral-lint.js', 'dist/src/cli/cli.js']) {
    try {
      statSync(path.join(root, needed));
    } catch {
      usageError(`--before ${values.before}: no ${needed} there (a checkout built with npm ci?)`);
    }
  }
  builds.unshift({ name: 'before', root, commit: gitCommit(root) });
}
const hasBefore = builds.length === 2;

/** A floor in a child process (bench/floor.mjs). */
function floor(mode, file, extra) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench/floor.mjs'), mode, file, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench/floor.mjs ${mode} ${file} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

/** A build's bin/referral-lint.js in a child process (bench/bin-run.mjs), in the work folder (no config file there). */
function lintRun(build, file, args) {
  const result = path.join(work, `result-${build.name}.json`);
  rmSync(result, { force: true });
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bench/bin-run.mjs'), result, path.join(build.root, 'bin/referral-lint.js'), file, ...args], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0 && run.status !== 1) {
    const message = `${build.name}: referral-lint ${path.basename(file)} ${args.join(' ')} exited ${run.status}: ${run.stderr.trim().split('\n')[0]?.slice(0, 300)}`;
    // An earlier build may not read every kind this one reads: its runs are left out, and said so.
    if (build.name === 'before') return { failed: message };
    throw new Error(message);
  }
  return JSON.parse(readFileSync(result, 'utf8'));
}

/** The `summary` object of a JSON report, read from the start of the file (the report may be far too big to parse whole). */
function reportSummary(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const text = buffer.subarray(0, length).toString('utf8');
  const at = text.indexOf('"summary"');
  if (at < 0) return undefined;
  const start = text.indexOf('{', at);
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  return undefined;
}

/** A summary without the tool's version, to compare two builds' findings. */
function comparable(summary) {
  if (summary === undefined) return undefined;
  const copy = structuredClone(summary);
  for (const key of Object.keys(copy)) if (/version/i.test(key)) delete copy[key];
  return JSON.stringify(copy);
}


const lintRuns = new Set(values['lint-runs'].split(','));
const beforeRuns = new Set(values['before-runs'].split(','));
const RUNS = [
  { id: 'c', label: '(c) `-f csv-agencies --jobs 1`', args: ['-f', 'csv-agencies', '--jobs', '1'] },
  { id: 'd', label: '(d) `-f csv-agencies --jobs auto`', args: ['-f', 'csv-agencies', '--jobs', 'auto'] },
  { id: 'e', label: '(e) `--format json --output-file` `--jobs 1`', args: ['--format', 'json', '--jobs', '1'], report: true },
  { id: 'f', label: '(f) `--format json --output-file` `--jobs auto`', args: ['--format', 'json', '--jobs', 'auto'], report: true },
];

const command = `node bench/run.mjs ${process.argv.slice(2).map((a) => (/^[\w.,/=:-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`.trim();
const loadStart = os.loadavg();
const startedAt = new Date();
const mappingFile = path.join(work, 'mapping.yaml');
writeFileSync(mappingFile, toYaml({ mappings: [tableMapping('bench')] }));
const skipped = [];
/** Runs of the earlier build that failed (it could not read the kind, say). */
const failures = new Set();
const sections = [];
const findings = [];
progress(`bench: sizes ${sizes.join(', ')}; kinds ${kinds.join(', ')}; rates ${rates.join(', ')}; ${hasBefore ? `before: ${builds[0].root} (${builds[0].commit}); ` : ''}writing ${values.out}`);

for (const rate of rates) {
  const rows = [];
  for (const size of sizes) {
    const base = path.join(work, `gen-${rate}-${size}.ndjson`);
    const wanted = kinds.filter((kind) => {
      if (SLOW_KINDS.has(kind) && size > SLOW_KIND_LIMIT) {
        skipped.push({ rate, size, kind });
        return false;
      }
      return true;
    });
    if (wanted.length === 0) continue;
    progress(`rate ${rate}, ${fmt(size)} referrals: generating ...`);
    const gen = (format, out) => execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen.mjs'), '--count', String(size), '--seed', '1', '--format', format, '--gap-seconds', '4', '--defect-rate', rate, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (wanted.some((k) => k === 'ndjson' || k === 'csv' || k === 'xlsx')) gen('ndjson', base);
    for (const kind of wanted) {
      let file = base;
      if (kind === 'json' || kind === 'yaml') gen(kind, (file = path.join(work, `gen-${rate}-${size}.${kind}`)));
      else if (kind === 'csv') await writeCsv(base, (file = path.join(work, `gen-${rate}-${size}.csv`)));
      else if (kind === 'xlsx') await writeXlsx(base, (file = path.join(work, `gen-${rate}-${size}.xlsx`)));
      const table = kind === 'csv' || kind === 'xlsx';
      const extra = table ? ['--mapping', mappingFile] : [];
      const mb = statSync(file).size / 1e6;
      const rounds = runsFor(size);
      const times = new Map();
      const record = (key, r) => {
        if (!times.has(key)) times.set(key, []);
        times.get(key).push(r);
      };
      const summaries = new Map();
      const verdicts = new Map();
      /** Whether two reports of this round have the same summary; over the rounds, DIFFERENT once is DIFFERENT. */
      const compare = (name, x, y) => {
        const verdict = summaries.get(x) === undefined || summaries.get(y) === undefined ? 'no summary' : comparable(summaries.get(x)) === comparable(summaries.get(y)) ? 'same' : 'DIFFERENT';
        if (verdicts.get(name) !== 'DIFFERENT' && verdicts.get(name) !== 'no summary') verdicts.set(name, verdict);
      };
      for (let round = 0; round < rounds; round += 1) {
        progress(`rate ${rate}, ${fmt(size)} referrals, ${kind} (${fmt(mb, 1)} MB), round ${round + 1} of ${rounds}: floors (a) (b) ...`);
        const a = floor('parse', file, extra);
        const b = floor('schema', file, extra);
        if (a.referrals !== size || b.referrals !== size) throw new Error(`the floors read ${a.referrals} and ${b.referrals} referrals of ${size} from ${file}`);
        record('a', a);
        record('b', b);
        // Builds alternate which goes first, round by round.
        const order = round % 2 === 0 ? builds : [...builds].reverse();
        for (const run of RUNS) {
          if (!lintRuns.has(run.id)) continue;
          for (const build of order) {
            if (build.name === 'before' && !beforeRuns.has(run.id)) continue;
            progress(`  ${run.id} ${build.name} ...`);
            const report = path.join(work, `report-${build.name}-${run.id}.json`);
            const r = lintRun(build, file, [...run.args, ...(run.report ? ['--output-file', report] : []), '--no-progress', '--now', NOW, ...extra]);
            if (r.failed) {
              progress(`  ${r.failed}`);
              failures.add(r.failed);
              continue;
            }
            record(`${run.id}|${build.name}`, r);
            if (run.report) {
              summaries.set(`${run.id}|${build.name}`, reportSummary(report));
              rmSync(report, { force: true });
            }
          }
        }
        compare('thisJobs', 'e|this', 'f|this');
        if (hasBefore) {
          compare('builds', 'e|before', 'e|this');
          compare('beforeJobs', 'e|before', 'f|before');
        }
      }
      const stat = (key) => {
        const list = times.get(key);
        if (list === undefined) return undefined;
        const ms = median(list.map((r) => r.ms));
        return { ms, perSec: size / (ms / 1000), rss: Math.max(...list.map((r) => r.maxRssMb)) };
      };
      const bStat = stat('b');
      rows.push({ size, kind, mb, rounds, a: stat('a'), b: bStat, runs: RUNS.map((run) => ({ run, builds: Object.fromEntries(builds.map((build) => [build.name, stat(`${run.id}|${build.name}`)])) })) });
      const summary = summaries.get('e|this');
      findings.push({
        rate,
        size,
        kind,
        perReferral: summary ? (summary.errors + summary.warnings + (summary.infos ?? 0)) / summary.referrals : undefined,
        thisJobs: verdicts.get('thisJobs'),
        ...(hasBefore ? { builds: verdicts.get('builds'), beforeJobs: verdicts.get('beforeJobs') } : {}),
      });
      if (file !== base && !values.keep) rmSync(file, { force: true });
    }
    if (!values.keep) rmSync(base, { force: true });
  }
  sections.push({ rate, rows });
}
progress('start-up times ...');
const starts = startup();
const loadEnd = os.loadavg();

// ---------------------------------------------------------------------------------------
// The markdown.

const out = [];
out.push(
  '# Benchmark: every input kind against its floors',
  '',
  `- Command: \`${command}\` (\`npm run bench\` builds first), started ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, took ${fmt((Date.now() - startedAt.getTime()) / 60000, 1)} minutes.`,
  `- Machine: ${os.cpus().length} cores (available parallelism ${os.availableParallelism()}), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. Load average (1, 5, 15 min) at the start ${loadStart.map((l) => fmt(l, 2)).join(', ')}; at the end ${loadEnd.map((l) => fmt(l, 2)).join(', ')}.`,
  `- This build: ${builds.at(-1).commit} (${ROOT}).${hasBefore ? ` Before: ${builds[0].commit} (${builds[0].root}).` : ''}`,
  `- Data: \`npm run gen -- --count N --seed 1 --gap-seconds 4 --defect-rate RATE\`; CSV and XLSX hold the same referrals, one column per field (bench/tables.mjs), read with its mapping (\`--mapping\`). Every lint run has \`--no-progress --now ${NOW}\`.`,
  '- (a) parse floor: read and parse every referral with the parser referral-lint uses for the kind (JSON.parse per NDJSON line or JSON element; the yaml package as src/parse/yaml.ts uses it; readCsv and readXlsx, each row mapped to a referral); (b) (a) + ajv validation against the referral schema. (c) `referral-lint FILE -f csv-agencies --jobs 1`; (d) the same with `--jobs auto`; (e) `--format json --output-file <tmp>/report.json --jobs 1`; (f) (e) with `--jobs auto` (for (e) and (f) peak RSS is what matters).',
  `- Each run is a child process; time is from the process's start to its exit (start-up included), the median of the rounds (${[...new Set(sections.flatMap((s) => s.rows.map((r) => r.rounds)))].join(' or ')} per measurement, round by round${hasBefore ? ', the two builds alternating which goes first' : ''}); peak RSS is the largest of the rounds (\`process.resourceUsage().maxRSS\`). × (b) is referrals per second as a share of floor (b)'s, same kind, size and round set.`,
  '',
);
for (const { rate, rows } of sections) {
  if (rows.length === 0) continue;
  const measured = findings.filter((f) => f.rate === rate && f.perReferral !== undefined);
  out.push(`## Defect rate: ${rate}`, '');
  if (measured.length > 0) out.push(`Findings per referral (this build's (e) report): ${[...new Set(measured.map((f) => fmt(f.perReferral, 2)))].join(', ')}.`, '');
  if (hasBefore) {
    out.push(
      '| Referrals | Kind | MB | Run | Before (s) | This (s) | Before referrals/s | This referrals/s | Before × (b) | This × (b) | Speed this ÷ before | Before peak RSS (MB) | This peak RSS (MB) | RSS this ÷ before |',
      '|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
  } else {
    out.push('| Referrals | Kind | MB | Run | Time (s) | Referrals/s | × (b) | Peak RSS (MB) |', '|---:|---|---:|---|---:|---:|---:|---:|');
  }
  for (const row of rows) {
    const head = `| ${fmt(row.size)} | ${row.kind} | ${fmt(row.mb, 1)} |`;
    const floorRow = (label, s) =>
      hasBefore
        ? `${head} ${label} | | ${fmt(s.ms / 1000, 2)} | | ${fmt(s.perSec)} | | ${fmt(s.perSec / row.b.perSec, 2)} | | | ${fmt(s.rss)} | |`
        : `${head} ${label} | ${fmt(s.ms / 1000, 2)} | ${fmt(s.perSec)} | ${fmt(s.perSec / row.b.perSec, 2)} | ${fmt(s.rss)} |`;
    out.push(floorRow('(a) parse floor', row.a), floorRow('(b) schema floor', row.b));
    for (const { run, builds: by } of row.runs) {
      const t = by.this;
      if (t === undefined) continue; // not asked for (--lint-runs)
      if (hasBefore && by.before === undefined) {
        out.push(`${head} ${run.label} | — | ${fmt(t.ms / 1000, 2)} | — | ${fmt(t.perSec)} | — | ${fmt(t.perSec / row.b.perSec, 2)} | — | — | ${fmt(t.rss)} | — |`);
      } else if (hasBefore) {
        const b = by.before;
        out.push(
          `${head} ${run.label} | ${fmt(b.ms / 1000, 2)} | ${fmt(t.ms / 1000, 2)} | ${fmt(b.perSec)} | ${fmt(t.perSec)} | ${fmt(b.perSec / row.b.perSec, 2)} | ${fmt(t.perSec / row.b.perSec, 2)} | ${fmt(t.perSec / b.perSec, 2)} | ${fmt(b.rss)} | ${fmt(t.rss)} | ${fmt(t.rss / b.rss, 2)} |`,
        );
      } else {
        out.push(`${head} ${run.label} | ${fmt(t.ms / 1000, 2)} | ${fmt(t.perSec)} | ${fmt(t.perSec / row.b.perSec, 2)} | ${fmt(t.rss)} |`);
      }
    }
  }
  out.push('');
}
out.push(
  '## Same findings',
  '',
  `The JSON reports' \`summary\` objects (counts of referrals, errors, warnings, infos, scores; any version left out) compared: this build with \`--jobs 1\` and \`--jobs auto\`${hasBefore ? ', the earlier build likewise, and the two builds with `--jobs 1`' : ''}. "same" means equal in every round.`,
  '',
  hasBefore ? '| Rate | Referrals | Kind | Before = this (`--jobs 1`) | This: `--jobs 1` = `auto` | Before: `--jobs 1` = `auto` |' : '| Rate | Referrals | Kind | This: `--jobs 1` = `auto` |',
  hasBefore ? '|---|---:|---|---|---|---|' : '|---|---:|---|---|',
  ...findings.map((f) => (hasBefore ? `| ${f.rate} | ${fmt(f.size)} | ${f.kind} | ${f.builds} | ${f.thisJobs} | ${f.beforeJobs} |` : `| ${f.rate} | ${fmt(f.size)} | ${f.kind} | ${f.thisJobs} |`)),
  '',
);
const allSame = findings.every((f) => f.thisJobs === 'same' && (!hasBefore || (f.builds === 'same' && f.beforeJobs === 'same')));
out.push(allSame ? 'Every comparison: the same findings.' : 'Not every comparison gave the same findings: see the table ("no summary": a run failed or wrote no report).', '');
if (failures.size > 0) out.push('The earlier build failed these runs (left out above, marked —):', '', ...[...failures].map((f) => `- ${f}`), '');
if (skipped.length > 0) {
  const slow = [...new Set(skipped.map((s) => s.kind))].map((k) => k.toUpperCase()).join(' and ');
  out.push(
    '## Note',
    '',
    `${slow} stop at ${fmt(SLOW_KIND_LIMIT)} referrals: their parsers are the limit (the (a) rows give each parser's own floor), so ${skipped.map((s) => `${s.kind} at ${fmt(s.size)} (${s.rate})`).join(', ')} ${skipped.length === 1 ? 'was' : 'were'} not measured.`,
    '',
  );
}
// The start-up section, as --only startup writes it into RESULTS.md.
out.push(startupSection(starts));
const markdown = out.join('\n');
const outFile = path.resolve(values.out);
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, markdown);
console.log(markdown);
progress(`wrote ${values.out}${allSame ? '' : ' (findings differ: see "Same findings")'}`);
