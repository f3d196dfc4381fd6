// The GitHub Actions report: one workflow command per finding, escaped as @actions/core
// escapes them, then a plain summary line; and the job summary it goes with.
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../../rules/index.js';
import { lint } from '../../src/run/lint.js';
import { escapeData, escapeProperty, github, stepSummary } from '../../src/report/github.js';
import { markdown, markdownSummary } from '../../src/report/markdown.js';
import { canaryReferrals, cleanReferral, edit, otherChild } from '../helpers.js';
import { ioFixture, ROOT, useTempDirs, write } from '../temp-files.js';
import type { LintResult } from '../../src/model/types.js';

const NOW = '2026-11-01T06:00:00Z';
const rules = new Map(builtInRules.map((r) => [r.meta.id, r.meta]));

const tempDir = useTempDirs('github');

function lines(result: LintResult, quiet = false): string[] {
  const text = github(result, { rules, quiet });
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('escapeData and escapeProperty', () => {
  it('escape %, CR and LF in a message, and leave : and , alone', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b');
  });

  it('escape : and , as well in a property value', () => {
    expect(escapeProperty('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext%3A a%2C b');
  });

  it('escape % first, so an escape already in the text is not decoded', () => {
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('%3A')).toBe('%253A');
  });

  it('leave text without special characters as it is', () => {
    expect(escapeData('mode must be one of written')).toBe('mode must be one of written');
    expect(escapeProperty('exports/2026-10.json')).toBe('exports/2026-10.json');
  });
});

describe('annotations', () => {
  it('give the file, line, column, rule and referral of a finding, then the summary', async () => {
    const dir = tempDir();
    const text = JSON.stringify([edit(cleanReferral(), { mode: 'fax' })], null, 2);
    expect(text.split('\n')[4]).toBe('    "mode": "fax",');
    write(dir, 'in/one.json', text);
    const result = await lint({ paths: ['in'], cwd: dir, now: NOW });
    expect(lines(result)).toEqual([
      '::error file=in/one.json,line=5,col=5,title=schema-valid (REF-TEST-0001)::mode must be one of written, telephone, online, in-person',
      'referral-lint: 1 referral from 1 file; 1 problem (1 error, 0 warnings); score 75.0 (requires-improvement); clean 0.0%',
    ]);
    expect(result.summary.score).toBe(75);
  });

  it('give the line and column the result holds for the sample fixtures', async () => {
    const result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    const out = lines(result);
    expect(out).toContain(
      '::error file=fixtures/2026-10-front-door.json,line=306,col=7,title=consent-recorded (REF-2026-10-0012)::consent.status is not recorded: say whether consent was given, refused or not sought',
    );
    expect(out).toContain(
      '::warning file=fixtures/2026-10-police.ndjson,line=10,col=1,title=referral-timely (REF-2026-10-0042)::writtenConfirmationAt is not recorded and more than 48 hours have passed since receivedAt: a telephone referral must be confirmed in writing',
    );
    expect(out.filter((l) => l.startsWith('::error ')).length).toBe(43);
    expect(out.filter((l) => l.startsWith('::warning ')).length).toBe(30);
    expect(out.length).toBe(73 + 1);
    expect(result.summary).toMatchObject({ errors: 43, warnings: 30, infos: 0 });
    expect(out.at(-1)).toBe('referral-lint: 50 referrals from 3 files; 73 problems (43 errors, 30 warnings); score 81.8 (requires-improvement); clean 50.0%');
  });

  it('leave out line and col when the place is unknown (in-memory input)', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { mode: 'fax' })], label: 'mem.json', now: NOW });
    expect(lines(result)[0]).toBe('::error file=mem.json,title=schema-valid (REF-TEST-0001)::mode must be one of written, telephone, online, in-person');
  });

  it('escape a comma and a colon in the file path, and in the referral id of the title', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { id: 'REF:1,2', mode: 'fax' })], label: 'exports/a,b:c.json', now: NOW });
    expect(result.referrals[0]!.file).toBe('exports/a,b:c.json');
    expect(lines(result)[0]).toBe(
      '::error file=exports/a%2Cb%3Ac.json,title=schema-valid (REF%3A1%2C2)::mode must be one of written, telephone, online, in-person',
    );
  });

  it('escape %, CR and LF in a message and in properties end to end', async () => {
    const result = await lint({ referrals: [edit(cleanReferral(), { mode: 'fax' })], label: 'x%y\r\nz.json', now: NOW });
    // A reporter formats what the result holds; a message with line breaks must stay one command.
    result.referrals[0]!.findings[0]!.message = '100% sure:\r\nline two, line three';
    expect(lines(result)[0]).toBe('::error file=x%25y%0D%0Az.json,title=schema-valid (REF-TEST-0001)::100%25 sure:%0D%0Aline two, line three');
  });

  it('map warning to ::warning and info to ::notice', async () => {
    const referral = edit(cleanReferral(), { childsViews: undefined });
    const warned = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(lines(warned)[0]).toBe(
      "::warning file=mem.json,title=child-voice-recorded (REF-TEST-0001)::the child's views are not recorded (childsViews.views), nor why not (childsViews.reasonNotRecorded)",
    );
    const noted = await lint({ referrals: [referral], label: 'mem.json', now: NOW, rules: ['child-voice-recorded:info'] });
    expect(noted.referrals[0]!.findings.map((f) => f.severity)).toEqual(['info']);
    expect(lines(noted)).toEqual([
      "::notice file=mem.json,title=child-voice-recorded (REF-TEST-0001)::the child's views are not recorded (childsViews.views), nor why not (childsViews.reasonNotRecorded)",
      'referral-lint: 1 referral from 1 file; 0 problems (0 errors, 0 warnings); score 100.0 (good); clean 100.0%',
    ]);
  });

  it('leave out warnings and notices with --quiet', async () => {
    const referral = edit(cleanReferral(), { childsViews: undefined, mode: 'fax' });
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.findings.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(lines(result, true).filter((l) => l.startsWith('::'))).toEqual([
      '::error file=mem.json,title=schema-valid (REF-TEST-0001)::mode must be one of written, telephone, online, in-person',
    ]);
  });

  it('do not annotate a suppressed finding', async () => {
    const referral = edit(cleanReferral(), {
      childsViews: undefined,
      lintIgnore: [{ rule: 'child-voice-recorded', reason: 'The child is a baby, too young to give views.' }],
    });
    const result = await lint({ referrals: [referral], label: 'mem.json', now: NOW });
    expect(result.referrals[0]!.suppressed.map((f) => f.ruleId)).toEqual(['child-voice-recorded']);
    expect(lines(result)).toEqual(['referral-lint: 1 referral from 1 file; 0 problems (0 errors, 0 warnings); score 100.0 (good); clean 100.0%; 1 finding suppressed']);
  });

  it('annotate a file and a referral that could not be linted', async () => {
    const dir = tempDir();
    write(dir, 'in/d-broken.json', ioFixture('malformed-personal.json'));
    write(dir, 'in/c-referrals.ndjson', ioFixture('broken-line-personal.ndjson'));
    const result = await lint({ paths: ['in'], cwd: dir, now: NOW });
    expect(result.files.map((f) => [f.path, f.error ?? null, f.line ?? null, f.column ?? null])).toEqual([
      ['in/c-referrals.ndjson', null, null, null],
      ['in/d-broken.json', 'not valid JSON: an unexpected character', 4, 14],
    ]);
    expect(result.files[0]!.failedReferrals).toMatchObject([{ pointer: '', line: 2, reason: 'not valid JSON: an unexpected character (column 43)' }]);
    const out = lines(result);
    expect(out.filter((l) => l.includes('title=failed-'))).toEqual([
      '::error file=in/c-referrals.ndjson,line=2,title=failed-referral::referral not linted: not valid JSON: an unexpected character (column 43)',
      '::error file=in/d-broken.json,line=4,col=14,title=failed-file::file not linted: not valid JSON: an unexpected character',
    ]);
    expect(out.at(-1)).toMatch(/; 1 file and 1 referral could not be linted$/);
  });

  it('name the pointer of a list item that is not a referral', async () => {
    const result = await lint({ referrals: [cleanReferral(), 'not a referral'], label: 'mem.json', now: NOW });
    expect(lines(result)[0]).toBe('::error file=mem.json,title=failed-referral::referral at /1 not linted: expected a referral object');
  });

  it("annotate a rule's crash without the exception's own message", async () => {
    const result = await lint({ referrals: [cleanReferral()], label: 'mem.json', now: NOW });
    result.internalErrors.push({ ruleId: 'consent-recorded', referralId: 'REF-TEST-0001', file: 'mem.json', pointer: '/0', message: 'CANARY-EXCEPTION' });
    result.summary.internalErrors = 1;
    expect(lines(result)).toEqual([
      '::error file=mem.json,title=internal-error (consent-recorded)::rule consent-recorded crashed on referral REF-TEST-0001 at /0: its score is incomplete',
      'referral-lint: 1 referral from 1 file; 0 problems (0 errors, 0 warnings); score 100.0 (good); clean 100.0%; 1 internal error',
    ]);
  });

  it('mark the findings a baseline does not have with [new] at the end of the title', async () => {
    const first = await lint({ referrals: [edit(otherChild('REF-A'), { mode: 'fax' }), otherChild('REF-B')], label: 'mem.json', now: NOW });
    const second = await lint({
      referrals: [edit(otherChild('REF-A'), { mode: 'fax' }), edit(otherChild('REF-B'), { 'consent.status': undefined })],
      label: 'mem.json',
      now: NOW,
      baseline: first,
    });
    expect(second.referrals.map((r) => r.findings.map((f) => [f.ruleId, f.isNew]))).toEqual([[['schema-valid', false]], [['consent-recorded', true]]]);
    const b = second.baseline!;
    expect(lines(second)).toEqual([
      '::error file=mem.json,title=schema-valid (REF-A)::mode must be one of written, telephone, online, in-person',
      '::error file=mem.json,title=consent-recorded (REF-B) [new]::consent.status is not recorded: say whether consent was given, refused or not sought',
      `referral-lint: 2 referrals from 1 file; 2 problems (2 errors, 0 warnings); score ${second.summary.score!.toFixed(1)} (${second.summary.band}); clean 0.0%; since (in memory): score -${Math.abs(b.scoreChange!).toFixed(1)}, 1 new, 0 fixed`,
    ]);
    expect(b.scoreChange!).toBeLessThan(0);
  });
});

describe('stepSummary', () => {
  it('is the heading, run summary and agency table of the Markdown report, without the per-agency findings', async () => {
    const result = await lint({ paths: ['fixtures/'], cwd: ROOT, now: NOW });
    const summary = stepSummary(result, { rules });
    expect(summary).toBe(markdownSummary(result, 250_000));
    expect(summary.startsWith('## referral-lint report\n')).toBe(true);
    expect(summary.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Agency ')).length).toBe(result.agencies.length);
    expect(summary).not.toContain('### Most frequent findings');
    expect(markdown(result, { rules }).startsWith(summary)).toBe(true);
  });
});

describe('personal data', () => {
  const { valid, invalid, MARKERS } = canaryReferrals();

  it('never reaches the annotations, the summary line or the job summary', async () => {
    const dir = tempDir();
    write(dir, 'in/a-referrals.json', JSON.stringify([valid, invalid, 'CANARY-ITEM-3'], null, 2));
    write(dir, 'in/c-referrals.ndjson', `${JSON.stringify(invalid)}\n${ioFixture('broken-line-personal.ndjson')}`);
    write(dir, 'in/d-broken.json', ioFixture('malformed-personal.json'));
    write(dir, 'in/e-broken.yaml', ioFixture('malformed-personal.yaml'));
    const result = await lint({ paths: ['in'], cwd: dir, now: NOW });
    expect(result.summary).toMatchObject({ files: 4, filesFailed: 2, referrals: 4, referralsFailed: 2 });
    expect(result.summary.errors).toBeGreaterThan(5);
    const all = `${github(result, { rules })}\n${stepSummary(result, { rules })}`.toLowerCase();
    for (const marker of MARKERS) expect(all, marker).not.toContain(marker.toLowerCase());
  });
});
