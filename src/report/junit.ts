// The JUnit XML report, for CI systems' test views (GitLab, Jenkins, Azure): a test suite per
// agency, a test case per referral and rule that applied to it, failed when the rule found an
// error or a warning. The XML is built, and escaped, by fast-xml-parser. Text from the input
// (agency names, ids, file names, messages) has its control characters shown escaped
// (src/report/printable.ts): XML 1.0 cannot carry most of them, and a CI log would run them.
import { XMLBuilder } from 'fast-xml-parser';
import type { Reporter } from './types.js';
import { cellPlace, gateSentence, messageWithValue, referralsByAgency } from './format.js';
import { printable } from './printable.js';
import type { AgencyChange, Coverage, FileResult, Finding, GateResult, GroupScore, InternalError, LintResult, ReferralResult } from '../model/types.js';

const ATTR = '@_';
const NOT_LINTED = 'files not linted';
const GATES = 'gates';

type XmlNode = { [key: string]: unknown };
type Outcome = 'passed' | 'failed' | 'error' | 'skipped';
interface TestCase {
  outcome: Outcome;
  node: XmlNode;
}

/** Attributes in the builder's shape, text shown printable; an undefined value is left out. */
function attrs(values: Record<string, string | number | undefined>): XmlNode {
  const out: XmlNode = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out[ATTR + name] = typeof value === 'string' ? printable(value) : value;
  return out;
}

/** `file:line:col`, or as much of it as is known; for a table, `file row 14, column F "Consent given"`. */
function location(file: string, line?: number, column?: number, cell?: string): string {
  if (cell !== undefined) return `${file} ${cell}`;
  return line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/** One line per finding: `<severity> <file>:<line>:<col> <pointer> <message>`; each line printable, so only the joins break lines. */
function findingLines(file: string, findings: readonly Finding[]): string {
  return findings
    .map((f) => printable(`${f.severity} ${location(file, f.line, f.column, cellPlace(f))} ${f.pointer || '/'} ${messageWithValue(f)}${f.isNew ? ' (new)' : ''}`))
    .join('\n');
}

/** A rule its table could not judge the referral by is skipped, with the columns the table lacks. */
function notAssessedCase(referral: ReferralResult, ruleId: string, coverage: Coverage | undefined): TestCase {
  const missing = coverage?.notAssessed.find((n) => n.ruleId === ruleId)?.missing;
  return {
    outcome: 'skipped',
    node: {
      ...attrs({ name: ruleId, classname: classname(referral), file: referral.file, line: referral.line }),
      skipped: attrs({ message: `not assessed: the table has no column for ${missing ? missing.join(', ') : 'a field the rule needs'}` }),
    },
  };
}

/** Where a referral stands in its file when it has no id: its pointer, YAML document or NDJSON line. */
function locator(at: { pointer: string; document?: number; line?: number }): string {
  if (at.pointer) return `at ${at.pointer}`;
  if (at.document !== undefined) return `document ${at.document}`;
  if (at.line !== undefined) return `line ${at.line}`;
  return 'at /';
}

/** `<agency>.<referral id>`: CI tools read the last dot as package.class, so the agency groups its referrals. */
function classname(referral: ReferralResult): string {
  return `${referral.agency}.${referral.id ?? `(no id) ${locator(referral)}`}`;
}

/** Findings grouped by rule id, in order of first appearance. */
function byRule(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = out.get(f.ruleId);
    if (list) list.push(f);
    else out.set(f.ruleId, [f]);
  }
  return out;
}

/**
 * The rule crashes of each referral. An internal error names the referral by file, pointer
 * and id only, so it goes to the first referral, in run order, that matches and applied the rule.
 */
function crashesOf(result: LintResult): Map<ReferralResult, Map<string, InternalError>> {
  const out = new Map<ReferralResult, Map<string, InternalError>>();
  if (result.internalErrors.length === 0) return out;
  // Referrals by file and pointer, in run order: one pass, however many crashes there are.
  const at = new Map<string, ReferralResult[]>();
  for (const r of result.referrals) {
    const key = `${r.file}\u0000${r.pointer}`;
    const list = at.get(key);
    if (list) list.push(r);
    else at.set(key, [r]);
  }
  for (const e of result.internalErrors) {
    const referral = at
      .get(`${e.file}\u0000${e.pointer}`)
      ?.find((r) => r.id === e.referralId && r.rulesApplied.includes(e.ruleId) && !out.get(r)?.has(e.ruleId));
    if (!referral) continue;
    const map = out.get(referral) ?? new Map<string, InternalError>();
    map.set(e.ruleId, e);
    out.set(referral, map);
  }
  return out;
}

function ruleCase(referral: ReferralResult, ruleId: string, findings: readonly Finding[], crash?: InternalError): TestCase {
  const problems = findings.filter((f) => f.severity !== 'info');
  const infos = findings.filter((f) => f.severity === 'info');
  const node: XmlNode = attrs({
    name: ruleId,
    classname: classname(referral),
    file: referral.file,
    line: findings[0]?.line ?? referral.line,
  });
  let outcome: Outcome = 'passed';
  if (crash) {
    // A crashed rule counts as failed in the score; JUnit calls an unexpected failure an error.
    outcome = 'error';
    node.error = { ...attrs({ message: `rule ${ruleId} crashed: ${crash.message}`, type: 'internal-error' }), ...(problems.length > 0 ? { '#text': findingLines(referral.file, problems) } : {}) };
  } else if (problems.length > 0) {
    outcome = 'failed';
    node.failure = { ...attrs({ message: messageWithValue(problems[0]!), type: problems[0]!.severity }), '#text': findingLines(referral.file, problems) };
  }
  if (infos.length > 0) node['system-out'] = findingLines(referral.file, infos);
  return { outcome, node };
}

/** A rule suppressed by lintIgnore is skipped, not hidden: the findings it would have reported are listed. */
function suppressedCase(referral: ReferralResult, ruleId: string, findings: readonly Finding[]): TestCase {
  return {
    outcome: 'skipped',
    node: {
      ...attrs({ name: ruleId, classname: classname(referral), file: referral.file, line: findings[0]?.line ?? referral.line }),
      skipped: { ...attrs({ message: 'suppressed by lintIgnore' }), '#text': findingLines(referral.file, findings) },
    },
  };
}

function referralCases(referral: ReferralResult, crashes: ReadonlyMap<string, InternalError> | undefined, coverage: ReadonlyMap<string, Coverage>): TestCase[] {
  const findings = byRule(referral.findings);
  const applied = referral.rulesApplied.map((id) => ruleCase(referral, id, findings.get(id) ?? [], crashes?.get(id)));
  const suppressed = [...byRule(referral.suppressed)].map(([id, list]) => suppressedCase(referral, id, list));
  const notAssessed = (referral.notAssessed ?? []).map((id) => notAssessedCase(referral, id, coverage.get(referral.file)));
  return [...applied, ...suppressed, ...notAssessed];
}

function property(name: string, value: number | string | null): XmlNode {
  return attrs({ name, value: value ?? '' });
}

function agencyProperties(agency: GroupScore, change: AgencyChange | undefined): XmlNode[] {
  const props = [property('sector', agency.sector), property('score', agency.score), property('band', agency.band), property('cleanRate', agency.cleanRate)];
  if (change) {
    props.push(
      property('previousScore', change.previousScore),
      property('scoreChange', change.scoreChange),
      property('newFindings', change.newFindings),
      property('fixedFindings', change.fixedFindings),
    );
  }
  return props;
}

function count(cases: readonly TestCase[], outcome: Outcome): number {
  return cases.filter((c) => c.outcome === outcome).length;
}

function suite(name: string, cases: readonly TestCase[], properties?: XmlNode[]): { cases: readonly TestCase[]; node: XmlNode } {
  return {
    cases,
    node: {
      ...attrs({
        name,
        tests: cases.length,
        failures: count(cases, 'failed'),
        errors: count(cases, 'error'),
        skipped: count(cases, 'skipped'),
        time: 0,
      }),
      ...(properties ? { properties: { property: properties } } : {}),
      testcase: cases.map((c) => c.node),
    },
  };
}

function notLintedCases(files: readonly FileResult[]): TestCase[] {
  const cases: TestCase[] = [];
  for (const f of files) {
    if (f.error !== undefined) {
      cases.push({
        outcome: 'error',
        node: { ...attrs({ name: f.path, classname: NOT_LINTED, file: f.path, line: f.line }), error: attrs({ message: `file not linted: ${f.error}`, type: 'failed-file' }) },
      });
    }
    for (const r of f.failedReferrals) {
      cases.push({
        outcome: 'error',
        node: {
          ...attrs({ name: `${f.path} referral ${locator(r)}`, classname: NOT_LINTED, file: f.path, line: r.line }),
          error: attrs({ message: `referral not linted: ${r.reason}`, type: 'failed-referral' }),
        },
      });
    }
  }
  return cases;
}

/** One test case per gate entry (per agency for --min-score and --min-clean-rate): failed when the gate failed. */
function gateCases(gates: readonly GateResult[]): TestCase[] {
  return gates.map((g) => {
    const name = `--${g.gate} ${g.gate === 'fail-on' ? 'new' : g.limit}${g.agency !== undefined ? ` (${g.agency})` : ''}`;
    const node: XmlNode = attrs({ name, classname: GATES });
    if (g.passed) return { outcome: 'passed', node };
    node.failure = { ...attrs({ message: gateSentence(g), type: 'gate' }) };
    return { outcome: 'failed', node };
  });
}

// XML 1.0 cannot carry most control characters, even escaped. Text from the input is printable
// already; this is the last guard (and replaces lone surrogates and U+FFFE, U+FFFF).
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlSafe(node: unknown): unknown {
  if (typeof node === 'string') return node.replace(NOT_XML, '\uFFFD');
  if (Array.isArray(node)) return node.map(xmlSafe);
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, xmlSafe(v)]));
  return node;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
});

export const junit: Reporter = (result: LintResult) => {
  const crashes = crashesOf(result);
  const byAgency = referralsByAgency(result);
  const changes = result.baseline?.agencies;
  const coverage = new Map(result.files.flatMap((f) => (f.coverage ? [[f.path, f.coverage] as const] : [])));
  const suites = result.agencies.map((agency, i) => {
    const cases = (byAgency.get(agency.name) ?? []).flatMap((r) => referralCases(r, crashes.get(r), coverage));
    // baseline.agencies holds one entry per agency of this run, in this run's order.
    const change = changes?.[i]?.name === agency.name ? changes[i] : changes?.find((c) => c.name === agency.name);
    return suite(agency.name, cases, agencyProperties(agency, change));
  });
  const notLinted = notLintedCases(result.files);
  if (notLinted.length > 0) suites.push(suite(NOT_LINTED, notLinted));
  if (result.gates && result.gates.length > 0) suites.push(suite(GATES, gateCases(result.gates)));

  const all = suites.flatMap((s) => s.cases);
  const document = {
    '?xml': attrs({ version: '1.0', encoding: 'UTF-8' }),
    testsuites: {
      ...attrs({
        name: 'referral-lint',
        tests: all.length,
        failures: count(all, 'failed'),
        errors: count(all, 'error'),
        skipped: count(all, 'skipped'),
        time: 0,
      }),
      testsuite: suites.map((s) => s.node),
    },
  };
  return `${(builder.build(xmlSafe(document)) as string).trimEnd()}\n`;
};
