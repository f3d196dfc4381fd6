// The loader: containers, formats, failures and positions (docs/referral-format.md, "Files and containers").
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { expandInputs, loadInputs, sniffFormat, type Input, type LoadEvent } from '../../src/load/index.js';
import { DEFAULT_LIMITS } from '../../src/parse/limits.js';
import { loadJsonText } from '../../src/parse/json.js';
import { loadNdjsonStream, splitLines } from '../../src/parse/ndjson.js';
import { loadYamlText } from '../../src/parse/yaml.js';

const MARKER = 'Zed Canarychild';

/** Events without their `locate` functions, for exact comparison. */
function plain(events: Iterable<LoadEvent>): Record<string, unknown>[] {
  return [...events].map((e) => {
    const { locate: _locate, ...rest } = e as LoadEvent & { locate?: unknown };
    return rest;
  });
}

async function collect(events: AsyncIterable<LoadEvent>): Promise<LoadEvent[]> {
  const out: LoadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function referralAt(events: readonly LoadEvent[], pointer: string, document?: number) {
  const found = events.find((e) => e.kind === 'referral' && e.pointer === pointer && e.document === document);
  if (!found || found.kind !== 'referral') throw new Error(`no referral at ${pointer}`);
  return found;
}

const ndjson = (file: string, text: string) => collect(loadNdjsonStream(file, Readable.from([text])));

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'referral-lint-load-'));
  temps.push(dir);
  return dir;
}
function write(dir: string, rel: string, text: string | Buffer): string {
  const full = path.join(dir, rel);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('JSON containers', () => {
  it('reads a single referral object with pointer ""', () => {
    expect(plain(loadJsonText('one.json', '{"id": "REF-1"}'))).toEqual([
      { kind: 'referral', file: 'one.json', pointer: '', data: { id: 'REF-1' } },
    ]);
  });

  it('reads an array of referrals with pointers /0 and /1', () => {
    expect(plain(loadJsonText('list.json', '[{"id": "A"}, {"id": "B"}]'))).toEqual([
      { kind: 'referral', file: 'list.json', pointer: '/0', data: { id: 'A' } },
      { kind: 'referral', file: 'list.json', pointer: '/1', data: { id: 'B' } },
    ]);
  });

  it('reads an export envelope with pointers /referrals/N', () => {
    const text = JSON.stringify({ export: { localAuthority: 'Example', schemaVersion: 1 }, referrals: [{ id: 'A' }, { id: 'B' }, { id: 'C' }] });
    expect(plain(loadJsonText('env.json', text))).toEqual([
      { kind: 'referral', file: 'env.json', pointer: '/referrals/0', data: { id: 'A' } },
      { kind: 'referral', file: 'env.json', pointer: '/referrals/1', data: { id: 'B' } },
      { kind: 'referral', file: 'env.json', pointer: '/referrals/2', data: { id: 'C' } },
    ]);
  });

  it('reads an envelope without an export header', () => {
    expect(plain(loadJsonText('env.json', '{"referrals": [{"id": "A"}]}'))).toEqual([
      { kind: 'referral', file: 'env.json', pointer: '/referrals/0', data: { id: 'A' } },
    ]);
  });

  it('turns a non-object array item into a failed referral with its pointer and line; the others still load', () => {
    const text = '[\n  {"id": "A"},\n  42,\n  {"id": "B"},\n  null\n]\n';
    expect(plain(loadJsonText('mixed.json', text))).toEqual([
      { kind: 'referral', file: 'mixed.json', pointer: '/0', data: { id: 'A' } },
      { kind: 'failed-referral', file: 'mixed.json', pointer: '/1', line: 3, reason: 'expected a referral object, found a number' },
      { kind: 'referral', file: 'mixed.json', pointer: '/2', data: { id: 'B' } },
      { kind: 'failed-referral', file: 'mixed.json', pointer: '/3', line: 5, reason: 'expected a referral object, found null' },
    ]);
  });

  it('turns a non-object envelope item into a failed referral at /referrals/N', () => {
    const text = '{\n  "referrals": [\n    {"id": "A"},\n    ["not", "a", "referral"]\n  ]\n}\n';
    expect(plain(loadJsonText('env.json', text))).toEqual([
      { kind: 'referral', file: 'env.json', pointer: '/referrals/0', data: { id: 'A' } },
      { kind: 'failed-referral', file: 'env.json', pointer: '/referrals/1', line: 4, reason: 'expected a referral object, found a list' },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['a whitespace-only file', '  \n\t\n   \n'],
    ['a BOM and nothing else', '\uFEFF'],
  ])('fails %s as empty', (_name, text) => {
    expect(plain(loadJsonText('empty.json', text))).toEqual([
      { kind: 'failed-file', file: 'empty.json', reason: 'the file is empty: no referral document' },
    ]);
  });

  it.each([
    ['a number', '42', 'a number'],
    ['a string', '"Zed"', 'text'],
    ['null', 'null', 'null'],
    ['a boolean', 'true', 'true or false'],
  ])('fails a file whose top level is %s', (_name, text, kind) => {
    expect(plain(loadJsonText('top.json', text))).toEqual([
      {
        kind: 'failed-file',
        file: 'top.json',
        reason: `expected a referral object, a list of referrals or an export envelope at the top level, found ${kind}`,
        line: 1,
        column: 1,
      },
    ]);
  });

  it('fails invalid JSON with the line and column of the error and a reason that quotes nothing from the file', () => {
    const text = `{\n  "id": "REF-1",\n  "child": { "givenName": ${MARKER} }\n}\n`;
    const events = plain(loadJsonText('broken.json', text));
    expect(events).toEqual([{ kind: 'failed-file', file: 'broken.json', reason: 'not valid JSON: an unexpected character', line: 3, column: 27 }]);
    expect(JSON.stringify(events)).not.toContain('Canarychild');
    expect(JSON.stringify(events)).not.toContain('Zed');
  });

  it('fails an unterminated string without quoting it', () => {
    const text = `[\n  {"id": "A", "summary": "${MARKER} said`;
    const events = plain(loadJsonText('broken.json', text));
    expect(events).toEqual([{ kind: 'failed-file', file: 'broken.json', reason: 'not valid JSON: an unterminated string', line: 2, column: 26 }]);
    expect(JSON.stringify(events)).not.toContain('Canarychild');
  });

  it('fails a missing comma at the position of the next key', () => {
    const text = '{\n  "id": "A"\n  "mode": "written"\n}';
    expect(plain(loadJsonText('comma.json', text))).toEqual([
      { kind: 'failed-file', file: 'comma.json', reason: 'not valid JSON: expected a comma', line: 3, column: 3 },
    ]);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(plain(loadJsonText('bom.json', '\uFEFF[{"id": "A"}]'))).toEqual([{ kind: 'referral', file: 'bom.json', pointer: '/0', data: { id: 'A' } }]);
  });

  it('fails an envelope whose export.schemaVersion is 2', () => {
    const text = JSON.stringify({ export: { schemaVersion: 2 }, referrals: [{ id: 'A' }] });
    expect(plain(loadJsonText('v2.json', text))).toEqual([
      {
        kind: 'failed-file',
        file: 'v2.json',
        reason: 'export.schemaVersion must be 1: this version of referral-lint reads referral format version 1 only',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('fails an envelope whose referrals is not a list', () => {
    expect(plain(loadJsonText('env.json', '{"export": {}, "referrals": {"id": "A"}}'))).toEqual([
      { kind: 'failed-file', file: 'env.json', reason: 'an export envelope\'s "referrals" must be a list, found an object', line: 1, column: 1 },
    ]);
  });

  it('fails an envelope whose export is not an object', () => {
    expect(plain(loadJsonText('env.json', '{"export": "x", "referrals": []}'))).toEqual([
      { kind: 'failed-file', file: 'env.json', reason: 'an export envelope\'s "export" must be an object, found text', line: 1, column: 1 },
    ]);
  });

  it('keeps __proto__ as an ordinary key, never as the prototype', () => {
    const [event] = [...loadJsonText('p.json', '{"id": "A", "__proto__": {"polluted": true}}')];
    if (event?.kind !== 'referral') throw new Error('expected a referral');
    expect(Object.getPrototypeOf(event.data)).toBe(Object.prototype);
    expect(Object.hasOwn(event.data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails a deeply nested unterminated file as invalid JSON, not as unreadable', async () => {
    const dir = tempDir();
    const file = write(dir, 'deep.json', '['.repeat(100_000));
    const events = plain(await collect(loadInputs([{ display: 'deep.json', absolute: file }])));
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ kind: 'failed-file', file: 'deep.json' });
    expect(String(events[1]!.reason)).toMatch(/^not valid JSON/);
  });

  it('locates positions in a deeply nested referral without throwing', () => {
    const text = `{"id": 5, "x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    // Far past the default maxDepth (test/load/limits.test.ts): raised here, so the locator itself is what is tested.
    const r = referralAt([...loadJsonText('deep.json', text, { ...DEFAULT_LIMITS, maxDepth: 200_000 })], '');
    let pos: unknown;
    expect(() => {
      pos = r.locate('/id');
    }).not.toThrow();
    expect(pos === undefined || (pos as { line: number }).line === 1).toBe(true);
  });

  it.each([
    ['an empty array', '[]'],
    ['an envelope with no referrals', '{"export": {"schemaVersion": 1}, "referrals": []}'],
  ])('reads %s as zero referrals and no failure', (_name, text) => {
    expect(plain(loadJsonText('none.json', text))).toEqual([]);
  });
});

describe('YAML', () => {
  it('reads a single document without a document number', () => {
    expect(plain(loadYamlText('one.yaml', 'id: REF-1\nmode: written\n'))).toEqual([
      { kind: 'referral', file: 'one.yaml', pointer: '', data: { id: 'REF-1', mode: 'written' } },
    ]);
  });

  it('numbers the documents of a multi-document file 1..N, each one of the container shapes', () => {
    const text = 'id: A\n---\n- id: B\n- id: C\n---\nreferrals:\n  - id: D\n';
    expect(plain(loadYamlText('multi.yaml', text))).toEqual([
      { kind: 'referral', file: 'multi.yaml', pointer: '', document: 1, data: { id: 'A' } },
      { kind: 'referral', file: 'multi.yaml', pointer: '/0', document: 2, data: { id: 'B' } },
      { kind: 'referral', file: 'multi.yaml', pointer: '/1', document: 2, data: { id: 'C' } },
      { kind: 'referral', file: 'multi.yaml', pointer: '/referrals/0', document: 3, data: { id: 'D' } },
    ]);
  });

  it('skips an empty document between others, keeping the others\' document numbers', () => {
    const text = 'id: A\n---\n---\nid: B\n';
    expect(plain(loadYamlText('gap.yaml', text))).toEqual([
      { kind: 'referral', file: 'gap.yaml', pointer: '', document: 1, data: { id: 'A' } },
      { kind: 'referral', file: 'gap.yaml', pointer: '', document: 3, data: { id: 'B' } },
    ]);
  });

  it('keeps unquoted dates and date-times as the strings written', () => {
    const text = 'id: A\nreceivedAt: 2026-10-05T10:30:00Z\nchild:\n  dateOfBirth: 2013-07-19\n';
    const [event] = [...loadYamlText('dates.yaml', text)];
    expect(event?.kind).toBe('referral');
    const data = (event as Extract<LoadEvent, { kind: 'referral' }>).data;
    expect(data.receivedAt).toBe('2026-10-05T10:30:00Z');
    expect((data.child as Record<string, unknown>).dateOfBirth).toBe('2013-07-19');
  });

  it('keeps unquoted dates as strings even under a %YAML 1.1 directive', () => {
    const [event] = [...loadYamlText('old.yaml', '%YAML 1.1\n---\nid: A\nchild:\n  dateOfBirth: 2013-07-19\n')];
    if (event?.kind !== 'referral') throw new Error('expected a referral');
    expect((event.data.child as Record<string, unknown>).dateOfBirth).toBe('2013-07-19');
  });

  it('keeps __proto__ as an ordinary key, never as the prototype', () => {
    const [event] = [...loadYamlText('p.yaml', 'id: A\n__proto__:\n  polluted: true\n')];
    if (event?.kind !== 'referral') throw new Error('expected a referral');
    expect(Object.getPrototypeOf(event.data)).toBe(Object.prototype);
    expect(Object.hasOwn(event.data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails a YAML syntax error with its line and column, quoting nothing', () => {
    const text = `id: A\nsummary: @${MARKER}\n`;
    const events = plain(loadYamlText('bad.yaml', text));
    expect(events).toEqual([
      { kind: 'failed-file', file: 'bad.yaml', reason: 'not valid YAML: a value starts with a reserved character; quote it', line: 2, column: 10 },
    ]);
    expect(JSON.stringify(events)).not.toContain('Canarychild');
  });

  it('fails a duplicate key with the line of the repeated key', () => {
    expect(plain(loadYamlText('dup.yaml', 'id: A\nid: B\n'))).toEqual([
      { kind: 'failed-file', file: 'dup.yaml', reason: 'not valid YAML: a key is repeated in the same mapping', line: 2, column: 1 },
    ]);
  });

  it('fails an error in a later document and loads nothing from the file', () => {
    const events = plain(loadYamlText('late.yaml', 'id: A\n---\nid: B\nid: C\n'));
    expect(events.map((e) => e.kind)).toEqual(['failed-file']);
    expect(events[0]?.reason).toBe('not valid YAML: a key is repeated in the same mapping');
  });

  it.each([
    ['an empty file', ''],
    ['a comment-only file', '# nothing here\n'],
  ])('fails %s as empty', (_name, text) => {
    expect(plain(loadYamlText('empty.yaml', text))).toEqual([
      { kind: 'failed-file', file: 'empty.yaml', reason: 'the file is empty: no referral document' },
    ]);
  });

  it('fails a document whose top level is a string, naming the document in a multi-document file', () => {
    expect(plain(loadYamlText('top.yaml', 'just some words\n'))).toEqual([
      {
        kind: 'failed-file',
        file: 'top.yaml',
        reason: 'expected a referral object, a list of referrals or an export envelope at the top level, found text',
        line: 1,
        column: 1,
      },
    ]);
    const multi = plain(loadYamlText('top.yaml', 'id: A\n---\n42\n'));
    expect(multi.at(-1)).toEqual({
      kind: 'failed-file',
      file: 'top.yaml',
      reason: 'document 2: expected a referral object, a list of referrals or an export envelope at the top level, found a number',
      line: 3,
      column: 1,
    });
  });

  it('turns a non-object list item into a failed referral with its pointer, document and line', () => {
    const text = 'id: A\n---\n- id: B\n- 7\n';
    expect(plain(loadYamlText('items.yaml', text))).toEqual([
      { kind: 'referral', file: 'items.yaml', pointer: '', document: 1, data: { id: 'A' } },
      { kind: 'referral', file: 'items.yaml', pointer: '/0', document: 2, data: { id: 'B' } },
      { kind: 'failed-referral', file: 'items.yaml', pointer: '/1', document: 2, line: 4, reason: 'expected a referral object, found a number' },
    ]);
  });

  it('fails an envelope with schemaVersion 2', () => {
    expect(plain(loadYamlText('v2.yaml', 'export:\n  schemaVersion: 2\nreferrals: []\n'))).toEqual([
      {
        kind: 'failed-file',
        file: 'v2.yaml',
        reason: 'export.schemaVersion must be 1: this version of referral-lint reads referral format version 1 only',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('accepts a byte order mark', () => {
    expect(plain(loadYamlText('bom.yaml', '\uFEFFid: A\n'))).toEqual([{ kind: 'referral', file: 'bom.yaml', pointer: '', data: { id: 'A' } }]);
  });
});

describe('NDJSON lines (splitLines)', () => {
  const split = async (chunks: (string | Buffer)[]): Promise<string[]> => {
    const out: string[] = [];
    for await (const line of splitLines(Readable.from(chunks))) out.push(line);
    return out;
  };

  it('splits at LF, drops the CR of CRLF, keeps empty lines and a last line without LF', async () => {
    expect(await split(['a\r\n\nb\nc'])).toEqual(['a', '', 'b', 'c']);
  });

  it('joins a line cut between chunks, a CRLF cut between chunks, and a character cut between chunks', async () => {
    const zoe = Buffer.from('{"n": "Zoë"}\n', 'utf8');
    const cut = zoe.indexOf(0xc3) + 1; // inside the two bytes of ë
    expect(await split(['{"a"', ': 1}\r', '\n{"b": 2}\n', zoe.subarray(0, cut), zoe.subarray(cut)])).toEqual(['{"a": 1}', '{"b": 2}', '{"n": "Zoë"}']);
  });

  it('ends a line at a lone CR too (classic Mac OS line endings), as an editor does, whatever the chunks', async () => {
    expect(await split(['{"a": 1}\r{"b": 2}\r{"c": 3}\r'])).toEqual(['{"a": 1}', '{"b": 2}', '{"c": 3}']);
    expect(await split(['a\r', 'b\r', '\nc\n\rd'])).toEqual(['a', 'b', 'c', '', 'd']);
  });
});

describe('NDJSON', () => {
  it('ignores blank lines and gives each referral its physical line number', async () => {
    const events = await ndjson('r.ndjson', '{"id": "A"}\n\n{"id": "B"}\n   \n{"id": "C"}\n');
    expect(plain(events)).toEqual([
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 1, data: { id: 'A' } },
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 3, data: { id: 'B' } },
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 5, data: { id: 'C' } },
    ]);
  });

  it('reads NDJSON whose lines end in a CR alone as one referral a line, numbered as an editor numbers them', async () => {
    const events = await ndjson('r.ndjson', '{"id": "A"}\r{"id": "B"}\r\r{"id": "C"}\r');
    expect(plain(events)).toEqual([
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 1, data: { id: 'A' } },
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 2, data: { id: 'B' } },
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 4, data: { id: 'C' } },
    ]);
  });

  it('reads CRLF line endings', async () => {
    const events = await ndjson('r.ndjson', '{"id": "A"}\r\n\r\n{"id": "B"}\r\n');
    expect(plain(events).map((e) => [e.kind, e.line])).toEqual([
      ['referral', 1],
      ['referral', 3],
    ]);
  });

  it('turns a broken line into a failed referral with its line (quoting nothing); the following lines still load', async () => {
    const text = `{"id": "A"}\n{"id": "B", "child": {"givenName": ${MARKER}}}\n{"id": "C"}\n`;
    const events = plain(await ndjson('r.ndjson', text));
    expect(events).toEqual([
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 1, data: { id: 'A' } },
      { kind: 'failed-referral', file: 'r.ndjson', pointer: '', line: 2, reason: 'not valid JSON: an unexpected character (column 36)' },
      { kind: 'referral', file: 'r.ndjson', pointer: '', line: 3, data: { id: 'C' } },
    ]);
    expect(JSON.stringify(events)).not.toContain('Canarychild');
  });

  it.each([
    ['a list', '[{"id": "B"}]'],
    ['a number', '42'],
    ['text', '"B"'],
    ['null', 'null'],
  ])('turns a line holding %s into a failed referral', async (kind, line) => {
    const events = plain(await ndjson('r.jsonl', `{"id": "A"}\n${line}\n`));
    expect(events).toEqual([
      { kind: 'referral', file: 'r.jsonl', pointer: '', line: 1, data: { id: 'A' } },
      { kind: 'failed-referral', file: 'r.jsonl', pointer: '', line: 2, reason: `expected a referral object, found ${kind}` },
    ]);
  });

  it('fails an empty or blank-only file', async () => {
    expect(plain(await ndjson('e.ndjson', '\n  \n\n'))).toEqual([{ kind: 'failed-file', file: 'e.ndjson', reason: 'the file is empty: no referral document' }]);
    expect(plain(await ndjson('e.ndjson', ''))).toEqual([{ kind: 'failed-file', file: 'e.ndjson', reason: 'the file is empty: no referral document' }]);
  });

  it('accepts a byte order mark on the first line', async () => {
    expect(plain(await ndjson('b.ndjson', '\uFEFF{"id": "A"}\n'))).toEqual([{ kind: 'referral', file: 'b.ndjson', pointer: '', line: 1, data: { id: 'A' } }]);
  });
});

describe('locate: line and column of a pointer, worked out lazily', () => {
  const JSON_TEXT = [
    '{',
    '  "id": "REF-1",',
    '  "child": {',
    '    "givenName": "Zed",',
    '    "address": { "postcode": "NE1 1AA" }',
    '  },',
    '  "carers": [',
    '    { "name": "Sam" }',
    '  ]',
    '}',
  ].join('\n');

  it('gives the position of the key for an existing field of a JSON file', () => {
    const r = referralAt([...loadJsonText('x.json', JSON_TEXT)], '');
    expect(r.locate('/id')).toEqual({ line: 2, column: 3 });
    expect(r.locate('/child/givenName')).toEqual({ line: 4, column: 5 });
    expect(r.locate('/child/address/postcode')).toEqual({ line: 5, column: 18 });
    expect(r.locate('/carers/0/name')).toEqual({ line: 8, column: 7 });
  });

  it('gives the position of the value for an array item and of the document for ""', () => {
    const r = referralAt([...loadJsonText('x.json', JSON_TEXT)], '');
    expect(r.locate('/carers/0')).toEqual({ line: 8, column: 5 });
    expect(r.locate('')).toEqual({ line: 1, column: 1 });
  });

  it('falls back to the nearest existing ancestor for a missing field', () => {
    const r = referralAt([...loadJsonText('x.json', JSON_TEXT)], '');
    expect(r.locate('/child/familyName')).toEqual({ line: 3, column: 3 });
    expect(r.locate('/child/address/town')).toEqual({ line: 5, column: 5 });
    expect(r.locate('/carers/3/name')).toEqual({ line: 7, column: 3 });
    expect(r.locate('/consent/status')).toEqual({ line: 1, column: 1 });
  });

  it('works with file-level pointers in an envelope', () => {
    const text = '{\n  "referrals": [\n    {"id": "A"},\n    {\n      "id": "B",\n      "mode": "written"\n    }\n  ]\n}';
    const r = referralAt([...loadJsonText('env.json', text)], '/referrals/1');
    expect(r.locate('/referrals/1/mode')).toEqual({ line: 6, column: 7 });
    expect(r.locate('/referrals/1/consent')).toEqual({ line: 4, column: 5 });
  });

  it('counts columns after a byte order mark from the first character after it', () => {
    const r = referralAt([...loadJsonText('bom.json', '\uFEFF{"id": "A", "mode": "x"}')], '');
    expect(r.locate('/mode')).toEqual({ line: 1, column: 13 });
  });

  const YAML_TEXT = ['id: REF-1', 'child:', '  givenName: Zed', '  address:', '    postcode: NE1 1AA', 'carers:', '  - name: Sam', '    relationship: mother', ''].join('\n');

  it('gives the position of the key for an existing field of a YAML document', () => {
    const r = referralAt([...loadYamlText('x.yaml', YAML_TEXT)], '');
    expect(r.locate('/id')).toEqual({ line: 1, column: 1 });
    expect(r.locate('/child/givenName')).toEqual({ line: 3, column: 3 });
    expect(r.locate('/child/address/postcode')).toEqual({ line: 5, column: 5 });
    expect(r.locate('/carers/0/relationship')).toEqual({ line: 8, column: 5 });
  });

  it('falls back to the nearest existing ancestor in YAML', () => {
    const r = referralAt([...loadYamlText('x.yaml', YAML_TEXT)], '');
    expect(r.locate('/child/familyName')).toEqual({ line: 2, column: 1 });
    expect(r.locate('/child/address/town')).toEqual({ line: 4, column: 3 });
    expect(r.locate('/carers/0/phone')).toEqual({ line: 7, column: 5 });
    expect(r.locate('/consent/status')).toEqual({ line: 1, column: 1 });
  });

  it('places fields of flow mappings, list items and fields under an alias in YAML', () => {
    const text = ['id: REF-1', 'child: {givenName: Zed, address: {postcode: NE1 1AA}}', 'carers: &carers', '  - name: Sam', 'again: *carers', 'codes: [a, b, c]', ''].join('\n');
    const r = referralAt([...loadYamlText('x.yaml', text)], '');
    expect(r.locate('/child/address/postcode')).toEqual({ line: 2, column: 35 });
    expect(r.locate('/child/address/town')).toEqual({ line: 2, column: 25 });
    expect(r.locate('/codes/2')).toEqual({ line: 6, column: 15 });
    expect(r.locate('/codes/3')).toEqual({ line: 6, column: 1 });
    // An alias is not followed: a field under it is placed at the alias's key.
    expect(r.locate('/again/0/name')).toEqual({ line: 5, column: 1 });
  });

  it('gives file line numbers in a later YAML document', () => {
    const text = 'id: A\n---\nid: B\nchild:\n  givenName: Zed\n';
    const r = referralAt([...loadYamlText('m.yaml', text)], '', 2);
    expect(r.locate('/child/givenName')).toEqual({ line: 5, column: 3 });
    expect(r.locate('/child/familyName')).toEqual({ line: 4, column: 1 });
  });

  it('gives the physical line of an NDJSON referral and the column within it', async () => {
    const text = '{"id": "A"}\n\n{"id":"b","child":{"givenName":"Z"}}\n';
    const r = (await ndjson('r.ndjson', text))[1];
    if (r?.kind !== 'referral') throw new Error('expected a referral');
    expect(r.line).toBe(3);
    expect(r.locate('/child/givenName')).toEqual({ line: 3, column: 20 });
    expect(r.locate('/child/familyName')).toEqual({ line: 3, column: 11 });
    expect(r.locate('')).toEqual({ line: 3, column: 1 });
  });
});

describe('loadInputs', () => {
  it('reads files by extension, in the order given, announcing each file', async () => {
    const dir = tempDir();
    const json = write(dir, 'a.json', '[{"id": "A"}]');
    const yaml = write(dir, 'b.yml', 'id: B\n');
    const nd = write(dir, 'c.jsonl', '{"id": "C"}\n{"id": "D"}\n');
    const inputs: Input[] = [
      { display: 'c.jsonl', absolute: nd },
      { display: 'a.json', absolute: json },
      { display: 'b.yml', absolute: yaml },
    ];
    const events = plain(await collect(loadInputs(inputs)));
    expect(events).toEqual([
      { kind: 'file', file: 'c.jsonl' },
      { kind: 'referral', file: 'c.jsonl', pointer: '', line: 1, data: { id: 'C' } },
      { kind: 'referral', file: 'c.jsonl', pointer: '', line: 2, data: { id: 'D' } },
      { kind: 'file', file: 'a.json' },
      { kind: 'referral', file: 'a.json', pointer: '/0', line: 1, data: { id: 'A' } },
      { kind: 'file', file: 'b.yml' },
      { kind: 'referral', file: 'b.yml', pointer: '', data: { id: 'B' } },
    ]);
  });

  it('accepts a BOM written as bytes at the start of a JSON file', async () => {
    const dir = tempDir();
    const file = write(dir, 'bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id": "A"}')]));
    expect(plain(await collect(loadInputs([{ display: 'bom.json', absolute: file }])))).toEqual([
      { kind: 'file', file: 'bom.json' },
      { kind: 'referral', file: 'bom.json', pointer: '', data: { id: 'A' } },
    ]);
  });

  it('fails a file named explicitly whose extension is not a referral format', async () => {
    const dir = tempDir();
    const file = write(dir, 'notes.txt', '{"id": "A"}');
    expect(plain(await collect(loadInputs([{ display: 'notes.txt', absolute: file }])))).toEqual([
      { kind: 'file', file: 'notes.txt' },
      { kind: 'failed-file', file: 'notes.txt', reason: 'not a referral file: expected one of .json .yaml .yml .ndjson .jsonl .csv .tsv .xlsx' },
    ]);
  });

  it('fails a file that has disappeared, and goes on to the next', async () => {
    const dir = tempDir();
    const ok = write(dir, 'ok.json', '{"id": "A"}');
    const events = plain(
      await collect(
        loadInputs([
          { display: 'gone.json', absolute: path.join(dir, 'gone.json') },
          { display: 'gone.ndjson', absolute: path.join(dir, 'gone.ndjson') },
          { display: 'ok.json', absolute: ok },
        ]),
      ),
    );
    const reason = 'cannot read the file: it does not exist (it may have been moved or deleted during the run)';
    expect(events).toEqual([
      { kind: 'file', file: 'gone.json' },
      { kind: 'failed-file', file: 'gone.json', reason },
      { kind: 'file', file: 'gone.ndjson' },
      { kind: 'failed-file', file: 'gone.ndjson', reason },
      { kind: 'file', file: 'ok.json' },
      { kind: 'referral', file: 'ok.json', pointer: '', data: { id: 'A' } },
    ]);
  });

  it.each([
    ['JSON', '[{"id": "A"}, {"id": "B"}]', [['/0', 1], ['/1', 1]]],
    ['NDJSON', '{"id": "A"}\n\n{"id": "B"}\n', [['', 1], ['', 3]]],
    ['YAML', '- id: A\n- id: B\n', [['/0', undefined], ['/1', undefined]]],
  ])('reads stdin "-" holding %s', async (_name, text, expected) => {
    const events = plain(await collect(loadInputs([{ display: '-' }], { stdin: Readable.from([Buffer.from(text)]) })));
    expect(events[0]).toEqual({ kind: 'file', file: '-' });
    expect(events.slice(1).map((e) => [e.kind, e.pointer, e.line])).toEqual(expected.map(([p, l]) => ['referral', p, l]));
    expect(events.slice(1).map((e) => (e.data as { id: string }).id)).toEqual(['A', 'B']);
  });
});

describe('expandInputs', () => {
  it('walks a directory in sorted path order, skipping hidden files, node_modules and configuration files', async () => {
    const dir = tempDir();
    for (const rel of [
      'b.json',
      'a.yaml',
      'sub/z.ndjson',
      'sub/a.jsonl',
      'a.yml',
      'c.txt',
      '.hidden.json',
      '.hiddendir/x.json',
      'node_modules/pkg/x.json',
      'referral-lint.config.yaml',
      'team.config.json',
      'other.config.yml',
      'package.json',
    ]) {
      write(dir, rel, '{}');
    }
    const inputs = await expandInputs(['.'], dir);
    expect(inputs.map((i) => i.display)).toEqual(['a.yaml', 'a.yml', 'b.json', 'sub/a.jsonl', 'sub/z.ndjson']);
    expect(inputs.map((i) => i.absolute)).toEqual(['a.yaml', 'a.yml', 'b.json', 'sub/a.jsonl', 'sub/z.ndjson'].map((r) => path.join(dir, r)));
  });

  it('sorts by the whole path, not directory by directory', async () => {
    const dir = tempDir();
    for (const rel of ['b/1.json', 'a.json', 'a/2.json', 'c.json']) write(dir, rel, '{}');
    const inputs = await expandInputs([dir], dir);
    expect(inputs.map((i) => i.display)).toEqual(['a.json', 'a/2.json', 'b/1.json', 'c.json']);
  });

  it('matches a glob, leaving configuration files out', async () => {
    const dir = tempDir();
    for (const rel of ['in/b.json', 'in/a.json', 'in/x.config.json', 'in/c.yaml', 'in/deep/d.json']) write(dir, rel, '{}');
    expect((await expandInputs(['in/*.json'], dir)).map((i) => i.display)).toEqual(['in/a.json', 'in/b.json']);
    expect((await expandInputs(['in/**/*.json'], dir)).map((i) => i.display)).toEqual(['in/a.json', 'in/b.json', 'in/deep/d.json']);
  });

  it('keeps the order of the arguments and lists a file given twice once', async () => {
    const dir = tempDir();
    for (const rel of ['a.json', 'b.json', 'd/c.json']) write(dir, rel, '{}');
    const inputs = await expandInputs(['b.json', 'a.json', './b.json', 'd', path.join(dir, 'd', 'c.json'), '*.json'], dir);
    expect(inputs.map((i) => i.display)).toEqual(['b.json', 'a.json', 'd/c.json']);
  });

  it('lists stdin "-" once, displayed as "-"', async () => {
    const dir = tempDir();
    expect(await expandInputs(['-', '-'], dir)).toEqual([{ display: '-' }]);
  });

  it('reads a file named explicitly whatever its name', async () => {
    const dir = tempDir();
    write(dir, 'x.config.json', '{}');
    write(dir, '.hidden.json', '{}');
    expect((await expandInputs(['x.config.json', '.hidden.json'], dir)).map((i) => i.display)).toEqual(['x.config.json', '.hidden.json']);
  });

  it.each([
    ['a missing file', 'nothing.json'],
    ['a glob matching nothing', 'nowhere/*.json'],
    ['a directory with no referral files', 'emptydir'],
  ])('throws a UsageError for %s', async (_name, arg) => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'emptydir'));
    write(dir, 'emptydir/readme.txt', 'x');
    const attempt = expandInputs([arg], dir);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(expandInputs([arg], dir)).rejects.toThrow(`No referral files match '${arg}' (looked for .json .yaml .yml .ndjson .jsonl .csv .tsv .xlsx)`);
  });

  it('names every argument that matched nothing', async () => {
    const dir = tempDir();
    write(dir, 'a.json', '{}');
    await expect(expandInputs(['x.json', 'a.json', 'y/*.yaml'], dir)).rejects.toThrow("No referral files match 'x.json', 'y/*.yaml'");
  });

  it('displays paths relative to cwd with forward slashes, with ../ for files outside it', async () => {
    const dir = tempDir();
    const file = write(dir, 'outside/deep/r.json', '{}');
    mkdirSync(path.join(dir, 'work'));
    const inputs = await expandInputs([file, '../outside'], path.join(dir, 'work'));
    expect(inputs).toEqual([{ display: '../outside/deep/r.json', absolute: file }]);
  });

  /**
   * exports/2026-10 holds two referral files; `latest` and `current` are symbolic links to
   * it, `2026-10/again` one back to exports (a loop), `2026-10/a-link.json` one to a file
   * there. Beside them, what a walk passes over: a named pipe, a link to it, and a link to a
   * device (/dev/null).
   */
  function linkedTree(): string {
    const dir = tempDir();
    write(dir, 'exports/2026-10/a.json', '{}');
    write(dir, 'exports/2026-10/sub/b.ndjson', '{}\n');
    symlinkSync(path.join(dir, 'exports', '2026-10'), path.join(dir, 'exports', 'latest'), 'dir');
    symlinkSync(path.join(dir, 'exports', '2026-10'), path.join(dir, 'exports', 'current'), 'dir');
    symlinkSync(path.join(dir, 'exports'), path.join(dir, 'exports', '2026-10', 'again'), 'dir');
    symlinkSync(path.join(dir, 'exports', '2026-10', 'a.json'), path.join(dir, 'exports', '2026-10', 'sub', 'a-link.json'));
    execFileSync('mkfifo', [path.join(dir, 'exports', '2026-10', 'pipe.json')]);
    symlinkSync(path.join(dir, 'exports', '2026-10', 'pipe.json'), path.join(dir, 'exports', '2026-10', 'pipe-link.ndjson'));
    symlinkSync('/dev/null', path.join(dir, 'exports', '2026-10', 'null.json'));
    return dir;
  }

  it('lists each real file once through a glob over symbolically linked folders, and passes over what a walk passes over', async () => {
    const dir = linkedTree();
    const walked = await expandInputs(['exports'], dir);
    expect(walked.map((i) => i.display)).toEqual(['exports/2026-10/a.json', 'exports/2026-10/sub/b.ndjson']);
    for (const pattern of ['exports/**/*.json', 'exports/**/*.{json,ndjson}', 'exports/*/*.json', '**/a*.json']) {
      const globbed = await expandInputs([pattern], dir);
      const expected = walked.filter((i) => path.matchesGlob(i.display, pattern));
      expect(globbed, pattern).toEqual(expected);
    }
  });

  it('lists a file reached again through a symbolic link, in a later argument, not again', async () => {
    const dir = linkedTree();
    const inputs = await expandInputs(['exports/latest/a.json', 'exports', 'exports/current/sub/b.ndjson', 'exports/2026-10/sub/a-link.json'], dir);
    expect(inputs.map((i) => i.display)).toEqual(['exports/latest/a.json', 'exports/2026-10/sub/b.ndjson']);
  });

  it('does not loop on a symbolic link to a parent directory', async () => {
    const dir = tempDir();
    write(dir, 'top/r.json', '{}');
    symlinkSync(path.join(dir, 'top'), path.join(dir, 'top', 'loop'), 'dir');
    expect((await expandInputs(['top'], dir)).map((i) => i.display)).toEqual(['top/r.json']);
  });
});

describe('sniffFormat (stdin)', () => {
  it.each([
    ['a JSON object', '{"id": "A"}', 'json'],
    ['a pretty-printed JSON array', '[\n  {"id": "A"},\n  {"id": "B"}\n]\n', 'json'],
    ['JSON after a BOM and blank lines', '\uFEFF\n\n  {"id": "A"}', 'json'],
    ['broken JSON spread over lines', '{\n  "id": "A",\n  "mode": \n}', 'json'],
    ['NDJSON', '{"id": "A"}\n{"id": "B"}\n', 'ndjson'],
    ['NDJSON with a blank line', '{"id": "A"}\n\n{"id": "B"}\n', 'ndjson'],
    ['YAML mapping', 'id: A\nmode: written\n', 'yaml'],
    ['YAML list', '- id: A\n- id: B\n', 'yaml'],
    ['multi-document YAML', '---\nid: A\n---\nid: B\n', 'yaml'],
  ])('detects %s', (_name, text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });
});
