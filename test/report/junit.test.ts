// The JUnit report, read back with a real XML parser: suites per agency, cases per referral and rule.
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import { lint } from '../../src/run/lint.js';
import { junit } from '../../src/report/junit.js';
import type { ReportOptions } from '../../src/report/types.js';
import { baselineRuns, cleanReferral, edit, personalDataReferral } from '../helpers.js';
import type { LintResult } from '../../src/model/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-01T06:00:00Z';
const options: ReportOptions = { rules: new Map(builtInRules.map((r) => [r.meta.id, r.meta])) };

interface Outcome {
  '@_message': string;
  '@_type'?: string;
  '#text'?: string;
}
interface TestCase {
  '@_name': string;
  '@_classname': string;
  '@_file': string;
  '@_line'?: string;
  failure?: Outcome;
  error?: Outcome;
  skipped?: Outcome;
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  '@_time': string;
  properties?: { property: { '@_name': string; '@_value': string }[] };
  testcase?: TestCase[];
}
interface Report {
  testsuites: { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; '@_time': string; testsuite: Suite[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

/** Parses the report, failing the test when the XML is not well formed. */
function parse(xml: string): Report {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Report;
}

function properties(suite: Suite): Record<string, string> {
  return Object.fromEntries((suite.properties?.property ?? []).map((p) => [p['@_name'], p['@_value']]));
}

function findCase(suite: Suite, classname: string, name: string): TestCase {
  const found = (suite.testcase ?? []).filter((c) => c['@_classname'] === classname && c['@_name'] === name);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('junit on the sample fixtures', () => {
  let result: LintResult;
  let xml: string;
  let report: Report;
  beforeAll(async () => {
    result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    xml = junit(result, options);
    report = parse(xml);
  });

  it('is well-formed XML with a declaration and a root that totals every suite', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    const root = report.testsuites;
    expect([root['@_name'], root['@_tests'], root['@_failures'], root['@_errors'], root['@_skipped'], root['@_time']]).toEqual([
      'referral-lint', '629', '54', '0', '0', '0',
    ]);
    // 629 rule applications and 54 failed ones: the result's own tallies.
    expect(sum(result.referrals.map((r) => r.rulesApplied.length))).toBe(629);
    expect(sum(result.rules.map((r) => r.failed))).toBe(54);
  });

  it('has one suite per agency, in the result order, each with a case per referral and applied rule', () => {
    const suites = report.testsuites.testsuite;
    expect(suites.map((s) => s['@_name'])).toEqual(result.agencies.map((a) => a.name));
    expect(suites).toHaveLength(9);
    for (const [i, agency] of result.agencies.entries()) {
      const suite = suites[i]!;
      const referrals = result.referrals.filter((r) => r.agency === agency.name);
      const failed = sum(Object.values(agency.rules).map((t) => t.failed));
      expect(suite.testcase).toHaveLength(sum(referrals.map((r) => r.rulesApplied.length)));
      expect(Number(suite['@_tests'])).toBe(suite.testcase!.length);
      expect(Number(suite['@_failures'])).toBe(failed);
      expect(suite.testcase!.filter((c) => c.failure !== undefined)).toHaveLength(failed);
      expect([suite['@_errors'], suite['@_skipped']]).toEqual(['0', '0']);
      expect(properties(suite)).toEqual({ sector: agency.sector, score: String(agency.score), band: agency.band, cleanRate: String(agency.cleanRate) });
    }
    const first = suites[0]!;
    expect([first['@_name'], first['@_tests'], first['@_failures']]).toEqual(['Ocean Road Medical Practice', '86', '13']);
    expect(properties(first)).toEqual({ sector: 'health', score: '65', band: 'inadequate', cleanRate: '14.29' });
  });

  it('fails a case with one failure listing every finding of the rule on the referral', () => {
    const school = report.testsuites.testsuite.find((s) => s['@_name'] === 'Westoe Primary School')!;
    const failed = findCase(school, 'Westoe Primary School.REF-2026-10-0004', 'early-help-agreement');
    expect(failed).toEqual({
      '@_name': 'early-help-agreement',
      '@_classname': 'Westoe Primary School.REF-2026-10-0004',
      '@_file': 'fixtures/2026-10-front-door.json',
      '@_line': '75',
      failure: {
        '@_message': 'earlyHelp.parentalViews is missing, empty or a placeholder: an early-help referral must say what the parents think',
        '@_type': 'error',
        '#text': [
          'error fixtures/2026-10-front-door.json:75:7 /referrals/0/earlyHelp/parentalViews earlyHelp.parentalViews is missing, empty or a placeholder: an early-help referral must say what the parents think',
          'error fixtures/2026-10-front-door.json:76:9 /referrals/0/earlyHelp/parentalAgreement earlyHelp.parentalAgreement records that the parents were not asked: early help is voluntary, so ask them and record agreed or declined',
        ].join('\n'),
      },
    });
    // A passing case carries the referral's own line.
    expect(findCase(school, 'Westoe Primary School.REF-2026-10-0004', 'schema-valid')).toEqual({
      '@_name': 'schema-valid',
      '@_classname': 'Westoe Primary School.REF-2026-10-0004',
      '@_file': 'fixtures/2026-10-front-door.json',
      '@_line': '9',
    });
  });

  it('turns a rule crash into an error on that case, counted in the suite errors', () => {
    const crashed: LintResult = structuredClone(result);
    crashed.internalErrors.push({ ruleId: 'schema-valid', referralId: 'REF-2026-10-0004', file: 'fixtures/2026-10-front-door.json', pointer: '/referrals/0', message: 'x is undefined' });
    const school = parse(junit(crashed, options)).testsuites.testsuite.find((s) => s['@_name'] === 'Westoe Primary School')!;
    expect(findCase(school, 'Westoe Primary School.REF-2026-10-0004', 'schema-valid').error).toEqual({
      '@_message': 'rule schema-valid crashed: x is undefined',
      '@_type': 'internal-error',
    });
    // The agency had 8 failed rule applications; one more, the crash, is an error, not a failure.
    expect(sum(Object.values(crashed.agencies.find((a) => a.name === 'Westoe Primary School')!.rules).map((t) => t.failed))).toBe(8);
    expect([school['@_tests'], school['@_errors'], school['@_failures']]).toEqual(['77', '1', '8']);
  });
});

describe('junit on small runs', () => {
  it('round-trips an agency name that needs escaping, escaped by the library', async () => {
    const name = `Tyneside "Young" <People's> & Project`;
    const result = await lint({ referrals: [edit(cleanReferral(), { 'referrer.agency': name, 'referrer.sector': 'voluntary', 'referrer.sourceCode': '8' })], label: 'mem.json', now: NOW });
    const xml = junit(result, options);
    const [suite] = parse(xml).testsuites.testsuite;
    expect(suite!['@_name']).toBe(name);
    expect(new Set(suite!.testcase!.map((c) => c['@_classname']))).toEqual(new Set([`${name}.REF-TEST-0001`]));
    expect(xml).toContain('name="Tyneside &quot;Young&quot; &lt;People&apos;s&gt; &amp; Project"');
  });

  it('shows a control character XML 1.0 cannot carry escaped, so the report stays well formed', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { 'referrer.agency': 'Bell\u0007 Police' })], label: 'mem.json', now: NOW });
    expect(parse(junit(result, options)).testsuites.testsuite[0]!['@_name']).toBe('Bell\\x07 Police');
  });

  it('passes a rule with info findings only and lists them in system-out', async () => {
    const result = await lint({
      referrals: [edit(cleanReferral(), { childsViews: undefined })],
      label: 'mem.json',
      now: NOW,
      config: { rules: { 'child-voice-recorded': 'info' } },
    });
    const [suite] = parse(junit(result, options)).testsuites.testsuite;
    expect(findCase(suite!, 'Example Police.REF-TEST-0001', 'child-voice-recorded')).toEqual({
      '@_name': 'child-voice-recorded',
      '@_classname': 'Example Police.REF-TEST-0001',
      '@_file': 'mem.json',
      'system-out': "info mem.json /0/childsViews the child's views are not recorded (childsViews.views), nor why not (childsViews.reasonNotRecorded)",
    });
    expect([suite!['@_tests'], suite!['@_failures']]).toEqual(['12', '0']);
  });

  it('lists a rule suppressed by lintIgnore as a skipped case with the findings it hid', async () => {
    const referral = edit(cleanReferral(), {
      'child.address.postcode': 'NE33 ZZZ',
      lintIgnore: [{ rule: 'identifiers-valid', reason: 'Postcode confirmed by phone with the school office' }],
    });
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.rulesApplied).not.toContain('identifiers-valid');
    const report = parse(junit(result, options));
    const [suite] = report.testsuites.testsuite;
    // suppression-valid applies to a referral with lintIgnore (and passes): one case more than above.
    expect([suite!['@_tests'], suite!['@_failures'], suite!['@_skipped']]).toEqual(['13', '0', '1']);
    expect(report.testsuites['@_skipped']).toBe('1');
    expect(suite!.testcase!.at(-1)).toEqual({
      '@_name': 'identifiers-valid',
      '@_classname': 'Example Police.REF-TEST-0001',
      '@_file': 'mem.json',
      skipped: {
        '@_message': 'suppressed by lintIgnore',
        '#text': 'error mem.json /0/child/address/postcode child.address.postcode is not a UK postcode in full (outward code, optional space, inward code)',
      },
    });
  });

  it('names a referral without an id by where it stands', async () => {
    const result = await lint({ referrals: [cleanReferral(), edit(cleanReferral(), { id: undefined, 'child.nhsNumber': undefined, 'child.givenName': 'Kim' })], label: 'mem.json', now: NOW });
    const [suite] = parse(junit(result, options)).testsuites.testsuite;
    expect(new Set(suite!.testcase!.map((c) => c['@_classname']))).toEqual(new Set(['Example Police.REF-TEST-0001', 'Example Police.(no id) at /1']));
  });

  it('adds a suite of the files and referrals that could not be linted, one error each', async () => {
    const result = await lint({ paths: ['test/fixtures-io/'], cwd: ROOT, now: NOW });
    const xml = junit(result, options);
    const report = parse(xml);
    const suites = report.testsuites.testsuite;
    expect(suites).toHaveLength(result.agencies.length + 1);
    const notLinted = suites.at(-1)!;
    expect([notLinted['@_name'], notLinted['@_tests'], notLinted['@_failures'], notLinted['@_errors'], notLinted['@_skipped']]).toEqual(['files not linted', '3', '0', '3', '0']);
    expect(notLinted.properties).toBeUndefined();
    expect(notLinted.testcase).toEqual([
      {
        '@_name': 'test/fixtures-io/broken-line-personal.ndjson referral line 2',
        '@_classname': 'files not linted',
        '@_file': 'test/fixtures-io/broken-line-personal.ndjson',
        '@_line': '2',
        error: { '@_message': 'referral not linted: not valid JSON: an unexpected character (column 43)', '@_type': 'failed-referral' },
      },
      {
        '@_name': 'test/fixtures-io/malformed-personal.json',
        '@_classname': 'files not linted',
        '@_file': 'test/fixtures-io/malformed-personal.json',
        '@_line': '4',
        error: { '@_message': 'file not linted: not valid JSON: an unexpected character', '@_type': 'failed-file' },
      },
      {
        '@_name': 'test/fixtures-io/malformed-personal.yaml',
        '@_classname': 'files not linted',
        '@_file': 'test/fixtures-io/malformed-personal.yaml',
        '@_line': '4',
        error: { '@_message': 'file not linted: not valid YAML: a closing quote or bracket is missing', '@_type': 'failed-file' },
      },
    ]);
    expect(report.testsuites['@_errors']).toBe('3');
    expect(xml).not.toMatch(/canary/i);
  });

  it('adds the baseline comparison to each agency and marks new findings', async () => {
    const { after } = await baselineRuns(NOW);
    const suites = parse(junit(after, options)).testsuites.testsuite;
    expect(suites.map((s) => [s['@_name'], properties(s)])).toEqual(
      after.agencies.map((a, i) => {
        const change = after.baseline!.agencies[i]!;
        return [
          a.name,
          {
            sector: a.sector,
            score: String(a.score),
            band: a.band,
            cleanRate: String(a.cleanRate),
            previousScore: String(change.previousScore),
            scoreChange: String(change.scoreChange),
            newFindings: String(change.newFindings),
            fixedFindings: String(change.fixedFindings),
          },
        ];
      }),
    );
    const two = suites.find((s) => s['@_name'] === 'Agency Two')!;
    expect(properties(two)).toEqual({ sector: 'police', score: '70', band: 'requires-improvement', cleanRate: '0', previousScore: '97.5', scoreChange: '-27.5', newFindings: '1', fixedFindings: '0' });
    expect(findCase(two, 'Agency Two.REF-B', 'threshold-applied').failure!['#text']).toBe(
      'error november.json /1/threshold/rationale threshold.rationale is missing, empty or a placeholder: say why this level applies (new)',
    );
    expect(findCase(two, 'Agency Two.REF-B', 'child-voice-recorded').failure!['#text']).toBe(
      "warning november.json /1/childsViews the child's views are not recorded (childsViews.views), nor why not (childsViews.reasonNotRecorded)",
    );
  });

  it('prints no personal value from a referral', async () => {
    const { referral, values } = personalDataReferral();
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.findings.length).toBeGreaterThanOrEqual(4);
    const xml = junit(result, options);
    for (const value of values) {
      expect(xml).not.toContain(value);
    }
  });
});
