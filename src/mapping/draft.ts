// A draft mapping from a table's header row (`referral-lint init --from`): each header placed
// on a referral field by the table of usual headers (known-headers.ts), written as a
// commented mapping YAML that --mapping accepts as it stands. Only headers (column names) are
// read and written: never a cell below them.
//
// Placing a header, in order: its normalizeHeader form is in the table (exact); it is a
// group's word, a number and a group field ("Parent 2 DOB": carers, item 2); else its words
// hold a table entry's words, which are at least half of its own, and every word saying whom
// it is about ("parent", "referrer") is in that entry (by words). The longest such entry
// wins; two fields tied is ambiguous, and the header is not placed. Two headers for one field:
// the exact one, else the first, gets it. A header found twice in the file is never placed
// (a mapping could not say which column it means).
import { columnLetter, type Cell } from '../parse/table.js';
import { referralFields, type FieldInfo } from '../schema/fields.js';
import { headerText } from './bind.js';
import { DEFAULT_DATE_FORMATS } from './dates.js';
import { DEFAULT_NO, DEFAULT_YES, normalizeHeader } from './mapping.js';
import { READY_MADE } from './ready-made.js';
import { ANNEX_A_COLUMNS, GROUP_FIELDS, GROUP_PREFIXES, KNOWN_HEADERS, NOISE_WORDS, SUBJECT_WORDS, type GroupPath } from './known-headers.js';

export type Target = { kind: 'id' } | { kind: 'field'; path: string } | { kind: 'group'; group: GroupPath; path: string; n: number; template: string };

export interface Placed {
  column: number;
  header: string;
  target: Target;
  how: 'exact' | 'group' | 'words';
}

export interface Unplaced {
  column: number;
  header: string;
  /** Why, when there is more to say than "no field's usual header". */
  why?: string;
}

export interface Placement {
  placed: Placed[];
  unplaced: Unplaced[];
  /** Ready-made mappings whose whole header the row has. */
  readyMade: string[];
  /** Columns with an Annex A list's header. */
  annexA: number[];
}

const words = (norm: string): string[] =>
  norm
    .replace(/(\p{L})(\p{N})/gu, '$1 $2')
    .replace(/(\p{N})(\p{L})/gu, '$1 $2')
    .split(' ')
    .filter((w) => w !== '');
const meaningful = (ws: readonly string[]): string[] => ws.filter((w) => !NOISE_WORDS.has(w));

let exactIndex: Map<string, string> | undefined;
let wordEntries: { field: string; words: Set<string> }[] | undefined;
let groupIndex: Map<string, { group: GroupPath; path: string }[]> | undefined;

function tables(): { exact: Map<string, string>; entries: { field: string; words: Set<string> }[]; groups: Map<string, { group: GroupPath; path: string }[]> } {
  if (!exactIndex || !wordEntries || !groupIndex) {
    exactIndex = new Map();
    wordEntries = [];
    for (const [field, headers] of Object.entries(KNOWN_HEADERS)) {
      for (const h of headers) {
        const norm = normalizeHeader(h);
        exactIndex.set(norm, field);
        wordEntries.push({ field, words: new Set(meaningful(words(norm))) });
      }
    }
    groupIndex = new Map();
    const add = (key: string, target: { group: GroupPath; path: string }): void => {
      const list = groupIndex!.get(key) ?? [];
      if (!list.some((t) => t.group === target.group && t.path === target.path)) list.push(target);
      groupIndex!.set(key, list);
    };
    for (const group of Object.keys(GROUP_PREFIXES) as GroupPath[]) {
      for (const prefix of GROUP_PREFIXES[group]) {
        for (const [path, suffixes] of Object.entries(GROUP_FIELDS[group])) {
          for (const suffix of suffixes) {
            const p = meaningful(words(normalizeHeader(prefix)));
            const s = meaningful(words(normalizeHeader(suffix)));
            add([...p, ...s].join(' '), { group, path });
            if (s.length > 0) add([...s, ...p].join(' '), { group, path });
          }
        }
      }
    }
  }
  return { exact: exactIndex, entries: wordEntries, groups: groupIndex };
}

/** Every field a header could be in the table of usual headers, and those that both fit (an ambiguous header). */
type Found = { target: Target; how: Placed['how'] } | { ambiguous: string[] } | { why: string } | undefined;

const describeTarget = (t: Target): string => (t.kind === 'id' ? 'the id' : t.kind === 'field' ? t.path : `${t.group}[].${t.path}`);

function place(header: string): Found {
  const { exact, entries, groups } = tables();
  const norm = normalizeHeader(header);
  const hit = exact.get(norm);
  if (hit) return { target: hit === 'id' ? { kind: 'id' } : { kind: 'field', path: hit }, how: 'exact' };
  const all = words(norm);
  // A group: one of its numbers is the item's; the rest is the group's word and a field.
  const digitRuns = [...header.normalize('NFKC').matchAll(/\p{N}+/gu)];
  const digitTokens = all.filter((w) => /^\p{N}+$/u.test(w));
  if (digitTokens.length > 0 && digitRuns.length === digitTokens.length && !header.includes('{n}')) {
    const found: Target[] = [];
    let k = -1;
    all.forEach((w, i) => {
      if (!/^\p{N}+$/u.test(w)) return;
      k += 1;
      const n = Number(w);
      if (!/^[0-9]+$/.test(w) || n < 1 || n > 100) return;
      const rest = meaningful(all.filter((_, j) => j !== i)).join(' ');
      for (const t of groups.get(rest) ?? []) {
        const run = digitRuns[k]!;
        const text = header.normalize('NFKC');
        const template = `${text.slice(0, run.index)}{n}${text.slice(run.index! + run[0].length)}`.trim();
        if (!found.some((f) => f.kind === 'group' && f.group === t.group && f.path === t.path)) found.push({ kind: 'group', ...t, n, template });
      }
    });
    if (found.length === 1) return { target: found[0]!, how: 'group' };
    if (found.length > 1) return { ambiguous: found.map(describeTarget) };
  }
  const mine = new Set(meaningful(all));
  if (mine.size === 0) return undefined;
  let best = 0;
  let fields: string[] = [];
  for (const entry of entries) {
    const size = entry.words.size;
    if (size === 0 || size < best || size * 2 < mine.size) continue;
    if (![...entry.words].every((w) => mine.has(w))) continue;
    if ([...mine].some((w) => SUBJECT_WORDS.has(w) && !entry.words.has(w))) continue;
    if (size > best) {
      best = size;
      fields = [];
    }
    if (!fields.includes(entry.field)) fields.push(entry.field);
  }
  if (fields.length === 1) return { target: fields[0] === 'id' ? { kind: 'id' } : { kind: 'field', path: fields[0]! }, how: 'words' };
  if (fields.length > 1) return { ambiguous: fields.map((f) => (f === 'id' ? 'the id' : f)) };
  const group = groups.get([...mine].join(' '));
  if (group && group.length === 1) {
    const g = group[0]!;
    return { why: `looks like ${g.group}[].${g.path}, but a group's headers are numbered ("${capital(GROUP_PREFIXES[g.group][0]!)} 1 ...", "... 2 ..."): map it by hand` };
  }
  return undefined;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const targetKey = (t: Target): string => (t.kind === 'id' ? 'id' : t.kind === 'field' ? t.path : `${t.group}.${t.n}.${t.path}`);

/** Places each header of a row (cells as the reader gives them). */
export function placeHeaders(cells: readonly Cell[]): Placement {
  const headers = cells.map(headerText);
  const counts = new Map<string, number[]>();
  headers.forEach((h, i) => {
    const norm = normalizeHeader(h);
    if (norm !== '') counts.set(norm, [...(counts.get(norm) ?? []), i]);
  });
  const annexNorms = new Map(Object.entries(ANNEX_A_COLUMNS).map(([h, why]) => [normalizeHeader(h), why]));
  const candidates: Placed[] = [];
  const unplaced: Unplaced[] = [];
  const annexA: number[] = [];
  headers.forEach((header, column) => {
    const norm = normalizeHeader(header);
    if (norm === '') {
      if (header !== '') unplaced.push({ column, header, why: 'a header of punctuation alone: a mapping cannot name it' });
      return;
    }
    const annex = annexNorms.has(norm);
    if (annex) annexA.push(column);
    const same = counts.get(norm)!;
    if (same.length > 1) {
      unplaced.push({ column, header, why: `columns ${same.map(columnLetter).join(', ')} have this header: a mapping cannot say which one it means; rename one in the export to map it` });
      return;
    }
    const found = place(header);
    if (found && 'target' in found) candidates.push({ column, header, ...found });
    else if (found && 'ambiguous' in found) unplaced.push({ column, header, why: `could be ${found.ambiguous.join(' or ')}: map it by hand to the one it is` });
    else if (found) unplaced.push({ column, header, why: found.why });
    else if (annex && annexNorms.get(norm)) unplaced.push({ column, header, why: `an Annex A column: ${annexNorms.get(norm)!}` });
    else unplaced.push({ column, header });
  });
  const rank = (p: Placed): number => (p.how === 'exact' ? 0 : 1);
  const winners = new Map<string, Placed>();
  for (const p of [...candidates].sort((a, b) => rank(a) - rank(b) || a.column - b.column)) {
    const key = targetKey(p.target);
    const winner = winners.get(key);
    if (!winner) winners.set(key, p);
    else {
      const at = winner.target.kind === 'group' ? ` (item ${winner.target.n})` : '';
      unplaced.push({ column: p.column, header: p.header, why: `also looks like ${describeTarget(p.target)}${at}, which column ${columnLetter(winner.column)} gives` });
    }
  }
  const present = new Set(counts.keys());
  const readyMade = READY_MADE.filter((m) => m.header && m.header.every((h) => present.has(normalizeHeader(h)))).map((m) => m.name);
  return {
    placed: [...winners.values()].sort((a, b) => a.column - b.column),
    unplaced: unplaced.sort((a, b) => a.column - b.column),
    readyMade,
    annexA,
  };
}

/** Text in YAML double quotes (JSON's escapes, and the line breaks YAML 1.1 knows besides). */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PLAIN_CODE = /^[A-Za-z][A-Za-z0-9-]*$/;
const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);
const codeScalar = (code: string | number): string => (PLAIN_CODE.test(String(code)) && !YAML_WORDS.has(String(code).toLowerCase()) ? String(code) : quoted(String(code)));

/** Each code of a field with its meaning, from the field's description ("Codes: `M`: male; ..."). */
function codeMeanings(info: FieldInfo): { code: string; meaning?: string }[] {
  const seen = new Set<string>();
  const codes = (info.codes ?? []).map(String).filter((c) => !seen.has(c) && seen.add(c));
  const meanings = new Map<string, string>();
  const at = info.description.indexOf('Codes: ');
  if (at >= 0) {
    for (const part of info.description.slice(at + 'Codes: '.length).split(/; (?=`)/)) {
      const m = /^`([^`]+)`: (.*?)\.?$/s.exec(part.trim());
      if (m) meanings.set(m[1]!, m[2]!);
    }
  }
  return codes.map((code) => ({ code, ...(meanings.has(code) ? { meaning: meanings.get(code)! } : {}) }));
}

function kindWords(info: FieldInfo): string {
  switch (info.type) {
    case 'date':
      return 'a date';
    case 'date-time':
      return 'a date and time';
    case 'true/false':
      return 'yes or no';
    case 'whole number':
    case 'number':
      return 'a number';
    case 'code':
      return `a code: ${codeMeanings(info).map((c) => c.code).join(', ')}`;
    case 'list of codes':
      return 'codes, several in a cell split by ; , or |';
    case 'list of text':
      return 'a list, several in a cell split by ; or |';
    default:
      return '';
  }
}

/** Comment lines of at most `width` characters. */
function wrapComment(prefix: string, text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const word of text.split(' ')) {
    if (line !== prefix && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${prefix}${word}`;
    } else line = line === prefix ? `${prefix}${word}` : `${line} ${word}`;
  }
  if (line !== prefix) lines.push(line);
  return lines;
}

/** An Annex A source cell (`q) 6`, `p1) 5D`) to its CIN code. */
const ANNEX_SOURCE_VALUES = `'^(?:[a-z]\\d?\\)\\s*)?(1[A-D]|2[AB]|3[A-F]|5[A-D]|10|[4-9])\\b': "$1"`;

/** A field's lines in `fields:` (or a group's), at `indent`. */
function fieldLines(key: string, info: FieldInfo, column: string, comment: string, indent: string, optional = false, annexSource = false): string[] {
  const kind = kindWords(info);
  const note = `# ${comment}${kind ? `; ${kind}` : ''}`;
  const isCode = info.type === 'code' || info.type === 'list of codes';
  if (!isCode) return [optional ? `${indent}${key}: { column: ${column}, optional: true }  ${note}` : `${indent}${key}: ${column}  ${note}`];
  const lines = [`${indent}${key}:  # ${comment}`, `${indent}  column: ${column}`];
  if (optional) lines.push(`${indent}  optional: true`);
  lines.push(`${indent}  # values:  # the file's words for each code: fill in and remove the "# " (a key ^... is a regular expression)`);
  if (annexSource) lines.push(`${indent}  #   ${ANNEX_SOURCE_VALUES}  # Annex A's "q) 6" is 6`);
  for (const { code, meaning } of codeMeanings(info)) lines.push(`${indent}  #   "...": ${codeScalar(code)}${meaning ? `  # ${meaning.replace(/\s+/g, ' ')}` : ''}`);
  return lines;
}

export interface DraftInput {
  /** The mapping's name: the file's base name without its extension. */
  name: string;
  /** The file's base name, as the comments name it. */
  fileName: string;
  cells: readonly Cell[];
  headerRow: number;
  /** XLSX: the sheet read; `chosen` when the user named it (--sheet), so the mapping names it too. */
  sheet?: { name: string; chosen?: string | number };
  /** The file the draft is written to, for the comment's usage line; `-` for standard output. */
  output: string;
}

export interface Draft {
  text: string;
  placement: Placement;
}

const escapeGlob = (text: string): string => text.replace(/[*?[\]{}()!+@\\]/g, '\\$&');

/** The draft mapping's YAML: valid as it stands when at least one column was placed. */
export function draftMapping(input: DraftInput): Draft {
  const placement = placeHeaders(input.cells);
  const { placed, unplaced } = placement;
  const fields = referralFields();
  const info = new Map(fields.map((f) => [f.path, f]));
  const order = new Map(fields.map((f, i) => [f.path, i]));
  const total = input.cells.map(headerText).filter((h) => h !== '').length;
  const columnsOf = (list: readonly Placed[]): string => `column${list.length > 1 ? 's' : ''} ${list.map((p) => columnLetter(p.column)).join(', ')}`;
  const use = input.output === '-' ? '<this file>' : input.output;

  const lines: string[] = [
    `# A draft mapping for ${input.fileName}, written by \`referral-lint init --from\` from its header row`,
    `# (row ${input.headerRow}${input.sheet ? ` of sheet ${quoted(input.sheet.name)}` : ''}) alone: no cell below it was read.`,
    '#',
    `# ${placed.length} of ${total} column${total === 1 ? '' : 's'} placed on a referral field by the usual headers. Check each line: a header can`,
    '# mean something else in your export. Then finish it (docs/mappings.md describes every key):',
    '#   - Code fields take one of a fixed list of codes. Each has a commented values: map listing',
    '#     its codes: write the file\'s word for each code ("Yes": given), remove the "# " before',
    '#     values: and its lines, and delete the codes the file never uses.',
    ...wrapComment('#     ', `Dates are read as ${DEFAULT_DATE_FORMATS.join(', ')}, and a workbook's date cells as dates. If the file writes them otherwise (add excel for Excel serial numbers written as text), set dates: below, or per field.`).map((l, i) => (i === 0 ? `#   - ${l.slice(6)}` : l)),
    `#   - Yes/no fields read ${DEFAULT_YES.join(', ')} and ${DEFAULT_NO.join(', ')}; booleans: sets other words.`,
    '#   - The columns not placed are listed at the end: map those that hold a referral field by',
    '#     hand (docs/fields.md lists every field), or leave them; a column no mapping names is never read.',
    '#   - A rule that needs a field this mapping does not carry is not assessed for the file (the',
    '#     report\'s coverage says which).',
  ];
  if (placement.readyMade.length > 0) {
    const names = placement.readyMade;
    lines.push(
      '#',
      ...wrapComment(
        '# ',
        `This header row is Ofsted's Annex A ${names.map((n) => `list ${n.slice(-1)}`).join(' and ')}: the ready-made mapping ${names.join(' and ')} reads it whole, with its source codes (\`q) 6\`) and sex and ethnicity codes. Use it as it is (--mapping ${names[0]}), or start this one from it: write extends: ${names[0]} below and keep only the fields it does not map.`,
      ),
    );
  } else if (placement.annexA.length > 0) {
    lines.push(
      '#',
      ...wrapComment(
        '# ',
        `${placement.annexA.length > 1 ? `Columns ${placement.annexA.map(columnLetter).join(', ')} have the headers` : `Column ${columnLetter(placement.annexA[0]!)} has a header`} of Ofsted's Annex A lists. If this is an Annex A list, the ready-made mappings annex-a-list-1 (contacts) and annex-a-list-3 (referrals) read it, source codes (\`q) 6\`) and all: extends: annex-a-list-3.`,
      ),
    );
  }
  lines.push(`# Use it: referral-lint --mapping ${use} ${input.fileName}`, '');
  lines.push(`name: ${quoted(input.name)}`);
  lines.push(`description: ${quoted(`Drafted by referral-lint init --from from the header of ${input.fileName}`)}`);
  if (placement.readyMade.length > 0) lines.push(`# extends: ${placement.readyMade[0]}`);
  if (input.sheet?.chosen !== undefined) {
    lines.push(
      `# The sheet to read, for the files below (globs, relative to the current directory or the config's folder).`,
      `files: [${quoted(`**/${escapeGlob(input.fileName)}`)}]`,
      `sheet: ${typeof input.sheet.chosen === 'number' ? input.sheet.chosen : quoted(input.sheet.chosen)}`,
    );
  } else {
    lines.push(`# files: [${quoted(`**/${escapeGlob(input.fileName)}`)}]  # the files it applies to (globs); without it, any table it fits`);
    if (input.sheet) lines.push(`# sheet: ${quoted(input.sheet.name)}  # the sheet read (the first visible one, the default)`);
  }
  const id = placed.find((p) => p.target.kind === 'id');
  lines.push(id ? `id: ${quoted(id.header)}  # ${columnsOf([id])}` : 'id: row  # no column looked like the referral\'s id: each is named by its row (row-2, ...); name the column if there is one');
  lines.push(`# dates: [${DEFAULT_DATE_FORMATS.join(', ')}]`, `# booleans: { yes: [${DEFAULT_YES.join(', ')}], no: [${DEFAULT_NO.join(', ')}] }`);

  const single = placed.filter((p): p is Placed & { target: { kind: 'field'; path: string } } => p.target.kind === 'field').sort((a, b) => order.get(a.target.path)! - order.get(b.target.path)!);
  const annexCols = new Set(placement.annexA);
  lines.push('', 'fields:');
  if (single.length === 0) lines.push('  # no column was placed on a field outside the groups below');
  for (const p of single) {
    const annexSource = annexCols.has(p.column) && p.target.path === 'referrer.sourceCode';
    lines.push(...fieldLines(p.target.path, info.get(p.target.path)!, quoted(p.header), `${columnsOf([p])}${annexCols.has(p.column) ? ', an Annex A column' : ''}`, '  ', false, annexSource));
  }
  const hasField = (path: string): boolean => single.some((p) => p.target.path === path);
  const constants: string[] = [];
  if (!hasField('referrer.agency')) constants.push('  # referrer.agency: { value: "Name of the agency" }');
  if (!hasField('referrer.sector')) constants.push(`  # referrer.sector: { value: police }  # one of: ${(info.get('referrer.sector')!.codes ?? []).join(', ')}`);
  if (constants.length > 0) {
    lines.push(
      `  # No column gives the referrer's ${constants.length === 2 ? 'agency or sector' : hasField('referrer.agency') ? 'sector' : 'agency'}. For one agency's own file, say it once for every row`,
      '  # (remove the "# "):',
      ...constants,
    );
  }

  const grouped = placed.filter((p): p is Placed & { target: Extract<Target, { kind: 'group' }> } => p.target.kind === 'group');
  if (grouped.length > 0) {
    lines.push('', 'groups:');
    for (const group of Object.keys(GROUP_PREFIXES) as GroupPath[]) {
      const mine = grouped.filter((p) => p.target.group === group);
      if (mine.length === 0) continue;
      const count = Math.max(...mine.map((p) => p.target.n));
      lines.push(`  ${group}:`, `    count: ${count}`, '    fields:');
      const paths = [...new Set(mine.map((p) => p.target.path))].sort((a, b) => order.get(`${group}[].${a}`)! - order.get(`${group}[].${b}`)!);
      for (const path of paths) {
        const items = mine.filter((p) => p.target.path === path).sort((a, b) => a.target.n - b.target.n);
        const templates: string[] = [];
        for (const item of items) if (!templates.some((t) => normalizeHeader(t) === normalizeHeader(item.target.template))) templates.push(item.target.template);
        const column = templates.length === 1 ? quoted(templates[0]!) : `[${templates.map(quoted).join(', ')}]`;
        const optional = items.length < count;
        const comment = `${columnsOf(items)}${optional ? ` (item${items.length > 1 ? 's' : ''} ${items.map((p) => p.target.n).join(', ')} only)` : ''}`;
        lines.push(...fieldLines(path, info.get(`${group}[].${path}`)!, column, comment, '      ', optional));
      }
    }
  }

  lines.push('');
  if (unplaced.length === 0) lines.push('# Columns not placed: none.');
  else {
    lines.push(
      '# Columns not placed: map those that hold a referral field by hand (docs/fields.md lists them),',
      '# or leave them out.',
      ...unplaced.map((u) => `#   ${columnLetter(u.column)} ${quoted(u.header)}${u.why ? `: ${u.why}` : ''}`),
    );
  }
  return { text: `${lines.join('\n')}\n`, placement };
}
