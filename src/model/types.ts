// The shared vocabulary of a run, types only: every layer may import it, and it imports
// nothing. What each type means for users is the JSON report's contract (README, "JSON report").

export type Severity = 'error' | 'warning' | 'info';

/** A rule in force, as scores and reports need it: its id, dimension, severity and weight (an EnabledRule is one). */
export interface WeightedRule {
  rule: { meta: { id: string; dimension: string } };
  severity: Severity;
  weight: number;
}

// What the rules and the runner make: findings, and the record of each referral, file and crash.

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

/** A referral: which it is, where it stands, who sent it, and its findings. */
export interface ReferralBase {
  id: string | null;
  file: string;
  /** Where the referral stands in its file (or YAML document, or NDJSON line). */
  pointer: string;
  /** Its YAML document, when the file has several. */
  document?: number;
  line?: number;
  agency: string;
  sector: string;
  findings: Finding[];
  /** Findings of rules the referral's lintIgnore suppresses (the reason is free text, so it is not kept). */
  suppressed: Finding[];
}

/** A referral as the runner records it. */
export interface ReferralRecord extends ReferralBase {
  /** The agency's name folded for grouping (aliases resolved). */
  agencyKey: string;
  /** Each applicable rule's outcome: true when it passed (no error or warning finding). */
  outcomes: Record<string, boolean>;
  /** The rules in force for this referral when an override changed them (for its score's weights). */
  rules?: readonly WeightedRule[];
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

/**
 * Which referrals a run keeps once they are scored: all of them, those with findings (or
 * suppressed findings), or none. Reports that list only findings, or only group scores, need
 * fewer, and a run of millions then holds only what it will print.
 */
export type KeepReferrals = 'all' | 'with-findings' | 'none';

/** What the runner tells a progress display; see src/cli/progress.ts. */
export interface RunProgress {
  fileStarted(file: string): void;
  fileDone(): void;
  referral(): void;
}

// What a run keeps for --cache to replay (src/run/cache.ts).

/** One referral's results from the rules that may be replayed. */
export interface CachedReferral {
  pointer: string;
  line?: number;
  findings: Finding[];
  suppressed: Finding[];
  outcomes: Record<string, boolean>;
  /** Rules that read "now" on this referral, or crashed on it: run again, never replayed. */
  live: string[];
}

/** What the runner asks of the cache, by file as the result names it. */
export interface CacheView {
  referrals(file: string): CachedReferral[] | undefined;
}

// The result: what the JSON report serialises and every reporter reads (src/score/result.ts).

export interface RuleTally {
  applicable: number;
  failed: number;
}

export interface GroupScore {
  name: string;
  sector: string;
  referrals: number;
  /** Mean referral score, 0-100; null when the group has no referral. */
  score: number | null;
  /** Percentage of referrals with no error finding. */
  cleanRate: number | null;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  /** Mean score per dimension over the referrals that dimension applies to; null when it applies to none. */
  dimensions: Record<string, number | null>;
  rules: Record<string, RuleTally>;
}

/** A referral as the JSON report gives it. */
export interface ReferralResult extends ReferralBase {
  score: number;
  /** Ids of the rules that applied to this referral, in rule order: its findings and its passes. */
  rulesApplied: string[];
}

export interface FileResult {
  path: string;
  referrals: number;
  error?: string;
  line?: number;
  column?: number;
  failedReferrals: FileRecord['failedReferrals'];
}

export interface LintResult {
  tool: { name: string; version: string };
  /** Present (true) only when the run was asked to include personal data: findings then carry values. */
  includesPersonalData?: true;
  summary: {
    files: number;
    filesFailed: number;
    referrals: number;
    referralsFailed: number;
    errors: number;
    warnings: number;
    infos: number;
    suppressed: number;
    score: number | null;
    cleanRate: number | null;
    internalErrors: number;
    now: string;
  };
  files: FileResult[];
  /** Every referral read, unless the run was told to keep fewer (LintOptions.keepReferrals). */
  referrals: ReferralResult[];
  agencies: GroupScore[];
  sectors: GroupScore[];
  dimensions: { name: string; score: number | null; referrals: number }[];
  rules: { id: string; dimension: string; severity: string; weight: number; applicable: number; failed: number }[];
  internalErrors: InternalError[];
  /** With --baseline: the comparison with the earlier report. */
  baseline?: BaselineComparison;
}

// --baseline: this run compared with an earlier report (src/score/baseline.ts).

/** A finding of the baseline that this run no longer has. */
export interface FixedFinding {
  referralId: string | null;
  agency: string;
  ruleId: string;
  severity: string;
  /** Pointer inside the referral. */
  pointer: string;
}

export interface AgencyChange {
  name: string;
  /** The agency's score in the baseline; null when the baseline has no referral from it. */
  previousScore: number | null;
  /** This run's score minus the baseline's; null when either is missing. */
  scoreChange: number | null;
  /** Findings (errors and warnings and infos) this run has and the baseline did not. */
  newFindings: number;
  /** Findings the baseline had on a referral this run also checked, and this run does not. */
  fixedFindings: number;
}

export interface BaselineComparison {
  /** The baseline report, as named on the command line. */
  file: string;
  /** When the baseline run was made (its summary.now). */
  previousNow: string;
  previousScore: number | null;
  scoreChange: number | null;
  newFindings: number;
  /** New findings of severity error: what --fail-on new gates on. */
  newErrors: number;
  fixedFindings: number;
  /** One entry per agency of this run, in this run's order. */
  agencies: AgencyChange[];
  fixed: FixedFinding[];
}
