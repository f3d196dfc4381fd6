// Only referral files are linted (docs/referral-format.md, "Which files are referral exports"):
// a file whose first referral object has none of a referral's required keys, or that is a
// well-known other file, is skipped by a walk or glob (one line on stderr) and fails when named.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { CONFIG_KEYS, isEnvelope, knownNonReferral, MAPPING_FILE_KEYS, notExportReason } from '../src/parse/containers.js';
import { MAPPING_KEYS } from '../src/mapping/mapping.js';
import { skippedLine } from '../src/cli/cli.js';
import { otherChild } from './helpers.js';
import { runJson } from './cli-run.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('not-export');
const REQUIRED = '(id, receivedAt, referrer or child)';
const referral = (id: string): Record<string, unknown> => otherChild(id);
const REPORT = { tool: { name: 'referral-lint', version: '0.1.0' }, summary: { files: 1 }, files: [], referrals: [{ id: 'REF-1', file: 'x.json', findings: [] }], agencies: [] };
const SARIF = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [] };
const PACKAGE = { name: 'my-area', version: '1.0.0', private: true };
const CONFIG = { extends: 'recommended', rules: { 'consent-recorded': 'warning' } };

/** A folder with one good export and the files a team keeps beside it. */
function exportFolder(): string {
  const dir = tempDir();
  write(dir, 'exports/jan.json', JSON.stringify([referral('REF-1'), referral('REF-2')]));
  write(dir, 'exports/reports/referral-lint.json', JSON.stringify(REPORT, null, 2));
  return dir;
}

describe('which files are referral exports', () => {
  it('names the well-known files that are not, only when they have none of the required keys', () => {
    expect(knownNonReferral(Object.keys(REPORT))).toBe('a referral-lint report');
    expect(knownNonReferral(Object.keys(SARIF))).toBe('a SARIF log');
    expect(knownNonReferral(Object.keys(PACKAGE))).toBe('a package.json');
    expect(knownNonReferral(Object.keys(CONFIG))).toBe('a referral-lint config');
    expect(knownNonReferral(['name', 'version', 'id'])).toBeUndefined();
    expect(notExportReason({ notes: 'x' }, '')).toBe(`an object with none of a referral's required keys ${REQUIRED}`);
    expect(notExportReason({ notes: 'x' }, '/referrals/0')).toBe(`its first item (/referrals/0) has none of a referral's required keys ${REQUIRED}`);
    // A referral with errors is a referral: one required key is enough.
    expect(notExportReason({ child: 'not even an object' }, '')).toBeUndefined();
  });

  it('knows a mapping file, whose id names a column, from a referral', () => {
    const mapping = { name: 'form', id: 'Reference', sheet: 'Referrals', fields: { receivedAt: 'Date received' } };
    expect(notExportReason(mapping, '')).toBe('a referral-lint mapping');
    expect(notExportReason({ name: 'form', groups: { carers: { count: 2, fields: {} } } }, '')).toBe('a referral-lint mapping');
    // A referral has keys no mapping has; and an item of a list is never a mapping file.
    expect(notExportReason({ ...mapping, receivedAt: '2026-10-05T10:30:00Z' }, '')).toBeUndefined();
    expect(notExportReason({ id: 'REF-1', name: 'form' }, '')).toBeUndefined();
    expect(notExportReason(mapping, '/0')).toBeUndefined();
    expect([...MAPPING_FILE_KEYS].sort()).toEqual([...MAPPING_KEYS].sort());
  });

  it('skips a mapping kept beside the tables it reads, in a walk', async () => {
    const dir = tempDir();
    write(dir, 'in/mapping.yaml', 'name: form\nid: Reference\nfields:\n  receivedAt: Date received\n');
    write(dir, 'in/jan.json', JSON.stringify([referral('REF-1')]));
    const { stderr, report } = await runJson(dir, ['in']);
    expect(stderr).toBe('skipped 1 file that is not a referral export: in/mapping.yaml (a referral-lint mapping)\n');
    expect(report.summary.referrals).toBe(1);
  });

  it('knows every top-level key of the config schema', () => {
    expect([...CONFIG_KEYS].sort()).toEqual(Object.keys(configSchema.properties).sort());
  });

  it('reads an object with a referral key and "referrals" as one referral, unless it has an "export" header', () => {
    expect(isEnvelope({ id: 'A', referrals: [] })).toBe(false);
    expect(isEnvelope({ referrals: [] })).toBe(true);
    expect(isEnvelope({ export: {}, id: 'batch-7', referrals: [] })).toBe(true);
  });
});

describe('a directory walk or glob', () => {
  it('skips its own JSON report, says so once on stderr, and scores only the export', async () => {
    const dir = exportFolder();
    const { code, stderr, report } = await runJson(dir, ['exports']);
    expect(code).toBe(0);
    expect(stderr).toBe('skipped 1 file that is not a referral export: exports/reports/referral-lint.json (a referral-lint report)\n');
    expect(report.summary.files).toBe(1);
    expect(report.summary.referrals).toBe(2);
    expect(report.files.map((f) => f.path)).toEqual(['exports/jan.json']);
    expect(report.skipped).toEqual([{ path: 'exports/reports/referral-lint.json', reason: 'a referral-lint report' }]);
    // A glob the same.
    const glob = await runJson(dir, ['exports/**/*.json']);
    expect(glob.stderr).toBe('skipped 1 file that is not a referral export: exports/reports/referral-lint.json (a referral-lint report)\n');
    expect(glob.report.summary.referrals).toBe(2);
  });

  it('skips each kind, in JSON, YAML and NDJSON, names three and counts the rest', async () => {
    const dir = exportFolder();
    write(dir, 'exports/results.sarif.json', JSON.stringify(SARIF));
    write(dir, 'exports/tool/package.json', JSON.stringify(PACKAGE)); // package.json by name is never walked
    write(dir, 'exports/manifest.json', JSON.stringify(PACKAGE));
    write(dir, 'exports/settings.yaml', 'extends: recommended\nrules:\n  consent-recorded: warning\n');
    write(dir, 'exports/notes.ndjson', '{"note":"called back"}\n{"note":"no answer"}\n');
    write(dir, 'exports/list.json', JSON.stringify([{ caseNote: 'x' }, referral('REF-9')]));
    const { code, stderr, report } = await runJson(dir, ['exports', '--jobs', '2']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'skipped 6 files that are not referral exports: exports/list.json (its first item (/0) has none of a referral\'s required keys (id, receivedAt, referrer or child)), exports/manifest.json (a package.json), exports/notes.ndjson (an object with none of a referral\'s required keys (id, receivedAt, referrer or child)) and 3 more\n',
    );
    expect(report.skipped!.map((s) => [s.path, s.reason])).toEqual([
      ['exports/list.json', "its first item (/0) has none of a referral's required keys (id, receivedAt, referrer or child)"],
      ['exports/manifest.json', 'a package.json'],
      ['exports/notes.ndjson', "an object with none of a referral's required keys (id, receivedAt, referrer or child)"],
      ['exports/reports/referral-lint.json', 'a referral-lint report'],
      ['exports/results.sarif.json', 'a SARIF log'],
      ['exports/settings.yaml', 'a referral-lint config'],
    ]);
    expect(report.summary.referrals).toBe(2);
  });

  it('still lints a referral that merely has errors, and a file whose first item is no object', async () => {
    const dir = tempDir();
    write(dir, 'in/broken.json', JSON.stringify([{ id: 'REF-1' }]));
    write(dir, 'in/lines.ndjson', 'not json\n{"id":"REF-2"}\n');
    const { report, stderr } = await runJson(dir, ['in']);
    expect(stderr).toBe('');
    expect(report.summary.files).toBe(2);
    expect(report.summary.referrals).toBe(2);
    expect(report.summary.referralsFailed).toBe(1);
  });

  it('says how many in one line when many are skipped', () => {
    const skipped = Array.from({ length: 5 }, (_, i) => ({ path: `r/${i}.json`, reason: 'a SARIF log' }));
    expect(skippedLine(skipped)).toBe('skipped 5 files that are not referral exports: r/0.json (a SARIF log), r/1.json (a SARIF log), r/2.json (a SARIF log) and 2 more');
    expect(skippedLine(skipped.slice(0, 2))).toBe('skipped 2 files that are not referral exports: r/0.json (a SARIF log) and r/1.json (a SARIF log)');
  });
});

describe('a file named on the command line', () => {
  it('that is no referral export is a failed file with the reason, exit 1', async () => {
    const dir = exportFolder();
    write(dir, 'package.json', JSON.stringify(PACKAGE));
    for (const jobs of ['1', '2']) {
      const { code, stderr, report } = await runJson(dir, ['exports/reports/referral-lint.json', 'package.json', '--jobs', jobs]);
      expect(code).toBe(1);
      expect(stderr).toBe('');
      expect(report.files).toEqual([
        { path: 'exports/reports/referral-lint.json', referrals: 0, error: 'not a referral export: a referral-lint report', failedReferrals: [] },
        { path: 'package.json', referrals: 0, error: 'not a referral export: a package.json', failedReferrals: [] },
      ]);
      expect(report.summary.filesFailed).toBe(2);
      expect(report.skipped).toBeUndefined();
    }
  });

  it('from standard input, JSON, NDJSON or YAML, is a failed file too, and the input is read to its end', async () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      [JSON.stringify(SARIF, null, 2), 'not a referral export: a SARIF log'],
      ['{"note":"a"}\n{"note":"b"}\n', `not a referral export: an object with none of a referral's required keys ${REQUIRED}`],
      ['name: my-area\nversion: 1.0.0\n', 'not a referral export: a package.json'],
    ];
    for (const [text, reason] of cases) {
      const stdin = Readable.from([Buffer.from(text)]);
      const { code, report } = await runJson(dir, ['-', '--jobs', '2'], stdin);
      expect(code).toBe(1);
      expect(report.files).toEqual([{ path: '-', referrals: 0, error: reason, failedReferrals: [] }]);
      expect(stdin.readableEnded).toBe(true);
    }
  });
});

describe('the envelope hazard', () => {
  it('a referral with a "referrals" field of its own is one referral, not zero', async () => {
    const dir = tempDir();
    write(dir, 'one.json', JSON.stringify({ ...referral('REF-1'), referrals: [] }));
    write(dir, 'one.yaml', `id: REF-2\nreferrals: []\nreceivedAt: "2026-10-30T10:00:00Z"\n`);
    const { report } = await runJson(dir, ['one.json', 'one.yaml']);
    expect(report.files.map((f) => [f.path, f.referrals, f.error])).toEqual([
      ['one.json', 1, undefined],
      ['one.yaml', 1, undefined],
    ]);
  });

  it('an envelope with an "export" header keeps its other keys, a referral key too', async () => {
    const dir = tempDir();
    write(dir, 'env.json', JSON.stringify({ id: 'batch-7', export: { schemaVersion: 1 }, referrals: [referral('REF-1'), referral('REF-2')] }));
    const { report } = await runJson(dir, ['env.json']);
    expect(report.files[0]!.referrals).toBe(2);
  });

  it('a streamed JSON object whose referral key comes only after its "referrals" list, with no header, fails with why', async () => {
    const dir = tempDir();
    write(dir, 'late.json', '{"referrals": [],\n "id": "REF-1"}');
    const { code, report } = await runJson(dir, ['late.json']);
    expect(code).toBe(1);
    expect(report.files[0]).toEqual({
      path: 'late.json',
      referrals: 0,
      error: 'the top-level object has a referral\'s key "id" after its "referrals" list, and no "export" header: one referral needs its own keys before "referrals", an export envelope needs an "export" header',
      line: 2,
      column: 2,
      failedReferrals: [],
    });
  });
});
