// Standard input ("-"): read as a stream by the loaders files use, its format told from its
// first lines as a person would tell it, its encoding from its first bytes as a file's is,
// the limits applied as to a file. So the same text gives the same referrals, failed
// referrals and failures from a pipe as from a file of its format.
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadInputs, sniffFormat, type LoadEvent } from '../../src/load/index.js';
import type { Limits } from '../../src/parse/limits.js';
import { useTempDirs, write } from '../temp-files.js';

const tempDir = useTempDirs('stdin');

type Format = 'json' | 'ndjson' | 'yaml';

/** Events as plain data, their file named "-" whatever it was, their locators dropped. */
async function plain(events: AsyncIterable<LoadEvent>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const e of events) {
    const { locate: _locate, ...rest } = e as LoadEvent & { locate?: unknown };
    out.push({ ...rest, file: '-' });
  }
  return out;
}

/** The events of a text given on stdin, in chunks of `size` bytes. */
function fromStdin(bytes: Buffer, size = 4096, limits?: Partial<Limits>): Promise<Record<string, unknown>[]> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return plain(loadInputs([{ display: '-' }], { stdin: Readable.from(chunks), ...(limits ? { limits } : {}) }));
}

/** The events of the same text in a file of the format's extension. */
function fromFile(bytes: Buffer, format: Format, limits?: Partial<Limits>): Promise<Record<string, unknown>[]> {
  const dir = tempDir();
  write(dir, `in.${format}`, bytes as unknown as string);
  return plain(loadInputs([{ display: `in.${format}`, absolute: path.join(dir, `in.${format}`) }], limits ? { limits } : {}));
}

const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

/** NDJSON whose first line is cut short: five referrals, then the broken one first. */
const BROKEN_FIRST_LINE = '{"id": "A"\n{"id": "B"}\n{"id": "C"}\n{"id": "D"}\n{"id": "E"}\n{"id": "F"}\n';

describe('sniffFormat: the format of standard input, from its first lines', () => {
  it.each([
    ['NDJSON whose first line is broken', BROKEN_FIRST_LINE, 'ndjson'],
    ['NDJSON whose second line is broken', '{"id": "A"}\n{"id": \n{"id": "C"}\n', 'ndjson'],
    ['NDJSON of two lines, the second broken', '{"id": "A"}\n{"id": \n', 'ndjson'],
    ['NDJSON with CRLF line breaks', '{"id": "A"}\r\n{"id": "B"}\r\n', 'ndjson'],
    ['NDJSON whose lines end in a CR alone', '{"id": "A"}\r{"id": "B"}\r{"id": "C"}\r', 'ndjson'],
    ['two lines, the first broken: no majority of complete values', '{"id": "A"\n{"id": "B"}\n', 'json'],
    ['a list with one compact element per line', '[\n{"id": "A"},\n{"id": "B"}\n]\n', 'json'],
    ['a list of lists, one per line', '[\n[\n1\n],\n[\n2\n]\n]\n', 'json'],
    ['JSON on one line', '[{"id": "A"}, {"id": "B"}]', 'json'],
  ])('reads %s as %s', (_name, text, format) => {
    expect(sniffFormat(text)).toBe(format);
  });

  it('reads NDJSON whose lines end in a CR alone as the same file is read: one referral a line', async () => {
    const bytes = Buffer.from('{"id": "A"}\r{"id": "B"}\r{"id": "C"}\r');
    const events = await fromStdin(bytes, 5);
    expect(events.filter((e) => e.kind === 'referral').map((e) => e.line)).toEqual([1, 2, 3]);
    expect(events).toEqual(await fromFile(bytes, 'ndjson'));
  });

  it('judges whole lines only when the text is cut where reading stopped', () => {
    // Read whole, the second line would be a complete value; cut short, it is not yet a line.
    expect(sniffFormat('{"id": "A"\n{"id": "B"}', true)).toBe('json');
    expect(sniffFormat('{"id": "A"}\n{"id": "B"}\n{"id": "C', false)).toBe('ndjson');
    expect(sniffFormat('{"id": "A"}\n{"id": "B', false)).toBe('json');
  });

  it('never reads a valid JSON export, pretty-printed in any of the usual ways, as NDJSON', () => {
    const referrals = Array.from({ length: 40 }, (_, i) => ({ id: `REF-${i}`, tags: [`t${i}`], child: { givenName: 'Ann' } }));
    for (const value of [referrals, { export: { schemaVersion: 1 }, referrals }, referrals[0]!]) {
      for (const indent of [0, 1, 2, 4, '\t'] as const) {
        const text = JSON.stringify(value, null, indent);
        expect(sniffFormat(text), `indent ${JSON.stringify(indent)}`).toBe('json');
        // As a person would write it: one compact element per line.
        if (Array.isArray(value)) expect(sniffFormat(`[\n${value.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`)).toBe('json');
      }
    }
  });
});

describe('standard input, read as files are', () => {
  it('gives NDJSON whose first line is broken the referrals and the failed referral a .ndjson file gets', async () => {
    const bytes = Buffer.from(BROKEN_FIRST_LINE);
    const events = await fromStdin(bytes);
    expect(events).toEqual(await fromFile(bytes, 'ndjson'));
    expect(events[1]).toEqual({ kind: 'failed-referral', file: '-', pointer: '', line: 1, reason: 'not valid JSON: expected a closing brace (column 11)' });
    expect(events.filter((e) => e.kind === 'referral').map((e) => [(e.data as { id: string }).id, e.line])).toEqual([
      ['B', 2],
      ['C', 3],
      ['D', 4],
      ['E', 5],
      ['F', 6],
    ]);
  });

  it('tells the format from the first lines with text in them, after any number of blank ones', async () => {
    for (const [format, text] of [
      ['ndjson', `${'\n'.repeat(100_000)}{"id": "A"}\n{"id": "B"}\n`],
      ['ndjson', `${' \r\n'.repeat(50_000)}{"id": "A"}\r\n{"id": "B"}\r\n`],
      ['json', `${' '.repeat(100_000)}\n[\n{"id": "A"},\n{"id": "B"}\n]\n`],
    ] as const) {
      const events = await fromStdin(Buffer.from(text));
      expect(events).toEqual(await fromFile(Buffer.from(text), format));
      expect(events.filter((e) => e.kind === 'referral')).toHaveLength(2);
    }
  });

  const TEXTS: [string, Format, string][] = [
    ['a JSON list', 'json', '[\n  {"id": "A"},\n  {"id": "B", "child": {"givenName": "Zoë"}}\n]\n'],
    ['a JSON envelope', 'json', '{"export": {"schemaVersion": 1}, "referrals": [{"id": "A"}, 42, {"id": "C"}]}'],
    ['a JSON list with an element that is not valid JSON', 'json', '[\n  {"id": "A"},\n  {"id": tru},\n  {"id": "C"}\n]\n'],
    ['JSON with two elements and no comma between them', 'json', '[\n  {"id": "A"} {"id": "B"}\n]\n'],
    ['NDJSON', 'ndjson', '{"id": "A"}\n\n[1]\n{"id": "B", "child": {"givenName": "Zoë"}}\n'],
    ['YAML documents', 'yaml', 'id: A\n---\nid: B\nchild:\n  givenName: Zoë\n'],
    ['YAML that fails in its second document', 'yaml', 'id: A\n---\nid: B\n  bad: indent\n'],
  ];

  it.each(TEXTS)('gives %s the events a file of its format gets, in chunks of any size, in UTF-8 and UTF-16', async (_name, format, text) => {
    const expected = await fromFile(Buffer.from(text), format);
    for (const size of [1, 3, 4096]) expect(await fromStdin(Buffer.from(text), size), `UTF-8 in chunks of ${size}`).toEqual(expected);
    for (const size of [1, 3, 4096]) expect(await fromStdin(utf16le(text), size), `UTF-16 in chunks of ${size}`).toEqual(await fromFile(utf16le(text), format));
    expect(await fromFile(utf16le(text), format)).toEqual(expected);
  });

  it('applies maxReferralLength to JSON and maxDocumentLength to YAML, as to files', async () => {
    const json = Buffer.from(`[{"id": "A"}, {"id": "B", "note": "${'x'.repeat(100)}"}, {"id": "C"}]`);
    const tooLong = { kind: 'failed-referral', file: '-', pointer: '/1', line: 1, reason: 'the referral is longer than 64 bytes (the limit is maxReferralLength)' };
    expect((await fromStdin(json, 16, { maxReferralLength: 64 }))[2]).toEqual(tooLong);
    expect(await fromStdin(json, 16, { maxReferralLength: 64 })).toEqual(await fromFile(json, 'json', { maxReferralLength: 64 }));
    const yaml = Buffer.from(`id: A\n---\nid: B\nnote: ${'x'.repeat(100)}\n`);
    const documentTooLong = { kind: 'failed-file', file: '-', reason: 'a document is longer than 64 bytes (the limit is maxDocumentLength)', line: 4 };
    expect(await fromStdin(yaml, 16, { maxDocumentLength: 64 })).toEqual([{ kind: 'file', file: '-' }, documentTooLong]);
    expect(await fromFile(yaml, 'yaml', { maxDocumentLength: 64 })).toEqual([{ kind: 'file', file: '-' }, documentTooLong]);
  });

  describe('a JSON syntax error in input longer than maxReferralLength, which is not kept to be read again', () => {
    const limits = { maxReferralLength: 64 };
    const list = (broken: string) => Buffer.from(`[\n${Array.from({ length: 20 }, (_, i) => `  {"id": "R-${i}"},\n`).join('')}${broken}\n]\n`);

    it.each([
      ['an element that is not valid JSON', '  {"id": "X", "ok": tru}', { reason: 'not valid JSON: an unexpected character', line: 22, column: 21 }],
      ['two elements with no comma between them', '  {"id": "X"}  {"id": "Y"}', { reason: 'not valid JSON: expected a comma', line: 22, column: 16 }],
      ['an element whose second line is broken', '  {"id": "X",\n   "ok": tru}', { reason: 'not valid JSON: an unexpected character', line: 23, column: 10 }],
    ])('places %s as a file does, from the element', async (_name, broken, failure) => {
      const bytes = list(broken);
      const events = await fromStdin(bytes, 16, limits);
      // The referrals read before it are events too; the run counts none of a failed file.
      expect(events.at(-1)).toEqual({ kind: 'failed-file', file: '-', ...failure });
      expect(events).toEqual(await fromFile(bytes, 'json', limits));
    });

    it('places an error between the values where the reader met it, as a file does', async () => {
      const bytes = Buffer.from(`${list('  {"id": "X"}').toString().trimEnd()} x\n`);
      const events = await fromStdin(bytes, 16, limits);
      expect(events.at(-1)).toEqual({ kind: 'failed-file', file: '-', reason: 'not valid JSON: an unexpected character', line: 23, column: 3 });
      expect(events).toEqual(await fromFile(bytes, 'json', limits));
    });
  });

  /** A stream of `count` NDJSON, JSON-list or YAML pieces of about 1 KB, counting how many have been read. */
  function counted(format: Format, count: number): { stream: Readable; read: () => number } {
    let read = 0;
    const note = 'x'.repeat(1000);
    function* pieces(): Generator<Buffer> {
      for (let i = 0; i < count; i += 1) {
        read += 1;
        const referral = { id: `REF-${i}`, note };
        if (format === 'ndjson') yield Buffer.from(`${JSON.stringify(referral)}\n`);
        else if (format === 'yaml') yield Buffer.from(`${i > 0 ? '---\n' : ''}id: REF-${i}\nnote: ${note}\n`);
        else yield Buffer.from(`${i === 0 ? '[\n' : ',\n'}${JSON.stringify(referral)}${i === count - 1 ? '\n]\n' : ''}`);
      }
    }
    return { stream: Readable.from(pieces(), { objectMode: false, highWaterMark: 1024 }), read: () => read };
  }

  it.each(['ndjson', 'json', 'yaml'] as const)('streams %s: the first referral comes after the first bytes are read, not the whole input', async (format) => {
    const count = 2000;
    const { stream, read } = counted(format, count);
    let readAtFirst = 0;
    let referrals = 0;
    for await (const event of loadInputs([{ display: '-' }], { stdin: stream })) {
      if (event.kind !== 'referral') continue;
      if (referrals === 0) readAtFirst = read();
      referrals += 1;
    }
    expect(referrals).toBe(count);
    // 64 KiB and a few lines decide the format: about 70 of 2000 pieces, and a chunk's worth more.
    expect(readAtFirst).toBeLessThan(200);
  });

  it('reads the rest of the input after a file fails, so the program writing to the pipe is not cut off', async () => {
    let read = 0;
    function* pieces(): Generator<Buffer> {
      yield Buffer.from('id: A\n  bad: indent\n');
      for (; read < 2000; read += 1) yield Buffer.from(`---\nid: REF-${read}\nnote: ${'x'.repeat(1000)}\n`);
    }
    const stream = Readable.from(pieces(), { objectMode: false, highWaterMark: 1024 });
    const events = await plain(loadInputs([{ display: '-' }], { stdin: stream }));
    expect(events).toEqual([
      { kind: 'file', file: '-' },
      { kind: 'failed-file', file: '-', reason: 'not valid YAML: a nested block where a key was expected', line: 1, column: 5 },
    ]);
    expect(read).toBe(2000);
    expect(stream.readableEnded).toBe(true);
  });
});
