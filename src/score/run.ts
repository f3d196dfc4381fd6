// A run's rules and scores together: the runner (src/engine/runner.ts) checks each referral
// and hands its record to the tally, which scores it, and to the list the run's reports keep.
import type { ResolvedConfig } from '../config/resolve.js';
import type { KeySpill } from '../domain/key-store.js';
import { checkReferrals, type CheckPool, type RunSink } from '../engine/runner.js';
import type { CacheView, FileRecord, InternalError, KeepReferrals, ReferralListing, ReferralRecord, ReferralStream, RunProgress, SkippedFileRecord } from '../model/types.js';
import { referralResults } from './referral-result.js';
import type { LoadEvent } from '../parse/types.js';
import { RunTally, type FileTally } from './tally.js';
import { activeTimings } from '../model/timing.js';
import { DEFAULT_MAX_LISTED, worstReferrals } from './listing.js';

export interface RunRecord {
  files: FileRecord[];
  /** The referrals kept (ScoreOptions.keep): all of them by default, selected by `only` or not. */
  referrals: ReferralRecord[];
  internalErrors: InternalError[];
  /** Files a walk or glob found that are no referral export, left out. */
  skipped: SkippedFileRecord[];
  /** Every referral's score, by agency, sector and dimension, kept or not. */
  tally: RunTally;
  /** With `only` (--agency): the referrals of other agencies or sectors, linted but neither scored nor kept. */
  leftOut: { referrals: number; agencies: number };
  /** With keep 'worst': the counts behind the referrals kept, for the html and markdown reports. */
  listing?: ReferralListing;
}

export interface ScoreOptions {
  progress?: RunProgress;
  cache?: CacheView;
  keep?: KeepReferrals;
  pool?: CheckPool;
  /** With keep 'worst': how many referrals with findings to keep (0: every one). */
  maxListed?: number;
  /** Told of each selected referral in report form once it is scored (reports written as the run goes). */
  stream?: ReferralStream;
  /** Where batch rules' key stores keep their keys' bytes (the CLI: encrypted temporary files); in memory when not given. */
  keySpill?: () => KeySpill;
}

/** Scores each referral as it is done. A file's scores join the run's when the file is read to its end: a file that fails part-way is no referral. */
function scoring(tally: RunTally): RunSink {
  let file: FileTally | undefined;
  return {
    startFile: () => (file = tally.file()),
    referral: (record) => {
      const timings = activeTimings; // --timing: tallying
      const start = timings ? performance.now() : 0;
      file ??= tally.file(); // referrals given without a file first (the rule tester's)
      record.score = file.add(record);
      timings?.since('tallying', start);
    },
    dropFile: () => (file = undefined),
    endFile: () => {
      const timings = activeTimings;
      const start = timings ? performance.now() : 0;
      if (file) tally.commit(file);
      file = undefined;
      timings?.since('tallying', start);
    },
  };
}

/** Keeps the referrals the run's reports need (all, those with findings or suppressed findings, or none). */
function keeping(keep: KeepReferrals, kept: ReferralRecord[]): RunSink {
  let firstOfFile = 0;
  return {
    startFile: () => (firstOfFile = kept.length),
    referral: (record) => {
      if (keep === 'all' || (keep === 'with-findings' && (record.findings.length > 0 || record.suppressed.length > 0))) kept.push(record);
    },
    dropFile: () => (kept.length = firstOfFile),
  };
}

/** Hands each referral, in report form, to `stream` (after the scoring sink: its score is set). */
function streaming(config: ResolvedConfig, stream: ReferralStream): RunSink {
  const toResult = referralResults(config);
  let open = false;
  return {
    startFile: () => {
      open = true;
      stream.startFile();
    },
    referral: (record) => {
      // referrals given without a file first (the rule tester's)
      if (!open) {
        open = true;
        stream.startFile();
      }
      stream.referral(toResult(record));
    },
    dropFile: () => {
      open = false;
      stream.dropFile();
    },
    endFile: () => {
      if (open) stream.endFile();
      open = false;
    },
  };
}

/** Tells a progress display of each file and referral. */
function reporting(progress: RunProgress): RunSink {
  return { startFile: (file) => progress.fileStarted(file), referral: () => progress.referral(), endFile: () => progress.fileDone() };
}

/**
 * With `only` (--agency): `sinks` hear of the selected agencies' referrals only; the others
 * are counted. A file that fails drops its referrals from the count as from the tally.
 */
function selecting(config: ResolvedConfig, sinks: RunSink[], leftOut: RunRecord['leftOut']): RunSink[] {
  if (!config.only) return sinks;
  const agencies = new Set<string>();
  let referrals = 0;
  let inFile = 0;
  let agenciesInFile = new Set<string>();
  const count = (): void => {
    leftOut.referrals = referrals;
    leftOut.agencies = agencies.size;
  };
  return [
    {
      startFile: (file) => {
        inFile = 0;
        agenciesInFile = new Set();
        for (const sink of sinks) sink.startFile?.(file);
      },
      referral: (record) => {
        if (config.isSelected(record.agencyKey, record.sector)) {
          for (const sink of sinks) sink.referral?.(record);
        } else {
          inFile += 1;
          agenciesInFile.add(record.agencyKey);
        }
      },
      dropFile: () => {
        inFile = 0;
        agenciesInFile = new Set();
        for (const sink of sinks) sink.dropFile?.();
      },
      endFile: () => {
        referrals += inFile;
        for (const key of agenciesInFile) agencies.add(key);
        inFile = 0;
        agenciesInFile = new Set();
        count();
        for (const sink of sinks) sink.endFile?.();
      },
    },
  ];
}

export async function scoreReferrals(events: AsyncIterable<LoadEvent>, config: ResolvedConfig, options: ScoreOptions = {}): Promise<RunRecord> {
  const { progress, cache, keep = 'all', pool, maxListed = DEFAULT_MAX_LISTED, stream, keySpill } = options;
  const tally = new RunTally(config);
  const referrals: ReferralRecord[] = [];
  const leftOut = { referrals: 0, agencies: 0 };
  // The kept referrals are all the run's (--cache writes them); the result lists the selected ones.
  // 'worst' lists the selected referrals only, so hears of them after the selection.
  const worst = keep === 'worst' ? worstReferrals(maxListed) : undefined;
  const sinks = [...selecting(config, [scoring(tally), ...(worst ? [worst.sink] : []), ...(stream ? [streaming(config, stream)] : [])], leftOut), keeping(keep, referrals), ...(progress ? [reporting(progress)] : [])];
  const { files, internalErrors, skipped } = await checkReferrals(events, config, { sinks, ...(cache ? { cache } : {}), ...(pool ? { pool } : {}), ...(keySpill ? { keySpill } : {}) });
  if (worst) return { files, referrals: worst.referrals(), internalErrors, skipped, tally, leftOut, listing: worst.listing() };
  return { files, referrals, internalErrors, skipped, tally, leftOut };
}
