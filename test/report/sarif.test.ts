import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import type { RuleMeta } from '../../src/rule-api/rule.js';
import { lint } from '../../src/run/lint.js';
import { artifactUri, INFORMATION_URI, pascalCase, sarif } from '../../src/report/sarif.js';
import { cleanReferral, edit, otherChild } from '../helpers.js';
import type { LintResult } from '../../src/model/types.js';

// Both are CommonJS; under NodeNext their default export is the module object.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-01T06:00:00Z';
const RULES: ReadonlyMap<string, RuleMeta<object>> = new Map(builtInRules.map((r) => [r.meta.id, r.meta]));

// The official OASIS schema (test/schemas/README.md), draft-04.
const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

interface SarifRegion {
  startLine: number;
  startColumn?: number;
}
interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: SarifRegion };
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status?: string; justification?: string }[];
  baselineState?: string;
  properties: Record<string, unknown>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { dimension: string; tags: string[]; weight: number; penalty: number };
}
interface SarifNotification {
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  associatedRule?: { id: string; index?: number };
}
interface SarifRun {
  tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[];
  originalUriBaseIds?: unknown;
  results: SarifResult[];
  properties: {
    summary: Record<string, unknown>;
    agencies: Record<string, unknown>[];
    baseline?: Record<string, unknown>;
  };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: SarifRun[];
}

/** The report as text and parsed, after checking it against the official schema. */
function report(result: LintResult, withRules = true): { text: string; log: SarifLog; run: SarifRun } {
  const text = sarif(result, withRules ? { rules: RULES } : {});
  const log = JSON.parse(text) as SarifLog;
  const valid = validateSarif(log);
  if (!valid) console.error(JSON.stringify(validateSarif.errors, null, 2));
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(log.runs).toHaveLength(1);
  return { text, log, run: log.runs[0]! };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const active = (run: SarifRun): SarifResult[] => run.results.filter((r) => r.suppressions === undefined);
const SUPPRESSION_REASON = 'Child is 6 weeks old; no views possible.';

let fixtures: LintResult;
beforeAll(async () => {
  fixtures = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
});

describe('sarif reporter: the sample fixtures', () => {
  it('is valid SARIF 2.1.0 by the official schema, with the log header', () => {
    const { text, log } = report(fixtures);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "$schema"')).toBe(true);
  });

  it('meets the GitHub code scanning requirements', () => {
    const { run } = report(fixtures);
    const driver = run.tool.driver;
    expect(driver.name).toBe('referral-lint');
    expect(driver.version).toBe(fixtures.tool.version);
    expect(driver.semanticVersion).toBe(fixtures.tool.version);
    expect(driver.informationUri).toBe(INFORMATION_URI);
    expect(INFORMATION_URI).toBe('https://github.com/referral-lint/referral-lint');
    for (const rule of driver.rules) {
      expect(rule.fullDescription.text.length, rule.id).toBeGreaterThan(0);
      expect(rule.help.text.length, rule.id).toBeGreaterThan(0);
      expect(rule.helpUri).toBeUndefined();
    }
    for (const r of run.results) {
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri.length).toBeGreaterThan(0);
      expect(r.locations[0]!.physicalLocation.region!.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('lists every enabled rule in order, with its docs, level in force, dimension and weight', () => {
    const { run } = report(fixtures);
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(fixtures.rules.map((r) => r.id));
    expect(rules).toHaveLength(17); // every built-in rule but unused-suppression, off by default
    const voice = rules.find((r) => r.id === 'child-voice-recorded')!;
    const meta = RULES.get('child-voice-recorded')!;
    expect(voice.name).toBe('ChildVoiceRecorded');
    expect(voice.shortDescription.text).toBe("The child's own views are recorded, or why they could not be.");
    expect(voice.fullDescription.text).toBe(`${meta.description} ${meta.docs.rationale}`);
    expect(voice.defaultConfiguration.level).toBe('warning');
    expect(voice.properties).toEqual({ dimension: 'completeness', tags: ['referral-quality', 'completeness'], weight: 1, penalty: 5 });
    expect(voice.help.text).toContain(`What it checks:\n- ${meta.docs.checks[0]}`);
    expect(voice.help.text).toContain(`How to fix: ${meta.docs.fix}`);
    expect(voice.help.markdown).toContain('**Sources**\n\n- Ofsted et al., JTAI South Tyneside (2016), finding 1');
    expect(rules.find((r) => r.id === 'schema-valid')!.defaultConfiguration.level).toBe('error');
  });

  it('has one result per finding (73), none suppressed', () => {
    const { run } = report(fixtures);
    const findings = fixtures.referrals.reduce((n, r) => n + r.findings.length, 0);
    expect(findings).toBe(73);
    expect(run.results).toHaveLength(73);
    expect(active(run)).toHaveLength(73);
    expect(run.results.filter((r) => r.level === 'error')).toHaveLength(43);
    expect(run.results.filter((r) => r.level === 'warning')).toHaveLength(30);
  });

  it('locates a known finding in the JSON fixture exactly', () => {
    const { run } = report(fixtures);
    const found = run.results.filter((r) => r.message.text.startsWith('REF-2026-10-0008: '));
    expect(found).toHaveLength(1);
    const r = found[0]!;
    expect(r.ruleId).toBe('source-code-consistent');
    expect(r.level).toBe('error');
    expect(r.message.text).toBe('REF-2026-10-0008: referrer.sourceCode (CIN: schools) does not agree with referrer.sector voluntary; it agrees with sector school. Codes that fit sector voluntary: 8');
    expect(r.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/2026-10-front-door.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 87, startColumn: 9 },
    });
    expect(r.locations[0]!.logicalLocations).toEqual([{ fullyQualifiedName: '/referrals/1/referrer/sourceCode', kind: 'object' }]);
    expect(r.partialFingerprints).toEqual({
      'referralLint/v1': sha256('fixtures/2026-10-front-door.json\u0000/referrals/1/referrer/sourceCode\u0000source-code-consistent'),
    });
    expect(r.properties).toEqual({ referralId: 'REF-2026-10-0008', agency: "Tyneside Young People's Project", sector: 'voluntary', dimension: 'consistency' });
    expect(r.baselineState).toBeUndefined();
  });

  it('points ruleIndex at the rule of the result', () => {
    const { run } = report(fixtures);
    const rules = run.tool.driver.rules;
    for (const r of run.results) expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    const known = run.results.find((r) => r.ruleId === 'source-code-consistent')!;
    expect(known.ruleIndex).toBe(12);
  });

  it('maps NDJSON and YAML findings to their line, with the document in the properties', () => {
    const { run } = report(fixtures);
    const ndjson = run.results.find((r) => r.message.text.startsWith('REF-2026-10-0015: ') && r.locations[0]!.logicalLocations![0]!.fullyQualifiedName === '/consent/recordedAt')!;
    expect(ndjson.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fixtures/2026-10-police.ndjson');
    expect(ndjson.locations[0]!.physicalLocation.region).toEqual({ startLine: 5, startColumn: 1531 });
    const yaml = run.results.find((r) => r.message.text.startsWith('REF-2026-10-0007: '))!;
    expect(yaml.ruleId).toBe('threshold-consistent');
    expect(yaml.locations[0]!.physicalLocation.region).toEqual({ startLine: 150, startColumn: 3 });
    expect(yaml.properties.document).toBe(3);
  });

  it('gives fingerprints that are stable across runs and differ between findings', async () => {
    const first = report(fixtures).run;
    const again = report(await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW })).run;
    const prints = first.results.map((r) => r.partialFingerprints['referralLint/v1']!);
    expect(again.results.map((r) => r.partialFingerprints['referralLint/v1'])).toEqual(prints);
    for (const p of prints) expect(p).toMatch(/^[0-9a-f]{64}$/);
    // Pointers in a YAML document or an NDJSON line repeat across referrals of one file; the prints must not.
    expect(new Set(prints).size).toBe(73);
    const voice = first.results.filter((r) => r.ruleId === 'child-voice-recorded' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('.yaml'));
    expect(voice).toHaveLength(2);
    expect(voice[0]!.partialFingerprints).not.toEqual(voice[1]!.partialFingerprints);
  });

  it('copies the summary and agency scores exactly into run.properties', () => {
    const { run } = report(fixtures);
    expect(run.properties.summary).toEqual({ referrals: 50, score: 81.8, band: 'requires-improvement', cleanRate: 50, errors: 43, warnings: 30, infos: 0, suppressed: 0 });
    expect(run.properties.agencies.map((a) => [a.name, a.score])).toEqual(fixtures.agencies.map((a) => [a.name, a.score]));
    expect(run.properties.agencies).toHaveLength(9);
    const first = run.properties.agencies[0]!;
    const source = fixtures.agencies[0]!;
    expect(first).toEqual({
      name: 'Ocean Road Medical Practice',
      sector: source.sector,
      referrals: source.referrals,
      score: 65,
      band: 'inadequate',
      cleanRate: source.cleanRate,
      errors: source.errors,
      warnings: source.warnings,
      infos: source.infos,
      suppressed: source.suppressed,
      dimensions: source.dimensions,
    });
    expect(run.properties.baseline).toBeUndefined();
  });

  it('reports a successful invocation with no notifications, and no local path', () => {
    const { text, run } = report(fixtures);
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    expect(run.originalUriBaseIds).toBeUndefined();
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain('file://');
  });

  it('prints no personal value from the fixtures', () => {
    const { text } = report(fixtures);
    const data = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/2026-10-front-door.json'), 'utf8')) as {
      referrals: { child: { familyName: string; dateOfBirth: string; nhsNumber: string; address: { postcode: string } } }[];
    };
    expect(data.referrals).toHaveLength(24);
    for (const { child } of data.referrals) {
      for (const value of [child.familyName, child.dateOfBirth, child.nhsNumber, child.address.postcode]) {
        expect(text).not.toMatch(new RegExp(`\\b${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
      }
    }
  });
});

describe('sarif reporter: small cases', () => {
  it('falls back to the rule id for descriptions and help without the rules docs', () => {
    const { run } = report(fixtures, false);
    const rule = run.tool.driver.rules.find((r) => r.id === 'consent-recorded')!;
    expect(rule.name).toBe('ConsentRecorded');
    expect(rule.shortDescription).toEqual({ text: 'consent-recorded' });
    expect(rule.fullDescription).toEqual({ text: 'consent-recorded' });
    expect(rule.help).toEqual({ text: 'consent-recorded', markdown: 'consent-recorded' });
    expect(rule.properties).toEqual({ dimension: 'compliance', tags: ['referral-quality', 'compliance'], weight: 3, penalty: 25 });
  });

  it('emits a suppressed finding as a suppressed result, without its reason, and not as an active one', async () => {
    const suppressed = edit(cleanReferral(), {
      childsViews: undefined,
      lintIgnore: [{ rule: 'child-voice-recorded', reason: SUPPRESSION_REASON }],
    });
    const flawed = otherChild('REF-TEST-0002', { 'consent.status': undefined });
    const result = await lint({ referrals: [suppressed, flawed], label: 'mem.json', now: NOW });
    expect(result.summary.suppressed).toBe(1);
    const { text, run } = report(result);
    const marked = run.results.filter((r) => r.suppressions !== undefined);
    expect(marked).toHaveLength(1);
    expect(marked[0]!.ruleId).toBe('child-voice-recorded');
    expect(marked[0]!.level).toBe('warning');
    expect(marked[0]!.message.text.startsWith('REF-TEST-0001: ')).toBe(true);
    expect(marked[0]!.suppressions).toEqual([{ kind: 'inSource', status: 'accepted' }]);
    expect(marked[0]!.locations[0]!.logicalLocations).toEqual([{ fullyQualifiedName: '/0/childsViews', kind: 'object' }]);
    const activeResults = active(run);
    expect(activeResults).toHaveLength(result.summary.errors + result.summary.warnings + result.summary.infos);
    expect(activeResults.map((r) => r.ruleId)).toEqual(['consent-recorded']);
    expect(activeResults.some((r) => r.ruleId === 'child-voice-recorded')).toBe(false);
    expect(run.properties.summary.suppressed).toBe(1);
    expect(text).not.toContain(SUPPRESSION_REASON);
    expect(text).not.toContain('6 weeks');
  });

  it('uses line 1 and no column when the input has no positions', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { 'consent.status': undefined })], label: 'mem.json', now: NOW });
    const { run } = report(result);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'mem.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(run.results[0]!.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toBe('/0/consent/status');
  });

  it('names stdin "stdin"', async () => {
    const text = JSON.stringify(edit(cleanReferral(), { 'consent.status': undefined }), null, 2);
    const result = await lint({ paths: ['-'], cwd: ROOT, now: NOW, stdin: Readable.from([text]) });
    expect(result.referrals[0]!.file).toBe('-');
    const { run } = report(result);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('stdin');
    expect(run.results[0]!.locations[0]!.physicalLocation.region!.startLine).toBeGreaterThan(1);
  });

  it('percent-encodes paths into URI references', () => {
    expect(artifactUri('exports/Oct 2026/front door#1.json')).toBe('exports/Oct%202026/front%20door%231.json');
    expect(artifactUri('fixtures/2026-10-front-door.json')).toBe('fixtures/2026-10-front-door.json');
    expect(artifactUri('-')).toBe('stdin');
    expect(pascalCase('key-information-present')).toBe('KeyInformationPresent');
  });

  it('maps info findings to the note level', async () => {
    const result = await lint({
      referrals: [edit(cleanReferral(), { 'consent.status': undefined })],
      label: 'mem.json',
      now: NOW,
      config: { rules: { 'consent-recorded': 'info' } },
    });
    expect(result.summary.infos).toBe(1);
    const { run } = report(result);
    expect(run.results.map((r) => r.level)).toEqual(['note']);
    expect(run.tool.driver.rules.find((r) => r.id === 'consent-recorded')!.defaultConfiguration.level).toBe('note');
  });

  it('prints no personal value from a referral', async () => {
    // The postcode differs from cleanReferral()'s, which identifiers-valid's docs quote as an example.
    const referral = edit(cleanReferral(), { 'consent.status': undefined, childsViews: undefined, 'child.nhsNumber': '123', 'child.address.postcode': 'NE34 7QD' });
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.summary.errors + result.summary.warnings).toBeGreaterThanOrEqual(2);
    const { text } = report(result);
    for (const value of ['Alex', 'Testchild', '2014-03-02', 'NE34 7QD', '1 Example Street', 'A950000178301', 'Sam Testparent', 'PC Test Officer', '01632 960001', 'officer@example.org', 'stepfather', 'Example Academy']) {
      expect(text, value).not.toContain(value);
    }
  });
});

describe('sarif reporter: failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-sarif-'));
    writeFileSync(path.join(dir, 'broken.json'), '{ "id": "REF-1",\n  "child": ');
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(cleanReferral(), null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a file that could not be linted as a tool execution notification', async () => {
    const result = await lint({ paths: ['.'], cwd: dir, now: NOW });
    const failed = result.files.find((f) => f.path === 'broken.json')!;
    expect(failed.error).toBeDefined();
    const { run } = report(result);
    const [invocation] = run.invocations;
    expect(invocation!.executionSuccessful).toBe(true);
    expect(invocation!.toolExecutionNotifications).toHaveLength(1);
    const note = invocation!.toolExecutionNotifications[0]!;
    expect(note.level).toBe('error');
    expect(note.message.text).toBe(`file not linted: ${failed.error}`);
    expect(note.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: 'broken.json', uriBaseId: '%SRCROOT%' });
    expect(note.locations[0]!.physicalLocation.region?.startLine).toBe(failed.line);
    expect(run.results).toHaveLength(0);
  });

  it('reports failed referrals and internal errors, and an unsuccessful run on a crash', () => {
    const result: LintResult = {
      ...fixtures,
      files: [{ path: 'fixtures/x.ndjson', referrals: 1, failedReferrals: [{ pointer: '', line: 3, reason: 'not valid JSON: unexpected end of input' }] }],
      referrals: [],
      internalErrors: [{ ruleId: 'consent-recorded', referralId: 'REF-9', file: 'fixtures/x.ndjson', pointer: '', message: 'boom' }],
      summary: { ...fixtures.summary, internalErrors: 1 },
    };
    const { run } = report(result);
    const [invocation] = run.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      'referral not linted: not valid JSON: unexpected end of input',
      'rule consent-recorded crashed on referral REF-9: boom',
    ]);
    expect(invocation!.toolExecutionNotifications[0]!.locations[0]!.physicalLocation.region).toEqual({ startLine: 3 });
    expect(invocation!.toolExecutionNotifications[1]!.associatedRule).toEqual({ id: 'consent-recorded', index: 2 });
  });
});

describe('sarif reporter: baseline', () => {
  it('sets baselineState from isNew and copies the comparison, only with a baseline', async () => {
    const before = await lint({ referrals: [edit(cleanReferral(), { 'consent.status': undefined })], label: 'mem.json', now: NOW });
    const after = await lint({
      referrals: [edit(cleanReferral(), { 'consent.status': undefined, childsViews: undefined })],
      label: 'mem.json',
      now: NOW,
      baseline: before,
    });
    const { run } = report(after);
    expect(run.results.map((r) => [r.ruleId, r.baselineState])).toEqual([
      ['consent-recorded', 'unchanged'],
      ['child-voice-recorded', 'new'],
    ]);
    const b = after.baseline!;
    expect(run.properties.baseline).toEqual({
      file: '(in memory)',
      previousScore: b.previousScore,
      scoreChange: b.scoreChange,
      newFindings: 1,
      newErrors: 0,
      fixedFindings: 0,
    });
    const agency = run.properties.agencies[0]!;
    expect(agency.name).toBe('Example Police');
    expect(agency.score).toBe(after.agencies[0]!.score);
    expect(agency.previousScore).toBe(before.agencies[0]!.score);
    expect(agency.scoreChange).toBe(b.agencies[0]!.scoreChange);
    expect(agency.newFindings).toBe(1);
    expect(agency.fixedFindings).toBe(0);

    const without = report(before).run;
    expect(without.results.every((r) => r.baselineState === undefined)).toBe(true);
    expect(without.properties.agencies[0]!.previousScore).toBeUndefined();
  });
});
