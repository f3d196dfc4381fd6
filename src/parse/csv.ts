// The CSV and TSV reader: a file's bytes, as they come, to table events (src/parse/table.ts).
// Core: no Node.js, no Buffer; it runs wherever TextDecoder does. It never holds the whole
// file: one record at a time, and the first 64 KB while the encoding is decided.
//
// Encoding: set by the user; else a byte order mark; else UTF-8 when the first 64 KB are
// UTF-8 (and every later byte must be too: a file that turns out not to be fails, with the
// row, rather than read with replacement characters); else Windows-1252, what Excel on a
// Windows machine in the UK writes as "CSV" (a pound sign as the one byte A3). UTF-16 without
// a byte order mark is not guessed: it fails, saying to save as UTF-8 or set the encoding.
//
// Records are read as RFC 4180 says, as Excel writes them: cells split by the delimiter,
// records by LF, CRLF or CR; a cell that starts with a double quote runs to the closing
// quote, a doubled quote inside it is one quote, and it may hold delimiters and line breaks.
// Rows are numbered by record (the header is row 1), as a spreadsheet program numbers them,
// not by line. Every cell is text, as the file holds it (`=SUM(A1)` is the text `=SUM(A1)`):
// an empty cell is `undefined`. A record with no cell that holds more than blank space is a
// `blank` event. The line break at the end of the file ends the last record; no row follows.
//
// A record that breaks the quoting rules is a `bad-row`, with what was expected, and the
// reader goes on at the next record:
// - a double quote inside a cell that does not start with one (`5" disk`): the quote is read
//   as a character, so the record ends where its line does; the record is failed, not kept;
// - text after a closing quote (`"a"b`): read on as the rest of the cell; the record is failed;
// - a quote left open at the end of the file: everything from that record on is one bad row
//   (there is no telling where the cell was meant to end).
// Nothing is ever dropped silently, and a reason never quotes a cell.
//
// Column counts are not checked against the header: the mapping layer does that.
import { columnLetter, ownText, TableError, type Cell, type TableEvent, type TableInfo } from './table.js';
import { HEAD_BYTES, isUtf8Text, startsWith, wideEncodingName } from './text-encoding.js';
import { activeTimings } from '../model/timing.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';

/** How much of one record the reader holds: a breach fails the record (a bad row), and reading goes on. */
export interface CsvLimits {
  /** Characters (UTF-16 code units) in one record, line breaks inside quoted cells included, its own line break not. */
  maxRecordLength: number;
  /** Cells in one record. */
  maxCellsPerRow: number;
  /** Characters in one cell. */
  maxCellLength: number;
}

/** Far beyond any real export: Excel's own limits are 16,384 columns and 32,767 characters a cell. */
export const DEFAULT_CSV_LIMITS: Readonly<CsvLimits> = {
  maxRecordLength: 10 * 1024 * 1024,
  maxCellsPerRow: 16_384,
  maxCellLength: 1_000_000,
};

export interface CsvOptions {
  /** The delimiter; else tab for TSV, else detected from the first record. */
  delimiter?: CsvDelimiter;
  /** The text encoding; else from a byte order mark, else detected. */
  encoding?: CsvEncoding;
  /** A `.tsv` file: tab-delimited unless `delimiter` says otherwise. */
  tsv?: boolean;
  /** Over DEFAULT_CSV_LIMITS. */
  limits?: Partial<CsvLimits>;
}

/** Bytes whose encoding decides the file's when no byte order mark does. */
export const CSV_HEAD_BYTES = HEAD_BYTES;

const SAVE_AS = 'save it as CSV UTF-8, or set the encoding';

/** The encoding of a file from its first bytes (`whole`: they are all of it), and how it was chosen. */
export function detectCsvEncoding(head: Uint8Array, whole: boolean, set?: CsvEncoding): Required<Pick<TableInfo, 'encoding' | 'encodingFrom'>> {
  if (set) return { encoding: set, encodingFrom: 'set' };
  // UTF-32's marks start as UTF-16's do (FF FE), so they are looked for first.
  if (startsWith(head, 0xff, 0xfe, 0x00, 0x00) || startsWith(head, 0x00, 0x00, 0xfe, 0xff)) {
    throw new TableError(`UTF-32 text: referral-lint reads CSV in UTF-8, UTF-16 or Windows-1252; ${SAVE_AS}`);
  }
  if (startsWith(head, 0xef, 0xbb, 0xbf)) return { encoding: 'utf-8', encodingFrom: 'bom' };
  if (startsWith(head, 0xff, 0xfe)) return { encoding: 'utf-16le', encodingFrom: 'bom' };
  if (startsWith(head, 0xfe, 0xff)) return { encoding: 'utf-16be', encodingFrom: 'bom' };
  if (head.includes(0)) {
    const wide = wideEncodingName(head);
    throw new TableError(
      wide
        ? `${wide} text without a byte order mark, which is not guessed: ${SAVE_AS}`
        : 'a binary file, not CSV text (it holds zero bytes)',
    );
  }
  return { encoding: isUtf8Text(head, whole) ? 'utf-8' : 'windows-1252', encodingFrom: 'detected' };
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The delimiter of a file from its first record: the most frequent of `,` `;` and tab outside double quotes; comma on a tie or none. */
export function detectDelimiter(firstRecord: string): CsvDelimiter {
  let quoted = false;
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  for (let i = 0; i < firstRecord.length; i += 1) {
    const c = firstRecord.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x2c) comma += 1;
    else if (c === 0x3b) semicolon += 1;
    else if (c === 0x09) tab += 1;
    else if (c === LF || c === CR) break;
  }
  if (semicolon > comma && semicolon > tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

/** The text of the first record of `text` (up to its line break outside quotes), or undefined if it has not ended yet. */
function firstRecordOf(text: string): string | undefined {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return text.slice(0, i);
  }
  return undefined;
}

/** Where the tokenizer is within a record. */
const State = {
  /** At the start of a cell. */
  CellStart: 0,
  /** In a cell that did not start with a quote. */
  Unquoted: 1,
  /** In a quoted cell. */
  Quoted: 2,
  /** Just after a quote in a quoted cell: a doubled quote, or the cell's end. */
  QuoteInQuoted: 3,
  /** Just after a CR that ended a record: an LF here belongs to it. */
  AfterCr: 4,
} as const;
type State = (typeof State)[keyof typeof State];

/** Why a record failed: the first thing that broke it. */
interface Fault {
  column?: number;
  reason: string;
}

/**
 * The tokenizer: text in, events out, state kept across chunks so a record may be split
 * anywhere. Holds the record being read and nothing else.
 */
class CsvTokenizer {
  private state: State = State.CellStart;
  private cells: Cell[] = [];
  private cell = '';
  /** Characters of the record so far (of cells kept and the cell being read). */
  private recordLength = 0;
  /** The record started (a character of it has been read). */
  private started = false;
  private fault: Fault | undefined;
  /** Over a limit: the rest of the record is scanned, not held. */
  private dropping = false;
  private cellCount = 0;
  /** Row number of the record being read. */
  row = 1;
  /** Where the record's open quoted cell began, for the end of the file. */
  private quotedColumn = 0;
  private readonly delimiter: number;

  constructor(
    delimiter: CsvDelimiter,
    private readonly limits: CsvLimits,
    private readonly out: TableEvent[],
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  private failRecord(fault: Fault): void {
    this.fault ??= fault;
  }

  /** Adds text to the current cell, within the limits. */
  private append(text: string): void {
    if (text === '' || this.dropping) return;
    this.recordLength += text.length;
    if (this.cell.length + text.length > this.limits.maxCellLength) {
      this.failRecord({ column: this.cellCount + 1, reason: `row ${this.row}: cell ${columnLetter(this.cellCount)} is longer than the limit of ${this.limits.maxCellLength} characters` });
      this.drop();
    } else if (this.recordLength > this.limits.maxRecordLength) {
      this.failRecord({ reason: `row ${this.row} is longer than the limit of ${this.limits.maxRecordLength} characters` });
      this.drop();
    } else {
      this.cell += text;
    }
  }

  /** Stops holding the record: its fault is known, the rest is only scanned to find its end. */
  private drop(): void {
    this.dropping = true;
    this.cell = '';
    this.cells = [];
  }

  private endCell(): void {
    this.cellCount += 1;
    if (this.dropping) return;
    if (this.cellCount > this.limits.maxCellsPerRow) {
      this.failRecord({ reason: `row ${this.row} has more than the limit of ${this.limits.maxCellsPerRow} cells` });
      this.drop();
      return;
    }
    this.recordLength += 1; // the delimiter
    this.cells.push(this.cell === '' ? undefined : ownText(this.cell));
    this.cell = '';
  }

  private endRecord(): void {
    this.endCell();
    const row = this.row;
    if (this.fault) {
      const { column, reason } = this.fault;
      this.out.push(column === undefined ? { kind: 'bad-row', row, reason } : { kind: 'bad-row', row, column, reason });
    } else if (this.cells.every((c) => c === undefined || (c as string).trim() === '')) {
      this.out.push({ kind: 'blank', row });
    } else {
      this.out.push({ kind: 'row', row, cells: this.cells });
    }
    this.row += 1;
    this.cells = [];
    this.cell = '';
    this.cellCount = 0;
    this.recordLength = 0;
    this.started = false;
    this.fault = undefined;
    this.dropping = false;
  }

  /** Reads a piece of the text; events for the records it ends go to `out`. */
  write(s: string): void {
    const n = s.length;
    const delimiter = this.delimiter;
    let i = 0;
    while (i < n) {
      if (this.state === State.AfterCr) {
        this.state = State.CellStart;
        if (s.charCodeAt(i) === LF) {
          i += 1;
          continue;
        }
      }
      if (this.state === State.CellStart) {
        this.started = true;
        if (s.charCodeAt(i) === QUOTE) {
          this.state = State.Quoted;
          this.quotedColumn = this.cellCount;
          i += 1;
          continue;
        }
        this.state = State.Unquoted;
      }
      switch (this.state) {
        case State.Unquoted: {
          let j = i;
          let c = 0;
          for (; j < n; j += 1) {
            c = s.charCodeAt(j);
            if (c === delimiter || c === LF || c === CR || c === QUOTE) break;
          }
          this.append(s.slice(i, j));
          if (j === n) {
            i = n;
            break;
          }
          i = j + 1;
          if (c === delimiter) {
            this.endCell();
            this.state = State.CellStart;
          } else if (c === QUOTE) {
            this.failRecord({
              column: this.cellCount + 1,
              reason: `row ${this.row}: a double quote inside cell ${columnLetter(this.cellCount)}, which does not start with one (a cell that holds a double quote must be enclosed in double quotes, the quote doubled)`,
            });
            this.append('"');
          } else {
            this.endRecord();
            this.state = c === CR ? State.AfterCr : State.CellStart;
          }
          break;
        }
        case State.Quoted: {
          const j = s.indexOf('"', i);
          if (j === -1) {
            this.append(s.slice(i));
            i = n;
            break;
          }
          this.append(s.slice(i, j));
          this.state = State.QuoteInQuoted;
          i = j + 1;
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.append('"');
            this.state = State.Quoted;
            i += 1;
          } else if (c === delimiter) {
            this.endCell();
            this.state = State.CellStart;
            i += 1;
          } else if (c === LF || c === CR) {
            this.endRecord();
            this.state = c === CR ? State.AfterCr : State.CellStart;
            i += 1;
          } else {
            this.failRecord({
              column: this.cellCount + 1,
              reason: `row ${this.row}: text after the closing double quote of cell ${columnLetter(this.cellCount)} (expected a delimiter or the end of the line after a closing double quote; a double quote inside a quoted cell is doubled)`,
            });
            this.state = State.Unquoted; // the rest of the cell is read as text, up to the delimiter or line end
          }
          break;
        }
      }
    }
  }

  /** The end of the text: the last record, if it did not end with a line break. */
  end(): void {
    if (this.state === State.Quoted) {
      this.fault = {
        column: this.quotedColumn + 1,
        reason: `row ${this.row}: a closing double quote for cell ${columnLetter(this.quotedColumn)}, which runs to the end of the file (everything from this row on is read as one bad row)`,
      };
      this.drop();
      this.endRecord();
    } else if (this.state === State.QuoteInQuoted || this.state === State.Unquoted || (this.state === State.CellStart && this.started)) {
      this.endRecord();
    }
  }
}

/** Decodes the file's bytes as they come, in the chosen encoding; a later byte that does not fit fails the file. */
class Decoder {
  private readonly decoder: InstanceType<typeof TextDecoder>;
  constructor(private readonly encoding: CsvEncoding) {
    // Not fatal for Windows-1252: every byte is a character.
    this.decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' });
  }
  decode(bytes: Uint8Array | undefined, row: number): string {
    try {
      return bytes ? this.decoder.decode(bytes, { stream: true }) : this.decoder.decode();
    } catch {
      const expected =
        this.encoding === 'utf-8'
          ? `not valid UTF-8 at or after row ${row} (the first 64 KB were UTF-8, so the file was read as UTF-8): the file mixes encodings; ${SAVE_AS}`
          : `not valid ${this.encoding.toUpperCase()} text at or after row ${row} (a character is cut off, or half of a pair is missing): ${SAVE_AS}`;
      throw new TableError(expected, row);
    }
  }
}

/**
 * A CSV or TSV file's table events, from its bytes as they come: `info` first, then one
 * `row`, `blank` or `bad-row` per record, in order. Throws TableError for a file that cannot
 * be read as text at all (UTF-16 without a byte order mark, zero bytes, a later byte that is
 * not in the encoding chosen).
 */
export async function* readCsv(chunks: AsyncIterable<Uint8Array>, options: CsvOptions = {}): AsyncGenerator<TableEvent> {
  const limits: CsvLimits = { ...DEFAULT_CSV_LIMITS, ...options.limits };
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    // The head: enough bytes to decide the encoding.
    const head: Uint8Array[] = [];
    let headLength = 0;
    let done = false;
    while (headLength < CSV_HEAD_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      head.push(next.value);
      headLength += next.value.length;
    }
    const headBytes = new Uint8Array(headLength);
    let at = 0;
    for (const chunk of head) {
      headBytes.set(chunk, at);
      at += chunk.length;
    }
    const { encoding, encodingFrom } = detectCsvEncoding(headBytes.subarray(0, CSV_HEAD_BYTES), done && headLength <= CSV_HEAD_BYTES, options.encoding);
    const decoder = new Decoder(encoding);

    // The delimiter, from the first record: text is held until it ends (or is over the record limit).
    let pending = decoder.decode(headBytes, 1);
    let delimiter: CsvDelimiter;
    let delimiterFrom: TableInfo['delimiterFrom'];
    if (options.delimiter) [delimiter, delimiterFrom] = [options.delimiter, 'set'];
    else if (options.tsv) [delimiter, delimiterFrom] = ['\t', 'set'];
    else {
      let first = firstRecordOf(pending);
      while (first === undefined && !done && pending.length <= limits.maxRecordLength) {
        const next = await iterator.next();
        if (next.done) done = true;
        else pending += decoder.decode(next.value, 1);
        first = firstRecordOf(pending);
      }
      delimiter = detectDelimiter(first ?? pending);
      delimiterFrom = 'detected';
    }
    yield { kind: 'info', info: { encoding, encodingFrom, delimiter, delimiterFrom } };

    const out: TableEvent[] = [];
    const tokenizer = new CsvTokenizer(delimiter, limits, out);
    const flush = function* (): Generator<TableEvent> {
      for (const event of out) yield event;
      out.length = 0;
    };
    // --timing: the tokenizer's work on each chunk counted as parsing (decoding stays reading).
    const timings = activeTimings;
    const write = (text: string, end = false): void => {
      const start = timings ? performance.now() : 0;
      tokenizer.write(text);
      if (end) tokenizer.end();
      timings?.since('parsing', start);
    };
    write(pending);
    pending = '';
    yield* flush();
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      write(decoder.decode(next.value, tokenizer.row));
      yield* flush();
    }
    write(decoder.decode(undefined, tokenizer.row), true);
    yield* flush();
  } finally {
    // Stopped early (a consumer's break, or a failure): let the source close its file.
    await iterator.return?.();
  }
}
