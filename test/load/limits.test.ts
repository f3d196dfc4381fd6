// Resource limits (src/parse/limits.ts): nesting depth, text length, NDJSON line length, JSON
// referral size, YAML document size and alias uses. Each breach fails one referral or one
// file with the file, line and a reason that names the limit and never the content; the
// rest of the batch is read. The --jobs test runs the build (dist/). Limits at their
// defaults on inputs of many megabytes, and memory, are in test/slow/limits-scale.test.ts.
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load/index.js';
import { loadJsonStream, loadJsonText } from '../../src/parse/json.js';
import { DEFAULT_LIMITS, resolveLimits, type Limits } from '../../src/parse/limits.js';
import { LINE_TOO_LONG, loadNdjsonStream, splitLines } from '../../src/parse/ndjson.js';
import type { LoadEvent } from '../../src/parse/types.js';
import { loadYamlStream, loadYamlText } from '../../src/parse/yaml.js';
import { run } from '../cli-run.js';
import { cleanReferral } from '../helpers.js';
import { useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('limits');

const limits = (given: Partial<Limits>): Limits => resolveLimits(given);

/** Events as plain data: a referral by its place and id (its locator dropped). */
async function plain(events: Iterable<LoadEvent> | AsyncIterable<LoadEvent>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const e of events) {
    if (e.kind === 'referral') {
      const { locate: _locate, data, ...rest } = e;
      out.push({ ...rest, id: data.id });
    } else out.push({ ...e });
  }
  return out;
}

/** The text as bytes in pieces of `size`: limits must not depend on where chunks are cut. */
async function* byteChunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function* textChunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** A referral whose field `a` holds objects inside objects, the deepest at level `depth` (the referral is level 1). */
function nestedObjects(id: string, depth: number): string {
  return `{"id":"${id}","a":${'{"a":'.repeat(depth - 2)}{}${'}'.repeat(depth - 2)}}`;
}

/** A referral whose field `x` holds `lists` lists one inside the other: the innermost at level lists + 1. */
function nestedLists(id: string, lists: number): string {
  return `{"id":"${id}","x":${'['.repeat(lists)}${']'.repeat(lists)}}`;
}

const tooDeep = (pointer: string, maxDepth = 64) => `the value at ${pointer} is nested more than ${maxDepth} levels deep (the limit is maxDepth)`;
const tooLongText = (pointer: string, max = 1_000_000) => `the text at ${pointer} is longer than ${max} characters (the limit is maxStringLength)`;
const LIST_BREACH = `/x${'/0'.repeat(63)}`;

describe('limits in force', () => {
  it('has these defaults, and a configured limit replaces only its own', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxDepth: 64,
      maxStringLength: 1_000_000,
      maxLineLength: 10_485_760,
      maxReferralLength: 10_485_760,
      maxDocumentLength: 16_777_216,
      maxAliasCount: 100,
      maxDocumentTokens: 2_000_000,
    });
    expect(resolveLimits({ maxDepth: 8 })).toEqual({ ...DEFAULT_LIMITS, maxDepth: 8 });
  });
});

describe('maxDepth', () => {
  it('reads a referral nested exactly 64 levels deep, and fails one a level deeper naming the first value too deep', async () => {
    const text = `${nestedObjects('A', 64)}\n${nestedObjects('B', 65)}\n`;
    expect(await plain(loadNdjsonStream('d.ndjson', Readable.from([text])))).toEqual([
      { kind: 'referral', file: 'd.ndjson', pointer: '', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 'd.ndjson', pointer: '', line: 2, reason: tooDeep('/a'.repeat(64)) },
    ]);
  });

  it('fails an NDJSON line nested 100,000 levels deep with the depth reason; the lines around it are read', async () => {
    const text = `{"id":"A"}\n${nestedLists('B', 100_000)}\n{"id":"C"}\n`;
    expect(await plain(loadNdjsonStream('d.ndjson', Readable.from([text])))).toEqual([
      { kind: 'referral', file: 'd.ndjson', pointer: '', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 'd.ndjson', pointer: '', line: 2, reason: tooDeep(LIST_BREACH) },
      { kind: 'referral', file: 'd.ndjson', pointer: '', line: 3, id: 'C' },
    ]);
  });

  it('fails a 100,000-deep element of a JSON file as that referral, read as a stream; the others are read', async () => {
    const dir = tempDir();
    write(dir, 'deep.json', `[\n{"id":"A"},\n${nestedLists('B', 100_000)},\n{"id":"C"}\n]\n`);
    const events = await plain(loadInputs([{ display: 'deep.json', absolute: path.join(dir, 'deep.json') }]));
    expect(events).toEqual([
      { kind: 'file', file: 'deep.json' },
      { kind: 'referral', file: 'deep.json', pointer: '/0', line: 2, id: 'A' },
      { kind: 'failed-referral', file: 'deep.json', pointer: '/1', line: 3, reason: tooDeep(LIST_BREACH) },
      { kind: 'referral', file: 'deep.json', pointer: '/2', line: 4, id: 'C' },
    ]);
  });

  it('fails a file that is one referral nested 100,000 levels deep as that referral, from a file and from stdin', async () => {
    const text = nestedObjects('A', 100_000);
    const dir = tempDir();
    write(dir, 'one.json', text);
    const failed = { kind: 'failed-referral', file: 'one.json', pointer: '', line: 1, reason: tooDeep('/a'.repeat(64)) };
    expect(await plain(loadInputs([{ display: 'one.json', absolute: path.join(dir, 'one.json') }]))).toEqual([{ kind: 'file', file: 'one.json' }, failed]);
    expect(await plain(loadJsonText('one.json', text))).toEqual([failed]);
  });

  it('counts levels from each referral: a list or an envelope around it adds none', async () => {
    const text = `{"export": {"schemaVersion": 1}, "referrals": [${nestedObjects('A', 64)}, ${nestedObjects('B', 65)}]}`;
    for (const size of [7, 4096]) {
      expect(await plain(loadJsonStream('env.json', byteChunks(text, size)))).toEqual([
        { kind: 'referral', file: 'env.json', pointer: '/referrals/0', line: 1, id: 'A' },
        { kind: 'failed-referral', file: 'env.json', pointer: '/referrals/1', line: 1, reason: tooDeep('/a'.repeat(64)) },
      ]);
    }
  });

  it('applies a configured maxDepth', async () => {
    const text = '[{"id": "A", "child": {"address": {"line1": "x"}}}, {"id": "B", "child": {"address": {"parts": ["x"]}}}]';
    expect(await plain(loadJsonText('c.json', text, limits({ maxDepth: 3 })))).toEqual([
      { kind: 'referral', file: 'c.json', pointer: '/0', id: 'A' },
      { kind: 'failed-referral', file: 'c.json', pointer: '/1', line: 1, reason: tooDeep('/child/address/parts', 3) },
    ]);
  });

  it('fails a YAML referral nested too deep as that referral, with its document and line', async () => {
    const deep = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}a:`).join('\n') + ' 1\n';
    const text = `id: A\n---\nid: B\n${deep(4)}---\nid: C\n`;
    expect(await plain(loadYamlText('d.yaml', text, limits({ maxDepth: 3 })))).toEqual([
      { kind: 'referral', file: 'd.yaml', pointer: '', document: 1, id: 'A' },
      { kind: 'failed-referral', file: 'd.yaml', pointer: '', document: 2, line: 3, reason: tooDeep('/a/a/a', 3) },
      { kind: 'referral', file: 'd.yaml', pointer: '', document: 3, id: 'C' },
    ]);
  });

  it('fails a YAML file with a document nested 100,000 levels deep before parsing it, where the nesting passes maxDepth + 2', async () => {
    const text = `id: A\n---\nid: B\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    const reason = 'a document is nested more than 66 levels deep (the limit is maxDepth, 64, plus 2 levels for an export envelope and its list)';
    for (const events of [await plain(loadYamlText('d.yaml', text)), await plain(loadYamlStream('d.yaml', textChunks(text, 4096)))]) {
      // The mapping is level 1 and x's lists start at level 2: level 67 is the 66th list, at column 69.
      expect(events).toEqual([{ kind: 'failed-file', file: 'd.yaml', reason, line: 4, column: 69 }]);
    }
  });

  it('reads a YAML envelope whose referrals are nested exactly maxDepth levels deep', async () => {
    const text = 'export: {schemaVersion: 1}\nreferrals:\n  - id: A\n    a: {a: {}}\n';
    expect(await plain(loadYamlText('e.yaml', text, limits({ maxDepth: 3 })))).toEqual([{ kind: 'referral', file: 'e.yaml', pointer: '/referrals/0', id: 'A' }]);
  });
});

describe('maxStringLength', () => {
  it('reads a text of 1,000,000 characters and fails one of 1,000,001 naming its path, never its content', async () => {
    const summary = (length: number) => JSON.stringify({ id: 'A', concerns: { summary: 'ab'.repeat(length / 2 + 1).slice(0, length) } });
    const events = await plain(loadNdjsonStream('s.ndjson', Readable.from([`${summary(1_000_000)}\n${summary(1_000_001)}\n`])));
    expect(events).toEqual([
      { kind: 'referral', file: 's.ndjson', pointer: '', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 's.ndjson', pointer: '', line: 2, reason: tooLongText('/concerns/summary') },
    ]);
    expect(String(events[1]!.reason)).not.toMatch(/abab/);
  });

  it('applies a configured maxStringLength to texts in lists and to keys, and escapes the path', async () => {
    const text = [
      '{"id": "A", "carers": [{"name": "short"}, {"name": "a name too long"}]}',
      '{"id": "B", "child": {"a key too long": 1}}',
      '{"id": "C", "a key too long": 1}',
      '{"id": "D", "odd/key~": "a text too long"}',
    ].join('\n');
    expect(await plain(loadNdjsonStream('k.ndjson', Readable.from([text]), false, limits({ maxStringLength: 10 })))).toEqual([
      { kind: 'failed-referral', file: 'k.ndjson', pointer: '', line: 1, reason: tooLongText('/carers/1/name', 10) },
      { kind: 'failed-referral', file: 'k.ndjson', pointer: '', line: 2, reason: 'a key of the object at /child is longer than 10 characters (the limit is maxStringLength)' },
      { kind: 'failed-referral', file: 'k.ndjson', pointer: '', line: 3, reason: 'a key of the referral is longer than 10 characters (the limit is maxStringLength)' },
      { kind: 'failed-referral', file: 'k.ndjson', pointer: '', line: 4, reason: tooLongText('/odd~1key~0', 10) },
    ]);
  });

  it('names the first breach in the referral, depth first and in key order', async () => {
    const text = '{"id": "A", "a": {"b": "a long text"}, "c": [[["x"]]]}\n{"id": "B", "c": [[["x"]]], "a": {"b": "a long text"}}\n';
    expect(await plain(loadNdjsonStream('f.ndjson', Readable.from([text]), false, limits({ maxStringLength: 5, maxDepth: 3 })))).toEqual([
      { kind: 'failed-referral', file: 'f.ndjson', pointer: '', line: 1, reason: tooLongText('/a/b', 5) },
      { kind: 'failed-referral', file: 'f.ndjson', pointer: '', line: 2, reason: tooDeep('/c/0/0', 3) },
    ]);
  });

  it('applies to YAML referrals, and to each referral of a JSON list read whole', async () => {
    expect(await plain(loadYamlText('s.yaml', 'id: A\nnote: ok\n---\nid: B\nnote: far too long\n', limits({ maxStringLength: 8 })))).toEqual([
      { kind: 'referral', file: 's.yaml', pointer: '', document: 1, id: 'A' },
      { kind: 'failed-referral', file: 's.yaml', pointer: '', document: 2, line: 4, reason: tooLongText('/note', 8) },
    ]);
    expect(await plain(loadJsonText('s.json', '[{"id": "A"},\n {"id": "B", "note": "far too long"}]', limits({ maxStringLength: 8 })))).toEqual([
      { kind: 'referral', file: 's.json', pointer: '/0', id: 'A' },
      { kind: 'failed-referral', file: 's.json', pointer: '/1', line: 2, reason: tooLongText('/note', 8) },
    ]);
  });
});

describe('maxLineLength', () => {
  const lineReason = (max: number) => `the line is longer than ${max} bytes (the limit is maxLineLength)`;

  it('fails an NDJSON line over 10 MB between good lines; the good ones are read and the line numbers after it stay right', async () => {
    const dir = tempDir();
    const long = JSON.stringify({ id: 'B', pad: 'x'.repeat(10 * 1024 * 1024) });
    write(dir, 'l.ndjson', `{"id":"A"}\n${long}\n\n{"id":"C"}\n`);
    expect(await plain(loadInputs([{ display: 'l.ndjson', absolute: path.join(dir, 'l.ndjson') }]))).toEqual([
      { kind: 'file', file: 'l.ndjson' },
      { kind: 'referral', file: 'l.ndjson', pointer: '', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 'l.ndjson', pointer: '', line: 2, reason: lineReason(10_485_760) },
      { kind: 'referral', file: 'l.ndjson', pointer: '', line: 4, id: 'C' },
    ]);
  });

  it('counts the bytes of a line without its CR and LF, whatever the chunks', async () => {
    const exactly = `{"id":"A","p":"${'é'.repeat(7)}"}`;
    const bytes = Buffer.byteLength(exactly); // more than its characters
    const text = `${exactly}\r\n${exactly} \n${exactly}`;
    for (const size of [1, 3, bytes + 1, 4096]) {
      const lines: (string | typeof LINE_TOO_LONG)[] = [];
      for await (const line of splitLines(byteChunks(text, size), bytes)) lines.push(line);
      expect(lines).toEqual([exactly, LINE_TOO_LONG, exactly]);
    }
  });

  it('fails the last line of a file, without a line break, when it is too long', async () => {
    const events = await plain(loadNdjsonStream('e.ndjson', byteChunks('{"id":"A"}\n{"id":"B","pad":"xxxxxxxxxxxxxxxxxxxx"}', 5), false, limits({ maxLineLength: 20 })));
    expect(events).toEqual([
      { kind: 'referral', file: 'e.ndjson', pointer: '', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 'e.ndjson', pointer: '', line: 2, reason: lineReason(20) },
    ]);
  });

  it('fails a too-long line in this thread when lines are handed on unparsed (--jobs)', async () => {
    const events = await plain(loadNdjsonStream('r.ndjson', Readable.from(['{"id":"A","pad":"xxxxxxxxxxxxxxxxxxxx"}\n']), true, limits({ maxLineLength: 20 })));
    expect(events).toEqual([{ kind: 'failed-referral', file: 'r.ndjson', pointer: '', line: 1, reason: lineReason(20) }]);
  });
});

describe('maxReferralLength', () => {
  const referralReason = (max: number) => `the referral is longer than ${max} bytes (the limit is maxReferralLength)`;
  const stream = (text: string, size: number, given: Partial<Limits>, raw = false) => plain(loadJsonStream('r.json', byteChunks(text, size), raw, limits(given)));

  it('fails an element of a JSON list longer than the limit as that referral, whatever the chunks; the others are read', async () => {
    const text = `[\n  {"id": "A"},\n  {"id": "B", "pad": "${'x'.repeat(40)}"},\n  {"id": "C"}\n]\n`;
    for (const size of [1, 5, 16, 4096]) {
      expect(await stream(text, size, { maxReferralLength: 40 })).toEqual([
        { kind: 'referral', file: 'r.json', pointer: '/0', line: 2, id: 'A' },
        { kind: 'failed-referral', file: 'r.json', pointer: '/1', line: 3, reason: referralReason(40) },
        { kind: 'referral', file: 'r.json', pointer: '/2', line: 4, id: 'C' },
      ]);
    }
  });

  it('fails an element over 10 MB by default, in an envelope', async () => {
    const text = `{"export": {"schemaVersion": 1}, "referrals": [{"id": "A"}, {"id": "B", "pad": "${'x'.repeat(10 * 1024 * 1024)}"}, {"id": "C"}]}`;
    expect(await plain(loadJsonStream('r.json', byteChunks(text, 256 * 1024)))).toEqual([
      { kind: 'referral', file: 'r.json', pointer: '/referrals/0', line: 1, id: 'A' },
      { kind: 'failed-referral', file: 'r.json', pointer: '/referrals/1', line: 1, reason: referralReason(10_485_760) },
      { kind: 'referral', file: 'r.json', pointer: '/referrals/2', line: 1, id: 'C' },
    ]);
  });

  it('fails a file that is one referral longer than the limit as that referral', async () => {
    const text = `\n{"id": "A", "pad": "${'x'.repeat(40)}"}\n`;
    for (const size of [3, 4096]) {
      expect(await stream(text, size, { maxReferralLength: 40 })).toEqual([{ kind: 'failed-referral', file: 'r.json', pointer: '', line: 2, reason: referralReason(40) }]);
    }
  });

  it('reads an envelope whose text is longer than the limit, as long as each referral is within it', async () => {
    const text = `{"export": {"schemaVersion": 1}, "note": "${'x'.repeat(30)}", "referrals": [{"id": "A"}, {"id": "B"}]}`;
    expect(await stream(text, 4, { maxReferralLength: 40 })).toEqual([
      { kind: 'referral', file: 'r.json', pointer: '/referrals/0', line: 1, id: 'A' },
      { kind: 'referral', file: 'r.json', pointer: '/referrals/1', line: 1, id: 'B' },
    ]);
  });

  it.each([
    ['an export header', `{"export": {"note": "${'x'.repeat(40)}"}, "referrals": []}`, 'a member of the export envelope is longer than 40 bytes (the limit is maxReferralLength)', 12],
    ['a "referrals" that is no list', `{"referrals": {"pad": "${'x'.repeat(40)}"}}`, 'an export envelope\'s "referrals" must be a list, found a value longer than 40 bytes (the limit is maxReferralLength)', 15],
    ['a top-level text', `"${'x'.repeat(41)}"`, 'expected a referral object, a list of referrals or an export envelope at the top level, found a value longer than 40 bytes (the limit is maxReferralLength)', 1],
    ['a top-level key', `{"${'k'.repeat(40)}": 1, "referrals": []}`, 'a key of the top-level object is longer than 40 bytes (the limit is maxReferralLength)', 2],
  ])('fails the file when %s is longer than the limit', async (_what, text, reason, column) => {
    for (const size of [3, 4096]) expect(await stream(text, size, { maxReferralLength: 40 })).toEqual([{ kind: 'failed-file', file: 'r.json', reason, line: 1, column }]);
  });

  it('fails a too-long element in this thread when elements are handed on unparsed (--jobs)', async () => {
    const text = `[{"id": "B", "pad": "${'x'.repeat(40)}"}]`;
    expect(await stream(text, 4096, { maxReferralLength: 40 }, true)).toEqual([{ kind: 'failed-referral', file: 'r.json', pointer: '/0', line: 1, reason: referralReason(40) }]);
  });
});

describe('maxDocumentLength', () => {
  const documentReason = (max: number) => `a document is longer than ${max} bytes (the limit is maxDocumentLength)`;

  it('fails the file at the line where a YAML document passes the limit, whatever the chunks', async () => {
    // Document 2 passes 50 bytes at line 5: 4 + 6 + 27 + 28 bytes from its `---`.
    const text = `id: A\n---\nid: B\nnote: ${'x'.repeat(20)}\nother: ${'y'.repeat(20)}\n---\nid: C\n`;
    for (const size of [1, 7, 4096]) {
      expect(await plain(loadYamlStream('d.yaml', textChunks(text, size), limits({ maxDocumentLength: 50 })))).toEqual([
        { kind: 'failed-file', file: 'd.yaml', reason: documentReason(50), line: 5 },
      ]);
    }
    expect(await plain(loadYamlStream('d.yaml', textChunks(text, 7), limits({ maxDocumentLength: 65 })))).toEqual([
      { kind: 'referral', file: 'd.yaml', pointer: '', document: 1, id: 'A' },
      { kind: 'referral', file: 'd.yaml', pointer: '', document: 2, id: 'B' },
      { kind: 'referral', file: 'd.yaml', pointer: '', document: 3, id: 'C' },
    ]);
  });

  it('fails a YAML file of one line over 16 MB, and stops reading it there', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      yield 'id: A\nnote: ';
      for (let i = 0; i < 100; i += 1) {
        pulled += 1;
        yield 'x'.repeat(1024 * 1024);
      }
    }
    expect(await plain(loadYamlStream('big.yaml', source()))).toEqual([{ kind: 'failed-file', file: 'big.yaml', reason: documentReason(16_777_216), line: 2 }]);
    expect(pulled).toBe(16);
  });
});

describe('maxAliasCount', () => {
  /** Each level refers to the one before nine times: 9^levels strings once expanded. */
  const billionLaughs = (levels: number): string => {
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    return `${lines.join('\n')}\n`;
  };

  it('fails a billion-laughs file with the alias reason; the next file is read', async () => {
    const dir = tempDir();
    write(dir, 'a-bomb.yaml', billionLaughs(9));
    write(dir, 'b-good.ndjson', `${JSON.stringify(cleanReferral())}\n`);
    const r = await run(dir, ['.', '--format', 'json', '--now', '2026-11-01T09:00:00Z']);
    const report = JSON.parse(r.stdout) as { files: { path: string; referrals: number; error?: string; line?: number }[] };
    expect(report.files).toEqual([
      { path: 'a-bomb.yaml', referrals: 0, error: 'YAML aliases expand too far (more than 100 alias uses)', line: 1, column: 1, failedReferrals: [] },
      { path: 'b-good.ndjson', referrals: 1, failedReferrals: [] },
    ]);
  });

  it('says an alias to an anchor not defined before it is that, where the alias is, and reads an alias that has one', async () => {
    const undefinedAlias = { reason: 'not valid YAML: an alias refers to an anchor that is not defined', line: 3, column: 14 };
    expect(await plain(loadYamlText('u.yaml', 'id: A\nchild:\n  givenName: *nope\n'))).toEqual([{ kind: 'failed-file', file: 'u.yaml', ...undefinedAlias }]);
    // In a later document of a stream, at its line in the file; an anchor of an earlier document does not count.
    // (The runner counts no referral of a file that fails: document 1 is dropped.)
    const stream = 'id: A\nbase: &nope {}\n---\nid: B\nchild:\n  givenName: *nope\n';
    expect(await plain(loadYamlStream('u.yaml', Readable.from([stream])))).toEqual([
      { kind: 'referral', file: 'u.yaml', pointer: '', document: 1, id: 'A' },
      { kind: 'failed-file', file: 'u.yaml', ...undefinedAlias, line: 6 },
    ]);
    expect(await plain(loadYamlText('d.yaml', 'id: A\nhome: &t {town: Exampleton}\nschool: *t\n'))).toEqual([{ kind: 'referral', file: 'd.yaml', pointer: '', id: 'A' }]);
  });

  it('applies a configured maxAliasCount', async () => {
    const text = 'id: A\ntown: &t Exampleton\nhome: *t\nschool: *t\n';
    // The yaml package counts the anchor and its two uses.
    expect(await plain(loadYamlText('a.yaml', text, limits({ maxAliasCount: 3 })))).toEqual([{ kind: 'referral', file: 'a.yaml', pointer: '', id: 'A' }]);
    expect(await plain(loadYamlText('a.yaml', text, limits({ maxAliasCount: 2 })))).toEqual([
      { kind: 'failed-file', file: 'a.yaml', reason: 'YAML aliases expand too far (more than 2 alias uses)', line: 1, column: 1 },
    ]);
  });
});

describe('maxDocumentTokens', () => {
  const tokensReason = (max: number) => `a document holds more than ${max} YAML tokens (the limit is maxDocumentTokens)`;

  it('fails a YAML document with more tokens than the limit where the parser passes it, whatever the chunks', async () => {
    // `- 1` and its line break are four tokens: `-`, a space, `1`, LF.
    const text = `id: A\n---\nid: B\nlist:\n${'- 1\n'.repeat(20)}`;
    for (const size of [3, 4096]) {
      const events = await plain(loadYamlStream('t.yaml', (async function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      })(), limits({ maxDocumentTokens: 40 })));
      // A failed file is no referral: document 1 is held until document 2 says the file has several.
      expect(events).toEqual([{ kind: 'failed-file', file: 't.yaml', reason: tokensReason(40), line: 10, column: 2 }]);
    }
  });

  it('counts each document on its own, parsed whole (stdin) or as a stream, and reads one within the limit', async () => {
    const doc = `id: A\nlist: [${'1, '.repeat(5)}1]\n`; // 37 tokens
    const three = `${doc}---\n${doc}---\n${doc}`;
    const referrals = [1, 2, 3].map((document) => ({ kind: 'referral', file: 't.yaml', pointer: '', document, id: 'A' }));
    expect(await plain(loadYamlText('t.yaml', three, limits({ maxDocumentTokens: 40 })))).toEqual(referrals);
    expect(await plain(loadYamlStream('t.yaml', Readable.from([three]), limits({ maxDocumentTokens: 40 })))).toEqual(referrals);
    expect(await plain(loadYamlText('t.yaml', doc, limits({ maxDocumentTokens: 36 })))).toEqual([{ kind: 'failed-file', file: 't.yaml', reason: tokensReason(36), line: 2, column: 25 }]);
  });

  it('fails a dense flow list inside the byte limit, before the parser builds it all, and the next file is read', async () => {
    const dir = tempDir();
    // 3,000 items of two bytes, three tokens an item, under a configured limit of 3,000 tokens.
    // At the default limit (2,000,000 tokens, a 6 MB list): test/slow/limits-scale.test.ts.
    write(dir, 'referral-lint.config.json', JSON.stringify({ limits: { maxDocumentTokens: 3000 } }));
    write(dir, 'a-dense.yaml', `id: F\nbase: [${'1,'.repeat(3000)}1]\n`);
    write(dir, 'b-good.ndjson', `${JSON.stringify(cleanReferral())}\n`);
    const r = await run(dir, ['.', '--format', 'json', '--now', '2026-11-01T09:00:00Z']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: unknown[] };
    expect(report.files).toEqual([
      { path: 'a-dense.yaml', referrals: 0, error: tokensReason(3000), line: 2, column: 1999, failedReferrals: [] },
      { path: 'b-good.ndjson', referrals: 1, failedReferrals: [] },
    ]);
  });
});

describe('the limits section of the configuration', () => {
  const lintWith = async (limitsSection: unknown, files: Record<string, string> = { 'r.ndjson': '{"id": "A"}\n' }) => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.json', JSON.stringify({ limits: limitsSection }));
    for (const [name, text] of Object.entries(files)) write(dir, name, text);
    return run(dir, [...Object.keys(files), '--format', 'json', '--now', '2026-11-01T09:00:00Z']);
  };

  it.each([
    [{ maxDepth: 0 }, 'limits.maxDepth: must be >= 1'],
    [{ maxDepth: 257 }, 'limits.maxDepth: must be <= 256'],
    [{ maxStringLength: 1.5 }, 'limits.maxStringLength: must be of type integer'],
    [{ maxLineLength: '10MB' }, 'limits.maxLineLength: must be of type integer'],
    [{ maxReferralLength: 268_435_457 }, 'limits.maxReferralLength: must be <= 268435456'],
    [{ maxDocumentLength: -1 }, 'limits.maxDocumentLength: must be >= 1'],
    [{ maxAliasCount: -1 }, 'limits.maxAliasCount: must be >= 0'],
    [{ maxDocumentTokens: 0 }, 'limits.maxDocumentTokens: must be >= 1'],
    [{ maxDeph: 8 }, 'limits.maxDeph: unknown key'],
    [8, 'limits: must be a mapping'],
  ])('refuses %j with a configuration error naming the key', async (section, message) => {
    const r = await lintWith(section);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`referral-lint: Invalid configuration in referral-lint.config.json:\n  ${message}\n`);
  });

  it('applies the configured limits to a run, each breach listed with its file, line and reason', async () => {
    const referral = JSON.stringify(cleanReferral());
    const r = await lintWith(
      { maxDepth: 4, maxStringLength: 200, maxLineLength: 3000 },
      { 'r.ndjson': `${referral}\n${JSON.stringify({ ...cleanReferral(), concerns: { summary: 'z'.repeat(201) } })}\n${JSON.stringify({ id: 'X', pad: 'p'.repeat(3000) })}\n${referral}\n` },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { referrals: number; referralsFailed: number }; files: unknown[] };
    expect(report.summary).toMatchObject({ referrals: 2, referralsFailed: 2 });
    expect(report.files).toEqual([
      {
        path: 'r.ndjson',
        referrals: 2,
        failedReferrals: [
          { pointer: '', line: 2, reason: tooLongText('/concerns/summary', 200) },
          { pointer: '', line: 3, reason: 'the line is longer than 3000 bytes (the limit is maxLineLength)' },
        ],
      },
    ]);
  });
});

describe('--jobs', () => {
  it('gives the same JSON report with 1 and 2 threads on files with breaches', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const good = JSON.stringify(cleanReferral());
    const other = (id: string) => JSON.stringify({ ...cleanReferral(), id });
    write(dir, 'referral-lint.config.json', JSON.stringify({ limits: { maxDepth: 6, maxStringLength: 300, maxLineLength: 250_000, maxReferralLength: 4000 } }));
    write(dir, 'a.ndjson', [good, nestedLists('DEEP', 100_000), other('R-2'), JSON.stringify({ id: 'LONG', pad: 'p'.repeat(250_000) }), JSON.stringify({ ...cleanReferral(), id: 'R-3', notes: 'n'.repeat(301) }), other('R-4')].join('\n'));
    write(dir, 'b.json', `[\n${other('J-1')},\n${nestedObjects('J-DEEP', 7)},\n{"id": "J-LONG", "pad": "${'p'.repeat(4000)}"},\n${other('J-4')}\n]\n`);
    write(dir, 'c.yaml', `id: Y-1\nreferrer: {agency: Example Police, sector: police}\n---\nid: Y-2\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const args = (jobs: string) => ['.', '--format', 'json', '--now', '2026-11-01T09:00:00Z', '--jobs', jobs];
    const one = await run(dir, args('1'));
    const two = await run(dir, args('2'));
    expect(one.stderr).toBe('');
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout) as { files: { path: string; referrals: number; error?: string; failedReferrals: { pointer: string; line: number; reason: string }[] }[] };
    expect(report.files.map((f) => [f.path, f.referrals, f.error ?? null, f.failedReferrals.map((x) => `${x.pointer} ${x.line} ${x.reason}`)])).toEqual([
      [
        'a.ndjson',
        3,
        null,
        [
          ` 2 ${tooDeep(`/x${'/0'.repeat(5)}`, 6)}`,
          ' 4 the line is longer than 250000 bytes (the limit is maxLineLength)',
          ` 5 ${tooLongText('/notes', 300)}`,
        ],
      ],
      ['b.json', 2, null, [`/1 3 ${tooDeep('/a'.repeat(6), 6)}`, '/2 4 the referral is longer than 4000 bytes (the limit is maxReferralLength)']],
      ['c.yaml', 0, 'a document is nested more than 8 levels deep (the limit is maxDepth, 6, plus 2 levels for an export envelope and its list)', []],
    ]);
  });
});
