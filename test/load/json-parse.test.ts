// The shared JSON parsing path (src/parse/json-parse.ts): keys written twice are found and
// fail their referral or their file, the same from a file (streamed, in one thread or with
// --jobs), from stdin and from an NDJSON line; a syntax error is placed by line and column
// from the piece of the file being read, the same as in the whole text, never by reading
// the file again.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/run/lint.js';
import { loadInputs } from '../../src/load/index.js';
import { loadJsonStream, loadJsonText } from '../../src/parse/json.js';
import { firstJsonError, jsonSyntaxError, parseJson } from '../../src/parse/json-parse.js';
import { resolveLimits } from '../../src/parse/limits.js';
import { loadNdjsonStream } from '../../src/parse/ndjson.js';
import type { LoadEvent } from '../../src/parse/types.js';
import { useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('json-parse');
const NOW = '2026-11-01T09:00:00Z';

/** Events without their locators, a referral by its id. */
async function plain(source: Iterable<LoadEvent> | AsyncIterable<LoadEvent>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const e of source) {
    if (e.kind === 'referral') out.push({ kind: e.kind, pointer: e.pointer, id: e.data.id });
    else if (e.kind !== 'raw-referral') out.push({ ...e });
  }
  return out;
}

function* chunked(text: string, cuts: readonly number[]): Generator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  const places = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...places, bytes.length]) {
    if (to > from) yield bytes.subarray(from, to);
    from = to;
  }
}

const streamed = (text: string, cuts: readonly number[] = []) => plain(loadJsonStream('f.json', Readable.from([...chunked(text, cuts)])));

/** What the runner keeps of a file's events: a failed file is no referral. */
function asRun(events: Record<string, unknown>[]): Record<string, unknown>[] {
  const failed = events.find((e) => e.kind === 'failed-file');
  return failed ? [failed] : events;
}

const TWO_LISTS = '{"referrals":[{"id":"R1"}],"referrals":[{"id":"R2"},{"id":"R3"}]}';

describe('a key written twice', () => {
  it('fails a file whose envelope gives "referrals" twice, from a file, with --jobs 2 and from stdin, saying where', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    write(dir, 'a-twice.json', TWO_LISTS);
    write(dir, 'b-good.json', '[{"id":"G1"}]');
    const failed = { path: 'a-twice.json', referrals: 0, error: 'a repeated key: /referrals is written more than once', line: 1, column: 28, failedReferrals: [] };
    for (const jobs of [1, 2]) {
      const result = await lint({ paths: [dir], cwd: dir, now: NOW, jobs });
      expect(result.files, `--jobs ${jobs}`).toEqual([failed, { path: 'b-good.json', referrals: 1, failedReferrals: [] }]);
      expect(result.summary).toMatchObject({ files: 2, filesFailed: 1, referrals: 1 });
    }
    const stdin = await lint({ paths: ['-'], cwd: dir, now: NOW, stdin: Readable.from([TWO_LISTS]) });
    expect(stdin.files).toEqual([{ ...failed, path: '-' }]);
  });

  it('fails only the referral that repeats a key, naming a key of the format by its path and any other key by its object', async () => {
    const text = '[\n{"id":"A","id":"B"},\n{"id":"C","child":{"Invented Name":1,"Invented Name":2}},\n{"id":"D"}\n]';
    const expected = [
      { kind: 'failed-referral', file: 'f.json', pointer: '/0', line: 2, reason: 'a repeated key: /id is written more than once' },
      { kind: 'failed-referral', file: 'f.json', pointer: '/1', line: 3, reason: 'a repeated key in the object at /child' },
      { kind: 'referral', pointer: '/2', id: 'D' },
    ];
    expect(await streamed(text, [5, 30])).toEqual(expected);
    expect(await plain(loadJsonText('f.json', text))).toEqual(expected);
    // The unknown key, which may be a name, is never printed.
    expect(JSON.stringify(expected)).not.toContain('Invented');
  });

  it('fails an NDJSON line that repeats a key, from a file and from stdin, and reads the next line', async () => {
    const text = '{"id":"A","consent":{"status":"given","status":"refused"}}\n{"id":"B"}\n';
    const expected = [
      { kind: 'failed-referral', file: 'r.ndjson', pointer: '', line: 1, reason: 'a repeated key: /consent/status is written more than once' },
      { kind: 'referral', pointer: '', id: 'B' },
    ];
    expect(await plain(loadNdjsonStream('r.ndjson', Readable.from([text])))).toEqual(expected);
    const events = await plain(loadInputs([{ display: '-' }], { stdin: Readable.from([text]) }));
    expect(events).toEqual([{ kind: 'file', file: '-' }, ...expected.map((e) => ({ ...e, ...(e.kind === 'failed-referral' ? { file: '-' } : {}) }))]);
  });

  it('fails the file for a key repeated in the export header or any other member of an envelope, placed at the repeat', async () => {
    const cases: [string, string, number][] = [
      ['{"export":{"schemaVersion":2,"schemaVersion":1},"referrals":[{"id":"A"}]}', 'a repeated key: /export/schemaVersion is written more than once', 30],
      ['{"referrals":[{"id":"A"}],"note":1,"Invented Name":2,"Invented Name":3}', 'a repeated key in the export envelope', 54],
      ['{"meta":{"x":1,"x":2},"referrals":[{"id":"A"}]}', 'a repeated key in the object at /meta', 16],
      ['{"export":{},"export":{},"referrals":[]}', 'a repeated key: /export is written more than once', 14],
    ];
    for (const [text, reason, column] of cases) {
      const failed = { kind: 'failed-file', file: 'f.json', reason, line: 1, column };
      for (const cuts of [[], [1, 2, 3, 9, 20, 33]]) expect(asRun(await streamed(text, cuts)), text).toEqual([failed]);
      expect(await plain(loadJsonText('f.json', text))).toEqual([failed]);
    }
  });

  it('looks for repeated envelope keys within maxReferralLength bytes of keys in all, and fails an envelope whose keys pass it', async () => {
    // Eight keys of 7 bytes (`"note0"`): the sixth passes 40 bytes in all.
    const keys = Array.from({ length: 8 }, (_, i) => `"note${i}":1`).join(',');
    const text = `{${keys},"referrals":[{"id":"A"}]}`;
    const reason = 'the keys of the export envelope add up to more than 40 bytes (the limit is maxReferralLength)';
    for (const cuts of [[], [5, 17, 40]]) {
      const events = await plain(loadJsonStream('f.json', Readable.from([...chunked(text, cuts)]), false, resolveLimits({ maxReferralLength: 40 })));
      expect(asRun(events)).toEqual([{ kind: 'failed-file', file: 'f.json', reason, line: 1, column: 52 }]);
    }
    // Not an envelope: the object is one referral, too long, and fails as that referral.
    const one = `{${keys},"id":"A"}`;
    expect(await plain(loadJsonStream('f.json', Readable.from([one]), false, resolveLimits({ maxReferralLength: 40 })))).toEqual([
      { kind: 'failed-referral', file: 'f.json', pointer: '', line: 1, reason: 'the referral is longer than 40 bytes (the limit is maxReferralLength)' },
    ]);
  });

  it('a file that is one referral repeating a key fails as that referral, not as a file', async () => {
    const text = '\n{"id":"A","child":{"givenName":"x","givenName":"y"}}';
    const failed = { kind: 'failed-referral', file: 'f.json', pointer: '', line: 2, reason: 'a repeated key: /child/givenName is written more than once' };
    expect(await streamed(text, [3])).toEqual([failed]);
    expect(await plain(loadJsonText('f.json', text))).toEqual([failed]);
  });

  it('knows a key written with escapes for the same text, and `__proto__`, as the same key', () => {
    expect(parseJson('{"id":"A","\\u0069d":"B"}')!.repeated).toEqual([{ parent: '', key: 'id', offset: 10 }]);
    expect(parseJson('{"a":[{"__proto__":1,"__proto__":2}]}')!.repeated).toEqual([{ parent: '/a/0', key: '__proto__', offset: 21 }]);
    expect(parseJson('{"a":"x:y","b":{"c":":"}}')!.repeated).toEqual([]);
  });
});

/** A valid JSON export, written compactly or over several lines: a list or an envelope of referrals. */
const validExport: fc.Arbitrary<string> = fc
  .record({
    referrals: fc.array(fc.dictionary(fc.constantFrom('id', 'a', 'b', 'child'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), { maxLength: 4 }),
    envelope: fc.boolean(),
    indent: fc.constantFrom(0, 2),
  })
  .map(({ referrals, envelope, indent }) => JSON.stringify(envelope ? { export: { schemaVersion: 1 }, referrals } : referrals, null, indent));

/** JSON's own characters and some that are not JSON (or not ASCII: columns count characters), to break a text with. */
const breaker = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '1', '-', '.', 'e', 't', 'x', '/', '*', '\u0001', '\u000b', 'é', '😀');

/** A valid export, perhaps after a byte order mark, with a few characters inserted, removed or replaced: mostly broken. */
const brokenExport: fc.Arbitrary<string> = fc
  .tuple(validExport, fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), breaker), { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([text, edits, bom]) => {
    let out = text;
    for (const [at, how, c] of edits) {
      const i = at % (out.length + 1);
      out = how === 'insert' ? out.slice(0, i) + c + out.slice(i) : how === 'delete' ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i) + c + out.slice(i + 1);
    }
    return bom ? `\uFEFF${out}` : out;
  });

describe('a syntax error', () => {
  it('the validator finds one exactly when JSON.parse fails', () => {
    fc.assert(
      fc.property(fc.oneof(brokenExport, fc.string({ maxLength: 12 })), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(firstJsonError(text) === undefined).toBe(parses);
      }),
      { seed: 20261130, numRuns: 2000 },
    );
  });

  it('is the same, with the same line and column, whether the file is streamed in any chunks or read whole', async () => {
    await fc.assert(
      fc.asyncProperty(brokenExport, fc.array(fc.nat(), { maxLength: 5 }), async (text, cuts) => {
        const whole = await plain(loadJsonText('f.json', text));
        const stream = asRun(await streamed(text, cuts));
        if (whole.at(-1)?.kind === 'failed-file' && String(whole.at(-1)!.reason).startsWith('not valid JSON')) {
          expect(stream).toEqual(whole);
        } else {
          // Not a syntax error: streaming places other failures of the file at the value, not at the top.
          expect(stream.map(({ line, column, ...rest }) => rest)).toEqual(whole.map(({ line, column, ...rest }) => rest));
        }
      }),
      { seed: 20261130, numRuns: 600 },
    );
  });

  it('places an error in a referral, between referrals and at the end, in words, from a stream cut anywhere', async () => {
    const cases: [string, string, number, number][] = [
      ['[\n  {"id": "A"},\n  {"id": "B", "x": tru}\n]', 'an unexpected character', 3, 20],
      ['[\n  {"id": "A"}\n  {"id": "B"}\n]', 'expected a comma', 3, 3],
      ['[\n  {"id": "A"},\n]', 'expected a value', 3, 1],
      ['[\n  {"id": "A"}\n]\n]', 'expected the end of the file after the top-level value', 4, 1],
      ['[\n  {"id": "A"}\n] /', 'an unexpected character', 3, 3],
      ['[\n  {"id": "A"}\n] // a comment', 'comments are not allowed in JSON', 3, 3],
      ['{"referrals": [{"id": "A"}], "export": {"system": "x\\q"}}', 'an invalid escape character', 1, 51],
      ['{"referrals": [{"id": "A"}]', 'expected a closing brace', 1, 28],
      ['[{"id": "A"}, {"id": "B"', 'expected a closing brace', 1, 25],
      ['{"referrals": [], "a\\x": 1}', 'an invalid escape character', 1, 19],
      ['"text', 'an unterminated string', 1, 1],
      ['tru]', 'an unexpected character', 1, 1],
    ];
    for (const [text, words, line, column] of cases) {
      const failed = { kind: 'failed-file', file: 'f.json', reason: `not valid JSON: ${words}`, line, column };
      expect(jsonSyntaxError(text), text).toEqual({ reason: failed.reason, line, column });
      for (const size of [1, 2, 3, 5, 4096]) {
        const cuts = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => i * size);
        expect(asRun(await streamed(text, cuts)), `${text} in chunks of ${size}`).toEqual([failed]);
      }
    }
  });

  it('counts columns in characters, as the whole-text reader and editors do, after text that is not ASCII on the same line', async () => {
    const broken = '[{"id": "Zoë 😀"}, {"id": "B", "x": tru}]';
    const failed = { kind: 'failed-file', file: 'f.json', reason: 'not valid JSON: an unexpected character', line: 1, column: 37 };
    expect(jsonSyntaxError(broken)).toEqual({ reason: failed.reason, line: 1, column: 37 });
    for (const cuts of [[], [12, 13, 14, 15, 16]]) expect(asRun(await streamed(broken, cuts))).toEqual([failed]);
    // A finding's position in the second referral, as the whole-text reader gives it.
    const text = '[{"id": "Zoë 😀"}, {"id": "B", "child": {"givenName": 1}}]';
    const at = async (events: AsyncIterable<LoadEvent> | Iterable<LoadEvent>) => {
      const out: unknown[] = [];
      for await (const e of events) if (e.kind === 'referral') out.push(e.locate(`${e.pointer}/child/givenName`));
      return out;
    };
    const whole = await at(loadJsonText('f.json', text));
    expect(whole[1]).toEqual({ line: 1, column: 42 });
    expect(await at(loadJsonStream('f.json', Readable.from([...chunked(text, [13, 14])])))).toEqual(whole);
  });

  it('in an element a --jobs worker parses, is placed as in one thread, and the rest of the batch runs', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    write(dir, 'a-broken.json', `[\n${'{"id": "A"},\n'.repeat(100)}  {"id": "B", "x": tru},\n{"id": "C"}\n]`);
    write(dir, 'b-good.json', '[{"id":"G1"}]');
    for (const jobs of [1, 2]) {
      const result = await lint({ paths: [dir], cwd: dir, now: NOW, jobs });
      expect(result.files[0], `--jobs ${jobs}`).toEqual({ path: 'a-broken.json', referrals: 0, error: 'not valid JSON: an unexpected character', line: 102, column: 20, failedReferrals: [] });
      expect(result.summary).toMatchObject({ files: 2, filesFailed: 1, referrals: 1 });
    }
  });
});
