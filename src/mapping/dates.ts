// Date and date-time formats of a mapping (docs/mappings.md, "Dates"): the patterns exports
// write dates in (`dd/MM/yyyy`, `dd/MM/yyyy HH:mm`, `d MMM yyyy`), ISO 8601 (`iso`) and Excel
// serial numbers (`excel`). A date is read as wall-clock time, which the rules read in the
// configured time zone, exactly as a date-time without an offset in JSON.

/** What a format read from a cell: a calendar date, with a wall-clock time when the format has one, or an ISO text kept as written. */
export type ReadDate = { year: number; month: number; day: number; time?: { hour: number; minute: number; second: number } } | { iso: string };

type Field = 'year' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second';

interface Token {
  field?: Field;
  /** Digits (or letters, for a month name) the token reads: fewest and most. */
  min: number;
  max: number;
  literal?: string;
}

export interface DateFormat {
  /** As the mapping wrote it. */
  name: string;
  read(text: string): ReadDate | undefined;
  /** Tokens, for the ambiguity check; none for `iso` and `excel`, which are checked by their shapes below. */
  tokens: Token[];
}

const PATTERN_TOKENS: [string, Token][] = [
  ['yyyy', { field: 'year', min: 4, max: 4 }],
  ['MMM', { field: 'monthName', min: 3, max: 3 }],
  ['MM', { field: 'month', min: 2, max: 2 }],
  ['M', { field: 'month', min: 1, max: 2 }],
  ['dd', { field: 'day', min: 2, max: 2 }],
  ['d', { field: 'day', min: 1, max: 2 }],
  ['HH', { field: 'hour', min: 2, max: 2 }],
  ['H', { field: 'hour', min: 1, max: 2 }],
  ['mm', { field: 'minute', min: 2, max: 2 }],
  ['ss', { field: 'second', min: 2, max: 2 }],
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The letters a pattern may hold besides its tokens: none, so that `yy` or `hh` (12-hour) is an error rather than text to match. */
const LETTER = /[A-Za-z]/;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Why a pattern cannot be a format; undefined when it can. */
function tokenize(pattern: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const known = PATTERN_TOKENS.find(([text]) => pattern.startsWith(text, i));
    if (known) {
      tokens.push(known[1]);
      i += known[0].length;
      continue;
    }
    const ch = pattern[i]!;
    if (LETTER.test(ch)) return `"${ch}" is not a date token: use yyyy, MM, M, MMM, dd, d, HH, H, mm and ss (or the names iso and excel)`;
    const last = tokens.at(-1);
    if (last?.literal !== undefined) last.literal += ch;
    else tokens.push({ min: 0, max: 0, literal: ch });
    i += 1;
  }
  const fields = tokens.filter((t) => t.field).map((t) => (t.field === 'monthName' ? 'month' : t.field));
  if (new Set(fields).size !== fields.length) return 'a date token appears twice';
  for (const needed of ['year', 'month', 'day'] as const) if (!fields.includes(needed)) return `it has no ${needed}`;
  if (fields.includes('minute') && !fields.includes('hour')) return 'it has minutes but no hour';
  if (fields.includes('second') && !fields.includes('minute')) return 'it has seconds but no minutes';
  if (fields.includes('hour') && !fields.includes('minute')) return 'it has an hour but no minutes (HH:mm)';
  return tokens;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function patternFormat(name: string, tokens: Token[]): DateFormat {
  const source = tokens
    .map((t) => {
      if (t.literal !== undefined) return escape(t.literal).replace(/ /g, '\\s+');
      if (t.field === 'monthName') return '([A-Za-z]{3,9})';
      return `(\\d{${t.min},${t.max}})`;
    })
    .join('');
  const regex = new RegExp(`^${source}$`);
  const fields = tokens.filter((t) => t.field).map((t) => t.field!);
  return {
    name,
    tokens,
    read(text) {
      const m = regex.exec(text);
      if (!m) return undefined;
      const got: Partial<Record<Field, number>> = {};
      for (let i = 0; i < fields.length; i += 1) {
        const field = fields[i]!;
        const value = m[i + 1]!;
        if (field === 'monthName') {
          const month = MONTHS.indexOf(value.slice(0, 3).toLowerCase());
          // A full month name must be one: "Marc" is not March.
          if (month < 0 || (value.length > 3 && !fullMonthName(month).startsWith(value.toLowerCase()))) return undefined;
          got.month = month + 1;
        } else got[field] = Number(value);
      }
      const { year, month, day } = got as { year: number; month: number; day: number };
      if (!validDate(year, month, day)) return undefined;
      if (got.hour === undefined) return { year, month, day };
      const time = { hour: got.hour, minute: got.minute ?? 0, second: got.second ?? 0 };
      if (time.hour > 23 || time.minute > 59 || time.second > 59) return undefined;
      return { year, month, day, time };
    },
  };
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const fullMonthName = (index: number): string => FULL_MONTHS[index]!;

/** RFC 3339 / ISO 8601 dates and date-times (`2024-01-31`, `2024-01-31T14:05`, `2024-01-31 14:05:00+00:00`), kept as written. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?)?$/;

const isoFormat: DateFormat = {
  name: 'iso',
  tokens: [
    { field: 'year', min: 4, max: 4 },
    { min: 0, max: 0, literal: '-' },
    { field: 'month', min: 2, max: 2 },
    { min: 0, max: 0, literal: '-' },
    { field: 'day', min: 2, max: 2 },
  ],
  read(text) {
    const m = ISO.exec(text);
    if (!m) return undefined;
    const [year, month, day] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
    if (!validDate(year, month, day)) return undefined;
    if (m[4] === undefined) return { year, month, day };
    if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return undefined;
    if (m[8] !== undefined) return { iso: text.replace(' ', 'T') };
    return { year, month, day, time: { hour: Number(m[4]), minute: Number(m[5]), second: m[6] === undefined ? 0 : Number(m[6]) } };
  },
};

/**
 * Excel counts 1900-01-01 as day 1 and, as Lotus 1-2-3 did, 29 February 1900 (a day that never
 * was) as day 60: from day 61 on, day 0 is in effect 1899-12-30; before it, 1899-12-31. Day 60
 * itself is no date. 2958465 is 9999-12-31, the last day Excel has.
 */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_SERIAL = 2958465;

/** An Excel serial date (days since Excel's day 0, the fraction the time of day), as wall-clock time. */
export function fromExcelSerial(serial: number): ReadDate | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return undefined;
  if (Math.floor(serial) === 60) return undefined;
  // To the nearest second: Excel stores times as fractions of a day, which do not land on whole seconds.
  const ms = EXCEL_EPOCH + (serial < 60 ? 86_400_000 : 0) + Math.round(serial * 86_400) * 1000;
  const d = new Date(ms);
  const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  if (Number.isInteger(serial)) return date;
  return { ...date, time: { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() } };
}

const excelFormat: DateFormat = {
  name: 'excel',
  tokens: [],
  read(text) {
    if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
    return fromExcelSerial(Number(text));
  },
};

/** A format from its name in a mapping, or why it is none. */
export function dateFormat(name: string): DateFormat | string {
  if (name === 'iso') return isoFormat;
  if (name === 'excel') return excelFormat;
  const tokens = tokenize(name);
  return typeof tokens === 'string' ? tokens : patternFormat(name, tokens);
}

/** Days and months as formats name them; a day read where another format reads a month makes the two ambiguous. */
const slot = (field: Field | undefined): string => (field === 'monthName' ? 'month' : (field ?? ''));

/**
 * Whether one text could be read by both formats as two different dates: their tokens line up
 * (the same separators, digit counts that overlap) while one reads a day where the other reads
 * a month, or a year where the other reads something else. `dd/MM/yyyy` beside `MM/dd/yyyy`
 * is; `dd/MM/yyyy` beside `d/M/yyyy` reads every text the same way, and is not.
 */
export function ambiguous(a: DateFormat, b: DateFormat): boolean {
  if (a.tokens.length === 0 || b.tokens.length === 0 || a.tokens.length !== b.tokens.length) return false;
  let differs = false;
  for (let i = 0; i < a.tokens.length; i += 1) {
    const x = a.tokens[i]!;
    const y = b.tokens[i]!;
    if ((x.literal === undefined) !== (y.literal === undefined)) return false;
    if (x.literal !== undefined) {
      if (x.literal.trim() !== y.literal!.trim()) return false;
      continue;
    }
    if ((x.field === 'monthName') !== (y.field === 'monthName')) return false;
    if (x.max < y.min || y.max < x.min) return false;
    if (slot(x.field) !== slot(y.field)) differs = true;
  }
  return differs;
}

/**
 * The formats every date field of a mapping reads when it names none: what UK exports write, and
 * no two of them ambiguous. Not `excel`: a bare number in a CSV ("2015") is too easily a year
 * to be read as a serial day; a workbook's date cells are read as dates whatever the formats.
 */
export const DEFAULT_DATE_FORMATS = ['iso', 'dd/MM/yyyy', 'dd/MM/yyyy HH:mm', 'dd/MM/yyyy HH:mm:ss', 'd MMM yyyy'] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A date as the referral format writes it; a date-time field given a date alone gets the start of that day. */
export function writeDate(read: ReadDate, kind: 'date' | 'date-time'): string {
  if ('iso' in read) return kind === 'date' ? read.iso.slice(0, 10) : read.iso;
  const date = `${pad(read.year, 4)}-${pad(read.month)}-${pad(read.day)}`;
  if (kind === 'date') return date;
  const t = read.time ?? { hour: 0, minute: 0, second: 0 };
  return `${date}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}
