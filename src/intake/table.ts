// Tables in: a CSV, TSV or XLSX file (or CSV on standard input) read row by row, its header
// row choosing and binding a mapping (src/mapping/), and each row made into one referral.
// Which mapping a file gets is decided from its path and its header alone, before any of its
// rows is read; planTables (src/load/index.ts) does that for every input before the run starts,
// so that a mapping that does not fit its file is a configuration error (exit 2) before anything
// is linted. Core code: where the bytes come from (a file, standard input, a file dropped on the
// web page) is the caller's TableFile.
import picomatch from 'picomatch/posix.js';
import { ConfigError } from '../model/errors.js';
import { applyMapping } from '../mapping/apply.js';
import { bindMapping, headerMisfit, type BoundMapping } from '../mapping/bind.js';
import type { Mapping } from '../mapping/mapping.js';
import { readCsv } from '../parse/csv.js';
import { readXlsx, type RandomAccess } from '../parse/xlsx/index.js';
import { columnLetter, TableError, type Cell, type TableEvent, type TableInfo } from '../parse/table.js';
import { referralBreach, type Limits } from '../parse/limits.js';
import type { InputFormat, LoadEvent, TableSource } from '../parse/types.js';
import { activeTimings } from '../model/timing.js';

/** Why a table found by a walk is skipped, in the one-line list of skipped files (named, it fails with each mapping tried). */
const NO_MAPPING_BRIEF = 'a table no mapping fits: name one with --mapping, or name the file to see why each mapping tried does not fit';

/** The mappings a run knows, in the order they are tried. */
export interface TableSetup {
  /** --mapping's, then the config's. */
  mappings: readonly Mapping[];
  /** Ready-made mappings the config does not name, tried last, by their header. */
  readyMade: readonly Mapping[];
}

/** A table to read, wherever its bytes are: a file, standard input, a file given to the web page. */
export interface TableFile {
  /** Its name in reports and messages. */
  display: string;
  /**
   * Its path as a mapping's `files` globs see it: relative to the folder they are relative to
   * (the config file's), with `/`. Undefined for standard input, which has no path.
   */
  relative?: string;
  /** Its bytes from the start (CSV and TSV); each call reads afresh. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Random access to its bytes (XLSX): closed when the reader is done. */
  open(): Promise<{ source: RandomAccess; close(): Promise<void> }>;
}

/** How to read a table before its mapping is known: from the first mapping whose `files` match its path. */
export interface ReadOptions {
  sheet?: string | number;
  delimiter?: ',' | ';' | '\t';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/** What a table file gets: its bound mapping and how to read it, or why it gets none. */
export type TablePlan = { bound: BoundMapping; read: ReadOptions; source: TableSource; info: TableInfo } | { failure: string; row?: number; column?: number } | { noMapping: string };

const matchers = new WeakMap<Mapping, (file: string) => boolean>();
function filesMatch(mapping: Mapping, relative: string | undefined): boolean {
  if (!mapping.files) return true;
  if (relative === undefined) return false; // standard input has no path
  let match = matchers.get(mapping);
  if (!match) matchers.set(mapping, (match = picomatch(mapping.files, { dot: true })));
  return match(relative);
}

/** How a mapping reads a file: its sheet, delimiter and encoding. */
function readOf(mapping: Mapping): ReadOptions {
  return {
    ...(mapping.sheet !== undefined ? { sheet: mapping.sheet } : {}),
    ...(mapping.delimiter ? { delimiter: mapping.delimiter } : {}),
    ...(mapping.encoding ? { encoding: mapping.encoding } : {}),
  };
}

/** Standard input has no path: it is read as the first mapping that fits any table reads. */
export function readOptionsFor(relative: string | undefined, setup: TableSetup): ReadOptions {
  const first = setup.mappings.find((m) => filesMatch(m, relative));
  return first ? readOf(first) : {};
}

/**
 * Whether one mapping fits a table whose header row is `header`: its bound form, or why it does
 * not fit. A mapping that fits by its path or header but lacks a column it needs is a
 * ConfigError: it was meant for this file.
 */
function fit(mapping: Mapping, header: readonly Cell[], headerRow: number, display: string, relative: string | undefined): BoundMapping | string {
  if (!filesMatch(mapping, relative)) return `its files (${mapping.files!.join(', ')}) do not match this path`;
  const misfit = headerMisfit(mapping, header);
  if (misfit) return misfit.missing.join('; ');
  const bound = bindMapping(mapping, header, headerRow, display);
  if ('missing' in bound) {
    throw new ConfigError(
      `mapping '${mapping.name}' applies to ${display} (${mapping.files ? 'its files match the path' : mapping.header ? 'its header is there' : 'it applies to every table'}) but the file has ${bound.missing.join('; ')}; the header row is row ${headerRow}`,
    );
  }
  return bound;
}

const noneFits = (setup: TableSetup, tried: readonly string[]): { noMapping: string } => ({
  noMapping: `${setup.mappings.length === 0 ? 'no mapping is configured (give one with --mapping or mappings: in the config; docs/mappings.md)' : 'no mapping fits it'}; tried: ${tried.join('; ')}`,
});

/**
 * The mapping a table gets, from its path and header row: the first, in order, whose `files`
 * match its path and whose `header` it has (a mapping with neither applies to every table).
 * Ready-made mappings come last, chosen by their header. None: why each did not fit.
 */
export function chooseMapping(display: string, relative: string | undefined, header: readonly Cell[], headerRow: number, setup: TableSetup): BoundMapping | { noMapping: string } {
  const tried: string[] = [];
  for (const mapping of [...setup.mappings, ...setup.readyMade]) {
    const found = fit(mapping, header, headerRow, display, relative);
    if (typeof found !== 'string') return found;
    tried.push(`'${mapping.name}': ${found}`);
  }
  return noneFits(setup, tried);
}

/** The rows of a table file, or standard input's CSV; `close` ends reading early. */
async function* tableEvents(file: TableFile, format: InputFormat, read: ReadOptions, limits: Limits): AsyncGenerator<TableEvent> {
  if (format === 'xlsx') {
    const handle = await file.open();
    try {
      // The config's limits hold for workbooks too: a cell as long as a referral's text may be.
      yield* readXlsx(handle.source, { ...(read.sheet !== undefined ? { sheet: read.sheet } : {}), limits: { maxStringLength: limits.maxStringLength } });
    } finally {
      await handle.close();
    }
    return;
  }
  yield* readCsv(file.chunks(), {
    ...(read.delimiter ? { delimiter: read.delimiter } : {}),
    ...(read.encoding ? { encoding: read.encoding } : {}),
    tsv: format === 'tsv',
    // The config's limits: a cell as long as a referral's text, a record as long as an NDJSON line.
    limits: { maxCellLength: limits.maxStringLength, maxRecordLength: limits.maxLineLength },
  });
}

/** How the file was read, in the words its record gives: the encoding only when it was not UTF-8. */
function sourceOf(bound: BoundMapping, info: TableInfo): TableSource {
  return { mapping: bound.mapping.name, ...(info.sheet !== undefined ? { sheet: info.sheet } : {}), headers: bound.headers, carried: bound.carried };
}

type Header = { info: TableInfo; row: number; cells: Cell[] } | { failure: Extract<TablePlan, { failure: string }> };

/** A table's header row, read with some read options (and nothing after it), or why it cannot be read. */
async function readHeader(file: TableFile, format: InputFormat, read: ReadOptions, limits: Limits): Promise<Header> {
  let info: TableInfo = {};
  const events = tableEvents(file, format, read, limits);
  try {
    for await (const event of events) {
      if (event.kind === 'info') info = event.info;
      else if (event.kind === 'row') return { info, row: event.row, cells: event.cells };
      else if (event.kind === 'bad-row') {
        return { failure: { failure: `the header row (row ${event.row}) cannot be read: ${event.reason}`, row: event.row, ...(event.column !== undefined ? { column: event.column } : {}) } };
      }
    }
    return { failure: { failure: 'no header row: the file has no row with anything in it' } };
  } catch (error) {
    if (error instanceof TableError) return { failure: { failure: error.message, ...(error.row !== undefined ? { row: error.row } : {}), ...(error.column !== undefined ? { column: error.column } : {}) } };
    throw error;
  } finally {
    await events.return(undefined);
  }
}

/**
 * A table's plan: each mapping tried in order, the file's header read as that mapping reads it
 * (its sheet, delimiter, encoding; each way once), and the first that fits bound. A mapping
 * meant for the file by its path that cannot read it (no such sheet) fails the file; one that
 * applies to any table does not fit, and the next is tried. ConfigError when a mapping meant
 * for the file lacks a column it needs.
 */
export async function planTable(file: TableFile, format: InputFormat, setup: TableSetup, limits: Limits): Promise<TablePlan> {
  const headers = new Map<string, Header>();
  const tried: string[] = [];
  let failure: Extract<TablePlan, { failure: string }> | undefined;
  let read = false;
  for (const mapping of [...setup.mappings, ...setup.readyMade]) {
    if (!filesMatch(mapping, file.relative)) {
      tried.push(`'${mapping.name}': its files (${mapping.files!.join(', ')}) do not match this path`);
      continue;
    }
    const options = readOf(mapping);
    const key = JSON.stringify([options.sheet ?? null, options.delimiter ?? null, options.encoding ?? null]);
    let header = headers.get(key);
    if (!header) headers.set(key, (header = await readHeader(file, format, options, limits)));
    if ('failure' in header) {
      if (mapping.files) return header.failure;
      failure ??= header.failure;
      tried.push(`'${mapping.name}': ${header.failure.failure}`);
      continue;
    }
    read = true;
    const found = fit(mapping, header.cells, header.row, file.display, file.relative);
    if (typeof found === 'string') {
      tried.push(`'${mapping.name}': ${found}`);
      continue;
    }
    return { bound: found, read: options, source: sourceOf(found, header.info), info: header.info };
  }
  // Read no way at all (not a workbook, no header row): the file fails with why.
  if (!read && failure) return failure;
  return noneFits(setup, tried);
}

function encodingWords(info: TableInfo): string | undefined {
  if (!info.encoding || info.encoding === 'utf-8') return undefined;
  const how = info.encodingFrom === 'set' ? 'as set by the mapping' : info.encodingFrom === 'bom' ? 'from its byte order mark' : 'detected: not valid UTF-8';
  return `${info.encoding} (${how})`;
}

/**
 * A table's referrals, one per row after the header, by its plan (planTable's, or, for
 * standard input, made here from its header). A row with cells past the last headed column
 * cannot be read safely (a delimiter inside an unquoted cell shifts every cell after it): it
 * is a failed referral. Blank rows are skipped and counted.
 */
export async function* loadTable(table: TableFile, format: InputFormat, plan: TablePlan | undefined, setup: TableSetup, limits: Limits): AsyncGenerator<LoadEvent> {
  const file = table.display;
  if (plan && 'failure' in plan) {
    yield { kind: 'failed-file', file, reason: plan.failure, ...(plan.row !== undefined ? { line: plan.row } : {}), ...(plan.column !== undefined ? { column: plan.column } : {}) };
    return;
  }
  if (plan && 'noMapping' in plan) {
    yield { kind: 'not-export', file, reason: plan.noMapping, brief: NO_MAPPING_BRIEF };
    return;
  }
  let bound = plan?.bound;
  let source = plan?.source;
  let info: TableInfo = {};
  let blank = 0;
  let headerSeen = false;
  try {
    for await (const event of tableEvents(table, format, plan?.read ?? readOptionsFor(table.relative, setup), limits)) {
      switch (event.kind) {
        case 'info':
          info = event.info;
          break;
        case 'blank':
          if (headerSeen) blank += 1;
          break;
        case 'bad-row':
          if (!headerSeen) {
            yield { kind: 'failed-file', file, reason: `the header row (row ${event.row}) cannot be read: ${event.reason}`, line: event.row, ...(event.column !== undefined ? { column: event.column } : {}) };
            return;
          }
          yield { kind: 'failed-referral', file, pointer: '', line: event.row, row: event.row, reason: event.reason };
          break;
        case 'row': {
          if (!headerSeen) {
            headerSeen = true;
            if (!bound) {
              const chosen = chooseMapping(file, table.relative, event.cells, event.row, setup);
              if ('noMapping' in chosen) {
                yield { kind: 'not-export', file, reason: chosen.noMapping, brief: NO_MAPPING_BRIEF };
                return;
              }
              bound = chosen;
              source = sourceOf(chosen, info);
            }
            const encoding = encodingWords(info);
            yield {
              kind: 'table',
              file,
              info: { source: source!, headerRow: event.row, ...(encoding ? { encoding } : {}), ...(info.delimiter && format !== 'xlsx' ? { delimiter: info.delimiter === '\t' ? 'tab' : info.delimiter } : {}) },
            };
            break;
          }
          // In CSV, a cell past the headed columns means the row's cells moved (a delimiter in a
          // cell that is not quoted). A workbook's cells cannot move: a note in a column with no
          // header is simply not read.
          const extra = format === 'xlsx' ? -1 : lastFilled(event.cells);
          if (extra >= bound!.headers.length) {
            yield {
              kind: 'failed-referral',
              file,
              pointer: '',
              line: event.row,
              row: event.row,
              reason: `row ${event.row} has a value in column ${columnLetter(extra)}, past the last column with a header (${columnLetter(bound!.headers.length - 1)}): a delimiter inside a cell that is not quoted moves every cell after it, so the row is not read`,
            };
            break;
          }
          const timings = activeTimings; // --timing: the row's mapping counted as parsing
          const start = timings ? performance.now() : 0;
          const mapped = applyMapping(bound!, event.row, event.cells);
          const breach = referralBreach(mapped.data, limits);
          timings?.since('parsing', start);
          if (breach) {
            yield { kind: 'failed-referral', file, pointer: '', line: event.row, row: event.row, reason: breach };
            break;
          }
          yield {
            kind: 'referral',
            file,
            pointer: '',
            line: event.row,
            data: mapped.data,
            locate: () => undefined,
            table: {
              source: source!,
              row: event.row,
              cells: mapped.cells,
              ...(mapped.groupCells ? { groupCells: mapped.groupCells } : {}),
              errors: mapped.errors,
              ...(mapped.rowId ? { rowId: mapped.rowId } : {}),
            },
          };
          break;
        }
      }
    }
  } catch (error) {
    if (error instanceof TableError) {
      yield { kind: 'failed-file', file, reason: error.message, ...(error.row !== undefined ? { line: error.row } : {}), ...(error.column !== undefined ? { column: error.column } : {}) };
      return;
    }
    throw error;
  }
  if (!headerSeen) {
    yield { kind: 'failed-file', file, reason: 'no header row: the file has no row with anything in it' };
    return;
  }
  yield { kind: 'table-end', file, blankRows: blank };
}

/** The index of a row's last cell with something in it; -1 for none. */
function lastFilled(cells: readonly Cell[]): number {
  for (let i = cells.length - 1; i >= 0; i -= 1) {
    const c = cells[i];
    if (c !== undefined && !(typeof c === 'string' && c.trim() === '')) return i;
  }
  return -1;
}
