// Where reports go: --format and --output-file pairs, in the order they were given, plus
// at most one format on stdout; and how an output file (a report, the --cache file) is
// written: atomically over a regular file or a new path, straight into a device or a named
// pipe, never over one of the inputs.
import { closeSync, constants, fchmodSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, write, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../model/errors.js';

export interface OutputTarget {
  format: string;
  /** Absent: stdout. */
  file?: string;
}

export type OutputFlag = { kind: 'format'; value: string } | { kind: 'output-file'; value: string };

/**
 * Pairs each --output-file with the --format given just before it. A --format with no
 * --output-file after it (before the next --format) goes to stdout; only one may. A lone
 * pair may come in either order (`-o report.json -f json`), and a lone --output-file
 * takes the default format.
 */
export function outputTargets(flags: readonly OutputFlag[], defaultFormat: string): OutputTarget[] {
  const formats = flags.filter((f) => f.kind === 'format');
  const files = flags.filter((f) => f.kind === 'output-file');
  if (formats.length <= 1 && files.length <= 1) {
    const format = formats[0]?.value ?? defaultFormat;
    return [files[0] ? { format, file: files[0].value } : { format }];
  }
  const targets: OutputTarget[] = [];
  for (const flag of flags) {
    if (flag.kind === 'format') {
      targets.push({ format: flag.value });
      continue;
    }
    const last = targets.at(-1);
    if (!last || last.file !== undefined) {
      throw new UsageError(`--output-file ${flag.value} has no --format before it: give each output file its format, as in -f json -o ${flag.value}`);
    }
    last.file = flag.value;
  }
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one format can go to stdout, but ${toStdout.map((t) => t.format).join(', ')} have no --output-file: give each but one an --output-file`);
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    const key = path.resolve(t.file);
    if (seen.has(key)) throw new UsageError(`--output-file ${t.file} is named twice`);
    seen.add(key);
  }
  return targets;
}

/**
 * Whether `file` is a regular file (a link to one counts) or nothing yet: a place where a
 * report file is made, so its folder may hold a temporary file beside it. A device or a named
 * pipe (-o /dev/null, -o /dev/stdout) is not: nothing of a run is made in /dev.
 */
export function isFileOrNew(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** `auto`: GitHub workflow commands under GitHub Actions, the terminal report elsewhere. */
export function resolveFormat(format: string, env: NodeJS.ProcessEnv): string {
  if (format !== 'auto') return format;
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish';
}

/** Why an output file was not written, when it is not an error of the system (those carry a code such as EACCES). */
export class OutputRefused extends Error {
  override name = 'OutputRefused';
}

/** What to say after "cannot write FILE: ": the refusal, or the system's error code. */
export function writeFailure(error: unknown): string {
  if (error instanceof OutputRefused) return error.message;
  return (error as NodeJS.ErrnoException).code ?? 'write error';
}

/**
 * The ways a file is known: its real path and, where the system gives one, its device and
 * inode, so a symbolic link, a hard link or a folder reached through a link is known as the
 * file it leads to. Empty when nothing is there.
 */
export function fileIdentities(file: string): string[] {
  const ids: string[] = [];
  try {
    ids.push(`path:${realpathSync(file)}`);
    const info = statSync(file, { bigint: true });
    if (info.ino !== 0n) ids.push(`inode:${info.dev}:${info.ino}`);
  } catch {
    // nothing there (yet): it cannot be an input
  }
  return ids;
}

/** The identities (fileIdentities) of all of `files`. */
export function identitiesOf(files: readonly string[]): Set<string> {
  return new Set(files.flatMap(fileIdentities));
}

/** Whether `file` is one of the files `inputs` (identitiesOf) names: by what the file is, not how it is named. */
export function isOneOf(file: string, inputs: ReadonlySet<string>): boolean {
  return fileIdentities(file).some((id) => inputs.has(id));
}

/**
 * Linux's rule for symbolic links in a shared folder (fs.protected_symlinks): in a folder
 * anyone may write to and only owners may delete from (/tmp), a link is followed only when
 * its owner is the one following it or owns the folder. Without it, a link planted there by
 * another user would choose which file a report replaces.
 */
export function mayFollowLink(link: { uid: number }, folder: { mode: number; uid: number }, euid: number | undefined): boolean {
  const shared = (folder.mode & 0o1000) !== 0 && (folder.mode & 0o002) !== 0; // sticky, and writable by others
  return euid === undefined || !shared || link.uid === euid || link.uid === folder.uid;
}

export interface WriteOptions {
  /** The text may hold personal values (--include-personal-data): a new file is readable by its owner only (0600). */
  personal?: boolean;
}

type Target = { kind: 'file'; path: string; mode?: number } | { kind: 'stream' };

/** What writing to `file` means: replacing a file (the one a symbolic link leads to), or writing into a device or named pipe. */
function targetOf(file: string): Target {
  let info: Stats;
  try {
    info = lstatSync(file);
  } catch (error) {
    // Nothing there: a new file (making its folder says why, if it cannot be made).
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return { kind: 'file', path: file };
    throw error;
  }
  let real = file;
  if (info.isSymbolicLink()) {
    if (!mayFollowLink(info, statSync(path.dirname(file)), process.geteuid?.())) {
      throw new OutputRefused('a symbolic link another user made in a shared folder: not followed; name the file it leads to');
    }
    try {
      info = statSync(file);
      real = realpathSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutputRefused('a symbolic link to a file that does not exist');
      throw error;
    }
  }
  if (info.isFile()) return { kind: 'file', path: real, mode: info.mode & 0o777 };
  if (info.isCharacterDevice() || info.isFIFO()) return { kind: 'stream' };
  if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file} is a directory`), { code: 'EISDIR' });
  const kind = info.isSocket() ? 'a socket' : info.isBlockDevice() ? 'a block device' : 'not a regular file';
  throw new OutputRefused(`${kind}, not a file, character device or named pipe: nothing was written`);
}

/**
 * Writes `text`, or the parts a ReportWriter puts in order, to `file`:
 * - a new path or a regular file: through a temporary file beside it and a rename, so no
 *   reader ever sees half of it; an existing file keeps its mode (permissions), a new one
 *   gets the usual mode, or 0600 with `personal`;
 * - a character device (/dev/null) or a named pipe: straight into it, never replacing it;
 * - a symbolic link: followed, and what it leads to written as above (the link stays),
 *   except a link to nothing, or one in a shared folder made by another user (mayFollowLink);
 * - a directory, a socket or a block device: refused.
 * A temporary file is removed if the write fails or the process is stopped by SIGINT,
 * SIGTERM or SIGHUP; one left by a process that was killed outright is removed by the next
 * write of the same file.
 */
export async function writeOutput(file: string, text: string | ReportWriter, options: WriteOptions = {}): Promise<void> {
  const produce: ReportWriter = typeof text === 'string' ? (put) => put(text) : text;
  const target = targetOf(file);
  if (target.kind === 'stream') {
    // No O_CREAT: if the node went away, this fails rather than leaving a half-written regular file.
    const handle = await open(file, constants.O_WRONLY);
    try {
      await produce(async (part) => {
        await handle.write(part);
      });
    } finally {
      await handle.close();
    }
    return;
  }
  const folder = path.dirname(target.path);
  mkdirSync(folder, { recursive: true });
  sweepStaleTemps(folder, path.basename(target.path));
  const temp = path.join(folder, tempName(path.basename(target.path), process.pid, Date.now()));
  // Made for the owner alone, and given the file's mode once written; a new file is made as
  // any file is (0666 less the umask), unless it holds personal data.
  const createMode = target.mode !== undefined || options.personal ? 0o600 : 0o666;
  trackTemporary(temp);
  try {
    // Made in this thread, so a signal cannot come between its making and its tracking.
    const fd = openSync(temp, 'wx', createMode);
    try {
      await produce((part) => writeAll(fd, part));
      if (target.mode !== undefined) fchmodSync(fd, target.mode);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target.path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    untrackTemporary(temp);
  }
}

/**
 * A report written in parts (src/run/spool.ts): it calls `put` with each part in order, and
 * waits for each before the next.
 */
export type ReportWriter = (put: (part: string) => Promise<void>) => Promise<void>;

/** Writes all of `text` to `fd`: a write may take less than it is given. */
async function writeAll(fd: number, text: string): Promise<void> {
  const bytes = Buffer.from(text);
  let done = 0;
  while (done < bytes.length) done += await new Promise<number>((resolve, reject) => write(fd, bytes, done, bytes.length - done, null, (error, n) => (error ? reject(error) : resolve(n))));
}

/** `.<name>.<pid>.<milliseconds>.tmp`: the temporary file of `name`, by the process that writes it. */
export function tempName(name: string, pid: number, ms: number): string {
  return `.${name}.${pid}.${ms}.tmp`;
}

const TEMP_NAME = /^\.(.+)\.([1-9]\d*)\.(\d+)\.tmp$/;

/**
 * Removes temporary files of `name` in `folder` that a process killed outright (SIGKILL, a
 * power cut) left: ours by their name, and only those whose process is gone. One of this
 * process's own id that it is not writing is from an earlier process given the same id (in
 * a container, every run may be process 1).
 */
export function sweepStaleTemps(folder: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = TEMP_NAME.exec(entry);
    if (!match || match[1] !== name) continue;
    const full = path.join(folder, entry);
    const pid = Number(match[2]);
    if (pending.has(full) || (pid !== process.pid && isLive(pid))) continue;
    try {
      if (lstatSync(full).isFile()) rmSync(full);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

function isLive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

// Temporary files being written (reports, key spills), removed if a signal stops the process first.
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let listening = false;

function onSignal(signal: NodeJS.Signals): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
  // Alone, this handler took the signal's usual effect away: end as a shell reports a process
  // stopped by it (128 + its number). With other handlers (a program using lint()), theirs decide.
  if (process.listenerCount(signal) === 1) process.exit(128 + os.constants.signals[signal]);
}

/** Removes `temp` if SIGINT, SIGTERM or SIGHUP stops the process before `untrackTemporary(temp)`. */
export function trackTemporary(temp: string): void {
  pending.add(temp);
  if (listening) return;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  // A process that ends while a run is under way (process.exit in a program using lint(), a test runner's worker) removes them too.
  process.on('exit', onExit);
  listening = true;
}

function onExit(): void {
  for (const temp of pending) rmSync(temp, { force: true });
  pending.clear();
}

export function untrackTemporary(temp: string): void {
  pending.delete(temp);
  if (pending.size > 0 || !listening) return;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', onExit);
  listening = false;
}
