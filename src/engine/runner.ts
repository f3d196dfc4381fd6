// Runs the enabled rules over each referral as the loader yields it, then the batch rules,
// and records findings with their positions. Positions are worked out only for referrals
// that have findings.
import { AgencyResolver } from '../agencies.js';
import type { Severity } from '../codes.js';
import { UNUSED_SUPPRESSION_RULE_ID, type EnabledRule, type ResolvedConfig } from '../config/resolve.js';
import type { LoadEvent } from '../load/types.js';
import { isObject, readReferral, type JsonObject, type Referral } from '../referral.js';
import type { CacheView, CachedReferral } from '../cache.js';
import { createHelpers } from './helpers.js';
import { UNSUPPRESSIBLE, type FindingInput, type RuleContext } from './rule.js';

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
  /** Rules --cache must run again rather than replay: they read "now" on this referral, or crashed on it. */
  rerun?: string[];
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
  referrals: ReferralRecord[];
  internalErrors: InternalError[];
}

function isUnder(pointer: string, prefixes: ReadonlySet<string>): boolean {
  if (prefixes.size === 0) return false;
  for (const p of prefixes) if (pointer === p || pointer.startsWith(`${p}/`)) return true;
  return false;
}

export const SCHEMA_RULE_ID = 'schema-valid';

/** The empty findings list every clean referral shares; frozen, so nothing can add to it by mistake. */
const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/**
 * The lintIgnore entries that take effect, by rule id, with their indexes: an entry needs a
 * known rule that may be suppressed and a meaningful reason (suppression-valid reports the rest).
 */
function justifiedSuppressions(document: JsonObject, known: ReadonlySet<string>, isMeaningful: (v: unknown) => boolean): Map<string, number[]> {
  const byRule = new Map<string, number[]>();
  const entries = Array.isArray(document.lintIgnore) ? document.lintIgnore : [];
  entries.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.rule !== 'string' || !known.has(entry.rule) || UNSUPPRESSIBLE.has(entry.rule)) return;
    if (!isMeaningful(entry.reason)) return;
    byRule.set(entry.rule, [...(byRule.get(entry.rule) ?? []), i]);
  });
  return byRule;
}

/** What the runner tells a progress display; see src/progress.ts. */
export interface RunProgress {
  fileStarted(file: string): void;
  fileDone(): void;
  referral(): void;
}

export async function runRules(events: AsyncIterable<LoadEvent>, config: ResolvedConfig, progress?: RunProgress, cache?: CacheView): Promise<RunRecord> {
  const helpers = createHelpers(config);
  const agencies = new AgencyResolver(config.agencies);
  const knownRules = new Set(config.registry.map((r) => r.meta.id));
  const shared = { now: config.now, timeZone: config.timeZone, model: config.model, helpers, strict: config.strict, knownRules };
  // A batch rule keeps one state for the whole run; overrides may switch it on or off, not change its options.
  type Checker = ReturnType<NonNullable<EnabledRule['rule']['batch']>>;
  const batches = new Map<string, Checker>();
  const batchFor = ({ rule, options }: EnabledRule): Checker | undefined => {
    if (!rule.batch) return undefined;
    let checker = batches.get(rule.meta.id);
    if (!checker) {
      checker = rule.batch({ ...shared, options });
      batches.set(rule.meta.id, checker);
    }
    return checker;
  };

  // What every referral's context shares; "now" is watched, so --cache knows which results
  // depend on the time of the run (readNow is reset before each rule runs).
  let readNow = false;
  const contextBase = {
    ...shared,
    get now(): number {
      readNow = true;
      return config.now;
    },
  };

  const run: RunRecord = { files: [], referrals: [], internalErrors: [] };
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
  let current: FileRecord | undefined;
  let firstOfFile = 0;
  // --cache: this file's results from an earlier run, when its content is unchanged.
  let cachedFile: CachedReferral[] | undefined;
  let indexInFile = 0;

  for await (const event of events) {
    switch (event.kind) {
      case 'file':
        if (current) progress?.fileDone();
        progress?.fileStarted(event.file);
        current = { path: event.file, referrals: 0, failedReferrals: [] };
        firstOfFile = run.referrals.length;
        cachedFile = cache?.referrals(event.file);
        indexInFile = 0;
        run.files.push(current);
        break;
      case 'failed-file':
        // A failed file is no referral: a stream may have yielded some before it met the failure.
        run.referrals.length = firstOfFile;
        if (current) {
          current.referrals = 0;
          current.failedReferrals = [];
          current.error = event.reason;
          if (event.line !== undefined) current.line = event.line;
          if (event.column !== undefined) current.column = event.column;
        }
        break;
      case 'failed-referral':
        current?.failedReferrals.push({ pointer: event.pointer, document: event.document, line: event.line, reason: event.reason });
        break;
      case 'referral': {
        if (current) current.referrals += 1;
        const cached = cachedFile?.[indexInFile++];
        const replay = cached && cached.pointer === event.pointer ? cached : undefined;
        const referral = readReferral(event.data, config.timeZone);
        // Fields schema-valid found defective; other rules' findings there would repeat the defect.
        const schemaPointers = new Set<string>();
        const identity = agencies.resolve(referral.referrer?.agency);
        const sector = identity.sector ?? referral.referrer?.sector ?? 'other';
        const record: ReferralRecord = {
          id: referral.id ?? null,
          file: event.file,
          pointer: event.pointer,
          ...(event.document !== undefined ? { document: event.document } : {}),
          ...(event.line !== undefined ? { line: event.line } : {}),
          agency: identity.name,
          agencyKey: identity.key,
          sector,
          findings: [],
          suppressed: [],
          outcomes: {},
        };
        const outcomes: Record<string, boolean> = {};
        // One context per referral; each rule gets its options and its own list of reports.
        let reported: FindingInput[] = [];
        const ctx: RuleContext<object> = Object.assign(Object.create(contextBase) as RuleContext<object>, {
          options: {},
          agency: { key: identity.key, name: identity.name, sector },
          document: event.data,
          report: (f: FindingInput) => reported.push(f),
        });
        const ignored = justifiedSuppressions(event.data, knownRules, helpers.isMeaningful);
        const enabled = config.rulesFor({ file: event.file, agencyKey: identity.key, sector });
        if (enabled !== config.rules) record.rules = enabled;

        for (const entry of enabled) {
          const { rule, severity, options } = entry;
          const id = rule.meta.id;
          if (id === UNUSED_SUPPRESSION_RULE_ID) continue; // judged below, from the other rules' outcomes
          if (replay && !rule.batch && !replay.live.includes(id)) {
            const mine = (f: Finding): boolean => f.ruleId === id;
            const findings = replay.findings.filter(mine);
            const suppressed = replay.suppressed.filter(mine);
            if (id === SCHEMA_RULE_ID) for (const f of [...findings, ...suppressed]) schemaPointers.add(f.pointer.slice(event.pointer.length));
            for (const f of findings) record.findings.push({ ...f, message: intern(f.message) });
            for (const f of suppressed) record.suppressed.push({ ...f, message: intern(f.message) });
            const outcome = replay.outcomes[id];
            if (outcome !== undefined) outcomes[id] = outcome;
            continue;
          }
          reported = [];
          readNow = false;
          ctx.options = options;
          let applicable = true;
          let crashed = false;
          try {
            applicable = rule.applies ? rule.applies(referral, ctx) : true;
            if (applicable) {
              rule.check?.(referral, ctx);
              batchFor(entry)?.check(referral, ctx);
            }
          } catch (error) {
            crashed = true;
            run.internalErrors.push({
              ruleId: id,
              referralId: referral.id ?? null,
              file: event.file,
              pointer: event.pointer,
              message: error instanceof Error ? error.message : String(error),
            });
          }
          if (readNow || crashed) (record.rerun ??= []).push(id);
          if (!applicable && !crashed) continue;
          let kept = reported;
          if (id === SCHEMA_RULE_ID) for (const f of reported) schemaPointers.add(f.pointer);
          else kept = reported.filter((f) => !isUnder(f.pointer, schemaPointers));
          const findings = kept.map((f) => ({ ruleId: id, severity, message: intern(f.message), pointer: event.pointer + f.pointer }));
          if (ignored.has(id)) {
            // rules.md: a suppressed rule counts as not applicable on this referral.
            for (const f of findings) record.suppressed.push(f);
            continue;
          }
          for (const f of findings) record.findings.push(f);
          outcomes[id] = !crashed && !findings.some((f) => f.severity !== 'info');
        }

        const unused = enabled.find((e) => e.rule.meta.id === UNUSED_SUPPRESSION_RULE_ID);
        if (unused && ignored.size > 0) {
          const findings = [...ignored].flatMap(([id, indexes]) =>
            record.suppressed.some((f) => f.ruleId === id)
              ? []
              : indexes.map((i) => ({
                  ruleId: UNUSED_SUPPRESSION_RULE_ID,
                  severity: unused.severity,
                  message: `lintIgnore[${i}] suppressed nothing: its rule reported no finding on this referral`,
                  pointer: `${event.pointer}/lintIgnore/${i}`,
                })),
          );
          for (const f of findings) record.findings.push(f);
          outcomes[UNUSED_SUPPRESSION_RULE_ID] = !findings.some((f) => f.severity !== 'info');
        }
        record.outcomes = sharedOutcomes(outcomes);
        // Most referrals have no finding: they share one empty list rather than hold two each.
        // Lists grown by push keep spare room; exact copies are kept instead.
        record.findings = record.findings.length === 0 ? NO_FINDINGS : record.findings.slice();
        record.suppressed = record.suppressed.length === 0 ? NO_FINDINGS : record.suppressed.slice();

        if (record.findings.length > 0 || record.suppressed.length > 0) {
          record.line ??= replay?.line ?? event.locate(event.pointer)?.line;
          for (const f of [...record.findings, ...record.suppressed]) {
            if (f.line !== undefined) continue; // replayed with its position
            const pos = event.locate(f.pointer);
            if (pos) {
              f.line = pos.line;
              f.column = pos.column;
            }
          }
        }
        run.referrals.push(record);
        progress?.referral();
        break;
      }
    }
  }
  if (current) progress?.fileDone();
  return run;
}

export type { Referral };
