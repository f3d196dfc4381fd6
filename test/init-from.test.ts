// `referral-lint init --from`: a draft mapping from a CSV or XLSX header row. It places the
// usual headers on their fields, lists the rest, never reads or writes a cell below the
// header, and writes a mapping that --mapping accepts on the same file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { KNOWN_HEADERS, GROUP_FIELDS, GROUP_PREFIXES } from '../src/mapping/known-headers.js';
import { normalizeHeader, compileMapping, formatFields, type MappingSpec } from '../src/mapping/mapping.js';
import { placeHeaders } from '../src/mapping/draft.js';
import { readyMade } from '../src/mapping/ready-made.js';
import { run } from './cli-run.js';
import { cell, row, writeXlsx } from './helpers/xlsx-writer.js';
import { useTempDirs } from './temp-files.js';

const tempDir = useTempDirs('init-from');
const CANARY = 'CANARY-7Q';

/** 24 headers as an online multi-agency form's CSV download names them. */
const HEADERS = [
  'Referral ID', // A id
  'Date received', // B receivedAt
  'Referring agency', // C referrer.agency
  'Referrer name', // D referrer.name
  'Referrer phone/email', // E ambiguous: referrer.phone or referrer.email
  "Child's first name", // F child.givenName
  'Child surname', // G child.familyName
  'D.O.B.', // H child.dateOfBirth
  'Gender', // I child.sex
  'Post Code', // J child.address.postcode
  'Child Unique ID', // K Annex A, no field
  'School attended', // L by words: child.educationSetting
  'Consent given? (Y/N)', // M by words: consent.status
  'Are parents aware?', // N consent.parentsInformed
  'Level of need', // O threshold.level
  'Reason for referral', // P concerns.summary
  'Parent 1 name', // Q carers 1 name
  'Parent 1 relationship', // R carers 1 relationship
  'Parent 2 name', // S carers 2 name
  'Parent/carer 2 relationship', // T carers 2 relationship
  'Referral Source', // U Annex A: referrer.sourceCode
  'Worker notes', // V not placed
  'Allocated Team', // W Annex A, no field
  'DOB', // X second date of birth: not placed
];

const DATA = [
  'R-0001', '01/02/2024 10:15', CANARY, CANARY, CANARY, CANARY, CANARY, '03/04/2015', 'Male', 'NE1 4ST', CANARY, CANARY, 'Yes', 'Yes', '3',
  `${CANARY} has bruising seen at school on Monday and again on Thursday`, CANARY, 'mother', CANARY, 'father', 'h) 3A', CANARY, CANARY, '03/04/2015',
];

const csvLine = (cells: readonly string[]): string => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');

function csvDir(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'mash-referrals.csv'), `${csvLine(HEADERS)}\n${csvLine(DATA)}\n${csvLine(DATA.map((d, i) => (i === 0 ? 'R-0002' : d)))}\n`);
  return dir;
}

const EXPECTED_FIELDS = {
  receivedAt: 'Date received',
  'referrer.agency': 'Referring agency',
  'referrer.sourceCode': { column: 'Referral Source' },
  'referrer.name': 'Referrer name',
  'child.givenName': "Child's first name",
  'child.familyName': 'Child surname',
  'child.dateOfBirth': 'D.O.B.',
  'child.sex': { column: 'Gender' },
  'child.address.postcode': 'Post Code',
  'child.educationSetting': 'School attended',
  'concerns.summary': 'Reason for referral',
  'consent.status': { column: 'Consent given? (Y/N)' },
  'consent.parentsInformed': 'Are parents aware?',
  'threshold.level': 'Level of need',
};

describe('init --from a CSV file', () => {
  it('writes <name>.mapping.yaml: the id, the placed fields in the format\'s order, the numbered carers', async () => {
    const dir = csvDir();
    const r = await run(dir, ['init', '--from', 'mash-referrals.csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Wrote mash-referrals.mapping.yaml: 19 columns placed, 5 not placed (listed at its end). Check and finish it, then run referral-lint --mapping mash-referrals.mapping.yaml mash-referrals.csv\n',
    );
    const text = readFileSync(path.join(dir, 'mash-referrals.mapping.yaml'), 'utf8');
    const spec = parseYaml(text) as MappingSpec;
    expect(spec.name).toBe('mash-referrals');
    expect(spec.id).toBe('Referral ID');
    expect(spec.fields).toStrictEqual(EXPECTED_FIELDS);
    expect(Object.keys(spec.fields!)).toStrictEqual(Object.keys(EXPECTED_FIELDS));
    expect(spec.groups).toStrictEqual({
      carers: { count: 2, fields: { name: 'Parent {n} name', relationship: ['Parent {n} relationship', 'Parent/carer {n} relationship'] } },
    });
    expect(text).toContain('  child.dateOfBirth: "D.O.B."  # column H; a date\n');
    expect(text).toContain('      name: "Parent {n} name"  # columns Q, S\n');
    // A code field: its codes in a commented values: skeleton.
    expect(text).toContain(
      [
        '  consent.status:  # column M',
        '    column: "Consent given? (Y/N)"',
        '    # values:  # the file\'s words for each code: fill in and remove the "# " (a key ^... is a regular expression)',
        '    #   "...": given  # consent was given',
        '    #   "...": refused  # consent was refused',
        '    #   "...": not-sought  # consent was not sought',
      ].join('\n'),
    );
    // No sector column: the constant is offered, commented out.
    expect(text).toContain('  # referrer.sector: { value: police }  # one of: police, health,');
    expect(text).not.toContain('# referrer.agency: { value');
    // Annex A is recognised, and the ready-made mappings named.
    expect(text).toContain('  referrer.sourceCode:  # column U, an Annex A column\n');
    expect(text).toMatch(/Columns K, U, W have the headers of Ofsted's Annex A lists\.[^]*annex-a-list-1 \(contacts\) and annex-a-list-3 \(referrals\)[^]*extends: annex-a-list-3/);
    // The columns not placed, each with its letter, and the ambiguous one with both fields.
    expect(text.slice(text.indexOf('# Columns not placed'))).toBe(
      [
        '# Columns not placed: map those that hold a referral field by hand (docs/fields.md lists them),',
        '# or leave them out.',
        '#   E "Referrer phone/email": could be referrer.phone or referrer.email: map it by hand to the one it is',
        '#   K "Child Unique ID": an Annex A column: the child\'s identifier in the list; the referral format has no field for it',
        '#   V "Worker notes"',
        '#   W "Allocated Team": an Annex A column: the format does not hold it',
        '#   X "DOB": also looks like child.dateOfBirth, which column H gives',
        '',
      ].join('\n'),
    );
  });

  it('never reads a cell below the header: no data value in stdout, stderr or the file', async () => {
    const dir = csvDir();
    const written = await run(dir, ['init', '--from', 'mash-referrals.csv']);
    const printed = await run(dir, ['init', '--from', 'mash-referrals.csv', '--output', '-']);
    const text = readFileSync(path.join(dir, 'mash-referrals.mapping.yaml'), 'utf8');
    const withoutUse = (t: string): string => t.replace(/^# Use it: .*\n/m, '');
    expect(withoutUse(printed.stdout)).toBe(withoutUse(text));
    for (const out of [written.stdout, written.stderr, printed.stdout, printed.stderr, text]) {
      expect(out).not.toContain(CANARY);
      for (const value of ['R-0001', '03/04/2015', 'NE1 4ST', 'h) 3A', 'mother', '01/02/2024']) expect(out).not.toContain(value);
    }
  });

  it('writes a mapping that --mapping accepts on the same file: the file is linted (exit 0 or 1), no config error', async () => {
    const dir = csvDir();
    await run(dir, ['init', '--from', 'mash-referrals.csv']);
    const r = await run(dir, ['--mapping', 'mash-referrals.mapping.yaml', 'mash-referrals.csv', '--format', 'json', '--now', '2024-03-01T00:00:00Z']);
    expect(r.stderr).not.toMatch(/mapping|config/i);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout) as { summary: { referrals: number } };
    expect(report.summary.referrals).toBe(2);
  });

  it('every commented values: skeleton compiles once uncommented and filled in, the Annex A source pattern too', async () => {
    const dir = csvDir();
    const r = await run(dir, ['init', '--from', 'mash-referrals.csv', '-']);
    const filled = r.stdout
      .split('\n')
      .map((line) => line.replace(/^(\s*)# (values:|  ["'])/, '$1$2').replace(/"\.\.\.": ("?)([^"\s]+)\1/, (_m, q: string, code: string) => `"word for ${code}": ${q}${code}${q}`))
      .join('\n');
    const spec = parseYaml(filled) as MappingSpec;
    expect(spec.fields!['consent.status']).toStrictEqual({ column: 'Consent given? (Y/N)', values: { 'word for given': 'given', 'word for refused': 'refused', 'word for not-sought': 'not-sought' } });
    expect(Object.keys((spec.fields!['referrer.sourceCode'] as { values: object }).values)[0]).toBe('^(?:[a-z]\\d?\\)\\s*)?(1[A-D]|2[AB]|3[A-F]|5[A-D]|10|[4-9])\\b');
    expect(() => compileMapping(spec, 'filled', readyMade)).not.toThrow();
  });

  it('refuses to overwrite the mapping file without --force; - prints it; --output names it', async () => {
    const dir = csvDir();
    writeFileSync(path.join(dir, 'mash-referrals.mapping.yaml'), 'mine\n');
    const refused = await run(dir, ['init', '--from', 'mash-referrals.csv']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('referral-lint: mash-referrals.mapping.yaml already exists: not overwriting it (--force overwrites)\n');
    expect(readFileSync(path.join(dir, 'mash-referrals.mapping.yaml'), 'utf8')).toBe('mine\n');
    const forced = await run(dir, ['init', '--from', 'mash-referrals.csv', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, 'mash-referrals.mapping.yaml'), 'utf8')).toContain('name: "mash-referrals"');
    const named = await run(dir, ['init', '--from', 'mash-referrals.csv', '--output', 'maps/draft.yaml']);
    expect(named.code).toBe(2); // the folder does not exist
    expect(named.stderr).toBe('referral-lint: cannot write maps/draft.yaml: ENOENT\n');
    const other = await run(dir, ['init', '--from', 'mash-referrals.csv', '--output', 'draft.yml']);
    expect(other.code).toBe(0);
    expect(existsSync(path.join(dir, 'draft.yml'))).toBe(true);
  });

  it('says when the whole header is an Annex A list, and offers the ready-made mapping', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'list3.csv'),
      'Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years),Date of Referral,Referral Source,Referral NFA?,Number of Referrals in Last 12 Months,Allocated Team,Allocated Worker\n' +
        `${CANARY},b) Female,WBRI,01/01/2015,9,01/02/2024,q) 6,No,1,${CANARY},${CANARY}\n`,
    );
    const r = await run(dir, ['init', '--from', 'list3.csv', '--output', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n# /g, ' ')).toContain("This header row is Ofsted's Annex A list 3: the ready-made mapping annex-a-list-3 reads it whole");
    expect(r.stdout).toContain('\n# extends: annex-a-list-3\n');
    expect(r.stdout).not.toContain(CANARY);
    const spec = parseYaml(r.stdout) as MappingSpec;
    expect(spec.id).toBe('row');
    expect(Object.keys(spec.fields!)).toStrictEqual(['receivedAt', 'referrer.sourceCode', 'child.dateOfBirth', 'child.sex', 'child.ethnicity']);
  });
});

describe('init --from an XLSX workbook', () => {
  const workbook = (): Uint8Array =>
    writeXlsx({
      sharedStrings: ['Contact ID', 'Contact date', 'Agency', CANARY],
      sheets: [
        { name: 'Notes', rows: row(1, cell.inline('A1', 'Exported from the case system')) },
        {
          name: 'Contacts',
          rows:
            row(2, cell.s('A2', 0), cell.s('B2', 1), cell.s('C2', 2), cell.inline('D2', 'Missing episode 1 start'), cell.inline('E2', 'Missing episode 1 RHI offered'), cell.inline('F2', 'Missing episode 2 start'), cell.inline('G2', 'Case status')) +
            row(3, cell.inline('A3', 'C-1'), cell.n('B3', 45000, 0), cell.s('C3', 3), cell.n('D3', 45001), cell.n('E3', 45002), cell.n('F3', 45003), cell.inline('G3', CANARY)),
        },
      ],
    });

  it('reads the named sheet\'s first non-blank row, names the sheet in the mapping, and lints the workbook with it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'contacts.xlsx'), workbook());
    const r = await run(dir, ['init', '--from', 'contacts.xlsx', '--sheet', 'Contacts']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'contacts.mapping.yaml'), 'utf8');
    expect(text).not.toContain(CANARY);
    expect(r.stdout).not.toContain(CANARY);
    expect(text).toContain('(row 2 of sheet "Contacts") alone');
    const spec = parseYaml(text) as MappingSpec;
    expect(spec).toMatchObject({ name: 'contacts', files: ['**/contacts.xlsx'], sheet: 'Contacts', id: 'Contact ID' });
    expect(spec.fields).toStrictEqual({ receivedAt: 'Contact date', 'referrer.agency': 'Agency' });
    expect(spec.groups).toStrictEqual({
      missingEpisodes: { count: 2, fields: { startedAt: 'Missing episode {n} start', 'returnInterview.offeredAt': { column: 'Missing episode {n} RHI offered', optional: true } } },
    });
    expect(text).toContain('# Columns not placed: map those that hold a referral field by hand (docs/fields.md lists them),\n# or leave them out.\n#   G "Case status"\n');
    const lint = await run(dir, ['--mapping', 'contacts.mapping.yaml', 'contacts.xlsx', '--format', 'json', '--now', '2024-03-01T00:00:00Z']);
    expect(lint.stderr).toBe('');
    expect([0, 1]).toContain(lint.code);
    const report = JSON.parse(lint.stdout) as { summary: { referrals: number }; files: { path: string; referrals?: { id: string }[] }[] };
    expect(report.summary.referrals).toBe(1);
    expect(lint.stdout).toContain('"C-1"');
  });

  it('takes the sheet by position, and reads the first visible sheet by default', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'contacts.xlsx'), workbook());
    const byPosition = await run(dir, ['init', '--from', 'contacts.xlsx', '--sheet', '2', '-']);
    expect(parseYaml(byPosition.stdout)).toMatchObject({ sheet: 2, id: 'Contact ID' });
    const first = await run(dir, ['init', '--from', 'contacts.xlsx', '-']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('#   A "Exported from the case system"');
    expect(first.stderr).toBe('referral-lint: no column was placed on a referral field: map at least one by hand before using it\n');
  });
});

describe('init --from bad input: a message naming the file, exit 2, no stack trace', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['blank.csv', '\n ,, \n\n', 'referral-lint: blank.csv: no header row: the file has no row with anything in it\n'],
    ['empty.csv', '', 'referral-lint: empty.csv: no header row: the file has no row with anything in it\n'],
    ['broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'referral-lint: broken.xlsx: cannot be read as an XLSX workbook: the zip is truncated or damaged: its end-of-central-directory record is missing\n'],
    [
      'encrypted.xlsx',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]),
      'referral-lint: encrypted.xlsx: cannot be read as an XLSX workbook: an encrypted or old-format (.xls) workbook: save it as .xlsx\n',
    ],
    ['sheetless.xlsx', writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.inline('A1', 'x')) }] }), 'referral-lint: sheetless.xlsx: cannot be read as an XLSX workbook: there is no sheet named "Missing"'],
  ];
  for (const [name, content, message] of cases) {
    it(name, async () => {
      const dir = tempDir();
      writeFileSync(path.join(dir, name), content);
      const r = await run(dir, ['init', '--from', name, ...(name === 'sheetless.xlsx' ? ['--sheet', 'Missing'] : [])]);
      expect(r.code).toBe(2);
      // One line, that begins with the message (the sheet case goes on to list the sheets).
      expect(r.stderr.startsWith(message.trimEnd())).toBe(true);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
      expect(r.stdout).toBe('');
      expect(existsSync(path.join(dir, `${name.replace(/\.[a-z]+$/, '')}.mapping.yaml`))).toBe(false);
    });
  }

  it('a missing file, a folder, an .xls file, --sheet on a CSV', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.csv'), 'DOB\n');
    const cases: [string[], string][] = [
      [['init', '--from', 'nowhere.csv'], 'referral-lint: nowhere.csv: no such file\n'],
      [['init', '--from', '.'], 'referral-lint: .: init --from reads .csv, .tsv or .xlsx files\n'],
      [['init', '--from', 'old.xls'], 'referral-lint: old.xls: init --from reads .csv, .tsv or .xlsx files: an old-format .xls workbook; save it as .xlsx\n'],
      [['init', '--from', 'a.csv', '--sheet', '1'], 'referral-lint: --sheet is for .xlsx workbooks; a.csv is CSV\n'],
      [['init', '--output', 'x.yaml'], 'referral-lint: init --output goes with --from <file>\n'],
    ];
    for (const [args, message] of cases) {
      const r = await run(dir, args);
      expect({ code: r.code, stderr: r.stderr }).toStrictEqual({ code: 2, stderr: message });
    }
  });
});

it('init --help shows --from, --sheet, --output and --force', async () => {
  const r = await run(tempDir(), ['init', '--help']);
  expect(r.code).toBe(0);
  for (const flag of ['--from <file>', '--sheet <name|n>', '--output <file>', '--force']) expect(r.stdout).toContain(flag);
});

describe('the table of usual headers', () => {
  it('names only fields of the format, and gives each header to one field', () => {
    const fields = formatFields();
    const owner = new Map<string, string>();
    for (const [field, headers] of Object.entries(KNOWN_HEADERS)) {
      if (field !== 'id') expect(fields.has(field), field).toBe(true);
      for (const h of headers) {
        const norm = normalizeHeader(h);
        expect(owner.get(norm) ?? field, `"${h}" is under ${owner.get(norm)} and ${field}`).toBe(field);
        owner.set(norm, field);
      }
    }
    for (const group of Object.keys(GROUP_PREFIXES) as (keyof typeof GROUP_PREFIXES)[]) {
      for (const inner of Object.keys(GROUP_FIELDS[group])) expect(fields.has(`${group}[].${inner}`), `${group}[].${inner}`).toBe(true);
    }
  });

  it('places the brief\'s examples, and leaves another person\'s date of birth to its group', () => {
    const placed = placeHeaders(['Child DOB', "child's date of birth", 'Source agency', 'Do parents know and agree?', 'Parent DOB', 'Household member 3 DOB', 'Sibling 1 name']);
    expect(placed.placed.map((p) => [p.header, p.target])).toStrictEqual([
      ['Child DOB', { kind: 'field', path: 'child.dateOfBirth' }],
      ['Source agency', { kind: 'field', path: 'referrer.agency' }],
      ['Do parents know and agree?', { kind: 'field', path: 'consent.status' }],
      ['Household member 3 DOB', { kind: 'group', group: 'household', path: 'dateOfBirth', n: 3, template: 'Household member {n} DOB' }],
      ['Sibling 1 name', { kind: 'group', group: 'household', path: 'name', n: 1, template: 'Sibling {n} name' }],
    ]);
    expect(placed.unplaced.map((u) => [u.header, u.why])).toStrictEqual([
      ["child's date of birth", 'also looks like child.dateOfBirth, which column A gives'],
      ['Parent DOB', 'looks like carers[].dateOfBirth, but a group\'s headers are numbered ("Parent 1 ...", "... 2 ..."): map it by hand'],
    ]);
  });
});
