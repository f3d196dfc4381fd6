import { describe, expect, it } from 'vitest';
import rule from '../../rules/referral-timely.js';
import type { JsonObject } from '../../src/domain/referral.js';
import { RuleTester, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const DELAY = { ruleId: RULE, pointer: '/concerns/firstIdentifiedAt', severity: 'warning' } as const;
const CONFIRMATION = { ruleId: RULE, pointer: '/writtenConfirmationAt', severity: 'warning' } as const;

// The clean referral: received 2026-10-05T10:30:00Z, concern first identified 09:00Z (1.5 hours), mode written.
// The pinned reference time (RuleTester's default "now") is 2026-11-01T09:00:00Z.
const identifiedAt = (firstIdentifiedAt: string | undefined, fields: Record<string, unknown> = {}): JsonObject =>
  edit(cleanReferral(), { 'concerns.firstIdentifiedAt': firstIdentifiedAt, ...fields });

/** A telephone referral with no firstIdentifiedAt, so only check (b) applies. */
const spoken = (fields: Record<string, unknown> = {}): JsonObject =>
  edit(cleanReferral(), { mode: 'telephone', 'concerns.firstIdentifiedAt': undefined, ...fields });

const REQUIRE = { requireFirstIdentified: true };

/** Names a field, and none of the values planted in the referrals below. */
const NAMES_FIELDS_NOT_VALUES = /^(?![\s\S]*(?:2026|07:08|13:14|10:30|Alex|Example Police))[\s\S]*(?:concerns\.firstIdentifiedAt|writtenConfirmationAt)/;

describe('referral-timely', () => {
  it('defaults to warning, dimension timeliness', () => {
    expect(rule.meta.severity).toBe('warning');
    expect(rule.meta.dimension).toBe('timeliness');
  });
});

const late = identifiedAt('2026-10-04T10:29:00Z'); // 24 hours and one minute
const urgent = edit(cleanReferral(), { 'concerns.immediateRisk': true }); // 1.5 hours
const slow = identifiedAt('2026-10-05T06:30:00Z', { 'concerns.immediateRisk': true }); // 4 hours
// 10:00 London on 1 July is 09:00Z: 24.5 hours before receipt. Read as UTC it would be 23.5 hours, in time.
const londonSummer = identifiedAt('2026-07-01T10:00:00', { receivedAt: '2026-07-02T09:30:00Z' });
// Received 48 hours before the pinned reference time 2026-11-01T09:00:00Z.
const atDeadline = spoken({ receivedAt: '2026-10-30T09:00:00Z' });
const thirty = spoken({ writtenConfirmationAt: '2026-10-06T16:30:00Z' }); // 30 hours
const fifty = spoken({ writtenConfirmationAt: '2026-10-07T12:30:00Z' }); // 50 hours
const received25 = spoken({ receivedAt: '2026-10-31T08:00:00Z' }); // 25 hours before now
// 11:00 London on 30 July is 10:00Z; confirmed 10:30Z two days later is 48.5 hours. Read as UTC it is 47.5.
const londonReceived = spoken({ receivedAt: '2026-07-30T11:00:00', writtenConfirmationAt: '2026-08-01T10:30:00Z' });
const UTC = { timeZone: 'UTC' };

const valid: ValidCase[] = [
  { name: 'passes a referral made 1.5 hours after the concern arose', referral: cleanReferral(), applicable: true },

  // applicability
  { name: 'is not applicable to a written referral without firstIdentifiedAt', referral: identifiedAt(undefined), applicable: false },
  { name: 'is not applicable when firstIdentifiedAt does not parse and the mode is online', referral: identifiedAt('early last week', { mode: 'online' }), applicable: false },
  { name: 'is not applicable to an anonymous telephone referral without firstIdentifiedAt', referral: spoken({ 'referrer.sector': 'anonymous' }), applicable: false },
  { name: 'is not applicable when no mode is given and there is no firstIdentifiedAt', referral: identifiedAt(undefined, { mode: undefined }), applicable: false },
  {
    name: 'is not applicable when receivedAt does not parse (schema-valid reports it)',
    referrals: [edit(cleanReferral(), { receivedAt: 'yesterday' }), spoken({ receivedAt: 'yesterday' })],
    applicable: false,
  },
  { name: 'applies through check (a) alone', referral: cleanReferral(), applicable: true },
  { name: 'applies through check (b) alone', referral: spoken({ writtenConfirmationAt: '2026-10-06T10:30:00Z' }), applicable: true },

  // (a) the delay from firstIdentifiedAt to receivedAt
  { name: 'does not fire at exactly 24 hours', referral: identifiedAt('2026-10-04T10:30:00Z') },
  { name: 'does not fire on a negative delay (dates-plausible reports it)', referral: identifiedAt('2026-10-06T10:30:00Z') },
  { name: 'does not fire at exactly 2 hours with immediate risk', referral: identifiedAt('2026-10-05T08:30:00Z', { 'concerns.immediateRisk': true }) },
  {
    name: 'uses the 24-hour limit when immediateRisk is false or absent',
    referrals: [false, undefined].map((immediateRisk) => identifiedAt('2026-10-05T06:30:00Z', { 'concerns.immediateRisk': immediateRisk })),
  },
  { name: 'reads a firstIdentifiedAt without an offset in Europe/London during British Summer Time (in time read as UTC)', referral: londonSummer, config: UTC },
  { name: 'is in time at exactly 24 hours when the no-offset time is read in London', referral: identifiedAt('2026-07-01T10:30:00', { receivedAt: '2026-07-02T09:30:00Z' }) },
  {
    name: 'does not judge a firstIdentifiedAt that does not parse',
    referral: identifiedAt('2026-02-30T10:00:00Z', { mode: 'telephone', writtenConfirmationAt: '2026-10-05T12:00:00Z' }),
    applicable: true,
  },
  { name: 'follows the maxHours option (48: 24 hours and a minute is in time)', referral: late, options: { maxHours: 48 } },
  { name: 'follows the maxHours option (1.5: 1.5 hours is in time)', referral: cleanReferral(), options: { maxHours: 1.5 } },
  { name: 'follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk (1.5 hours with immediate risk, default)', referral: urgent },
  { name: 'follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk (4 hours, immediateRiskMaxHours 4)', referral: slow, options: { immediateRiskMaxHours: 4 } },

  // (a) an absent firstIdentifiedAt
  { name: 'is not a finding by default (a telephone referral confirmed in time)', referral: spoken({ writtenConfirmationAt: '2026-10-05T15:00:00Z' }) },
  {
    name: 'is not a finding with requireFirstIdentified when it is present but does not parse (schema-valid reports it)',
    referral: identifiedAt('soon'),
    options: REQUIRE,
    applicable: true,
  },

  // (b) written confirmation of a telephone or in-person referral
  { name: 'does not fire at exactly 48 hours', referral: spoken({ writtenConfirmationAt: '2026-10-07T10:30:00Z' }) },
  { name: 'does not fire when the confirmation is dated before receivedAt (dates-plausible reports it)', referral: spoken({ writtenConfirmationAt: '2026-10-05T10:00:00Z' }) },
  { name: 'does not judge a writtenConfirmationAt that does not parse', referral: spoken({ writtenConfirmationAt: 'next day' }), applicable: true },
  { name: 'does not fire on a missing confirmation at exactly the deadline, and fires one second after it (at the deadline)', referral: atDeadline },
  { name: 'does not fire on a missing confirmation while the deadline is still ahead', referral: spoken({ receivedAt: '2026-10-31T16:00:00Z' }), applicable: true },
  // check (a) still applies
  { name: 'does not apply to an anonymous referrer', referral: edit(cleanReferral(), { mode: 'telephone', 'referrer.sector': 'anonymous' }), applicable: true },
  ...['written', 'online'].map((mode) => ({
    name: `ignores writtenConfirmationAt on mode ${mode}`,
    referral: edit(cleanReferral(), { mode, writtenConfirmationAt: '2026-10-20T10:30:00Z' }),
  })),
  { name: 'ignores a late writtenConfirmationAt when no mode is given', referral: edit(cleanReferral(), { mode: undefined, writtenConfirmationAt: '2026-10-20T10:30:00Z' }) },
  { name: 'follows the writtenConfirmationHours option for a late confirmation (30 hours, default)', referral: thirty },
  { name: 'follows the writtenConfirmationHours option for a late confirmation (50 hours, writtenConfirmationHours 72)', referral: fifty, options: { writtenConfirmationHours: 72 } },
  { name: 'follows the writtenConfirmationHours option for a missing confirmation (25 hours, default)', referral: received25 },
  { name: 'follows the writtenConfirmationHours option for a missing confirmation (25 hours, writtenConfirmationHours 25)', referral: received25, options: { writtenConfirmationHours: 25 } },
  { name: 'reads a receivedAt without an offset in the configured time zone (in time read as UTC)', referral: londonReceived, config: UTC },

  {
    name: 'never throws on odd data (null firstIdentifiedAt and wrong types; no receivedAt)',
    referrals: [
      edit(cleanReferral(), { 'concerns.firstIdentifiedAt': null, mode: 7, writtenConfirmationAt: ['x'] }),
      edit(cleanReferral(), { receivedAt: undefined, mode: 'in-person' }),
    ],
    applicable: false,
  },
];

const invalid: InvalidCase[] = [
  // (a) the delay from firstIdentifiedAt to receivedAt
  { name: 'fires one minute over 24 hours', referral: late, errors: [DELAY] },
  {
    name: 'fires one minute over 2 hours when the child is at immediate risk',
    referral: identifiedAt('2026-10-05T08:29:00Z', { 'concerns.immediateRisk': true }),
    errors: [{ ...DELAY, message: /immediateRisk/ }],
  },
  { name: 'reads a firstIdentifiedAt without an offset in Europe/London during British Summer Time', referral: londonSummer, errors: [DELAY] },
  { name: 'follows the maxHours option (1: 1.5 hours is late)', referral: cleanReferral(), options: { maxHours: 1 }, errors: [DELAY] },
  { name: 'follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk (1.5 hours, immediateRiskMaxHours 1)', referral: urgent, options: { immediateRiskMaxHours: 1 }, errors: [DELAY] },
  { name: 'follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk (4 hours, default)', referral: slow, errors: [DELAY] },
  { name: 'follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk (4 hours, maxHours 100)', referral: slow, options: { maxHours: 100 }, errors: [DELAY] },

  // (a) an absent firstIdentifiedAt; a finding means the rule applied
  { name: 'applies through requireFirstIdentified alone', referral: identifiedAt(undefined), options: REQUIRE, errors: [DELAY] },
  { name: 'is a finding with requireFirstIdentified', referral: identifiedAt(undefined), options: REQUIRE, errors: [DELAY] },
  { name: 'is a finding with requireFirstIdentified when there is no concerns object at all', referral: edit(cleanReferral(), { concerns: undefined }), options: REQUIRE, errors: [DELAY] },
  {
    name: 'leaves a firstIdentifiedAt of the wrong type to schema-valid under requireFirstIdentified',
    referral: identifiedAt(undefined, { 'concerns.firstIdentifiedAt': 20261005 }),
    options: REQUIRE,
    config: { rules: { 'schema-valid': 'error' } },
    errors: [{ ruleId: 'schema-valid', pointer: '/concerns/firstIdentifiedAt', severity: 'error' }],
  },

  // (b) written confirmation of a telephone or in-person referral
  ...['telephone', 'in-person'].map((mode) => ({
    name: `fires when a ${mode} referral is confirmed one minute after 48 hours`,
    referral: spoken({ mode, writtenConfirmationAt: '2026-10-07T10:31:00Z' }),
    errors: [CONFIRMATION],
  })),
  { name: 'fires when the confirmation is missing and the deadline has long passed', referral: spoken({ mode: 'in-person' }), errors: [CONFIRMATION] },
  {
    name: 'does not fire on a missing confirmation at exactly the deadline, and fires one second after it (received one second earlier)',
    referral: spoken({ receivedAt: '2026-10-30T08:59:59Z' }),
    errors: [CONFIRMATION],
  },
  {
    name: 'does not fire on a missing confirmation at exactly the deadline, and fires one second after it (now one second later)',
    referral: atDeadline,
    now: '2026-11-01T09:00:01Z',
    errors: [CONFIRMATION],
  },
  { name: 'follows the writtenConfirmationHours option for a late confirmation (30 hours, writtenConfirmationHours 24)', referral: thirty, options: { writtenConfirmationHours: 24 }, errors: [CONFIRMATION] },
  { name: 'follows the writtenConfirmationHours option for a late confirmation (50 hours, default)', referral: fifty, errors: [CONFIRMATION] },
  { name: 'follows the writtenConfirmationHours option for a missing confirmation (25 hours, writtenConfirmationHours 24)', referral: received25, options: { writtenConfirmationHours: 24 }, errors: [CONFIRMATION] },
  { name: 'reads a receivedAt without an offset in the configured time zone', referral: londonReceived, errors: [CONFIRMATION] },

  { name: 'reports both checks on one referral, (a) first', referral: identifiedAt('2026-10-01T09:00:00Z', { mode: 'telephone' }), errors: [DELAY, CONFIRMATION] },

  // severity and messages
  { name: 'carries the configured severity', referral: identifiedAt('2026-10-01T09:00:00Z'), severity: 'error', errors: [{ ...DELAY, severity: 'error' }] },
  {
    name: 'names fields and never their values',
    referrals: [
      identifiedAt('2026-10-01T07:08:09Z', { mode: 'telephone', writtenConfirmationAt: '2026-10-19T13:14:15Z' }),
      identifiedAt('2026-10-01T07:08:09Z', { 'concerns.immediateRisk': true, mode: 'in-person' }),
    ],
    errors: [
      { ...DELAY, referral: 0, message: NAMES_FIELDS_NOT_VALUES },
      { ...CONFIRMATION, referral: 0, message: NAMES_FIELDS_NOT_VALUES },
      { ...DELAY, referral: 1, message: NAMES_FIELDS_NOT_VALUES },
      { ...CONFIRMATION, referral: 1, message: NAMES_FIELDS_NOT_VALUES },
    ],
  },

  // a finding means the rule applied
  {
    name: 'never throws on odd data (concerns a string, no referrer)',
    referral: edit(cleanReferral(), { concerns: 'urgent', mode: 'telephone', referrer: undefined }),
    errors: [CONFIRMATION],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    { name: 'rejects a negative maxHours', options: { maxHours: -1 }, error: /rules\.referral-timely\.options\.maxHours: must be >= 0/ },
    { name: 'rejects a requireFirstIdentified that is not true or false', options: { requireFirstIdentified: 'yes' }, error: /rules\.referral-timely\.options\.requireFirstIdentified: must be of type boolean/ },
    { name: 'rejects an unknown option', options: { writtenConfirmationHour: 24 }, error: /rules\.referral-timely\.options\.writtenConfirmationHour: unknown key/ },
  ],
});
