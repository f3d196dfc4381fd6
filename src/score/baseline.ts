// Trends: this run compared with an earlier JSON report (--baseline). Findings are matched
// by a key that does not depend on the file or the referral's place in it: the referral's
// id, the rule, and the pointer inside the referral (for a key the format does not name, the
// object that holds it and the key's length: see findingKey). Scores are not recomputed: the
// comparison subtracts the scores the two reports already hold.
import { SEVERITIES } from '../domain/codes.js';
import { UsageError } from '../model/errors.js';
import type { AgencyChange, BaselineComparison, Finding, FixedFinding, LintResult, ReferralResult } from '../model/types.js';
import { SCHEMA_RULE_ID } from '../rule-api/special.js';
import { unknownKeyIdentity, withoutKeyName } from '../schema/validate.js';
import { round2 } from './score.js';

/** The pointer of a finding inside its referral. */
export function pointerInReferral(referral: Pick<ReferralResult, 'pointer'>, finding: Pick<Finding, 'pointer'>): string {
  return finding.pointer.startsWith(referral.pointer) ? finding.pointer.slice(referral.pointer.length) : finding.pointer;
}

/** The referral's part of a finding key: its id, or where it stands when it has none. */
function referralKey(referral: Pick<ReferralResult, 'id' | 'file' | 'pointer'>): string {
  return referral.id !== null ? `id:${referral.id}` : `at:${referral.file}#${referral.pointer}`;
}

export function findingKey(referral: Pick<ReferralResult, 'id' | 'file' | 'pointer'>, finding: Pick<Finding, 'ruleId' | 'pointer'> & { message?: string }): string {
  const pointer = pointerInReferral(referral, finding);
  // An unknown key (--strict) is matched by the object that holds it and its length, so reports
  // made with and without --include-personal-data (which names the key) match each other.
  // A baseline is read from a file: its message may be missing, or not text.
  const unknownKey = finding.ruleId === SCHEMA_RULE_ID && typeof finding.message === 'string' ? unknownKeyIdentity(pointer, finding.message) : undefined;
  return `${referralKey(referral)}\u0000${finding.ruleId}\u0000${unknownKey ?? pointer}`;
}

/** A fixed finding's pointer; an unknown key's name, from a baseline made with --include-personal-data, only when this run has it too. */
function fixedPointer(referral: ReferralResult, finding: Finding, includesPersonalData: boolean): string {
  const pointer = pointerInReferral(referral, finding);
  if (includesPersonalData || finding.ruleId !== SCHEMA_RULE_ID) return pointer;
  return withoutKeyName(pointer, finding.message)?.pointer ?? pointer;
}

const diff = (now: number | null, before: number | null): number | null => (now === null || before === null ? null : round2(now - before));

/**
 * Compares `result` with `baseline`, marks each finding of `result` with `isNew`, and
 * returns the comparison (the caller attaches it to the result).
 */
export function compareWithBaseline(result: LintResult, baseline: LintResult, file: string): BaselineComparison {
  const before = new Map<string, { referral: ReferralResult; finding: Finding }>();
  for (const referral of baseline.referrals) {
    for (const finding of referral.findings) before.set(findingKey(referral, finding), { referral, finding });
  }
  const current = new Set<string>();
  const agencyNew = new Map<string, number>();
  let newFindings = 0;
  let newErrors = 0;
  for (const referral of result.referrals) {
    for (const finding of referral.findings) {
      const key = findingKey(referral, finding);
      current.add(key);
      finding.isNew = !before.has(key);
      if (!finding.isNew) continue;
      newFindings += 1;
      if (finding.severity === 'error') newErrors += 1;
      agencyNew.set(referral.agency, (agencyNew.get(referral.agency) ?? 0) + 1);
    }
  }
  // Fixed: the referral was checked again and the finding is gone. A referral that is not
  // in this run at all (last month's export) has nothing fixed; it was simply not checked.
  // A fixed finding counts for the agency as this run names it.
  const agencyNow = new Map(result.referrals.map((r) => [referralKey(r), r.agency]));
  const fixed: FixedFinding[] = [];
  const agencyFixed = new Map<string, number>();
  for (const [key, { referral, finding }] of before) {
    const agency = agencyNow.get(referralKey(referral));
    if (current.has(key) || agency === undefined) continue;
    fixed.push({ referralId: referral.id, agency, ruleId: finding.ruleId, severity: finding.severity, pointer: fixedPointer(referral, finding, result.includesPersonalData === true) });
    agencyFixed.set(agency, (agencyFixed.get(agency) ?? 0) + 1);
  }
  const previousAgency = new Map(baseline.agencies.map((a) => [a.name, a]));
  return {
    file,
    previousNow: baseline.summary.now,
    previousScore: baseline.summary.score,
    scoreChange: diff(result.summary.score, baseline.summary.score),
    newFindings,
    newErrors,
    fixedFindings: fixed.length,
    agencies: result.agencies.map((a) => {
      const previousScore = previousAgency.get(a.name)?.score ?? null;
      return {
        name: a.name,
        previousScore,
        scoreChange: diff(a.score, previousScore),
        newFindings: agencyNew.get(a.name) ?? 0,
        fixedFindings: agencyFixed.get(a.name) ?? 0,
      };
    }),
    fixed,
  };
}

/** Reads an earlier JSON report; anything else is a usage error naming what was expected. */
/** An earlier JSON report's text, checked to hold what the comparison reads; `display` names it in messages. */
export function parseBaseline(text: string, display: string): LintResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new UsageError(`--baseline ${display}: not JSON; expected a report written by referral-lint --format json`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !['summary', 'referrals', 'agencies'].every((k) => k in data)) {
    throw new UsageError(`--baseline ${display}: not a referral-lint JSON report; expected an object with tool, summary, referrals and agencies (referral-lint --format json)`);
  }
  const problem = reportProblem(data as Record<string, unknown>);
  if (problem !== undefined) {
    throw new UsageError(`--baseline ${display}: not a referral-lint JSON report: ${problem}; expected a report written by referral-lint --format json`);
  }
  return data as LintResult;
}

/** What a value is, for a message: its kind, never its content (a baseline may hold anything). */
function kindOf(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  return { string: 'text', number: 'a number', boolean: 'true or false', object: 'an object' }[typeof x as string] ?? typeof x;
}

type Check = [field: string, is: (x: unknown) => boolean, expected: string];

const isText = (x: unknown): boolean => typeof x === 'string';
const isScore = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
const isTime = (x: unknown): boolean => typeof x === 'string' && !Number.isNaN(Date.parse(x));
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const SCORE = 'a score (a number, or null)';

/** The first place, as a JSON pointer, where `value` lacks what the comparison reads: `expected`, found `kind`. */
function fieldProblem(value: Record<string, unknown>, at: string, checks: readonly Check[]): string | undefined {
  for (const [field, is, expected] of checks) {
    if (!is(value[field])) return `${at}/${field} should be ${expected}, found ${kindOf(value[field])}`;
  }
  return undefined;
}

function listProblem(list: unknown, at: string, item: string, checks: readonly Check[], inner?: (x: Record<string, unknown>, at: string) => string | undefined): string | undefined {
  if (!Array.isArray(list)) return `${at} should be a list, found ${kindOf(list)}`;
  for (const [i, x] of list.entries()) {
    if (!isObject(x)) return `${at}/${i} should be ${item}, found ${kindOf(x)}`;
    const problem = fieldProblem(x, `${at}/${i}`, checks) ?? inner?.(x, `${at}/${i}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Whether the report holds, in every part, what compareWithBaseline and the reports read
 * from a baseline: the summary's time and score, each agency's name and score, and each
 * referral's place and findings.
 */
function reportProblem(d: Record<string, unknown>): string | undefined {
  if (!isObject(d.summary)) return `/summary should be an object, found ${kindOf(d.summary)}`;
  return (
    fieldProblem(d.summary, '/summary', [
      ['now', isTime, 'the date and time of the run'],
      ['score', isScore, SCORE],
    ]) ??
    listProblem(d.agencies, '/agencies', 'an agency (an object with name and score)', [
      ['name', isText, 'text'],
      ['score', isScore, SCORE],
    ]) ??
    listProblem(
      d.referrals,
      '/referrals',
      'a referral (an object with id, file, pointer and findings)',
      [
        ['id', (x) => x === null || isText(x), 'text, or null'],
        ['file', isText, 'text'],
        ['pointer', isText, 'text'],
      ],
      (r, at) =>
        listProblem(r.findings, `${at}/findings`, 'a finding (an object with ruleId, severity and pointer)', [
          ['ruleId', isText, 'text'],
          ['severity', (x) => (SEVERITIES as readonly unknown[]).includes(x), `one of ${SEVERITIES.join(', ')}`],
          ['pointer', isText, 'text'],
        ]),
    )
  );
}
