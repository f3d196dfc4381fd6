// The streaming JSON loader must read every file exactly as JSON.parse of the whole text
// would: the same referrals, pointers, failures and positions, however the bytes arrive.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJsonStream, loadJsonText } from '../../src/parse/json.js';
import type { LoadEvent } from '../../src/parse/types.js';
import { comparableEvents } from './events.js';
import { lint } from '../../src/run/lint.js';
import { ROOT, useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('json-stream');

const events = (source: Iterable<LoadEvent> | AsyncIterable<LoadEvent>, probes: string[] = []): Promise<unknown[]> => comparableEvents(source, probes, { withoutLine: true });

function* chunked(text: string, size: number): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* asAsync(chunks: Iterable<Buffer>): AsyncGenerator<Buffer> {
  yield* chunks;
}

/**
 * A failed file is no referral: the runner drops the referrals a stream yielded before the
 * failure, so they are dropped here too. Failure positions are compared in their own tests
 * (streaming points at the offending value; the whole-text reader at the top).
 */
function asRun(list: unknown[]): unknown[] {
  const last = list.at(-1) as LoadEvent | undefined;
  if (last?.kind !== 'failed-file') return list;
  return [{ kind: last.kind, file: last.file, reason: last.reason }];
}

const streamed = async (text: string, size: number, probes: string[] = []) =>
  asRun(await events(loadJsonStream('f.json', asAsync(chunked(text, size))), probes));
const whole = async (text: string, probes: string[] = []) => asRun(await events(loadJsonText('f.json', text), probes));

const SAMPLE = readFileSync(path.join(ROOT, 'fixtures/2026-10-front-door.json'), 'utf8');
const PROBES = ['/child/givenName', '/referrer/agency', '/consent/status', '/concerns/categories/0', '/no/such/field'];

const TEXTS: [string, string][] = [
  ['an array', '[{"id": "A"}, {"id": "B", "child": {"givenName": "x"}}]'],
  ['an array over several lines', '[\n  {"id": "A"},\n  {\n    "id": "B",\n    "child": { "givenName": "Ünïcode ✓" }\n  }\n]\n'],
  ['an empty array', '[]'],
  ['one referral', '{"id": "A", "child": {"givenName": "x"}}'],
  ['an envelope', '{"export": {"system": "Example"}, "referrals": [{"id": "A"}, {"id": "B"}]}'],
  ['an envelope with the header last', '{"referrals": [{"id": "A"}], "export": {"schemaVersion": 1}}'],
  ['an empty envelope', '{"export": {}, "referrals": []}'],
  ['strings holding brackets, braces, commas and escaped quotes', '[{"id": "A]}\\",{[", "x": "\\\\"}, {"id": "B"}]'],
  ['items that are not referrals', '[1, "two", null, [3], {"id": "E"}]'],
  ['a BOM', '\uFEFF[{"id": "A"}]'],
  ['characters of two, three and four bytes before referrals on the same line', '[{"id": "é€😀"}, {"id": "B", "child": {"givenName": "x"}}, {"id": "ü"}]'],
  ['a bad schema version', '{"export": {"schemaVersion": 2}, "referrals": [{"id": "A"}]}'],
  ['referrals that are not a list', '{"export": {}, "referrals": {"id": "A"}}'],
  ['a header that is not an object', '{"export": [], "referrals": []}'],
  ['a top-level number', '42'],
  ['a top-level string', '"text"'],
  ['a missing comma between referrals', '[{"id": "A"} {"id": "B"}]'],
  ['a trailing comma', '[{"id": "A"},]'],
  ['a trailing comma in an envelope', '{"referrals": [],}'],
  ['a broken referral in the middle', '[{"id": "A"}, {"id": B}, {"id": "C"}]'],
  ['a file cut short', '[{"id": "A"}, {"id": "B"'],
  ['text after the value', '[{"id": "A"}] x'],
  ['only whitespace', '  \n '],
  ['an unquoted key', '{id: "A"}'],
];

describe('the streaming JSON loader reads as JSON.parse does', () => {
  it('places a syntax error as the whole-text reader does', async () => {
    const text = '[\n  {"id": "A"},\n  {"id": B}\n]';
    const got = await events(loadJsonStream('f.json', asAsync(chunked(text, 4))));
    expect(got.at(-1)).toEqual(await events(loadJsonText('f.json', text)).then((e) => e.at(-1)));
    expect(got.at(-1)).toMatchObject({ kind: 'failed-file', line: 3, column: 10 });
  });

  it.each(TEXTS)('%s, in chunks of any size', async (_name, text) => {
    const expected = await whole(text, ['/id']);
    for (const size of [1, 2, 7, 64, 1 << 20]) expect(await streamed(text, size, ['/id']), `chunks of ${size}`).toEqual(expected);
  });

  it('the sample export: the same referrals, pointers and positions', async () => {
    const expected = await whole(SAMPLE, PROBES);
    expect(expected.filter((e) => (e as LoadEvent).kind === 'referral')).toHaveLength((JSON.parse(SAMPLE) as { referrals: unknown[] }).referrals.length);
    for (const size of [3, 4096]) expect(await streamed(SAMPLE, size, PROBES)).toEqual(expected);
  });

  it('knows each referral\'s line up front', async () => {
    const lines: (number | undefined)[] = [];
    for await (const e of loadJsonStream('f.json', asAsync(chunked('[\n{"id": "A"},\n\n  {"id": "B"}]', 5)))) if (e.kind === 'referral') lines.push(e.line);
    expect(lines).toEqual([2, 4]);
  });

  it('keeps the header check when the header comes after the referrals: the file fails, at the header', async () => {
    const text = '{"referrals": [{"id": "A"}], "export": {"schemaVersion": 3}}';
    const got = await events(loadJsonStream('f.json', asAsync(chunked(text, 8))));
    expect(got.at(-1)).toEqual({ kind: 'failed-file', file: 'f.json', reason: 'export.schemaVersion must be 1: this version of referral-lint reads referral format version 1 only', line: 1, column: 40 });
  });
});

describe('columns count characters, as in a text read whole, not bytes', () => {
  it('places a referral after multi-byte characters on its line at its character, however the bytes are cut', async () => {
    const text = '[{"id": "é€😀"}, {"id": "B"}]';
    for (const size of [1, 2, 3, 5, 1 << 20]) {
      const got = (await events(loadJsonStream('f.json', asAsync(chunked(text, size))), ['/id'])) as { pointer: string; at: unknown[] }[];
      // é and € are one UTF-16 code unit each, 😀 two (a surrogate pair), as JavaScript string indexes count them.
      expect(got.map((e) => [e.pointer, ...e.at]), `chunks of ${size}`).toEqual([
        ['/0', { line: 1, column: 2 }, { line: 1, column: 3 }],
        ['/1', { line: 1, column: 18 }, { line: 1, column: 19 }],
      ]);
    }
  });

  it('places a failure of the file after multi-byte characters at its character', async () => {
    const text = '{"referrals": [{"id": "éé"}], "export": {"schemaVersion": 3}}';
    for (const size of [1, 4096]) {
      const got = await events(loadJsonStream('f.json', asAsync(chunked(text, size))));
      expect(got.at(-1)).toMatchObject({ kind: 'failed-file', line: 1, column: text.indexOf('{"schemaVersion"') + 1 });
    }
  });

  it('counts a malformed UTF-8 sequence as the one replacement character it is read as', async () => {
    // Bytes a UTF-8 decoder replaces: a lone continuation byte, a sequence cut short, an overlong form.
    const bytes = Buffer.concat([Buffer.from('[{"id": "'), Buffer.from([0x80, 0xe2, 0x82, 0xc0, 0xaf]), Buffer.from('"}, {"id": "B"}]')]);
    const text = bytes.toString('utf8');
    for (const size of [1, 2, 1 << 20]) {
      const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      const got = (await events(loadJsonStream('f.json', asAsync(chunks)))) as { pointer: string; at: unknown[] }[];
      expect(got.map((e) => [e.pointer, ...e.at]), `chunks of ${size}`).toEqual([
        ['/0', { line: 1, column: 2 }],
        ['/1', { line: 1, column: text.indexOf('{"id": "B"}') + 1 }],
      ]);
    }
  });
});

describe('a JSON file that fails after some referrals were streamed', () => {
  it('counts no referral from it, and the rest of the batch runs', async () => {
    const dir = tempDir();
    write(dir, 'a-late-failure.json', '{"referrals": [{"id": "A"}, {"id": "B"}], "export": {"schemaVersion": 3}}');
    write(dir, 'b-good.json', '[{"id": "C"}]');
    const result = await lint({ paths: [dir], cwd: dir, now: '2026-11-01T09:00:00Z' });
    expect(result.summary).toMatchObject({ files: 2, filesFailed: 1, referrals: 1 });
    expect(result.referrals.map((r) => r.id)).toEqual(['C']);
    expect(result.files[0]).toMatchObject({ path: 'a-late-failure.json', referrals: 0, failedReferrals: [], line: 1, column: 53 });
  });
});
