import { describe, expect, it } from 'vitest';
import rule from '../../rules/dates-plausible.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit, NOW } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string, message?: RegExp): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error', ...(message ? { message } : {}) });
const schema = (pointer: string): ExpectedFinding => ({ ruleId: 'schema-valid', pointer, severity: 'error' });
const UTC = { timeZone: 'UTC' };
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };

// cleanReferral(): receivedAt 2026-10-05T10:30:00Z (11:30 in London), child born 2014-03-02, mode written.
// NOW (the reference time) is 2026-11-01T09:00:00Z.
const unborn = (expectedDateOfBirth: string) => edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': expectedDateOfBirth });
const episode = (fields: Record<string, unknown>) => ({
  startedAt: '2026-09-01T20:00:00Z',
  returnedAt: '2026-09-02T08:00:00Z',
  classification: 'missing',
  riskLevel: 'medium',
  reportedToPolice: true,
  ...fields,
});
const screening = (completedAt: string) => ({ exploitationScreening: { tool: 'SERAF', completedAt, riskLevel: 'low' } });
const future = '2026-11-01T09:00:01Z';

// 23:30Z on 10 July 2026 is 00:30 on 11 July in London (BST).
const bornAtLondonMidnight = edit(cleanReferral(), { receivedAt: '2026-07-10T23:30:00Z', 'child.dateOfBirth': '2026-07-11', concerns: undefined });
// 23:30Z on 4 October is 00:30 on 5 October in London: the 18th birthday.
const eighteenAtLondonMidnight = edit(cleanReferral(), { receivedAt: '2026-10-04T23:30:00Z', 'child.dateOfBirth': '2008-10-05', concerns: undefined });
// Received 00:30 on 11 July 2026 in London; 280 days later is 2027-04-17.
const expectedFromLondonDate = edit(unborn('2027-04-17'), { receivedAt: '2026-07-10T23:30:00Z', concerns: undefined });
// 11:00 London wall clock is 10:00Z in October (BST): before receivedAt; read as UTC it is after.
const wallClockIdentified = edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T11:00:00' });
const unparsedReceivedAt = edit(cleanReferral(), { receivedAt: '5 October 2026', 'child.dateOfBirth': '1990-01-01', 'concerns.firstIdentifiedAt': '2026-10-06T09:00:00Z' });

describe('dates-plausible', () => {
  it('has dimension validity and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'dates-plausible', dimension: 'validity', severity: 'error' });
  });
});

const valid: ValidCase[] = [
  { name: 'passes the clean referral', referral: cleanReferral(), applicable: true },
  {
    name: 'applies to every referral, even one with no dates at all',
    referral: edit(cleanReferral(), { receivedAt: undefined, 'child.dateOfBirth': undefined, concerns: undefined, consent: undefined }),
    applicable: true,
  },

  // child.dateOfBirth after receivedAt
  { name: 'child.dateOfBirth after receivedAt: does not fire for a child born on the day of the referral', referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-05' }) },
  { name: 'child.dateOfBirth after receivedAt: compares with the calendar date of receivedAt in the configured time zone (London)', referral: bornAtLondonMidnight },

  // age 18 or over at receivedAt
  { name: 'age 18 or over at receivedAt: does not fire the day before the 18th birthday', referral: edit(cleanReferral(), { 'child.dateOfBirth': '2008-10-06' }) },
  { name: 'age 18 or over at receivedAt: takes the age at the London date of receivedAt (UTC)', referral: eighteenAtLondonMidnight, config: UTC },

  // child.expectedDateOfBirth within 280 days after and 30 days before receivedAt
  { name: 'child.expectedDateOfBirth: does not fire exactly 280 days after', referral: unborn('2027-07-12') },
  { name: 'child.expectedDateOfBirth: does not fire exactly 30 days before', referral: unborn('2026-09-05') },
  // After NOW, well within a pregnancy of receivedAt.
  { name: 'child.expectedDateOfBirth: does not judge an expected date of birth against the reference time', referral: unborn('2027-03-01') },
  { name: 'child.expectedDateOfBirth: counts days from the London date of receivedAt (London)', referral: expectedFromLondonDate },

  // concerns.firstIdentifiedAt after receivedAt
  ...['2026-10-05T10:30:00Z', '2026-10-05T11:30:00+01:00'].map((at) => ({
    name: `concerns.firstIdentifiedAt after receivedAt: does not fire at the same instant, however the offset is written (${at})`,
    referral: edit(cleanReferral(), { 'concerns.firstIdentifiedAt': at }),
  })),
  { name: 'concerns.firstIdentifiedAt after receivedAt: reads a date-time without an offset in the configured time zone (London)', referral: wallClockIdentified },

  // writtenConfirmationAt before receivedAt
  ...['2026-10-05T10:30:00Z', '2026-10-06T10:30:00Z'].map((at) => ({
    name: `writtenConfirmationAt before receivedAt: does not fire at the same instant or after (${at})`,
    referral: edit(cleanReferral(), { mode: 'telephone', writtenConfirmationAt: at }),
  })),
  ...['written', 'online'].flatMap((mode) =>
    ['2026-10-04T10:30:00Z', '2026-12-01T10:30:00Z'].map((at) => ({
      name: `writtenConfirmationAt before receivedAt: ignores writtenConfirmationAt for mode ${mode}, even in the future (referral-format.md) (${at})`,
      referral: edit(cleanReferral(), { mode, writtenConfirmationAt: at }),
    })),
  ),

  // exploitationScreening.completedAt more than 1 day after receivedAt
  { name: 'exploitationScreening.completedAt: does not fire exactly 24 hours after', referral: edit(cleanReferral(), screening('2026-10-06T10:30:00Z')) },
  { name: 'exploitationScreening.completedAt: does not fire for a screening before the referral', referral: edit(cleanReferral(), screening('2026-06-01T10:00:00Z')) },

  // return interview offeredAt before its episode's startedAt
  ...['2026-09-01T20:00:00Z', '2026-09-02T12:00:00Z'].map((offeredAt) => ({
    name: `return interview offeredAt: does not fire at the start or after (${offeredAt})`,
    referral: edit(cleanReferral(), { missingEpisodes: [episode({ returnInterview: { offeredAt } })] }),
  })),

  // any date-time later than the reference time
  {
    name: 'reference time: does not fire at exactly the reference time',
    referral: edit(cleanReferral(), { 'consent.recordedAt': NOW, receivedAt: NOW, missingEpisodes: [episode({ returnInterview: { completedAt: NOW } })] }),
  },
  {
    name: 'reference time: does not judge child.dateOfBirth against the reference time (only against receivedAt)',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-05' }),
    now: '2026-10-05T11:00:00Z',
  },

  // values that cannot be judged
  { name: 'skips comparisons with a receivedAt that does not parse (schema-valid reports it) (alone)', referral: unparsedReceivedAt },
  { name: 'skips a date of birth that is not a real date', referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-02-30' }) },
  {
    name: 'skips a date-time that does not parse, and a comparison with it',
    referral: edit(cleanReferral(), { missingEpisodes: [episode({ startedAt: 'last Tuesday', returnInterview: { offeredAt: 'soon' } })] }),
  },
  {
    name: 'does not throw on odd shapes',
    referral: edit(cleanReferral(), { missingEpisodes: [null, 3, { returnInterview: 'offered' }], exploitationScreening: [], concerns: 'none', child: { dateOfBirth: 20140302 } }),
  },
];

const invalid: InvalidCase[] = [
  // child.dateOfBirth after receivedAt
  {
    name: 'child.dateOfBirth after receivedAt: fires when the child is born the day after the referral',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-06' }),
    errors: [finding('/child/dateOfBirth')],
  },
  {
    name: 'child.dateOfBirth after receivedAt: compares with the calendar date of receivedAt in the configured time zone (UTC)',
    referral: bornAtLondonMidnight,
    config: UTC,
    errors: [finding('/child/dateOfBirth')],
  },

  // age 18 or over at receivedAt
  {
    name: 'age 18 or over at receivedAt: fires on the 18th birthday',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2008-10-05' }),
    errors: [finding('/child/dateOfBirth', /18 or over/)],
  },
  { name: 'age 18 or over at receivedAt: fires well over 18', referral: edit(cleanReferral(), { 'child.dateOfBirth': '1990-01-01' }), errors: [finding('/child/dateOfBirth')] },
  { name: 'age 18 or over at receivedAt: takes the age at the London date of receivedAt (London)', referral: eighteenAtLondonMidnight, errors: [finding('/child/dateOfBirth')] },

  // child.expectedDateOfBirth within 280 days after and 30 days before receivedAt
  { name: 'child.expectedDateOfBirth: fires 281 days after', referral: unborn('2027-07-13'), errors: [finding('/child/expectedDateOfBirth', /280 days after/)] },
  { name: 'child.expectedDateOfBirth: fires 31 days before', referral: unborn('2026-09-04'), errors: [finding('/child/expectedDateOfBirth', /30 days before/)] },
  {
    name: 'child.expectedDateOfBirth: counts days from the London date of receivedAt (UTC)',
    referral: expectedFromLondonDate,
    config: UTC,
    errors: [finding('/child/expectedDateOfBirth')],
  },

  // both dateOfBirth and expectedDateOfBirth
  {
    name: 'both dateOfBirth and expectedDateOfBirth: fires at child.expectedDateOfBirth',
    referral: edit(cleanReferral(), { 'child.expectedDateOfBirth': '2026-12-01' }),
    errors: [finding('/child/expectedDateOfBirth', /both/)],
  },
  {
    name: 'both dateOfBirth and expectedDateOfBirth: reports a stale expected date once, not also as too far before receivedAt',
    referral: edit(cleanReferral(), { 'child.expectedDateOfBirth': '2014-03-01' }),
    errors: [finding('/child/expectedDateOfBirth')],
  },
  {
    name: 'both dateOfBirth and expectedDateOfBirth: still judges the date of birth',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-12-01', 'child.expectedDateOfBirth': '2026-12-01' }),
    errors: [finding('/child/dateOfBirth'), finding('/child/expectedDateOfBirth')],
  },

  // concerns.firstIdentifiedAt after receivedAt
  {
    name: 'concerns.firstIdentifiedAt after receivedAt: fires a minute after',
    referral: edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T10:31:00Z' }),
    errors: [finding('/concerns/firstIdentifiedAt', /after receivedAt/)],
  },
  {
    name: 'concerns.firstIdentifiedAt after receivedAt: reads a date-time without an offset in the configured time zone (UTC)',
    referral: wallClockIdentified,
    config: UTC,
    errors: [finding('/concerns/firstIdentifiedAt')],
  },
  {
    name: 'concerns.firstIdentifiedAt after receivedAt: reports one in the future once, as in the future',
    referral: edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-11-02T09:00:00Z' }),
    errors: [finding('/concerns/firstIdentifiedAt', /reference time/)],
  },

  // writtenConfirmationAt before receivedAt
  ...['telephone', 'in-person'].map((mode) => ({
    name: `writtenConfirmationAt before receivedAt: fires a minute before, for mode ${mode}`,
    referral: edit(cleanReferral(), { mode, writtenConfirmationAt: '2026-10-05T10:29:00Z' }),
    errors: [finding('/writtenConfirmationAt')],
  })),
  {
    name: 'writtenConfirmationAt before receivedAt: fires when no mode is stated',
    referral: edit(cleanReferral(), { mode: undefined, writtenConfirmationAt: '2026-10-04T10:30:00Z' }),
    errors: [finding('/writtenConfirmationAt')],
  },

  // exploitationScreening.completedAt more than 1 day after receivedAt
  {
    name: 'exploitationScreening.completedAt: fires a minute past 24 hours',
    referral: edit(cleanReferral(), screening('2026-10-06T10:31:00Z')),
    errors: [finding('/exploitationScreening/completedAt')],
  },

  // return interview offeredAt before its episode's startedAt
  {
    name: 'return interview offeredAt: fires an hour before the episode began',
    referral: edit(cleanReferral(), { missingEpisodes: [episode({ returnInterview: { offeredAt: '2026-09-01T19:00:00Z' } })] }),
    errors: [finding('/missingEpisodes/0/returnInterview/offeredAt', /missingEpisodes\[0\]\.startedAt/)],
  },
  {
    name: "return interview offeredAt: compares each offer with its own episode's start",
    referral: edit(cleanReferral(), {
      missingEpisodes: [
        episode({ startedAt: '2026-08-01T20:00:00Z', returnedAt: '2026-08-02T08:00:00Z', returnInterview: { offeredAt: '2026-08-02T12:00:00Z' } }),
        episode({ returnInterview: { offeredAt: '2026-08-03T12:00:00Z' } }),
      ],
    }),
    errors: [finding('/missingEpisodes/1/returnInterview/offeredAt')],
  },
  {
    name: 'return interview offeredAt: keeps the index the export gave when an item of missingEpisodes is not an object',
    referral: edit(cleanReferral(), { missingEpisodes: ['junk', episode({ returnInterview: { offeredAt: '2026-09-01T19:00:00Z' } })] }),
    errors: [finding('/missingEpisodes/1/returnInterview/offeredAt')],
  },

  // any date-time later than the reference time
  {
    name: 'reference time: fires at every date-time field, each at its own pointer',
    referral: edit(cleanReferral(), {
      mode: 'telephone',
      writtenConfirmationAt: future,
      'concerns.firstIdentifiedAt': future,
      'consent.recordedAt': future,
      missingEpisodes: [episode({ startedAt: future, returnedAt: future, returnInterview: { offeredAt: future, completedAt: future } })],
      ...screening(future),
    }),
    errors: [
      '/writtenConfirmationAt',
      '/concerns/firstIdentifiedAt',
      '/consent/recordedAt',
      '/missingEpisodes/0/startedAt',
      '/missingEpisodes/0/returnedAt',
      '/missingEpisodes/0/returnInterview/offeredAt',
      '/missingEpisodes/0/returnInterview/completedAt',
      '/exploitationScreening/completedAt',
    ].map((pointer) => finding(pointer, /reference time/)),
  },
  { name: 'reference time: fires at receivedAt', referral: edit(cleanReferral(), { receivedAt: future }), errors: [finding('/receivedAt')] },
  {
    name: 'reference time: follows the configured reference time',
    referral: edit(cleanReferral(), { 'consent.recordedAt': '2026-10-05T10:00:00Z' }),
    now: '2026-10-05T09:59:00Z',
    errors: [finding('/receivedAt'), finding('/consent/recordedAt')],
  },
  {
    // A year out: the child would be 18 at it, the telephone confirmation is before it,
    // the expected-date and screening comparisons would all echo the wrong receivedAt.
    name: 'reference time: compares nothing with a receivedAt in the future: the one defect is reported once',
    referral: edit(cleanReferral(), {
      receivedAt: '2027-10-05T10:30:00Z',
      mode: 'telephone',
      writtenConfirmationAt: '2026-10-05T12:00:00Z',
      'child.dateOfBirth': '2009-03-02',
      ...screening('2026-10-01T10:00:00Z'),
    }),
    errors: [finding('/receivedAt')],
  },
  {
    name: 'reference time: does not compare an offer with an episode start in the future',
    referral: edit(cleanReferral(), { missingEpisodes: [episode({ startedAt: '2026-12-01T20:00:00Z', returnedAt: undefined, returnInterview: { offeredAt: '2026-10-01T12:00:00Z' } })] }),
    errors: [finding('/missingEpisodes/0/startedAt')],
  },

  // values that cannot be judged
  {
    name: 'skips comparisons with a receivedAt that does not parse (schema-valid reports it) (with schema-valid)',
    referral: unparsedReceivedAt,
    config: WITH_SCHEMA,
    errors: [schema('/receivedAt')],
  },

  {
    name: 'carries the configured severity',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-06' }),
    severity: 'warning',
    errors: [{ ruleId: RULE, pointer: '/child/dateOfBirth', severity: 'warning' }],
  },
  {
    name: 'never puts a date in a message',
    referral: edit(cleanReferral(), {
      'child.dateOfBirth': '1997-06-13',
      'child.expectedDateOfBirth': '1997-06-14',
      'concerns.firstIdentifiedAt': '2026-10-05T17:47:00Z',
      missingEpisodes: [episode({ startedAt: '2026-09-01T21:47:00Z', returnInterview: { offeredAt: '2026-09-01T19:47:00Z' } })],
    }),
    errors: ['/child/dateOfBirth', '/child/expectedDateOfBirth', '/concerns/firstIdentifiedAt', '/missingEpisodes/0/returnInterview/offeredAt'].map((pointer) =>
      finding(pointer, /^(?![\s\S]*(?:1997|06-13|06-14|17:47|21:47|19:47|2026))/),
    ),
  },
];

new RuleTester().run(rule, { valid, invalid });
