// The JUnit XML report, for CI systems' test views (GitLab, Jenkins, Azure): a test suite per
// agency, a test case per referral and rule that applied to it, failed when the rule found an
// error or a warning. The XML is built, and escaped, by fast-xml-parser. Text from the input
// (agency names, ids, file names, messages) has its control characters shown escaped
// (src/report/printable.ts): XML 1.0 cannot carry most of them, and a CI log would run them.
import { XMLBuilder } from 'fast-xml-parser';
import { wholeReport, type PartedReporter, type Reporter } from './types.js';
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

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function tallyOf(cases: readonly TestCase[]): Tally {
  return { tests: cases.length, failures: count(cases, 'failed'), errors: count(cases, 'error'), skipped: count(cases, 'skipped') };
}

/** The test cases of one suite, counted but not held (their nodes come later, as the referrals are printed). */
function countedSuite(name: string, tally: Tally, properties: XmlNode[], placeholder: XmlNode | undefined): XmlNode {
  return {
    ...attrs({ name, tests: tally.tests, failures: tally.failures, errors: tally.errors, skipped: tally.skipped, time: 0 }),
    properties: { property: properties },
    testcase: placeholder ? [placeholder] : [],
  };
}

const FRAGMENT_HEAD = '<a>\n  <b>\n';
const FRAGMENT_TAIL = '  </b>\n</a>\n';

/** Test cases as the builder prints them inside a suite (two levels deep). */
function casesText(cases: readonly TestCase[]): string {
  if (cases.length === 0) return '';
  const text = builder.build(xmlSafe({ a: { b: { testcase: cases.map((c) => c.node) } } })) as string;
  if (!text.startsWith(FRAGMENT_HEAD) || !text.endsWith(FRAGMENT_TAIL)) throw new Error('junit: test cases printed in an unexpected shape');
  return text.slice(FRAGMENT_HEAD.length, -FRAGMENT_TAIL.length);
}

/**
 * The JUnit report in parts. A first pass (scan) gives each referral its rule crashes and
 * counts each agency's test cases; the document is printed with a placeholder test case in
 * each agency's suite, and cut there: each agency's referrals' test cases go in its place.
 */
export const junitParts: PartedReporter = (result: LintResult) => {
  const coverage = new Map(result.files.flatMap((f) => (f.coverage ? [[f.path, f.coverage] as const] : [])));
  // crashesOf, as the referrals come: an internal error goes to the first referral, in run order, that matches and applied the rule.
  const errorsAt = new Map<string, InternalError[]>();
  for (const e of result.internalErrors) {
    const key = `${e.file}\u0000${e.pointer}`;
    const list = errorsAt.get(key);
    if (list) list.push(e);
    else errorsAt.set(key, [e]);
  }
  const taken = new Set<InternalError>();
  const crashes = new Map<number, Map<string, InternalError>>();
  const tallies = new Map<string, Tally>();
  let scanned = 0;
  const scan = (r: ReferralResult): void => {
    const index = scanned++;
    const candidates = errorsAt.get(`${r.file}\u0000${r.pointer}`);
    let mine: Map<string, InternalError> | undefined;
    for (const e of candidates ?? []) {
      if (taken.has(e) || e.referralId !== r.id || !r.rulesApplied.includes(e.ruleId) || mine?.has(e.ruleId)) continue;
      mine ??= new Map();
      mine.set(e.ruleId, e);
      taken.add(e);
    }
    if (mine) crashes.set(index, mine);
    const t = tallyOf(referralCases(r, mine, coverage));
    const sum = tallies.get(r.agency);
    if (sum) {
      sum.tests += t.tests;
      sum.failures += t.failures;
      sum.errors += t.errors;
      sum.skipped += t.skipped;
    } else tallies.set(r.agency, t);
  };

  const groups: { agency: string; after: string }[] = [];
  let head = '';
  const layout = (): void => {
    const changes = result.baseline?.agencies;
    const marker = (i: number): string => `referral-lint-cases-${i}-${'x'.repeat(8)}`;
    const zero: Tally = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const suites = result.agencies.map((agency, i) => {
      const tally = tallies.get(agency.name) ?? zero;
      // baseline.agencies holds one entry per agency of this run, in this run's order.
      const change = changes?.[i]?.name === agency.name ? changes[i] : changes?.find((c) => c.name === agency.name);
      return { tally, node: countedSuite(agency.name, tally, agencyProperties(agency, change), tally.tests > 0 ? { [`${ATTR}name`]: marker(i) } : undefined) };
    });
    const notLinted = notLintedCases(result.files);
    const others = [...(notLinted.length > 0 ? [suite(NOT_LINTED, notLinted)] : []), ...(result.gates && result.gates.length > 0 ? [suite(GATES, gateCases(result.gates))] : [])];
    const all = [...suites.map((s) => s.tally), ...others.map((s) => tallyOf(s.cases))];
    const total = (key: keyof Tally): number => all.reduce((n, t) => n + t[key], 0);
    const document = {
      '?xml': attrs({ version: '1.0', encoding: 'UTF-8' }),
      testsuites: {
        ...attrs({ name: 'referral-lint', tests: total('tests'), failures: total('failures'), errors: total('errors'), skipped: total('skipped'), time: 0 }),
        testsuite: [...suites.map((s) => s.node), ...others.map((s) => s.node)],
      },
    };
    const text = `${(builder.build(xmlSafe(document)) as string).trimEnd()}\n`;
    // Cut at each placeholder's line: the text before the first is the head, each agency's cases go where its line was.
    let from = 0;
    let previous: string | undefined;
    for (const [i, agency] of result.agencies.entries()) {
      if ((tallies.get(agency.name)?.tests ?? 0) === 0) continue;
      const at = text.indexOf(`<testcase name="${marker(i)}"/>\n`, from);
      if (at < 0) throw new Error('junit: placeholder not found');
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const before = text.slice(from, lineStart);
      if (previous === undefined) head = before;
      else groups.push({ agency: previous, after: before });
      previous = agency.name;
      from = text.indexOf('\n', at) + 1;
    }
    if (previous === undefined) head = text;
    else groups.push({ agency: previous, after: text.slice(from) });
  };

  return {
    scan,
    get head() {
      layout();
      return head;
    },
    get byAgency() {
      return groups;
    },
    referral: (r: ReferralResult, index: number) => casesText(referralCases(r, crashes.get(index), coverage)),
    tail: '',
  };
};

export const junit: Reporter = wholeReport(junitParts);
