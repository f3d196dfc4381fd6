// Check digits and shapes of the identifiers a referral carries. Pure functions; the
// algorithms are described in docs/rules/identifiers-valid.md, and their test vectors are in
// test/identifiers.test.ts.
// Sources: NHS Data Dictionary (NHS number); DfE, Unique Pupil Numbers (UPN) 2.0
// guidance; ONS / Royal Mail postcode format.

/** The NHS number's digits with all whitespace removed, when exactly 10 digits remain. */
export function nhsNumberDigits(text: string): string | undefined {
  const digits = text.replace(/\s/g, '');
  return /^[0-9]{10}$/.test(digits) ? digits : undefined;
}

/**
 * NHS Data Dictionary: 10 digits (whitespace anywhere ignored); digits 1-9 weighted 10..2,
 * check = 11 - (sum mod 11), 11 reads as 0 and 10 means no valid number; the check equals
 * digit 10. A number of one repeated digit (`2222222222`) passes the sum but is never issued.
 */
export function isValidNhsNumber(text: string): boolean {
  const digits = nhsNumberDigits(text);
  if (digits === undefined) return false;
  if (/^(\d)\1{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** DfE UPN 2.0: the 23 letters a UPN may use (no I, O or S), in check-letter order. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Permanent `letter + 12 digits`, or temporary `letter + 11 digits + letter`; capitals only, as DfE writes them. */
const UPN_SHAPE = /^[ABCDEFGHJKLMNPQRTUVWXYZ][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

/** True when the text has the shape of a UPN (13 characters, check letter, 11 digits, digit or letter). */
export function hasUpnShape(text: string): boolean {
  return UPN_SHAPE.test(text);
}

/**
 * DfE UPN 2.0: characters 2..13 weighted by their position (2..13), a letter counting as its
 * index in UPN_LETTERS; the sum mod 23 indexes UPN_LETTERS to give the check letter (character 1).
 */
export function isValidUpn(text: string): boolean {
  if (!hasUpnShape(text)) return false;
  let sum = 0;
  for (let position = 2; position <= 13; position++) {
    const ch = text[position - 1]!;
    const value = ch >= '0' && ch <= '9' ? Number(ch) : UPN_LETTERS.indexOf(ch);
    sum += value * position;
  }
  return UPN_LETTERS[sum % 23] === text[0];
}

/** UK postcode, including the special GIR 0AA; one optional space before the inward code. */
const POSTCODE = /^(?:GIR ?0AA|(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z]) ?[0-9][A-Z]{2})$/i;

/** The exact format of docs/domain-reference.md, case-insensitive; surrounding spaces are not trimmed. */
export function isValidPostcode(text: string): boolean {
  return POSTCODE.test(text);
}
