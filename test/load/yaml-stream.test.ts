// Multi-document YAML files are read as a stream, a document at a time. They must load
// exactly as the whole text parsed at once does (the same referrals, document numbers,
// failures and file-absolute positions), however the text is cut into chunks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/load/index.js';
import { DEFAULT_LIMITS } from '../../src/parse/limits.js';
import type { LoadEvent } from '../../src/parse/types.js';
import { DocumentSource, readsDocumentsTwoAtATime } from './document-source.js';
import { comparableEvents } from './events.js';
import { loadYamlStream, loadYamlText } from '../../src/parse/yaml.js';
import { ROOT, useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('yaml-stream');

const events = (source: Iterable<LoadEvent> | AsyncIterable<LoadEvent>, probes: string[] = []): Promise<unknown[]> => comparableEvents(source, probes);

async function collect(source: AsyncIterable<LoadEvent>): Promise<LoadEvent[]> {
  const out: LoadEvent[] = [];
  for await (const e of source) out.push(e);
  return out;
}

/** The text in pieces of `size` characters: boundaries fall mid-line, mid-marker and between \r and \n. */
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const PROBES = ['/child', '/child/givenName', '/no/such/field'];
const streamed = (text: string, size: number, probes = PROBES) => events(loadYamlStream('f.yaml', chunked(text, size)), probes);
const whole = (text: string, probes = PROBES) => events(loadYamlText('f.yaml', text), probes);

function referral(list: readonly LoadEvent[], index: number): Extract<LoadEvent, { kind: 'referral' }> {
  const found = list.filter((e) => e.kind === 'referral')[index];
  if (found?.kind !== 'referral') throw new Error(`no referral number ${index}`);
  return found;
}

const HEALTH = readFileSync(path.join(ROOT, 'fixtures/2026-10-health.yaml'), 'utf8');
const MALFORMED = readFileSync(path.join(ROOT, 'test/fixtures-io/malformed-personal.yaml'), 'utf8');

const TEXTS: [string, string][] = [
  ['one referral, no marker', 'id: A\nchild:\n  givenName: Zed\n'],
  ['one referral after a comment and a marker', '# export\n---\nid: A\nchild:\n  givenName: Zed\n'],
  ['the three container shapes', 'id: A\n---\n- id: B\n- 7\n---\nreferrals:\n  - id: D\n    child:\n      givenName: Zed\n'],
  ['documents ended with ...', '---\nid: A\n...\n---\nid: B\n...\n'],
  ['a bare document after ...', 'id: A\n...\nid: B\nchild:\n  givenName: Zed\n'],
  ['empty documents between others', 'id: A\n---\n---\n# nothing here\n---\nid: B\n'],
  ['a %YAML directive before each document', '%YAML 1.1\n---\nid: A\nchild:\n  dateOfBirth: 2013-07-19\n...\n%YAML 1.2\n---\nid: B\n'],
  ['a %YAML 1.1 directive, kept for later documents as when parsed whole', '%YAML 1.1\n---\nid: A\n---\nid: B\nphoto: !!binary aGVsbG8=\n'],
  ['a %TAG directive', '%TAG !e! tag:example.com,2026:\n--- !e!referral\nid: A\n---\nid: B\n'],
  ['markers followed by comments and tabs', '--- # first\nid: A\n---\t\nid: B\n... # done\n'],
  ['--- inside an indented block scalar', 'id: A\nsummary: |\n  first\n  ---\n  last\n---\nid: B\n'],
  ['--- inside a quoted scalar', 'id: A\nsummary: "one\n  --- two"\n---\nid: B\n'],
  ['a top-level block scalar holding a % line', '--- |\n%not a directive\n---\nid: A\n'],
  ['text that only looks like markers', 'id: A\nnote: ---x\n---x: 1\n...y: 2\n---\nid: B\n'],
  ['anchors and aliases within a document', 'base: &b\n  town: Exampleton\nid: A\naddress: *b\n---\nid: B\naddress:\n  town: Otherton\n'],
  ['no line break at the end', 'id: A\n---\nid: B\nchild:\n  givenName: Zed'],
  ['CRLF line endings', 'id: A\r\nchild:\r\n  givenName: Zed\r\n---\r\nid: B\r\n---\r\n- id: C\r\n- 7\r\n'],
  ['a byte order mark', '\uFEFF---\nid: A\n---\nid: B\n'],
  ['a document that is no container', 'id: A\n---\n42\n'],
  ['a syntax error in a later document', 'id: A\n---\nid: B\n---\nid: C\nid: C\n'],
  ['an empty file', ''],
  ['only comments', '# nothing\n# at all\n'],
];

describe('loadYamlStream reads as loadYamlText does', () => {
  it.each(TEXTS)('%s, in chunks of 1, 7 and 4096 characters', async (_name, text) => {
    const expected = await whole(text);
    for (const size of [1, 7, 4096]) expect(await streamed(text, size)).toEqual(expected);
  });

  it('reads the health fixture the same, numbering its 14 documents, with file line numbers', async () => {
    const probes = ['/referrer/agency', '/consent/status', '/concerns/categories/0', '/no/such/field'];
    const expected = await whole(HEALTH, probes);
    expect(await streamed(HEALTH, 7, probes)).toEqual(expected);
    expect(expected.map((e) => (e as LoadEvent).kind)).toEqual(Array(14).fill('referral'));
    expect(expected.map((e) => (e as { document?: number }).document)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const list = await collect(loadYamlStream('health.yaml', chunked(HEALTH, 7)));
    expect(referral(list, 0).locate('/id')).toEqual({ line: 3, column: 1 });
    expect(referral(list, 1).locate('/id')).toEqual({ line: 38, column: 1 });
    expect(referral(list, 13).locate('')).toEqual({ line: 720, column: 1 });
  });

  it('fails the malformed fixture the same', async () => {
    const expected = await whole(MALFORMED);
    expect(await streamed(MALFORMED, 7)).toEqual(expected);
    expect(expected).toEqual([{ kind: 'failed-file', file: 'f.yaml', reason: 'not valid YAML: a closing quote or bracket is missing', line: 4, column: 1 }]);
  });

  it('keeps --- inside scalars that are not at column 0 as text', async () => {
    const [quoted] = await collect(loadYamlStream('q.yaml', chunked('id: A\nsummary: "one\n  --- two"\nnote: |\n  ---\n  three\n', 7)));
    if (quoted?.kind !== 'referral') throw new Error('expected a referral');
    expect(quoted.data).toEqual({ id: 'A', summary: 'one --- two', note: '---\nthree\n' });
    expect(quoted.document).toBeUndefined();
  });
});

describe('positions in a streamed file', () => {
  const THREE = ['id: A', '---', 'id: B', 'child:', '  givenName: Kit', '---', '# the third', 'id: C', 'child:', '  address:', '    town: Exampleton', ''].join('\n');

  it('gives file line numbers for a finding in document 3', async () => {
    const list = await collect(loadYamlStream('three.yaml', chunked(THREE, 7)));
    const third = referral(list, 2);
    expect(third.document).toBe(3);
    expect(third.locate('/id')).toEqual({ line: 8, column: 1 });
    expect(third.locate('/child/address/town')).toEqual({ line: 11, column: 5 });
    expect(third.locate('/child/givenName')).toEqual({ line: 9, column: 1 });
    expect(referral(list, 1).locate('/child/givenName')).toEqual({ line: 5, column: 3 });
  });

  it('gives the file line of a failed referral in a later document', async () => {
    const text = 'id: A\n---\n# list\n- id: B\n-\n  - 7\n';
    expect(await events(loadYamlStream('items.yaml', chunked(text, 7)))).toEqual([
      { kind: 'referral', file: 'items.yaml', pointer: '', document: 1, data: { id: 'A' }, at: [{ line: 1, column: 1 }] },
      { kind: 'referral', file: 'items.yaml', pointer: '/0', document: 2, data: { id: 'B' }, at: [{ line: 4, column: 3 }] },
      { kind: 'failed-referral', file: 'items.yaml', pointer: '/1', document: 2, line: 6, reason: 'expected a referral object, found a list' },
    ]);
  });

  it('fails a syntax error in document 4, after three good ones, at its file line and column', async () => {
    const text = 'id: A\n---\nid: B\n---\nid: C\n---\nid: D\nchild:\n  givenName: Kit\n  givenName: Kat\n---\nid: E\n';
    const list = await events(loadYamlStream('bad.yaml', chunked(text, 7)));
    // Referrals before the failure may come first: the runner drops them with the failed file.
    expect(list.map((e) => (e as LoadEvent).kind)).toEqual(['referral', 'referral', 'referral', 'failed-file']);
    expect(list.at(-1)).toEqual({ kind: 'failed-file', file: 'bad.yaml', reason: 'not valid YAML: a key is repeated in the same mapping', line: 10, column: 3 });
  });

  it('fails a document that is no container at its file line, naming the document', async () => {
    const list = await events(loadYamlStream('top.yaml', chunked('id: A\n---\nid: B\n---\n\n  just words\n', 7)));
    expect(list.at(-1)).toEqual({
      kind: 'failed-file',
      file: 'top.yaml',
      reason: 'document 3: expected a referral object, a list of referrals or an export envelope at the top level, found text',
      line: 6,
      column: 3,
    });
  });

  it('reads CRLF line endings and a byte order mark, with columns after the mark', async () => {
    const text = '\uFEFFid: A\r\nchild:\r\n  givenName: Zed\r\n---\r\nid: B\r\nchild:\r\n  givenName: Kit\r\n';
    for (const size of [1, 2, 7]) {
      const list = await collect(loadYamlStream('crlf.yaml', chunked(text, size)));
      expect(list.map((e) => (e.kind === 'referral' ? [e.document, e.data.id] : e.kind))).toEqual([
        [1, 'A'],
        [2, 'B'],
      ]);
      expect(referral(list, 0).locate('/id')).toEqual({ line: 1, column: 1 });
      expect(referral(list, 0).locate('/child/givenName')).toEqual({ line: 3, column: 3 });
      expect(referral(list, 1).locate('/child/givenName')).toEqual({ line: 7, column: 3 });
      expect(referral(list, 1).data).toEqual({ id: 'B', child: { givenName: 'Kit' } });
    }
  });

  it.each([
    ['--- and LF', (i: number) => `---\nid: REF-${i}\n`],
    ['--- and CRLF', (i: number) => `---\r\nid: REF-${i}\r\n`],
    ['--- with a comment', (i: number) => `--- # referral ${i}\nid: REF-${i}\n`],
    ['... after each document', (i: number) => `id: REF-${i}\n...\n`],
    ['... and CRLF', (i: number) => `id: REF-${i}\r\n...\r\n`],
  ])('cuts the stream at each document marker (%s), reading at most two documents ahead', async (_name, document) => {
    const source = new DocumentSource(50, document);
    const numbers: (number | undefined)[] = [];
    for await (const e of loadYamlStream('cut.yaml', source.chunks())) {
      if (e.kind !== 'referral') throw new Error(`unexpected ${e.kind}`);
      numbers.push(e.document);
      source.yielded(numbers.length);
    }
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Read whole, the reader would be 49 documents ahead at the first referral.
    expect(source.mostAhead).toBeLessThanOrEqual(2);
  });

  it('reads a .yaml file from disk as a stream through loadInputs', async () => {
    const dir = tempDir();
    write(dir, 'three.yaml', THREE);
    const list = await events(loadInputs([{ display: 'three.yaml', absolute: path.join(dir, 'three.yaml') }]), ['/child/givenName']);
    expect(list).toEqual([
      { kind: 'file', file: 'three.yaml' },
      { kind: 'referral', file: 'three.yaml', pointer: '', document: 1, data: { id: 'A' }, at: [{ line: 1, column: 1 }, { line: 1, column: 1 }] },
      { kind: 'referral', file: 'three.yaml', pointer: '', document: 2, data: { id: 'B', child: { givenName: 'Kit' } }, at: [{ line: 3, column: 1 }, { line: 5, column: 3 }] },
      {
        kind: 'referral',
        file: 'three.yaml',
        pointer: '',
        document: 3,
        data: { id: 'C', child: { address: { town: 'Exampleton' } } },
        at: [{ line: 8, column: 1 }, { line: 9, column: 1 }],
      },
    ]);
  });
});

describe('aliases', () => {
  /** Each level refers to the one before nine times: 9^depth strings once expanded. */
  function billionLaughs(depth: number): string {
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= depth; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    return lines.join('\n') + '\n';
  }

  it('fails an alias bomb in document 2 at its file line, without expanding it', async () => {
    const text = `id: A\n---\n# a bomb\n${billionLaughs(9)}---\nid: C\n`;
    expect(await events(loadYamlStream('bomb.yaml', chunked(text, 7)))).toEqual([
      { kind: 'referral', file: 'bomb.yaml', pointer: '', document: 1, data: { id: 'A' }, at: [{ line: 1, column: 1 }] },
      { kind: 'failed-file', file: 'bomb.yaml', reason: 'YAML aliases expand too far (more than 100 alias uses)', line: 4, column: 1 },
    ]);
  });

  it('counts alias uses per document, not per file', async () => {
    const doc = 'id: A\ntown: &t Exampleton\nhome: *t\nschool: *t\n';
    const two = await collect(loadYamlStream('two.yaml', chunked(`${doc}---\n${doc}`, 7), { ...DEFAULT_LIMITS, maxAliasCount: 3 }));
    expect(two.map((e) => e.kind)).toEqual(['referral', 'referral']);
    const three = await collect(loadYamlStream('three.yaml', chunked(`${doc}---\n${doc}office: *t\n`, 7), { ...DEFAULT_LIMITS, maxAliasCount: 3 }));
    expect(three.at(-1)).toEqual({ kind: 'failed-file', file: 'three.yaml', reason: 'YAML aliases expand too far (more than 3 alias uses)', line: 6, column: 1 });
  });
});

describe('empty files', () => {
  const EMPTY = { kind: 'failed-file', file: 'e.yaml', reason: 'the file is empty: no referral document' };

  it.each([
    ['no text at all', ''],
    ['a byte order mark only', '\uFEFF'],
    ['blank lines and comments', '\n  \n# nothing\r\n'],
    ['only empty documents', '---\n---\n# still nothing\n---\n...\n'],
    ['a directive and an empty document', '%YAML 1.2\n---\n'],
  ])('fails %s as empty', async (_name, text) => {
    for (const size of [1, 7]) expect(await collect(loadYamlStream('e.yaml', chunked(text, size)))).toEqual([EMPTY]);
    expect([...loadYamlText('e.yaml', text)]).toEqual([EMPTY]);
  });

  it('numbers documents counting the empty ones it skips', async () => {
    const text = '---\n---\nid: A\n---\n---\nid: B\n';
    const list = await collect(loadYamlStream('gaps.yaml', chunked(text, 7)));
    expect(list.map((e) => (e.kind === 'referral' ? e.document : e.kind))).toEqual([2, 4]);
    expect([...loadYamlText('gaps.yaml', text)].map((e) => (e.kind === 'referral' ? e.document : e.kind))).toEqual([2, 4]);
  });
});

describe('memory', () => {
  // 20,000 documents: test/slow/yaml-stream-scale.test.ts.
  it('reads 2,000 documents from a stream holding no more than two of them at a time', async () => {
    await readsDocumentsTwoAtATime(2_000);
  });
});
