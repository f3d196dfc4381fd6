// Hostile and broken input: every odd file fails alone with a clear reason and the run goes
// on; a batch of them runs to completion in bounded memory; every input is accounted for;
// keys such as __proto__ stay data.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lint } from '../src/run/lint.js';
import { loadInputs, readErrorReason, type LoadEvent } from '../src/load/index.js';
import type { JsonObject } from '../src/domain/referral.js';
import { runJson } from './cli-run.js';
import { NOW, cleanReferral, edit, otherChild } from './helpers.js';
import { ROOT, useTempDirs } from './temp-files.js';
import type { FileResult, LintResult } from '../src/model/types.js';

const tempDir = useTempDirs('hostile');

const BINARY = 'a binary file, not text (it holds NUL bytes)';
const NOT_UTF8 = 'not UTF-8 text (perhaps another encoding, such as Windows-1252): save it as UTF-8';
const READS = 'referral-lint reads UTF-8, and UTF-16 with a byte order mark; save it as UTF-8';
const BAD_UTF16 = 'not valid UTF-16 text (a character is cut off, or half of a pair is missing): save it as UTF-8';
const EMPTY = 'the file is empty: no referral document';
const TOP_LEVEL = 'expected a referral object, a list of referrals or an export envelope at the top level, found';
const GONE = 'cannot read the file: it does not exist (it may have been moved or deleted during the run)';
const LOOP = 'cannot read the file: a symbolic link that loops (it leads back to itself)';
const BROKEN_LINK = 'cannot read the file: a symbolic link to a file that does not exist';
const DENIED = 'cannot read the file: permission denied';
const PIPE = 'not a regular file: a named pipe, which would wait for a writer; pipe the export to standard input (-) instead';

type Format = 'json' | 'ndjson' | 'yaml';
const FORMATS: Format[] = ['json', 'ndjson', 'yaml'];

/** Referrals as each format writes them: a JSON list, one line each, one YAML document each. */
const asText: Record<Format, (referrals: JsonObject[]) => string> = {
  json: (referrals) => JSON.stringify(referrals, null, 2),
  ndjson: (referrals) => referrals.map((r) => `${JSON.stringify(r)}\n`).join(''),
  yaml: (referrals) => referrals.map((r) => stringify(r)).join('---\n'),
};

const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

/** Writes a file below `dir` (creating folders); returns its full path. */
function put(dir: string, rel: string, content: string | Buffer): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** Lints `odd`, then a file holding one clean referral. */
async function withGoodAfter(dir: string, odd: string): Promise<{ code: number; report: LintResult }> {
  put(dir, 'good.json', JSON.stringify(cleanReferral()));
  return runJson(dir, [odd, 'good.json']);
}

/** The odd file failed with `reason` and nothing else; the clean referral after it was linted. */
function expectFailedAlone(run: { code: number; report: LintResult }, odd: string, reason: string, position: { line?: number; column?: number } = {}): void {
  expect(run.code).toBe(1);
  expect(run.report.files).toEqual([
    { path: odd, referrals: 0, error: reason, ...position, failedReferrals: [] },
    { path: 'good.json', referrals: 1, failedReferrals: [] },
  ]);
  expect(run.report.referrals.map((r) => r.id)).toEqual(['REF-TEST-0001']);
}

async function collect(events: AsyncIterable<LoadEvent>): Promise<LoadEvent[]> {
  const out: LoadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** The report without the name of the file the referrals came from, to compare two files' reports. */
function unnamed(report: LintResult): unknown {
  return {
    summary: report.summary,
    files: report.files.map(({ path: _path, ...rest }) => rest),
    referrals: report.referrals.map(({ file: _file, ...rest }) => rest),
  };
}

/**
 * Runs node with `args` to its end, whatever its exit code. `permissionsApply`: as root, the
 * process would read whatever the permissions say, so it runs without the capabilities that
 * let root pass them (setpriv, from util-linux), keeping root's own access to the project.
 */
function runChild(args: string[], options: { cwd: string; permissionsApply?: boolean }): Promise<{ code: number; stdout: string; stderr: string }> {
  const asRoot = options.permissionsApply === true && process.getuid?.() === 0;
  const dropped = '-dac_override,-dac_read_search';
  const [command, commandArgs] = asRoot
    ? ['setpriv', ['--bounding-set', dropped, '--inh-caps', dropped, process.execPath, ...args]]
    : [process.execPath, args];
  return new Promise((resolve) => {
    execFile(command, commandArgs, { cwd: options.cwd, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const CLI = path.join(ROOT, 'bin/referral-lint.js');

describe('encodings', () => {
  describe('on standard input, decoded as a file is', () => {
    const stdinRun = (bytes: Buffer) => runJson(tempDir(), ['-'], Readable.from([bytes]));

    it('reads UTF-16 with a byte order mark, little- and big-endian, as the same text in UTF-8', async () => {
      const text = JSON.stringify([otherChild('REF-1', { 'child.givenName': 'Zoë' }), otherChild('REF-2')]);
      const plain = await stdinRun(Buffer.from(text, 'utf8'));
      for (const encode of [utf16le, utf16be]) {
        const wide = await stdinRun(encode(text));
        expect(wide.code).toBe(plain.code);
        expect(wide.report.referrals).toEqual(plain.report.referrals);
        expect(wide.report.files).toEqual([{ path: '-', referrals: 2, failedReferrals: [] }]);
      }
    });

    it('fails binary input, and UTF-16 whose last character is cut off, with the reasons a file gets', async () => {
      const binary = await stdinRun(Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x00, 0x7d]));
      expect(binary.report.files).toEqual([{ path: '-', referrals: 0, error: BINARY, failedReferrals: [] }]);
      const cut = await stdinRun(utf16le('[{"id": "A"}]').subarray(0, -1));
      expect(cut.report.files).toEqual([{ path: '-', referrals: 0, error: BAD_UTF16, failedReferrals: [] }]);
      expect([binary.code, cut.code]).toEqual([1, 1]);
    });
  });

  it.each(FORMATS)('reads a %s file that starts with a UTF-8 byte order mark', async (format) => {
    const dir = tempDir();
    put(dir, `bom.${format}`, `\uFEFF${asText[format]([otherChild('REF-1'), otherChild('REF-2')])}`);
    const { code, report } = await runJson(dir, [`bom.${format}`]);
    expect(code).toBe(0);
    expect(report.files).toEqual([{ path: `bom.${format}`, referrals: 2, failedReferrals: [] }]);
    expect(report.referrals.map((r) => r.id)).toEqual(['REF-1', 'REF-2']);
  });

  it.each(FORMATS.flatMap((format) => [
    [format, 'little-endian', utf16le],
    [format, 'big-endian', utf16be],
  ] as const))('reads a UTF-16 %s file (%s, with a byte order mark) as it reads the same text in UTF-8', async (format, _order, encode) => {
    const dir = tempDir();
    // Characters beyond ASCII, one beyond the Basic Multilingual Plane (a pair in UTF-16), and a finding with a position.
    const referrals = [
      otherChild('REF-1', { 'child.givenName': 'Zoë Łucja', 'concerns.summary': 'She drew a 🏠 with no door and said nobody comes home at night.' }),
      otherChild('REF-2', { 'consent.status': undefined }),
    ];
    const text = asText[format](referrals);
    put(dir, `utf8.${format}`, text);
    put(dir, `utf16.${format}`, encode(text));
    const utf8 = await runJson(dir, [`utf8.${format}`]);
    const utf16 = await runJson(dir, [`utf16.${format}`]);
    expect(utf16.code).toBe(1);
    expect(utf16.report.summary).toMatchObject({ files: 1, filesFailed: 0, referrals: 2, referralsFailed: 0, errors: 1 });
    // The same findings at the same lines and columns, the same scores.
    expect(unnamed(utf16.report)).toEqual(unnamed(utf8.report));
  });

  it('hands the referrals of UTF-16 NDJSON and JSON files to worker threads as text (--jobs 2), with the same report', async () => {
    const dir = tempDir();
    const referrals = (first: number) => [otherChild(`REF-${first}`, { 'child.givenName': `Zoë ${first}` }), otherChild(`REF-${first + 1}`, { 'consent.status': undefined })];
    put(dir, 'r.ndjson', utf16le(asText.ndjson(referrals(1))));
    put(dir, 'r.json', utf16be(asText.json(referrals(3))));
    const one = await runJson(dir, ['r.ndjson', 'r.json']);
    const threads = await runJson(dir, ['r.ndjson', 'r.json', '--jobs', '2']);
    expect(one.report.summary).toMatchObject({ files: 2, filesFailed: 0, referrals: 4, errors: 2 });
    expect(threads.report.files).toEqual(one.report.files);
    expect(threads.report.referrals).toEqual(one.report.referrals);
  });

  it('decodes a UTF-16 character pair that is cut between two reads of the file', async () => {
    const dir = tempDir();
    // The file is read 256 KiB at a time: the pair's first half ends the first read, its second half starts the next.
    const start = '{"id":"A","pad":"';
    const firstRead = 256 * 1024;
    const unitsBefore = (firstRead - 2) / 2 - 1; // after the byte order mark, up to the last unit of the first read
    const text = `${start}${'x'.repeat(unitsBefore - start.length)}🏠"}\n{"id":"B"}\n`;
    const file = put(dir, 'pair.ndjson', utf16le(text));
    const events = await collect(loadInputs([{ display: 'pair.ndjson', absolute: file }]));
    expect(events.map((e) => e.kind)).toEqual(['file', 'referral', 'referral']);
    const [, first, second] = events;
    if (first?.kind !== 'referral' || second?.kind !== 'referral') throw new Error('expected two referrals');
    expect(String(first.data.pad).endsWith('x🏠')).toBe(true);
    expect(String(first.data.pad)).toHaveLength(unitsBefore - start.length + 2);
    expect([first.line, second.line]).toEqual([1, 2]);
  });

  it('fails a UTF-16 file whose last character is cut off', async () => {
    const dir = tempDir();
    put(dir, 'cut.json', Buffer.concat([utf16le(JSON.stringify(cleanReferral())), Buffer.from([0x41])]));
    expectFailedAlone(await withGoodAfter(dir, 'cut.json'), 'cut.json', BAD_UTF16);
  });

  it.each([
    ['UTF-32 (little-endian) with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('{\0\0\0}\0\0\0')]), `UTF-32 (little-endian) text: ${READS}`],
    ['UTF-32 (big-endian) with a byte order mark', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), Buffer.from('\0\0\0{\0\0\0}')]), `UTF-32 (big-endian) text: ${READS}`],
    ['UTF-16 (little-endian) without a byte order mark', Buffer.from('{"id": "REF-1"}', 'utf16le'), `UTF-16 (little-endian) text without a byte order mark: ${READS}`],
    ['UTF-16 (big-endian) without a byte order mark', Buffer.from('{"id": "REF-1"}', 'utf16le').swap16(), `UTF-16 (big-endian) text without a byte order mark: ${READS}`],
    ['UTF-32 (little-endian) without a byte order mark', Buffer.from([...'{"id": "REF-1"}'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])), `UTF-32 (little-endian) text without a byte order mark: ${READS}`],
  ])('fails %s, saying which encoding it found', async (_name, bytes, reason) => {
    const dir = tempDir();
    put(dir, 'wide.json', bytes);
    expectFailedAlone(await withGoodAfter(dir, 'wide.json'), 'wide.json', reason);
  });

  it.each([
    ['a spreadsheet or image (bytes with NULs among them)', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xee, 0x9d, 0x68, 0x5e, 0x01])],
    ['NUL bytes only (a file a crash left behind)', Buffer.alloc(100_000)],
    ['text with a NUL in it', Buffer.from('{"id": "REF-1",\0"mode": "written"}')],
  ])('fails a binary file: %s', async (_name, bytes) => {
    const dir = tempDir();
    put(dir, 'binary.yaml', bytes);
    expectFailedAlone(await withGoodAfter(dir, 'binary.yaml'), 'binary.yaml', BINARY);
  });

  it('fails a file in another encoding (Windows-1252) as not UTF-8 text', async () => {
    const dir = tempDir();
    const text = JSON.stringify(edit(cleanReferral(), { 'concerns.summary': 'Lunch money of £5 taken every day; she said it was “her fault”.' }));
    // Windows-1252 writes the pound sign as the one byte A3, and curly quotes as 93 and 94.
    const windows1252 = Buffer.from(text.replace('£', '\u00a3').replace('“', '\u0093').replace('”', '\u0094'), 'latin1');
    put(dir, 'cp1252.json', windows1252);
    expectFailedAlone(await withGoodAfter(dir, 'cp1252.json'), 'cp1252.json', NOT_UTF8);
  });

  it('reads a UTF-8 character cut by the end of the first 64 KiB, which are checked first', async () => {
    const dir = tempDir();
    const marked = JSON.stringify(edit(cleanReferral(), { 'concerns.summary': 'MARK' }));
    const at = Buffer.byteLength(marked.slice(0, marked.indexOf('MARK')));
    const summary = `${'Concerns were raised. '.repeat(3000)}`.slice(0, 64 * 1024 - 1 - at);
    const text = JSON.stringify(edit(cleanReferral(), { 'concerns.summary': `${summary}é and more after it.` }));
    const bytes = Buffer.from(text);
    expect(bytes.subarray(64 * 1024 - 1, 64 * 1024 + 1)).toEqual(Buffer.from('é'));
    put(dir, 'long.json', bytes);
    const { report } = await runJson(dir, ['long.json']);
    expect(report.files).toEqual([{ path: 'long.json', referrals: 1, failedReferrals: [] }]);
  });

  it('fails a short file whose last character is cut off', async () => {
    const dir = tempDir();
    // The file ends with the first of the two bytes of é.
    put(dir, 'cut.json', Buffer.concat([Buffer.from('{"id": "REF-1", "note": "Seen at caf'), Buffer.from('é').subarray(0, 1)]));
    expectFailedAlone(await withGoodAfter(dir, 'cut.json'), 'cut.json', NOT_UTF8);
  });
});

describe('odd files', () => {
  it.each(FORMATS.flatMap((format) => [
    [format, 'empty', ''],
    [format, 'blank', '  \n\t\n\r\n   '],
  ]))('fails a %s file that is %s', async (format, _name, text) => {
    const dir = tempDir();
    put(dir, `odd.${format}`, text);
    expectFailedAlone(await withGoodAfter(dir, `odd.${format}`), `odd.${format}`, EMPTY);
  });

  const bareValues = [
    ['a number', '42', '42'],
    ['text', '"REF-1"', 'REF-1'],
    ['null', 'null', 'null'],
    ['true or false', 'true', 'true'],
  ] as const;

  it.each((['json', 'yaml'] as const).flatMap((format) => bareValues.map(([kind, json, yaml]) => [format, kind, format === 'json' ? json : yaml] as const)))(
    'fails a %s file that holds %s alone',
    async (format, kind, text) => {
      const dir = tempDir();
      put(dir, `bare.${format}`, `${text}\n`);
      expectFailedAlone(await withGoodAfter(dir, `bare.${format}`), `bare.${format}`, `${TOP_LEVEL} ${kind}`, { line: 1, column: 1 });
    },
  );

  it.each(bareValues)('fails the line of an NDJSON file that holds %s alone, not the file', async (kind, json) => {
    const dir = tempDir();
    put(dir, 'bare.ndjson', `${json}\n`);
    const { code, report } = await withGoodAfter(dir, 'bare.ndjson');
    expect(code).toBe(1);
    expect(report.files).toEqual([
      { path: 'bare.ndjson', referrals: 0, failedReferrals: [{ pointer: '', line: 1, reason: `expected a referral object, found ${kind}` }] },
      { path: 'good.json', referrals: 1, failedReferrals: [] },
    ]);
  });

  it('walks a folder named like a file (x.json/), in a walk and named explicitly', async () => {
    const dir = tempDir();
    put(dir, 'exports/x.json/inner.json', JSON.stringify(otherChild('REF-IN')));
    put(dir, 'exports/y.json', JSON.stringify(otherChild('REF-Y')));
    const walked = await runJson(dir, ['exports']);
    expect(walked.report.files.map((f) => [f.path, f.referrals, f.error])).toEqual([
      ['exports/x.json/inner.json', 1, undefined],
      ['exports/y.json', 1, undefined],
    ]);
    const named = await runJson(dir, ['exports/x.json']);
    expect(named.report.files).toEqual([{ path: 'exports/x.json/inner.json', referrals: 1, failedReferrals: [] }]);
  });

  it('fails a folder that takes the place of a file during the run', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'was-a-file.json'));
    expect(await collect(loadInputs([{ display: 'was-a-file.json', absolute: path.join(dir, 'was-a-file.json') }]))).toEqual([
      { kind: 'file', file: 'was-a-file.json' },
      { kind: 'failed-file', file: 'was-a-file.json', reason: 'cannot read the file: it is a directory' },
    ]);
  });

  it('fails an unreadable file and an unreadable folder (permission denied) in a run of the command in a child process', async () => {
    const dir = tempDir();
    put(dir, 'a-locked.json', JSON.stringify(otherChild('REF-LOCKED')));
    put(dir, 'b-locked-folder/r.json', JSON.stringify(otherChild('REF-HIDDEN')));
    put(dir, 'c-good.json', JSON.stringify(otherChild('REF-GOOD')));
    chmodSync(path.join(dir, 'a-locked.json'), 0o000);
    chmodSync(path.join(dir, 'b-locked-folder'), 0o000);
    chmodSync(dir, 0o755);
    const { code, stdout, stderr } = await runChild([CLI, '.', '--format', 'json', '--now', NOW], { cwd: dir, permissionsApply: true }).finally(() => {
      chmodSync(path.join(dir, 'b-locked-folder'), 0o755); // so that the folder can be removed after the test
    });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as LintResult;
    expect(report.files).toEqual([
      { path: 'a-locked.json', referrals: 0, error: DENIED, failedReferrals: [] },
      { path: 'b-locked-folder', referrals: 0, error: 'cannot read the directory: permission denied', failedReferrals: [] },
      { path: 'c-good.json', referrals: 1, failedReferrals: [] },
    ]);
  });

  it.each(['EACCES', 'EPERM'])('words %s as permission denied', (code) => {
    expect(readErrorReason(Object.assign(new Error('the system message, with the path'), { code }))).toBe(DENIED);
  });

  it.each([
    ['a symbolic link to itself', 'self.json', 'self.json', LOOP],
    ['a broken symbolic link', 'moved-away.json', 'export.json', BROKEN_LINK],
  ])('fails %s, in a walk and named explicitly', async (_kind, target, link, reason) => {
    const dir = tempDir();
    symlinkSync(target, path.join(dir, link));
    put(dir, 'z.json', JSON.stringify(otherChild('REF-Z')));
    const walked = await runJson(dir, ['.']);
    expect(walked.code).toBe(1);
    expect(walked.report.files).toEqual([
      { path: link, referrals: 0, error: reason, failedReferrals: [] },
      { path: 'z.json', referrals: 1, failedReferrals: [] },
    ]);
    expectFailedAlone(await withGoodAfter(dir, link), link, reason);
  });

  it('walks a loop of symbolic links between two folders, each file once', async () => {
    const dir = tempDir();
    put(dir, 'a/r1.json', JSON.stringify(otherChild('REF-A')));
    put(dir, 'b/r2.json', JSON.stringify(otherChild('REF-B')));
    symlinkSync(path.join(dir, 'b'), path.join(dir, 'a', 'to-b'), 'dir');
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b', 'to-a'), 'dir');
    const { code, report } = await runJson(dir, ['a']);
    expect(code).toBe(0);
    expect(report.files.map((f) => [f.path, f.referrals])).toEqual([
      ['a/r1.json', 1],
      ['a/to-b/r2.json', 1],
    ]);
  });

  it('passes over a named pipe in a walk, and fails one named explicitly, without waiting for a writer', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe.ndjson')]);
    put(dir, 'z.json', JSON.stringify(otherChild('REF-Z')));
    const walked = await runJson(dir, ['.']);
    expect(walked.code).toBe(0);
    expect(walked.report.files).toEqual([{ path: 'z.json', referrals: 1, failedReferrals: [] }]);
    expectFailedAlone(await withGoodAfter(dir, 'pipe.ndjson'), 'pipe.ndjson', PIPE);
  });

  it('fails a named pipe named explicitly with --cache too, without waiting for a writer to hash it', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, 'pipe.ndjson')]);
    put(dir, 'good.json', JSON.stringify(cleanReferral()));
    expectFailedAlone(await runJson(dir, ['pipe.ndjson', 'good.json', '--cache']), 'pipe.ndjson', PIPE);
  });

  it('fails a file removed during the run, after the inputs were listed, and lints the rest', async () => {
    const dir = tempDir();
    put(dir, 'a.json', JSON.stringify(otherChild('REF-A')));
    const second = put(dir, 'b.ndjson', `${JSON.stringify(otherChild('REF-B'))}\n`);
    put(dir, 'c.yaml', stringify(otherChild('REF-C')));
    const started: string[] = [];
    const result = await lint({
      paths: ['.'],
      cwd: dir,
      now: NOW,
      progress: () => ({
        fileStarted: (file) => {
          started.push(file);
          if (file === 'a.json') rmSync(second);
        },
        fileDone: () => {},
        referral: () => {},
      }),
    });
    expect(started).toEqual(['a.json', 'b.ndjson', 'c.yaml']);
    expect(result.files).toEqual([
      { path: 'a.json', referrals: 1, failedReferrals: [] },
      { path: 'b.ndjson', referrals: 0, error: GONE, failedReferrals: [] },
      { path: 'c.yaml', referrals: 1, failedReferrals: [] },
    ]);
    expect(result.referrals.map((r) => r.id)).toEqual(['REF-A', 'REF-C']);
  });
});

/** A file of a hostile batch: what it holds, and what a run must make of it. */
interface BatchFile {
  name: string;
  content: string | Buffer;
  /** Referral items given (list elements, lines, documents) when the file is readable. */
  items: number;
  good: string[];
  failedReferrals?: FileResult['failedReferrals'];
  error?: { reason: string; line?: number; column?: number };
}

/** YAML "billion laughs": aliases 9 deep, each list 9 aliases wide (9^9 values if expanded). */
function billionLaughs(): string {
  const names = 'abcdefghi';
  const lines = ['id: REF-BOMB', `a: &a [${Array(9).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < names.length; i += 1) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Good files with known referrals, broken lines and referrals among them, and hostile files. */
function hostileBatch(): BatchFile[] {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `REF-${prefix}-${i + 1}`);
  const deep = `{"id":"REF-DEEP","nested":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  return [
    { name: 'a-envelope.json', content: JSON.stringify({ export: { schemaVersion: 1 }, referrals: ids('ENV', 3).map((id) => otherChild(id)) }), items: 3, good: ids('ENV', 3) },
    {
      name: 'b-lines.ndjson',
      content: [...ids('LINE', 2).map((id) => JSON.stringify(otherChild(id))), '{"id": "REF-BROKEN", "mode": ', '42', ...ids('LINE', 4).slice(2).map((id) => JSON.stringify(otherChild(id)))].join('\n'),
      items: 6,
      good: ids('LINE', 4),
      failedReferrals: [
        { pointer: '', line: 3, reason: 'not valid JSON: expected a value (column 30)' },
        { pointer: '', line: 4, reason: 'expected a referral object, found a number' },
      ],
    },
    { name: 'c-documents.yaml', content: asText.yaml(ids('DOC', 2).map((id) => otherChild(id))), items: 2, good: ids('DOC', 2) },
    { name: 'd-unicode.json', content: utf16le(asText.json(ids('U16', 2).map((id) => otherChild(id)))), items: 2, good: ids('U16', 2) },
    {
      name: 'e-deep.json',
      content: `[${JSON.stringify(otherChild('REF-SHALLOW'))},\n${deep}]`,
      items: 2,
      good: ['REF-SHALLOW'],
      failedReferrals: [{ pointer: '/1', line: 2, reason: `the value at /nested${'/0'.repeat(63)} is nested more than 64 levels deep (the limit is maxDepth)` }],
    },
    { name: 'f-bomb.yaml', content: billionLaughs(), items: 1, good: [], error: { reason: 'YAML aliases expand too far (more than 100 alias uses)', line: 1, column: 1 } },
    { name: 'g-binary.json', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), items: 0, good: [], error: { reason: BINARY } },
    { name: 'h-empty.ndjson', content: '', items: 0, good: [], error: { reason: EMPTY } },
    { name: 'i-number.json', content: '42\n', items: 0, good: [], error: { reason: `${TOP_LEVEL} a number`, line: 1, column: 1 } },
    { name: 'j-no-bom.yaml', content: Buffer.from('id: REF-1\n', 'utf16le'), items: 1, good: [], error: { reason: `UTF-16 (little-endian) text without a byte order mark: ${READS}` } },
  ];
}

function writeBatch(dir: string, batch: BatchFile[]): void {
  for (const file of batch) put(dir, file.name, file.content);
}

/** What the report must say of each file of the batch. */
const expectedFiles = (batch: BatchFile[]): FileResult[] =>
  batch.map((f) =>
    f.error
      ? { path: f.name, referrals: 0, error: f.error.reason, ...(f.error.line ? { line: f.error.line, column: f.error.column } : {}), failedReferrals: [] }
      : { path: f.name, referrals: f.good.length, failedReferrals: f.failedReferrals ?? [] },
  );


describe('a batch of hostile files mixed with good ones', () => {
  it('runs to completion in a child process with exit 1, every good referral scored and every bad file listed with its reason', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const batch = hostileBatch();
    writeBatch(dir, batch);
    const { code, stdout, stderr } = await runChild([CLI, '.', '--format', 'json', '--now', NOW], { cwd: dir });
    expect(code).toBe(1);
    // Peak memory on such files is checked in test/slow/hostile-memory.test.ts, where no other test competes.
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as LintResult;
    expect(report.files).toEqual(expectedFiles(batch));
    expect(report.referrals.map((r) => r.id)).toEqual(batch.flatMap((f) => f.good));
    expect(report.referrals.every((r) => typeof r.score === 'number')).toBe(true);
  });

  it('accounts for every input: referrals read and failed make up the items of the files that did not fail', async () => {
    const dir = tempDir();
    const batch = hostileBatch();
    writeBatch(dir, batch);
    const { code, report } = await runJson(dir, ['.']);
    expect(code).toBe(1);
    const readable = batch.filter((f) => !f.error);
    const failedFiles = batch.filter((f) => f.error);
    expect(report.summary).toMatchObject({ files: batch.length, filesFailed: failedFiles.length, referrals: 12, referralsFailed: 3 });
    expect(report.summary.referrals + report.summary.referralsFailed).toBe(readable.reduce((n, f) => n + f.items, 0));
    // Every good referral is scored, and every broken one is listed where it was, with why.
    expect(report.referrals.map((r) => r.id).sort()).toEqual(batch.flatMap((f) => f.good).sort());
    expect(report.files.flatMap((f) => f.failedReferrals.map((r) => [f.path, r.line, r.reason]))).toEqual(
      batch.flatMap((f) => (f.failedReferrals ?? []).map((r) => [f.name, r.line, r.reason])),
    );
    expect(report.files.filter((f) => f.error !== undefined).map((f) => [f.path, f.error])).toEqual(failedFiles.map((f) => [f.name, f.error!.reason]));
    expect(report.agencies.reduce((n, a) => n + a.referrals, 0)).toBe(12);
  });
});

describe('keys such as __proto__ in referrals are data', () => {
  /** A clean referral's text with __proto__, constructor and prototype keys added, at the top and in child. */
  const hostileKeys = {
    json: (id: string) => {
      const text = JSON.stringify(otherChild(id));
      const child = text.indexOf('"child":{') + '"child":{'.length;
      const withChild = `${text.slice(0, child)}"__proto__":{"isAdmin":true},${text.slice(child)}`;
      return `${withChild.slice(0, -1)},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}`;
    },
    yaml: (id: string) =>
      stringify(otherChild(id))
        .replace(/^child:\n/m, 'child:\n  __proto__:\n    isAdmin: true\n')
        .concat('__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\nprototype:\n  polluted: yes\n'),
  };

  const snapshot = (): unknown => Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);

  it('leaves Object.prototype unchanged and reports the keys at their pointers with --strict, in JSON, NDJSON and YAML', async () => {
    const dir = tempDir();
    put(dir, 'p.json', hostileKeys.json('REF-P-1'));
    put(dir, 'p.ndjson', `${hostileKeys.json('REF-P-2')}\n`);
    put(dir, 'p.yaml', hostileKeys.yaml('REF-P-3'));
    const before = snapshot();
    // --include-personal-data: only then does a finding name an unknown key (test/strict-unknown-keys.test.ts).
    const result = await lint({ paths: ['p.json', 'p.ndjson', 'p.yaml'], cwd: dir, now: NOW, strict: true, includePersonalData: true });
    expect(snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(result.summary).toMatchObject({ files: 3, filesFailed: 0, referrals: 3, referralsFailed: 0, internalErrors: 0 });
    const unknownKey = (pointer: string, field: string) => ({ ruleId: 'schema-valid', pointer, message: `${field} is not a field of the referral format (--strict)` });
    for (const referral of result.referrals) {
      expect(referral.findings.map(({ ruleId, pointer, message }) => ({ ruleId, pointer, message }))).toEqual([
        unknownKey('/__proto__', '__proto__'),
        unknownKey('/constructor', 'constructor'),
        unknownKey('/prototype', 'prototype'),
        unknownKey('/child/__proto__', 'child.__proto__'),
      ]);
    }
    expect(result.referrals.map((r) => r.id)).toEqual(['REF-P-1', 'REF-P-2', 'REF-P-3']);
  });

  it('keeps the keys as own properties of plain objects', async () => {
    const dir = tempDir();
    const files = [put(dir, 'p.json', hostileKeys.json('REF-P-1')), put(dir, 'p.ndjson', `${hostileKeys.json('REF-P-2')}\n`), put(dir, 'p.yaml', hostileKeys.yaml('REF-P-3'))];
    const events = await collect(loadInputs(files.map((absolute) => ({ display: path.basename(absolute), absolute }))));
    const referrals = events.flatMap((e) => (e.kind === 'referral' ? [e.data] : []));
    expect(referrals).toHaveLength(3);
    for (const data of referrals) {
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(data.child)).toBe(Object.prototype);
      expect(Object.hasOwn(data, '__proto__') && Object.hasOwn(data, 'constructor') && Object.hasOwn(data, 'prototype')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(data, '__proto__')?.value).toEqual({ polluted: 'yes' });
      expect(Object.getOwnPropertyDescriptor(data.child, '__proto__')?.value).toEqual({ isAdmin: true });
    }
  });
});
