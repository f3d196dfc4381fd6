import { describe, expect, it } from 'vitest';
import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { CSV_HEAD_BYTES, DEFAULT_CSV_LIMITS, readCsv, type CsvOptions } from '../src/parse/csv.js';
import { TableError, type TableEvent } from '../src/parse/table.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const pieces = parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p)));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** The bytes as chunks: of `size` bytes each, or cut at the given offsets. */
async function* chunked(data: Uint8Array, size: number | number[] = 1 << 16): AsyncGenerator<Uint8Array> {
  const cuts = typeof size === 'number' ? [] : [...size, data.length];
  if (typeof size === 'number') for (let i = size; i < data.length + size; i += size) cuts.push(Math.min(i, data.length));
  let from = 0;
  for (const to of cuts) {
    if (to > from) yield data.slice(from, to);
    from = to;
  }
}

async function read(data: Uint8Array | string, options: CsvOptions = {}, size?: number | number[]): Promise<TableEvent[]> {
  const events: TableEvent[] = [];
  for await (const event of readCsv(chunked(typeof data === 'string' ? utf8(data) : data, size), options)) events.push(event);
  return events;
}

const info = (encoding: string, encodingFrom: string, delimiter: string, delimiterFrom: string): TableEvent =>
  ({ kind: 'info', info: { encoding, encodingFrom, delimiter, delimiterFrom } }) as TableEvent;
const rows = (events: TableEvent[]): TableEvent[] => events.slice(1);

async function failure(data: Uint8Array | string, options: CsvOptions = {}): Promise<TableError> {
  try {
    await read(data, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TableError);
    return error as TableError;
  }
  throw new Error('expected a TableError');
}

describe('readCsv: delimiter', () => {
  it('detects comma, semicolon and tab from the header, outside quotes', async () => {
    expect(await read('a,b,c\n1,2,3\n')).toEqual([
      info('utf-8', 'detected', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['a', 'b', 'c'] },
      { kind: 'row', row: 2, cells: ['1', '2', '3'] },
    ]);
    expect(await read('a;"b,c,d";e\n1;2,5;3\n')).toEqual([
      info('utf-8', 'detected', ';', 'detected'),
      { kind: 'row', row: 1, cells: ['a', 'b,c,d', 'e'] },
      { kind: 'row', row: 2, cells: ['1', '2,5', '3'] },
    ]);
    expect(await read('a\tb,c\td\n1\t2\t3\n')).toEqual([
      info('utf-8', 'detected', '\t', 'detected'),
      { kind: 'row', row: 1, cells: ['a', 'b,c', 'd'] },
      { kind: 'row', row: 2, cells: ['1', '2', '3'] },
    ]);
  });

  it('takes comma on a tie or when the header has no delimiter', async () => {
    expect((await read('a;b,c\n'))[0]).toEqual(info('utf-8', 'detected', ',', 'detected'));
    expect(await read('name\nJo;Sam\n')).toEqual([
      info('utf-8', 'detected', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['name'] },
      { kind: 'row', row: 2, cells: ['Jo;Sam'] },
    ]);
    expect(await read('')).toEqual([info('utf-8', 'detected', ',', 'detected')]);
  });

  it('a set delimiter wins, and a TSV file is tab-delimited', async () => {
    expect(await read('a,b;c\n', { delimiter: ';' })).toEqual([info('utf-8', 'detected', ';', 'set'), { kind: 'row', row: 1, cells: ['a,b', 'c'] }]);
    expect(await read('a,b,c\td\n', { tsv: true })).toEqual([info('utf-8', 'detected', '\t', 'set'), { kind: 'row', row: 1, cells: ['a,b,c', 'd'] }]);
    expect(await read('a,b\tc\n', { tsv: true, delimiter: ',' })).toEqual([info('utf-8', 'detected', ',', 'set'), { kind: 'row', row: 1, cells: ['a', 'b\tc'] }]);
  });

  it('detects from a header longer than the first chunk, split anywhere', async () => {
    const header = Array.from({ length: 30_000 }, (_, i) => `c${i}`).join(';');
    const events = await read(`${header}\n1;2\n`, {}, 1000);
    expect(events[0]).toEqual(info('utf-8', 'detected', ';', 'detected'));
    expect(events[2]).toEqual({ kind: 'row', row: 2, cells: ['1', '2'] });
  });
});

describe('readCsv: encoding', () => {
  it('reads UTF-8 with and without a byte order mark', async () => {
    expect(await read(bytes([0xef, 0xbb, 0xbf], 'name,fee\nZoë,£5\n'))).toEqual([
      info('utf-8', 'bom', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['name', 'fee'] },
      { kind: 'row', row: 2, cells: ['Zoë', '£5'] },
    ]);
    expect(await read('name,fee\nZoë,£5\n')).toEqual([
      info('utf-8', 'detected', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['name', 'fee'] },
      { kind: 'row', row: 2, cells: ['Zoë', '£5'] },
    ]);
  });

  it('reads UTF-16 little- and big-endian with a byte order mark', async () => {
    const text = 'name;fee\r\nZoë;£5\r\n';
    const le = bytes([0xff, 0xfe], [...text].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]));
    const be = bytes([0xfe, 0xff], [...text].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff]));
    const expected = [{ kind: 'row', row: 1, cells: ['name', 'fee'] }, { kind: 'row', row: 2, cells: ['Zoë', '£5'] }];
    expect(await read(le, {}, 3)).toEqual([info('utf-16le', 'bom', ';', 'detected'), ...expected]);
    expect(await read(be, {}, 3)).toEqual([info('utf-16be', 'bom', ';', 'detected'), ...expected]);
  });

  it('detects Windows-1252 (a pound sign as A3, é as E9, a euro sign as 80) and says so', async () => {
    const data = bytes('name,fee,note\n', 'Ren', [0xe9], ',', [0xa3], '5,', [0x80], '2 ', [0x93], 'ok', [0x94], '\n');
    expect(await read(data)).toEqual([
      info('windows-1252', 'detected', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['name', 'fee', 'note'] },
      { kind: 'row', row: 2, cells: ['René', '£5', '€2 \u201cok\u201d'] },
    ]);
  });

  it('a set encoding wins over what the bytes look like', async () => {
    expect(await read(bytes('a,', [0xc2, 0xa3], '\n'), { encoding: 'windows-1252' })).toEqual([
      info('windows-1252', 'set', ',', 'detected'),
      { kind: 'row', row: 1, cells: ['a', 'Â£'] },
    ]);
  });

  it('fails clearly when bytes after the first 64 KB are not UTF-8, with the row, instead of replacement characters', async () => {
    const line = 'id,name\n';
    const body = Array.from({ length: Math.ceil(CSV_HEAD_BYTES / 10) + 10 }, (_, i) => `${String(i).padStart(7, '0')},x\n`).join('');
    const data = bytes(line, body, 'late,', [0xa3], '5\n');
    const late = utf8(line + body).length;
    expect(late).toBeGreaterThan(CSV_HEAD_BYTES);
    const events: TableEvent[] = [];
    let error: unknown;
    try {
      for await (const event of readCsv(chunked(data, [4096, late]))) events.push(event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TableError);
    const rowsBefore = 1 + Math.ceil(CSV_HEAD_BYTES / 10) + 10;
    expect((error as TableError).message).toBe(
      `not valid UTF-8 at or after row ${rowsBefore + 1} (the first 64 KB were UTF-8, so the file was read as UTF-8): the file mixes encodings; save it as CSV UTF-8, or set the encoding`,
    );
    expect((error as TableError).row).toBe(rowsBefore + 1);
    expect(events.at(-1)).toEqual({ kind: 'row', row: rowsBefore, cells: [String(rowsBefore - 2).padStart(7, '0'), 'x'] });
    expect(events.some((e) => e.kind === 'row' && e.cells.some((c) => typeof c === 'string' && c.includes('\ufffd')))).toBe(false);
  });

  it('does not guess UTF-16 without a byte order mark, and fails a binary file', async () => {
    const le = Uint8Array.from([...'name,fee\r\nJo,5\r\n'].flatMap((ch) => [ch.charCodeAt(0), 0]));
    expect((await failure(le)).message).toBe('UTF-16 (little-endian) text without a byte order mark, which is not guessed: save it as CSV UTF-8, or set the encoding');
    const be = Uint8Array.from([...'name,fee\r\nJo,5\r\n'].flatMap((ch) => [0, ch.charCodeAt(0)]));
    expect((await failure(be)).message).toBe('UTF-16 (big-endian) text without a byte order mark, which is not guessed: save it as CSV UTF-8, or set the encoding');
    expect((await failure(bytes('PK', [3, 4, 0, 0, 0x14, 0, 0, 0]))).message).toBe('a binary file, not CSV text (it holds zero bytes)');
    // Set, it is read.
    expect(rows(await read(le, { encoding: 'utf-16le' }))).toEqual([
      { kind: 'row', row: 1, cells: ['name', 'fee'] },
      { kind: 'row', row: 2, cells: ['Jo', '5'] },
    ]);
  });
});

describe('readCsv: records', () => {
  it('reads CRLF, LF and CR line ends alike; the last line break makes no row', async () => {
    const expected = [
      { kind: 'row', row: 1, cells: ['a', 'b'] },
      { kind: 'row', row: 2, cells: ['1', '2'] },
    ];
    expect(rows(await read('a,b\r\n1,2\r\n'))).toEqual(expected);
    expect(rows(await read('a,b\n1,2\n'))).toEqual(expected);
    expect(rows(await read('a,b\r1,2\r'))).toEqual(expected);
    expect(rows(await read('a,b\r\n1,2'))).toEqual(expected);
  });

  it('numbers rows by record: quoted cells hold delimiters, doubled quotes and line breaks', async () => {
    const text = 'id,summary,who\r\n1,"Seen at home, with mum","Jo ""JJ"" Smith"\r\n2,"line one\r\nline two\nline three",x\r\n3,,""\r\n';
    expect(rows(await read(text))).toEqual([
      { kind: 'row', row: 1, cells: ['id', 'summary', 'who'] },
      { kind: 'row', row: 2, cells: ['1', 'Seen at home, with mum', 'Jo "JJ" Smith'] },
      { kind: 'row', row: 3, cells: ['2', 'line one\r\nline two\nline three', 'x'] },
      { kind: 'row', row: 4, cells: ['3', undefined, undefined] },
    ]);
  });

  it('empty cells are undefined; records of empty or blank cells are blank rows, trailing ones included', async () => {
    expect(rows(await read('a,b,c\n,x,\n\n,,\n" ",\t\n1,2,3\n,,\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['a', 'b', 'c'] },
      { kind: 'row', row: 2, cells: [undefined, 'x', undefined] },
      { kind: 'blank', row: 3 },
      { kind: 'blank', row: 4 },
      { kind: 'blank', row: 5 },
      { kind: 'row', row: 6, cells: ['1', '2', '3'] },
      { kind: 'blank', row: 7 },
    ]);
  });

  it('keeps blank space and formula-looking cells verbatim: nothing is evaluated or stripped', async () => {
    expect(rows(await read('a,b,c,d,e,f\n=SUM(A1:A3),+1,-2,@x," padded ",=HYPERLINK("x")\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { kind: 'bad-row', row: 2, column: 6, reason: expect.stringContaining('row 2: a double quote inside cell F') },
    ]);
    expect(rows(await read('a,b,c,d,e,f\n=SUM(A1:A3),+1,-2,@x," padded ","=HYPERLINK(""x"")"\n'))[1]).toEqual({
      kind: 'row',
      row: 2,
      cells: ['=SUM(A1:A3)', '+1', '-2', '@x', ' padded ', '=HYPERLINK("x")'],
    });
  });

  it('does not check column counts against the header', async () => {
    expect(rows(await read('a,b,c\n1\n1,2,3,4,5\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['a', 'b', 'c'] },
      { kind: 'row', row: 2, cells: ['1'] },
      { kind: 'row', row: 3, cells: ['1', '2', '3', '4', '5'] },
    ]);
  });
});

describe('readCsv: broken quotes', () => {
  it('a stray quote in an unquoted cell fails that row only, and later rows come', async () => {
    expect(rows(await read('id,size\n1,5" disk\n2,ok\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['id', 'size'] },
      {
        kind: 'bad-row',
        row: 2,
        column: 2,
        reason:
          'row 2: a double quote inside cell B, which does not start with one (a cell that holds a double quote must be enclosed in double quotes, the quote doubled)',
      },
      { kind: 'row', row: 3, cells: ['2', 'ok'] },
    ]);
  });

  it('text after a closing quote fails that row, and later rows come', async () => {
    expect(rows(await read('id,who\n1,"Jo" Smith,x\n2,"Sam"\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['id', 'who'] },
      {
        kind: 'bad-row',
        row: 2,
        column: 2,
        reason:
          'row 2: text after the closing double quote of cell B (expected a delimiter or the end of the line after a closing double quote; a double quote inside a quoted cell is doubled)',
      },
      { kind: 'row', row: 3, cells: ['2', 'Sam'] },
    ]);
  });

  it('a quote left open to the end of the file makes the rest one bad row, not a crash', async () => {
    expect(rows(await read('id,who\n1,Jo\n2,"Sam\n3,Ali\n4,Kim\n'))).toEqual([
      { kind: 'row', row: 1, cells: ['id', 'who'] },
      { kind: 'row', row: 2, cells: ['1', 'Jo'] },
      {
        kind: 'bad-row',
        row: 3,
        column: 2,
        reason: 'row 3: a closing double quote for cell B, which runs to the end of the file (everything from this row on is read as one bad row)',
      },
    ]);
  });
});

describe('readCsv: chunks', () => {
  const text = 'id,name,note\r\n1,Zoë,"a, ""b""\r\nc"\r\n2,£5,€\r\n\r\n3,x,y';
  const expected = [
    info('utf-8', 'detected', ',', 'detected'),
    { kind: 'row', row: 1, cells: ['id', 'name', 'note'] },
    { kind: 'row', row: 2, cells: ['1', 'Zoë', 'a, "b"\r\nc'] },
    { kind: 'row', row: 3, cells: ['2', '£5', '€'] },
    { kind: 'blank', row: 4 },
    { kind: 'row', row: 5, cells: ['3', 'x', 'y'] },
  ];

  it('reads the same fed one byte at a time', async () => {
    expect(await read(text, {}, 1)).toEqual(expected);
    expect(await read(bytes([0xef, 0xbb, 0xbf], text), {}, 1)).toEqual([info('utf-8', 'bom', ',', 'detected'), ...expected.slice(1)]);
  });

  it('reads the same cut inside a multi-byte character, a CRLF and a doubled quote', async () => {
    const data = utf8(text);
    const inZoe = data.indexOf(0xc3) + 1; // between the two bytes of ë
    const inCrlf = data.indexOf(0x0d) + 1; // between CR and LF
    const inQuotes = utf8('id,name,note\r\n1,Zoë,"a, "').length; // between the two quotes of ""
    for (const cuts of [[inZoe], [inCrlf], [inQuotes], [inCrlf, inZoe, inQuotes]]) {
      expect(await read(data, {}, cuts.sort((a, b) => a - b))).toEqual(expected);
    }
  });

  it('reads past the first 64 KB, where the encoding is decided, and any chunk size agrees with csv-parse on valid CSV', async () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', 'é', '£', '"', ',', ';', '\n', '\r\n', ' ', '=1'), fc.string({ maxLength: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), async (records, size) => {
        const quote = (c: string): string => (c === '' ? c : `"${c.replaceAll('"', '""')}"`);
        const textOf = records.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
        const events = await read(textOf, { delimiter: ',' }, size);
        const expectedRows = (csvParse(textOf, { relax_column_count: true, skip_empty_lines: false }) as string[][]).map((cells) => cells.map((c) => (c === '' ? undefined : c)));
        expect(events.slice(1).map((e) => (e.kind === 'row' ? e.cells : e.kind))).toEqual(
          expectedRows.map((cells) => (cells.every((c) => c === undefined || c.trim() === '') ? 'blank' : cells)),
        );
      }),
      { numRuns: 200 },
    );
    const big = 'a,b\n' + 'x,y\n'.repeat(40_000);
    const events = await read(big, {}, 7000);
    expect(events).toHaveLength(1 + 40_001);
    expect(events.at(-1)).toEqual({ kind: 'row', row: 40_001, cells: ['x', 'y'] });
  });
});

describe('readCsv: limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_CSV_LIMITS).toEqual({ maxRecordLength: 10 * 1024 * 1024, maxCellsPerRow: 16_384, maxCellLength: 1_000_000 });
  });

  it('fails a row over a limit and goes on with the next', async () => {
    const limits = { maxRecordLength: 20, maxCellsPerRow: 3, maxCellLength: 8 };
    expect(rows(await read('a,b\n1,2,3,4\n123456789,x\n"long, long, long, long"\n"ab\ncd",2\nok,1\n', { limits }, 2))).toEqual([
      { kind: 'row', row: 1, cells: ['a', 'b'] },
      { kind: 'bad-row', row: 2, reason: 'row 2 has more than the limit of 3 cells' },
      { kind: 'bad-row', row: 3, column: 1, reason: 'row 3: cell A is longer than the limit of 8 characters' },
      { kind: 'bad-row', row: 4, column: 1, reason: 'row 4: cell A is longer than the limit of 8 characters' },
      { kind: 'row', row: 5, cells: ['ab\ncd', '2'] },
      { kind: 'row', row: 6, cells: ['ok', '1'] },
    ]);
    expect(rows(await read('a,b\n1234567,1234567,1234567\nok\n', { limits }))).toEqual([
      { kind: 'row', row: 1, cells: ['a', 'b'] },
      { kind: 'bad-row', row: 2, reason: 'row 2 is longer than the limit of 20 characters' },
      { kind: 'row', row: 3, cells: ['ok'] },
    ]);
  });

  it('holds no more than a record: an open quote over a large file is one bad row, read in bounded memory', async () => {
    const limits = { maxRecordLength: 1000, maxCellsPerRow: 10, maxCellLength: 1000 };
    async function* source(): AsyncGenerator<Uint8Array> {
      yield utf8('id,text\n1,"never closed ');
      const piece = utf8('x'.repeat(65_536));
      for (let i = 0; i < 200; i += 1) yield piece; // 13 MB
    }
    const events: TableEvent[] = [];
    for await (const event of readCsv(source(), { limits })) events.push(event);
    expect(events.slice(1)).toEqual([
      { kind: 'row', row: 1, cells: ['id', 'text'] },
      {
        kind: 'bad-row',
        row: 2,
        column: 2,
        reason: 'row 2: a closing double quote for cell B, which runs to the end of the file (everything from this row on is read as one bad row)',
      },
    ]);
  });
});
