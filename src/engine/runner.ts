// Runs the enabled rules over each referral as the loader yields it, then the batch rules,
// and records findings with their positions. Positions are worked out only for referrals
// that have findings.
import { AgencyResolver } from '../agencies.js';
import type { Severity } from '../codes.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { LoadEvent } from '../load/types.js';
import { readReferral, type Referral } from '../referral.js';
import { createHelpers } from './helpers.js';
import type { FindingInput, RuleContext } from './rule.js';

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

export async function runRules(events: AsyncIterable<LoadEvent>, config: ResolvedConfig): Promise<RunRecord> {
  const helpers = createHelpers(config);
  const agencies = new AgencyResolver(config.agencies);
  const shared = { now: config.now, timeZone: config.timeZone, model: config.model, helpers, strict: config.strict };
  const batches = new Map(
    config.rules
      .filter(({ rule }) => rule.batch)
      .map(({ rule, options }) => [rule.meta.id, rule.batch!({ ...shared, options })]),
  );

  const run: RunRecord = { files: [], referrals: [], internalErrors: [] };
  let current: FileRecord | undefined;

  for await (const event of events) {
    switch (event.kind) {
      case 'file':
        current = { path: event.file, referrals: 0, failedReferrals: [] };
        run.files.push(current);
        break;
      case 'failed-file':
        if (current) {
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
        const referral = readReferral(event.data, config.timeZone);
        // Fields schema-valid found defective; other rules' findings there would repeat the defect.
        const schemaPointers = new Set<string>();
        const identity = agencies.resolve(referral.referrer?.agency);
        const record: ReferralRecord = {
          id: referral.id ?? null,
          file: event.file,
          pointer: event.pointer,
          ...(event.document !== undefined ? { document: event.document } : {}),
          ...(event.line !== undefined ? { line: event.line } : {}),
          agency: identity.name,
          agencyKey: identity.key,
          sector: identity.sector ?? referral.referrer?.sector ?? 'other',
          findings: [],
          suppressed: [],
          outcomes: {},
        };
        const ignored = new Set<string>();
        for (const ignore of referral.lintIgnore ?? []) {
          if (ignore.rule && helpers.isMeaningful(ignore.reason)) ignored.add(ignore.rule);
        }

        for (const { rule, severity, options } of config.rules) {
          const id = rule.meta.id;
          const reported: FindingInput[] = [];
          const ctx: RuleContext<object> = {
            ...shared,
            options,
            agency: identity,
            document: event.data,
            report: (f) => reported.push(f),
          };
          let applicable = true;
          let crashed = false;
          try {
            applicable = rule.applies ? rule.applies(referral, ctx) : true;
            if (applicable) {
              rule.check?.(referral, ctx);
              batches.get(id)?.check(referral, ctx);
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
          if (!applicable && !crashed) continue;
          let kept = reported;
          if (id === SCHEMA_RULE_ID) for (const f of reported) schemaPointers.add(f.pointer);
          else kept = reported.filter((f) => !isUnder(f.pointer, schemaPointers));
          const findings = kept.map((f) => ({ ruleId: id, severity, message: f.message, pointer: event.pointer + f.pointer }));
          if (ignored.has(id)) {
            // rules.md: a suppressed rule counts as not applicable on this referral.
            record.suppressed.push(...findings);
            continue;
          }
          record.findings.push(...findings);
          record.outcomes[id] = !crashed && !findings.some((f) => f.severity !== 'info');
        }

        if (record.findings.length > 0 || record.suppressed.length > 0) {
          record.line ??= event.locate(event.pointer)?.line;
          for (const f of [...record.findings, ...record.suppressed]) {
            const pos = event.locate(f.pointer);
            if (pos) {
              f.line = pos.line;
              f.column = pos.column;
            }
          }
        }
        run.referrals.push(record);
        break;
      }
    }
  }
  return run;
}

export type { Referral };
