// Turns command-line arguments into referrals: files, directories and globs in the order
// given, directories walked in sorted path order, each file read by its format.
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../model/errors.js';
import { createReadStream } from 'node:fs';
import { checkExport } from '../parse/export-check.js';
import { detectEncoding, EncodingError, HEAD_BYTES, readHead } from './encoding.js';
import { formatOfName, loadText } from '../intake/text.js';
import { resolveLimits, type Limits } from '../parse/limits.js';
import { StdinReader } from './stdin.js';
import { REFERRAL_EXTENSIONS, TABLE_FORMATS, type InputFormat, type LoadEvent } from '../parse/types.js';
import type { TableFile, TablePlan, TableSetup } from '../intake/table.js';
import { openRandomAccess } from './xlsx-file.js';

export * from '../parse/types.js';

export interface Input {
  /** As reports show it: relative to the current directory, forward slashes; `-` for stdin. */
  display: string;
  /** Absolute path; undefined for stdin. */
  absolute?: string;
  /**
   * Found by a directory walk or a glob rather than named (a path, or `-`): such a file that
   * proves no referral export is skipped, where a named one fails.
   */
  found?: boolean;
}

export interface LoadOptions {
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  /** Resource limits (src/parse/limits.ts), over the defaults. */
  limits?: Partial<Limits>;
  /** NDJSON and JSON files whose referrals are handed on unparsed (raw-referral events), for worker threads. */
  raw?: (input: Input) => boolean;
  /** Tables (CSV, TSV, XLSX): the mappings known, and each file's plan (planTables), made before the run. */
  tables?: { setup: FileTableSetup; plans: ReadonlyMap<string, TablePlan> };
  /** Standard input's format, when it is not to be sniffed (--input-format): CSV and TSV must be named. */
  stdinFormat?: InputFormat;
}

/** The mappings a run knows, and the folder their `files` globs are relative to: the config file's, else the current directory. */
export interface FileTableSetup extends TableSetup {
  baseDir: string;
}

/** No mapping known: the run was given no table. */
const NO_TABLES: { setup: FileTableSetup; plans: ReadonlyMap<string, TablePlan> } = { setup: { mappings: [], readyMade: [], baseDir: '.' }, plans: new Map() };

/** Bytes of a file read at a time. */
const CHUNK_BYTES = 256 * 1024;

/** A table file on disk, or standard input's CSV (no path: read once, as it comes), for the table intake. */
export function tableFile(display: string, absolute: string | undefined, baseDir: string, stdin?: AsyncIterable<Uint8Array>): TableFile {
  return {
    display,
    ...(absolute !== undefined ? { relative: path.relative(baseDir, absolute).split(path.sep).join('/') } : {}),
    chunks: () => stdin ?? (createReadStream(absolute!, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>),
    open: () => openRandomAccess(absolute!),
  };
}

/**
 * Each table input's plan (src/intake/table.ts): its header read, its mapping chosen and bound,
 * before any input's rows are read. A mapping meant for a file that does not fit it throws
 * ConfigError here, so the run stops (exit 2) before anything is linted.
 */
export async function planTables(inputs: readonly Input[], setup: FileTableSetup, limits: Partial<Limits> = {}): Promise<Map<string, TablePlan>> {
  const plans = new Map<string, TablePlan>();
  const resolved = resolveLimits(limits);
  for (const input of inputs) {
    if (input.absolute === undefined) continue;
    const format = formatOf(input.absolute);
    if (!format || !TABLE_FORMATS.includes(format)) continue;
    const head = await readHead(input.absolute);
    if ('failure' in head) continue; // the loader says why
    try {
      const { planTable } = await import('../intake/table.js');
      plans.set(input.display, await planTable(tableFile(input.display, input.absolute, setup.baseDir), format, setup, resolved));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      // Unreadable: the loader meets it again and says why.
    }
  }
  return plans;
}

export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute) || path.basename(absolute);
  return rel.split(path.sep).join('/');
}

export function formatOf(file: string): InputFormat | undefined {
  return formatOfName(path.basename(file));
}

/** Files a directory walk or glob leaves out: configuration files are not exports. */
function isConfigFile(name: string): boolean {
  return /\.config\.(json|ya?ml)$/i.test(name) || /^package(-lock)?\.json$/i.test(name);
}

function isReferralFile(name: string): boolean {
  // `~$book.xlsx` is the lock file Excel keeps beside a workbook it has open, no workbook.
  if (name.startsWith('~$')) return false;
  return (REFERRAL_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase()) && !isConfigFile(name);
}

/**
 * What a walk does with an entry: walks into a folder, lists a file, passes over a named
 * pipe, a socket or a device (they hold no saved export, and reading a pipe waits for a
 * writer). A symbolic link counts as what it leads to; one that leads nowhere (broken, or
 * looping) is listed, for the loader to say why it cannot be read rather than leave it out unseen.
 */
async function entryKind(entry: Dirent, full: string): Promise<'folder' | 'file' | 'other'> {
  const target = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
  if (!target) return 'file';
  return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
}

/** A folder that cannot be listed is listed itself, and failed with its reason by the loader. */
async function walk(dir: string, seen: Set<string>, out: string[]): Promise<void> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return; // a symlink loop, or the same folder twice
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    out.push(dir); // the loader says why: permission denied, or gone during the run
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    const kind = await entryKind(entry, full);
    if (kind === 'folder') await walk(full, seen, out);
    else if (kind === 'file' && isReferralFile(entry.name)) out.push(full);
  }
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Whether a glob's match is listed: what a walk passes over (a named pipe, a socket or a
 * device, reached through a symbolic link) is not; one that leads nowhere is, as in a walk.
 */
async function isListed(absolute: string): Promise<boolean> {
  const target = await stat(absolute).catch(() => undefined);
  return !target || target.isFile();
}

/** A file's real path: symbolic links resolved. One that leads nowhere has none, and stands for itself. */
const realPathOf = (absolute: string): Promise<string> => realpath(absolute).catch(() => absolute);

/**
 * The files one argument found (a walk's, a glob's), each real file once, in path order:
 * under its own path when the argument reached it so, else under the first path that did
 * (through symbolic links to folders or files, or a loop of them).
 */
async function eachOnce(files: readonly string[]): Promise<{ absolute: string; real: string }[]> {
  const byReal = new Map<string, string>();
  for (const absolute of [...files].sort(byPath)) {
    const real = await realPathOf(absolute);
    const kept = byReal.get(real);
    if (kept === undefined || (absolute === real && kept !== real)) byReal.set(real, absolute);
  }
  return [...byReal].map(([real, absolute]) => ({ absolute, real })).sort((a, b) => byPath(a.absolute, b.absolute));
}

/**
 * Expands arguments to input files, in order, each file once: a file that an earlier
 * argument listed, by any path, is not listed again (see eachOnce). An argument that
 * matches nothing is a usage error (exit 2), as in ESLint.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<Input[]> {
  const out: Input[] = [];
  /** Real paths listed. */
  const taken = new Set<string>();
  const add = ({ absolute, real }: { absolute: string; real: string }, found = true): void => {
    if (taken.has(real)) return;
    taken.add(real);
    out.push({ display: displayPath(absolute, cwd), absolute, ...(found ? { found } : {}) });
  };
  const unmatched: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      if (!taken.has('-')) out.push({ display: '-' });
      taken.add('-');
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory()) {
      const files: string[] = [];
      await walk(absolute, new Set(), files);
      if (files.length === 0) unmatched.push(arg);
      for (const file of await eachOnce(files)) add(file);
    } else if (info ?? (await lstat(absolute).catch(() => undefined))) {
      add({ absolute, real: await realPathOf(absolute) }, false); // named explicitly: read whatever its extension says, or fail it clearly (a broken symbolic link too)
    } else if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { cwd, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] }))
        .filter((f) => isReferralFile(path.basename(f)))
        .map((f) => path.resolve(f));
      const files: string[] = [];
      for (const file of matches) if (await isListed(file)) files.push(file);
      if (files.length === 0) unmatched.push(arg);
      for (const file of await eachOnce(files)) add(file);
    } else {
      unmatched.push(arg);
    }
  }
  if (unmatched.length > 0) {
    throw new UsageError(`No referral files match ${unmatched.map((a) => `'${a}'`).join(', ')} (looked for ${REFERRAL_EXTENSIONS.join(' ')})`);
  }
  return out;
}

/** Lines of standard input that decide its format (sniffFormat): a person's glance at the start of an export. */
export const SNIFF_LINES = 16;

/** Whether a line of text is a complete JSON value on its own. */
function isCompleteValue(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * The format of standard input, from its first text (`whole`: all of it), as a person
 * would tell it. Text that starts (after a byte order mark and blank space) with neither `{`
 * nor `[` is YAML. Otherwise it is NDJSON when its first non-blank lines (up to
 * SNIFF_LINES) are two or more and either the first is a complete JSON value on its own or
 * more than half of them are; else JSON. A valid JSON text never passes that test: its first
 * line opens what its last line closes, and a line that is a complete value (a list's last
 * element) is followed by one that is not (a closing bracket). So NDJSON whose first line is
 * broken is NDJSON, with that line failed, as in a `.ndjson` file. YAML flow style at the
 * top level (`{id: A}`) is read as broken JSON on purpose: a JSON export with a syntax error
 * must fail, not be reread as YAML.
 */
export function sniffFormat(text: string, whole = true): InputFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return 'yaml';
  // Lines end as NDJSON's do (src/parse/ndjson.ts): LF, CRLF or a CR alone.
  const lines = start.split(/\r\n?|\n/);
  if (!whole) lines.pop(); // cut off where reading stopped
  const first = lines.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
  if (first.length < 2) return 'json';
  const complete = first.map(isCompleteValue);
  return complete[0] || complete.filter(Boolean).length * 2 > first.length ? 'ndjson' : 'json';
}

/** Why a file could not be read, from the error met reading it; never its content. */
export function readErrorReason(error: unknown): string {
  if (error instanceof EncodingError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'cannot read the file: it does not exist (it may have been moved or deleted during the run)';
    case 'ELOOP':
      return 'cannot read the file: a symbolic link that loops (it leads back to itself)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read the file: permission denied';
    case 'EISDIR':
      return 'cannot read the file: it is a directory';
    default:
      return `cannot read the file${code ? ` (${code})` : ''}`;
  }
}

/** Bytes that put no text on a line: blank space, a byte order mark's, UTF-16's zero bytes. */
const BLANK_BYTES = new Set([0x20, 0x09, 0x0d, 0x00, 0xef, 0xbb, 0xbf, 0xfe, 0xff]);

/**
 * Standard input, read as a stream: its first bytes decide its encoding, as a file's do,
 * and its format (sniffFormat); then they and the rest go to that format's loader. `raw`
 * applies to NDJSON only: JSON from standard input is parsed here and its referrals go to
 * worker threads as objects.
 */
async function* loadStdin(file: string, stream: NodeJS.ReadableStream, raw: boolean, limits: Limits, named?: InputFormat): AsyncGenerator<LoadEvent> {
  const reader = new StdinReader(stream);
  // Read to its end however the reading ends (a failure, or the input proving no export), so the writer is not cut off.
  let drained = false;
  try {
    // Enough to decide: the bytes a file's encoding is decided from and SNIFF_LINES lines
    // with text in them, past any blank ones (more, to see past a long first line, up to
    // maxLineLength), or all of a shorter input. Lines are counted in bytes, roughly in
    // UTF-16: the count only says when to stop reading.
    const cap = Math.max(HEAD_BYTES, limits.maxLineLength);
    let lines = 0;
    let text = false;
    const { bytes, whole } = await reader.start((length, chunk) => {
      for (let i = 0; i < chunk.length && lines < SNIFF_LINES; i += 1) {
        const b = chunk[i]!;
        // A line ends at LF, CRLF or a CR alone (a CRLF's LF ends a line with no text).
        if (b === 0x0a || b === 0x0d) {
          if (text) lines += 1;
          text = false;
        } else if (!BLANK_BYTES.has(b)) text = true;
      }
      return length >= cap || (length >= HEAD_BYTES && lines >= SNIFF_LINES);
    });
    const found = detectEncoding(bytes.subarray(0, HEAD_BYTES), bytes.length < HEAD_BYTES);
    if ('failure' in found) {
      yield { kind: 'failed-file', file, reason: found.failure };
    } else {
      const head = found.encoding === 'utf-8' ? bytes.toString('utf8') : new TextDecoder(found.encoding).decode(bytes);
      const format = named ?? sniffFormat(head, whole);
      yield* loadText(file, format, found.encoding, reader.chunks(), raw && format === 'ndjson', limits);
    }
  } catch (error) {
    drained = true;
    await reader.drain().catch(() => undefined);
    throw error;
  } finally {
    if (!drained) await reader.drain();
  }
}

async function* loadOne(input: Input, options: LoadOptions): AsyncGenerator<LoadEvent> {
  const file = input.display;
  const limits = resolveLimits(options.limits);
  const raw = options.raw?.(input) ?? false;
  const tables = options.tables ?? NO_TABLES;
  if (input.absolute === undefined) {
    const format = options.stdinFormat;
    if (format && TABLE_FORMATS.includes(format)) {
      const { loadTable } = await import('../intake/table.js');
      yield* loadTable(tableFile(file, undefined, tables.setup.baseDir, (options.stdin ?? process.stdin) as AsyncIterable<Uint8Array>), format, undefined, tables.setup, limits);
      return;
    }
    yield* checkExport(loadStdin(file, options.stdin ?? process.stdin, raw, limits, format), limits);
    return;
  }
  // What the file is comes first (a pipe, a directory), then its name, then its encoding.
  const head = await readHead(input.absolute);
  if ('failure' in head) {
    yield { kind: 'failed-file', file, reason: head.failure };
    return;
  }
  const format = formatOf(input.absolute);
  if (!format) {
    yield { kind: 'failed-file', file, reason: `not a referral file: expected one of ${REFERRAL_EXTENSIONS.join(' ')}` };
    return;
  }
  if (TABLE_FORMATS.includes(format)) {
    // The table readers (and their packages) are loaded by the first table input: a run of JSON never loads them.
    const { loadTable } = await import('../intake/table.js');
    yield* loadTable(tableFile(file, input.absolute, tables.setup.baseDir), format, tables.plans.get(file), tables.setup, limits);
    return;
  }
  const text = detectEncoding(head.bytes, head.whole);
  if ('failure' in text) {
    yield { kind: 'failed-file', file, reason: text.failure };
    return;
  }
  const absolute = input.absolute;
  yield* checkExport(loadText(file, format, text.encoding, createReadStream(absolute, { highWaterMark: CHUNK_BYTES }), raw, limits), limits);
}

/** Why a named file that is no referral export fails: what it is instead. */
export function notExportFailure(reason: string): string {
  return `not a referral export: ${reason}`;
}

/**
 * The loader: an async iterator over every input's referrals and failures, in input order.
 * A file is announced (`file`) with its first event, so that one a walk or glob found and
 * that proves no referral export is never announced: it is a `skipped-file` instead. Named,
 * such a file is a failed file.
 */
export async function* loadInputs(inputs: readonly Input[], options: LoadOptions = {}): AsyncGenerator<LoadEvent> {
  for (const input of inputs) {
    const file = input.display;
    let announced = false;
    const announce = function* (): Generator<LoadEvent> {
      if (!announced) yield { kind: 'file', file };
      announced = true;
    };
    try {
      for await (const event of loadOne(input, options)) {
        if (event.kind === 'not-export') {
          if (input.found && !announced) {
            yield { kind: 'skipped-file', file, reason: event.brief ?? event.reason };
            announced = true;
          } else {
            yield* announce();
            yield { kind: 'failed-file', file, reason: notExportFailure(event.reason) };
          }
          continue;
        }
        yield* announce();
        yield event;
      }
      yield* announce();
    } catch (error) {
      // A mapping that does not fit standard input's header ends the run (exit 2), as for a file.
      if (error instanceof UsageError) throw error;
      yield* announce();
      yield { kind: 'failed-file', file, reason: readErrorReason(error) };
    }
  }
}
