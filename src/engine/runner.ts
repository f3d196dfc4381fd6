// Runs the enabled rules over each referral as the loader yields it (src/engine/engine.ts)
// and records findings with their positions; scores go to the run's tally as each referral
// is done, and the referral itself is kept only if the run's reports need it. Positions are
// worked out only for referrals that have findings.
import type { Severity } from '../domain/codes.js';
import { UNUSED_SUPPRESSION_RULE_ID, type EnabledRule, type ResolvedConfig } from '../config/resolve.js';
import type { LoadEvent, LoadedReferral, RawReferral } from '../parse/types.js';
import { isObject, type JsonObject, type Referral } from '../domain/referral.js';
import type { CacheView, CachedReferral } from '../run/cache.js';
import { RuleEngine, unpackRuns, type PackedRuns, type Prepared, type ReportedFinding, type RuleRun } from './engine.js';
import { UNSUPPRESSIBLE } from '../rule-api/rule.js';
import { RunTally, type FileTally } from '../score/tally.js';
import { withoutKeyName } from '../schema/validate.js';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Pointer relative to the file (or YAML document, or NDJSON line). */
  pointer: string;
  line?: number;
  column?: number;
  /** With --baseline: true when the baseline report does not have this finding. */
  isNew?: boolean;
  /** With --include-personal-data only: the value at the pointer, when it is text, a number or true/false. */
  value?: string | number | boolean;
}

export interface ReferralRecord {
  id: string | null;
  file: string;
  pointer: string;
  document?: number;
  line?: number;
  agency: string;
  agencyKey: string;
  sector: string;
  findings: Finding[];
  /** Findings of rules the referral's lintIgnore suppresses (the reason is free text, so it is not kept). */
  suppressed: Finding[];
  /** Each applicable rule's outcome: true when it passed (no error or warning finding). */
  outcomes: Record<string, boolean>;
  /** The rules in force for this referral when an override changed them (for its score's weights). */
  rules?: EnabledRule[];
  /**
   * Rules --cache must run again rather than replay: they read "now" on this referral, or
   * crashed on it, or (schema-valid) found a key the format does not name, whose name the
   * cache must not hold.
   */
  rerun?: string[];
  /** Its score (0-100, not rounded), from the run's tally. */
  score?: number;
}

export interface FailedReferralRecord {
  pointer: string;
  document?: number;
  line?: number;
  reason: string;
}

export interface FileRecord {
  path: string;
  referrals: number;
  error?: string;
  line?: number;
  column?: number;
  failedReferrals: FailedReferralRecord[];
}

export interface InternalError {
  ruleId: string;
  referralId: string | null;
  file: string;
  pointer: string;
  message: string;
}

export interface RunRecord {
  files: FileRecord[];
  /** The referrals kept (RunOptions.keep): all of them by default. */
  referrals: ReferralRecord[];
  internalErrors: InternalError[];
  /** Every referral's score, by agency, sector and dimension, kept or not. */
  tally: RunTally;
}

/**
 * Which referrals a run keeps once they are scored: all of them, those with findings (or
 * suppressed findings), or none. Reports that list only findings, or only group scores, need
 * fewer, and a run of millions then holds only what it will print.
 */
export type KeepReferrals = 'all' | 'with-findings' | 'none';

export interface RunOptions {
  progress?: RunProgress;
  cache?: CacheView;
  keep?: KeepReferrals;
  /** Worker threads (--jobs): they check raw referrals, and parsed ones of files not replayed from --cache. Without it, the loader must give no raw referral. */
  pool?: CheckPool;
}

/** What a worker thread makes of a raw referral: why it is none, or what its own rules did. */
export type CheckedReferral =
  | { failed: string }
  /** A JSON element that is not valid JSON fails its whole file, as JSON.parse of the file would. */
  | { failedFile: { reason: string; line?: number; column?: number } }
  | {
      id: string | null;
      agency: Prepared['agency'];
      /** justifiedSuppressions, as entries. */
      ignored?: [string, number[]][];
      /** Rule runs, batch checkers left out, packed; reports carry their positions. */
      runs: PackedRuns;
      /** The fields the batch rules that apply read (Rule.batchReads), when any applies. */
      batchData?: JsonObject;
    };

/** Worker threads that check referrals, raw or parsed (src/run/pool.ts). */
export interface CheckPool {
  /** Queues the referral; `done` is called with its result when it is back. */
  check(referral: LoadedReferral | RawReferral, done: (checked: CheckedReferral) => void): void;
  /** Sends what is queued: the runner is about to wait for it. */
  flush(): void;
  /** Settles when the next results come back; rejects once a thread has failed. */
  next(): Promise<void>;
}

/** How many events may wait for worker threads at once: memory stays bounded. */
const IN_FLIGHT = 512;

/**
 * Whether the pointer is one of `prefixes` or lies under one: each of its own prefixes is
 * looked up, so the cost is the pointer's depth, not the number of prefixes.
 */
function isUnder(pointer: string, prefixes: ReadonlySet<string>): boolean {
  if (prefixes.size === 0) return false;
  if (prefixes.has(pointer)) return true;
  for (let slash = pointer.indexOf('/'); slash !== -1; slash = pointer.indexOf('/', slash + 1)) {
    if (prefixes.has(pointer.slice(0, slash))) return true;
  }
  return false;
}

export const SCHEMA_RULE_ID = 'schema-valid';

/** The empty findings list every clean referral shares; frozen, so nothing can add to it by mistake. */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/**
 * The lintIgnore entries that take effect, by rule id, with their indexes: an entry needs a
 * known rule that may be suppressed and a meaningful reason (suppression-valid reports the rest).
 */
export function justifiedSuppressions(document: JsonObject, known: ReadonlySet<string>, isMeaningful: (v: unknown) => boolean): Map<string, number[]> {
  const byRule = new Map<string, number[]>();
  const entries = Array.isArray(document.lintIgnore) ? document.lintIgnore : [];
  entries.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.rule !== 'string' || !known.has(entry.rule) || UNSUPPRESSIBLE.has(entry.rule)) return;
    if (!isMeaningful(entry.reason)) return;
    const indexes = byRule.get(entry.rule);
    if (indexes) indexes.push(i);
    else byRule.set(entry.rule, [i]);
  });
  return byRule;
}

/** What the runner tells a progress display; see src/cli/progress.ts. */
export interface RunProgress {
  fileStarted(file: string): void;
  fileDone(): void;
  referral(): void;
}

export async function runRules(events: AsyncIterable<LoadEvent>, config: ResolvedConfig, options: RunOptions = {}): Promise<RunRecord> {
  const { progress, cache, keep = 'all', pool } = options;
  const engine = new RuleEngine(config);
  const helpers = engine.helpers;
  const knownRules = new Set(config.registry.map((r) => r.meta.id));

  const run: RunRecord = { files: [], referrals: [], internalErrors: [], tally: new RunTally(config) };
  // Referrals with the same rule outcomes share one outcomes object: a run of a million
  // referrals has a few hundred distinct patterns, not a million.
  const outcomeSets = new Map<string, Record<string, boolean>>();
  // Rules word a defect the same way on every referral: one copy of each message.
  const messages = new Map<string, string>();
  const intern = (message: string): string => {
    const known = messages.get(message);
    if (known !== undefined) return known;
    if (messages.size < 100_000) messages.set(message, message);
    return message;
  };
  const sharedOutcomes = (outcomes: Record<string, boolean>): Record<string, boolean> => {
    let key = '';
    for (const id in outcomes) key += `${id}${outcomes[id] ? '+' : '-'}`;
    let set = outcomeSets.get(key);
    if (!set) {
      set = Object.freeze(outcomes) as Record<string, boolean>;
      outcomeSets.set(key, set);
    }
    return set;
  };

  // --cache: this file's results from an earlier run, when its content is unchanged.
  let cachedFile: CachedReferral[] | undefined;
  let indexInFile = 0;

  // A file's scores join the run's when the file is read to its end: a file that fails
  // part-way is no referral.
  let current: FileRecord | undefined;
  let firstOfFile = 0;
  let fileTally: FileTally | undefined;
  const endFile = (): void => {
    if (current) progress?.fileDone();
    if (fileTally) run.tally.commit(fileTally);
    fileTally = undefined;
  };

  const take = (event: LoadEvent): void => {
    switch (event.kind) {
      case 'file':
        endFile();
        cachedFile = cache?.referrals(event.file);
        indexInFile = 0;
        progress?.fileStarted(event.file);
        current = { path: event.file, referrals: 0, failedReferrals: [] };
        firstOfFile = run.referrals.length;
        fileTally = run.tally.file();
        run.files.push(current);
        break;
      case 'failed-file':
        // With threads, a file can fail twice (an element and then the stream); the first says why.
        if (current?.error !== undefined) break;
        // A failed file is no referral: a stream may have yielded some before it met the failure.
        run.referrals.length = firstOfFile;
        fileTally = undefined;
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
        current?.failedReferrals.push({ pointer: event.pointer, document: event.document, line: event.line, reason: event.reason });
        break;
      case 'referral': {
        const cached = cachedFile?.[indexInFile++];
        const replay = cached && cached.pointer === event.pointer ? cached : undefined;
        const prepared = engine.prepare(event.data, event.file);
        // Replayed rules are not run; batch rules and the rules that must run live are.
        const runs = engine.run(prepared, replay ? (e) => e.rule.batch !== undefined || replay.live.includes(e.rule.meta.id) : () => true);
        add(record(event, prepared, justifiedSuppressions(event.data, knownRules, helpers.isMeaningful), runs, replay));
        break;
      }
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
    const prepared = engine.prepare(checked.batchData ?? {}, event.file, checked.agency);
    prepared.referral.id = checked.id ?? undefined;
    const runs = unpackRuns(prepared.enabled, checked.runs);
    engine.runBatchCheckers(prepared, runs);
    add(record(event, prepared, new Map(checked.ignored ?? []), runs, undefined));
  };

  const add = (result: ReferralRecord): void => {
    if (current) current.referrals += 1;
    fileTally ??= run.tally.file(); // referrals given without a file event first (the rule tester's)
    result.score = fileTally.add(result);
    if (keep === 'all' || (keep === 'with-findings' && (result.findings.length > 0 || result.suppressed.length > 0))) run.referrals.push(result);
    progress?.referral();
  };

  /** Findings, suppressions and outcomes from what each rule did, in rule order. */
  const record = (
    event: LoadedReferral | RawReferral,
    prepared: Prepared,
    ignored: ReadonlyMap<string, number[]>,
    runs: RuleRun[],
    replay: CachedReferral | undefined,
  ): ReferralRecord => {
    const { agency, enabled } = prepared;
    const result: ReferralRecord = {
      id: prepared.referral.id ?? null,
      file: event.file,
      pointer: event.pointer,
      ...(event.kind === 'referral' && event.document !== undefined ? { document: event.document } : {}),
      ...(event.line !== undefined ? { line: event.line } : {}),
      agency: agency.name,
      agencyKey: agency.key,
      sector: agency.sector,
      findings: [],
      suppressed: [],
      outcomes: {},
    };
    if (enabled !== config.rules) result.rules = enabled;
    // Runs come in the order of `enabled` (the engine runs rules in it; unpackRuns keeps it): one pass over both.
    let next = 0;
    // Fields schema-valid found defective; other rules' findings there would repeat the defect.
    const schemaPointers = new Set<string>();
    const outcomes: Record<string, boolean> = {};

    for (const { rule, severity } of enabled) {
      const id = rule.meta.id;
      if (id === UNUSED_SUPPRESSION_RULE_ID) continue; // judged below, from the other rules' outcomes
      if (replay && !rule.batch && !replay.live.includes(id)) {
        const mine = (f: Finding): boolean => f.ruleId === id;
        const findings = replay.findings.filter(mine);
        const suppressed = replay.suppressed.filter(mine);
        if (id === SCHEMA_RULE_ID) for (const f of [...findings, ...suppressed]) schemaPointers.add(f.pointer.slice(event.pointer.length));
        for (const f of findings) result.findings.push({ ...f, message: intern(f.message) });
        for (const f of suppressed) result.suppressed.push({ ...f, message: intern(f.message) });
        const outcome = replay.outcomes[id];
        if (outcome !== undefined) outcomes[id] = outcome;
        continue;
      }
      const ran = runs[next]?.id === id ? runs[next++] : undefined;
      if (!ran) continue; // not applicable
      const crashed = ran.crash !== undefined;
      if (crashed) {
        run.internalErrors.push({ ruleId: id, referralId: result.id, file: event.file, pointer: event.pointer, message: ran.crash! });
      }
      const reported = ran.reports ?? [];
      if (ran.readNow || crashed || (id === SCHEMA_RULE_ID && reported.some((f) => withoutKeyName(f.pointer, f.message)))) (result.rerun ??= []).push(id);
      if (!ran.applicable) continue;
      let kept = reported;
      if (id === SCHEMA_RULE_ID) for (const f of reported) schemaPointers.add(f.pointer);
      else kept = reported.filter((f) => !isUnder(f.pointer, schemaPointers));
      const findings = kept.map((f) => positioned({ ruleId: id, severity, message: intern(f.message), pointer: event.pointer + f.pointer }, f));
      if (ignored.has(id)) {
        // rules.md: a suppressed rule counts as not applicable on this referral.
        for (const f of findings) result.suppressed.push(f);
        continue;
      }
      for (const f of findings) result.findings.push(f);
      outcomes[id] = !crashed && !findings.some((f) => f.severity !== 'info');
    }

    const unused = enabled.find((e) => e.rule.meta.id === UNUSED_SUPPRESSION_RULE_ID);
    if (unused && ignored.size > 0) {
      const suppressing = new Set(result.suppressed.map((f) => f.ruleId));
      const findings = [...ignored].flatMap(([id, indexes]) =>
        suppressing.has(id)
          ? []
          : indexes.map((i) => ({
              ruleId: UNUSED_SUPPRESSION_RULE_ID,
              severity: unused.severity,
              message: `lintIgnore[${i}] suppressed nothing: its rule reported no finding on this referral`,
              pointer: `${event.pointer}/lintIgnore/${i}`,
            })),
      );
      for (const f of findings) result.findings.push(f);
      outcomes[UNUSED_SUPPRESSION_RULE_ID] = !findings.some((f) => f.severity !== 'info');
    }
    result.outcomes = sharedOutcomes(outcomes);
    // Most referrals have no finding: they share one empty list rather than hold two each.
    // Lists grown by push keep spare room; exact copies are kept instead.
    result.findings = result.findings.length === 0 ? NO_FINDINGS : result.findings.slice();
    result.suppressed = result.suppressed.length === 0 ? NO_FINDINGS : result.suppressed.slice();

    if (result.findings.length > 0 || result.suppressed.length > 0) {
      result.line ??= replay?.line ?? event.locate(event.pointer)?.line;
      for (const f of [...result.findings, ...result.suppressed]) {
        if (f.line !== undefined) continue; // replayed, or placed by a worker thread
        const pos = event.locate(f.pointer);
        if (pos) {
          f.line = pos.line;
          f.column = pos.column;
        }
      }
      // Placed at the key itself, and judged against the other rules' findings at its full
      // pointer (above): only now is an unknown key's name taken out.
      if (!config.includePersonalData) {
        withoutKeyNames(result.findings, event.pointer, intern);
        withoutKeyNames(result.suppressed, event.pointer, intern);
      }
    }
    return result;
  };

  if (!pool) {
    for await (const event of events) take(event);
  } else {
    // Raw referrals go to the threads; everything waits here, in input order, until its
    // turn and its results have come: the record is the same whatever the number of threads.
    const queue: { event: LoadEvent; sent: boolean; checked?: CheckedReferral }[] = [];
    let head = 0;
    const drain = (): void => {
      while (head < queue.length) {
        const next = queue[head]!;
        if (next.sent) {
          if (!next.checked) break;
          takeChecked(next.event as LoadedReferral | RawReferral, next.checked);
        } else {
          take(next.event);
        }
        head += 1;
      }
      // Drop what is done, now and then: the queue never empties while threads are busy.
      if (head > IN_FLIGHT) {
        queue.splice(0, head);
        head = 0;
      }
    };
    const waitForHead = async (): Promise<void> => {
      pool.flush();
      await pool.next();
      drain();
    };
    for await (const event of events) {
      // Referrals of a file --cache replays stay here: most of their rules are not run again.
      const sent = event.kind === 'raw-referral' || (event.kind === 'referral' && cache?.referrals(event.file) === undefined);
      const pending: (typeof queue)[number] = { event, sent };
      queue.push(pending);
      if (sent) pool.check(event as LoadedReferral | RawReferral, (checked) => (pending.checked = checked));
      drain();
      while (queue.length - head > IN_FLIGHT) await waitForHead();
    }
    while (head < queue.length) await waitForHead();
  }
  endFile();
  return run;
}

/**
 * Without --include-personal-data, schema-valid's findings of keys the referral format does
 * not name lose the key's name (src/schema/validate.ts, withoutKeyName); in place.
 */
function withoutKeyNames(findings: Finding[], referralPointer: string, intern: (message: string) => string): void {
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.ruleId !== SCHEMA_RULE_ID) continue;
    const neutral = withoutKeyName(f.pointer.slice(referralPointer.length), f.message);
    if (neutral) findings[i] = { ...f, pointer: referralPointer + neutral.pointer, message: intern(neutral.message) };
  }
}

/** A finding keeps the position a worker thread found for it, and the value the engine attached (--include-personal-data). */
function positioned(finding: Finding, reported: ReportedFinding): Finding {
  // The value first: the one-thread path places findings after this, and key order is output.
  if (reported.value !== undefined) finding.value = reported.value;
  if (reported.line !== undefined) {
    finding.line = reported.line;
    if (reported.column !== undefined) finding.column = reported.column;
  }
  return finding;
}

export type { Referral };
