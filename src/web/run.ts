// The web page's run (docs/web-page.md): the files a user gave the page, read and linted by the
// core as the command line reads and lints the same files, with the same configuration, scores
// and reports. It runs in the page's Web Worker (./worker.ts); it uses no DOM, so the tests also
// run it under Node.js. Nothing here touches the network or stores anything.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { parseConfigText } from '../config/config-text.js';
import type { ConfigFile } from '../config/schema.js';
import type { ResolvedConfig } from '../config/resolve.js';
import { assembleConfig, compileMappings, tableMappings } from '../intake/config.js';
import { mappingSpecs } from '../intake/mapping-text.js';
import { loadTable, planTable, type TableFile, type TablePlan, type TableSetup } from '../intake/table.js';
import { detectEncoding, EncodingError, formatOfName, loadText } from '../intake/text.js';
import { READY_MADE, readyMade } from '../mapping/ready-made.js';
import { ConfigError, UsageError } from '../model/errors.js';
import type { LintResult } from '../model/types.js';
import { checkExport } from '../parse/export-check.js';
import { resolveLimits, type Limits } from '../parse/limits.js';
import { HEAD_BYTES } from '../parse/text-encoding.js';
import { REFERRAL_EXTENSIONS, TABLE_FORMATS, type LoadEvent } from '../parse/types.js';
import { csv } from '../report/csv.js';
import { html } from '../report/html.js';
import { json } from '../report/json.js';
import { sarif } from '../report/sarif.js';
import type { Reporter } from '../report/types.js';
import { explainRule } from '../report/rule-explain.js';
import { buildResult } from '../score/result.js';
import { scoreReferrals } from '../score/run.js';

/** A file as the page has it: a browser's File, or Node.js's (in the tests). */
export interface PageFile {
  readonly name: string;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
  stream(): { getReader(): StreamReader };
}

interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
  releaseLock(): void;
}

/** What the user gave the page, with the choices the command line takes as options. */
export interface PageRequest {
  /** The exports, in any order: they are read by name (inReadingOrder). */
  files: readonly PageFile[];
  /** The config file (referral-lint.config.yaml or .json), as --config. */
  config?: PageFile;
  /** Mapping files (YAML or JSON) and ready-made mapping names, as --mapping, tried in this order. */
  mappings?: readonly (PageFile | string)[];
  /** The reference time, as --now; default: the clock. */
  now?: string;
  /** --include-personal-data. */
  includePersonalData?: boolean;
  /** The tool's name and version, for the reports (the page's build writes them in). */
  tool: { name: string; version: string };
}

/** How far the run is: bytes of the exports read out of all of them, and referrals checked. */
export interface PageProgress {
  bytesRead: number;
  totalBytes: number;
  referrals: number;
  file: string;
}

/** What the page shows of a rule: its words, and what good looks like (the passing example). */
export interface RuleView {
  id: string;
  description: string;
  dimension: string;
  /** The severity in force ('off' for a rule that is off). */
  level: string;
  checks: string[];
  rationale: string;
  fix: string;
  sources: string[];
  /** The `explain` text, as the command line prints it. */
  explain: string;
  good?: string;
  bad?: string;
}

/** A run's outcome: the result (the JSON report's content), the rules, and the config's name. */
export interface PageRun {
  result: LintResult;
  rules: RuleView[];
  configName: string;
  /** The configuration's time zone (an IANA name), in which "now" was read and is shown. */
  timeZone: string;
  /** Renders a report: byte for byte what `referral-lint --format <format>` writes for the same inputs. */
  report(format: PageFormat): string;
}

/** The reports the page offers for download. */
export const PAGE_FORMATS = ['json', 'csv', 'sarif', 'html'] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];

/** The command line's reporters for those formats (the page loads no other). */
const REPORTERS: Record<PageFormat, Reporter> = { json, csv, sarif, html };

/** A mistake in what the page was given that stops the whole run (the command line's exit 2): a config or mapping that cannot be used. */
export class PageSetupError extends Error {
  override name = 'PageSetupError';
}

async function bytesOf(file: PageFile, start = 0, end = file.size): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

/** A file's text as Node.js's readFileSync(...).toString('utf8') gives it: a byte order mark kept, bad bytes replaced. */
async function textOf(file: PageFile): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await bytesOf(file));
}

/** Bytes of a file read at a time, as the command line reads them. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A file's bytes from the start, each chunk counted as it is read (`counted`). The next chunk is
 * asked for before this one is handed on: a browser reads a File in another process, and the
 * run would otherwise wait for each chunk in turn.
 */
async function* chunksOf(file: PageFile, counted: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const read = (at: number): Promise<Uint8Array> => {
    const reading = bytesOf(file, at, Math.min(file.size, at + CHUNK_BYTES));
    // Left unawaited when the reader stops early (a failed file): its failure is no one's.
    reading.catch(() => undefined);
    return reading;
  };
  let next = file.size > 0 ? read(0) : undefined;
  for (let at = 0; next; at += CHUNK_BYTES) {
    const chunk = await next;
    next = at + CHUNK_BYTES < file.size ? read(at + CHUNK_BYTES) : undefined;
    counted(chunk.length);
    yield chunk;
  }
}

/** A file's bytes at any place, for the workbook reader; each read counted. */
function tableFileOf(file: PageFile, counted: (bytes: number) => void): TableFile {
  return {
    display: file.name,
    // The config's folder is the files' folder: a mapping's `files` globs see the name.
    relative: file.name,
    chunks: () => chunksOf(file, counted),
    open: async () => ({
      source: {
        size: file.size,
        read: async (offset: number, length: number) => {
          const bytes = await bytesOf(file, offset, Math.min(file.size, offset + length));
          counted(bytes.length);
          return bytes;
        },
      },
      close: async () => undefined,
    }),
  };
}

/** The configuration: the config file given (as --config), or the default one. Plugins are programs the page does not load. */
async function configOf(request: PageRequest): Promise<{ file: ConfigFile; config: ResolvedConfig; mappings: ReturnType<typeof compileMappings>; name: string }> {
  const overrides = { ...(request.now ? { now: request.now } : {}), ...(request.includePersonalData ? { includePersonalData: true } : {}) };
  if (!request.config) {
    const name = 'the default configuration';
    const { config, mappings } = await assembleConfig({}, overrides, { name, plugins: [] });
    return { file: {}, config, mappings, name };
  }
  const name = request.config.name;
  const bytes = await bytesOf(request.config);
  const file = parseConfigText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), name, name.toLowerCase().endsWith('.json'));
  if (file.plugins?.length) {
    throw new ConfigError(
      `${name} names plugins (${file.plugins.join(', ')}): a plugin is a program, and the web page runs none. Use the command line for this config, or a copy of it without plugins`,
    );
  }
  const { config, mappings } = await assembleConfig(file, overrides, {
    name,
    plugins: [],
    relativeToConfig: (f) => f,
    identity: { path: name, hash: bytesToHex(sha256(bytes)) },
  });
  return { file, config, mappings, name };
}

/** The mappings tables are tried with: the ones given (as --mapping), then the config's, then the ready-made ones neither names. */
async function tableSetupOf(request: PageRequest, configMappings: ReturnType<typeof compileMappings>): Promise<TableSetup> {
  const specs: unknown[] = [];
  for (const m of request.mappings ?? []) {
    if (typeof m === 'string') {
      if (!readyMade(m)) throw new ConfigError(`${m} is not a ready-made mapping (${READY_MADE.map((r) => r.name).join(', ')})`);
      specs.push(m);
    } else specs.push(...mappingSpecs(await textOf(m), m.name));
  }
  return tableMappings(compileMappings(specs, 'the mapping given'), configMappings);
}

/** Why a file could not be read, from the error met reading it; never its content. */
function readFailure(error: unknown): string {
  if (error instanceof EncodingError) return error.message;
  return 'cannot read the file (the browser could not read it: it may have been moved, or be open in another program)';
}

/** One file's load events, as the command line gives them for a file named on its command line. */
async function* loadOne(file: PageFile, plan: TablePlan | undefined, setup: TableSetup, limits: Limits, counted: (bytes: number) => void): AsyncGenerator<LoadEvent> {
  const format = formatOfName(file.name);
  if (!format) {
    yield { kind: 'failed-file', file: file.name, reason: `not a referral file: expected one of ${REFERRAL_EXTENSIONS.join(' ')}` };
    return;
  }
  if (TABLE_FORMATS.includes(format)) {
    yield* loadTable(tableFileOf(file, counted), format, plan, setup, limits);
    return;
  }
  const head = await bytesOf(file, 0, Math.min(file.size, HEAD_BYTES));
  const text = detectEncoding(head, head.length < HEAD_BYTES);
  if ('failure' in text) {
    yield { kind: 'failed-file', file: file.name, reason: text.failure };
    return;
  }
  yield* checkExport(loadText(file.name, format, text.encoding, chunksOf(file, counted), false, limits), limits);
}

/** Every file's events, in order; a file that cannot be read fails, and the rest are still read. */
async function* loadAll(files: readonly PageFile[], plans: ReadonlyMap<PageFile, TablePlan>, setup: TableSetup, limits: Limits, counted: (bytes: number) => void): AsyncGenerator<LoadEvent> {
  for (const file of files) {
    // Every file was given by name: one that proves no referral export fails (the runner says why).
    yield { kind: 'file', file: file.name };
    try {
      yield* loadOne(file, plans.get(file), setup, limits, counted);
    } catch (error) {
      if (error instanceof UsageError || error instanceof ConfigError) throw error;
      yield { kind: 'failed-file', file: file.name, reason: readFailure(error) };
    }
  }
}

/** What the page shows of each rule of the run. */
function ruleViews(config: ResolvedConfig): RuleView[] {
  return config.registry.map((rule) => {
    const { meta } = rule;
    const examples = meta.docs.examples;
    return {
      id: meta.id,
      description: meta.description,
      dimension: meta.dimension,
      level: config.levels.get(meta.id) ?? meta.severity,
      checks: meta.docs.checks,
      rationale: meta.docs.rationale,
      fix: meta.docs.fix,
      sources: meta.docs.sources,
      explain: explainRule(rule, config),
      ...(examples ? { good: JSON.stringify(examples.pass, null, 2), bad: JSON.stringify(examples.fail, null, 2) } : {}),
    };
  });
}

/**
 * Files in the order the page reads them: by name, as the command line reads a folder, so
 * that the reports do not depend on the order a browser lists dropped files in.
 */
export function inReadingOrder<F extends PageFile>(files: readonly F[]): F[] {
  return [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The run: the configuration, each table's mapping planned before anything is linted (a
 * mapping meant for a table that does not fit it stops the run, as it does the command
 * line's), then every file read and linted. Throws PageSetupError for a config or mapping
 * that cannot be used; a file that cannot be read is a failed file in the result.
 */
export async function runPage(request: PageRequest, onProgress?: (progress: PageProgress) => void): Promise<PageRun> {
  try {
    const { file, config, mappings, name } = await configOf(request);
    const limits = resolveLimits(file.limits);
    const files = inReadingOrder(request.files);
    const wanted = files.some((f) => TABLE_FORMATS.includes(formatOfName(f.name) ?? 'json'));
    const setup: TableSetup = wanted || request.mappings?.length ? await tableSetupOf(request, mappings) : { mappings: [], readyMade: [] };
    const plans = new Map<PageFile, TablePlan>();
    for (const f of files) {
      const format = formatOfName(f.name);
      if (!format || !TABLE_FORMATS.includes(format)) continue;
      try {
        plans.set(f, await planTable(tableFileOf(f, () => undefined), format, setup, limits));
      } catch (error) {
        if (error instanceof UsageError || error instanceof ConfigError) throw error;
        // Unreadable: the loader meets it again and says why.
      }
    }
    // The bytes the run will read: a file of no known format is failed unread. A workbook's parts may be read more than once; the count is capped at the total.
    const totalBytes = files.reduce((n, f) => n + (formatOfName(f.name) ? f.size : 0), 0);
    const progress: PageProgress = { bytesRead: 0, totalBytes, referrals: 0, file: '' };
    let told = 0;
    const tell = (force = false): void => {
      if (!onProgress) return;
      // At most one message per 1,000 referrals or file: enough for a bar, not enough to slow the run.
      if (!force && progress.referrals - told < 1000) return;
      told = progress.referrals;
      onProgress({ ...progress, bytesRead: Math.min(progress.bytesRead, totalBytes) });
    };
    const counted = (bytes: number): void => {
      progress.bytesRead += bytes;
    };
    const run = await scoreReferrals(loadAll(files, plans, setup, limits, counted), config, {
      keep: 'all',
      progress: {
        fileStarted: (f) => {
          progress.file = f;
          tell(true);
        },
        referral: () => {
          progress.referrals += 1;
          tell();
        },
        fileDone: () => tell(true),
      },
    });
    const result = buildResult(run, config, request.tool);
    const rules = new Map(config.registry.map((rule) => [rule.meta.id, rule.meta]));
    return {
      result,
      rules: ruleViews(config),
      configName: name,
      timeZone: config.timeZone,
      report: (format) => REPORTERS[format](result, { quiet: false, color: false, rules }),
    };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) throw new PageSetupError(error.message);
    throw error;
  }
}

