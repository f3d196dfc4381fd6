// A mapping bound to one file's header row: which column each field comes from. Whether a
// mapping applies to a file, and why not, is decided here too (docs/mappings.md, "Which
// mapping a file gets"). Header text is a column's name, never a referral's value.
import { ConfigError } from '../model/errors.js';
import { joinPointer } from '../model/pointer.js';
import { columnLetter, type Cell } from '../parse/table.js';
import { normalizeHeader, type ColumnRef, type CompiledField, type Mapping } from './mapping.js';

export interface BoundField {
  field: CompiledField;
  /** Pointer of the value in the referral (for a group item, inside the item: `/name`). */
  pointer: string;
  /** The pointer's keys (`['consent', 'status']`). */
  keys: string[];
  /** 0-based column index, when the field comes from a column of this file. */
  column?: number;
}

export interface BoundMapping {
  mapping: Mapping;
  /** The header row's cells as text, by column (a column's name; shown in locations). */
  headers: string[];
  /** The header's row number, as the sheet numbers it. */
  headerRow: number;
  id: { column: number } | 'row';
  fields: BoundField[];
  groups: { path: string; items: BoundField[][] }[];
  /** Fields of the format this file carries (`consent.status`, `carers[].name`): a column, a constant, or declared empty. */
  carried: ReadonlySet<string>;
  /** Pointer of every field outside a group that comes from a column (and the id's), to the column: the same for every row. */
  cells: ReadonlyMap<string, number>;
}

/** A header cell as text: whatever a spreadsheet shows in it. */
export function headerText(cell: Cell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'object') return 'error' in cell ? cell.error : String(cell.serial);
  return String(cell).trim();
}

const describeRef = (ref: ColumnRef): string =>
  typeof ref === 'string' ? `"${ref}"` : Array.isArray(ref) ? ref.map((r) => `"${r}"`).join(' or ') : `a header matching /${ref.match}/`;

/** Where a mapping's key stands, for messages. */
const keyOf = (field: CompiledField, group?: string): string => (group ? `groups.${group}.fields.${field.path}` : `fields.${field.path}`);

class Header {
  private readonly byName = new Map<string, number[]>();
  constructor(readonly headers: string[]) {
    headers.forEach((h, i) => {
      const name = normalizeHeader(h);
      if (name === '') return;
      const list = this.byName.get(name);
      if (list) list.push(i);
      else this.byName.set(name, [i]);
    });
  }

  has(header: string): boolean {
    return this.byName.has(normalizeHeader(header));
  }

  /** The columns a reference finds: the first alternative that is present gives them. */
  find(ref: ColumnRef, n?: number): number[] {
    const sub = (text: string): string => (n === undefined ? text : text.replaceAll('{n}', String(n)));
    if (typeof ref === 'string' || Array.isArray(ref)) {
      for (const alt of typeof ref === 'string' ? [ref] : ref) {
        const found = this.byName.get(normalizeHeader(sub(alt)));
        if (found) return found;
      }
      return [];
    }
    const re = new RegExp(sub(ref.match), 'iu');
    return this.headers.flatMap((h, i) => (h !== '' && re.test(h) ? [i] : []));
  }
}

/** Why a mapping does not fit a header row: the columns it needs that are not there. */
export type Misfit = { missing: string[] };

/**
 * Binds a mapping to a file's header row. Columns it needs that are missing make a Misfit;
 * a reference that finds two columns (two columns with one header) is a ConfigError: the
 * mapping cannot say which one it means.
 */
export function bindMapping(mapping: Mapping, headerCells: readonly Cell[], headerRow: number, file: string): BoundMapping | Misfit {
  const header = new Header(headerCells.map(headerText));
  const missing: string[] = [];
  const carried = new Set<string>();
  const one = (ref: ColumnRef, key: string, n?: number): number | undefined => {
    const found = header.find(ref, n);
    if (found.length > 1) {
      throw new ConfigError(
        `mapping '${mapping.name}': ${key}: ${file} has ${found.length} columns that ${describeRef(ref).replaceAll('{n}', String(n ?? '{n}'))} names (${found.map((i) => `${columnLetter(i)} "${header.headers[i]}"`).join(', ')}): say which one with a header that only one of them has, or { match: ... }`,
      );
    }
    return found[0];
  };
  const bindField = (field: CompiledField, pointer: string, key: string, n?: number): BoundField | undefined => {
    const { source } = field;
    if ('column' in source) {
      const column = one(source.column, key, n);
      if (column === undefined) {
        if (!source.optional) missing.push(`no column ${describeRef(source.column).replaceAll('{n}', String(n ?? '{n}'))} for ${field.formatPath} (${key})`);
        return undefined;
      }
      carried.add(field.formatPath);
      return { field, pointer, keys: field.path.split('.'), column };
    }
    carried.add(field.formatPath);
    return { field, pointer, keys: field.path.split('.') };
  };

  let id: BoundMapping['id'] = 'row';
  if (mapping.id !== 'row') {
    const column = one(mapping.id.column, 'id');
    if (column === undefined) missing.push(`no column ${describeRef(mapping.id.column)} for the referral's id (id)`);
    else {
      id = { column };
      carried.add('id');
    }
  }
  const fields: BoundField[] = [];
  for (const field of mapping.fields) {
    const bound = bindField(field, joinPointer('', ...field.path.split('.')), keyOf(field));
    if (bound) fields.push(bound);
  }
  const groups: BoundMapping['groups'] = [];
  for (const group of mapping.groups) {
    const items: BoundField[][] = [];
    for (let n = 1; n <= group.count; n += 1) {
      const item: BoundField[] = [];
      for (const field of group.fields) {
        const bound = bindField(field, joinPointer('', ...field.path.split('.')), keyOf(field, group.path), n);
        if (bound) item.push(bound);
      }
      if (item.some((f) => f.column !== undefined)) items.push(item);
    }
    groups.push({ path: group.path, items });
  }
  if (missing.length > 0) return { missing };
  const cells = new Map<string, number>();
  if (id !== 'row') cells.set('/id', id.column);
  for (const f of fields) if (f.column !== undefined) cells.set(f.pointer, f.column);
  return { mapping, headers: header.headers, headerRow, id, fields, groups, carried, cells };
}

/** Why a mapping's `header` list does not fit a header row; undefined when every header is there. */
export function headerMisfit(mapping: Mapping, headerCells: readonly Cell[]): Misfit | undefined {
  if (!mapping.header) return undefined;
  const header = new Header(headerCells.map(headerText));
  const missing = mapping.header.filter((h) => !header.has(h)).map((h) => `no column "${h}" (header)`);
  return missing.length > 0 ? { missing } : undefined;
}
