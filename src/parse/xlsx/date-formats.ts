// Which number formats show a number as a date or a time: a number cell with such a format is
// an Excel serial date, and the reader yields it as `{ serial }` instead of a plain number.

/**
 * Built-in formats that are dates or times: 14-22 (m/d/yyyy, d-mmm-yy, h:mm AM/PM...), 27-36
 * and 50-58 (East Asian dates), 45-47 (mm:ss, [h]:mm:ss, mm:ss.0).
 */
export function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * Whether a custom format code shows a date or a time: it has a d, m, y, h or s (any case)
 * outside quoted text ("days"), brackets ([Red], [$-409], [>100]; but [h], [mm], [ss] are elapsed times) and escaped characters
 * (\d, _d, *d), in its first section. `0.00 "m"` and `[Blue]0` are numbers; `dd/mm/yyyy`,
 * `[$-F800]dddd, mmmm dd, yyyy` and `[h]:mm` are dates and times.
 */
export function isDateFormatCode(code: string): boolean {
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end + 1;
    } else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      // [h], [mm], [ss]: elapsed time.
      if (end > i + 1 && /^[hms]+$/i.test(code.slice(i + 1, end))) return true;
      i = end < 0 ? code.length : end + 1;
    } else if (c === '\\' || c === '_' || c === '*') {
      i += 2;
    } else if (c === ';') {
      return false;
    } else {
      if ('dmyhsDMYHS'.includes(c)) return true;
      i += 1;
    }
  }
  return false;
}
