// Runs the command line in-process, as the tests drive it: arguments in, exit code and output out.
import type { Readable } from 'node:stream';
import { main, type CliIO } from '../src/cli/cli.js';
import { NOW } from './helpers.js';
import type { LintResult } from '../src/model/types.js';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `io` overrides the rest of the terminal (TTY flags, width, the progress bar's stream). */
export async function run(cwd: string, args: string[], stdin?: Readable | NodeJS.ReadableStream, env: NodeJS.ProcessEnv = {}, io: Partial<CliIO> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'referral-lint', ...args], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd,
    env,
    isTTY: false,
    ...(stdin ? { stdin } : {}),
    ...io,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs with --format json and --now pinned, and parses the report (the LintResult, serialised). */
export async function runJson(cwd: string, args: string[], stdin?: NodeJS.ReadableStream): Promise<Run & { report: LintResult }> {
  const r = await run(cwd, [...args, '--format', 'json', '--now', NOW], stdin);
  return { ...r, report: JSON.parse(r.stdout) as LintResult };
}
