import { describe, expect, it } from 'vitest';
import { createHelpers } from '../src/rule-api/helpers.js';
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
  it('works out age from the calendar date of receivedAt in the time zone', () => {
    // Received 23:30 UTC on 1 July = 00:30 on 2 July in London: the 2nd is the birthday.
    const referral = { child: { dateOfBirth: { text: '2010-07-02', ymd: { year: 2010, month: 7, day: 2 } } }, receivedAt: { text: '', ms: Date.UTC(2026, 6, 1, 23, 30) } };
    expect(helpers.age(referral)).toBe(16);
    expect(helpers.age({ child: {} })).toBeUndefined();
  });
});
