// Runs the enabled rules over each referral as the loader yields it (src/engine/engine.ts),
// builds each referral's record (src/engine/record.ts), and hands it to the run's sinks: the
// tally that scores it, the list a report keeps, a progress display, all wired by the caller
// (src/score/run.ts), none imported here. With --jobs, worker threads check referrals and the
// records are still made here, in input order (src/engine/threads.ts).
import type { ResolvedConfig } from '../config/resolve.js';
import type { KeySpill } from '../domain/key-store.js';
import type { CachedReferral, CacheView, FileRecord, InternalError, ReferralRecord, SkippedFileRecord } from '../model/types.js';
import type { LoadEvent, LoadedReferral, RawReferral } from '../parse/types.js';
import { justifiedSuppressions } from '../rule-api/special.js';
import { RuleEngine, unpackRuns } from './engine.js';
import { RecordBuilder } from './record.js';
import { inInputOrder, type CheckedReferral, type CheckPool } from './threads.js';
import { coverageText, notAssessed } from '../mapping/coverage.js';
import type { EnabledRule } from '../config/resolve.js';
import type { Coverage } from '../model/types.js';
import type { TableSource } from '../parse/types.js';
import { activeTimings } from '../model/timing.js';

/** A table file's coverage under the rules in force before overrides: which were assessed, which not and why. */
function coverageOf(rules: readonly EnabledRule[], source: TableSource): Coverage {
  const missing = notAssessed(rules.map((e) => e.rule), source.carried);
  const out = new Set(missing.map((m) => m.ruleId));
  const assessed = rules.map((e) => e.rule.meta.id).filter((id) => !out.has(id));
  return { assessed, notAssessed: missing, text: coverageText(assessed.length, rules.length, missing) };
}

/**
 * What the runner hands its work to. For each file: `startFile`, its referrals, `dropFile` if
 * the file failed part-way (what it gave so far is no referral), and `endFile`. Referrals
 * given with no file first (the rule tester's) come before any `startFile`.
 */
export interface RunSink {
  startFile?(file: string): void;
  referral?(record: ReferralRecord): void;
  dropFile?(): void;
  endFile?(): void;
}

export interface RunOptions {
  /** Told of every file and referral, in this order. */
  sinks?: readonly RunSink[];
  /** --cache: results of earlier runs, by file, to replay rather than run again. */
  cache?: CacheView;
  /** Worker threads (--jobs): they check raw referrals, and parsed ones of files not replayed from --cache. Without it, the loader must give no raw referral. */
  pool?: CheckPool;
  /** Where batch rules' key stores keep their keys' bytes; in memory when not given. */
  keySpill?: () => KeySpill;
}

/** What the runner itself keeps: the files read and the rules that crashed. */
export interface CheckedRun {
  files: FileRecord[];
  internalErrors: InternalError[];
  /** Files a walk or glob found that are no referral export: not in `files`, no sink told of them. */
  skipped: SkippedFileRecord[];
}

export async function checkReferrals(events: AsyncIterable<LoadEvent>, config: ResolvedConfig, options: RunOptions = {}): Promise<CheckedRun> {
  const { sinks = [], cache, pool } = options;
  const engine = new RuleEngine(config, options.keySpill);
  const helpers = engine.helpers;
  const knownRules = new Set(config.registry.map((r) => r.meta.id));
  const run: CheckedRun = { files: [], internalErrors: [], skipped: [] };
  const records = new RecordBuilder(config, (error) => run.internalErrors.push(error));

  // --cache: this file's results from an earlier run, when its content is unchanged.
  let cachedFile: CachedReferral[] | undefined;
  let indexInFile = 0;

  let current: FileRecord | undefined;
  // Whether the sinks were told of a file, or given a referral, since they last heard endFile.
  let open = false;
  const endFile = (): void => {
    if (open) for (const sink of sinks) sink.endFile?.();
    open = false;
  };

  const take = (event: LoadEvent): void => {
    switch (event.kind) {
      case 'file':
        endFile();
        cachedFile = cache?.referrals(event.file);
        indexInFile = 0;
        current = { path: event.file, referrals: 0, failedReferrals: [] };
        run.files.push(current);
        open = true;
        for (const sink of sinks) sink.startFile?.(event.file);
        break;
      case 'failed-file':
        // With threads, a file can fail twice (an element and then the stream); the first says why.
        if (current?.error !== undefined) break;
        // A failed file is no referral: a stream may have yielded some before it met the failure.
        for (const sink of sinks) sink.dropFile?.();
        if (current) {
          current.referrals = 0;
          current.failedReferrals = [];
          current.error = event.reason;
          if (event.line !== undefined) current.line = event.line;
          if (event.column !== undefined) current.column = event.column;
        }
        break;
      case 'failed-referral':
        if (current?.error !== undefined) break;
        current?.failedReferrals.push({ pointer: event.pointer, document: event.document, line: event.line, ...(event.row !== undefined ? { row: event.row } : {}), reason: event.reason });
        break;
      case 'table':
        if (current) {
          const { source, encoding, delimiter, headerRow } = event.info;
          current.table = {
            mapping: source.mapping,
            ...(source.sheet !== undefined ? { sheet: source.sheet } : {}),
            ...(encoding !== undefined ? { encoding } : {}),
            ...(delimiter !== undefined ? { delimiter } : {}),
            headerRow,
            blankRows: 0,
          };
          current.coverage = coverageOf(config.rules, source);
        }
        break;
      case 'table-end':
        if (current?.table) current.table.blankRows = event.blankRows;
        break;
      case 'referral': {
        const cached = cachedFile?.[indexInFile++];
        const replay = cached && cached.pointer === event.pointer ? cached : undefined;
        const timings = activeTimings; // --timing: preparing
        const start = timings ? performance.now() : 0;
        const prepared = engine.prepare(event.data, event.file, undefined, event.table?.source);
        timings?.since('preparing', start);
        // Replayed rules are not run; batch rules and the rules that must run live are.
        const runs = engine.run(prepared, replay ? (e) => e.rule.batch !== undefined || replay.live.includes(e.rule.meta.id) : () => true);
        add(records.build(event, prepared, justifiedSuppressions(event.data, knownRules, helpers.isMeaningful), runs, replay));
        break;
      }
      case 'skipped-file':
        run.skipped.push({ path: event.file, reason: event.reason });
        break;
      case 'not-export':
        // The loader turns these into skipped or failed files; a source that does not is failed here.
        take({ kind: 'failed-file', file: event.file, reason: `not a referral export: ${event.reason}` });
        break;
      case 'raw-referral':
        throw new Error('a raw referral reached the runner without a pool of threads');
    }
  };

  /** A referral's result, back from a worker thread: batch checkers run here, in input order. */
  const takeChecked = (event: LoadedReferral | RawReferral, checked: CheckedReferral): void => {
    if (current?.error !== undefined) return; // the file failed: the rest of it is no referral
    if ('failedFile' in checked) {
      take({ kind: 'failed-file', file: event.file, ...checked.failedFile });
      return;
    }
    if ('failed' in checked) {
      current?.failedReferrals.push({ pointer: event.pointer, line: event.line, reason: checked.failed }); // raw referrals only
      return;
    }
    const timings = activeTimings; // --timing: preparing
    const start = timings ? performance.now() : 0;
    const prepared = engine.prepare(checked.batchData ?? {}, event.file, checked.agency);
    timings?.since('preparing', start);
    prepared.referral.id = checked.id ?? undefined;
    const runs = unpackRuns(prepared.enabled, checked.runs);
    engine.runBatchCheckers(prepared, runs);
    add(records.build(event, prepared, new Map(checked.ignored ?? []), runs, undefined));
  };

  const add = (result: ReferralRecord): void => {
    if (current) current.referrals += 1;
    open = true;
    for (const sink of sinks) sink.referral?.(result);
  };

  if (!pool) {
    for await (const event of events) take(event);
  } else {
    // Referrals of a file --cache replays stay here: most of their rules are not run again.
    // Referrals read from a table stay here too: their cells and cell errors are placed here.
    const toThreads = (event: LoadEvent): boolean =>
      event.kind === 'raw-referral' || (event.kind === 'referral' && event.table === undefined && cache?.referrals(event.file) === undefined);
    await inInputOrder(events, pool, toThreads, take, takeChecked);
  }
  endFile();
  return run;
}

export type { CheckedReferral, CheckPool } from './threads.js';
