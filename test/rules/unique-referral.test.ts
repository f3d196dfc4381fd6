import { describe, expect, it } from 'vitest';
import rule, { foldName } from '../../rules/unique-referral.js';
import type { JsonObject } from '../../src/domain/referral.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const ID = { ruleId: RULE, pointer: '/id', severity: 'error' } as const;
const SAME = { ruleId: RULE, pointer: '', severity: 'error' } as const;
/** The expected finding on the referral at index `referral` of a batch. */
const on = (referral: number, finding: ExpectedFinding = SAME): ExpectedFinding => ({ ...finding, referral });

let serial = 0;
/** A clean referral with its own id, so only what a test sets can repeat. */
const referral = (fields: Record<string, unknown> = {}): JsonObject => edit(cleanReferral(), { id: `REF-${++serial}`, ...fields });

describe('unique-referral', () => {
  it('has dimension uniqueness and default severity error, and is a batch rule', () => {
    expect(rule.meta).toMatchObject({ id: 'unique-referral', dimension: 'uniqueness', severity: 'error' });
    expect(rule.batch).toBeTypeOf('function');
  });

  it('folds names as rules.md says', () => {
    expect(foldName('  Zoë   Ann ')).toBe('zoe ann');
    expect(foldName('JOSÉ')).toBe(foldName('jose'));
    expect(foldName('Strauß')).toBe(foldName('STRAUSS'));
    expect(foldName('Ann-Marie')).not.toBe(foldName('Ann Marie'));
  });
});

const day = (d: number) => `2026-10-0${d}T10:00:00Z`;
const twice = referral();
const summerLate = [referral({ receivedAt: '2026-07-10T22:30:00Z' }), referral({ receivedAt: '2026-07-10T23:30:00Z' })];
const summerNext = [referral({ receivedAt: '2026-07-10T23:30:00Z' }), referral({ receivedAt: '2026-07-11T10:00:00Z' })];
const UTC = { timeZone: 'UTC' };
const NO_NHS = { 'child.nhsNumber': undefined };
const NO_AGENCY = { 'referrer.agency': undefined };
const ANONYMOUS = { 'child.nhsNumber': undefined, 'child.dateOfBirth': undefined };
const UNNAMED = { 'child.nhsNumber': undefined, 'child.givenName': 'Unknown' };
const NO_CHILD = { child: undefined };
const UNBORN = { 'child.nhsNumber': undefined, 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10' };
const afresh = referral();

const valid: ValidCase[] = [
  {
    name: 'passes a single referral, and different children on the same day',
    referrals: [referral(), referral({ 'child.nhsNumber': '401 023 2137', 'child.givenName': 'Robin' })],
    applicable: true,
  },

  // the same id
  { name: 'compares ids exactly', referrals: [referral({ id: 'ref-1', receivedAt: day(1) }), referral({ id: 'REF-1', receivedAt: day(2) })] },
  { name: 'does not match referrals without an id', referrals: [referral({ id: undefined, receivedAt: day(1) }), referral({ id: undefined, receivedAt: day(2) })] },

  // the same child, agency and day
  { name: 'does not fire when both have NHS numbers and they differ, even with the same names and date of birth', referrals: [referral(), referral({ 'child.nhsNumber': '4010232137' })] },
  {
    name: 'does not match names with a different date of birth, given name or family name',
    referrals: [
      referral(NO_NHS),
      referral({ ...NO_NHS, 'child.dateOfBirth': '2014-03-03' }),
      referral({ ...NO_NHS, 'child.givenName': 'Alexa' }),
      referral({ ...NO_NHS, 'child.familyName': 'Test-child' }),
    ],
  },
  { name: 'does not merge two children given the same dummy NHS number', referrals: [referral({ 'child.nhsNumber': '0000000000' }), referral({ 'child.nhsNumber': '0000000000', 'child.givenName': 'Robin' })] },

  // same day: the calendar day of receivedAt in the configured time zone
  { name: '23:30Z in summer is the next London day: not the same day as 22:30Z', referrals: summerLate },
  { name: '23:30Z in summer is the same London day as 10:00Z the next day (not in UTC)', referrals: summerNext, config: UTC },
  { name: 'does not fire on the next day', referrals: [referral({ receivedAt: '2026-10-05T22:59:00Z' }), referral({ receivedAt: '2026-10-05T23:00:00Z' })] },

  // same agency
  { name: 'does not fire for a different agency', referrals: [referral(), referral({ 'referrer.agency': 'Example Hospital' })] },
  { name: 'never matches when no agency is stated (absent)', referrals: [referral(NO_AGENCY), referral(NO_AGENCY)] },
  { name: 'never matches when no agency is stated (blank)', referrals: [referral({ 'referrer.agency': ' ' }), referral({ 'referrer.agency': '' })] },

  // never matched
  { name: 'a referral without a receivedAt (neither has one)', referrals: [referral({ receivedAt: undefined }), referral({ receivedAt: undefined })] },
  { name: 'a referral without a receivedAt (absent or not parsing after a clean one)', referrals: [referral(), referral({ receivedAt: undefined }), referral({ receivedAt: 'today' })] },
  { name: 'a referral without a child identity (no NHS number, no date of birth)', referrals: [referral(ANONYMOUS), referral(ANONYMOUS)] },
  { name: 'a referral without a child identity (no NHS number, given name Unknown)', referrals: [referral(UNNAMED), referral(UNNAMED)] },
  { name: 'a referral without a child identity (no child)', referrals: [referral(NO_CHILD), referral(NO_CHILD)] },
  { name: 'an unborn child known only by an expected date of birth', referrals: [referral(UNBORN), referral(UNBORN)] },

  // Two runs of the same referral: state kept from the first run would make the second a repeat.
  { name: 'starts every run afresh (first run)', referrals: [afresh] },
  { name: 'starts every run afresh (second run)', referrals: [structuredClone(afresh)] },
];

const invalid: InvalidCase[] = [
  // the same id
  {
    name: 'fires on the second and third of three occurrences',
    referrals: [referral({ id: 'DUP-1', receivedAt: day(1) }), referral({ id: 'DUP-1', receivedAt: day(2) }), referral({ id: 'DUP-1', receivedAt: day(3) })],
    errors: [on(1, ID), on(2, ID)],
  },
  {
    name: 'fires only on the repeats, in input order, with other referrals between',
    referrals: [
      referral({ id: 'A', receivedAt: day(1) }),
      referral({ id: 'B', receivedAt: day(2) }),
      referral({ id: 'A', receivedAt: day(3) }),
      referral({ id: 'C', receivedAt: day(4) }),
      referral({ id: 'B', receivedAt: day(5) }),
    ],
    errors: [on(2, ID), on(4, ID)],
  },
  { name: 'reports a record exported twice once, as a repeated id', referrals: [twice, structuredClone(twice), structuredClone(twice)], errors: [on(1, ID), on(2, ID)] },

  // the same child, agency and day
  {
    name: 'fires when the NHS number is the same, however it is spaced',
    referrals: [
      referral({ 'child.nhsNumber': '943 476 5919', receivedAt: '2026-10-05T08:00:00Z' }),
      referral({ 'child.nhsNumber': '9434765919', 'child.givenName': 'Lexi', receivedAt: '2026-10-05T16:00:00Z' }),
      referral({ 'child.nhsNumber': ' 94347 65919 ', 'child.familyName': 'Otherchild', receivedAt: '2026-10-05T20:00:00Z' }),
    ],
    errors: [{ ...on(1), message: /matched by NHS number/ }, on(2)],
  },
  {
    name: 'fires on the same names and date of birth despite case, diacritics and inner spaces, when one lacks an NHS number',
    referrals: [
      referral({ 'child.givenName': 'Zoë  Ann', 'child.familyName': "Ó'Briain" }),
      referral({ 'child.nhsNumber': undefined, 'child.givenName': ' zoe ann ', 'child.familyName': "O'BRIAIN" }),
    ],
    errors: [{ ...on(1), message: /matched by names and date of birth/ }],
  },
  { name: 'matches by names when the earlier referral lacks the NHS number and the later has it', referrals: [referral(NO_NHS), referral({ 'child.givenName': 'ALEX' })], errors: [on(1)] },
  { name: 'matches by names when neither has an NHS number', referrals: [referral(NO_NHS), referral(NO_NHS)], errors: [on(1)] },
  {
    name: 'treats an NHS number that fails its check digit as no NHS number: a typo does not hide the repeat',
    referrals: [referral(), referral({ 'child.nhsNumber': '943 476 5918' })],
    errors: [on(1)],
  },
  {
    name: 'fires on every occurrence after the first',
    referrals: [referral(), referral({ 'child.givenName': 'Alexandra' }), referral({ receivedAt: '2026-10-05T18:00:00Z' })],
    errors: [on(1), on(2)],
  },

  // same day: the calendar day of receivedAt in the configured time zone
  { name: '23:30Z in summer is the next London day: not the same day as 22:30Z (same day in UTC)', referrals: summerLate, config: UTC, errors: [on(1)] },
  { name: '23:30Z in summer is the same London day as 10:00Z the next day', referrals: summerNext, errors: [on(1)] },

  // same agency
  { name: 'fires for the same agency written with other case and surrounding spaces', referrals: [referral(), referral({ 'referrer.agency': '  EXAMPLE police ' })], errors: [on(1)] },
  {
    name: 'fires for two spellings of one agency joined by the alias table',
    referrals: [referral(), referral({ 'referrer.agency': 'POL' }), referral({ 'referrer.agency': 'Example Constabulary CAIT' })],
    config: { agencies: [{ name: 'Example Police', aliases: ['POL'], patterns: ['^example constabulary'] }] },
    errors: [on(1), on(2)],
  },

  {
    name: 'carries the configured severity',
    referrals: [referral({ id: 'X' }), referral({ id: 'X', receivedAt: '2026-10-06T10:00:00Z' })],
    severity: 'warning',
    errors: [on(1, { ...ID, severity: 'warning' })],
  },
  {
    name: 'names the earlier referral by its id and place only: never a name, NHS number, agency or date',
    referrals: [
      referral({ id: 'PLANTED-ID' }),
      referral({ id: 'PLANTED-ID', receivedAt: '2026-10-06T10:00:00Z' }),
      referral({ 'child.nhsNumber': undefined, receivedAt: '2026-10-06T11:00:00Z' }),
    ],
    errors: [
      { ...on(1, ID), message: 'id is the same id as an earlier referral in this file: each referral needs its own reference' },
      {
        ...on(2),
        message:
          'the same child, agency and day as referral PLANTED-ID in this file (matched by names and date of birth): child, referrer.agency and the date of receivedAt repeat it; send an update to it instead',
      },
    ],
  },
];

new RuleTester().run(rule, { valid, invalid });
