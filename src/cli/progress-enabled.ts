// Whether a run shows the progress bar (src/cli/progress.ts draws it). Apart from the bar, so
// that a run without one (a pipe, CI, a short run's settings) never loads cli-progress.

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

export const NO_PROGRESS: Progress = { fileStarted() {}, fileDone() {}, referral() {}, stop() {} };
