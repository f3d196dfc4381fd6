// Tables in: a CSV, TSV or XLSX file (or CSV on standard input) read row by row, its header
// row choosing and binding a mapping (src/mapping/), and each row made into one referral.
// Which mapping a file gets is decided from its path and its header alone, before any of its
// rows is read; src/run/tables.ts does that for every input before the run starts, so that a
// mapping that does not fit its file is a configuration error (exit 2) before anything is linted.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { ConfigError } from '../model/errors.js';
import { applyMapping } from '../mapping/apply.js';
import { bindMapping, headerMisfit, type BoundMapping } from '../mapping/bind.js';
import type { Mapping } from '../mapping/mapping.js';
import { readCsv } from '../parse/csv.js';
import { readXlsx } from '../parse/xlsx/index.js';
import { columnLetter, TableError, type Cell, type TableEvent, type TableInfo } from '../parse/table.js';
import { referralBreach, type Limits } from '../parse/limits.js';
import type { InputFormat, LoadEvent, TableSource } from '../parse/types.js';
import { openRandomAccess } from './xlsx-file.js';

/** The mappings a run knows, in the order they are tried. */
export interface TableSetup {
  /** --mapping's, then the config's. */
  mappings: readonly Mapping[];
  /** Ready-made mappings the config does not name, tried last, by their header. */
  readyMade: readonly Mapping[];
  /** The folder `files` globs are relative to: the config file's, else the current directory. */
  baseDir: string;
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
function filesMatch(mapping: Mapping, absolute: string | undefined, baseDir: string): boolean {
  if (!mapping.files) return true;
  if (absolute === undefined) return false; // standard input has no path
  let match = matchers.get(mapping);
  if (!match) matchers.set(mapping, (match = picomatch(mapping.files, { dot: true })));
  return match(path.relative(baseDir, absolute).split(path.sep).join('/'));
}

export function readOptionsFor(absolute: string | undefined, setup: TableSetup): ReadOptions {
  const first = setup.mappings.find((m) => m.files && filesMatch(m, absolute, setup.baseDir));
  if (!first) return {};
  return { ...(first.sheet !== undefined ? { sheet: first.sheet } : {}), ...(first.delimiter ? { delimiter: first.delimiter } : {}), ...(first.encoding ? { encoding: first.encoding } : {}) };
}

/**
 * The mapping a table gets, from its path and header row: the first, in order, whose `files`
 * match its path and whose `header` it has (a mapping with neither applies to every table).
 * A mapping so chosen that then lacks a column it needs is a ConfigError: it was meant for
 * this file. Ready-made mappings come last, chosen by their header. None: why each did not fit.
 */
export function chooseMapping(display: string, absolute: string | undefined, header: readonly Cell[], headerRow: number, setup: TableSetup): BoundMapping | { noMapping: string } {
  const tried: string[] = [];
  for (const mapping of [...setup.mappings, ...setup.readyMade]) {
    if (!filesMatch(mapping, absolute, setup.baseDir)) {
      tried.push(`'${mapping.name}': its files (${mapping.files!.join(', ')}) do not match this path`);
      continue;
    }
    const misfit = headerMisfit(mapping, header);
    if (misfit) {
      tried.push(`'${mapping.name}': ${misfit.missing.join('; ')}`);
      continue;
    }
    const bound = bindMapping(mapping, header, headerRow, display);
    if ('missing' in bound) {
      throw new ConfigError(
        `mapping '${mapping.name}' applies to ${display} (${mapping.files ? 'its files match the path' : mapping.header ? 'its header is there' : 'it applies to every table'}) but the file has ${bound.missing.join('; ')}; the header row is row ${headerRow}`,
      );
    }
    return bound;
  }
  const none = setup.mappings.length === 0 ? 'no mapping is configured (give one with --mapping or mappings: in the config; docs/mappings.md)' : 'no mapping fits it';
  return { noMapping: `${none}; tried: ${tried.join('; ')}` };
}

/** The rows of a table file, or standard input's CSV; `close` ends reading early. */
async function* tableEvents(file: string, absolute: string | undefined, format: InputFormat, read: ReadOptions, limits: Limits, stdin?: AsyncIterable<Uint8Array>): AsyncGenerator<TableEvent> {
  if (format === 'xlsx') {
    const handle = await openRandomAccess(absolute!);
    try {
      yield* readXlsx(handle.source, { ...(read.sheet !== undefined ? { sheet: read.sheet } : {}) });
    } finally {
      await handle.close();
    }
    return;
  }
  const chunks = stdin ?? (createReadStream(absolute!, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>);
  yield* readCsv(chunks, {
    ...(read.delimiter ? { delimiter: read.delimiter } : {}),
    ...(read.encoding ? { encoding: read.encoding } : {}),
    tsv: format === 'tsv',
    limits: { maxCellLength: limits.maxStringLength },
  });
}

/** How the file was read, in the words its record gives: the encoding only when it was not UTF-8. */
function sourceOf(bound: BoundMapping, info: TableInfo): TableSource {
  return { mapping: bound.mapping.name, ...(info.sheet !== undefined ? { sheet: info.sheet } : {}), headers: bound.headers, carried: bound.carried };
}

/** A table's plan: its header read (and nothing after it), its mapping chosen and bound. ConfigError when a mapping meant for it does not fit. */
export async function planTable(file: string, absolute: string | undefined, format: InputFormat, setup: TableSetup, limits: Limits): Promise<TablePlan> {
  const read = readOptionsFor(absolute, setup);
  let info: TableInfo = {};
  const events = tableEvents(file, absolute, format, read, limits);
  try {
    for await (const event of events) {
      if (event.kind === 'info') info = event.info;
      else if (event.kind === 'row') {
        const chosen = chooseMapping(file, absolute, event.cells, event.row, setup);
        if ('noMapping' in chosen) return chosen;
        return { bound: chosen, read, source: sourceOf(chosen, info), info };
      }
    }
    return { failure: 'no header row: the file has no row with anything in it' };
  } catch (error) {
    if (error instanceof TableError) return { failure: error.message, ...(error.row !== undefined ? { row: error.row } : {}), ...(error.column !== undefined ? { column: error.column } : {}) };
    throw error;
  } finally {
    await events.return(undefined);
  }
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
export async function* loadTable(file: string, absolute: string | undefined, format: InputFormat, plan: TablePlan | undefined, setup: TableSetup, limits: Limits, stdin?: AsyncIterable<Uint8Array>): AsyncGenerator<LoadEvent> {
  if (plan && 'failure' in plan) {
    yield { kind: 'failed-file', file, reason: plan.failure, ...(plan.row !== undefined ? { line: plan.row } : {}), ...(plan.column !== undefined ? { column: plan.column } : {}) };
    return;
  }
  if (plan && 'noMapping' in plan) {
    yield { kind: 'not-export', file, reason: plan.noMapping };
    return;
  }
  let bound = plan?.bound;
  let source = plan?.source;
  let info: TableInfo = {};
  let blank = 0;
  let headerSeen = false;
  try {
    for await (const event of tableEvents(file, absolute, format, plan?.read ?? readOptionsFor(absolute, setup), limits, stdin)) {
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
              const chosen = chooseMapping(file, absolute, event.cells, event.row, setup);
              if ('noMapping' in chosen) {
                yield { kind: 'not-export', file, reason: chosen.noMapping };
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
          const extra = lastFilled(event.cells);
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
          const mapped = applyMapping(bound!, event.row, event.cells);
          const breach = referralBreach(mapped.data, limits);
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
            table: { source: source!, row: event.row, cells: mapped.cells, errors: mapped.errors },
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
