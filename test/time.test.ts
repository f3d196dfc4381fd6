import { describe, expect, it } from 'vitest';
import { createHelpers, isPlaceholder } from '../src/rule-api/helpers.js';
import { DEFAULT_THRESHOLD_MODEL } from '../src/domain/threshold-model.js';
import { DEFAULT_PLACEHOLDERS } from '../src/domain/codes.js';
import { calendarDate, isDate, isDateTime, parseDate, parseDateTime, wholeYears } from '../src/domain/time.js';

describe('dates and date-times', () => {
  it('parses real calendar dates only', () => {
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate('2023-13-01')).toBe(false);
    expect(isDate('01/02/2023')).toBe(false);
  });
  it('reads offsets and Z exactly', () => {
    expect(parseDateTime('2016-02-03T09:14:00Z', 'Europe/London')).toBe(Date.UTC(2016, 1, 3, 9, 14));
    expect(parseDateTime('2016-02-03T09:14:00+02:00', 'Europe/London')).toBe(Date.UTC(2016, 1, 3, 7, 14));
    expect(parseDateTime('2016-02-03T09:14:00.250-01:30', 'UTC')).toBe(Date.UTC(2016, 1, 3, 10, 44, 0, 250));
  });
  it('reads a date-time without an offset in the configured time zone, summer and winter', () => {
    expect(parseDateTime('2026-07-01T10:00:00', 'Europe/London')).toBe(Date.UTC(2026, 6, 1, 9, 0));
    expect(parseDateTime('2026-01-10T10:00:00', 'Europe/London')).toBe(Date.UTC(2026, 0, 10, 10, 0));
    expect(parseDateTime('2026-01-10T10:00:00', 'America/New_York')).toBe(Date.UTC(2026, 0, 10, 15, 0));
  });
  it('rejects malformed date-times', () => {
    expect(isDateTime('2026-02-30T10:00:00Z')).toBe(false);
    expect(isDateTime('2026-01-10T25:00:00Z')).toBe(false);
    expect(isDateTime('2026-01-10')).toBe(false);
    expect(isDateTime('yesterday')).toBe(false);
  });
  it('gives the calendar date in the zone: 23:30 UTC in summer is the next day in London', () => {
    expect(calendarDate(Date.UTC(2026, 5, 30, 23, 30), 'Europe/London')).toEqual({ year: 2026, month: 7, day: 1 });
    expect(calendarDate(Date.UTC(2026, 11, 31, 23, 30), 'Europe/London')).toEqual({ year: 2026, month: 12, day: 31 });
  });
  it('counts whole years, a 29 February birthday falling on 1 March', () => {
    const leap = { year: 2012, month: 2, day: 29 };
    expect(wholeYears(leap, { year: 2025, month: 2, day: 28 })).toBe(12);
    expect(wholeYears(leap, { year: 2025, month: 3, day: 1 })).toBe(13);
    expect(wholeYears({ year: 2010, month: 10, day: 5 }, { year: 2026, month: 10, day: 5 })).toBe(16);
  });
});

describe('shared rule helpers', () => {
  const helpers = createHelpers({ timeZone: 'Europe/London', placeholders: DEFAULT_PLACEHOLDERS, model: DEFAULT_THRESHOLD_MODEL });
  it('knows meaningful text from placeholders', () => {
    for (const p of ['', '  ', 'N/A', 'na', 'None.', 'nil', 'UNKNOWN', 'not known', 'TBC', 'tba?', '?', '-', '.', '...', 'See attached', 'see above!', 'As Above', 'see notes']) {
      expect(helpers.isMeaningful(p), p).toBe(false);
    }
    for (const t of ['Mother', 'None known to police before this incident', 'N/A - see body map']) expect(helpers.isMeaningful(t), t).toBe(true);
    expect(helpers.isMeaningful(42)).toBe(false);
  });
  it('says the same of every text whether or not it first measures the text against the longest placeholder', () => {
    const placeholders = new Set(DEFAULT_PLACEHOLDERS.map((p) => p.trim().toLowerCase()));
    const longest = [...placeholders].reduce((n, p) => Math.max(n, p.length), 0);
    const pieces = ['n/a', 'see attached', 'unknown', 'x', '.', '!?', ' ', '\u00a0', '\u2003', '\ufeff', 'İ', 'NOT KNOWN', 'a longer sentence about the child'];
    const texts: string[] = [];
    for (const a of pieces) for (const b of pieces) for (const c of ['', '.', '...!', '\t', ' .']) texts.push(a + c, b + a + c, ` ${a}${c}${b} `);
    let placeholder = 0;
    for (const text of texts) {
      const slow = isPlaceholder(text, placeholders);
      if (slow) placeholder += 1;
      expect([text, isPlaceholder(text, placeholders, longest)]).toEqual([text, slow]);
    }
    expect(placeholder).toBeGreaterThan(50);
  });
  it('works out age from the calendar date of receivedAt in the time zone', () => {
    // Received 23:30 UTC on 1 July = 00:30 on 2 July in London: the 2nd is the birthday.
    const referral = { child: { dateOfBirth: { text: '2010-07-02', ymd: { year: 2010, month: 7, day: 2 } } }, receivedAt: { text: '', ms: Date.UTC(2026, 6, 1, 23, 30) } };
    expect(helpers.age(referral)).toBe(16);
    expect(helpers.age({ child: {} })).toBeUndefined();
  });
});

describe('time-zone arithmetic kept by the hour', () => {
  // The reference: Intl's wall clock at each instant, asked directly.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const wall = (ms: number, timeZone: string) => {
    let format = formats.get(timeZone);
    if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })));
    const parts = format.formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
  };
  // London and New York change at whole hours, Lord Howe by half an hour at half past, Kathmandu is +05:45.
  const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it('gives the calendar date Intl gives through 2026 (every 37 minutes 13 seconds, so every minute of the hour comes round) and across each change of offset', () => {
    for (const zone of zones) {
      const start = Date.UTC(2026, 0, 1);
      for (let ms = start; ms < Date.UTC(2027, 0, 1); ms += 37 * 60_000 + 13_000) {
        const { year, month, day } = wall(ms, zone);
        expect(calendarDate(ms, zone)).toEqual({ year, month, day });
      }
    }
  });

  it('reads a wall-clock time without an offset as the instant-by-instant arithmetic did, minute by minute on the days the clocks change', () => {
    // The arithmetic before the offsets were kept by the hour: the offset asked of Intl at each instant.
    const offset = (ms: number, zone: string) => {
      const w = wall(ms, zone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + (((ms % 1000) + 1000) % 1000) - ms;
    };
    const days: Record<string, string[]> = {
      'Europe/London': ['2026-03-29', '2026-10-25'],
      'America/New_York': ['2026-03-08', '2026-11-01'],
      'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'],
      'Asia/Kathmandu': ['2026-06-01'],
    };
    for (const [zone, list] of Object.entries(days)) {
      for (const day of list) {
        for (let minute = 0; minute < 24 * 60; minute += 1) {
          const hh = String(Math.floor(minute / 60)).padStart(2, '0');
          const mm = String(minute % 60).padStart(2, '0');
          const asWall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), Math.floor(minute / 60), minute % 60);
          const first = asWall - offset(asWall, zone);
          const expected = Math.min(first, asWall - offset(first, zone));
          expect([zone, `${day}T${hh}:${mm}`, parseDateTime(`${day}T${hh}:${mm}`, zone)]).toEqual([zone, `${day}T${hh}:${mm}`, expected]);
        }
      }
    }
  });
});

describe('days in a month', () => {
  it('are what Date.UTC counts for every month of years 0 to 9999 (years 0 to 99 read as 1900 to 1999, as always)', () => {
    for (let year = 0; year <= 9999; year += 1) {
      const y = String(year).padStart(4, '0');
      const d = new Date(Date.UTC(year, 2, 0)).getUTCDate();
      expect([y, isDate(`${y}-02-29`)]).toEqual([y, d === 29]);
      expect(isDate(`${y}-02-${d}`)).toBe(true);
    }
    expect(isDate('2026-04-31')).toBe(false);
    expect(isDate('2026-12-31')).toBe(true);
  });
});
