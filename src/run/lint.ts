// The whole run as a function: configuration, inputs, rules, result. The CLI and the
// public API both call this; it does no printing. The configuration is src/run/config.ts.
import { KeySpills } from './key-spill.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { compareWithBaseline } from '../score/baseline.js';
import { readBaseline } from '../load/baseline-file.js';
import { compileMappings, loadConfigFile, type ConfigOptions, type LoadedConfig } from './config.js';
import { tableMappings } from '../intake/config.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { UsageError } from '../model/errors.js';
import { buildCache, cacheView, configKey, DEFAULT_CACHE_LOCATION, hashFile, hashInputs, readCache, writeCache } from './cache.js';
import { UNUSED_SUPPRESSION_RULE_ID } from '../rule-api/special.js';
import { scoreReferrals, type RunRecord } from '../score/run.js';
import { autoJobs, WorkerPool, type WorkerSetup } from './pool.js';
import { plainCopy } from '../rule-api/freeze.js';
import { expandInputs, formatOf, loadInputs, planTables, TABLE_FORMATS, type FileTableSetup, type Input, type InputFormat, type LoadEvent, type LoadOptions } from '../load/index.js';
import { identitiesOf, isOneOf, writeFailure } from './outputs.js';
import { isObject } from '../domain/referral.js';
import { buildResult } from '../score/result.js';
import { evaluateGates, hasGates, type Gates } from '../score/gates.js';
import { toolInfo } from './version.js';
import type { CacheView, KeepReferrals, LintResult, ReferralListing, ReferralStream, RunProgress } from '../model/types.js';
import { setActiveTimings, timedEvents, Timings } from '../model/timing.js';

export interface LintOptions extends ConfigOptions {
  /** Files, directories, globs, or `-` for stdin. */
  paths?: string[];
  /** In-memory referrals, linted as if read from one file named `label`. */
  referrals?: unknown[];
  label?: string;
  stdin?: NodeJS.ReadableStream;
  /** An earlier JSON report (a path, relative to `cwd`, or the report itself) to compare with. */
  baseline?: string | LintResult;
  /** Told of each file and referral as the run goes (the CLI's progress bar); stopped by the caller. */
  progress?: (totalFiles: number) => RunProgress;
  /** --cache: keep per-file results in this file (true: .referral-lint-cache.json in `cwd`) and reuse them for unchanged files. */
  cache?: boolean | string;
  /**
   * Which referrals the result lists (`referrals`): 'all' (the default), 'with-findings',
   * 'worst' (the `maxListed` with findings that score lowest, in input order: what the html
   * and markdown reports need, with runLint's `listing`) or 'none'. Scores always count every
   * referral; a run of millions that prints only findings or group scores need not hold the
   * rest. --cache and --baseline keep all.
   */
  keepReferrals?: KeepReferrals;
  /** With keepReferrals 'worst': how many (--max-listed; default 500, 0: every one with findings). */
  maxListed?: number;
  /**
   * Threads in all (--jobs): this one and jobs - 1 workers, which parse NDJSON lines and
   * JSON list elements (YAML is parsed here and sent to them) and run each referral's own
   * rules; or 'auto' for one per core when the inputs hold at least AUTO_JOBS_MIN_BYTES. Default 1. The result is the same whatever the number.
   * Plugin objects given in `plugins` cannot be sent to a thread: with them the run stays
   * in one.
   */
  jobs?: number | 'auto';
  /**
   * The gates to hold the run to (--max-warnings, --min-score, --min-clean-rate, --fail-on):
   * when any is set, the result's `gates` lists each one's outcome. exitCodeFor(result, gates)
   * gives the command line's exit code.
   */
  gates?: Gates;
  /** --mapping: mapping files or ready-made mapping names, tried before the config's mappings (docs/mappings.md). */
  mappings?: string[];
  /**
   * Told of each selected referral (with --agency, those of the chosen agencies), in the form
   * the result lists them, as the run scores it; a file's referrals are final at its end, and
   * taken back if it fails part-way (ReferralStream). The command line spools them to write
   * its reports as the run goes (src/run/spool.ts), with keepReferrals 'none'. The result is
   * the same with it or without it.
   */
  referralStream?: ReferralStream;
  /** --input-format: standard input's format, when it is not to be guessed (CSV and TSV must be named). */
  inputFormat?: InputFormat;
}

/** What runLint takes besides the public options: the command line's own. */
export interface RunLintOptions extends LintOptions {
  /**
   * --timing: time the run's stages and rules. runLint then returns `timings` beside the
   * result (the result itself is the same); off by default, and nothing is timed.
   */
  timing?: boolean;
}

/** --timing: where a run's time went (src/model/timing.ts), as runLint returns it. */
export interface RunTimings {
  /** This thread's stages and rules, every worker thread's added. */
  timings: Timings;
  /** Threads the run used: 1 is this one alone. */
  threads: number;
  /** When the run began, by performance.now(). */
  started: number;
  /** How long this thread waited for the worker threads' results: no thread's work, so not in the total. */
  waitedMs: number;
  /** The worker threads' time on their referrals, added up. */
  workerMs: number;
}

/**
 * `--jobs auto` starts threads only for inputs of at least this size (about 70,000
 * referrals): below it, on two cores, starting threads and the traffic cost more than they save.
 */
export const AUTO_JOBS_MIN_BYTES = 128 * 1024 * 1024;

async function* inMemory(label: string, referrals: unknown[]): AsyncGenerator<LoadEvent> {
  yield { kind: 'file', file: label };
  for (const [i, data] of referrals.entries()) {
    const pointer = `/${i}`;
    // A copy: the engine freezes what rules read, and the caller's objects stay theirs to change.
    if (isObject(data)) yield { kind: 'referral', file: label, pointer, data: plainCopy(data), locate: () => undefined };
    else yield { kind: 'failed-referral', file: label, pointer, reason: 'expected a referral object' };
  }
}

/** Everything a cached result depends on besides the file itself and "now" (watched per rule). */
async function cacheKey(loaded: LoadedConfig, options: LintOptions, cwd: string): Promise<string> {
  const plugins = await Promise.all(loaded.config.pluginFiles.filter((f) => f !== '(in memory)').map((f) => hashFile(f)));
  // A --mapping file's content decides what a table's rows become: another mapping, another result.
  const mappings = await Promise.all((options.mappings ?? []).map((m) => hashFile(path.resolve(cwd, m)).catch(() => m)));
  // --include-personal-data changes findings (values) and crash messages: the cache never holds values, so it starts afresh.
  const cli = { rules: options.rules ?? [], strict: options.strict ?? null, reportUnusedSuppressions: options.reportUnusedSuppressions ?? null, includePersonalData: options.includePersonalData ?? false };
  const registry = loaded.config.registry.map((r) => r.meta.id);
  return configKey({ tool: toolInfo(), file: loaded.file, cli, plugins, registry, ...(mappings.length > 0 ? { mappings } : {}) });
}

/** How many threads the run uses: 1 means this one, with no worker. */
async function jobsFor(options: LintOptions, inputs: readonly Input[] | undefined): Promise<number> {
  if (options.plugins?.length || !inputs) return 1;
  if (options.jobs !== 'auto') return Math.max(1, options.jobs ?? 1);
  let bytes = 0;
  // stdin counts for nothing: its size is not known up front.
  for (const input of inputs) if (input.absolute !== undefined) bytes += (await stat(input.absolute).catch(() => undefined))?.size ?? 0;
  return bytes >= AUTO_JOBS_MIN_BYTES ? autoJobs() : 1;
}

/** What a worker thread needs to build this run's configuration. */
function workerSetup(options: RunLintOptions, cwd: string, config: ResolvedConfig): WorkerSetup {
  return {
    cwd,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.config !== undefined ? { config: options.config } : {}),
    now: new Date(config.now).toISOString(),
    ...(options.strict !== undefined ? { strict: options.strict } : {}),
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
    ...(options.reportUnusedSuppressions !== undefined ? { reportUnusedSuppressions: options.reportUnusedSuppressions } : {}),
    ...(options.includePersonalData !== undefined ? { includePersonalData: options.includePersonalData } : {}),
    ...(options.timing ? { timing: true as const } : {}),
  };
}

/**
 * The mappings a run knows (--mapping's first, then the config's, then the ready-made ones
 * neither names) and each table input's plan, made before any row is read.
 */
async function tablesFor(inputs: readonly Input[], loaded: LoadedConfig, options: LintOptions, cwd: string): Promise<LoadOptions['tables']> {
  const wanted = inputs.some((i) => (i.absolute === undefined ? options.inputFormat === 'csv' || options.inputFormat === 'tsv' : TABLE_FORMATS.includes(formatOf(i.absolute) ?? 'json')));
  // A --mapping is read (and a wrong one fails) even when no input is a table; nothing more is loaded for a run of JSON.
  if (!wanted && !options.mappings?.length) return undefined;
  const { readMappingArgument } = await import('../load/mapping-file.js');
  const given = compileMappings(
    (options.mappings ?? []).flatMap((m) => readMappingArgument(m, cwd)),
    '--mapping',
  );
  const setup: FileTableSetup = { ...tableMappings(given, loaded.mappings), baseDir: loaded.baseDir };
  if (!wanted) return { setup, plans: new Map() };
  return { setup, plans: await planTables(inputs, setup, loaded.file.limits) };
}

/**
 * The run, the configuration it ran under (reporters read rule docs from it), the files it
 * read (absolute paths), with keepReferrals 'worst' the counts behind the referrals kept
 * (ReportOptions.listing), and with `timing` the run's timings (--timing).
 */
export async function runLint(options: RunLintOptions): Promise<{ result: LintResult; config: ResolvedConfig; inputs: string[]; timings?: RunTimings; listing?: ReferralListing }> {
  if (!options.timing) return lintRun(options);
  const started = performance.now();
  const timings = new Timings();
  const previous = setActiveTimings(timings);
  try {
    return await lintRun(options, { timings, started });
  } finally {
    setActiveTimings(previous);
  }
}

async function lintRun(options: RunLintOptions, timed?: { timings: Timings; started: number }): Promise<{ result: LintResult; config: ResolvedConfig; inputs: string[]; timings?: RunTimings; listing?: ReferralListing }> {
  const cwd = options.cwd ?? process.cwd();
  const loaded = await loadConfigFile(options);
  timed?.timings.since('configuration', timed.started);
  const config = loaded.config;
  const inputs = options.referrals ? undefined : await expandInputs(options.paths ?? [], cwd);
  // The baseline is read before the run, so a wrong path fails fast.
  const baseline =
    typeof options.baseline === 'string'
      ? { report: readBaseline(path.resolve(cwd, options.baseline), options.baseline), file: options.baseline }
      : options.baseline
        ? { report: options.baseline, file: '(in memory)' }
        : undefined;
  const inputFiles = (inputs ?? []).flatMap((i) => (i.absolute === undefined ? [] : [i.absolute]));
  const cacheFile = options.cache && inputs ? path.resolve(cwd, typeof options.cache === 'string' ? options.cache : DEFAULT_CACHE_LOCATION) : undefined;
  let cached: { key: string; hashes: Map<string, string>; view: CacheView } | undefined;
  if (cacheFile && inputs) {
    if (isOneOf(cacheFile, identitiesOf(inputFiles))) throw new UsageError(`--cache-location ${options.cache}: is one of the inputs`);
    const key = await cacheKey(loaded, options, cwd);
    const hashes = await hashInputs(inputs);
    cached = { key, hashes, view: cacheView(readCache(cacheFile, key), hashes) };
  }
  const threads = await jobsFor(options, inputs);
  const pool = threads > 1 ? new WorkerPool(threads - 1, workerSetup(options, cwd, config)) : undefined;
  // With threads, NDJSON lines and JSON elements are handed to them unparsed; a file --cache replays is read here.
  const raw = pool ? (input: Input) => cached?.view.referrals(input.display) === undefined : undefined;
  const planning = timed ? performance.now() : 0;
  const tables = inputs ? await tablesFor(inputs, loaded, options, cwd) : undefined;
  timed?.timings.since('configuration', planning); // tables: their mappings read, chosen and bound to their header rows
  // The limits come from the config file alone, so the worker threads, which read the same file, apply the same.
  const loadEvents = inputs
    ? loadInputs(inputs, { cwd, stdin: options.stdin, raw, limits: loaded.file.limits, ...(tables ? { tables } : {}), ...(options.inputFormat ? { stdinFormat: options.inputFormat } : {}) })
    : inMemory(options.label ?? '(in memory)', options.referrals ?? []);
  // --timing: getting each event counts as reading, less the parsers' own time.
  const events = timed ? timedEvents(loadEvents, timed.timings) : loadEvents;
  const progress = inputs && options.progress ? options.progress(inputs.length) : undefined;
  // --cache and --baseline read every referral's results.
  const keep = cacheFile || baseline ? 'all' : (options.keepReferrals ?? 'all');
  let run: RunRecord;
  // Batch rules' keys (unique-referral's ids, NHS numbers, names) in encrypted temporary files, removed when the run ends, fails or is stopped.
  const spills = new KeySpills();
  try {
    run = await scoreReferrals(events, config, { progress, cache: cached?.view, keep, pool, keySpill: spills.make, ...(options.maxListed !== undefined ? { maxListed: options.maxListed } : {}), ...(options.referralStream ? { stream: options.referralStream } : {}) });
    const settling = timed && pool ? performance.now() : 0;
    await pool?.settle();
    if (timed && pool) pool.waitedMs += performance.now() - settling;
  } finally {
    spills.close();
    await pool?.close();
  }
  if (cacheFile && cached) {
    const batch = new Set(config.registry.filter((r) => r.batch).map((r) => r.meta.id));
    try {
      await writeCache(cacheFile, buildCache(run, cached.hashes, cached.key, (id) => !batch.has(id) && id !== UNUSED_SUPPRESSION_RULE_ID));
    } catch (error) {
      throw new UsageError(`cannot write the cache ${path.relative(cwd, cacheFile) || cacheFile}: ${writeFailure(error)}`);
    }
  }
  const tallied = timed ? performance.now() : 0;
  const result = buildResult(run, config, toolInfo());
  timed?.timings.since('tallying', tallied);
  if (baseline) result.baseline = compareWithBaseline(result, baseline.report, baseline.file);
  if (options.gates && hasGates(options.gates, result)) result.gates = evaluateGates(result, options.gates);
  const listing = run.listing ? { listing: run.listing } : {};
  if (!timed) return { result, config, inputs: inputFiles, ...listing };
  let workerMs = 0;
  for (const thread of pool?.threadTimings ?? []) {
    timed.timings.add(thread.totals);
    workerMs += thread.busyMs;
  }
  return { result, config, inputs: inputFiles, ...listing, timings: { timings: timed.timings, threads, started: timed.started, waitedMs: pool?.waitedMs ?? 0, workerMs } };
}

/** Lints paths or in-memory referrals; the result is what the JSON report serialises. */
export async function lint(options: LintOptions): Promise<LintResult> {
  return (await runLint(options)).result;
}
