// What the spreadsheet readers (CSV: src/parse/csv.ts, XLSX: src/parse/xlsx/) yield: the rows
// of one table as the sheet numbers them, before any mapping (src/mapping/) makes them
// referrals. Cells hold what the file holds; nothing here knows the referral format.

/** An Excel error cell (`#N/A`, `#REF!`, `#DIV/0!`...): a value that fails wherever it is mapped. */
export interface CellError {
  error: string;
}

/** An XLSX number shown with a date or time format: an Excel serial date (days since 1899-12-30, wall clock). */
export interface CellSerialDate {
  serial: number;
}

/**
 * One cell: text (every CSV cell; XLSX text, inline and shared strings), a number, true/false,
 * an error, or a date serial. An empty cell is `undefined` (or missing past the row's end).
 * A formula cell is its cached value.
 */
export type Cell = string | number | boolean | CellError | CellSerialDate | undefined;

/** How the reader read the file, for the report: said when it was not the default. */
export interface TableInfo {
  /** The text encoding used (CSV): `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`. */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** How the encoding was chosen: set by the user (`set`), a byte order mark (`bom`), or the bytes (`detected`). */
  encodingFrom?: 'set' | 'bom' | 'detected';
  /** The CSV delimiter used. */
  delimiter?: ',' | ';' | '\t';
  delimiterFrom?: 'set' | 'detected';
  /** The XLSX sheet read, by name. */
  sheet?: string;
}

export type TableEvent =
  /** First, once: how the file is read. */
  | { kind: 'info'; info: TableInfo }
  /** A row with at least one non-empty cell; `row` is 1-based as the sheet numbers it (the header row is normally 1). */
  | { kind: 'row'; row: number; cells: Cell[] }
  /** A row with no non-empty cell: skipped, and counted by whoever reads the events. */
  | { kind: 'blank'; row: number }
  /**
   * A row the reader could not read (a CSV record with a broken quote): the other rows go on.
   * `reason` names what was expected, never the cell's content.
   */
  | { kind: 'bad-row'; row: number; column?: number; reason: string };

/**
 * A file that cannot be read as a table at all (not a zip, a zip bomb, a part over a limit,
 * no such sheet): the file fails with `message`, which names the place and what was expected,
 * never content. `row`/`column` when known.
 */
export class TableError extends Error {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TableError';
  }
}

/**
 * A cell's text as a string of its own. V8 makes a cut of 13 or more characters a view into the
 * text it was cut from, so a cell kept for the whole run (an id a rule remembers to find
 * repeats) would keep the whole chunk of the file it came from: a million rows then hold the
 * file. Joining and cutting again copies just the cell.
 */
export function ownText(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Column letters as a spreadsheet names them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
