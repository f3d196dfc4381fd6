// The CSV reports, read back with csv-parse: a row per finding (csv) and per agency (csv-agencies).
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import { DIMENSIONS } from '../../src/domain/codes.js';
import { lint } from '../../src/run/lint.js';
import { csv, csvAgencies } from '../../src/report/csv.js';
import type { ReportOptions } from '../../src/report/types.js';
import { baselineRuns as octoberNovember, cleanReferral, edit, personalDataReferral } from '../helpers.js';
import type { LintResult } from '../../src/model/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-01T06:00:00Z';
const options: ReportOptions = { rules: new Map(builtInRules.map((r) => [r.meta.id, r.meta])) };

type Row = Record<string, string>;

const FINDING_HEADER = ['file', 'referralId', 'agency', 'sector', 'rule', 'dimension', 'severity', 'pointer', 'line', 'column', 'message'];
const AGENCY_HEADER = [
  'agency', 'sector', 'referrals', 'score', 'cleanRate', 'errors', 'warnings', 'infos', 'suppressed',
  'completenessScore', 'uniquenessScore', 'timelinessScore', 'validityScore', 'accuracyScore', 'consistencyScore', 'complianceScore',
];
const BASELINE_HEADER = ['previousScore', 'scoreChange', 'newFindings', 'fixedFindings'];
/** The band comes last, so that every earlier column keeps its place. */
const BAND = 'band';

function rows(text: string): Row[] {
  return parse(text, { columns: true }) as Row[];
}

function header(text: string): string[] {
  return (parse(text, { to_line: 1 }) as string[][])[0]!;
}

/** A number as the result holds it, or an empty cell for null. */
const cell = (value: number | null): string => (value === null ? '' : String(value));

/** October and November runs of the same export (test/helpers.ts). */
async function baselineRuns(): Promise<LintResult> {
  return (await octoberNovember(NOW)).after;
}

describe('csv on the sample fixtures', () => {
  let result: LintResult;
  let text: string;
  beforeAll(async () => {
    result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    text = csv(result, options);
  });

  it('has a header row and one row per finding', () => {
    expect(header(text)).toEqual(FINDING_HEADER);
    expect(rows(text)).toHaveLength(73);
    expect(result.referrals.reduce((n, r) => n + r.findings.length, 0)).toBe(73);
  });

  it('ends every record with CRLF, as RFC 4180 says', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 73 + 1);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes every column of a known finding exactly', () => {
    const found = rows(text).filter((r) => r.referralId === 'REF-2026-10-0004');
    expect(found[0]).toEqual({
      file: 'fixtures/2026-10-front-door.json',
      referralId: 'REF-2026-10-0004',
      agency: 'Westoe Primary School',
      sector: 'school',
      rule: 'early-help-agreement',
      dimension: 'compliance',
      severity: 'error',
      pointer: '/referrals/0/earlyHelp/parentalViews',
      line: '75',
      column: '7',
      message: 'earlyHelp.parentalViews is missing, empty or a placeholder: an early-help referral must say what the parents think',
    });
    expect(found).toHaveLength(2);
  });

  it('takes the dimension from the result when no rule docs are passed', () => {
    expect(csv(result, {})).toBe(text);
  });

  it('quotes a field holding a comma or quotes, and it reads back exactly', () => {
    // A fixture message with quotes: consent-recorded on REF-2026-10-0046.
    const quoted = 'consent.reasonNotSought.code is "other" but consent.reasonNotSought.details does not explain it';
    expect(rows(text).filter((r) => r.message === quoted)).toHaveLength(1);
    expect(text).toContain('"consent.reasonNotSought.code is ""other"" but consent.reasonNotSought.details does not explain it"');

    const edited: LintResult = structuredClone(result);
    const message = 'a "quoted", comma, message';
    edited.referrals[0]!.findings[0]!.message = message;
    // A line break is shown escaped (src/report/printable.ts): the row stays one line, in a spreadsheet and in a terminal.
    edited.referrals[0]!.findings[1]!.message = 'two\nlines';
    const written = csv(edited, options);
    expect(written).toContain(',"a ""quoted"", comma, message"\r\n');
    expect(written).toContain(',two\\nlines\r\n');
    const back = rows(written);
    expect(back).toHaveLength(73);
    expect(back.slice(0, 2).map((r) => r.message)).toEqual([message, 'two\\nlines']);
  });

  it('writes rows for a rule crash, after the findings', () => {
    const crashed: LintResult = structuredClone(result);
    crashed.internalErrors.push({ ruleId: 'schema-valid', referralId: 'REF-2026-10-0004', file: 'fixtures/2026-10-front-door.json', pointer: '/referrals/0', message: 'x is undefined' });
    expect(rows(csv(crashed, options)).at(-1)).toEqual({
      file: 'fixtures/2026-10-front-door.json',
      referralId: 'REF-2026-10-0004',
      agency: '',
      sector: '',
      rule: 'internal-error',
      dimension: '',
      severity: 'error',
      pointer: '/referrals/0',
      line: '',
      column: '',
      message: 'rule schema-valid crashed: x is undefined',
    });
  });
});

describe('csv-agencies on the sample fixtures', () => {
  it('has one row per agency with the numbers the result holds, null as an empty cell', async () => {
    const result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    const text = csvAgencies(result, options);
    expect(header(text)).toEqual([...AGENCY_HEADER, BAND]);
    expect(AGENCY_HEADER.slice(9)).toEqual(DIMENSIONS.map((d) => `${d}Score`));
    expect(text.split('\r\n')).toHaveLength(1 + 9 + 1);
    const back = rows(text);
    expect(back).toEqual(
      result.agencies.map((a) => ({
        agency: a.name,
        sector: a.sector,
        referrals: String(a.referrals),
        score: cell(a.score),
        cleanRate: cell(a.cleanRate),
        errors: String(a.errors),
        warnings: String(a.warnings),
        infos: String(a.infos),
        suppressed: String(a.suppressed),
        ...Object.fromEntries(DIMENSIONS.map((d) => [`${d}Score`, cell(a.dimensions[d] ?? null)])),
        band: a.band,
      })),
    );
    expect(back[0]).toEqual({
      agency: 'Ocean Road Medical Practice',
      sector: 'health',
      referrals: '7',
      score: '65',
      cleanRate: '14.29',
      errors: '10',
      warnings: '7',
      infos: '0',
      suppressed: '0',
      completenessScore: '90',
      uniquenessScore: '96.43',
      timelinessScore: '100',
      validityScore: '92.86',
      accuracyScore: '',
      consistencyScore: '89.29',
      complianceScore: '96.43',
      band: 'inadequate',
    });
  });
});

describe('csv with a baseline', () => {
  it('adds a new column, true or false for each finding', async () => {
    const after = await baselineRuns();
    const text = csv(after, options);
    expect(header(text)).toEqual([...FINDING_HEADER, 'new']);
    expect(rows(text).map((r) => [r.referralId, r.rule, r.new])).toEqual([
      ['REF-D', 'threshold-applied', 'true'],
      ['REF-B', 'threshold-applied', 'true'],
      ['REF-B', 'child-voice-recorded', 'false'],
    ]);
  });

  it('adds each agency previous score, change, new and fixed findings to csv-agencies', async () => {
    const after = await baselineRuns();
    const text = csvAgencies(after, options);
    expect(header(text)).toEqual([...AGENCY_HEADER, ...BASELINE_HEADER, BAND]);
    const back = rows(text);
    expect(back.map((r) => [r.agency, r.score, r.previousScore, r.scoreChange, r.newFindings, r.fixedFindings])).toEqual(
      after.agencies.map((a, i) => {
        const change = after.baseline!.agencies[i]!;
        return [a.name, cell(a.score), cell(change.previousScore), cell(change.scoreChange), String(change.newFindings), String(change.fixedFindings)];
      }),
    );
    // A negative change is a number, not text: it gets no formula guard. Agency Two: October
    // B lacks the child's views (−5) and C is clean, (95 + 100) / 2; November B also lacks the rationale (−5 −25).
    expect(back.find((r) => r.agency === 'Agency Two')).toMatchObject({ score: '70', previousScore: '97.5', scoreChange: '-27.5', newFindings: '1', fixedFindings: '0' });
  });

  it('has no new column without a baseline', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { childsViews: undefined })], label: 'mem.json', now: NOW });
    expect(header(csv(result, options))).toEqual(FINDING_HEADER);
    expect(header(csvAgencies(result, options))).toEqual([...AGENCY_HEADER, BAND]);
  });
});

describe('csv defences', () => {
  it('prefixes text a spreadsheet would run as a formula with a single quote', async () => {
    const name = '=HYPERLINK("x")';
    const result = await lint({ referrals: [edit(cleanReferral(), { 'referrer.agency': name, childsViews: undefined })], label: 'mem.json', now: NOW });
    const text = csv(result, options);
    expect(rows(text).map((r) => r.agency)).toEqual([`'${name}`]);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(rows(csvAgencies(result, options)).map((r) => r.agency)).toEqual([`'${name}`]);

    const edited: LintResult = structuredClone(result);
    const starts = ['+1+2', '-1+2', '@SUM(A1)', '\tx', '\rx', 'plain =1'];
    edited.agencies = starts.map((n) => ({ ...result.agencies[0]!, name: n }));
    // A tab or carriage return is shown escaped (\t, \r), so it no longer starts the cell.
    expect(rows(csvAgencies(edited, options)).map((r) => r.agency)).toEqual(["'+1+2", "'-1+2", "'@SUM(A1)", '\\tx', '\\rx', 'plain =1']);
  });

  it('writes rows for the files and referrals that could not be linted', async () => {
    const result = await lint({ paths: ['test/fixtures-io/'], cwd: ROOT, now: NOW });
    const text = csv(result, options);
    const failed = rows(text).filter((r) => r.rule?.startsWith('failed-'));
    expect(failed).toEqual([
      {
        file: 'test/fixtures-io/broken-line-personal.ndjson',
        referralId: '',
        agency: '',
        sector: '',
        rule: 'failed-referral',
        dimension: '',
        severity: 'error',
        pointer: '',
        line: '2',
        column: '',
        message: 'referral not linted: not valid JSON: an unexpected character (column 43)',
      },
      {
        file: 'test/fixtures-io/malformed-personal.json',
        referralId: '',
        agency: '',
        sector: '',
        rule: 'failed-file',
        dimension: '',
        severity: 'error',
        pointer: '',
        line: '4',
        column: '14',
        message: 'file not linted: not valid JSON: an unexpected character',
      },
      {
        file: 'test/fixtures-io/malformed-personal.yaml',
        referralId: '',
        agency: '',
        sector: '',
        rule: 'failed-file',
        dimension: '',
        severity: 'error',
        pointer: '',
        line: '4',
        column: '1',
        message: 'file not linted: not valid YAML: a closing quote or bracket is missing',
      },
    ]);
    const findings = result.referrals.reduce((n, r) => n + r.findings.length, 0);
    expect(rows(text)).toHaveLength(findings + 3);
    expect(text + csvAgencies(result, options)).not.toMatch(/canary/i);
  });

  it('prints no personal value from a referral', async () => {
    const { referral, values } = personalDataReferral();
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.findings.length).toBeGreaterThanOrEqual(4);
    const text = csv(result, options) + csvAgencies(result, options);
    for (const value of values) {
      expect(text).not.toContain(value);
    }
  });
});
