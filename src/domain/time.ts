// Dates and date-times as docs/referral-format.md defines them: `date` is YYYY-MM-DD; a
// `date-time` is RFC 3339, and one written without an offset is read in the configured
// time zone (default Europe/London).

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?$/;

const HOUR = 3_600_000;
export const DAY_MS = 24 * HOUR;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in a month, as Date.UTC counts them (which reads years 0 to 99 as 1900 to 1999: so
 * 0000-02-29 is no date, as it never was here), without making a Date.
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  const y = year >= 0 && year <= 99 ? year + 1900 : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

function validYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses `YYYY-MM-DD`; undefined when the text is not a real calendar date. */
export function parseDate(text: string): Ymd | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return validYmd(year, month, day) ? { year, month, day } : undefined;
}

export function isDate(text: string): boolean {
  return parseDate(text) !== undefined;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(ms: number, timeZone: string): { ymd: Ymd; msOfDay: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const ymd = { year: get('year'), month: get('month'), day: get('day') };
  const msOfDay = ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (((ms % 1000) + 1000) % 1000);
  return { ymd, msOfDay };
}

/** Offset of the zone from UTC at an instant, in ms, from the wall clock Intl gives. */
function exactOffset(ms: number, timeZone: string): number {
  const { ymd, msOfDay } = wallClock(ms, timeZone);
  return Date.UTC(ymd.year, ymd.month - 1, ymd.day) + msOfDay - ms;
}

/** Offsets known by the hour, per time zone: an hour with the same offset at its first and last millisecond. */
const hourOffsets = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at an instant, in ms. Asking Intl for the wall clock is the slow
 * part of reading a date-time, and a referral has several, so the offset is kept by the hour:
 * an hour whose first and last millisecond have the same offset has that offset throughout
 * (a zone changes its offset a few times a year at most, never twice in an hour). An hour in
 * which the offset changes is asked about instant by instant, as before.
 */
function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let hours = hourOffsets.get(timeZone);
  if (!hours) hourOffsets.set(timeZone, (hours = new Map()));
  const hour = Math.floor(ms / HOUR);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR, timeZone);
    if (first !== exactOffset(hour * HOUR + HOUR - 1, timeZone)) return exactOffset(ms, timeZone);
    if (hours.size >= 100_000) hours.clear();
    hours.set(hour, (offset = first));
  }
  return offset;
}

/** True when the IANA time zone is known to this Node.js. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses an RFC 3339 date-time to epoch ms. Without an offset the wall-clock time is read
 * in `timeZone` (in a DST gap or overlap, the earlier offset wins).
 */
export function parseDateTime(text: string, timeZone: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!validYmd(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined;
  const fraction = m[7] === undefined ? 0 : Math.round(Number(m[7]) * 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + fraction;
  const zone = m[8];
  if (zone === 'Z' || zone === 'z') return wall;
  if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    return wall - sign * (oh * 60 + om) * 60_000;
  }
  const first = wall - zoneOffset(wall, timeZone);
  const second2 = wall - zoneOffset(first, timeZone);
  return Math.min(first, second2);
}

export function isDateTime(text: string): boolean {
  return parseDateTime(text, 'UTC') !== undefined;
}

/** The calendar date of an instant in a time zone. */
export function calendarDate(ms: number, timeZone: string): Ymd {
  const wall = new Date(ms + zoneOffset(ms, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** Days since 1970-01-01 of a calendar date, for date arithmetic. */
export function dayNumber(d: Ymd): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

export function formatYmd(d: Ymd): string {
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** Whole years from a birth date to a later calendar date; a birthday on 29 February falls on 1 March. */
export function wholeYears(from: Ymd, to: Ymd): number {
  let years = to.year - from.year;
  if (to.month < from.month || (to.month === from.month && to.day < from.day)) years -= 1;
  return years;
}

export const HOURS = (n: number): number => n * HOUR;
