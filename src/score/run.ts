// A run's rules and scores together: the runner (src/engine/runner.ts) checks each referral
// and hands its record to the tally, which scores it, and to the list the run's reports keep.
import type { ResolvedConfig } from '../config/resolve.js';
import { checkReferrals, type CheckPool, type RunSink } from '../engine/runner.js';
import type { CacheView, FileRecord, InternalError, KeepReferrals, ReferralRecord, RunProgress } from '../model/types.js';
import type { LoadEvent } from '../parse/types.js';
import { RunTally, type FileTally } from './tally.js';

export interface RunRecord {
  files: FileRecord[];
  /** The referrals kept (ScoreOptions.keep): all of them by default. */
  referrals: ReferralRecord[];
  internalErrors: InternalError[];
  /** Every referral's score, by agency, sector and dimension, kept or not. */
  tally: RunTally;
}

export interface ScoreOptions {
  progress?: RunProgress;
  cache?: CacheView;
  keep?: KeepReferrals;
  pool?: CheckPool;
}

/** Scores each referral as it is done. A file's scores join the run's when the file is read to its end: a file that fails part-way is no referral. */
function scoring(tally: RunTally): RunSink {
  let file: FileTally | undefined;
  return {
    startFile: () => (file = tally.file()),
    referral: (record) => {
      file ??= tally.file(); // referrals given without a file first (the rule tester's)
      record.score = file.add(record);
    },
    dropFile: () => (file = undefined),
    endFile: () => {
      if (file) tally.commit(file);
      file = undefined;
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

/** Tells a progress display of each file and referral. */
function reporting(progress: RunProgress): RunSink {
  return { startFile: (file) => progress.fileStarted(file), referral: () => progress.referral(), endFile: () => progress.fileDone() };
}

export async function scoreReferrals(events: AsyncIterable<LoadEvent>, config: ResolvedConfig, options: ScoreOptions = {}): Promise<RunRecord> {
  const { progress, cache, keep = 'all', pool } = options;
  const tally = new RunTally(config);
  const referrals: ReferralRecord[] = [];
  const sinks = [scoring(tally), keeping(keep, referrals), ...(progress ? [reporting(progress)] : [])];
  const { files, internalErrors } = await checkReferrals(events, config, { sinks, ...(cache ? { cache } : {}), ...(pool ? { pool } : {}) });
  return { files, referrals, internalErrors, tally };
}
