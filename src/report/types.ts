import type { RuleMeta } from '../rule-api/rule.js';
import type { LintResult, ReferralListing, ReferralResult } from '../model/types.js';

export interface ReportOptions {
  /** Only error findings are listed. */
  quiet?: boolean;
  color?: boolean;
  /**
   * What each rule of the run says about itself (description, docs, fix guidance), by id.
   * Documentation only: reporters never recompute a score.
   */
  rules?: ReadonlyMap<string, RuleMeta<object>>;
  /**
   * html: list at most this many referrals with findings, those that score lowest, with a
   * line saying how many more there are (default DEFAULT_MAX_LISTED, 500; 0: every one).
   */
  maxListed?: number;
  /**
   * When the run kept only the referrals listed (KeepReferrals 'worst', runLint's `listing`):
   * the counts of all its referrals with findings. Without it, html and markdown count them
   * from the result's referrals.
   */
  listing?: ReferralListing;
}

/** A reporter is a pure function of the result. */
export type Reporter = (result: LintResult, options: ReportOptions) => string;

/** How many referrals a report's middle holds, and their findings and suppressed findings together. */
export interface PartCounts {
  referrals: number;
  results: number;
}

/**
 * A report in three parts, so it can be written as the run goes (src/run/spool.ts): the head,
 * each referral's piece in run order, and the tail. head + every piece + tail is the reporter's
 * whole output, byte for byte.
 */
export interface ReportParts {
  /** When given, told of every referral, in order, before any piece is asked for (a first pass: stylish's column widths). */
  scan?(referral: ReferralResult): void;
  head: string;
  /** One referral's piece, given in run order (`index`, from 0, its place in the run), or by agency with byAgency. */
  referral(referral: ReferralResult, index: number): string;
  /**
   * When given (read after the head), the referrals are printed grouped by agency (junit's
   * suites): for each entry, its agency's referrals in run order, then `after`. Agencies
   * not listed have none printed.
   */
  readonly byAgency?: readonly { agency: string; after: string }[];
  /** Read once, after the last piece. */
  tail: string;
}

/**
 * A reporter in parts: `result` is the run's result with no referrals (`referrals: []`),
 * `counts` what its referrals hold.
 */
export type PartedReporter = (result: LintResult, options: ReportOptions, counts: PartCounts) => ReportParts;

/** The whole report from its parts: what a reporter in parts prints for a result held in memory. */
export function wholeReport(parted: PartedReporter): Reporter {
  return (result, options) => {
    const counts = { referrals: result.referrals.length, results: 0 };
    for (const r of result.referrals) counts.results += r.findings.length + r.suppressed.length;
    const parts = parted({ ...result, referrals: [] }, options, counts);
    if (parts.scan) for (const r of result.referrals) parts.scan(r);
    let out = parts.head;
    if (parts.byAgency) {
      const indices = new Map<string, number[]>();
      for (const [i, r] of result.referrals.entries()) {
        const list = indices.get(r.agency);
        if (list) list.push(i);
        else indices.set(r.agency, [i]);
      }
      for (const { agency, after } of parts.byAgency) {
        for (const i of indices.get(agency) ?? []) out += parts.referral(result.referrals[i]!, i);
        out += after;
      }
    } else for (const [i, r] of result.referrals.entries()) out += parts.referral(r, i);
    return out + parts.tail;
  };
}

/** A value's JSON (two-space indent), as it is printed `depth` levels deep in a larger document. */
export function nestedJson(value: unknown, depth: number): string {
  const indent = ' '.repeat(2 * depth);
  // JSON.stringify escapes line breaks within strings: every \n in its output starts a line.
  return indent + JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/**
 * A JSON document's text with one empty array (the key `key`, `depth` levels deep, printed as
 * `"key": []` on its own line) opened for `count` members to be written into it: the text
 * before them and after them.
 */
export function splitJsonArray(text: string, key: string, depth: number, count: number): { before: string; after: string } {
  const indent = ' '.repeat(2 * depth);
  const mark = `\n${indent}${JSON.stringify(key)}: []`;
  const at = text.indexOf(mark);
  // Keys are printed at their depth's indent; a string value's line breaks are escaped, so the mark is found once, where the key is.
  if (at < 0) throw new Error(`no empty "${key}" array at depth ${depth}`);
  const open = mark.slice(0, -1);
  return count === 0
    ? { before: text.slice(0, at) + open, after: `]${text.slice(at + mark.length)}` }
    : { before: `${text.slice(0, at)}${open}\n`, after: `\n${indent}]${text.slice(at + mark.length)}` };
}
