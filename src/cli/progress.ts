// A progress bar on stderr for long runs: files done, referrals, referrals per second and ETA.
// Interactive terminals only, and only once a run has lasted a second, so short runs, pipes,
// redirects and CI logs never see it. It writes to the stream it is given (stderr), never to
// stdout, and shows counts and the current file's name: never a file's contents or a referral's values.
import cliProgress from 'cli-progress';
import { printable } from '../report/printable.js';

export interface ProgressSettings {
  /** Where the bar goes: stderr. Undefined: no bar. */
  stream: NodeJS.WritableStream | undefined;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** --quiet: no bar. */
  quiet?: boolean;
  /** false with --no-progress. */
  enabled?: boolean;
  /** Input files of the run (from expandInputs). */
  totalFiles: number;
  /** Total size of the inputs, when known: the ETA then follows bytes (see Progress.referral). */
  totalBytes?: number;
  /** Milliseconds; default Date.now. */
  clock?: () => number;
  /** The bar appears only once the run has lasted this long (default 1000 ms). */
  delayMs?: number;
}

export interface Progress {
  /** A file starts (its display name, shown in the bar). */
  fileStarted(file: string): void;
  /** The file last started is finished (read and linted, or failed). */
  fileDone(): void;
  /** A referral was linted; bytesSoFar: bytes of input consumed in the whole run so far, when known. */
  referral(bytesSoFar?: number): void;
  /** Ends the bar and clears its line. Call before anything else is written to the terminal. */
  stop(): void;
}

/** A set CI variable means CI, except the explicit "false" and "0". */
function isCI(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * Both stdout and stderr must be terminals: a report piped or redirected from stdout marks a
 * scripted run, and the bar stays off even though stderr would still show it. Also off in CI,
 * with --quiet, with --no-progress and on TERM=dumb terminals.
 */
export function progressEnabled(settings: ProgressSettings): boolean {
  return (
    settings.stream !== undefined &&
    settings.stderrIsTTY &&
    settings.stdoutIsTTY &&
    !isCI(settings.env) &&
    settings.quiet !== true &&
    settings.enabled !== false &&
    settings.env.TERM !== 'dumb'
  );
}

const NO_PROGRESS: Progress = { fileStarted() {}, fileDone() {}, referral() {}, stop() {} };

const FPS = 10;
const FORMAT = '[{bar}] {value}/{total} files | {referrals} referrals | {rate}/s | ETA {eta_text} | {file}';

/** cli-progress redraws on a timer; unref it so that a bar never keeps the process alive. */
class Bar extends cliProgress.SingleBar {
  override render(): void {
    super.render();
    (this as unknown as { timer?: { unref?: () => void } | null }).timer?.unref?.();
  }
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.ceil(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${two(Math.floor((s % 3600) / 60))}m`;
}

/** A file name as the bar shows it: control characters escaped (no terminal escapes), the end kept when long. */
function shownName(file: string): string {
  const clean = printable(file);
  return clean.length > 40 ? `…${clean.slice(-39)}` : clean;
}

export function createProgress(settings: ProgressSettings): Progress {
  if (!progressEnabled(settings)) return NO_PROGRESS;
  const clock = settings.clock ?? Date.now;
  const delayMs = settings.delayMs ?? 1000;
  const totalFiles = Math.max(0, settings.totalFiles);
  const totalBytes = settings.totalBytes ?? 0;
  const startedAt = clock();
  let filesDone = 0;
  let referrals = 0;
  let bytes = 0;
  let file = '';
  let bar: Bar | undefined;
  let lastPush = -Infinity;
  let stopped = false;

  const payload = (now: number): Record<string, string | number> => {
    const elapsed = Math.max(0, now - startedAt) / 1000;
    const fraction = Math.min(1, totalBytes > 0 && bytes > 0 ? bytes / totalBytes : totalFiles > 0 ? filesDone / totalFiles : 0);
    return {
      referrals,
      rate: elapsed > 0 ? Math.round(referrals / elapsed) : 0,
      eta_text: formatEta(fraction > 0 ? (elapsed * (1 - fraction)) / fraction : undefined),
      file: shownName(file),
    };
  };

  /** Starts the bar once the delay has passed; then hands it fresh values at most FPS times a second. */
  const push = (force = false): void => {
    if (stopped) return;
    const now = clock();
    if (!bar) {
      if (now - startedAt < delayMs) return;
      bar = new Bar({
        stream: settings.stream,
        format: FORMAT,
        fps: FPS,
        barsize: 20,
        clearOnComplete: true, // stop() leaves the terminal as it found it
        linewrap: true, // cut to the terminal's width rather than wrap
        hideCursor: false, // nothing to restore if the run is killed
        emptyOnZero: true,
      });
      bar.start(totalFiles, filesDone, payload(now));
      lastPush = now;
      return;
    }
    if (!force && now - lastPush < 1000 / FPS) return;
    lastPush = now;
    bar.update(filesDone, payload(now));
  };

  return {
    fileStarted(name) {
      file = name;
      push();
    },
    fileDone() {
      filesDone = Math.min(totalFiles, filesDone + 1);
      push();
    },
    referral(bytesSoFar) {
      referrals += 1;
      if (bytesSoFar !== undefined && bytesSoFar > bytes) bytes = bytesSoFar;
      push();
    },
    stop() {
      if (stopped) return;
      if (bar) {
        push(true);
        bar.stop();
      }
      stopped = true;
    },
  };
}
