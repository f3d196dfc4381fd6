import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress, formatEta, progressEnabled, type ProgressSettings } from '../src/cli/progress.js';
import { run } from './cli-run.js';
import { ROOT } from './temp-files.js';

/** A terminal-like stream that keeps what is written to it (readline's cursor calls only need write). */
class FakeTerminal extends Writable {
  chunks: string[] = [];
  isTTY = true;
  columns = 120;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const ESC = '\u001b';
const CURSOR_SAVE = `${ESC}7`;
const CURSOR_RESTORE = `${ESC}8`;
const LINE_START = `${ESC}[1G`;
const CLEAR_RIGHT = `${ESC}[0K`;
const CLEAR_LINE = `${ESC}[2K`;

function settings(overrides: Partial<ProgressSettings> = {}): ProgressSettings {
  return { stream: new FakeTerminal(), stderrIsTTY: true, stdoutIsTTY: true, env: {}, totalFiles: 4, ...overrides };
}

describe('progressEnabled', () => {
  const cases: Array<[string, Partial<ProgressSettings>, boolean]> = [
    ['both streams terminals', {}, true],
    ['stderr not a terminal', { stderrIsTTY: false }, false],
    ['stdout not a terminal (piped or redirected report)', { stdoutIsTTY: false }, false],
    ['neither a terminal', { stderrIsTTY: false, stdoutIsTTY: false }, false],
    ['no stream', { stream: undefined }, false],
    ['CI=true', { env: { CI: 'true' } }, false],
    ['CI=1', { env: { CI: '1' } }, false],
    ['CI=woodpecker', { env: { CI: 'woodpecker' } }, false],
    ['CI=false', { env: { CI: 'false' } }, true],
    ['CI=FALSE', { env: { CI: 'FALSE' } }, true],
    ['CI=0', { env: { CI: '0' } }, true],
    ['CI empty', { env: { CI: '' } }, true],
    ['--quiet', { quiet: true }, false],
    ['quiet false', { quiet: false }, true],
    ['--no-progress', { enabled: false }, false],
    ['enabled true', { enabled: true }, true],
    ['TERM=dumb', { env: { TERM: 'dumb' } }, false],
    ['TERM=xterm-256color', { env: { TERM: 'xterm-256color' } }, true],
    ['enabled true but stdout not a terminal', { enabled: true, stdoutIsTTY: false }, false],
  ];
  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(progressEnabled(settings(overrides))).toBe(expected);
  });
});

describe('formatEta', () => {
  it('shows seconds, minutes and hours, and -- when unknown', () => {
    expect(formatEta(undefined)).toBe('--');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('--');
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(2.2)).toBe('3s');
    expect(formatEta(65)).toBe('1m 05s');
    expect(formatEta(3 * 3600 + 7 * 60 + 9)).toBe('3h 07m');
  });
});

describe('createProgress', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Drives a run: a file and a few referrals per tick of the fake clock. */
  function drive(progress: ReturnType<typeof createProgress>, clock: { now: number }, files: number): void {
    for (let f = 0; f < files; f++) {
      progress.fileStarted(`exports/file-${f}.json`);
      for (let r = 0; r < 50; r++) {
        progress.referral();
        clock.now += 10;
      }
      progress.fileDone();
    }
  }

  it.each<[string, Partial<ProgressSettings>]>([
    ['stdout is not a terminal', { stdoutIsTTY: false }],
    ['stderr is not a terminal', { stderrIsTTY: false }],
    ['in CI', { env: { CI: 'true' } }],
    ['with --quiet', { quiet: true }],
    ['with --no-progress', { enabled: false }],
    ['on a dumb terminal', { env: { TERM: 'dumb' } }],
  ])('writes nothing when %s, however long the run', (_name, overrides) => {
    const stream = new FakeTerminal();
    const clock = { now: 0 };
    const progress = createProgress(settings({ stream, clock: () => clock.now, totalFiles: 20, ...overrides }));
    drive(progress, clock, 20); // 10 seconds of fake time, 1000 referrals
    progress.stop();
    expect(stream.chunks).toEqual([]);
  });

  it('writes nothing for a run shorter than the delay', () => {
    const stream = new FakeTerminal();
    const clock = { now: 0 };
    const progress = createProgress(settings({ stream, clock: () => clock.now, totalFiles: 2 }));
    drive(progress, clock, 1); // 500 ms
    clock.now = 999;
    progress.referral();
    progress.stop();
    expect(stream.chunks).toEqual([]);
  });

  it('appears after the delay with files, referrals, rate and ETA, and stop() clears its line', () => {
    const stream = new FakeTerminal();
    const stdoutWrite = vi.spyOn(process.stdout, 'write');
    const clock = { now: 0 };
    const progress = createProgress(settings({ stream, clock: () => clock.now, totalFiles: 4 }));

    progress.fileStarted('exports/a.json');
    progress.referral();
    progress.referral();
    progress.referral();
    clock.now = 500;
    progress.fileDone();
    progress.fileStarted('exports/b.json');
    expect(stream.chunks).toEqual([]);

    clock.now = 1000;
    progress.referral(); // 4 referrals in 1 s; 1 of 4 files done in 1 s: 3 s to go
    const first = '[=====---------------] 1/4 files | 4 referrals | 4/s | ETA 3s | exports/b.json';
    expect(stream.text).toBe(`${CURSOR_SAVE}${LINE_START}${first}${CLEAR_RIGHT}`);

    for (let i = 0; i < 6; i++) progress.referral(); // 10 referrals
    progress.fileDone();
    clock.now = 2000; // 2 of 4 files in 2 s: 2 s to go; 5 referrals a second
    progress.fileStarted('exports/c.json');
    stream.chunks = [];
    progress.stop();
    const last = '[==========----------] 2/4 files | 10 referrals | 5/s | ETA 2s | exports/c.json';
    expect(stream.text).toBe(`${LINE_START}${last}${CLEAR_RIGHT}${CURSOR_RESTORE}${LINE_START}${CLEAR_LINE}`);
    expect(stream.text.endsWith(`${LINE_START}${CLEAR_LINE}`)).toBe(true);
    expect(stdoutWrite).not.toHaveBeenCalled();

    // Stopped for good: nothing more is written.
    stream.chunks = [];
    progress.referral();
    progress.fileDone();
    progress.stop();
    expect(stream.chunks).toEqual([]);
  });

  it('follows bytes for the ETA when the total size is known', () => {
    const stream = new FakeTerminal();
    const clock = { now: 0 };
    const progress = createProgress(settings({ stream, clock: () => clock.now, totalFiles: 1, totalBytes: 1000, delayMs: 500 }));
    progress.fileStarted('big.ndjson');
    clock.now = 500;
    progress.referral(250); // a quarter of the bytes in 0.5 s: 1.5 s to go, shown as 2s
    expect(stream.text).toContain('0/1 files | 1 referrals | 2/s | ETA 2s | big.ndjson');
    progress.stop();
  });

  it('hands the bar new values at most ten times a second', () => {
    const update = vi.spyOn(cliProgress.SingleBar.prototype, 'update');
    const stream = new FakeTerminal();
    const clock = { now: 0 };
    const progress = createProgress(settings({ stream, clock: () => clock.now, totalFiles: 1000, delayMs: 0 }));
    progress.fileStarted('a.json'); // starts the bar (no delay)
    for (let i = 0; i < 1000; i++) {
      progress.referral();
      clock.now += 1; // 1000 referrals over 1 s of fake time
    }
    expect(update).toHaveBeenCalledTimes(9); // at 100, 200, ... 900 ms
    progress.stop();
    expect(update).toHaveBeenCalledTimes(10); // and the final values on stop
    expect(stream.text).toContain('0/1000 files | 1000 referrals | 1000/s | ETA -- | a.json');
  });

  it('never shows control characters from a file name, and keeps the end of a long one', () => {
    const stream = new FakeTerminal();
    const progress = createProgress(settings({ stream, clock: () => 0, delayMs: 0 }));
    progress.fileStarted(`evil\u001b]0;title\u0007.json`);
    expect(stream.text).toContain('| evil\\x1b]0;title\\x07.json');
    progress.fileStarted(`${'deep/'.repeat(20)}name.json`);
    progress.stop();
    expect(stream.text).toContain(`| …${`${'deep/'.repeat(20)}name.json`.slice(-39)}`);
  });
});

describe('the progress bar in the command line', () => {
  /** Lints the sample in-process as if on a terminal (both streams TTYs unless told), with no delay. */
  async function lintSample(args: string[], io: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    const bar = new FakeTerminal();
    const { code, stdout } = await run(ROOT, ['fixtures/', '--now', '2026-11-01T06:00:00Z', '--no-color', ...args], undefined, io.env ?? {}, {
      isTTY: io.stdoutIsTTY ?? true,
      stderrIsTTY: io.stderrIsTTY ?? true,
      progressStream: bar,
      progressDelayMs: 0,
    });
    return { code, stdout, bar: bar.text };
  }

  it('draws on stderr on a terminal, shows files and referrals, and clears itself', async () => {
    const { bar, code } = await lintSample([]);
    expect(code).toBe(1);
    expect(bar).toContain('3/3 files | 50 referrals');
    expect(bar.endsWith(CLEAR_LINE) || bar.includes(CLEAR_LINE)).toBe(true);
  });

  it.each([
    ['stdout is not a terminal', [], { stdoutIsTTY: false }],
    ['stderr is not a terminal', [], { stderrIsTTY: false }],
    ['CI=true', [], { env: { CI: 'true' } }],
    ['--no-progress', ['--no-progress'], {}],
    ['--quiet', ['--quiet'], {}],
  ] as const)('never appears when %s, and stdout is the same report', async (_name, args, io) => {
    const plain = await lintSample([...args, '--no-progress'], { stdoutIsTTY: false });
    const run = await lintSample([...args], io);
    expect(run.bar).toBe('');
    expect(run.stdout).toBe(plain.stdout);
  });
});
