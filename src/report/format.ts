import type { LintResult, ReferralResult } from '../model/types.js';
// Small formatting helpers shared by the human-readable reporters.

export function percent(value: number | null, digits = 1): string {
  return value === null ? '-' : value.toFixed(digits);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** `file:line:col`, as editors and terminals link it. */
export function where(line?: number, column?: number): string {
  return line === undefined ? '-' : column === undefined ? `${line}` : `${line}:${column}`;
}

/** A score change with its sign: +2.5, -1.0, 0.0; `-` when either score is missing. */
export function signed(change: number | null, digits = 1): string {
  if (change === null) return '-';
  const text = Math.abs(change).toFixed(digits);
  return change > 0 && Number(text) !== 0 ? `+${text}` : change < 0 && Number(text) !== 0 ? `-${text}` : text;
}

/** Values longer than this are cut in text reports (the JSON report keeps them whole). */
const VALUE_PREVIEW = 200;

/** A finding's message, followed by its value when the run was asked to include personal data. */
export function messageWithValue(finding: { message: string; value?: string | number | boolean }): string {
  if (finding.value === undefined) return finding.message;
  const text = JSON.stringify(finding.value);
  return `${finding.message} (value: ${text.length > VALUE_PREVIEW ? `${text.slice(0, VALUE_PREVIEW)}…` : text})`;
}

/**
 * The result's referrals grouped by agency name, in run order: one pass, so a report that
 * lists each agency's referrals takes time in proportion to the referrals, however many
 * agencies there are.
 */
export function referralsByAgency(result: LintResult): Map<string, ReferralResult[]> {
  const groups = new Map<string, ReferralResult[]>();
  for (const r of result.referrals) {
    const list = groups.get(r.agency);
    if (list) list.push(r);
    else groups.set(r.agency, [r]);
  }
  return groups;
}
