// The sample export three ways: fixtures/2026-10-front-door.json, and the same referrals as an
// online referral form's CSV and Excel downloads (examples/form-export/, made by
// tools/fixtures/tabular.mjs) read through the worked-example mapping. The three give the same
// findings, the same referral scores and the same agency scores; only locations differ.
import path from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { run } from './cli-run.js';
import { builtInRules } from '../rules/index.js';
import { loadTable } from '../src/intake/table.js';
import { tableFile, type FileTableSetup } from '../src/load/index.js';
import { compileMappings } from '../src/run/config.js';
import { readMappingArgument } from '../src/load/mapping-file.js';
import { DEFAULT_LIMITS } from '../src/parse/limits.js';
import { readXlsx } from '../src/parse/xlsx/index.js';
import type { Cell } from '../src/parse/table.js';
import { withRandomAccess } from '../src/load/xlsx-file.js';
import type { GroupScore, LintResult, ReferralResult } from '../src/model/types.js';
import type { JsonObject } from '../src/domain/referral.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const JSON_SAMPLE = 'fixtures/2026-10-front-door.json';
const CSV = 'examples/form-export/2026-10-front-door.csv';
const XLSX = 'examples/form-export/2026-10-front-door.xlsx';
const MAPPING = 'examples/form-export/mapping.yaml';
const NOW = '2026-11-01T06:00:00Z';

async function lintFile(file: string): Promise<LintResult> {
  const r = await run(ROOT, ['--mapping', MAPPING, file, '--format', 'json', '--now', NOW]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1); // the sample has error findings
  return JSON.parse(r.stdout) as LintResult;
}

/** A finding as the three files must agree on it: its pointer relative to its referral. */
function findingsOf(result: LintResult): string[] {
  return result.referrals
    .flatMap((r) => r.findings.map((f) => {
      expect(f.pointer.startsWith(r.pointer)).toBe(true);
      return `${r.id} ${f.ruleId} ${f.pointer.slice(r.pointer.length)} ${f.severity}`;
    }))
    .sort();
}

const scoresOf = (result: LintResult): [string | null, number, string[]][] => result.referrals.map((r) => [r.id, r.score, r.rulesApplied]);

/** A group's scores without its coverage (which only a table's groups have). */
const groups = (list: GroupScore[]): Omit<GroupScore, 'coverage'>[] => list.map(({ coverage: _c, ...rest }) => rest);

const results = new Map<string, LintResult>();
async function result(file: string): Promise<LintResult> {
  if (!results.has(file)) results.set(file, await lintFile(file));
  return results.get(file)!;
}

function referral(r: LintResult, id: string): ReferralResult {
  const found = r.referrals.find((x) => x.id === id);
  if (!found) throw new Error(`no referral ${id}`);
  return found;
}

describe('the sample export as JSON, CSV and XLSX', () => {
  it('gives the same findings: rule, referral, pointer in the referral and severity', async () => {
    const json = findingsOf(await result(JSON_SAMPLE));
    expect(json).toHaveLength(40);
    expect(findingsOf(await result(CSV))).toEqual(json);
    expect(findingsOf(await result(XLSX))).toEqual(json);
  });

  it('gives the same referral scores, agency and sector scores and summary', async () => {
    const json = await result(JSON_SAMPLE);
    for (const file of [CSV, XLSX]) {
      const table = await result(file);
      expect(scoresOf(table)).toEqual(scoresOf(json));
      expect(groups(table.agencies)).toEqual(json.agencies);
      expect(groups(table.sectors)).toEqual(json.sectors);
      expect(table.summary).toEqual(json.summary);
    }
    expect(json.summary.score).toBe(78.13);
    expect(json.agencies.find((a) => a.name === "Tyneside Young People's Project")?.score).toBe(85);
  });

  it('assesses every rule on the tables but suppression-valid (the form has no suppressions)', async () => {
    for (const file of [CSV, XLSX]) {
      const table = await result(file);
      const coverage = table.files[0]!.coverage!;
      const inForce = builtInRules.map((r) => r.meta.id).filter((id) => id in table.agencies[0]!.rules);
      expect(coverage.assessed).toEqual(inForce.filter((id) => id !== 'suppression-valid'));
      expect(coverage.notAssessed).toEqual([{ ruleId: 'suppression-valid', missing: ['lintIgnore[].rule'] }]);
      expect(coverage.text).toBe('assessed 16 of 17 rules; not assessed: suppression-valid (no column for lintIgnore[].rule)');
      // The JSON sample has no lintIgnore either: suppression-valid applies to none of its referrals.
      expect(Object.values((await result(JSON_SAMPLE)).agencies).every((a) => a.rules['suppression-valid']!.applicable === 0)).toBe(true);
    }
  });

  it('reads the XLSX sheet the mapping names, and says how each table was read', async () => {
    expect((await result(XLSX)).files[0]!.table).toEqual({ mapping: 'online-referral-form', sheet: 'Referrals', headerRow: 1, blankRows: 0 });
    expect((await result(CSV)).files[0]!.table).toEqual({ mapping: 'online-referral-form', delimiter: ',', headerRow: 1, blankRows: 0 });
    expect(referral(await result(XLSX), 'REF-2026-10-0018').sheet).toBe('Referrals');
  });

  it('locates findings at the row and column a person looks at', async () => {
    for (const file of [CSV, XLSX]) {
      const table = await result(file);
      const at = (id: string, pointer: string) => {
        const f = referral(table, id).findings.find((x) => x.pointer === pointer);
        return f && { row: f.row, line: f.line, column: f.column, columnLetter: f.columnLetter, header: f.header };
      };
      expect(referral(table, 'REF-2026-10-0018').row).toBe(8);
      // The form's label "Email" is none of the mapping's labels for mode.
      expect(at('REF-2026-10-0018', '/mode')).toEqual({ row: 8, line: 8, column: 3, columnLetter: 'C', header: 'How was the referral made?' });
      expect(at('REF-2026-10-0027', '/child/nhsNumber')).toEqual({ row: 14, line: 14, column: 22, columnLetter: 'V', header: "Child's NHS number" });
      expect(at('REF-2026-10-0012', '/consent/status')).toEqual({
        row: 5,
        line: 5,
        column: 75,
        columnLetter: 'BW',
        header: 'Do the parents/carers know about this referral and agree to it?',
      });
      expect(at('REF-2026-10-0046', '/concerns/firstIdentifiedAt')).toEqual({ row: 24, line: 24, column: 65, columnLetter: 'BM', header: 'When did you first become concerned?' });
      // The impact the referrer wrote is too short to say anything: its own column.
      expect(at('REF-2026-10-0046', '/concerns/impactOnChild')).toEqual({ row: 24, line: 24, column: 71, columnLetter: 'BS', header: 'What is the impact on the child, and why are you referring now?' });
      // A finding about a whole object (no screening recorded) has a row but no one column.
      expect(at('REF-2026-10-0009', '/exploitationScreening')).toEqual({ row: 4, line: 4, column: undefined, columnLetter: undefined, header: undefined });
    }
  });
});

// The same referrals, field by field: what the mapping makes of each row is the JSON sample's
// referral, with date-times as UK wall-clock time and all-digit source codes as text.
describe('the mapped rows are the sample referrals', () => {
  const sample = JSON.parse(readFileSync(path.join(ROOT, JSON_SAMPLE), 'utf8')) as { referrals: JsonObject[] };
  const london = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

  /** The JSON sample's values as a table carries them. */
  function asTable(value: unknown, key?: string): unknown {
    if (Array.isArray(value)) return value.map((v) => asTable(v));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asTable(v, k)]));
    if (key === 'sourceCode' && typeof value === 'number') return String(value);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return london.format(new Date(value)).replace(' ', 'T');
    return value;
  }

  for (const file of [CSV, XLSX]) {
    it(`${path.basename(file)}: every row`, async () => {
      const setup: FileTableSetup = { mappings: compileMappings(readMappingArgument(MAPPING, ROOT), MAPPING), readyMade: [], baseDir: ROOT };
      const got: JsonObject[] = [];
      for await (const event of loadTable(tableFile(file, path.join(ROOT, file), setup.baseDir), file.endsWith('.csv') ? 'csv' : 'xlsx', undefined, setup, DEFAULT_LIMITS)) {
        if (event.kind === 'referral') got.push(event.data);
        expect(event.kind).not.toBe('failed-referral');
      }
      const expected = sample.referrals.map((r) => asTable(r) as JsonObject);
      // The sample's one invalid mode ("email") comes through as the form's text for it.
      const invalid = expected.find((r) => r.id === 'REF-2026-10-0018')!;
      expect(invalid.mode).toBe('email');
      invalid.mode = 'Email';
      expect(got).toEqual(expected);
    });
  }
});

describe('the Excel download is a workbook as Excel saves it', () => {
  async function sheet(which?: string | number): Promise<{ name?: string; rows: Cell[][] }> {
    return withRandomAccess(path.join(ROOT, XLSX), async (source) => {
      const out: { name?: string; rows: Cell[][] } = { rows: [] };
      for await (const event of readXlsx(source, which === undefined ? {} : { sheet: which })) {
        if (event.kind === 'info' && event.info.sheet !== undefined) out.name = event.info.sheet;
        if (event.kind === 'row') out.rows.push([...event.cells]);
      }
      return out;
    });
  }

  it('holds dates as date cells, numbers as numbers and text as text, on "Referrals", with "Lookups" hidden', async () => {
    const referrals = await sheet();
    expect(referrals.name).toBe('Referrals');
    expect(referrals.rows).toHaveLength(25);
    const header = referrals.rows[0]!.map(String);
    expect(header).toHaveLength(108);
    const row = (id: string): Cell[] => referrals.rows.find((r) => r[0] === id)!;
    const col = (h: string): number => header.indexOf(h);
    // 5 October 2026 12:10 in UK time (11:10Z) is Excel's serial 46300 + 12:10 as a fraction of a day.
    expect(row('REF-2026-10-0004')[col('Date and time received')]).toEqual({ serial: 46300 + (12 * 60 + 10) / 1440 });
    expect(row('REF-2026-10-0004')[col("Child's date of birth")]).toEqual({ serial: 44361 });
    expect(row('REF-2026-10-0014')[col('Screening score')]).toBe(13);
    expect(row('REF-2026-10-0004')[col("Child's NHS number")]).toBe('9994617184');
    expect(row('REF-2026-10-0004')[col('Do the parents/carers know about this referral and agree to it?')]).toBe('Yes - consent given');
    // The hidden sheet is there, by name; the first visible one is what a reader gets by default.
    expect((await sheet('Lookups')).rows[0]).toEqual(['List', 'Option']);
  });
});

describe("the form export's Families First names", () => {
  it('reads "Family Help" and "Child protection (multi-agency team)" as the pathways family-help and child-protection', async () => {
    const csv = readFileSync(path.join(ROOT, CSV), 'utf8').split('\r\n');
    const header = csv[0]!;
    // REF-2026-10-0004 asks for early help at level 2; REF-2026-10-0038 for social care at level 4.
    const asked = (id: string, from: string, to: string): string => {
      const line = csv.find((l) => l.startsWith(`${id},`))!;
      expect(line.split(`,${from},`)).toHaveLength(2);
      return line.replace(`,${from},`, `,${to},`);
    };
    const rows = [header, asked('REF-2026-10-0004', 'Early help', 'Family Help'), asked('REF-2026-10-0038', "Children's social care", 'Child protection (multi-agency team)'), ''];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-ff-'));
    try {
      writeFileSync(path.join(dir, '2026-11-front-door.csv'), rows.join('\r\n'));
      // The mapping's files globs are relative to its folder: the export and the mapping side by side.
      writeFileSync(path.join(dir, 'mapping.yaml'), readFileSync(path.join(ROOT, MAPPING)));
      const r = await run(dir, ['2026-11-front-door.csv', '--mapping', 'mapping.yaml', '--format', 'json', '--now', '2026-11-01T09:00:00Z']);
      const report = JSON.parse(r.stdout) as LintResult;
      expect(report.files.map((f) => [f.error, f.failedReferrals])).toEqual([[undefined, []]]);
      const pathwayFindings = report.referrals.flatMap((x) => x.findings.filter((f) => f.pointer === '/threshold/pathway' || f.ruleId === 'threshold-consistent').map((f) => `${x.id} ${f.ruleId}`));
      // Both names are ones the default model accepts at those levels: no schema finding, no inconsistency.
      expect(pathwayFindings).toEqual([]);
      expect(report.referrals.map((x) => x.id)).toEqual(['REF-2026-10-0004', 'REF-2026-10-0038']);
      // A family-help referral needs the family's agreement, as an early-help one does: the same findings as before.
      expect(report.referrals[0]!.findings.filter((f) => f.ruleId === 'early-help-agreement').map((f) => f.pointer)).toEqual(['/earlyHelp/parentalViews', '/earlyHelp/parentalAgreement']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
