// What the loader yields: referrals with where they came from, and the failures it met.
import type { JsonObject } from '../domain/referral.js';

export interface Position {
  line: number;
  column: number;
}

/** Finds the line and column of a pointer (relative to the file or YAML document); worked out only when asked. */
export type Locator = (pointer: string) => Position | undefined;

export interface LoadedReferral {
  kind: 'referral';
  file: string;
  /** Pointer of the referral inside its file (or YAML document, or NDJSON line). */
  pointer: string;
  /** 1-based YAML document number, in multi-document files. */
  document?: number;
  /** Known up front for NDJSON; else found with `locate` when needed. */
  line?: number;
  data: JsonObject;
  locate: Locator;
  /** A referral made from a row of a table (CSV, XLSX) by a mapping: where its fields came from. */
  table?: TableOrigin;
}

/** One file's table and the mapping that reads it, shared by its rows (docs/mappings.md). */
export interface TableSource {
  /** The mapping's name. */
  mapping: string;
  /** XLSX: the sheet read. */
  sheet?: string;
  /** Each column's header text, by 0-based column. */
  headers: readonly string[];
  /** Fields of the referral format the table carries (`consent.status`, `carers[].name`). */
  carried: ReadonlySet<string>;
}

/** Where a mapped referral came from: its row, and the column of each field that comes from one. */
export interface TableOrigin {
  source: TableSource;
  /** Its row, as the sheet numbers it (the header is row 1). */
  row: number;
  /** Pointer of every field outside a group that comes from a column (also when the cell is empty), to its 0-based column: the same for every row. */
  cells: ReadonlyMap<string, number>;
  /** The same for this row's group items (`/carers/0/name`). */
  groupCells?: ReadonlyMap<string, number>;
  /** With a mapping's `id: row`: how reports name the referral (`row-14`); the referral itself has no id. */
  rowId?: string;
  /** Cells the mapping could not convert (a value not in its value map, a date that fits no format): schema-valid findings there. */
  errors: readonly { pointer: string; column: number; message: string; quiet?: true }[];
}

/** How a table file was read, for its file record. */
export interface TableFileInfo {
  source: TableSource;
  /** The text encoding, when it was not UTF-8, and how it was chosen. */
  encoding?: string;
  /** The CSV delimiter used. */
  delimiter?: string;
  headerRow: number;
}

/** A referral's text not parsed yet, an NDJSON line or a JSON list element: a worker thread parses it and runs its rules (--jobs). */
export interface RawReferral {
  kind: 'raw-referral';
  format: 'ndjson' | 'json';
  file: string;
  pointer: string;
  line: number;
  /** Where a JSON element starts on its line. */
  column?: number;
  text: string;
  locate: Locator;
}

export interface FailedReferral {
  kind: 'failed-referral';
  file: string;
  pointer: string;
  document?: number;
  line?: number;
  /** A table's row that could not be made into a referral. */
  row?: number;
  reason: string;
}

export interface FileStart {
  kind: 'file';
  file: string;
}

/** A table file's mapping and reading, once its header is read (after its `file`, before its rows). */
export interface TableStart {
  kind: 'table';
  file: string;
  info: TableFileInfo;
}

/** A table file's end: the rows it had with nothing in them, skipped. */
export interface TableEnd {
  kind: 'table-end';
  file: string;
  blankRows: number;
}

export interface FailedFile {
  kind: 'failed-file';
  file: string;
  reason: string;
  line?: number;
  column?: number;
}

/**
 * The file is no referral export (docs/referral-format.md, "Which files are referral
 * exports"): `reason` says what it is instead (`a referral-lint report`). The parsers say so;
 * the loader makes it a skipped file (found by a walk or glob) or a failed one (named).
 */
export interface NotExport {
  kind: 'not-export';
  file: string;
  reason: string;
  /** A shorter reason for the one-line list of skipped files, when `reason` is long (a table no mapping fits: each mapping tried). */
  brief?: string;
}

/** A file a directory walk or glob found that is no referral export: left out of the run, said once on stderr. */
export interface SkippedFile {
  kind: 'skipped-file';
  file: string;
  reason: string;
}

export type LoadEvent = FileStart | TableStart | TableEnd | LoadedReferral | RawReferral | FailedReferral | FailedFile | NotExport | SkippedFile;

export const REFERRAL_EXTENSIONS = ['.json', '.yaml', '.yml', '.ndjson', '.jsonl', '.csv', '.tsv', '.xlsx'] as const;
export type InputFormat = 'json' | 'yaml' | 'ndjson' | 'csv' | 'tsv' | 'xlsx';
/** Formats read as tables, through a mapping. */
export const TABLE_FORMATS: readonly InputFormat[] = ['csv', 'tsv', 'xlsx'];
