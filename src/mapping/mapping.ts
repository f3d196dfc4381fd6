// A mapping: how a table (a CSV file, an XLSX sheet) becomes referrals, one row each
// (docs/mappings.md). Written in YAML, in the config under `mappings:` or in a file named by
// --mapping; a ready-made one is named (`annex-a-list-1`). This module checks what the user
// wrote and compiles it: every mistake is a ConfigError naming the mapping and the key, before
// any file is read. Binding to a file's header row is bind.ts; a row's conversion is apply.ts.
import { ConfigError } from '../model/errors.js';
import { referralFields, type FieldInfo } from '../schema/fields.js';
import { catastrophicBacktracking } from '../config/regex-safety.js';
import { ambiguous, dateFormat, DEFAULT_DATE_FORMATS, type DateFormat } from './dates.js';

/** Where a field's value comes from in the file: a header, alternative headers, or a regular expression over headers. */
export type ColumnRef = string | string[] | { match: string };

/** One referral field of a mapping, as written. A plain text or list is `column:`. */
export type FieldSpec =
  | string
  | string[]
  | {
      column?: string | string[];
      match?: string;
      /** A constant for every row: the file does not hold the field. */
      value?: string | number | boolean;
      /** The source carries the field, and it is always empty: it does not apply to this source's referrals. */
      empty?: true;
      /** Cell text (compared without case or surrounding space) or a regular expression (`^...`) to the field's value. */
      values?: Record<string, string | number | boolean | null>;
      /** Date formats for this field, instead of the mapping's. */
      dates?: string[];
      /** For a list field: what separates the items in one cell (default `;`). */
      split?: string;
      /** The column may be missing from a file: the field is then not carried (and rules needing it are not assessed). */
      optional?: boolean;
      /** What the column may hold, in words, for the message of a cell that holds something else (instead of the value map's keys). */
      expected?: string;
    };

export interface MappingSpec {
  name: string;
  /** A ready-made mapping this one starts from: its settings, with this one's over them (fields and groups merged). */
  extends?: string;
  description?: string;
  /** Globs of the files it applies to, relative to the config file's folder (or the current directory). */
  files?: string[];
  /** Headers a file's header row must have for the mapping to apply to it. */
  header?: string[];
  /** XLSX: the sheet, by name or 1-based position; default the first visible sheet. */
  sheet?: string | number;
  /** CSV: `,`, `;` or `tab` (`\t`); detected when not set. */
  delimiter?: string;
  /** CSV: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`; detected when not set. */
  encoding?: string;
  /** The referral's id: a column, or `row` (the file has none: `row-14`). */
  id?: ColumnRef | 'row';
  /** Words read as true and false in every true/false field. */
  booleans?: { yes?: string[]; no?: string[] };
  /** Date formats every date field reads, in order. */
  dates?: string[];
  fields?: Record<string, FieldSpec>;
  /** Repeated columns into a list of objects: `carers: { count: 2, fields: { name: "Parent {n} name" } }`. */
  groups?: Record<string, { count: number; fields: Record<string, FieldSpec> }>;
}

/** How a field's cells become its value: by the field's type in the referral format. */
export type FieldKind = 'text' | 'code' | 'number' | 'integer' | 'boolean' | 'date' | 'date-time' | 'codes' | 'texts';

export interface ValueRule {
  /** Lower-cased, trimmed text; or a regular expression. */
  text?: string;
  /** The key as the mapping wrote it, for messages. */
  label: string;
  regex?: RegExp;
  /** null: the cell counts as empty ("Not known"). */
  to: string | number | boolean | null;
}

export interface CompiledField {
  /** `consent.status`; in a group, the path inside an item (`name`). */
  path: string;
  /** Path in the format, for messages and coverage: `carers[].name`. */
  formatPath: string;
  kind: FieldKind;
  codes?: readonly (string | number)[];
  /** Each code by its key (codeKey): how a cell's text finds its code. */
  codeIndex?: ReadonlyMap<string, string>;
  source: { column: ColumnRef; optional: boolean } | { value: string | number | boolean } | { empty: true };
  values?: ValueRule[];
  /** The value map's text keys (normalised) to their values, for lookup; its regular expressions in order. */
  textValues?: Map<string, string | number | boolean | null>;
  regexValues?: ValueRule[];
  /** Value map's catch-all (`"*"`). */
  otherwise?: string | number | boolean | null;
  dates?: DateFormat[];
  split?: string;
  /** What the column may hold, in words (the mapping's `expected`). */
  expected?: string;
}

export interface CompiledGroup {
  /** `carers`. */
  path: string;
  count: number;
  fields: CompiledField[];
}

export interface Mapping {
  name: string;
  description?: string;
  files?: string[];
  header?: string[];
  sheet?: string | number;
  delimiter?: ',' | ';' | '\t';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  id: { column: ColumnRef } | 'row';
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
  fields: CompiledField[];
  groups: CompiledGroup[];
}

export const DEFAULT_YES = ['yes', 'y', 'true', '1'];
export const DEFAULT_NO = ['no', 'n', 'false', '0'];

const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const MAPPING_KEYS = ['name', 'extends', 'description', 'files', 'header', 'sheet', 'delimiter', 'encoding', 'id', 'booleans', 'dates', 'fields', 'groups'];
const FIELD_KEYS = ['column', 'match', 'value', 'empty', 'values', 'dates', 'split', 'optional', 'expected'];

let fieldTable: Map<string, FieldInfo> | undefined;
/** Every field of the format by its path (`carers[].name`). */
export function formatFields(): Map<string, FieldInfo> {
  fieldTable ??= new Map(referralFields().map((f) => [f.path, f]));
  return fieldTable;
}

function kindOf(info: FieldInfo): FieldKind | undefined {
  switch (info.type) {
    case 'code':
      return 'code';
    case 'list of codes':
      return 'codes';
    case 'list of text':
      return 'texts';
    case 'true/false':
      return 'boolean';
    case 'whole number':
      return 'integer';
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'date-time':
      return 'date-time';
    default:
      return info.type.startsWith('text') ? 'text' : undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.trim() !== '');

/** Headers are compared without case, accents' forms, surrounding space or punctuation: `Consent given?` is `consent given`. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A code as a label may write it: without case, and with spaces or underscores for hyphens (`Domestic abuse` is `domestic-abuse`). */
export const codeKey = (text: string): string => normalizeValue(text).replace(/[\s_]+/g, '-');

/** Cell text compared with a value map's keys and the yes/no words: without case or surrounding space. */
export function normalizeValue(text: string): string {
  // Most cells are plain ASCII with single spaces: no Unicode normalisation or space folding to do.
  const plain = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(text);
  return plain ? text.toLowerCase() : text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

class Problems {
  readonly list: string[] = [];
  constructor(private readonly mapping: string) {}
  add(key: string, why: string): void {
    this.list.push(`mapping '${this.mapping}': ${key}: ${why}`);
  }
}

function regexOf(pattern: string, key: string, problems: Problems): RegExp | undefined {
  let re: RegExp;
  // In a group's header pattern, {n} stands for the item's number: checked as a digit.
  pattern = pattern.replaceAll('{n}', '1');
  try {
    re = new RegExp(pattern, 'iu');
  } catch {
    problems.add(key, `"${pattern}" is not a valid regular expression`);
    return undefined;
  }
  const unsafe = catastrophicBacktracking(pattern, 'iu');
  if (unsafe) {
    problems.add(key, `the regular expression "${pattern}" could take exponential time to match (${unsafe})`);
    return undefined;
  }
  return re;
}

function columnRef(value: unknown, key: string, problems: Problems): ColumnRef | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (isTextList(value)) return value;
  if (isRecord(value) && typeof value.match === 'string' && Object.keys(value).length === 1) {
    return regexOf(value.match, `${key}.match`, problems) ? { match: value.match } : undefined;
  }
  problems.add(key, 'expected a column header, a list of alternative headers, or { match: <regular expression> }');
  return undefined;
}

function compileDates(list: unknown, key: string, problems: Problems): DateFormat[] | undefined {
  if (!isTextList(list)) {
    problems.add(key, 'expected a list of date formats, such as [dd/MM/yyyy, iso, excel]');
    return undefined;
  }
  const formats: DateFormat[] = [];
  for (const [i, name] of list.entries()) {
    const format = dateFormat(name);
    if (typeof format === 'string') problems.add(`${key}[${i}]`, `"${name}" is not a date format: ${format}`);
    else formats.push(format);
  }
  for (let i = 0; i < formats.length; i += 1) {
    for (let j = i + 1; j < formats.length; j += 1) {
      if (ambiguous(formats[i]!, formats[j]!)) {
        problems.add(key, `"${formats[i]!.name}" and "${formats[j]!.name}" read one text as two different dates (as 03/04/2024 is 3 April or 4 March): keep one`);
      }
    }
  }
  return formats;
}

function valueOfKind(to: unknown, kind: FieldKind, codes: readonly (string | number)[] | undefined): boolean {
  if (typeof to === 'boolean') return kind === 'boolean';
  if (typeof to === 'number') return kind === 'number' || kind === 'integer' || (kind === 'code' && codes?.some((c) => String(c) === String(to)) === true);
  if (typeof to !== 'string') return false;
  if (/\$\d/.test(to)) return true; // a capture: checked when a cell gives it its text
  if (kind === 'code' || kind === 'codes') return codes?.some((c) => String(c) === to) ?? false;
  return kind === 'text' || kind === 'texts' || kind === 'date' || kind === 'date-time' || ((kind === 'number' || kind === 'integer') && Number.isFinite(Number(to)));
}

function compileField(path: string, formatPath: string, spec: unknown, key: string, defaults: { dates: DateFormat[] }, problems: Problems): CompiledField | undefined {
  const info = formatFields().get(formatPath);
  if (!info) {
    const near = [...formatFields().keys()].find((p) => p.toLowerCase() === formatPath.toLowerCase());
    problems.add(key, `${formatPath} is not a field of the referral format${near ? ` (did you mean ${near}?)` : ''}; docs/fields.md lists them`);
    return undefined;
  }
  const kind = kindOf(info);
  if (!kind) {
    problems.add(key, `${formatPath} is ${info.type}: map the fields inside it (${formatPath}.<field>)${info.type === 'list of objects' ? `, under groups: ${formatPath}` : ''}`);
    return undefined;
  }
  const field: Partial<CompiledField> & { path: string; formatPath: string; kind: FieldKind } = {
    path,
    formatPath,
    kind,
    ...(info.codes ? { codes: info.codes, codeIndex: new Map(info.codes.map((c) => [codeKey(String(c)), String(c)])) } : {}),
  };
  const body: Record<string, unknown> = typeof spec === 'string' || Array.isArray(spec) ? { column: spec } : isRecord(spec) ? spec : {};
  if (!isRecord(spec) && typeof spec !== 'string' && !Array.isArray(spec)) {
    problems.add(key, 'expected a column header, a list of headers, or an object with column, match, value or empty');
    return undefined;
  }
  for (const k of Object.keys(body)) if (!FIELD_KEYS.includes(k)) problems.add(`${key}.${k}`, `unknown key (expected ${FIELD_KEYS.join(', ')})`);
  const sources = ['column', 'match', 'value', 'empty'].filter((k) => body[k] !== undefined);
  if (sources.length !== 1) {
    problems.add(key, sources.length === 0 ? 'say where the field comes from: column, match, value or empty' : `give one of ${sources.join(', ')}, not several`);
    return undefined;
  }
  if (body.column !== undefined || body.match !== undefined) {
    const ref = body.column !== undefined ? columnRef(body.column, `${key}.column`, problems) : columnRef({ match: body.match }, key, problems);
    if (!ref) return undefined;
    if (body.optional !== undefined && typeof body.optional !== 'boolean') problems.add(`${key}.optional`, 'expected true or false');
    field.source = { column: ref, optional: body.optional === true };
  } else if (body.value !== undefined) {
    if (!['string', 'number', 'boolean'].includes(typeof body.value) || !valueOfKind(body.value, kind, info.codes)) {
      problems.add(`${key}.value`, `expected ${describeKind(kind, info.codes)}`);
      return undefined;
    }
    field.source = { value: body.value as string | number | boolean };
  } else {
    if (body.empty !== true) {
      problems.add(`${key}.empty`, 'expected true (the source carries the field, always empty)');
      return undefined;
    }
    field.source = { empty: true };
  }
  if (body.values !== undefined) {
    if (!isRecord(body.values) || Object.keys(body.values).length === 0) problems.add(`${key}.values`, 'expected a map of cell text to the field\'s value');
    else {
      const rules: ValueRule[] = [];
      for (const [text, to] of Object.entries(body.values)) {
        const at = `${key}.values."${text}"`;
        if (to !== null && !valueOfKind(to, kind, info.codes)) {
          problems.add(at, `expected ${describeKind(kind, info.codes)}`);
          continue;
        }
        const value = to as string | number | boolean | null;
        if (text === '*') field.otherwise = value;
        else if (text.startsWith('^')) {
          const regex = regexOf(text, at, problems);
          if (regex) rules.push({ regex, to: value, label: text });
        } else rules.push({ text: normalizeValue(text), to: value, label: text });
      }
      field.values = rules;
      field.textValues = new Map(rules.filter((r) => r.text !== undefined && rules.find((o) => o.text === r.text) === r).map((r) => [r.text!, r.to]));
      field.regexValues = rules.filter((r) => r.regex !== undefined);
    }
  }
  if (body.dates !== undefined) {
    if (kind !== 'date' && kind !== 'date-time') problems.add(`${key}.dates`, `${formatPath} is ${info.type}, not a date`);
    else field.dates = compileDates(body.dates, `${key}.dates`, problems);
  } else if (kind === 'date' || kind === 'date-time') field.dates = defaults.dates;
  if (body.expected !== undefined) {
    if (typeof body.expected !== 'string' || body.expected.trim() === '') problems.add(`${key}.expected`, 'expected text saying what the column may hold');
    else field.expected = body.expected;
  }
  if (body.split !== undefined) {
    if (kind !== 'codes' && kind !== 'texts') problems.add(`${key}.split`, `${formatPath} is ${info.type}, not a list`);
    else if (typeof body.split !== 'string' || body.split === '') problems.add(`${key}.split`, 'expected the text that separates items, such as ";"');
    else field.split = body.split;
  }
  return field as CompiledField;
}

function describeKind(kind: FieldKind, codes: readonly (string | number)[] | undefined): string {
  switch (kind) {
    case 'code':
    case 'codes':
      return `one of its codes: ${(codes ?? []).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'integer':
      return 'a number';
    default:
      return 'text';
  }
}

/** A mapping from what the user wrote (after `extends` is resolved): compiled, or a ConfigError listing every problem. */
export function compileMapping(spec: unknown, where: string, readyMade: (name: string) => MappingSpec | undefined): Mapping {
  const name = isRecord(spec) && typeof spec.name === 'string' && spec.name.trim() !== '' ? spec.name : undefined;
  const problems = new Problems(name ?? where);
  if (!isRecord(spec)) throw new ConfigError(`${where}: a mapping must be an object with name and fields (docs/mappings.md)`);
  if (!name) problems.add('name', 'every mapping needs a name');
  let s = spec as unknown as MappingSpec;
  if (spec.extends !== undefined) {
    const base = typeof spec.extends === 'string' ? readyMade(spec.extends) : undefined;
    if (!base) problems.add('extends', `"${String(spec.extends)}" is not a ready-made mapping (${READY_MADE_HINT})`);
    else s = mergeMappings(base, s);
  }
  for (const k of Object.keys(spec)) if (!MAPPING_KEYS.includes(k)) problems.add(k, `unknown key (expected ${MAPPING_KEYS.join(', ')})`);
  if (s.files !== undefined && !isTextList(s.files)) problems.add('files', 'expected a list of globs');
  if (s.header !== undefined && !isTextList(s.header)) problems.add('header', 'expected a list of column headers');
  if (s.sheet !== undefined && !(typeof s.sheet === 'string' && s.sheet !== '') && !(Number.isInteger(s.sheet) && (s.sheet as number) >= 1)) {
    problems.add('sheet', 'expected a sheet name or a position from 1');
  }
  const delimiter = s.delimiter === 'tab' ? '\t' : s.delimiter;
  if (delimiter !== undefined && ![',', ';', '\t'].includes(delimiter)) problems.add('delimiter', 'expected ",", ";" or tab');
  if (s.encoding !== undefined && !(ENCODINGS as readonly string[]).includes(s.encoding)) problems.add('encoding', `expected one of ${ENCODINGS.join(', ')}`);
  let yes = DEFAULT_YES;
  let no = DEFAULT_NO;
  if (s.booleans !== undefined) {
    if (!isRecord(s.booleans) || Object.keys(s.booleans).some((k) => k !== 'yes' && k !== 'no')) problems.add('booleans', 'expected { yes: [words], no: [words] }');
    else {
      if (s.booleans.yes !== undefined) (isTextList(s.booleans.yes) ? (yes = s.booleans.yes.map(normalizeValue)) : problems.add('booleans.yes', 'expected a list of words'));
      if (s.booleans.no !== undefined) (isTextList(s.booleans.no) ? (no = s.booleans.no.map(normalizeValue)) : problems.add('booleans.no', 'expected a list of words'));
      const both = yes.filter((w) => no.includes(w));
      if (both.length > 0) problems.add('booleans', `${both.map((w) => `"${w}"`).join(', ')} cannot mean both yes and no`);
    }
  }
  const dates = s.dates === undefined ? DEFAULT_DATE_FORMATS.map((n) => dateFormat(n) as DateFormat) : (compileDates(s.dates, 'dates', problems) ?? []);
  let id: Mapping['id'] = 'row';
  if (s.id !== undefined && s.id !== 'row') {
    const ref = columnRef(s.id, 'id', problems);
    if (ref) id = { column: ref };
  }
  const fields: CompiledField[] = [];
  if (s.fields !== undefined && !isRecord(s.fields)) problems.add('fields', 'expected a map of referral field to column');
  for (const [path, fieldSpec] of Object.entries(s.fields ?? {})) {
    if (path === 'id') {
      problems.add('fields.id', 'the id is set by the mapping\'s id key (a column, or row)');
      continue;
    }
    if (path.includes('[')) {
      problems.add(`fields.${path}`, 'a list\'s items are mapped under groups');
      continue;
    }
    const field = compileField(path, path, fieldSpec, `fields.${path}`, { dates }, problems);
    if (field) fields.push(field);
  }
  const groups: CompiledGroup[] = [];
  if (s.groups !== undefined && !isRecord(s.groups)) problems.add('groups', 'expected a map of list field to { count, fields }');
  for (const [path, group] of Object.entries(s.groups ?? {})) {
    const key = `groups.${path}`;
    if (formatFields().get(path)?.type !== 'list of objects') {
      problems.add(key, `${path} is not a list of objects in the referral format (carers, household, missingEpisodes)`);
      continue;
    }
    if (!isRecord(group) || !Number.isInteger(group.count) || (group.count as number) < 1 || (group.count as number) > 100 || !isRecord(group.fields)) {
      problems.add(key, 'expected { count: <1 to 100>, fields: { <field>: "<header with {n}>" } }');
      continue;
    }
    const compiled: CompiledField[] = [];
    for (const [inner, fieldSpec] of Object.entries(group.fields)) {
      const field = compileField(inner, `${path}[].${inner}`, fieldSpec, `${key}.fields.${inner}`, { dates }, problems);
      if (!field) continue;
      if ('column' in field.source && !mentionsN(field.source.column)) problems.add(`${key}.fields.${inner}`, 'a group\'s column headers say where the item number goes with {n} ("Parent {n} name")');
      compiled.push(field);
    }
    groups.push({ path, count: group.count as number, fields: compiled });
  }
  if (fields.length === 0 && groups.length === 0 && problems.list.length === 0) problems.add('fields', 'map at least one field');
  if (problems.list.length > 0) throw new ConfigError(problems.list.join('\n'));
  return {
    name: name!,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...(s.files ? { files: s.files } : {}),
    ...(s.header ? { header: s.header } : {}),
    ...(s.sheet !== undefined ? { sheet: s.sheet } : {}),
    ...(delimiter ? { delimiter: delimiter as Mapping['delimiter'] } : {}),
    ...(s.encoding ? { encoding: s.encoding as Mapping['encoding'] } : {}),
    id,
    yes: new Set(yes),
    no: new Set(no),
    fields,
    groups,
  };
}

function mentionsN(ref: ColumnRef): boolean {
  if (typeof ref === 'string') return ref.includes('{n}');
  if (Array.isArray(ref)) return ref.every((r) => r.includes('{n}'));
  return ref.match.includes('{n}');
}

/** A mapping over a ready-made one: its own keys win; fields and groups are merged key by key. */
export function mergeMappings(base: MappingSpec, over: MappingSpec): MappingSpec {
  const { extends: _ignored, ...own } = over;
  return {
    ...base,
    ...own,
    fields: { ...base.fields, ...own.fields },
    groups: { ...base.groups, ...own.groups },
  };
}

export const READY_MADE_HINT = 'referral-lint mappings lists them';
