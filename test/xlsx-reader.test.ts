// The XLSX reader (src/parse/xlsx/): workbooks built here with a tiny writer, read back as
// exact table events; and the failures: limits, zip bombs, lying sizes, files that are not
// workbooks. Nothing here asserts time or memory: the bomb tests check that the reader stopped
// at the limit by counting the bytes the entry's inflation handed on before it failed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { TableError, type TableEvent } from '../src/parse/table.js';
import { bytesSource, DEFAULT_XLSX_LIMITS, isDateFormatCode, readXlsx, resolveXlsxLimits, type RandomAccess, type XlsxLimits } from '../src/parse/xlsx/index.js';
import { entryBytes, openZip } from '../src/parse/xlsx/zip.js';
import { openRandomAccess, withRandomAccess } from '../src/load/xlsx-file.js';
import { cell, row, setDeclaredSize, sheetXml, writeXlsx, zipEntryNames, type WorkbookSpec } from './helpers/xlsx-writer.js';
import { useTempDirs } from './temp-files.js';

const tempDir = useTempDirs('xlsx');

async function events(source: RandomAccess | Uint8Array, options: Parameters<typeof readXlsx>[1] = {}): Promise<TableEvent[]> {
  const out: TableEvent[] = [];
  for await (const event of readXlsx(source instanceof Uint8Array ? bytesSource(source) : source, options)) out.push(event);
  return out;
}

async function failure(source: RandomAccess | Uint8Array, options: Parameters<typeof readXlsx>[1] = {}): Promise<TableError> {
  try {
    await events(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TableError);
    return error as TableError;
  }
  throw new Error('expected the reader to fail');
}

/**
 * Inflates one entry as the reader does and returns how many bytes it handed on before it
 * failed: what the reader ever held of the entry is that, plus the one inflater push that
 * broke the limit (about 8 MB at most).
 */
async function inflatedBeforeFailure(zipBytes: Uint8Array, part: string, configured: Partial<XlsxLimits>, maxBytes: number): Promise<{ bytes: number; message: string }> {
  const limits = resolveXlsxLimits(configured);
  const zip = await openZip(bytesSource(zipBytes), limits);
  let bytes = 0;
  try {
    for await (const chunk of entryBytes(zip, zip.entries.get(part)!, { maxBytes, limitName: 'maxSheetBytes', total: { bytes: 0 } }, limits)) bytes += chunk.length;
  } catch (error) {
    return { bytes, message: (error as Error).message };
  }
  throw new Error('expected the entry to fail');
}

function compressedSize(zip: Uint8Array, entry: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd -= 1;
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < view.getUint16(eocd + 10, true); i += 1) {
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)) === entry) return view.getUint32(at + 20, true);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no entry ${entry}`);
}

// Styles: 0 General, 1 built-in date (14, m/d/yyyy), 2 custom date dd/mm/yyyy (164), 3 custom
// number with a quoted "m" (165), 4 built-in time (20, h:mm).
const STYLED: Pick<WorkbookSpec, 'numFmts' | 'cellXfs'> = {
  numFmts: [
    { id: 164, code: 'dd/mm/yyyy' },
    { id: 165, code: '0.0 "m"' },
  ],
  cellXfs: [0, 14, 164, 165, 20],
};

describe('readXlsx: cells and rows', () => {
  it('reads every kind of cell, with blank rows counted between non-blank rows and none after the last', async () => {
    const zip = writeXlsx({
      ...STYLED,
      sharedStrings: ['Referral id', 'Received', 'Agency', 'R-0001', 'St Aidan’s School', ''],
      sheets: [
        {
          name: 'Referrals',
          rows:
            row(1, cell.s('A1', 0), cell.s('B1', 1), cell.s('C1', 2), cell.inline('D1', 'Urgent?'), cell.inline('E1', 'Score'), cell.inline('F1', 'Check')) +
            row(2, cell.s('A2', 3), cell.n('B2', 45292, 1), cell.s('C2', 4), cell.b('D2', true), cell.n('E2', 12.5), cell.e('F2', '#N/A')) +
            // Row 3 absent; row 4 holds only formatted empty cells and an empty shared string: blank.
            row(4, cell.empty('A4'), cell.empty('B4'), cell.s('C4', 5)) +
            row(
              5,
              cell.inline('A5', 'R-0002'),
              cell.n('B5', 45293.5, 2),
              cell.str('C5', 'UPPER("x")', 'X & <Y>'),
              cell.b('D5', false),
              cell.f('E5', '1+1', 2),
              cell.str('F5', 'NOW()'),
              cell.n('G5', 3.25, 3),
              cell.n('H5', 0.5, 4),
            ) +
            // Cells beyond the last non-empty one are left out; a gap is undefined.
            row(6, cell.inline('B6', 'only B')) +
            row(7, cell.empty('A7')) +
            row(9, cell.empty('C9')),
        },
      ],
    });
    expect(await events(zip)).toStrictEqual([
      { kind: 'info', info: { sheet: 'Referrals' } },
      { kind: 'row', row: 1, cells: ['Referral id', 'Received', 'Agency', 'Urgent?', 'Score', 'Check'] },
      { kind: 'row', row: 2, cells: ['R-0001', { serial: 45292 }, 'St Aidan’s School', true, 12.5, { error: '#N/A' }] },
      { kind: 'blank', row: 3 },
      { kind: 'blank', row: 4 },
      { kind: 'row', row: 5, cells: ['R-0002', { serial: 45293.5 }, 'X & <Y>', false, 2, undefined, 3.25, { serial: 0.5 }] },
      { kind: 'row', row: 6, cells: [undefined, 'only B'] },
    ]);
  });

  it('counts the blank rows before the first non-blank row', async () => {
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: row(3, cell.inline('A3', 'header')) + row(4, cell.n('A4', 1)) }] });
    expect(await events(zip)).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'blank', row: 1 },
      { kind: 'blank', row: 2 },
      { kind: 'row', row: 3, cells: ['header'] },
      { kind: 'row', row: 4, cells: [1] },
    ]);
  });

  it('places cells and rows without an r attribute by their order', async () => {
    const rows = '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row r="3"><c r="B3"><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>';
    expect(await events(writeXlsx({ sheets: [{ name: 'S', rows }] }))).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'row', row: 1, cells: ['a', 1] },
      { kind: 'blank', row: 2 },
      { kind: 'row', row: 3, cells: [undefined, 2, 3] },
      { kind: 'row', row: 4, cells: [4] },
    ]);
  });

  it('joins rich-text runs and leaves out phonetic runs, in shared and inline strings', async () => {
    const zip = writeXlsx({
      sharedStrings: [{ xml: '<si><r><rPr><b/></rPr><t>Child </t></r><r><t xml:space="preserve">in need</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>' }],
      sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0), '<c r="B1" t="inlineStr"><is><r><t>Sec</t></r><r><t>tion 47</t></r></is></c>') }],
    });
    expect((await events(zip))[1]).toStrictEqual({ kind: 'row', row: 1, cells: ['Child in need', 'Section 47'] });
  });

  it('reads the shared strings and styles first even when the zip holds them after the sheet', async () => {
    const zip = writeXlsx({
      ...STYLED,
      sharedStringsLast: true,
      sharedStrings: ['name', 'Ada'],
      sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0), cell.s('B1', 1), cell.n('C1', 45000, 2)) }],
    });
    const names = zipEntryNames(zip);
    expect(names.indexOf('xl/sharedStrings.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet1.xml'));
    expect(names.indexOf('xl/styles.xml')).toBeGreaterThan(names.indexOf('xl/worksheets/sheet1.xml'));
    expect(await events(zip)).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'row', row: 1, cells: ['name', 'Ada', { serial: 45000 }] },
    ]);
  });

  it('leaves the other cells of a merge empty: the value is in the top-left cell only', async () => {
    const zip = writeXlsx({
      sheets: [
        {
          name: 'S',
          rows: row(1, cell.inline('A1', 'Merged title'), cell.empty('B1'), cell.empty('C1')) + row(2, cell.inline('A2', 'a'), cell.inline('B2', 'b'), cell.empty('A3')) + row(3, cell.empty('A3'), cell.inline('B3', 'c')),
          merges: ['A1:C1', 'A2:A3'],
        },
      ],
    });
    expect(await events(zip)).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'row', row: 1, cells: ['Merged title'] },
      { kind: 'row', row: 2, cells: ['a', 'b'] },
      { kind: 'row', row: 3, cells: [undefined, 'c'] },
    ]);
  });

  it('converts 1904-system serial dates to the 1900 system', async () => {
    const zip = writeXlsx({ ...STYLED, date1904: true, sheets: [{ name: 'S', rows: row(1, cell.n('A1', 43830, 1), cell.n('B1', 43830)) }] });
    expect((await events(zip))[1]).toStrictEqual({ kind: 'row', row: 1, cells: [{ serial: 45292 }, 43830] });
  });

  it('reports a cell it cannot read as a bad row, without its content, and goes on', async () => {
    const zip = writeXlsx({
      sharedStrings: ['only'],
      sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0)) + row(2, cell.s('B2', 7)) + row(3, '<c r="A3"><v>SECRET-TEXT</v></c>') + row(4, cell.n('A4', 4)) }],
    });
    const got = await events(zip);
    expect(got).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'row', row: 1, cells: ['only'] },
      { kind: 'bad-row', row: 2, column: 2, reason: 'cell B2 is a shared string pointing to string 8, but the table has 1 strings' },
      { kind: 'bad-row', row: 3, column: 1, reason: 'cell A3 is a number cell whose value is not a number' },
      { kind: 'row', row: 4, cells: [4] },
    ]);
  });
});

describe('readXlsx: choosing the sheet', () => {
  const zip = writeXlsx({
    sheets: [
      { name: 'Notes', state: 'hidden', rows: row(1, cell.inline('A1', 'hidden notes')) },
      { name: 'Referrals', rows: row(1, cell.inline('A1', 'referrals')) },
      { name: 'Lookup', rows: row(1, cell.inline('A1', 'lookup')) },
      { name: 'Secret', state: 'veryHidden', rows: row(1, cell.inline('A1', 'very hidden')) },
    ],
  });
  const first = async (options: Parameters<typeof readXlsx>[1]) => (await events(zip, options)).slice(0, 2);

  it('reads the first visible sheet by default, never a hidden one', async () => {
    expect(await first({})).toStrictEqual([
      { kind: 'info', info: { sheet: 'Referrals' } },
      { kind: 'row', row: 1, cells: ['referrals'] },
    ]);
  });

  it('reads a sheet named exactly, then ignoring case, hidden sheets included', async () => {
    expect(await first({ sheet: 'Lookup' })).toStrictEqual([
      { kind: 'info', info: { sheet: 'Lookup' } },
      { kind: 'row', row: 1, cells: ['lookup'] },
    ]);
    expect((await first({ sheet: 'lookup' }))[0]).toStrictEqual({ kind: 'info', info: { sheet: 'Lookup' } });
    expect((await first({ sheet: 'Notes' }))[1]).toStrictEqual({ kind: 'row', row: 1, cells: ['hidden notes'] });
    expect((await first({ sheet: 'secret' }))[1]).toStrictEqual({ kind: 'row', row: 1, cells: ['very hidden'] });
  });

  it('reads a sheet by its 1-based position in the workbook (hidden sheets count)', async () => {
    expect((await first({ sheet: 3 }))[0]).toStrictEqual({ kind: 'info', info: { sheet: 'Lookup' } });
    expect((await first({ sheet: 1 }))[0]).toStrictEqual({ kind: 'info', info: { sheet: 'Notes' } });
  });

  it('fails a sheet that does not exist, naming the sheets there are', async () => {
    const listing = `the workbook's sheets are 1. "Notes" (hidden), 2. "Referrals", 3. "Lookup", 4. "Secret" (veryHidden)`;
    expect((await failure(zip, { sheet: 'Referals' })).message).toBe(`there is no sheet named "Referals": ${listing}`);
    expect((await failure(zip, { sheet: 5 })).message).toBe(`there is no sheet at position 5: ${listing}`);
    expect((await failure(zip, { sheet: 0 })).message).toBe(`there is no sheet at position 0: ${listing}`);
  });

  it('fails a workbook whose sheets are all hidden unless one is named', async () => {
    const hidden = writeXlsx({ sheets: [{ name: 'Only', state: 'hidden', rows: row(1, cell.n('A1', 1)) }] });
    expect((await failure(hidden)).message).toBe(`the workbook has no visible worksheet: name the sheet to read (the workbook's sheets are 1. "Only" (hidden))`);
    expect((await events(hidden, { sheet: 'Only' }))[1]).toStrictEqual({ kind: 'row', row: 1, cells: [1] });
  });
});

describe('readXlsx: limits and broken files', () => {
  // A 50 MB sheet of one repeated empty element: DEFLATE at level 9 packs it about 1,000 to 1.
  const bombPart = 'xl/worksheets/sheet1.xml';
  const filler = '<x/>'.repeat((50 * 1024 * 1024) / 4);
  const bomb = writeXlsx({ level: 9, sheets: [{ name: 'S', rows: '' }], files: { [bombPart]: `<worksheet><ext>${filler}</ext><sheetData/></worksheet>` } });

  it('stops a zip bomb at the compression-ratio limit, having inflated no more than the limit', async () => {
    const compressed = compressedSize(bomb, bombPart);
    expect(compressed).toBeLessThan(100 * 1024);
    const message = `${bombPart} inflates to more than 200 times its ${compressed} compressed bytes, the limit (maxCompressionRatio): a zip bomb?`;
    expect((await failure(bomb)).message).toBe(message);
    // Stopped at 200 × its compressed size, not at 50 MB.
    const stopped = await inflatedBeforeFailure(bomb, bombPart, {}, DEFAULT_XLSX_LIMITS.maxSheetBytes);
    expect(stopped.message).toBe(message);
    expect(stopped.bytes).toBeLessThanOrEqual(200 * compressed);
  });

  it('stops a part at its byte limit, counting what it inflates', async () => {
    // The declared 50 MB is under the sheet's 60 MB; the total limit of 4 MB is breached while inflating.
    const limits: Partial<XlsxLimits> = { maxCompressionRatio: 1e9, maxSheetBytes: 60 * 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 };
    const message = `the parts read inflate to more than ${4 * 1024 * 1024} bytes in all, the limit (maxTotalBytes), at ${bombPart}`;
    expect((await failure(bomb, { limits })).message).toBe(message);
    const stopped = await inflatedBeforeFailure(bomb, bombPart, limits, 60 * 1024 * 1024);
    expect(stopped.message).toBe(message);
    expect(stopped.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    // The part's own limit, counted the same way (its size declared as just the limit).
    const declaredAtLimit = setDeclaredSize(bomb, bombPart, 3 * 1024 * 1024);
    const own = await inflatedBeforeFailure(declaredAtLimit, bombPart, { maxCompressionRatio: 1e9 }, 3 * 1024 * 1024);
    expect(own.message).toBe(`${bombPart} inflates to more than ${3 * 1024 * 1024} bytes, the limit (maxSheetBytes)`);
    expect(own.bytes).toBeLessThanOrEqual(3 * 1024 * 1024);
  });

  it('fails a part whose declared size is over its limit before inflating it', async () => {
    const error = await failure(bomb, { limits: { maxSheetBytes: 1024 * 1024 } });
    expect(error.message).toBe(`${bombPart} declares ${50 * 1024 * 1024 + 46} bytes uncompressed, past the limit of 1048576 (maxSheetBytes)`);
  });

  it('stops a part that inflates to more than its declared size', async () => {
    const lying = setDeclaredSize(bomb, bombPart, 1000);
    const message = `${bombPart} inflates to more than the 1000 bytes it declares: the zip is damaged or hostile`;
    expect((await failure(lying)).message).toBe(message);
    const stopped = await inflatedBeforeFailure(lying, bombPart, {}, DEFAULT_XLSX_LIMITS.maxSheetBytes);
    expect(stopped).toStrictEqual({ bytes: 0, message });
  });

  it('fails a part that inflates to less than its declared size', async () => {
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.n('A1', 1)) }] });
    const declared = sheetXml({ name: 'S', rows: row(1, cell.n('A1', 1)) }).length + 10;
    expect((await failure(setDeclaredSize(zip, bombPart, declared))).message).toBe(
      `${bombPart} inflates to ${declared - 10} bytes, not the ${declared} it declares: the zip is damaged`,
    );
  });

  it('stops a shared-string table at its byte limit and at its string count', async () => {
    const many = Array.from({ length: 5 }, (_, i) => `s${i}`);
    const zip = writeXlsx({ sharedStrings: many, sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0)) }] });
    expect((await failure(zip, { limits: { maxSharedStrings: 3 } })).message).toBe('xl/sharedStrings.xml has more than 3 strings, the limit (maxSharedStrings)');
    expect((await failure(zip, { limits: { maxSharedStringsBytes: 100 } })).message).toMatch(
      /^xl\/sharedStrings\.xml declares \d+ bytes uncompressed, past the limit of 100 \(maxSharedStringsBytes\)$/,
    );
  });

  it('stops a string over the length limit, without its content in the message', async () => {
    const zip = writeXlsx({ sharedStrings: ['SECRET'.repeat(10)], sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0)) + row(2, cell.inline('B2', 'SECRET'.repeat(10))) }] });
    const shared = await failure(zip, { limits: { maxStringLength: 20 } });
    expect(shared.message).toBe('xl/sharedStrings.xml: string 1 is longer than 20 characters, the limit (maxStringLength)');
    const inline = writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.n('A1', 1)) + row(2, cell.inline('B2', 'SECRET'.repeat(10))) }] });
    const error = await failure(inline, { limits: { maxStringLength: 20 } });
    expect(error.message).toBe(`${bombPart}: cell B2 is longer than 20 characters, the limit (maxStringLength)`);
    expect([error.row, error.column]).toStrictEqual([2, 2]);
  });

  it('stops a row with a cell past the last column', async () => {
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.n('A1', 1), cell.n('XFD1', 2)) + row(2, cell.n('XFE2', 3)) }] });
    const error = await failure(zip);
    expect(error.message).toBe(`${bombPart}: row 2 has a cell past column XFD, the limit of 16384 cells a row (maxCellsPerRow)`);
    expect(DEFAULT_XLSX_LIMITS.maxCellsPerRow).toBe(16384);
    expect((await failure(zip, { limits: { maxCellsPerRow: 3 } })).message).toBe(`${bombPart}: row 1 has a cell past column C, the limit of 3 cells a row (maxCellsPerRow)`);
  });

  it('fails a file that is not a zip, an OLE2 (encrypted or .xls) file, a truncated zip, and a zip without a workbook', async () => {
    expect((await failure(strToU8('Referral id,Received\nR-1,2024-01-01\n'))).message).toBe('not an XLSX workbook: the file is not a zip archive');
    expect((await failure(new Uint8Array(0))).message).toBe('not an XLSX workbook: the file is not a zip archive');
    const ole2 = new Uint8Array(4096);
    ole2.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await failure(ole2)).message).toBe('an encrypted or old-format (.xls) workbook: save it as .xlsx');
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.n('A1', 1)) }] });
    expect((await failure(zip.subarray(0, zip.length - 10))).message).toBe('the zip is truncated or damaged: its end-of-central-directory record is missing');
    const noWorkbook = writeXlsx({ sheets: [{ name: 'S', rows: '' }], omit: ['xl/workbook.xml'] });
    expect((await failure(noWorkbook)).message).toBe('not an XLSX workbook: the zip has no workbook part (xl/workbook.xml)');
    const otherZip = zipSync({ 'notes.txt': strToU8('hello') });
    expect((await failure(otherZip)).message).toBe('not an XLSX workbook: the zip has no workbook part (xl/workbook.xml) and no [Content_Types].xml');
  });

  it('fails a sheet that is not well-formed XML, with its line and column', async () => {
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: '' }], files: { 'xl/worksheets/sheet1.xml': '<worksheet><sheetData>\n<row r="1"><c r="A1"><v>1</v></c></row>\n<row r="2"></sheetData></worksheet>' } });
    const got: TableEvent[] = [];
    const error = await (async () => {
      try {
        for await (const event of readXlsx(bytesSource(zip), {})) got.push(event);
      } catch (e) {
        return e as TableError;
      }
      throw new Error('expected a failure');
    })();
    expect(error).toBeInstanceOf(TableError);
    expect(error.message).toMatch(/^xl\/worksheets\/sheet1\.xml is not well-formed XML \(line 3, column \d+\)$/);
  });

  it('reads a zip64 end of central directory', async () => {
    const zip = writeXlsx({ sheets: [{ name: 'S', rows: row(1, cell.n('A1', 7)) }] });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const eocd = zip.length - 22;
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const cdOffset = view.getUint32(eocd + 16, true);
    const out = new Uint8Array(eocd + 56 + 20 + 22);
    out.set(zip.subarray(0, eocd));
    const o = new DataView(out.buffer);
    o.setUint32(eocd, 0x06064b50, true);
    o.setBigUint64(eocd + 4, 44n, true);
    o.setUint16(eocd + 12, 45, true);
    o.setUint16(eocd + 14, 45, true);
    o.setBigUint64(eocd + 24, BigInt(count), true);
    o.setBigUint64(eocd + 32, BigInt(count), true);
    o.setBigUint64(eocd + 40, BigInt(cdSize), true);
    o.setBigUint64(eocd + 48, BigInt(cdOffset), true);
    o.setUint32(eocd + 56, 0x07064b50, true);
    o.setBigUint64(eocd + 64, BigInt(eocd), true);
    o.setUint32(eocd + 72, 1, true);
    const end = eocd + 76;
    o.setUint32(end, 0x06054b50, true);
    o.setUint16(end + 8, 0xffff, true);
    o.setUint16(end + 10, 0xffff, true);
    o.setUint32(end + 12, 0xffffffff, true);
    o.setUint32(end + 16, 0xffffffff, true);
    expect((await events(out))[1]).toStrictEqual({ kind: 'row', row: 1, cells: [7] });
  });
});

describe('isDateFormatCode', () => {
  it('finds d, m, y, h or s outside quotes, brackets and escapes', () => {
    for (const code of ['dd/mm/yyyy', 'yyyy-mm-dd hh:mm', '[$-F800]dddd, mmmm dd, yyyy', '[h]:mm', '[ss]', 'mmm-yy', 'h:mm AM/PM']) expect(isDateFormatCode(code), code).toBe(true);
    for (const code of ['General', '0.00', '0.0 "m"', '[Red]0;[Blue]-0', '#,##0_);(#,##0)', '\\d0', '@', '0;dd']) expect(isDateFormatCode(code), code).toBe(false);
  });
});

describe('openRandomAccess (Node.js adapter)', () => {
  it('reads a workbook from a file and closes it', async () => {
    const file = path.join(tempDir(), 'referrals.xlsx');
    writeFileSync(file, writeXlsx({ sharedStrings: ['id'], sheets: [{ name: 'S', rows: row(1, cell.s('A1', 0)) }] }));
    const got = await withRandomAccess(file, (source) => events(source));
    expect(got).toStrictEqual([
      { kind: 'info', info: { sheet: 'S' } },
      { kind: 'row', row: 1, cells: ['id'] },
    ]);
    const { source, close } = await openRandomAccess(file);
    expect((await source.read(0, 4)).slice()).toStrictEqual(new Uint8Array([0x50, 0x4b, 0x03, 0x04]));
    expect((await source.read(source.size - 2, 10)).length).toBe(2);
    await close();
  });
});
