// Where reports go: --format and --output-file pairs, in the order they were given, plus
// at most one format on stdout. Output files are written atomically.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

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

/** `auto`: GitHub workflow commands under GitHub Actions, the terminal report elsewhere. */
export function resolveFormat(format: string, env: NodeJS.ProcessEnv): string {
  if (format !== 'auto') return format;
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'stylish';
}

/** Writes via a temporary file in the same directory and a rename, so no reader ever sees half a report. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
