// The command line: flags in, exit code out. No logic of its own.
import { PERSONAL_DATA_WARNING } from '../report/personal-data.js';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../model/errors.js';
import { EXIT_OK, EXIT_TOOL_ERROR, exitCodeFor } from '../score/exit.js';
import { NO_PROGRESS, progressEnabled, type Progress } from './progress-enabled.js';
import { identitiesOf, isFileOrNew, isOneOf, outputTargets, resolveFormat, writeFailure, writeOutput, type OutputFlag, type ReportWriter } from '../run/outputs.js';
import { FORMAT_NAMES, FORMAT_NEEDS, type FormatName } from '../report/names.js';
import { DEFAULT_MAX_LISTED } from '../score/listing.js';
import { printable } from '../report/printable.js';
import { toolInfo } from '../run/version.js';
import type { KeepReferrals, SkippedFileRecord } from '../model/types.js';
import type { Spool } from '../run/spool.js';

/** Skipped files named in the one line that says so; the rest are counted. */
const SKIPPED_NAMED = 3;

/**
 * The one line on stderr for files a walk or glob found that are no referral export:
 * `skipped 1 file that is not a referral export: reports/referral-lint.json (a referral-lint report)`;
 * past SKIPPED_NAMED, the first are named and the rest counted.
 */
export function skippedLine(skipped: readonly SkippedFileRecord[]): string {
  const n = skipped.length;
  const named = skipped.slice(0, n > SKIPPED_NAMED ? SKIPPED_NAMED : n).map((s) => `${s.path} (${s.reason})`);
  const rest = n - named.length;
  const list = rest > 0 ? `${named.join(', ')} and ${rest} more` : named.length === 1 ? named[0]! : `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}`;
  return printable(`skipped ${n === 1 ? '1 file that is not a referral export' : `${n} files that are not referral exports`}: ${list}`);
}
// Everything else is imported when a command runs, so --version and --help start fast.

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  isTTY?: boolean;
  /** Whether stderr is a terminal (the progress bar's stream). */
  stderrIsTTY?: boolean;
  /** Where the progress bar draws; default none. */
  progressStream?: NodeJS.WritableStream;
  /** How long a run must last before the bar shows (default 1000 ms); tests set 0. */
  progressDelayMs?: number;
  /** Terminal width, for tables. */
  columns?: number;
  /** Once all that went to `stdout` is written: why it could not be, if it could not. */
  stdoutDone?: () => Promise<NodeJS.ErrnoException | undefined>;
}

/**
 * process.stdout, whose write failures are kept for main to report rather than thrown as an
 * 'error' event (a crash with a stack trace). After a failure, nothing more is written.
 */
function stdoutSink(stream: NodeJS.WritableStream): Pick<CliIO, 'stdout' | 'stdoutDone'> {
  let failure: NodeJS.ErrnoException | undefined;
  let writing = 0;
  let settle: (() => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    settle?.();
  };
  stream.on('error', fail);
  return {
    stdout(text) {
      if (failure) return;
      writing += 1;
      stream.write(text, (error) => {
        if (error) fail(error);
        if (--writing === 0) settle?.();
      });
    },
    async stdoutDone() {
      if (writing > 0 && !failure) await new Promise<void>((resolve) => (settle = resolve));
      return failure;
    },
  };
}

const defaultIO = (): CliIO => ({
  ...stdoutSink(process.stdout),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  isTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  progressStream: process.stderr,
  columns: process.stdout.columns,
});

function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} takes a number`);
    return n;
  };
}

/** --max-listed: a whole number, 0 or more. */
function wholeNumber(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} takes a whole number, 0 or more`);
    return Number(value);
  };
}

/** --min-score, --min-clean-rate: a number from 0 to 100 (a score or a percentage). */
function percentage(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError(`${name} takes a number from 0 to 100`);
    return n;
  };
}

export { PERSONAL_DATA_WARNING };

/** The referrals the reports asked for need: the most any of them needs. */
function keepFor(formats: readonly string[]): KeepReferrals {
  const needs = formats.map((f) => FORMAT_NEEDS[f as FormatName]);
  return needs.includes('all') ? 'all' : needs.includes('with-findings') ? 'with-findings' : needs.includes('worst') ? 'worst' : 'none';
}

/** --jobs: a whole number of threads from 1 to 64, or auto. */
function jobs(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('--jobs takes a whole number of threads from 1 to 64, or auto');
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Rows --timing lists when given no number (as ESLint's TIMING=1); src/report/timing.ts's TIMING_ROWS, kept here so --help loads no reporter. */
const TIMING_ROWS = 10;

/** --timing's value: all, or a whole number of rows. */
function timingRows(value: string): number | 'all' {
  if (value === 'all') return 'all';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('--timing takes a number of rows (1 or more) or all');
  return n;
}

const SUBCOMMANDS = ['rules', 'explain', 'init', 'schema'];

/**
 * `--timing` takes a value only when one follows that is one (all, a number): the word after
 * it in `referral-lint --timing fixtures/` is a path, so `--timing` is given its default there
 * rather than let commander take the path as its value.
 */
function timingArgv(argv: readonly string[]): string[] {
  const out = [...argv];
  if (SUBCOMMANDS.includes(out[2] ?? '')) return out;
  const end = out.indexOf('--');
  for (let i = 2; i < (end === -1 ? out.length : end); i += 1) {
    if (out[i] === '--timing' && !/^(all|\d+)$/.test(out[i + 1] ?? '')) out[i] = `--timing=${TIMING_ROWS}`;
  }
  return out;
}

interface LintFlags {
  config?: string;
  baseline?: string;
  failOn: 'error' | 'new';
  rule?: string[];
  agency?: string[];
  now?: string;
  strict?: boolean;
  quiet?: boolean;
  maxWarnings?: number;
  reportUnusedSuppressions?: boolean;
  printConfig?: string;
  minScore?: number;
  minCleanRate?: number;
  color: boolean;
  progress: boolean;
  cache?: boolean;
  cacheLocation?: string;
  debug?: boolean;
  jobs: number | 'auto';
  includePersonalData?: boolean;
  mapping?: string[];
  inputFormat?: string;
  timing?: true | number | 'all';
  maxListed?: number;
}

const INPUT_FORMATS = ['json', 'yaml', 'ndjson', 'csv', 'tsv'] as const;

/** A report that cannot be written is the user's to fix (a directory, a read-only place, a full disk): exit 2, no stack. */
async function writeReport(file: string, report: string | ReportWriter, cwd: string, personal: boolean): Promise<void> {
  try {
    await writeOutput(file, report, { personal });
  } catch (error) {
    const relative = path.relative(cwd, file);
    const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
    throw new UsageError(`cannot write --output-file ${shown}: ${writeFailure(error)}`);
  }
}

/**
 * For the process (bin/referral-lint.js): work a plugin's rule left running that fails after
 * the rule returned (an unhandled rejection, an uncaught exception) ends the run as an
 * internal error, exit 2, as it does in a worker thread; its message is withheld unless
 * --include-personal-data.
 */
export async function strayFailureReport(argv: readonly string[], error: unknown): Promise<string> {
  const { strayFailure } = await import('../engine/engine.js');
  return `referral-lint: internal error: ${printable(strayFailure(error, argv.includes('--include-personal-data')))}\n(run with --debug for details)\n`;
}

/**
 * A usage error's message, control characters escaped; its own line breaks, each followed by
 * the two-space indent of a list (a plugin rule's problems), are kept.
 */
function printableMessage(message: string): string {
  return message
    .split(/\n(?= {2}\S)/)
    .map((line) => printable(line))
    .join('\n');
}

/** --debug's stack trace: the message at its head escaped whole, then each frame's line. */
function printableStack(error: Error): string {
  const stack = error.stack ?? '';
  const head = `${error.name}: ${error.message}`;
  const [top, frames] = stack.startsWith(head) ? [head, stack.slice(head.length)] : ['', stack];
  return printable(top) + frames.split('\n').map((line) => printable(line)).join('\n');
}

/**
 * Runs the command line. When standard output fails: a reader that went away (EPIPE, as in
 * `| head`) is not a failure, so the run ends as it would have, without a word; any other
 * failure (ENOSPC, EIO) is one line on stderr and exit 2.
 */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const code = await runCommand(argv, io);
  const failure = await io.stdoutDone?.();
  if (failure === undefined || failure.code === 'EPIPE') return code;
  io.stderr(`referral-lint: cannot write the report to standard output: ${failure.code ?? 'write error'}\n`);
  return EXIT_TOOL_ERROR;
}

async function runCommand(argv: string[], io: CliIO): Promise<number> {
  let exitCode = EXIT_OK;
  let debug = argv.includes('--debug');
  const program = new Command();
  program
    .name('referral-lint')
    .description("Checks the quality of referrals to children's social care and scores every referring agency.")
    .version(toolInfo().version, '-v, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    // Subcommands own the options after their name (`schema --strict` is schema's --strict).
    .enablePositionalOptions()
    .showHelpAfterError('(run referral-lint --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 clean; 1 error findings (with --fail-on new: new ones only), a file or referral that could\n' +
        'not be linted, or a failed gate (--max-warnings, --min-score, --min-clean-rate; every report says which);\n' +
        '2 usage or configuration error, no input matched, a report that cannot be written, or internal error.\n' +
        'Several reports: -f json -o report.json -f html -o report.html -f stylish (the last to stdout).\n' +
        'No personal value (names, dates of birth, addresses, identifiers, free text) is ever printed.',
    );

  program
    .argument('[paths...]', 'files, directories (searched for .json .yaml .yml .ndjson .jsonl; files that are not referral exports, such as a JSON report, are skipped) or globs; - reads stdin')
    .option('-c, --config <file>', 'configuration file (default: the nearest referral-lint.config.yaml, .yml or .json from the current directory up to the project root)')
    .option('-f, --format <name>', `output format: ${[...FORMAT_NAMES, 'auto'].join(', ')} (default: stylish; auto: github under GitHub Actions, else stylish); repeat with -o for several reports`)
    .option('-o, --output-file <file>', 'write the report of the --format before it to this file (atomically) instead of stdout; repeatable')
    .option('--baseline <report.json>', 'an earlier JSON report: show score changes and new and fixed findings')
    .addOption(new Option('--fail-on <what>', 'which error findings fail the run: error (all) or new (those not in --baseline)').choices(['error', 'new']).default('error'))
    .option('--rule <id:severity>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .option('--mapping <file|name>', 'how CSV and Excel files become referrals: a mapping file, or a ready-made mapping (annex-a-list-1, annex-a-list-3); tried before the config\'s mappings (repeatable; docs/mappings.md)', collect)
    .option('--input-format <format>', `standard input's format: ${INPUT_FORMATS.join(', ')} (default: JSON, YAML or NDJSON as it reads; CSV and TSV must be named)`)
    .option('--agency <name>', 'report and score only this agency\'s referrals (repeatable; matched after the config\'s aliases); every referral is still linted', collect)
    .option('--now <date-time>', 'reference time for checks against "now" (RFC 3339); default: the clock')
    .option('--strict', 'keys the referral format does not name are schema errors (named only with --include-personal-data), and unused suppressions are reported')
    .option('--report-unused-suppressions', 'report lintIgnore entries that suppressed nothing (the unused-suppression rule, as a warning)')
    .option('--print-config <file>', 'print the configuration in force for this file (presets, plugins, overrides and flags applied) as JSON, and exit')
    .option('-q, --quiet', 'list error findings only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (default: no limit)', number('--max-warnings'))
    .option('--min-score <n>', 'exit 1 when any agency scores below this (0-100)', percentage('--min-score'))
    .option('--min-clean-rate <n>', 'exit 1 when any agency has a smaller percentage of clean referrals (no error finding) than this (0-100)', percentage('--min-clean-rate'))
    .option('--max-listed <n>', `html: list at most n referrals with findings, those that score lowest, and say how many more there are (default ${DEFAULT_MAX_LISTED}; 0: every one)`, wholeNumber('--max-listed'))
    .option('--no-color', 'no colours (also when NO_COLOR is set)')
    .option('--cache', 're-check only files that changed since the last --cache run (results kept in .referral-lint-cache.json)')
    .option('--cache-location <file>', 'where --cache keeps its results (implies --cache)')
    .option('-j, --jobs <n|auto>', 'threads in all: this one and n - 1 workers that run referrals\' rules; auto: one per core, for 128 MB of input or more; the report is the same whatever n', jobs, 1)
    .option('--include-personal-data', 'show in the reports the value each finding is about, a crashed rule\'s message and the names of unknown keys (off by default: reports name fields, never their values); prints a warning')
    .option('--no-progress', 'no progress bar (it shows only on a terminal, for runs over a second, and never in CI)')
    .option('--timing [rows]', `after the report, on stderr: the stages and rules that took longest, with their time in ms and share of the run (the ${TIMING_ROWS} longest; a number, or all); with --jobs, the threads' times added up`, timingRows)
    .option('--debug', 'show stack traces for internal errors')
    .action(async (paths: string[], flags: LintFlags) => {
      debug = flags.debug === true;
      const overrides = { now: flags.now, strict: flags.strict, rules: flags.rule, reportUnusedSuppressions: flags.reportUnusedSuppressions, includePersonalData: flags.includePersonalData, agencies: flags.agency };
      if (flags.printConfig !== undefined) {
        const [{ loadConfigFile }, { printConfig }] = await Promise.all([import('../run/config.js'), import('./print-config.js')]);
        const loaded = await loadConfigFile({ configFile: flags.config, cwd: io.cwd, ...overrides });
        io.stdout(`${JSON.stringify(printConfig(loaded, flags.printConfig, io.cwd), null, 2)}\n`);
        return;
      }
      if (paths.length === 0) throw new UsageError('No input: name files, directories or globs, or - for stdin (referral-lint --help)');
      if (flags.includePersonalData) io.stderr(PERSONAL_DATA_WARNING);
      const targets = outputTargets(outputFlags, 'stylish').map((t) => ({
        format: resolveFormat(t.format, io.env),
        file: t.file === undefined ? undefined : path.resolve(io.cwd, t.file),
      }));
      for (const t of targets) {
        if (!(FORMAT_NAMES as readonly string[]).includes(t.format)) throw new UsageError(`--format ${t.format} is not a format: use one of ${[...FORMAT_NAMES, 'auto'].join(', ')}`);
      }
      if (flags.inputFormat !== undefined && !(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) {
        throw new UsageError(`--input-format ${flags.inputFormat} is not a format standard input can have: use one of ${INPUT_FORMATS.join(', ')} (an XLSX workbook must be a file)`);
      }
      if (flags.failOn === 'new' && !flags.baseline) throw new UsageError('--fail-on new needs --baseline <report.json>: new findings are those the baseline does not have');
      const barSettings = {
        stream: io.progressStream,
        stderrIsTTY: io.stderrIsTTY === true,
        stdoutIsTTY: io.isTTY === true,
        env: io.env,
        quiet: flags.quiet,
        enabled: flags.progress,
        ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}),
      };
      // The bar's module (and cli-progress) only when a bar may show: not in pipes, CI or with --quiet.
      const [{ runLint }, { isParted, loadPartedReporters, loadReporters, loadStepSummary }, barModule] = await Promise.all([
        import('../run/lint.js'),
        import('../report/load.js'),
        progressEnabled({ ...barSettings, totalFiles: 0 }) ? import('./progress.js') : undefined,
      ]);
      let bar: Progress | undefined;
      const progress = (totalFiles: number): Progress => (bar = barModule ? barModule.createProgress({ ...barSettings, totalFiles }) : NO_PROGRESS);
      const gates = { maxWarnings: flags.maxWarnings, minScore: flags.minScore, minCleanRate: flags.minCleanRate, failOn: flags.failOn };
      // json, junit, sarif, github, csv and stylish are written as the run goes: each referral to a spool as it
      // is scored, the report from it at the end (src/run/spool.ts). --baseline marks each
      // finding new or not only once the run is over: then every report is built from the whole result.
      const streamable = (format: string): boolean => flags.baseline === undefined && isParted(format);
      let spool: Spool | undefined;
      if (targets.some((t) => streamable(t.format))) {
        const { Spool } = await import('../run/spool.js');
        // Beside the first report that goes to a file (a regular file, or a new path): never in
        // the folder of a device or pipe (-o /dev/null), whatever this user may write to.
        const first = targets.find((t) => streamable(t.format) && t.file !== undefined && isFileOrNew(t.file));
        try {
          spool = new Spool(first?.file === undefined ? undefined : path.dirname(first.file));
        } catch {
          // No folder to spool in (a read-only temporary folder): the reports are built from the whole result, as before.
        }
      }
      const spooled = (format: string): boolean => spool !== undefined && streamable(format);
      const wholeFormats = targets.filter((t) => !spooled(t.format)).map((t) => t.format);
      try {
        let run;
        try {
          const cache = flags.cacheLocation ?? flags.cache === true;
          run = await runLint({
            paths,
            configFile: flags.config,
            baseline: flags.baseline,
            ...overrides,
            cwd: io.cwd,
            stdin: io.stdin,
            progress,
            cache,
            jobs: flags.jobs,
            keepReferrals: keepFor(wholeFormats),
            ...(spool ? { referralStream: spool } : {}),
            ...(flags.maxListed !== undefined ? { maxListed: flags.maxListed } : {}),
            gates,
            ...(flags.mapping ? { mappings: flags.mapping } : {}),
            ...(flags.inputFormat ? { inputFormat: flags.inputFormat as (typeof INPUT_FORMATS)[number] } : {}),
            ...(flags.timing !== undefined ? { timing: true } : {}),
          });
        } finally {
          bar?.stop(); // before anything is written: the bar's line is cleared first
        }
        const { result, config } = run;
        if (result.skipped) io.stderr(`${skippedLine(result.skipped)}\n`);
        // By what the files are, not by their names: a link to an export is the export.
        const inputs = targets.some((t) => t.file !== undefined) ? identitiesOf(run.inputs) : new Set<string>();
        for (const t of targets) {
          if (t.file !== undefined && isOneOf(t.file, inputs)) throw new UsageError(`--output-file ${path.relative(io.cwd, t.file)} is one of the inputs: refusing to write a report over an export`);
        }
        const rules = new Map(config.registry.map((rule) => [rule.meta.id, rule.meta]));
        const reporting = run.timings ? performance.now() : 0; // --timing: building and writing the reports
        const [reporters, parted] = await Promise.all([loadReporters(wholeFormats as FormatName[]), loadPartedReporters(spool ? targets.map((t) => t.format as FormatName).filter(spooled) : [])]);
        for (const t of targets) {
          const color = flags.color && t.file === undefined && io.isTTY === true && io.env.NO_COLOR === undefined;
          const options = { quiet: flags.quiet, color, rules };
          const inParts = spool && spooled(t.format) ? parted[t.format as FormatName] : undefined;
          if (spool && inParts) {
            const parts = inParts({ ...result, referrals: [] }, options, spool.counts);
            const from = spool;
            if (t.file === undefined) await from.write(parts, (part) => io.stdout(part));
            else await writeReport(t.file, (put) => from.write(parts, put), io.cwd, flags.includePersonalData === true);
            continue;
          }
          let report: string;
          try {
            report = reporters[t.format as FormatName]!(result, { ...options, ...(flags.maxListed !== undefined ? { maxListed: flags.maxListed } : {}), ...(run.listing ? { listing: run.listing } : {}) });
          } catch (error) {
            // A report is built as one string; JavaScript caps a string at about 512 MB.
            if (!(error instanceof RangeError) || !/string length/i.test(error.message)) throw error;
            throw new UsageError(
              `the ${t.format} report of ${result.summary.referrals} referrals is too large to build in memory: use -f csv-agencies or -f markdown for a summary, or lint the export in parts`,
            );
          }
          if (t.file === undefined) io.stdout(report);
          else await writeReport(t.file, report, io.cwd, flags.includePersonalData === true);
        }
        const summaryFile = io.env.GITHUB_STEP_SUMMARY;
        if (summaryFile && targets.some((t) => t.format === 'github')) {
          appendFileSync(summaryFile, (await loadStepSummary())(result, { rules }));
        }
        for (const e of result.internalErrors) {
          // The id, file and message come from the input or a plugin: control characters are shown escaped.
          io.stderr(`${printable(`Internal error: rule ${e.ruleId} crashed on referral ${e.referralId ?? '(no id)'} (${e.file} ${e.pointer || '/'}): ${e.message}`)}\n`);
        }
        if (run.timings) {
          const { timings, threads, started, waitedMs, workerMs } = run.timings;
          timings.since('reporting', reporting);
          const wallMs = performance.now() - started;
          const { timingTable } = await import('../report/timing.js');
          const plugins = config.plugins.map((p) => `${p.name}/`);
          const kindOf = (id: string): string => (plugins.some((p) => id.startsWith(p)) ? 'plugin rule' : id.includes('/') ? 'declarative rule' : 'rule');
          const rows = flags.timing === true || flags.timing === undefined ? TIMING_ROWS : flags.timing;
          io.stderr(timingTable({ totals: timings.totals(), totalMs: wallMs - waitedMs + workerMs, threads, wallMs }, kindOf, rows));
        }
        exitCode = exitCodeFor(result, gates);
      } finally {
        spool?.close();
      }
    });
  // --format and --output-file pair up in the order given, which commander's values alone do not keep.
  const outputFlags: OutputFlag[] = [];
  program.on('option:format', (value: string) => outputFlags.push({ kind: 'format', value }));
  program.on('option:output-file', (value: string) => outputFlags.push({ kind: 'output-file', value }));

  program
    .command('rules')
    .description("list every rule (built-in, plugins' and declarative): id, dimension, default severity, severity in force, description")
    .option('-c, --config <file>', 'configuration file, for its plugins, declarative rules and the severities in force')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (flags: { config?: string; format: string }) => {
      const [{ loadConfig }, { ruleRows, rulesTable }] = await Promise.all([import('../run/config.js'), import('../report/rule-docs.js')]);
      const config = await loadConfig({ configFile: flags.config, cwd: io.cwd });
      const rows = ruleRows(config.registry, config);
      io.stdout(flags.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : rulesTable(rows, io.columns ?? 120));
    });

  program
    .command('explain')
    .description('what a rule checks, why, how to fix a failing referral, and its options (defaults and in force)')
    .argument('<rule-id>', 'the rule, e.g. consent-recorded')
    .option('-c, --config <file>', 'configuration file, for the options in force')
    .action(async (id: string, flags: { config?: string }) => {
      const [{ loadConfig }, { explainRule, nearest }] = await Promise.all([import('../run/config.js'), import('../report/rule-docs.js')]);
      const config = await loadConfig({ configFile: flags.config, cwd: io.cwd });
      const rule = config.registry.find((r) => r.meta.id === id);
      if (!rule) {
        const guess = nearest(id, config.registry.map((r) => r.meta.id));
        throw new UsageError(`No rule is called ${id}.${guess ? ` Did you mean ${guess}?` : ''} (referral-lint rules lists them)`);
      }
      io.stdout(explainRule(rule, config));
    });

  program
    .command('init')
    .description('write a commented starter referral-lint.config.yaml in the current directory (never overwrites); with --from, a draft mapping from a CSV or Excel file\'s header row')
    .argument('[file]', 'the file to write (.yaml or .yml)')
    .option('--from <file>', 'draft a mapping for a .csv, .tsv or .xlsx file from its header row alone (no cell below it is read); written to <name>.mapping.yaml')
    .option('--sheet <name|n>', 'with --from: the XLSX sheet, by name or position from 1 (default the first visible sheet)')
    .option('--output <file>', 'with --from: the mapping file to write (- for standard output)')
    .option('--force', 'with --from: overwrite the mapping file if it exists')
    .action(async (file: string | undefined, flags: { from?: string; sheet?: string; output?: string; force?: boolean }) => {
      if (flags.from === undefined) {
        const stray = (['sheet', 'output', 'force'] as const).find((k) => flags[k] !== undefined);
        if (stray) throw new UsageError(`init --${stray} goes with --from <file>`);
        const { writeStarterConfig } = await import('./init.js');
        const written = writeStarterConfig(io.cwd, file ?? 'referral-lint.config.yaml');
        io.stdout(`Wrote ${path.relative(io.cwd, written) || written}: edit the threshold model and agencies for your area, then run referral-lint <export>.\n`);
        return;
      }
      if (file !== undefined && flags.output !== undefined) throw new UsageError(`init --from: name the mapping file once (${file} or --output ${flags.output})`);
      const { initFrom } = await import('./init-from.js');
      const result = await initFrom({ from: flags.from, ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}), ...((flags.output ?? file) !== undefined ? { output: (flags.output ?? file)! } : {}), ...(flags.force ? { force: true } : {}) }, io.cwd);
      const unusable = 'no column was placed on a referral field: map at least one by hand before using it';
      if (!result.written) {
        io.stdout(result.text);
        if (!result.usable) io.stderr(`referral-lint: ${unusable}\n`);
        return;
      }
      const shown = path.relative(io.cwd, result.written) || result.written;
      io.stdout(
        printable(
          `Wrote ${shown}: ${result.placed} column${result.placed === 1 ? '' : 's'} placed, ${result.unplaced} not placed (listed at its end). ${result.usable ? `Check and finish it, then run referral-lint --mapping ${shown} ${flags.from}` : `${unusable[0]!.toUpperCase()}${unusable.slice(1)}.`}`,
        ) + '\n',
      );
    });

  program
    .command('schema')
    .description('print the referral JSON Schema (draft 2020-12), or with --format markdown the field reference: each field\'s type, whether it is required, its meaning and the rules that read it')
    .option('--strict', 'the schema with unknown keys forbidden')
    .addOption(new Option('-f, --format <name>', 'json: the JSON Schema; markdown: the field table').choices(['json', 'markdown']).default('json'))
    .option('-c, --config <file>', 'configuration file, for the rules of its plugins in the field table')
    .action(async (flags: { strict?: boolean; format: string; config?: string }) => {
      if (flags.format === 'markdown') {
        const [{ loadConfig }, { fieldsMarkdown }] = await Promise.all([import('../run/config.js'), import('../report/field-docs.js')]);
        const config = await loadConfig({ configFile: flags.config, cwd: io.cwd });
        io.stdout(fieldsMarkdown(config.registry));
        return;
      }
      const { schemaDocument } = await import('../schema/validate.js');
      io.stdout(`${JSON.stringify(schemaDocument(flags.strict === true), null, 2)}\n`);
    });

  try {
    await program.parseAsync(timingArgv(argv));
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT_OK;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_TOOL_ERROR;
    // A message can name a file or quote a plugin: control characters are shown escaped, so a
    // line of stderr stays one line and drives no terminal.
    if (error instanceof UsageError) {
      io.stderr(`referral-lint: ${printableMessage(error.message)}\n`);
      return EXIT_TOOL_ERROR;
    }
    io.stderr(`referral-lint: internal error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${printableStack(error)}\n`);
    else io.stderr('(run with --debug for details)\n');
    return EXIT_TOOL_ERROR;
  }
}
