// The ready-made Annex A mappings on realistic lists of their own (examples/annex-a/, made by
// tools/fixtures/annex-a.mjs): with no config and no --mapping, each file is taken by its
// ready-made mapping from its header row, judged only by the rules its few columns allow, and
// its defects found at the cells that hold them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './cli-run.js';
import type { LintResult } from '../src/model/types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIST_1 = 'examples/annex-a/annex-a-list-1.csv';
const LIST_3 = 'examples/annex-a/annex-a-list-3.xlsx';
const NOW = '2026-11-01T06:00:00Z';

async function lint(file: string): Promise<LintResult> {
  const r = await run(ROOT, [file, '--format', 'json', '--now', NOW]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as LintResult;
  expect(report.config.path).toBeNull();
  return report;
}

const findings = (report: LintResult): string[] =>
  report.referrals.flatMap((r) => r.findings.map((f) => `${r.id} ${f.ruleId} ${f.pointer} row ${f.row} ${f.columnLetter} "${f.header}" ${f.severity}`));

/** What Annex A's columns let a list be judged by. */
const ASSESSED = ['schema-valid', 'key-information-present', 'source-code-consistent', 'dates-plausible'];
const NOT_ASSESSED = [
  ['consent-recorded', ['consent.status']],
  ['early-help-agreement', ['earlyHelp.parentalAgreement']],
  ['threshold-applied', ['threshold.level']],
  ['threshold-consistent', ['threshold.level']],
  ['missing-episodes-recorded', ['concerns.categories', 'missingEpisodes[].startedAt']],
  ['return-interview-timely', ['missingEpisodes[].returnedAt', 'missingEpisodes[].returnInterview.offeredAt']],
  ['exploitation-screening', ['concerns.categories', 'exploitationScreening.completedAt']],
  ['referral-timely', ['concerns.firstIdentifiedAt']],
  ['child-voice-recorded', ['childsViews.recorded']],
  ['identifiers-valid', ['carers[].address.postcode', 'child.address.postcode', 'child.nhsNumber', 'child.upn', 'household[].address.postcode']],
  // No referral id (the id is the row) and no NHS number or names: repeats cannot be told.
  ['unique-referral', ['id|child.nhsNumber|child.givenName']],
  // Annex A has no column for what the referrer asked for, nor for their analysis.
  ['referral-purpose-clear', ['concerns.requestedOutcome|concerns.impactOnChild']],
  ['suppression-valid', ['lintIgnore[].rule']],
].map(([ruleId, missing]) => ({ ruleId, missing }));

describe('annex-a-list-1 on a list of contacts (CSV)', () => {
  it('takes the file by its header, and finds its defects at their cells', async () => {
    const report = await lint(LIST_1);
    expect(report.files[0]).toMatchObject({ path: LIST_1, referrals: 30, failedReferrals: [], table: { mapping: 'annex-a-list-1', delimiter: ',', headerRow: 1, blankRows: 1 } });
    expect(findings(report)).toEqual([
      // Born after the contact.
      'row-9 dates-plausible /child/dateOfBirth row 9 D "Date of Birth" error',
      // "Health visitor" is no CIN code: neither a source code nor a sector can be read from it.
      // One cell, one finding (the sector read from the same cell fails with it, quietly).
      'row-15 schema-valid /referrer/sourceCode row 15 G "Contact Source" error',
    ]);
    expect(report.referrals.find((r) => r.id === 'row-15')!.findings[0]!.message).toBe(
      'referrer.sourceCode is not a CIN source code as Annex A writes it (a) 1A to u) 10, or the code alone: 6, q) 6 or q) 6 Police)',
    );
    // Rows are numbered as the sheet numbers them: the blank row 20 is skipped, and the row after it is row 21.
    expect(report.referrals.map((r) => r.id)).toContain('row-21');
    expect(report.referrals.map((r) => r.id)).not.toContain('row-20');
    // A finding names the field, never the cell's value.
    for (const r of report.referrals) for (const f of r.findings) expect(f.message).not.toContain('Health visitor');
  });

  it('assesses only what its columns carry: consent is not assessed', async () => {
    const { coverage } = (await lint(LIST_1)).files[0]!;
    expect(coverage!.assessed).toEqual(ASSESSED);
    expect(coverage!.notAssessed).toEqual(NOT_ASSESSED);
    expect(coverage!.text).toMatch(/^assessed 4 of 17 rules; not assessed: consent-recorded \(no column for consent\.status\), early-help-agreement /);
  });

  it('groups contacts by their source, as Ofsted counts them', async () => {
    const report = await lint(LIST_1);
    const police = report.agencies.find((a) => a.name === 'Police (6)');
    expect(police).toMatchObject({ sector: 'police', referrals: 2, score: 100, errors: 0 });
    expect(police!.coverage!.notAssessed).toContainEqual({ ruleId: 'consent-recorded', referrals: 2 });
    expect(report.agencies.find((a) => a.name === 'Schools (2A)')).toMatchObject({ sector: 'school', referrals: 2 });
    expect(report.agencies.find((a) => a.name === 'LA services: early help (5D)')).toMatchObject({ sector: 'early-help', referrals: 1 });
    expect(report.agencies.find((a) => a.name === 'Health: A&E (3E)')).toMatchObject({ sector: 'health', referrals: 2, score: 87.5, errors: 1 });
    expect(report.summary).toMatchObject({ referrals: 30, errors: 2, warnings: 0, score: 98.33, cleanRate: 93.33 });
  });
});

describe('annex-a-list-3 on a list of referrals (XLSX, sheet "List 3")', () => {
  it('takes the file by its header, and finds its defects at their cells', async () => {
    const report = await lint(LIST_3);
    expect(report.files[0]).toMatchObject({ path: LIST_3, referrals: 30, failedReferrals: [], table: { mapping: 'annex-a-list-3', sheet: 'List 3', headerRow: 1, blankRows: 1 } });
    expect(findings(report)).toEqual([
      'row-7 dates-plausible /child/dateOfBirth row 7 D "Date of Birth" error',
      // "v) 11": there is no code 11.
      'row-12 schema-valid /referrer/sourceCode row 12 G "Referral Source" error',
      // "31/09/2026", typed as text: no such date.
      'row-25 schema-valid /receivedAt row 25 F "Date of Referral" error',
    ]);
    expect(report.referrals.find((r) => r.id === 'row-25')!.findings[0]!.message).toBe(
      'receivedAt is not a date as iso, dd/MM/yyyy, dd/MM/yyyy HH:mm, dd/MM/yyyy HH:mm:ss, d MMM yyyy',
    );
    expect(report.referrals.every((r) => r.sheet === 'List 3')).toBe(true);
  });

  it('assesses only what its columns carry', async () => {
    const { coverage } = (await lint(LIST_3)).files[0]!;
    expect(coverage!.assessed).toEqual(ASSESSED);
    expect(coverage!.notAssessed).toEqual(NOT_ASSESSED);
  });

  it('groups referrals by their source', async () => {
    const report = await lint(LIST_3);
    expect(report.agencies.find((a) => a.name === 'Police (6)')).toMatchObject({ sector: 'police', referrals: 3, score: 100 });
    expect(report.agencies.find((a) => a.name === 'Unknown (10)')).toMatchObject({ sector: 'other', referrals: 1 });
    // "v) 11" is no code: its referral is grouped under one name, not under the cell's text.
    expect(report.agencies.find((a) => a.name === 'Unrecognised source')).toMatchObject({ referrals: 1 });
    expect(report.agencies.some((a) => a.name.includes('11'))).toBe(false);
    expect(report.summary).toMatchObject({ referrals: 30, errors: 3, warnings: 0, score: 97.5, cleanRate: 90 });
  });
});
