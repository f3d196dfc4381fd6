// One row of a table made into one referral, by a bound mapping (bind.ts): each cell
// converted to its field's type (docs/mappings.md, "Values"). A cell that cannot be
// converted keeps its text in the referral (the field is present, and wrong) and gives a
// cell error, which the run reports as a schema-valid finding at that cell; its message names
// the field and what was expected, never the cell's value.
import type { JsonObject } from '../domain/referral.js';
import { joinPointer } from '../model/pointer.js';
import type { Cell } from '../parse/table.js';
import type { BoundField, BoundMapping } from './bind.js';
import { fromExcelSerial, writeDate, type ReadDate } from './dates.js';
import { codeKey, normalizeValue, type CompiledField } from './mapping.js';

export interface CellError {
  /** Pointer of the field in the referral. */
  pointer: string;
  /** 0-based column index. */
  column: number;
  message: string;
  /** Another field read from a cell that already has an error: no finding of its own (one cell, one finding). */
  quiet?: true;
}

export interface MappedRow {
  data: JsonObject;
  /**
   * Pointer of every field that comes from a column, to that column (0-based): empty cells too,
   * so a finding that a field is missing points at its cell. The fields outside groups are the
   * bound mapping's `cells`, the same for every row; this row's group items are `groupCells`.
   */
  cells: ReadonlyMap<string, number>;
  groupCells?: Map<string, number>;
  errors: CellError[];
  /** With `id: row`: how reports name the referral (`row-14`); the referral itself has no id. */
  rowId?: string;
}

type Value = string | number | boolean | string[] | (string | number)[];

/** A conversion: the value, or (failed) the text to keep and why it failed. */
type Converted = { value: Value } | { keep: Value; why: string } | undefined;

const LIST_SPLIT = /\s*[;\n|]\s*/;
const CODE_LIST_SPLIT = /\s*[;,\n|]\s*/;

function cellText(cell: Cell): string | undefined {
  if (cell === undefined) return undefined;
  if (typeof cell === 'string') {
    const t = cell.trim();
    return t === '' ? undefined : t;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if ('error' in cell) return cell.error;
  const date = fromExcelSerial(cell.serial);
  return date ? writeDate(date, 'time' in date && date.time ? 'date-time' : 'date') : String(cell.serial);
}

const MAX_LISTED = 12;
function listed(items: readonly string[]): string {
  return items.length <= MAX_LISTED ? items.join(', ') : `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

/** What a field accepts, in words, for a message. */
function expected(field: CompiledField, yes: ReadonlySet<string>, no: ReadonlySet<string>): string {
  if (field.expected !== undefined) return field.expected;
  if (field.values && field.values.length > 0) {
    const keys = field.values.map((v) => (v.text !== undefined ? `"${v.label}"` : `text matching ${v.label}`));
    return `one of the values its mapping lists (${listed(keys)})`;
  }
  switch (field.kind) {
    case 'code':
    case 'codes':
      return `one of its codes (${listed((field.codes ?? []).map(String))})`;
    case 'boolean':
      return `yes or no (${listed([...yes, ...no])})`;
    case 'number':
      return 'a number';
    case 'integer':
      return 'a whole number';
    case 'date':
    case 'date-time':
      return `a date as ${listed((field.dates ?? []).map((d) => d.name))}`;
    default:
      return 'text';
  }
}

/** The value map's answer for a text: the mapped value (null: counts as empty), or undefined when no key matches. */
function mapValue(field: CompiledField, text: string): string | number | boolean | null | undefined {
  if (!field.values) return undefined;
  // Text keys first (a key written out wins over a pattern), then the patterns in order.
  const known = field.textValues!.get(normalizeValue(text));
  if (known !== undefined) return known;
  for (const rule of field.regexValues!) {
    const m = rule.regex!.exec(text);
    if (m) return typeof rule.to === 'string' ? rule.to.replace(/\$(\d)/g, (_, d: string) => m[Number(d)] ?? '') : rule.to;
  }
  return field.otherwise;
}

function toCode(field: CompiledField, text: string): string | undefined {
  return field.codeIndex?.get(codeKey(text));
}

function toNumber(text: string, integer: boolean): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return undefined;
  const n = Number(text);
  return integer && !Number.isInteger(n) ? undefined : n;
}

/** One scalar (a cell, or one item of a list cell) by the field's kind; null when the value map says the cell counts as empty. */
function scalar(field: CompiledField, cell: Cell, text: string, yes: ReadonlySet<string>, no: ReadonlySet<string>): string | number | boolean | null | undefined {
  const mapped = typeof cell === 'object' && cell !== null && 'error' in cell ? undefined : mapValue(field, text);
  const kind = field.kind === 'codes' ? 'code' : field.kind === 'texts' ? 'text' : field.kind;
  if (mapped === null) return null;
  if (mapped !== undefined) {
    // A mapped value is of the field's kind (checked when the mapping was compiled), or a capture's text to read as one.
    if (typeof mapped !== 'string') return mapped;
    if (kind === 'code') return toCode(field, mapped);
    if (kind === 'number' || kind === 'integer') return toNumber(mapped, kind === 'integer');
    if (kind === 'boolean') return yes.has(normalizeValue(mapped)) ? true : no.has(normalizeValue(mapped)) ? false : undefined;
    if (kind === 'date' || kind === 'date-time') return readDate(field, undefined, mapped, kind);
    return mapped;
  }
  if (field.values && field.otherwise === undefined) return undefined; // a value map lists what a cell may hold
  if (typeof cell === 'object' && cell !== null && 'error' in cell) return undefined;
  switch (kind) {
    case 'code':
      return toCode(field, text);
    case 'number':
    case 'integer':
      return typeof cell === 'number' ? (kind === 'integer' && !Number.isInteger(cell) ? undefined : cell) : toNumber(text, kind === 'integer');
    case 'boolean': {
      if (typeof cell === 'boolean') return cell;
      const norm = normalizeValue(text);
      return yes.has(norm) ? true : no.has(norm) ? false : undefined;
    }
    case 'date':
    case 'date-time':
      return readDate(field, cell, text, kind);
    default:
      return text;
  }
}

function readDate(field: CompiledField, cell: Cell, text: string, kind: 'date' | 'date-time'): string | undefined {
  let read: ReadDate | undefined;
  if (typeof cell === 'object' && cell !== null && 'serial' in cell) read = fromExcelSerial(cell.serial);
  else if (typeof cell === 'number') read = field.dates?.some((d) => d.name === 'excel') ? fromExcelSerial(cell) : undefined;
  else for (const format of field.dates ?? []) if ((read = format.read(text))) break;
  return read ? writeDate(read, kind) : undefined;
}

function convert(field: CompiledField, cell: Cell, yes: ReadonlySet<string>, no: ReadonlySet<string>): Converted {
  const text = cellText(cell);
  if (text === undefined) return undefined;
  const excelError = typeof cell === 'object' && cell !== null && 'error' in cell;
  if (field.kind === 'codes' || field.kind === 'texts') {
    const items = text.split(field.split ?? (field.kind === 'codes' ? CODE_LIST_SPLIT : LIST_SPLIT)).filter((t) => t.trim() !== '');
    const out: (string | number)[] = [];
    let bad = 0;
    for (const item of items) {
      const v = excelError ? undefined : scalar(field, item, item.trim(), yes, no);
      if (v === null) continue;
      if (v === undefined || typeof v === 'boolean') bad += 1;
      else if (!out.includes(v)) out.push(v);
    }
    if (bad === 0) return out.length > 0 ? { value: out as Value } : undefined;
    return { keep: items, why: excelError ? `holds the Excel error ${text}` : `${bad === 1 ? 'an item is' : `${bad} items are`} not ${expectedItem(field, yes, no)}` };
  }
  const value = scalar(field, cell, text, yes, no);
  if (value === null) return undefined;
  if (value !== undefined) return { value };
  return { keep: text, why: excelError ? `holds the Excel error ${text}` : `is not ${expected(field, yes, no)}` };
}

const expectedItem = (field: CompiledField, yes: ReadonlySet<string>, no: ReadonlySet<string>): string => expected(field, yes, no);

function setAt(target: JsonObject, tokens: readonly string[], value: unknown): void {
  let node = target as Record<string, unknown>;
  for (let i = 0; i < tokens.length - 1; i += 1) {
    const key = tokens[i]!;
    let next = node[key];
    if (typeof next !== 'object' || next === null) {
      next = {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  node[tokens.at(-1)!] = value;
}

/** A referral from one row (`cells` by column), its cells, and the cells that could not be converted. */
export function applyMapping(bound: BoundMapping, row: number, cells: readonly Cell[]): MappedRow {
  const { mapping } = bound;
  const data: JsonObject = {};
  let groupCells: Map<string, number> | undefined;
  const errors: CellError[] = [];
  const fill = (target: JsonObject, f: BoundField, base: string): boolean => {
    const { source } = f.field;
    if ('value' in source) {
      setAt(target, f.keys, source.value);
      return false;
    }
    if (f.column === undefined) return false; // declared empty, or an optional column this file lacks
    if (base !== '') (groupCells ??= new Map()).set(base + f.pointer, f.column);
    const converted = convert(f.field, cells[f.column], mapping.yes, mapping.no);
    if (converted === undefined) return false;
    const pointer = base + f.pointer;
    if ('value' in converted) setAt(target, f.keys, converted.value);
    else {
      setAt(target, f.keys, converted.keep);
      // Several fields read from one cell (a source column giving the code and the sector): one finding, at the first.
      const first = errors.find((e) => e.column === f.column && !e.quiet);
      if (first) errors.push({ pointer, column: f.column, message: first.message, quiet: true });
      else errors.push({ pointer, column: f.column, message: `${f.field.formatPath} ${converted.why}` });
    }
    return true;
  };
  // `id: row`: the export has no reference. The referral has none, as the export says (no rule
  // compares a made-up id), and reports name it by its row (`rowId`).
  if (bound.id !== 'row') {
    const text = cellText(cells[bound.id.column]);
    if (text !== undefined) data.id = text;
  }
  for (const f of bound.fields) fill(data, f, '');
  for (const group of bound.groups) {
    const list: JsonObject[] = [];
    for (const item of group.items) {
      const base = joinPointer('', group.path, list.length);
      const object: JsonObject = {};
      let any = false;
      for (const f of item) if (fill(object, f, base)) any = true;
      // An item none of whose cells holds anything is no person: "Parent 2" left blank.
      if (any) list.push(object);
      else for (const f of item) groupCells?.delete(base + f.pointer);
    }
    if (list.length > 0) data[group.path] = list;
  }
  return { data, cells: bound.cells, ...(groupCells && groupCells.size > 0 ? { groupCells } : {}), errors, ...(bound.id === 'row' ? { rowId: `row-${row}` } : {}) };
}
