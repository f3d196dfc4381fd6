// Ready-made mappings, used by name (`mappings: [annex-a-list-1]`, `--mapping annex-a-list-3`)
// and tried by their header on any table no configured mapping takes (docs/mappings.md,
// "Ready-made mappings"). Ofsted's inspection data request (Annex A) lists contacts (list 1)
// and referrals (list 3) one row each; their few columns carry dates, the child's date of birth,
// ethnicity and gender, and the source of each contact or referral, coded as the CIN census
// codes with a letter before each (`a) 1A` ... `p) 5C`, `p1) 5D`, `q) 6` ... `u) 10`).
import { SOURCE_CODES } from '../domain/codes.js';
import type { FieldSpec, MappingSpec } from './mapping.js';

/** A source cell to its CIN code: `q) 6`, `6`, `q) 6 Police` and `6 - Police` are all 6. */
const codePattern = (code: string): string => `^(?:[a-z]\\d?\\)\\s*)?${code}(?:[\\s:-].*)?$`;

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function sourceFields(column: string): Record<string, FieldSpec> {
  const by = (to: (c: (typeof SOURCE_CODES)[number]) => string): Record<string, string> =>
    Object.fromEntries(SOURCE_CODES.map((c) => [codePattern(c.code), to(c)]));
  const expected = 'a CIN source code as Annex A writes it (a) 1A to u) 10, or the code alone: 6, q) 6 or q) 6 Police)';
  return {
    'referrer.sourceCode': { column, values: by((c) => c.code), expected },
    // The sector the code stands for (the first, where it stands for several: 8 is voluntary).
    'referrer.sector': { column, values: by((c) => (c.sectors === 'any' ? 'other' : c.sectors[0]!)), expected },
    // Annex A names no agency: referrals are grouped by their source, as Ofsted's lists count them.
    // A source that is no code: its referrals are grouped under one name (the code's finding says why).
    'referrer.agency': { column, values: { ...by((c) => `${capital(c.meaning)} (${c.code})`), '*': 'Unrecognised source' }, expected },
  };
}

const childFields: Record<string, FieldSpec> = {
  'child.dateOfBirth': { column: 'Date of Birth' },
  // The CIN census's sex codes; "not stated", "unknown" and "indeterminate" have none, and count as empty.
  'child.sex': {
    column: 'Gender',
    expected: 'a) Male, b) Female, Unborn, or Not stated',
    values: {
      '^(?:[a-z]\\)\\s*)?m(?:ale)?$': 'M',
      '^(?:[a-z]\\)\\s*)?f(?:emale)?$': 'F',
      '^(?:[a-z]\\)\\s*)?u(?:nborn)?$': 'U',
      '^(?:[a-z]\\)\\s*)?(?:not (?:stated|known|recorded)|unknown|indeterminate|neither)$': null,
    },
  },
  // `WBRI`, or `a) WBRI` / `WBRI - White British` as some exports write it.
  'child.ethnicity': { column: 'Ethnicity', values: { '^(?:[a-z]\\d?\\)\\s*)?([A-Za-z]{4})\\b': '$1' }, expected: 'a CIN ethnicity code (WBRI, or a) WBRI)' },
};

/** An Annex A list: one row a contact or referral, with its date and source columns named for what it lists. */
function annexAList(list: 1 | 3, what: 'contacts' | 'referrals', word: 'Contact' | 'Referral'): MappingSpec {
  return {
    name: `annex-a-list-${list}`,
    description: `Ofsted's Annex A, list ${list}: ${what}, one row each.`,
    header: ['Child Unique ID', `Date of ${word}`, `${word} Source`],
    id: 'row',
    fields: { receivedAt: { column: `Date of ${word}` }, ...childFields, ...sourceFields(`${word} Source`) },
  };
}

export const READY_MADE: readonly MappingSpec[] = [annexAList(1, 'contacts', 'Contact'), annexAList(3, 'referrals', 'Referral')];

export function readyMade(name: string): MappingSpec | undefined {
  return READY_MADE.find((m) => m.name === name);
}
