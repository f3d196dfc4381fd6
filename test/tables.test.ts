// Tables in (issue 16): mappings compiled and bound, rows made into referrals, bad input of
// every kind (point 7), coverage, locations, and personal data in cells.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { ConfigError } from '../src/model/errors.js';
import { compileMapping, type MappingSpec } from '../src/mapping/mapping.js';
import { readyMade } from '../src/mapping/ready-made.js';
import { bindMapping } from '../src/mapping/bind.js';
import { applyMapping } from '../src/mapping/apply.js';
import { ambiguous, dateFormat, fromExcelSerial, type DateFormat } from '../src/mapping/dates.js';
import { run, runJson } from './cli-run.js';
import { cell, row, writeXlsx } from './helpers/xlsx-writer.js';

const NOW = '2026-02-03T12:00:00Z';

function dir(files: Record<string, string | Uint8Array>): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rl-tables-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(d, name), content);
  return d;
}

const compile = (spec: unknown): ReturnType<typeof compileMapping> => compileMapping(spec, 'test', readyMade);

/** A small form export: one school's referrals. */
const HEADER = 'Referral ID,Date received,Child first name,Child surname,Date of birth,Consent given?,Threshold,Concerns,Summary,Parent 1 name,Parent 1 relationship,Parent 2 name,Parent 2 relationship';
const MAPPING: MappingSpec = {
  name: 'school-form',
  id: 'Referral ID',
  fields: {
    receivedAt: 'Date received',
    'child.givenName': 'Child first name',
    'child.familyName': 'Child surname',
    'child.dateOfBirth': ['DOB', 'Date of birth'],
    'referrer.agency': { value: 'Northfield Primary School' },
    'referrer.sector': { value: 'school' },
    'consent.status': { column: 'Consent given?', values: { Yes: 'given', No: 'refused', 'Not asked': 'not-sought' } },
    'threshold.level': { column: 'Threshold', values: { '^Level (\\d)$': '$1' } },
    'concerns.categories': 'Concerns',
    'concerns.summary': 'Summary',
  },
  groups: { carers: { count: 2, fields: { name: 'Parent {n} name', relationship: 'Parent {n} relationship' } } },
};

describe('a mapping is checked before any file is read', () => {
  it('names the mapping and key of each problem: an unknown field, a bad regular expression, an unsafe one, an unknown key', () => {
    const attempt = (): unknown =>
      compile({
        name: 'bad',
        colour: 'blue',
        fields: {
          'child.dob': 'DOB',
          'consent.Status': 'Consent',
          'threshold.level': { column: 'Threshold', values: { '^Level (\\d': '$1' } },
          'referrer.agency': { match: '^(a+)+$' },
        },
      });
    expect(attempt).toThrow(ConfigError);
    let message = '';
    try {
      attempt();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("mapping 'bad': colour: unknown key");
    expect(message).toContain("mapping 'bad': fields.child.dob: child.dob is not a field of the referral format");
    expect(message).toContain('fields.consent.Status: consent.Status is not a field of the referral format (did you mean consent.status?)');
    expect(message).toContain('fields.threshold.level.values."^Level (\\d": "^Level (\\d" is not a valid regular expression');
    expect(message).toContain('fields.referrer.agency.match: the regular expression "^(a+)+$" could take exponential time');
  });

  it('refuses date formats that read one text as two dates, and accepts ones that agree', () => {
    expect(() => compile({ name: 'us-uk', dates: ['dd/MM/yyyy', 'MM/dd/yyyy'], fields: { receivedAt: 'Date' } })).toThrow(
      /mapping 'us-uk': dates: "dd\/MM\/yyyy" and "MM\/dd\/yyyy" read one text as two different dates/,
    );
    expect(() => compile({ name: 'field-level', fields: { receivedAt: { column: 'Date', dates: ['d/M/yyyy', 'M/d/yyyy HH:mm', 'M/d/yyyy'] } } })).toThrow(/fields.receivedAt.dates: "d\/M\/yyyy" and "M\/d\/yyyy"/);
    const f = (n: string): DateFormat => dateFormat(n) as DateFormat;
    expect(ambiguous(f('dd/MM/yyyy'), f('d/M/yyyy'))).toBe(false);
    expect(ambiguous(f('dd/MM/yyyy'), f('dd/MM/yyyy HH:mm'))).toBe(false);
    expect(ambiguous(f('yyyy-dd-MM'), f('iso'))).toBe(true);
    expect(() => compile({ name: 'x', dates: ['dd/mm/yyyy'], fields: { receivedAt: 'D' } })).toThrow(/"dd\/mm\/yyyy" is not a date format: it has no month/);
  });

  it('refuses a value of the wrong kind, a list of objects as a field, and a group header without {n}', () => {
    expect(() => compile({ name: 'm', fields: { 'consent.status': { column: 'C', values: { Yes: 'yes-please' } } } })).toThrow(
      /fields.consent.status.values."Yes": expected one of its codes: given, refused, not-sought/,
    );
    expect(() => compile({ name: 'm', fields: { carers: 'Parent' } })).toThrow(/fields.carers: carers is list of objects: map the fields inside it .*under groups: carers/);
    expect(() => compile({ name: 'm', groups: { carers: { count: 2, fields: { name: 'Parent name' } } } })).toThrow(/groups.carers.fields.name: a group's column headers say where the item number goes with \{n\}/);
  });

  it('a mapping naming a column the file lacks is a configuration error, exit 2, before any row is read', async () => {
    const d = dir({ 'm.yaml': toYaml({ ...MAPPING, fields: { ...MAPPING.fields, 'child.nhsNumber': 'NHS number' } }), 'r.csv': `${HEADER}\nR-1,31/01/2026 10:00,Amy,Testchild,02/03/2015,Yes,Level 3,neglect,Hungry,Pat,mother,,\n` });
    const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '-f', 'json', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("mapping 'school-form' applies to r.csv");
    expect(r.stderr).toContain('no column "NHS number" for child.nhsNumber (fields.child.nhsNumber)');
    expect(r.stderr).not.toContain('Amy');
  });

  it('two columns with the header a mapping names: a configuration error naming both columns', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${HEADER},Summary\nR-1,31/01/2026 10:00,Amy,Testchild,02/03/2015,Yes,Level 3,neglect,Hungry,Pat,mother,,,x\n` });
    const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mapping 'school-form': fields.concerns.summary: r.csv has 2 columns that \"Summary\" names (I \"Summary\", N \"Summary\")");
  });
});

describe('rows made into referrals', () => {
  const header = HEADER.split(',');
  const bound = bindMapping(compile(MAPPING), header, 1, 'r.csv');
  if ('missing' in bound) throw new Error('bind failed');

  it('converts each cell by its field: dates, value maps, captures to numbers, lists, constants, groups (a blank Parent 2 is no carer)', () => {
    const mapped = applyMapping(bound, 2, ['R-1', '31/01/2026 14:05', 'Amy', 'Testchild', '02/03/2015', ' yes ', 'Level 3', 'Neglect; Domestic abuse', 'Hungry', 'Pat Example', 'mother', undefined, '']);
    expect(mapped.errors).toEqual([]);
    expect(mapped.data).toEqual({
      id: 'R-1',
      receivedAt: '2026-01-31T14:05:00',
      child: { givenName: 'Amy', familyName: 'Testchild', dateOfBirth: '2015-03-02' },
      referrer: { agency: 'Northfield Primary School', sector: 'school' },
      consent: { status: 'given' },
      threshold: { level: 3 },
      concerns: { categories: ['neglect', 'domestic-abuse'], summary: 'Hungry' },
      carers: [{ name: 'Pat Example', relationship: 'mother' }],
    });
    expect(mapped.cells.get('/consent/status')).toBe(5);
    expect(mapped.cells.has('/carers/1/name')).toBe(false);
  });

  it('a value not in its value map and a date that fits no format are cell errors naming the field and what was expected, never the value', () => {
    const mapped = applyMapping(bound, 7, ['R-2', '31/13/2026', 'Ben', 'Sample', 'CANARY-DOB', 'Maybe-CANARY', 'Level 9', 'neglect', 'x', '', '', '', '']);
    expect(mapped.errors).toEqual([
      { pointer: '/receivedAt', column: 1, message: 'receivedAt is not a date as iso, dd/MM/yyyy, dd/MM/yyyy HH:mm, dd/MM/yyyy HH:mm:ss, d MMM yyyy' },
      { pointer: '/child/dateOfBirth', column: 4, message: 'child.dateOfBirth is not a date as iso, dd/MM/yyyy, dd/MM/yyyy HH:mm, dd/MM/yyyy HH:mm:ss, d MMM yyyy' },
      { pointer: '/consent/status', column: 5, message: 'consent.status is not one of the values its mapping lists ("Yes", "No", "Not asked")' },
    ]);
    // The level's capture gives 9, a whole number: the schema, not the mapping, judges whether the level exists.
    expect(mapped.data.threshold).toEqual({ level: 9 });
    // The text stays in the referral: the field is present, and wrong.
    expect((mapped.data.consent as { status: string }).status).toBe('Maybe-CANARY');
  });

  it('an Excel error cell fails wherever it is mapped; a date cell is a date; a bare number is one only with the excel format', () => {
    const mapped = applyMapping(bound, 3, ['R-3', { serial: 46053.5 }, 'Cara', { error: '#N/A' }, { serial: 42000 }, 'No', '', '', '', '', '', '', '']);
    expect(mapped.data.receivedAt).toBe('2026-01-31T12:00:00');
    expect(mapped.data.child).toEqual({ givenName: 'Cara', familyName: '#N/A', dateOfBirth: '2014-12-27' });
    expect(mapped.errors).toEqual([{ pointer: '/child/familyName', column: 3, message: 'child.familyName holds the Excel error #N/A' }]);
    // "2015" in a date column is not 7 July 1905 unless the mapping says its dates are serials.
    expect(applyMapping(bound, 4, ['R-4', '31/01/2026', 'Cara', 'Demo', '2015']).errors.map((e) => e.pointer)).toEqual(['/child/dateOfBirth']);
    const serials = compile({ ...MAPPING, dates: ['dd/MM/yyyy', 'excel'] });
    const withSerials = bindMapping(serials, header, 1, 'r.csv');
    if ('missing' in withSerials) throw new Error('bind failed');
    expect((applyMapping(withSerials, 4, ['R-4', '31/01/2026', 'Cara', 'Demo', '42000']).data.child as { dateOfBirth: string }).dateOfBirth).toBe('2014-12-27');
    // Excel's own count: day 1 is 1900-01-01, day 59 is 28 February 1900, day 60 (its 29 February) is no date, day 61 is 1 March.
    expect(fromExcelSerial(1)).toEqual({ year: 1900, month: 1, day: 1 });
    expect(fromExcelSerial(59)).toEqual({ year: 1900, month: 2, day: 28 });
    expect(fromExcelSerial(60)).toBeUndefined();
    expect(fromExcelSerial(61)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(fromExcelSerial(2958465)).toEqual({ year: 9999, month: 12, day: 31 });
    expect(fromExcelSerial(2958466)).toBeUndefined();
  });

  it('a list cell with an item that is no code: one finding, at its cell', () => {
    const mapped = applyMapping(bound, 5, ['R-5', '31/01/2026', 'Dan', 'Demo', '02/03/2015', 'Yes', 'Level 2', 'Neglect; Worried', 'x']);
    expect(mapped.errors).toEqual([
      { pointer: '/concerns/categories', column: 7, message: expect.stringMatching(/^concerns.categories an item is not one of its codes \(neglect, /) },
    ]);
  });

  it('a text field with a value map: text the map does not list is a finding', () => {
    const m = compile({ name: 't', fields: { 'referrer.agency': { column: 'Source', values: { P: 'Police', S: 'School' } } } });
    const b = bindMapping(m, ['Source'], 1, 'f');
    if ('missing' in b) throw new Error('bind failed');
    expect(applyMapping(b, 2, ['P']).data).toEqual({ referrer: { agency: 'Police' } });
    expect(applyMapping(b, 3, ['Q']).errors).toEqual([{ pointer: '/referrer/agency', column: 0, message: 'referrer.agency is not one of the values its mapping lists ("P", "S")' }]);
  });

  it('a group header found by a regular expression with {n}', () => {
    const m = compile({ name: 'g', groups: { carers: { count: 2, fields: { name: { match: '^parent\\s*{n}\\b.*name' } } } } });
    const b = bindMapping(m, ['Parent 1 full name', 'Parent 2 full name'], 1, 'f');
    if ('missing' in b) throw new Error('bind failed');
    expect(applyMapping(b, 2, ['Pat', 'Sam']).data).toEqual({ carers: [{ name: 'Pat' }, { name: 'Sam' }] });
  });

  it('booleans read the mapping\'s yes/no words; a word that is both is refused', () => {
    const m = compile({ name: 'b', booleans: { yes: ['Yes', 'Ja'], no: ['No', 'Nein'] }, fields: { 'concerns.immediateRisk': 'Risk' } });
    const b = bindMapping(m, ['Risk'], 1, 'f');
    if ('missing' in b) throw new Error('bind failed');
    // `id: row` (the default): the referral has no id; reports name it by its row.
    expect(applyMapping(b, 2, ['ja'])).toMatchObject({ data: { concerns: { immediateRisk: true } }, rowId: 'row-2' });
    expect(applyMapping(b, 3, [true]).data).toEqual({ concerns: { immediateRisk: true } });
    expect(applyMapping(b, 4, ['maybe']).errors[0]!.message).toBe('concerns.immediateRisk is not yes or no (yes, ja, no, nein)');
    expect(() => compile({ name: 'b', booleans: { yes: ['Y'], no: ['y'] }, fields: { 'concerns.immediateRisk': 'Risk' } })).toThrow(/"y" cannot mean both yes and no/);
  });
});

describe('tables through the command line', () => {
  const csv = [
    HEADER,
    'R-001,31/01/2026 14:05,Amy,Testchild,02/03/2015,Yes,Level 3,neglect,"Arrived hungry three days running, said there is no food at home and her older brother confirmed it",Pat Example,mother,,',
    'R-002,01/02/2026 09:00,Ben,Sample,31/13/2016,Maybe,Level 2,neglect,,,,,',
    ',,,,,,,,,,,,',
    'R-003,02/02/2026 09:00,Cara,Demo,06/05/2014,,Level 4,cse,"Seen with older men, ""boyfriend"" collects her",Sam Demo,father,Lee Demo,stepfather',
    'R-004,02/02/2026 10:00,Dan,Demo,06/05/2014,No,Level 2,neglect,Late,x,y,z,w,extra',
    'R-005,02/02/2026 11:00,"=HYPERLINK(""http://example.invalid"")",Demo,06/05/2014,No,Level 2,neglect,"Arrived hungry three days running, said there is no food at home and her older brother confirmed it",+1,-2,@x,w',
  ].join('\n');

  it('finds each defect at its row and column, reports a row with a cell past the headers as a failed referral, and skips a blank row', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${csv}\n` });
    const { code: status, report } = await runJson(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW]);
    expect(status).toBe(1);
    const file = report.files[0]!;
    expect(file.table).toEqual({ mapping: 'school-form', delimiter: ',', headerRow: 1, blankRows: 1 });
    expect(file.failedReferrals).toEqual([
      { pointer: '', line: 6, row: 6, reason: 'row 6 has a value in column N, past the last column with a header (M): a delimiter inside a cell that is not quoted moves every cell after it, so the row is not read' },
    ]);
    const findings = report.referrals.flatMap((r) => r.findings.map((f) => [r.id, f.ruleId, f.severity, f.pointer, f.row, f.columnLetter, f.header]));
    expect(findings).toEqual([
      ['R-002', 'schema-valid', 'error', '/child/dateOfBirth', 3, 'E', 'Date of birth'],
      ['R-002', 'schema-valid', 'error', '/consent/status', 3, 'F', 'Consent given?'],
      ['R-002', 'key-information-present', 'error', '/concerns/summary', 3, 'I', 'Summary'],
      ['R-003', 'consent-recorded', 'error', '/consent/status', 5, 'F', 'Consent given?'],
    ]);
    expect(report.referrals.map((r) => [r.id, r.row, r.score])).toEqual([
      ['R-001', 2, 100],
      ['R-002', 3, 50],
      ['R-003', 5, 75],
      ['R-005', 7, 100],
    ]);
  });

  it('judges a table only on what it carries: rules it cannot be judged by are not assessed, and weigh nothing in its scores', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${csv}\n` });
    const { report } = await runJson(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW]);
    const coverage = report.files[0]!.coverage!;
    expect(coverage.notAssessed.map((n) => n.ruleId)).toEqual([
      'early-help-agreement',
      'missing-episodes-recorded',
      'return-interview-timely',
      'exploitation-screening',
      'referral-timely',
      'child-voice-recorded',
      'identifiers-valid',
      'source-code-consistent',
      'referral-purpose-clear',
      'suppression-valid',
    ]);
    expect(coverage.notAssessed.find((n) => n.ruleId === 'referral-timely')).toEqual({ ruleId: 'referral-timely', missing: ['concerns.firstIdentifiedAt'] });
    expect(coverage.assessed).toEqual(['schema-valid', 'key-information-present', 'consent-recorded', 'threshold-applied', 'threshold-consistent', 'dates-plausible', 'unique-referral']);
    expect(coverage.text).toMatch(/^assessed 7 of 17 rules; not assessed: early-help-agreement \(no column for earlyHelp.parentalAgreement\), /);
    const agency = report.agencies[0]!;
    expect(agency.coverage!.notAssessed).toContainEqual({ ruleId: 'referral-timely', referrals: 4 });
    expect(agency.rules['referral-timely']).toEqual({ applicable: 0, failed: 0 });
    // R-003 fails consent-recorded (error, 25) and nothing else: 75, with the rules not assessed counting for nothing.
    const r3 = report.referrals.find((r) => r.id === 'R-003')!;
    expect(r3.notAssessed).toContain('referral-timely');
    expect(r3.rulesApplied).not.toContain('referral-timely');
    expect(r3.score).toBe(75);
  });

  it("key-information-present's consistentIdentifier: no finding from a table without an NHS number column, one from a table with one left blank", async () => {
    const config = toYaml({ rules: { 'key-information-present': { options: { consistentIdentifier: true } } } });
    const keyFindings = (report: Awaited<ReturnType<typeof runJson>>['report']) =>
      report.referrals.flatMap((r) => r.findings.filter((f) => f.ruleId === 'key-information-present').map((f) => [r.id, f.pointer, f.header ?? null]));
    const without = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${csv}\n`, 'c.yaml': config });
    const off = await runJson(without, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW]);
    const on = await runJson(without, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '--config', 'c.yaml']);
    expect(keyFindings(on.report)).toEqual(keyFindings(off.report));
    expect(keyFindings(on.report)).toEqual([['R-002', '/concerns/summary', 'Summary']]);
    // The same table with an NHS number column: R-001 has a valid number, the others leave it blank.
    const lines = csv.split('\n');
    const withNhs = [`${lines[0]},NHS number`, `${lines[1]},943 476 5919`, ...lines.slice(2).map((l) => (l.startsWith(',') ? `${l},` : `${l},`))].join('\n');
    const carried = dir({ 'm.yaml': toYaml({ ...MAPPING, fields: { ...MAPPING.fields, 'child.nhsNumber': 'NHS number' } }), 'r.csv': `${withNhs}\n`, 'c.yaml': config });
    const counted = await runJson(carried, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '--config', 'c.yaml']);
    expect(keyFindings(counted.report).filter(([, pointer]) => pointer === '/child/nhsNumber')).toEqual([
      ['R-002', '/child/nhsNumber', 'NHS number'],
      ['R-003', '/child/nhsNumber', 'NHS number'],
      ['R-005', '/child/nhsNumber', 'NHS number'],
    ]);
  });

  it('cells that look like formulas stay data: the CSV report guards them, the JSON keeps them as text', async () => {
    const d = dir({ 'm.yaml': toYaml({ ...MAPPING, fields: { ...MAPPING.fields, 'referrer.agency': 'Child first name' } }), 'r.csv': `${csv}\n` });
    const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '-f', 'csv-agencies']);
    expect(r.stdout).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    expect(r.stdout).not.toMatch(/^=HYPERLINK/m);
  });

  it('never prints a cell value without --include-personal-data, and does with it', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${HEADER}\nR-1,CANARY-DATE-9,Amy,Testchild,02/03/2015,CANARY-CONSENT-7,Level 3,neglect,Hungry,Pat,mother,,\n` });
    for (const format of ['stylish', 'json', 'csv', 'sarif', 'junit', 'markdown', 'html', 'github']) {
      const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '-f', format]);
      expect(r.stdout + r.stderr, format).not.toContain('CANARY');
    }
    const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '--include-personal-data']);
    expect(r.stdout).toContain('CANARY-CONSENT-7');
  });

  it('a table no mapping fits: named, a failed file saying what was tried and why; found by a walk, skipped and listed', async () => {
    const d = dir({ 'm.yaml': toYaml({ ...MAPPING, files: ['exports/*.csv'] }), 'other.csv': 'Name,Colour\nx,y\n' });
    const named = await runJson(d, ['--mapping', 'm.yaml', 'other.csv', '--now', NOW]);
    expect(named.report.files[0]!.error).toBe(
      "not a referral export: no mapping fits it; tried: 'school-form': its files (exports/*.csv) do not match this path; 'annex-a-list-1': no column \"Child Unique ID\" (header); no column \"Date of Contact\" (header); no column \"Contact Source\" (header); 'annex-a-list-3': no column \"Child Unique ID\" (header); no column \"Date of Referral\" (header); no column \"Referral Source\" (header)",
    );
    const walked = await runJson(d, ['--mapping', 'm.yaml', '.', '--now', NOW]);
    expect(walked.report.skipped).toEqual([
      { path: 'm.yaml', reason: 'a referral-lint mapping' },
      { path: 'other.csv', reason: 'a table no mapping fits: name one with --mapping, or name the file to see why each mapping tried does not fit' },
    ]);
  });

  it('reads CSV from standard input with --input-format csv, and Windows-1252 text, saying which encoding it used', async () => {
    const bytes = Buffer.from(`${HEADER}\nR-1,31/01/2026 10:00,Zo\xeb,Testchild,02/03/2015,Yes,Level 3,neglect,Lunch money \xa35 taken,Pat,mother,,\n`, 'latin1');
    const d = dir({ 'm.yaml': toYaml(MAPPING) });
    const { report } = await runJson(d, ['--mapping', 'm.yaml', '--input-format', 'csv', '-', '--now', NOW], Readable.from([bytes]));
    expect(report.summary.referrals).toBe(1);
    expect(report.referrals[0]!.findings.filter((f) => f.ruleId === 'schema-valid')).toEqual([]);
    expect(report.files[0]!.table).toEqual({ mapping: 'school-form', encoding: 'windows-1252 (detected: not valid UTF-8)', delimiter: ',', headerRow: 1, blankRows: 0 });
    const personal = await run(d, ['--mapping', 'm.yaml', '--input-format', 'csv', '-', '--now', NOW, '--include-personal-data', '-f', 'json'], Readable.from([bytes]));
    expect(personal.stdout).not.toContain('\ufffd');
    expect(personal.stdout).toContain('£5');
  });

  it('reads an XLSX workbook: the named sheet, date cells, a hidden sheet never chosen by default, formula cells by their cached value', async () => {
    const headers = ['Referral ID', 'Date received', 'Child first name', 'Child surname', 'Date of birth', 'Consent given?', 'Threshold', 'Concerns', 'Summary'];
    const strings = [...headers, 'R-1', 'Amy', 'Testchild', 'Yes', 'Level 3', 'neglect', 'Hungry', 'Lookups'];
    const s = (text: string): number => strings.indexOf(text);
    const letters = 'ABCDEFGHI';
    const book = writeXlsx({
      sharedStrings: strings,
      cellXfs: [0, 14, 22],
      sheets: [
        { name: 'Lookups', state: 'hidden', rows: row(1, cell.s('A1', s('Lookups'))) },
        {
          name: 'Referrals',
          rows:
            row(1, ...headers.map((h, i) => cell.s(`${letters[i]}1`, s(h)))) +
            row(2, cell.s('A2', s('R-1')), cell.n('B2', 46053.5, 2), cell.s('C2', s('Amy')), cell.s('D2', s('Testchild')), cell.n('E2', 42000, 1), cell.str('F2', 'IF(1,"Yes","No")', 'Yes'), cell.s('G2', s('Level 3')), cell.s('H2', s('neglect')), cell.s('I2', s('Hungry'))) +
            row(4, cell.s('A4', s('R-1')), cell.e('B4', '#REF!')),
        },
      ],
    });
    const d = dir({ 'm.yaml': toYaml({ ...MAPPING, groups: {} }), 'r.xlsx': book });
    const { report } = await runJson(d, ['--mapping', 'm.yaml', 'r.xlsx', '--now', NOW]);
    expect(report.files[0]!.table).toEqual({ mapping: 'school-form', sheet: 'Referrals', headerRow: 1, blankRows: 1 });
    expect(report.referrals.map((r) => [r.id, r.row, r.sheet])).toEqual([
      ['R-1', 2, 'Referrals'],
      ['R-1', 4, 'Referrals'],
    ]);
    const second = report.referrals[1]!.findings.map((f) => [f.ruleId, f.pointer, f.columnLetter, f.message]);
    expect(second).toContainEqual(['schema-valid', '/receivedAt', 'B', 'receivedAt holds the Excel error #REF!']);
    expect(second).toContainEqual(['unique-referral', '/id', 'A', expect.stringContaining('id is the same id as an earlier referral')]);
    expect(report.referrals[0]!.findings.filter((f) => f.ruleId === 'schema-valid')).toEqual([]);
  });

  it('--cache replays a table as the first run read it, and reads it again when its mapping file changes', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${csv}\n` });
    const args = ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '--cache', '-f', 'json'];
    const first = await run(d, args);
    const again = await run(d, args);
    expect(again.stdout).toBe(first.stdout);
    // "Maybe" now means given: R-002's consent cell is no longer a finding.
    writeFileSync(path.join(d, 'm.yaml'), toYaml({ ...MAPPING, fields: { ...MAPPING.fields, 'consent.status': { column: 'Consent given?', values: { Yes: 'given', No: 'refused', Maybe: 'given' } } } }));
    const changed = JSON.parse((await run(d, args)).stdout) as { referrals: { id: string; findings: { pointer: string }[] }[] };
    expect(changed.referrals.find((r) => r.id === 'R-002')!.findings.map((f) => f.pointer)).toEqual(['/child/dateOfBirth', '/concerns/summary']);
  });

  it('places a finding at its cell in every report that lists findings', async () => {
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${csv}\n` });
    const cell = 'row 3, column F "Consent given?"';
    for (const format of ['stylish', 'csv', 'github', 'junit', 'html']) {
      const r = await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '-f', format]);
      const text = format === 'csv' ? r.stdout.replace(/""/g, '"') : format === 'junit' || format === 'html' ? r.stdout.replace(/&quot;/g, '"') : r.stdout;
      expect(text, format).toContain(cell);
    }
    const sarif = JSON.parse((await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '-f', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: unknown } }[]; properties: { cell?: string } }[] }[];
    };
    const consent = sarif.runs[0]!.results.find((x) => x.properties.cell === cell)!;
    expect(consent.ruleId).toBe('schema-valid');
    expect(consent.locations[0]!.physicalLocation.region).toEqual({ startLine: 3, startColumn: 6 });
    // Markdown lists no finding by place; it gives the table's coverage, and a failed row's place.
    const markdown = (await run(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW, '-f', 'markdown'])).stdout;
    expect(markdown).toContain('### Tables and coverage');
    expect(markdown).toContain('(row 6)');
  });

  it('a row with a broken quote is a referral not linted at its row; the rows after it are read', async () => {
    const broken = [HEADER, 'R-1,31/01/2026 10:00,Amy,Test"child,02/03/2015,Yes,Level 3,neglect,x,,,,', 'R-2,31/01/2026 11:00,Ben,Sample,02/03/2015,Yes,Level 3,neglect,x,,,,'].join('\n');
    const d = dir({ 'm.yaml': toYaml(MAPPING), 'r.csv': `${broken}\n` });
    const { report } = await runJson(d, ['--mapping', 'm.yaml', 'r.csv', '--now', NOW]);
    expect(report.files[0]!.failedReferrals).toEqual([{ pointer: '', line: 2, row: 2, reason: expect.stringContaining('row 2: a double quote inside cell D') }]);
    expect(report.files[0]!.failedReferrals[0]!.reason).not.toContain('Test');
    expect(report.referrals.map((r) => r.id)).toEqual(['R-2']);
  });

  it('a mapping in the config with an unknown field is a configuration error, exit 2, before anything is read', async () => {
    const d = dir({ 'referral-lint.config.yaml': toYaml({ mappings: [{ name: 'cfg', fields: { 'child.shoeSize': 'Shoe size' } }] }), 'r.csv': `${HEADER}\n` });
    const r = await run(d, ['r.csv', '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("mapping 'cfg': fields.child.shoeSize: child.shoeSize is not a field of the referral format");
    expect(r.stdout).toBe('');
  });

  it('a declarative rule takes part in coverage: not assessed on a table without the fields its conditions name', async () => {
    const config = {
      mappings: [MAPPING],
      declarativeRules: [
        {
          id: 'local/interpreter-named',
          description: 'When an interpreter is needed, the first language is named.',
          dimension: 'completeness',
          severity: 'warning',
          when: [{ field: 'child.interpreterNeeded', equals: true }],
          require: [{ field: 'child.firstLanguage' }],
        },
      ],
    };
    const d = dir({ 'referral-lint.config.yaml': toYaml(config), 'r.csv': `${csv}\n` });
    const { report } = await runJson(d, ['r.csv', '--now', NOW]);
    expect(report.files[0]!.coverage!.notAssessed).toContainEqual({ ruleId: 'local/interpreter-named', missing: ['child.interpreterNeeded'] });
  });

  it('a formula-looking text cell from a workbook stays data, and the CSV report guards it', async () => {
    const strings = ['Referral ID', 'Date received', 'Agency', 'R-1', "=cmd|' /C calc'!A0"];
    const book = writeXlsx({
      sharedStrings: strings,
      cellXfs: [0, 22],
      sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0), cell.s('B1', 1), cell.s('C1', 2)) + row(2, cell.s('A2', 3), cell.n('B2', 46053.5, 1), cell.s('C2', 4)) }],
    });
    const d = dir({ 'm.yaml': toYaml({ name: 'x', id: 'Referral ID', fields: { receivedAt: 'Date received', 'referrer.agency': 'Agency', 'referrer.sector': { value: 'police' } } }), 'r.xlsx': book });
    const agencies = await run(d, ['--mapping', 'm.yaml', 'r.xlsx', '--now', NOW, '-f', 'csv-agencies']);
    expect(agencies.stdout.split('\r\n')[0]).toMatch(/,band,notAssessed$/);
    expect(agencies.stdout.split('\r\n')[1]).toBe(
      "'=cmd|' /C calc'!A0,police,1,100,100,0,0,0,0,100,100,,100,,,,good,consent-recorded (1); early-help-agreement (1); threshold-applied (1); threshold-consistent (1); missing-episodes-recorded (1); return-interview-timely (1); exploitation-screening (1); referral-timely (1); child-voice-recorded (1); identifiers-valid (1); source-code-consistent (1); referral-purpose-clear (1); suppression-valid (1)",
    );
    const json = await runJson(d, ['--mapping', 'm.yaml', 'r.xlsx', '--now', NOW]);
    expect(json.report.agencies[0]!.name).toBe("=cmd|' /C calc'!A0");
  });
});
