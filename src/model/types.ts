// The shared vocabulary of a run, types only: every layer may import it, and it imports
// nothing. What each type means for users is the JSON report's contract (README, "JSON report").

export type Severity = 'error' | 'warning' | 'info';

/** The score models: `deficit` (the default: 100 less a penalty per failed rule) and `weighted-pass` (the first formula). */
export type ScoreModel = 'deficit' | 'weighted-pass';

/** What a score means, best first: `good`, `requires-improvement`, `inadequate`. */
export type Band = 'good' | 'requires-improvement' | 'inadequate';

/** How scores are computed and banded: the config's `scoring`, defaults filled in. */
export interface ScoringSettings {
  model: ScoreModel;
  /** The penalty of a failed rule by its severity in force, when the rule has no `penalty` option (model `deficit`). */
  penalties: Record<Severity, number>;
  /** The lowest score of each band above `inadequate`. */
  bands: { good: number; 'requires-improvement': number };
}

/** A rule in force, as scores and reports need it: its id, dimension, severity, weight and penalty (an EnabledRule is one). */
export interface WeightedRule {
  rule: { meta: { id: string; dimension: string } };
  severity: Severity;
  weight: number;
  /** What failing it costs a referral under the `deficit` model. */
  penalty: number;
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
  /**
   * A referral read from a table (CSV, XLSX): the finding's row as the sheet numbers it (also
   * `line`), and its cell's column: `column` is its number (A is 1), `columnLetter` its letter
   * and `header` its header. A finding about a field with no column (the table lacks it) has no column.
   */
  row?: number;
  columnLetter?: string;
  header?: string;
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
  /** A referral read from a table: its row as the sheet numbers it (also `line`), and the sheet (XLSX). */
  row?: number;
  sheet?: string;
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
  /** A referral read from a table: rules in force that its source could not be judged by (no column for a field they read). */
  notAssessed?: readonly string[];
}

export interface FailedReferralRecord {
  pointer: string;
  document?: number;
  line?: number;
  /** A table's row that could not be made into a referral. */
  row?: number;
  reason: string;
}

/** How a table file (CSV, XLSX) was read: the mapping, and what was chosen for it. */
export interface TableRead {
  mapping: string;
  sheet?: string;
  /** The text encoding (CSV), given when it was not UTF-8: `windows-1252 (detected)`. */
  encoding?: string;
  delimiter?: string;
  headerRow: number;
  /** Rows with nothing in them, skipped. */
  blankRows: number;
}

/** Which rules a table's referrals were judged by (docs/mappings.md, "Coverage"). */
export interface Coverage {
  /** Rules in force that were assessed, in rule order. */
  assessed: string[];
  /** Rules in force the source could not be judged by, and the fields it has no column for. */
  notAssessed: { ruleId: string; missing: string[] }[];
  /** The same in words: `assessed 6 of 15 rules; not assessed: consent-recorded (no column for consent.status), ...`. */
  text: string;
}

export interface FileRecord {
  path: string;
  referrals: number;
  error?: string;
  line?: number;
  column?: number;
  failedReferrals: FailedReferralRecord[];
  /** A table file: how it was read, and its coverage. */
  table?: TableRead;
  coverage?: Coverage;
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
 * suppressed findings), the worst of those with findings (src/score/listing.ts: at most a
 * number, lowest score first, with counts of the rest), or none. Reports that list only
 * findings, or only group scores, need fewer, and a run of millions then holds only what it will print.
 */
export type KeepReferrals = 'all' | 'with-findings' | 'none' | 'worst';

/**
 * What the reports people read (html, markdown) need of a run's referrals with findings when
 * it kept only the worst of them (KeepReferrals 'worst'): how many there were, in all and by
 * agency, and each agency's findings by rule. Given to reporters in ReportOptions; never
 * part of the JSON report.
 */
export interface ReferralListing {
  /** The most referrals with findings listed; 0: every one. */
  max: number;
  /** Referrals with findings in all (of the selected agencies, with --agency). */
  withFindings: number;
  /** By agency name (ReferralResult.agency): its referrals with findings, and its findings by rule id. */
  agencies: ReadonlyMap<string, { withFindings: number; rules: ReadonlyMap<string, number> }>;
}

/**
 * Where a run hands each selected referral, in its report form, as it is scored (the CLI's
 * spool, src/run/spool.ts, from which reports are written as the run goes). A file's
 * referrals are final only at `endFile`: `dropFile` takes back those since its `startFile`.
 */
export interface ReferralStream {
  startFile(): void;
  referral(referral: ReferralResult): void;
  dropFile(): void;
  endFile(): void;
}

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
  /** The band of the score; null when there is no score. */
  band: Band | null;
  /** Percentage of referrals with no error finding. */
  cleanRate: number | null;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  /** Mean score per dimension over the referrals that dimension applies to; null when it applies to none. */
  dimensions: Record<string, number | null>;
  rules: Record<string, RuleTally>;
  /**
   * Present when some of the group's referrals came from a table that could not be judged by
   * every rule in force: each such rule, and on how many of the group's referrals it was not assessed.
   */
  coverage?: { notAssessed: { ruleId: string; referrals: number }[] };
}

/** A referral as the JSON report gives it. */
export interface ReferralResult extends ReferralBase {
  score: number;
  /** The band of its score. */
  band: Band;
  /** Ids of the rules that applied to this referral, in rule order: its findings and its passes. */
  rulesApplied: string[];
  /** A referral read from a table: the rules in force its source could not be judged by (no column for a field they read). */
  notAssessed?: string[];
}

export interface FileResult {
  path: string;
  referrals: number;
  error?: string;
  line?: number;
  column?: number;
  failedReferrals: FileRecord['failedReferrals'];
  /** A table file (CSV, XLSX): how it was read (mapping, sheet, encoding when not UTF-8, blank rows skipped). */
  table?: TableRead;
  /** A table file: the rules its referrals were and were not judged by. */
  coverage?: Coverage;
}

export interface LintResult {
  tool: { name: string; version: string };
  /** The config file the run used: its path (relative to the current directory) and a sha256 of its bytes; both null for none. */
  config: { path: string | null; hash: string | null };
  /** Present (true) only when the run was asked to include personal data: findings then carry values. */
  includesPersonalData?: true;
  /**
   * With `only` in the config or --agency: the agencies (as given) and sectors reported, and
   * how many referrals of how many other agencies were linted but left out of the report and
   * its scores.
   */
  only?: { agencies: string[]; sectors: string[]; leftOut: number; leftOutAgencies: number };
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
    /** The band of the run's score; null when there is no score. */
    band: Band | null;
    cleanRate: number | null;
    /** The score model and band cut-offs the scores were computed with. */
    scoring: ScoringSettings;
    internalErrors: number;
    now: string;
  };
  files: FileResult[];
  /** Every referral read, unless the run was told to keep fewer (LintOptions.keepReferrals). */
  referrals: ReferralResult[];
  agencies: GroupScore[];
  sectors: GroupScore[];
  dimensions: { name: string; score: number | null; referrals: number }[];
  rules: { id: string; dimension: string; severity: string; weight: number; penalty: number; applicable: number; failed: number }[];
  internalErrors: InternalError[];
  /** With --baseline: the comparison with the earlier report. */
  baseline?: BaselineComparison;
  /**
   * Present when a gate was set (--max-warnings, --min-score, --min-clean-rate, --fail-on new):
   * each gate's outcome, failed or passed; per-agency gates have one entry per agency.
   */
  gates?: GateResult[];
  /**
   * Files a directory walk or glob found that are no referral export (a referral-lint
   * report, a SARIF log, a package.json, a config, an object with none of a referral's
   * required keys), left out of the run and of `files`; present only when there are some.
   */
  skipped?: SkippedFileRecord[];
}

/** A gate the run was held to: a limit the CLI (or LintOptions.gates) set, and how the run measured up. */
export interface GateResult {
  /**
   * The option: `max-warnings` (warnings, at most limit), `min-score` and `min-clean-rate`
   * (each agency's score or clean rate, at least limit), `fail-on` (with --fail-on new: error
   * findings the baseline does not have, at most limit, 0).
   */
  gate: 'max-warnings' | 'min-score' | 'min-clean-rate' | 'fail-on';
  limit: number;
  /** What the run measured: a count, or the agency's score or clean rate; null when no agency has one. */
  actual: number | null;
  passed: boolean;
  /** The agency, for the per-agency gates (min-score, min-clean-rate). */
  agency?: string;
}

/** A file left out of the run: its path and what it is instead of a referral export. */
export interface SkippedFileRecord {
  path: string;
  reason: string;
}

// --baseline: this run compared with an earlier report (src/score/baseline.ts).

/** How often one rule failed on one agency's referrals, then and now. */
export interface AgencyRuleChange {
  agency: string;
  ruleId: string;
  /** Referrals it applied to and failed on in the baseline (0 when the baseline had none). */
  previousApplicable: number;
  previousFailed: number;
  applicable: number;
  failed: number;
  /** Failed over applicable, as percentages (2 decimals); null when it applied to none. */
  previousRate: number | null;
  rate: number | null;
  /** rate − previousRate in percentage points; null when either is. Positive: it fails more often. */
  rateChange: number | null;
}

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
  /** Why the comparison may not be like with like (another config or rule set); present only when there is a reason. */
  warnings?: string[];
  /** When the baseline run was made (its summary.now). */
  previousNow: string;
  previousScore: number | null;
  /** This run's score minus the baseline's; null when either is missing, or when the two were computed another way (scoringChanged). */
  scoreChange: number | null;
  /**
   * Present (true) only when the baseline's scores were computed with another score model or
   * other penalties (a report without summary.scoring used weighted-pass): score changes are
   * then null, since the difference would be the model's.
   */
  scoringChanged?: true;
  newFindings: number;
  /** New findings of severity error: what --fail-on new gates on. */
  newErrors: number;
  fixedFindings: number;
  /** One entry per agency of this run, in this run's order. */
  agencies: AgencyChange[];
  /**
   * The comparison by agency and rule, from the two reports' counts (not referral by
   * referral): for month-on-month trends, where referral ids differ between exports. One entry
   * per agency and rule that applied in either run, where the count of failures changed.
   */
  byAgencyAndRule?: AgencyRuleChange[];
  fixed: FixedFinding[];
}
