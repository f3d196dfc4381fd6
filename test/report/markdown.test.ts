// The Markdown report: summary, agency table, most frequent findings per agency, what could
// not be linted; escaped cells, the baseline's Change column, and GitHub's comment limit.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import { DIMENSIONS } from '../../src/domain/codes.js';
import { lint } from '../../src/run/lint.js';
import { cell, COMMENT_BUDGET, markdown } from '../../src/report/markdown.js';
import { cleanReferral, edit, otherChild } from '../helpers.js';
import { ioFixture, ROOT, useTempDirs, write } from '../temp-files.js';
import type { LintResult } from '../../src/model/types.js';

const NOW = '2026-11-01T06:00:00Z';
const rules = new Map(builtInRules.map((r) => [r.meta.id, r.meta]));

const tempDir = useTempDirs('markdown');

/** The cells of a table row, split on the pipes no backslash escapes. */
function splitRow(row: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < row.length - 1; i++) {
    const ch = row[i]!;
    if (ch === '\\') {
      current += ch + row[i + 1]!;
      i += 1;
    } else if (ch === '|') {
      cells.push(current.trim());
      current = '';
    } else current += ch;
  }
  cells.push(current.trim());
  return cells;
}

/** What a Markdown renderer shows for an escaped cell. */
function unescape(text: string): string {
  return text.replace(/<br>|\\([!-/:-@[-`{-~])/g, (_, punct: string | undefined) => punct ?? '\n');
}

/** The agency table: its header cells and its rows' cells, read back. */
function agencyTable(report: string): { head: string[]; rows: string[][] } {
  const lines = report.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Agency |'));
  expect(start).toBeGreaterThan(0);
  const body: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    body.push(line);
  }
  return { head: splitRow(lines[start]!), rows: body.map(splitRow) };
}

/** The list under an agency's heading in "Most frequent findings by agency". */
function findingsOf(report: string, agencyHeading: string): string[] {
  const lines = report.split('\n');
  const start = lines.indexOf(`#### ${agencyHeading}`);
  expect(start).toBeGreaterThan(0);
  const list: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('- ')) break;
    list.push(line);
  }
  return list;
}

const oneDecimal = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(1));

describe('cell', () => {
  it('escapes a pipe, so it cannot end the cell', () => {
    expect(cell('Tyne | Wear')).toBe('Tyne \\| Wear');
  });

  it('turns every kind of line break into <br>, so it cannot end the row', () => {
    expect(cell('a\r\nb\nc\rd')).toBe('a<br>b<br>c<br>d');
  });

  it('escapes Markdown punctuation, so a name renders as written', () => {
    expect(cell('*x* _y_ [z](u) <b> `c` #1 $5 ~s~ \\')).toBe('\\*x\\* \\_y\\_ \\[z\\](u) \\<b\\> \\`c\\` \\#1 \\$5 \\~s\\~ \\\\');
  });

  it('escapes & only where it would start an entity', () => {
    expect(cell('A&E')).toBe('A&E');
    // A numeric reference is defused by its escaped #.
    expect(cell('Fish &amp; Chips &#169;')).toBe('Fish \\&amp; Chips &\\#169;');
  });

  it('reads back as the text it was made from', () => {
    for (const text of ['Police | CAIT', 'a\\|b', 'x\\', '<br>', 'two\nlines', 'A&E', '&copy;', '*_`[]#$~']) {
      expect(unescape(cell(text)), text).toBe(text);
      expect(splitRow(`| ${cell(text)} | next |`), text).toHaveLength(2);
    }
  });
});

describe('the report of the sample fixtures', () => {
  let result: LintResult;
  let report: string;
  beforeAll(async () => {
    result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    report = markdown(result, { rules });
  });

  it('opens with the heading and the run summary', () => {
    expect(report.split('\n').slice(0, 7)).toEqual([
      '## referral-lint report',
      '',
      '- **Referrals:** 50 from 3 files',
      '- **Not linted:** 0 files, 0 referrals',
      '- **Findings:** 43 errors, 30 warnings, 0 infos; 0 suppressed',
      '- **Score:** 81.8 (requires improvement); **clean:** 50.0% of referrals have no error',
      '',
    ]);
    expect(result.summary).toMatchObject({ referrals: 50, files: 3, errors: 43, warnings: 30, score: 81.8, band: 'requires-improvement', cleanRate: 50 });
  });

  it('has an agency table whose rows hold the values of result.agencies, worst first', () => {
    const { head, rows } = agencyTable(report);
    expect(head).toEqual([
      'Agency', 'Sector', 'Referrals', 'Score', 'Band', 'Clean %',
      'Completeness', 'Uniqueness', 'Timeliness', 'Validity', 'Accuracy', 'Consistency', 'Compliance',
      'Errors', 'Warnings',
    ]);
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => unescape(r[0]!))).toEqual(result.agencies.map((a) => a.name));
    for (const [i, a] of result.agencies.entries()) {
      expect(rows[i]!.map(unescape)).toEqual([
        a.name,
        a.sector,
        String(a.referrals),
        oneDecimal(a.score),
        a.band!.replace('-', ' '),
        oneDecimal(a.cleanRate),
        ...DIMENSIONS.map((d) => oneDecimal(a.dimensions[d])),
        String(a.errors),
        String(a.warnings),
      ]);
    }
    expect(rows[0]).toEqual(['Ocean Road Medical Practice', 'health', '7', '65.0', 'inadequate', '14.3', '90.0', '96.4', '100.0', '92.9', '–', '89.3', '96.4', '10', '7']);
  });

  it('shows a dimension that applies to no referral as an en dash', () => {
    expect(result.agencies.every((a) => a.dimensions.accuracy === null)).toBe(true);
    const { head, rows } = agencyTable(report);
    const accuracy = head.indexOf('Accuracy');
    expect(rows.map((r) => r[accuracy])).toEqual(Array(9).fill('–'));
  });

  it("lists an agency's five most frequent rules with the counts result.referrals gives", () => {
    const name = 'South Tyneside District Hospital A&E';
    const counts = new Map<string, number>();
    for (const r of result.referrals.filter((x) => x.agency === name)) {
      for (const f of r.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(ranked).toEqual([
      ['referral-purpose-clear', 7],
      ['consent-recorded', 6],
      ['key-information-present', 4],
      ['child-voice-recorded', 2],
      ['referral-timely', 2],
      ['exploitation-screening', 1],
      ['unique-referral', 1],
    ]);
    expect(findingsOf(report, name)).toEqual([
      ...ranked.slice(0, 5).map(([id, n]) => `- ${n} × \`${id}\`: ${cell(rules.get(id)!.description)}`),
      '- and 2 more findings of 2 other rules',
    ]);
    expect(findingsOf(report, name)[0]).toBe(
      '- 7 × `referral-purpose-clear`: The referrer says what outcome they want, and analyses the impact on the child and why the referral is made now.',
    );
    expect(findingsOf(report, name)[1]).toBe(
      '- 6 × `consent-recorded`: Consent, or the lawful reason it was not sought, is recorded at the point of referral; at child-protection level, whether parents know is recorded.',
    );
  });

  it('gives a section to each agency with findings, worst first', () => {
    const headings = report.split('\n').filter((l) => l.startsWith('#### '));
    const withFindings = result.agencies.filter((a) => result.referrals.some((r) => r.agency === a.name && r.findings.length > 0));
    expect(headings).toEqual(withFindings.map((a) => `#### ${cell(a.name)}`));
    expect(headings).toHaveLength(8);
    expect(headings).not.toContain('#### Police - CAIT');
  });

  it('leaves the descriptions out when the rules are not given', () => {
    expect(findingsOf(markdown(result, {}), 'Westoe Primary School')).toEqual([
      '- 6 × `early-help-agreement`',
      '- 4 × `referral-purpose-clear`',
      '- 1 × `consent-recorded`',
      '- 1 × `identifiers-valid`',
    ]);
  });

  it('has no Change column and no "could not be linted" section', () => {
    expect(report).not.toContain('Change');
    expect(report).not.toContain('### Could not be linted');
  });

  it('prints no personal value from the referrals', () => {
    const file = JSON.parse(readFileSync(path.join(ROOT, 'fixtures/2026-10-front-door.json'), 'utf8')) as {
      referrals: { child?: Record<string, unknown>; referrer?: Record<string, unknown>; carers?: Record<string, unknown>[]; concerns?: Record<string, unknown> }[];
    };
    const personal = file.referrals.flatMap((r) => [
      r.child?.givenName, r.child?.familyName, r.child?.dateOfBirth, r.child?.nhsNumber, r.child?.upn,
      ...Object.values((r.child?.address as Record<string, unknown> | undefined) ?? {}),
      r.referrer?.name, r.referrer?.phone, r.referrer?.email,
      ...(r.carers ?? []).flatMap((c) => [c.name, c.phone]),
      r.concerns?.summary,
    ]);
    const values = personal.filter((v): v is string => typeof v === 'string' && v.length >= 4 && v !== 'South Shields');
    expect(values.length).toBeGreaterThan(100);
    for (const value of values) expect(report, value).not.toContain(value);
  });
});

describe('escaping in the agency table', () => {
  it('escapes a pipe and a line break in an agency name, and the row reads back', async () => {
    const result = await lint({
      referrals: [
        edit(otherChild('REF-A'), { 'referrer.agency': 'Tyne | Wear *Police*' }),
        edit(otherChild('REF-B'), { 'referrer.agency': 'New Agency\nLine two', mode: 'fax' }),
      ],
      label: 'mem.json',
      now: NOW,
    });
    expect(result.agencies.map((a) => a.name)).toEqual(['New Agency\nLine two', 'Tyne | Wear *Police*']);
    const report = markdown(result, { rules });
    expect(report).toContain('\n| New Agency<br>Line two | police | 1 | 75.0 | requires improvement |');
    expect(report).toContain('\n| Tyne \\| Wear \\*Police\\* | police | 1 | 100.0 |');
    const { head, rows } = agencyTable(report);
    expect(rows.map((r) => r.length)).toEqual([head.length, head.length]);
    expect(rows.map((r) => unescape(r[0]!))).toEqual(['New Agency\nLine two', 'Tyne | Wear *Police*']);
    expect(report).toContain('\n#### New Agency<br>Line two\n');
  });
});

describe('with a baseline', () => {
  async function runs(dir: string): Promise<LintResult> {
    const x = (id: string, agency: string, fields: Record<string, unknown> = {}): ReturnType<typeof cleanReferral> =>
      edit(otherChild(id), { 'referrer.agency': agency, ...fields });
    const first = await lint({
      referrals: [x('A', 'Tyne Police'), x('B', 'Harton Academy', { mode: 'fax' }), x('B2', 'Harton Academy')],
      label: 'mem.json',
      now: NOW,
    });
    write(dir, 'reports/2026-10.json', JSON.stringify(first));
    return lint({
      referrals: [x('A', 'Tyne Police', { 'consent.status': undefined }), x('B', 'Harton Academy'), x('B2', 'Harton Academy'), x('C', 'New Agency', { mode: 'fax' })],
      label: 'mem.json',
      now: NOW,
      cwd: dir,
      baseline: 'reports/2026-10.json',
    });
  }

  it("adds a Change column with each agency's score change, or new", async () => {
    const result = await runs(tempDir());
    expect(result.baseline!.agencies).toEqual([
      { name: 'New Agency', previousScore: null, scoreChange: null, newFindings: 1, fixedFindings: 0 },
      { name: 'Tyne Police', previousScore: 100, scoreChange: -25, newFindings: 1, fixedFindings: 0 },
      { name: 'Harton Academy', previousScore: 87.5, scoreChange: 12.5, newFindings: 0, fixedFindings: 1 },
    ]);
    const { head, rows } = agencyTable(markdown(result, { rules }));
    expect(head.slice(0, 7)).toEqual(['Agency', 'Sector', 'Referrals', 'Score', 'Band', 'Change', 'Clean %']);
    expect(rows.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ['New Agency', '75.0', 'requires improvement', 'new'],
      ['Tyne Police', '75.0', 'requires improvement', '−25.0'],
      ['Harton Academy', '100.0', 'good', '+12.5'],
    ]);
  });

  it('says how many findings are new and how many fixed since the baseline file', async () => {
    const result = await runs(tempDir());
    expect(result.baseline).toMatchObject({ file: 'reports/2026-10.json', newFindings: 2, fixedFindings: 1, scoreChange: -4.17 });
    const lines = markdown(result, { rules }).split('\n');
    expect(lines).toContain('- **Score:** 87.5 (requires improvement; −4.2 since the baseline); **clean:** 50.0% of referrals have no error');
    expect(lines).toContain('- 2 new findings, 1 fixed since `reports/2026-10.json` (matched referral by referral)');
  });
});

describe('what could not be linted', () => {
  it('lists each failed file and referral with its place and reason', async () => {
    const dir = tempDir();
    write(dir, 'in/c-referrals.ndjson', ioFixture('broken-line-personal.ndjson'));
    write(dir, 'in/d-broken.json', ioFixture('malformed-personal.json'));
    write(dir, 'in/e-list.json', JSON.stringify([cleanReferral(), 'not a referral']));
    const result = await lint({ paths: ['in'], cwd: dir, now: NOW });
    const report = markdown(result, { rules });
    const lines = report.split('\n');
    expect(lines).toContain('- **Not linted:** 1 file, 2 referrals');
    const start = lines.indexOf('### Could not be linted');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start, start + 6)).toEqual([
      '### Could not be linted',
      '',
      '- `in/c-referrals.ndjson` referral (line 2): not valid JSON: an unexpected character (column 43)',
      '- `in/d-broken.json` (line 4, column 14): not valid JSON: an unexpected character',
      '- `in/e-list.json` referral at `/1` (line 1): expected a referral object, found text',
      '',
    ]);
  });
});

describe('edge cases', () => {
  it('says so when no referral was linted', async () => {
    const result = await lint({ referrals: [], label: 'mem.json', now: NOW });
    expect(markdown(result, { rules })).toBe(
      [
        '## referral-lint report',
        '',
        '- **Referrals:** 0 from 1 file',
        '- **Not linted:** 0 files, 0 referrals',
        '- **Findings:** 0 errors, 0 warnings, 0 infos; 0 suppressed',
        '- **Score:** –; **clean:** –',
        '',
        'No referral was linted.',
        '',
      ].join('\n'),
    );
  });

  it("lists a rule's crash among what could not be linted, without the exception's message", async () => {
    const result = await lint({ referrals: [cleanReferral()], label: 'mem.json', now: NOW });
    result.internalErrors.push({ ruleId: 'consent-recorded', referralId: 'REF-TEST-0001', file: 'mem.json', pointer: '/0', message: 'CANARY-EXCEPTION' });
    result.summary.internalErrors = 1;
    const lines = markdown(result, { rules }).split('\n');
    expect(lines).toContain('- **Internal errors:** 1 (a rule crashed; the scores of those referrals are incomplete)');
    expect(lines).toContain('- `mem.json` referral REF-TEST-0001 at `/0`: rule `consent-recorded` crashed (internal error)');
    expect(lines.join('\n')).not.toContain('CANARY');
  });
});

describe("GitHub's comment size limit", () => {
  /** The fixtures' agencies and referrals, `copies` times over under numbered names. */
  function manyAgencies(result: LintResult, copies: number): LintResult {
    const big = structuredClone(result);
    big.agencies = [];
    big.referrals = [];
    for (let k = 1; k <= copies; k++) {
      for (const a of result.agencies) big.agencies.push({ ...structuredClone(a), name: `${a.name} ${k}` });
      for (const r of result.referrals) big.referrals.push({ ...structuredClone(r), agency: `${r.agency} ${k}` });
    }
    return big;
  }

  let fixtures: LintResult;
  beforeAll(async () => {
    fixtures = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
  });

  it('drops the per-agency sections that do not fit, and says how many', () => {
    const result = manyAgencies(fixtures, 20);
    const report = markdown(result, { rules });
    expect(report.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(agencyTable(report).rows).toHaveLength(180);
    const shown = report.split('\n').filter((l) => l.startsWith('#### ')).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(160);
    expect(report).toContain(`\n_The findings of ${160 - shown} more agencies are not shown, to keep this report under GitHub's comment size limit; see the JSON or HTML report._\n`);
  });

  it('drops agency table rows too when the table alone would not fit', () => {
    const result = manyAgencies(fixtures, 100);
    const report = markdown(result, { rules });
    expect(report.length).toBeLessThanOrEqual(COMMENT_BUDGET);
    const rows = agencyTable(report).rows;
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(900);
    expect(rows.map((r) => unescape(r[0]!))).toEqual(result.agencies.slice(0, rows.length).map((a) => a.name));
    expect(report).toContain(`\n_${900 - rows.length} more agencies not shown, to keep this report under GitHub's comment size limit._\n`);
  });

  it('keeps a small report whole', () => {
    const report = markdown(fixtures, { rules });
    expect(report).not.toContain('not shown');
    expect(report.length).toBeLessThan(10_000);
  });
});

describe('personal data', () => {
  it('never reaches the report, even from invalid fields and broken files', async () => {
    const referral = edit(cleanReferral(), {
      id: 'REF-PD-2',
      'referrer.name': ['CANARY-REFNAME-2'],
      'referrer.phone': 'CANARY-RPHONE-2',
      'child.givenName': { text: 'CANARY-GIVEN-2' },
      'child.familyName': 'CANARY-FAMILY-2',
      'child.dateOfBirth': '19/07/2013',
      'child.address': { line1: 'CANARY-ADDR-2', postcode: ['CANARY-PC-2'] },
      'child.nhsNumber': '77712345',
      'child.upn': 'CANARY-UPN-2',
      carers: [{ name: 'CANARY-CARER-2', relationship: 'father', parentalResponsibility: 'CANARY-PR-2' }],
      'concerns.summary': 'CANARY-SUMMARY-2',
      'childsViews.views': 'CANARY-VIEWS-2',
      consent: { status: 'CANARY-STATUS-2', reasonNotSought: { code: 'CANARY-CODE-2', details: 'CANARY-DETAILS-2' } },
      'threshold.rationale': 'CANARY-RAT-2',
    });
    const dir = tempDir();
    write(dir, 'in/a-referrals.json', JSON.stringify([referral, 'CANARY-ITEM-3'], null, 2));
    write(dir, 'in/c-referrals.ndjson', `${JSON.stringify(referral)}\n${ioFixture('broken-line-personal.ndjson')}`);
    write(dir, 'in/d-broken.json', ioFixture('malformed-personal.json'));
    write(dir, 'in/e-broken.yaml', ioFixture('malformed-personal.yaml'));
    const result = await lint({ paths: ['in'], cwd: dir, now: NOW });
    expect(result.summary).toMatchObject({ files: 4, filesFailed: 2, referrals: 3, referralsFailed: 2 });
    expect(result.summary.errors).toBeGreaterThan(5);
    const report = markdown(result, { rules }).toLowerCase();
    for (const marker of ['canary', '19/07/2013', '77712345']) expect(report, marker).not.toContain(marker.toLowerCase());
  });
});
