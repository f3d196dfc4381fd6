// Turns command-line arguments into referrals: files, directories and globs in the order
// given, directories walked in sorted path order, each file read by its format.
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { createReadStream } from 'node:fs';
import { loadJsonStream, loadJsonText } from './json.js';
import { loadNdjsonFile, loadNdjsonStream } from './ndjson.js';
import { loadYamlFile, loadYamlStream, loadYamlText } from './yaml.js';
import { decodeUtf16, detectEncoding, EncodingError, HEAD_BYTES, readHead } from './encoding.js';
import { resolveLimits, type Limits } from './limits.js';
import { REFERRAL_EXTENSIONS, type InputFormat, type LoadEvent } from './types.js';

export * from './types.js';

export interface Input {
  /** As reports show it: relative to the current directory, forward slashes; `-` for stdin. */
  display: string;
  /** Absolute path; undefined for stdin. */
  absolute?: string;
}

export interface LoadOptions {
  cwd?: string;
  stdin?: NodeJS.ReadableStream;
  /** Resource limits (src/load/limits.ts), over the defaults. */
  limits?: Partial<Limits>;
  /** NDJSON and JSON files whose referrals are handed on unparsed (raw-referral events), for worker threads. */
  raw?: (input: Input) => boolean;
}

export function displayPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute) || path.basename(absolute);
  return rel.split(path.sep).join('/');
}

export function formatOf(file: string): InputFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  return undefined;
}

/** Files a directory walk or glob leaves out: configuration files are not exports. */
function isConfigFile(name: string): boolean {
  return /\.config\.(json|ya?ml)$/i.test(name) || /^package(-lock)?\.json$/i.test(name);
}

function isReferralFile(name: string): boolean {
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
 * Expands arguments to input files, in order, each file once. An argument that matches
 * nothing is a usage error (exit 2), as in ESLint.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<Input[]> {
  const out: Input[] = [];
  const taken = new Set<string>();
  const add = (absolute: string): void => {
    if (taken.has(absolute)) return;
    taken.add(absolute);
    out.push({ display: displayPath(absolute, cwd), absolute });
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
      files.sort(byPath).forEach(add);
    } else if (info ?? (await lstat(absolute).catch(() => undefined))) {
      add(absolute); // named explicitly: read whatever its extension says, or fail it clearly (a broken symbolic link too)
    } else if (isDynamicPattern(arg)) {
      const files = (await glob(arg, { cwd, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] }))
        .filter((f) => isReferralFile(path.basename(f)))
        .map((f) => path.resolve(f))
        .sort(byPath);
      if (files.length === 0) unmatched.push(arg);
      files.forEach(add);
    } else {
      unmatched.push(arg);
    }
  }
  if (unmatched.length > 0) {
    throw new UsageError(`No referral files match ${unmatched.map((a) => `'${a}'`).join(', ')} (looked for ${REFERRAL_EXTENSIONS.join(' ')})`);
  }
  return out;
}

/**
 * Standard input, read whole and decoded as a file would be (PowerShell pipes UTF-16): its
 * text, or why it is not text referral-lint reads.
 */
async function readStdin(stream: NodeJS.ReadableStream): Promise<{ text: string } | { failure: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const bytes = Buffer.concat(chunks);
  const found = detectEncoding(bytes.subarray(0, HEAD_BYTES), bytes.length <= HEAD_BYTES);
  if ('failure' in found) return found;
  if (found.encoding === 'utf-8') return { text: bytes.toString('utf8') };
  const pieces: string[] = [];
  for await (const piece of decodeUtf16(Readable.from([bytes]), found.encoding)) pieces.push(piece);
  return { text: pieces.join('') };
}

/**
 * stdin: text starting with `{` or `[` is JSON, or NDJSON when its lines stand alone as
 * JSON; anything else is YAML. YAML flow style at the top level (`{id: A}`) is read as
 * broken JSON on purpose: a JSON export with a syntax error must fail, not be reread as YAML.
 */
export function sniffFormat(text: string): InputFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return 'yaml';
  try {
    JSON.parse(start);
    return 'json';
  } catch {
    const lines = start.split(/\r?\n/).filter((l) => l.trim() !== '');
    const parses = (line: string): boolean => {
      try {
        JSON.parse(line);
        return true;
      } catch {
        return false;
      }
    };
    // NDJSON when most lines stand alone (a broken line is then reported on its own).
    return lines.length > 1 && parses(lines[0]!) && lines.filter(parses).length * 2 > lines.length ? 'ndjson' : 'json';
  }
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

async function* loadOne(input: Input, options: LoadOptions): AsyncGenerator<LoadEvent> {
  const file = input.display;
  const limits = resolveLimits(options.limits);
  if (input.absolute === undefined) {
    const read = await readStdin(options.stdin ?? process.stdin);
    if ('failure' in read) {
      yield { kind: 'failed-file', file, reason: read.failure };
      return;
    }
    const { text } = read;
    const format = sniffFormat(text);
    if (format === 'json') yield* loadJsonText(file, text, limits);
    else if (format === 'yaml') yield* loadYamlText(file, text, limits);
    else yield* loadNdjsonStream(file, Readable.from([text]), false, limits);
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
  const text = detectEncoding(head.bytes, head.whole);
  if ('failure' in text) {
    yield { kind: 'failed-file', file, reason: text.failure };
    return;
  }
  if (text.encoding !== 'utf-8') {
    // UTF-16, decoded as it is read: the loaders see UTF-8 text, positions count its characters.
    const { absolute } = input;
    const encoding = text.encoding;
    const chunks = decodeUtf16(createReadStream(absolute, { highWaterMark: 256 * 1024 }), encoding);
    const raw = options.raw?.(input) ?? false;
    if (format === 'ndjson') yield* loadNdjsonStream(file, chunks, raw, limits);
    else if (format === 'json') yield* loadJsonStream(file, chunks, raw, limits);
    else yield* loadYamlStream(file, chunks, limits);
    return;
  }
  if (format === 'ndjson') {
    yield* loadNdjsonFile(file, input.absolute, options.raw?.(input) ?? false, limits);
    return;
  }
  if (format === 'json') {
    const absolute = input.absolute;
    yield* loadJsonStream(file, createReadStream(absolute, { highWaterMark: 256 * 1024 }), options.raw?.(input) ?? false, limits);
    return;
  }
  yield* loadYamlFile(file, input.absolute, limits);
}

/** The loader: an async iterator over every input's referrals and failures, in input order. */
export async function* loadInputs(inputs: readonly Input[], options: LoadOptions = {}): AsyncGenerator<LoadEvent> {
  for (const input of inputs) {
    yield { kind: 'file', file: input.display };
    try {
      yield* loadOne(input, options);
    } catch (error) {
      yield { kind: 'failed-file', file: input.display, reason: readErrorReason(error) };
    }
  }
}
