// Pairing --format with --output-file, format auto, atomic writes, and output files in odd
// places: links to inputs, devices, named pipes, modes, signals, a failing stdout.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, closeSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mayFollowLink, outputTargets, resolveFormat, writeOutput, type OutputFlag } from '../src/run/outputs.js';
import { run } from './cli-run.js';
import { otherChild } from './helpers.js';
import { ROOT, useTempDirs, write } from './temp-files.js';

const f = (value: string): OutputFlag => ({ kind: 'format', value });
const o = (value: string): OutputFlag => ({ kind: 'output-file', value });

describe('output targets', () => {
  it('defaults to one report on stdout', () => {
    expect(outputTargets([], 'stylish')).toEqual([{ format: 'stylish' }]);
    expect(outputTargets([f('json')], 'stylish')).toEqual([{ format: 'json' }]);
  });

  it('pairs a lone format and file in either order, and gives a lone file the default format', () => {
    expect(outputTargets([f('json'), o('r.json')], 'stylish')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(outputTargets([o('r.json'), f('json')], 'stylish')).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(outputTargets([o('r.txt')], 'stylish')).toEqual([{ format: 'stylish', file: 'r.txt' }]);
  });

  it('pairs each file with the format just before it, and sends the one format without a file to stdout', () => {
    expect(outputTargets([f('json'), o('report.json'), f('html'), o('report.html'), f('stylish')], 'stylish')).toEqual([
      { format: 'json', file: 'report.json' },
      { format: 'html', file: 'report.html' },
      { format: 'stylish' },
    ]);
    expect(outputTargets([f('stylish'), f('sarif'), o('r.sarif')], 'stylish')).toEqual([{ format: 'stylish' }, { format: 'sarif', file: 'r.sarif' }]);
  });

  it('refuses two formats on stdout, a file without a format before it, and one file named twice', () => {
    expect(() => outputTargets([f('json'), f('html'), f('sarif'), o('x')], 'stylish')).toThrow(
      'only one format can go to stdout, but json, html have no --output-file: give each but one an --output-file',
    );
    expect(() => outputTargets([o('a.json'), o('b.json'), f('json')], 'stylish')).toThrow('--output-file a.json has no --format before it');
    expect(() => outputTargets([f('json'), o('x.out'), f('csv'), o('x.out')], 'stylish')).toThrow('--output-file x.out is named twice');
  });

  it('format auto is github under GitHub Actions and stylish elsewhere', () => {
    expect(resolveFormat('auto', { GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(resolveFormat('auto', {})).toBe('stylish');
    expect(resolveFormat('auto', { GITHUB_ACTIONS: 'false', CI: 'true' })).toBe('stylish');
    expect(resolveFormat('json', { GITHUB_ACTIONS: 'true' })).toBe('json');
  });
});

describe('atomic writes', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-out-'));
    temps.push(dir);
    return dir;
  };

  it('replaces the file whole, creates missing directories, and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'reports', 'r.json');
    await writeOutput(file, 'first');
    await writeOutput(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(path.dirname(file))).toEqual(['r.json']);
  });

  it('leaves no temporary file behind when the rename fails', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'is-a-directory');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep'), '');
    await expect(writeOutput(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['is-a-directory']);
  });
});

describe('a report too large to build', () => {
  it('is a usage error with advice (exit 2), not an internal error', async () => {
    // The CLI imports only the reporters it needs (src/report/load.ts), so the JSON report's
    // own JSON.stringify of the whole result is made to fail as a 600 MB one would.
    // json is written as the run goes (src/run/spool.ts) unless --baseline asks for every finding's comparison: then it is one string.
    const dir = outTemp();
    expect((await run(ROOT, ['fixtures/', '-f', 'json', '--now', '2026-11-01T06:00:00Z', '-o', path.join(dir, 'base.json')])).code).toBe(1);
    const stringify = JSON.stringify;
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation(function (this: unknown, value: unknown, ...rest: unknown[]) {
      if (value !== null && typeof value === 'object' && 'summary' in value && 'files' in value && rest[1] === 2) throw new RangeError('Invalid string length');
      return (stringify as (...args: unknown[]) => string).call(JSON, value, ...rest);
    } as typeof JSON.stringify);
    try {
      const { code, stdout, stderr } = await run(ROOT, ['fixtures/', '-f', 'json', '--now', '2026-11-01T06:00:00Z', '--baseline', path.join(dir, 'base.json')]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('referral-lint: the json report of 50 referrals is too large to build in memory: use -f csv-agencies or -f markdown for a summary, or lint the export in parts\n');
    } finally {
      spy.mockRestore();
    }
  });
});

// ---------------------------------------------------------------------------------------
// Output files in hostile places: links to inputs, devices, named pipes, modes, signals.

const outTemp = useTempDirs('outputs');
const CLI = path.join(ROOT, 'bin/referral-lint.js');
const NOW = '2026-11-01T09:00:00Z';

/** Clean referrals about different children: a run over them exits 0. */
const cleanExport = (n: number): string => JSON.stringify(Array.from({ length: n }, (_, i) => otherChild(`REF-${i}`)));

/** Temporary files of ours (src/run/outputs.ts names them `.<file>.<pid>.<ms>.tmp`) in a folder. */
const temporaries = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

/** Child processes of a test, ended after it if they are still running (a failed test may leave one waiting). */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The built command in a child process; `stdout` as spawn takes it. */
function spawnCli(cwd: string, args: string[], options: { stdout?: 'pipe' | number; nodeArgs?: string[] } = {}): ChildProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { cwd, stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Waits for the child's end: its exit code (null when a signal ended it) and its stderr. */
function ended(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('an output is never written over an input, however either is named', () => {
  /** real/a.ndjson, the folder link link/ -> real/, a file link alias.ndjson and a hard link hard.ndjson to it. */
  function linked(): { dir: string; input: string; text: string } {
    const dir = outTemp();
    const text = `${JSON.stringify(otherChild('REF-1'))}\n`;
    write(dir, 'real/a.ndjson', text);
    symlinkSync('real', path.join(dir, 'link'));
    symlinkSync('real/a.ndjson', path.join(dir, 'alias.ndjson'));
    linkSync(path.join(dir, 'real/a.ndjson'), path.join(dir, 'hard.ndjson'));
    return { dir, input: path.join(dir, 'real/a.ndjson'), text };
  }

  it.each([
    ['link/a.ndjson', 'real/a.ndjson'],
    ['real/a.ndjson', 'link/a.ndjson'],
    ['real/a.ndjson', 'alias.ndjson'],
    ['alias.ndjson', 'real/a.ndjson'],
    ['real/a.ndjson', 'hard.ndjson'],
  ])('linting %s, refuses -o %s (the same file) with exit 2, and leaves the export alone', async (input, output) => {
    const { dir, input: real, text } = linked();
    const r = await run(dir, [input, '--now', NOW, '-f', 'json', '-o', output]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `referral-lint: --output-file ${output} is one of the inputs: refusing to write a report over an export\n`]);
    expect(readFileSync(real, 'utf8')).toBe(text);
    expect(lstatSync(path.join(dir, output)).isFile() || lstatSync(path.join(dir, output)).isSymbolicLink()).toBe(true);
  });

  it('refuses a --cache-location that is an input reached through a link, and leaves it alone', async () => {
    const { dir, input, text } = linked();
    const r = await run(dir, ['link/a.ndjson', '--now', NOW, '--cache-location', 'real/a.ndjson']);
    expect([r.code, r.stderr]).toEqual([2, 'referral-lint: --cache-location real/a.ndjson: is one of the inputs\n']);
    expect(readFileSync(input, 'utf8')).toBe(text);
  });
});

describe('-o into devices, named pipes and symbolic links', () => {
  it('writes into /dev/null, which stays the character device it was', async () => {
    const before = statSync('/dev/null');
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', '/dev/null']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    const after = lstatSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect([after.rdev, after.ino]).toEqual([before.rdev, before.ino]);
  });

  it('writes into a named pipe, read by another process, which stays a named pipe', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(2));
    const fifo = path.join(dir, 'report.pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(reader);
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (t: string) => (read += t));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'report.pipe']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    await readerDone;
    const expected = await run(dir, ['r.json', '--now', NOW, '-f', 'json']);
    expect(read).toBe(expected.stdout);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'report.pipe']);
  });

  it('follows a symbolic link to a report: the file it leads to is replaced, the link stays', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    write(dir, 'reports/2026-10.json', 'last month');
    symlinkSync('reports/2026-10.json', path.join(dir, 'latest.json'));
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'latest.json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readlinkSync(path.join(dir, 'latest.json'))).toBe('reports/2026-10.json');
    expect(JSON.parse(readFileSync(path.join(dir, 'reports/2026-10.json'), 'utf8'))).toMatchObject({ summary: { referrals: 1 } });
    expect(readdirSync(path.join(dir, 'reports'))).toEqual(['2026-10.json']);
    expect(readdirSync(dir).sort()).toEqual(['latest.json', 'r.json', 'reports']);
  });

  it('refuses a symbolic link that leads nowhere, and a socket, leaving them as they were', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    symlinkSync('missing/report.json', path.join(dir, 'gone.json'));
    const dangling = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'gone.json']);
    expect([dangling.code, dangling.stderr]).toEqual([2, 'referral-lint: cannot write --output-file gone.json: a symbolic link to a file that does not exist\n']);
    expect(readlinkSync(path.join(dir, 'gone.json'))).toBe('missing/report.json');
    const server = net.createServer().listen(path.join(dir, 'report.sock'));
    await once(server, 'listening');
    try {
      const socket = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'report.sock']);
      expect([socket.code, socket.stderr]).toEqual([2, 'referral-lint: cannot write --output-file report.sock: a socket, not a file, character device or named pipe: nothing was written\n']);
      expect(lstatSync(path.join(dir, 'report.sock')).isSocket()).toBe(true);
    } finally {
      server.close();
    }
    expect(temporaries(dir)).toEqual([]);
  });

  it('does not follow a link another user made in a shared folder such as /tmp (as Linux\'s protected_symlinks)', () => {
    const tmp = { mode: 0o41777, uid: 0 }; // sticky, writable by all, root's
    expect(mayFollowLink({ uid: 1001 }, tmp, 1000)).toBe(false);
    expect(mayFollowLink({ uid: 1000 }, tmp, 1000)).toBe(true); // one's own link
    expect(mayFollowLink({ uid: 0 }, tmp, 1000)).toBe(true); // the folder owner's
    expect(mayFollowLink({ uid: 1001 }, { mode: 0o40755, uid: 1000 }, 1000)).toBe(true); // not a shared folder
    expect(mayFollowLink({ uid: 1001 }, { mode: 0o41755, uid: 1000 }, 1000)).toBe(true); // sticky, but only its owner writes there
    expect(mayFollowLink({ uid: 1001 }, { mode: 0o40777, uid: 1000 }, 1000)).toBe(true); // anyone may rename there anyway
  });

  it('says a full device is full: -o /dev/full is exit 2 with one line', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', '/dev/full']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'referral-lint: cannot write --output-file /dev/full: ENOSPC\n']);
  });
});

describe('the mode of a report file', () => {
  const mode = (file: string): number => statSync(file).mode & 0o777;

  it.each([[[]], [['--include-personal-data']]])('keeps an existing report\'s mode when it replaces it (flags %j)', async (flags) => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    for (const kept of [0o600, 0o640, 0o604]) {
      write(dir, 'report.json', 'earlier');
      chmodSync(path.join(dir, 'report.json'), kept);
      const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'report.json', ...flags]);
      expect(r.code).toBe(0);
      expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).not.toBe('earlier');
      expect(mode(path.join(dir, 'report.json'))).toBe(kept);
    }
  });

  it('makes a new report with personal data readable by its owner only (0600), and another as any new file', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    write(dir, 'usual', '');
    expect((await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'personal.json', '--include-personal-data'])).code).toBe(0);
    expect((await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'plain.json'])).code).toBe(0);
    expect(mode(path.join(dir, 'personal.json'))).toBe(0o600);
    expect(mode(path.join(dir, 'plain.json'))).toBe(mode(path.join(dir, 'usual')));
  });
});

describe('temporary files of an interrupted write', () => {
  it('removes those a killed run left (ours by name, whose process is gone) when it writes the same file, and keeps the rest', async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has ended
    const stale = [`.report.json.${gone}.1767225600000.tmp`, `.report.json.${process.pid}.1767225600000.tmp`]; // the second: an earlier process with this one's id
    const kept = [
      `.report.json.${process.ppid}.1767225600000.tmp`, // its process is alive
      `.other.json.${gone}.1767225600000.tmp`, // another file's: swept when that file is written
      '.report.json.tmp',
      `report.json.${gone}.1767225600000.tmp`,
      `.report.json.${gone}.tmp`,
    ];
    for (const name of [...stale, ...kept]) write(dir, name, 'half a report');
    const r = await run(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'report.json']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'report.json', ...kept].sort());
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('removes the temporary file when %s stops the run while it writes, and exits %i', { timeout: 60_000 }, async (signal, exitCode) => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    mkdirSync(path.join(dir, 'out'));
    // The preload makes the report's write never finish: the signal surely comes while it is under way.
    const child = spawnCli(dir, ['r.json', '--now', NOW, '-f', 'json', '-o', 'out/report.json'], { nodeArgs: ['--import', pathToFileURL(path.join(ROOT, 'test/stall-writes.mjs')).href] });
    const end = ended(child);
    // The JSON report is written as the run goes: its spool (`.referral-lint-spool.<pid>.<ms>.tmp`) is beside it until the end.
    const spool = new RegExp(`^\\.referral-lint-spool\\.${child.pid}\\.\\d+\\.tmp$`);
    const reports = (): string[] => temporaries(path.join(dir, 'out')).filter((name) => !spool.test(name));
    while (reports().length === 0 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(reports()).toEqual([expect.stringMatching(new RegExp(`^\\.report\\.json\\.${child.pid}\\.\\d+\\.tmp$`))]);
    expect(temporaries(path.join(dir, 'out')).filter((name) => spool.test(name))).toHaveLength(1);
    child.kill(signal);
    expect(await end).toEqual({ code: exitCode, stderr: '' });
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('standard output that fails (the built command in a child process)', () => {
  it('ends quietly, with the run\'s own exit code, when the reader goes away (EPIPE, as with | head -c 100)', { timeout: 60_000 }, async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(400)); // a JSON report far larger than a pipe holds
    const child = spawnCli(dir, ['r.json', '--now', NOW, '-f', 'json']);
    const end = ended(child);
    let read = 0;
    child.stdout!.once('data', (chunk: Buffer) => {
      read = chunk.length;
      child.stdout!.destroy();
    });
    expect(await end).toEqual({ code: 0, stderr: '' });
    expect(read).toBeGreaterThan(0);
  });

  it('says in one line that it could not write (ENOSPC: stdout is /dev/full), exit 2, no stack trace', { timeout: 60_000 }, async () => {
    const dir = outTemp();
    write(dir, 'r.json', cleanExport(1));
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawnCli(dir, ['r.json', '--now', NOW, '-f', 'json'], { stdout: full });
      expect(await ended(child)).toEqual({ code: 2, stderr: 'referral-lint: cannot write the report to standard output: ENOSPC\n' });
    } finally {
      closeSync(full);
    }
  });
});
