// The web page against the command line (issue 17): the same 50,000 referrals checked by
// `referral-lint` and by dist/web/referral-lint.html in headless Chromium. A benchmark, not a
// test: it asserts nothing about time. Writes the "The web page (issue 17)" section of
// bench/RESULTS.md (in place of the one there, or at the end; --dry prints it only).
//
//   npm run build:web && node bench/web-page.mjs     (or: npm run bench:web, which builds first)
//   node bench/web-page.mjs --count 50000 --runs 3 --sets generated,sample,sample-repeated --dry --keep
//
// Data sets, each one NDJSON file of --count referrals in the temporary folder:
//   generated        `node scripts/gen.mjs --count N --seed 1 --format ndjson` (per-agency defect rates; most referrals clean)
//   sample           the sample export (fixtures/2026-10-front-door.json, -health.yaml, -police.ndjson: 50 referrals,
//                    31 of them with findings) repeated to N, a month where most referrals have something wrong. Each copy k
//                    gets its own ids (`C<k>-<id>`), and its own children: every valid NHS number is replaced by another
//                    valid one (modulus 11) and every family name gets `-<letters of k>`, the same within a copy, so
//                    unique-referral finds in each copy the one repeat the sample holds and nothing more; the script
//                    checks that every rule's count is the sample's times the number of copies.
//   sample-repeated  the same copies with only the ids renumbered: every copy's children repeat the first copy's, so
//                    unique-referral flags nearly every referral after the first copy (heavier still).
//
// For each set, round by round (--runs, default 3; medians reported):
//   CLI   `node bin/referral-lint.js FILE --format json --output-file cli.json --now 2026-11-01T09:00 --no-progress`
//         (--jobs 1, the default), run in the data folder so that the report names the file as the page does; wall time
//         of the process, and its peak RSS through /usr/bin/time when there is one.
//   page  a fresh browser context and page opening dist/web/referral-lint.html from file://, `#now` set to
//         2026-11-01T09:00, the file given to `#files` (setInputFiles), `#run` clicked; timed in the page's own clock
//         from the click to `#results` shown, and to the next frame after it (painted). Init scripts injected with
//         addInitScript record the main thread's long tasks (PerformanceObserver 'longtask') and when the worker's
//         "done" message arrives and is decoded (a listener on the page's Worker), which splits the time into the
//         worker's run, decoding the result, and rendering. From Node.js, a probe (page.evaluate of
//         performance.now()) every 100 ms measures how long the page takes to answer during the run. Then the JSON
//         download: `.downloads button[data-format="json"]` clicked, timed to the downloaded file complete, and
//         compared byte for byte with the CLI's cli.json. Memory: the main thread's JS heap once
//         the results are shown (CDP Runtime.getHeapUsage) and the renderer process's peak RSS (VmHWM in /proc, the page
//         and its worker together).
// The browser is found as test/browser.ts finds it: CHROMIUM_PATH, a system Chromium, then @sparticuz/chromium.
import { BROWSER_ARGS, SYSTEM_BROWSERS } from '../test/browser-args.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = path.join(ROOT, 'dist/web/referral-lint.html');
const CLI = path.join(ROOT, 'bin/referral-lint.js');
const RESULTS = path.join(ROOT, 'bench/RESULTS.md');
const NOW = '2026-11-01T09:00';
const SECTION = '## The web page (issue 17)';
const SAMPLE = ['fixtures/2026-10-front-door.json', 'fixtures/2026-10-health.yaml', 'fixtures/2026-10-police.ndjson'];

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' },
    sets: { type: 'string', default: 'generated,sample,sample-repeated' },
    dry: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const RUNS = Number(values.runs);
const SETS = values.sets.split(',');
for (const s of SETS) if (!['generated', 'sample', 'sample-repeated'].includes(s)) throw new Error(`--sets: unknown set ${s}`);
if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run \`npm run build:web\` first`);

const work = path.join(os.tmpdir(), 'referral-lint-web-bench');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const median = (l) => [...l].sort((a, b) => a - b)[Math.floor(l.length / 2)];
const fmt = (n, d = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });
const log = (...a) => console.error(...a);

// ---- the browser, found as test/browser.ts finds it (the same arguments and places: test/browser-args.mjs) ----

async function browserPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const found = SYSTEM_BROWSERS.find((f) => existsSync(f));
  if (found) return found;
  return (await import('@sparticuz/chromium')).default.executablePath();
}

// ---- the data sets ----

/** The sample export's 50 referrals, in the order the page reads the files (by name). */
function sampleReferrals() {
  const out = [];
  for (const f of [...SAMPLE].sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : 1))) {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    if (f.endsWith('.json')) out.push(...JSON.parse(text).referrals);
    else if (f.endsWith('.yaml')) out.push(...parseAllDocuments(text).map((d) => d.toJSON()));
    else out.push(...text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)));
  }
  return out;
}

/** NHS Data Dictionary: digits 1-9 weighted 10..2, check digit 11 - (sum mod 11), 11 -> 0, 10 -> invalid. */
function nhsCheck(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? undefined : check;
}
const validNhs = (text) => {
  const d = typeof text === 'string' ? text.replace(/\s/g, '') : '';
  return /^\d{10}$/.test(d) && nhsCheck(d.slice(0, 9)) === Number(d[9]);
};
let nhsCounter = 0;
function nextNhs() {
  for (;;) {
    const nine = String(990_000_000 + nhsCounter++);
    const check = nhsCheck(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
}
const letters = (k) => {
  let s = '';
  for (let n = k; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(97 + ((n - 1) % 26)) + s;
  return s;
};

/** The sample repeated to COUNT referrals: ids renumbered per copy; children made distinct per copy unless `repeatChildren`. */
function sampleSet(file, repeatChildren) {
  const sample = sampleReferrals();
  const lines = [];
  for (let k = 0; lines.length < COUNT; k++) {
    const nhs = new Map();
    for (const original of sample) {
      if (lines.length >= COUNT) break;
      const r = structuredClone(original);
      if (typeof r.id === 'string') r.id = `C${k}-${r.id}`;
      if (!repeatChildren && k > 0 && r.child && typeof r.child === 'object') {
        if (validNhs(r.child.nhsNumber)) {
          const key = r.child.nhsNumber.replace(/\s/g, '');
          if (!nhs.has(key)) nhs.set(key, nextNhs());
          r.child.nhsNumber = nhs.get(key);
        }
        if (typeof r.child.familyName === 'string' && r.child.familyName.trim() !== '') r.child.familyName = `${r.child.familyName}-${letters(k)}`;
      }
      lines.push(JSON.stringify(r));
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return sample.length;
}

function makeSet(name) {
  const file = path.join(work, `${name}-${COUNT}.ndjson`);
  if (name === 'generated') {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen.mjs'), '--count', String(COUNT), '--seed', '1', '--format', 'ndjson', '--out', file]);
    return { name, file, label: `generated (\`gen.mjs --seed 1\`)` };
  }
  const n = sampleSet(file, name === 'sample-repeated');
  return {
    name,
    file,
    label: name === 'sample' ? `sample export × ${fmt(Math.ceil(COUNT / n))}, children distinct` : `sample export × ${fmt(Math.ceil(COUNT / n))}, children repeated`,
    sampleSize: n,
  };
}

/** Referrals with at least one finding, findings per referral, and each rule's count, from a JSON report. */
function reportStats(text) {
  const report = JSON.parse(text);
  const byRule = {};
  let findings = 0;
  let withFindings = 0;
  for (const r of report.referrals) {
    if (r.findings.length > 0) withFindings++;
    findings += r.findings.length;
    for (const f of r.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  }
  const n = report.referrals.length;
  return { referrals: n, withFindings: (100 * withFindings) / n, perReferral: findings / n, findings, byRule, summary: report.summary };
}

// ---- the command line ----

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runCli(file, out) {
  const args = [CLI, path.basename(file), '--format', 'json', '--output-file', out, '--now', NOW, '--no-progress'];
  const start = process.hrtime.bigint();
  const run = TIME ? spawnSync(TIME, ['-f', 'maxrss=%M', process.execPath, ...args], { cwd: work, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: work, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // 1: errors found, as expected on these data.
  if (run.status !== 0 && run.status !== 1) throw new Error(`referral-lint failed (${run.status}): ${run.stderr}`);
  const rss = /maxrss=(\d+)/.exec(run.stderr ?? '');
  return { seconds, rssMb: rss ? Number(rss[1]) / 1024 : undefined };
}

// ---- the page ----

/** Injected into every page before its own script: long tasks, and when the worker's result arrives. */
const INIT = `
  window.__bench = { longTasks: [], done: undefined, click: undefined, shown: undefined, painted: undefined };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  const BaseWorker = window.Worker;
  window.Worker = class extends BaseWorker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const arrived = performance.now();
        const data = event.data; // decoded here, on first access
        if (data && data.kind === 'done') window.__bench.done = { arrived, decoded: performance.now() };
      });
    }
  };
  document.addEventListener('click', (event) => {
    if (event.target && event.target.id === 'run') window.__bench.click = performance.now();
  }, true);
  document.addEventListener('DOMContentLoaded', () => {
    const results = document.getElementById('results');
    new MutationObserver(() => {
      if (!results.hidden && window.__bench.click !== undefined && window.__bench.shown === undefined) {
        window.__bench.shown = performance.now();
        requestAnimationFrame(() => setTimeout(() => { window.__bench.painted = performance.now(); }, 0));
      }
    }).observe(results, { attributes: true, attributeFilter: ['hidden'] });
  });
`;

/** Peak RSS (VmHWM, MB) of this process's Chromium renderers, the largest: the page with its worker. */
function rendererPeakMb() {
  const parents = new Map();
  const renderers = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch {
      // gone
    }
  }
  const ours = (pid) => {
    for (let p = pid, i = 0; p && p !== '0' && i < 20; p = parents.get(p), i++) if (p === String(process.pid)) return true;
    return false;
  };
  let peak;
  for (const pid of renderers.filter(ours)) {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) peak = Math.max(peak ?? 0, Number(m[1]) / 1024);
  }
  return peak;
}

async function runPage(browser, file, cliJson) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(PAGE).href, { waitUntil: 'load' });
  await page.fill('#now', NOW);
  await page.setInputFiles('#files', file);

  let running = true;
  const probes = [];
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      const answered = await page.evaluate(() => performance.now());
      probes.push({ latency: performance.now() - t, answered });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const wallStart = performance.now();
  await page.click('#run');
  await page.waitForSelector('#results:not([hidden])', { timeout: 600_000 });
  const wall = (performance.now() - wallStart) / 1000;
  await page.waitForFunction(() => window.__bench.painted !== undefined);
  running = false;
  await probe;
  const b = await page.evaluate(() => window.__bench);
  // The main thread's JS heap holding the result and the results shown (performance.memory is coarse without a flag).
  const cdp = await context.newCDPSession(page);
  const { usedSize: heapAfter } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();

  const downloadStart = performance.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('.downloads button[data-format="json"]')]);
  const saved = await download.path();
  const downloadSeconds = (performance.now() - downloadStart) / 1000;
  const same = readFileSync(saved).equals(cliJson);
  const rendererMb = rendererPeakMb();
  await context.close();
  if (errors.length) log(`  page errors: ${errors.join('; ')}`);

  const inRun = b.longTasks.filter((t) => t.start + t.duration >= b.click);
  return {
    seconds: (b.painted - b.click) / 1000,
    shownSeconds: (b.shown - b.click) / 1000,
    wall,
    worker: (b.done.arrived - b.click) / 1000,
    decode: (b.done.decoded - b.done.arrived) / 1000,
    render: (b.shown - b.done.decoded) / 1000,
    longest: Math.max(0, ...inRun.map((t) => t.duration)),
    // While the worker runs (tasks ended before its result arrives): how long the page could not answer a user.
    // The task that takes the result (decoding it, then rendering the results) comes after.
    longestDuringRun: Math.max(0, ...inRun.filter((t) => t.start + t.duration <= b.done.arrived).map((t) => t.duration)),
    resultTask: Math.max(0, ...inRun.filter((t) => t.start + t.duration > b.done.arrived).map((t) => t.duration)),
    longTasks: inRun.length,
    // When the long tasks of the run began, in ms after the click.
    longTaskStarts: inRun.filter((t) => t.start + t.duration <= b.done.arrived).map((t) => Math.round(t.start - b.click)),
    maxProbe: Math.max(0, ...probes.map((p) => p.latency)),
    maxProbeDuringRun: Math.max(0, ...probes.filter((p) => p.answered < b.done.arrived).map((p) => p.latency)),
    heapMb: heapAfter / 2 ** 20,
    rendererMb,
    downloadSeconds,
    same,
    errors,
  };
}

// ---- the run ----

const executablePath = await browserPath();
const version = execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
log(`browser: ${executablePath} (${version})`);
const browser = await chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });

const rows = [];
for (const name of SETS) {
  const set = makeSet(name);
  const mb = statSync(set.file).size / 1e6;
  log(`${set.label}: ${fmt(COUNT)} referrals, ${fmt(mb, 1)} MB`);
  const cli = [];
  const pages = [];
  let stats;
  let cliJson;
  for (let round = 0; round < RUNS; round++) {
    const out = path.join(work, `cli-${name}.json`);
    const c = runCli(set.file, out);
    cli.push(c);
    cliJson = readFileSync(out);
    if (round === 0) stats = reportStats(cliJson.toString('utf8'));
    const p = await runPage(browser, set.file, cliJson);
    pages.push(p);
    log(`  round ${round + 1}: CLI ${fmt(c.seconds, 2)} s${c.rssMb ? ` (${fmt(c.rssMb)} MB)` : ''}; page ${fmt(p.seconds, 2)} s (worker ${fmt(p.worker, 2)}, decode ${fmt(p.decode, 2)}, render ${fmt(p.render, 2)}; wall ${fmt(p.wall, 2)}), longest task ${fmt(p.longestDuringRun)} ms during the run (starting ${p.longTaskStarts.join(', ')} ms after the click), ${fmt(p.resultTask)} ms taking the result, probe ${fmt(p.maxProbeDuringRun)} / ${fmt(p.maxProbe)} ms, download ${fmt(p.downloadSeconds, 2)} s, ${p.same ? 'same bytes' : 'DIFFERENT bytes'}`);
  }
  if (name === 'sample' && COUNT % set.sampleSize === 0) {
    // Each copy must find what the sample finds, no more: the changed ids and children add no finding and hide none.
    const base = spawnSync(process.execPath, [CLI, ...SAMPLE.map((f) => path.join(ROOT, f)), '--format', 'json', '--now', NOW, '--no-progress'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    const one = reportStats(base.stdout).byRule;
    const copies = COUNT / set.sampleSize;
    const rules = new Set([...Object.keys(one), ...Object.keys(stats.byRule)]);
    const off = [...rules].filter((r) => (one[r] ?? 0) * copies !== (stats.byRule[r] ?? 0));
    set.faithful = off.length === 0;
    if (off.length) log(`  NOTE: rule counts are not the sample's × ${copies}: ${off.map((r) => `${r} ${stats.byRule[r] ?? 0} (sample ${one[r] ?? 0})`).join(', ')}`);
    else log(`  every rule's count is the sample's × ${copies}`);
  }
  const m = (k, list) => median(list.map((x) => x[k]));
  rows.push({
    set,
    mb,
    stats,
    cli: m('seconds', cli),
    cliEach: cli.map((c) => c.seconds),
    cliRss: cli[0].rssMb === undefined ? undefined : m('rssMb', cli),
    page: m('seconds', pages),
    pageEach: pages.map((p) => p.seconds),
    worker: m('worker', pages),
    decode: m('decode', pages),
    render: m('render', pages),
    wall: m('wall', pages),
    download: m('downloadSeconds', pages),
    longest: Math.max(...pages.map((p) => p.longest)),
    longestDuringRun: Math.max(...pages.map((p) => p.longestDuringRun)),
    longTasks: m('longTasks', pages),
    probe: Math.max(...pages.map((p) => p.maxProbe)),
    probeDuringRun: Math.max(...pages.map((p) => p.maxProbeDuringRun)),
    heap: Math.max(...pages.map((p) => p.heapMb)),
    renderer: pages[0].rendererMb === undefined ? undefined : Math.max(...pages.map((p) => p.rendererMb)),
    same: pages.every((p) => p.same),
  });
}
await browser.close();

// ---- bench/RESULTS.md ----

const yesNo = (b) => (b ? 'yes' : '**no**');
const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}`;
const lines = [
  SECTION,
  '',
  `Measured by \`node bench/web-page.mjs\` (after \`npm run build:web\`; or \`npm run bench:web\`, which builds first) on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${fmt(os.totalmem() / 2 ** 30)} GiB, shared with other work (load average ${os.loadavg().map((l) => fmt(l, 1)).join(', ')} at the end), Linux ${os.release()}, Node ${process.version}, ${version} headless (playwright-core). ${fmt(COUNT)} referrals in one NDJSON file per data set; ${RUNS} round${RUNS === 1 ? '' : 's'}, each the CLI then the page (a fresh browser context), medians. A benchmark, not a test: nothing asserts a time.`,
  '',
  '- **CLI**: `node bin/referral-lint.js FILE --format json --output-file cli.json --now 2026-11-01T09:00 --no-progress` (`--jobs 1`, the default), in the data folder; wall time of the process, peak RSS from `/usr/bin/time`.',
  '- **Page**: `dist/web/referral-lint.html` from `file://`, `#now` = 2026-11-01T09:00, the file given to `#files`, `#run` clicked; the page\'s clock from the click to `#results` shown and the next frame painted (the run in the Web Worker, the result posted to the page and decoded, the results rendered). "Longest main-thread task" is the longest `longtask` entry (PerformanceObserver): while the worker runs (tasks that end before its result arrives), and overall from the click to the results painted (the longest is then the one task that decodes the result and renders the results); "probe" is the slowest answer to `page.evaluate(() => performance.now())`, sent from Node.js every 100 ms: answered before the result arrived, and overall.',
  '- **JSON download**: `.downloads button[data-format="json"]` clicked after the results, to the file saved (the worker renders the report, the page makes a Blob), compared byte for byte with the CLI\'s `cli.json`.',
  `- **Data**: *generated* is \`node scripts/gen.mjs --count ${COUNT} --seed 1 --format ndjson\`. *Sample, children distinct* repeats the sample export (\`fixtures/2026-10-front-door.json\`, \`2026-10-health.yaml\`, \`2026-10-police.ndjson\`: 50 referrals) to ${fmt(COUNT)}, each copy with its own ids (\`C<k>-<id>\`), every valid NHS number replaced by another valid one and every family name suffixed \`-<letters of k>\`, the same within a copy: so each copy finds exactly what the sample finds (the script checks every rule's count against the sample's × ${fmt(COUNT / 50)}), including the sample's one same-day repeat. *Sample, children repeated* renumbers only the ids, so \`unique-referral\` finds nearly every referral after the first copy a repeat of the first copy's: heavier still.`,
  '',
  '| Data set | MB | Referrals with findings | Findings per referral | CLI median (s) | Page median (s), click to results | Page / CLI | JSON download (s) | Longest main-thread task (ms): during the run / overall | Slowest probe (ms): during the run / overall | Download = CLI\'s JSON |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) => `| ${r.set.label} | ${fmt(r.mb, 1)} | ${fmt(r.stats.withFindings, 1)} % | ${fmt(r.stats.perReferral, 2)} | ${fmt(r.cli, 2)} | ${fmt(r.page, 2)} | ${fmt(r.page / r.cli, 2)} | ${fmt(r.download, 2)} | ${fmt(r.longestDuringRun)} / ${fmt(r.longest)} | ${fmt(r.probeDuringRun)} / ${fmt(r.probe)} | ${yesNo(r.same)} |`),
  '',
  'Where the page\'s time goes (medians), and peak memory:',
  '',
  '| Data set | CLI runs (s) | Page runs (s) | Worker: read, lint, post (s) | Decode the result on the page (s) | Render the results (s) | Main-thread long tasks | CLI peak RSS (MB) | Page main-thread JS heap, results shown (MB) | Renderer peak RSS (MB) |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.set.label} | ${r.cliEach.map((x) => fmt(x, 2)).join(', ')} | ${r.pageEach.map((x) => fmt(x, 2)).join(', ')} | ${fmt(r.worker, 2)} | ${fmt(r.decode, 2)} | ${fmt(r.render, 2)} | ${fmt(r.longTasks)} | ${r.cliRss === undefined ? '-' : fmt(r.cliRss)} | ${fmt(r.heap)} | ${r.renderer === undefined ? '-' : fmt(r.renderer)} |`),
  '',
  ...rows.filter((r) => r.set.faithful === false).map((r) => `Note: in *${r.set.label}* the rule counts are not exactly the sample's × the copies (see the script's output).\n`),
];
let section = `${lines.join('\n')}\n`;
const text = readFileSync(RESULTS, 'utf8');
const start = text.indexOf(`${SECTION}\n`);
const end = start === -1 ? -1 : text.indexOf('\n## ', start + 1);
if (start !== -1) {
  // The hand-written reading of the numbers is kept from the section there.
  const old = text.slice(start, end === -1 ? undefined : end + 1);
  const reading = old.indexOf('\n### ');
  if (reading !== -1) section += old.slice(reading);
}
if (!section.endsWith('\n')) section += '\n';
console.log(section);
if (!values.dry) {
  const updated = start === -1 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, start)}${section}${end === -1 ? '' : `\n${text.slice(end + 1)}`}`;
  writeFileSync(RESULTS, updated);
  log('wrote the web page section of bench/RESULTS.md');
}
if (!values.keep) rmSync(work, { recursive: true, force: true });
else log(`kept ${work}`);
