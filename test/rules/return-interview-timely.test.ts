import { describe, expect, it } from 'vitest';
import rule from '../../rules/return-interview-timely.js';
import type { Severity } from '../../src/domain/codes.js';
import type { JsonObject } from '../../src/domain/referral.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string, severity: Severity = 'warning'): ExpectedFinding => ({ ruleId: RULE, pointer, severity });
const OFFER_0 = '/missingEpisodes/0/returnInterview/offeredAt';

// The clean referral is received 2026-10-05T10:30:00Z.
const RETURNED = '2026-10-01T10:00:00Z';

const episode = (returnInterview: unknown, fields: Record<string, unknown> = {}): JsonObject => ({
  startedAt: '2026-09-30T20:00:00Z',
  returnedAt: RETURNED,
  classification: 'missing',
  riskLevel: 'medium',
  reportedToPolice: true,
  ...(returnInterview === undefined ? {} : { returnInterview }),
  ...fields,
});

const withEpisodes = (...episodes: unknown[]): JsonObject =>
  edit(cleanReferral(), { 'concerns.categories': ['missing'], missingEpisodes: episodes });

describe('return-interview-timely', () => {
  it('defaults to warning, dimension timeliness', () => {
    expect(rule.meta.severity).toBe('warning');
    expect(rule.meta.dimension).toBe('timeliness');
  });
});

// 12:00 London in July is 11:00Z, so 11:30Z three days later is 72.5 hours; read as UTC it would be 71.5.
const bstReturn = () => withEpisodes(episode({ offeredAt: '2026-07-04T11:30:00Z' }, { startedAt: '2026-07-01T08:00:00Z', returnedAt: '2026-07-01T12:00:00' }));
const offer60h = () => withEpisodes(episode({ offeredAt: '2026-10-03T22:00:00Z' })); // 60 hours
const offer80h = () => withEpisodes(episode({ offeredAt: '2026-10-04T18:00:00Z' })); // 80 hours
const noOffer = () => withEpisodes(episode(undefined)); // received 96.5 hours after the return

const valid: ValidCase[] = [
  {
    name: 'passes an interview offered within 72 hours of the return',
    referral: withEpisodes(episode({ offeredAt: '2026-10-02T09:00:00Z', completedAt: '2026-10-03T16:00:00Z' })),
    applicable: true,
  },

  // applicability
  { name: 'is not applicable without missing episodes', referral: cleanReferral(), applicable: false },
  {
    name: 'is not applicable when no episode has a returnedAt (the child is still missing)',
    referral: withEpisodes(episode(undefined, { returnedAt: undefined })),
    applicable: false,
  },
  { name: 'is not applicable when the only returnedAt does not parse', referral: withEpisodes(episode(undefined, { returnedAt: 'Sunday evening' })), applicable: false },

  // an offer more than maxHours after returnedAt
  { name: 'does not fire at exactly 72 hours', referral: withEpisodes(episode({ offeredAt: '2026-10-04T10:00:00Z' })) },
  { name: 'does not fire on a declined interview offered in time', referral: withEpisodes(episode({ offeredAt: '2026-10-01T15:00:00Z', declined: true })) },
  { name: 'does not fire on an offer before returnedAt (dates-plausible judges impossible orders)', referral: withEpisodes(episode({ offeredAt: '2026-09-30T09:00:00Z' })) },
  { name: 'reads a returnedAt without an offset in the configured time zone: 71.5 hours in UTC', referral: bstReturn(), config: { timeZone: 'UTC' } },
  { name: 'does not judge an offeredAt that does not parse', referral: withEpisodes(episode({ offeredAt: 'next week' })) },

  // no offer recorded
  { name: 'does not fire when the referral was received before the deadline', referral: edit(noOffer(), { receivedAt: '2026-10-04T09:59:59Z' }) },
  {
    name: 'does not fire on declined: true without an offer date before the deadline',
    referral: edit(withEpisodes(episode({ declined: true })), { receivedAt: '2026-10-02T10:00:00Z' }),
  },
  { name: 'does not judge when receivedAt does not parse', referral: edit(noOffer(), { receivedAt: 'Monday' }), applicable: true },

  // option maxHours
  { name: 'shortens the limit for an offer: 60 hours is in time by default', referral: offer60h() },
  { name: 'shortens the limit for an offer: 60 hours is in time with maxHours 60', referral: offer60h(), options: { maxHours: 60 } },
  { name: 'lengthens the limit for an offer: 80 hours is in time with maxHours 96', referral: offer80h(), options: { maxHours: 96 } },
  { name: 'moves the deadline for a missing offer: received before 97 hours', referral: noOffer(), options: { maxHours: 97 } },

  // never throws on odd data (RuleTester fails a case whose rule throws)
  {
    name: 'never throws on odd data: a returnedAt that is a number, items that are not episodes',
    referral: withEpisodes(episode(undefined, { returnedAt: 2026 }), null, [], 'x'),
    applicable: false,
  },
  { name: 'never throws on odd data: missingEpisodes is an object', referral: edit(cleanReferral(), { missingEpisodes: { returnedAt: RETURNED } }), applicable: false },
  { name: 'never throws on odd data: no receivedAt', referral: edit(noOffer(), { receivedAt: undefined }), applicable: true },
];

const invalid: InvalidCase[] = [
  // applicability
  {
    name: 'applies when one of several episodes has a returnedAt, and judges only that one',
    referral: withEpisodes(episode(undefined, { returnedAt: undefined }), episode(undefined)),
    errors: [finding('/missingEpisodes/1/returnInterview/offeredAt')],
  },

  // an offer more than maxHours after returnedAt
  { name: 'fires one minute after 72 hours', referral: withEpisodes(episode({ offeredAt: '2026-10-04T10:01:00Z' })), errors: [finding(OFFER_0)] },
  { name: 'fires on a late offer that was declined', referral: withEpisodes(episode({ offeredAt: '2026-10-05T09:00:00Z', declined: true })), errors: [finding(OFFER_0)] },
  {
    name: 'judges a late offer even when the referral was received before the deadline',
    referral: edit(withEpisodes(episode({ offeredAt: '2026-10-04T12:00:00Z' })), { receivedAt: '2026-10-02T10:00:00Z' }),
    errors: [finding(OFFER_0)],
  },
  { name: 'reads a returnedAt without an offset in the configured time zone (British Summer Time)', referral: bstReturn(), errors: [finding(OFFER_0)] },

  // no offer recorded
  { name: 'fires when the referral was received after the deadline', referral: withEpisodes(episode({ completedAt: undefined })), errors: [finding(OFFER_0)] },
  { name: 'fires when there is no returnInterview at all', referral: noOffer(), errors: [finding(OFFER_0)] },
  {
    name: 'fires when the referral was received exactly at returnedAt + 72 hours',
    referral: edit(noOffer(), { receivedAt: '2026-10-04T10:00:00Z' }),
    errors: [finding(OFFER_0)],
  },
  {
    name: 'fires on declined: true without an offer date, naming the declined interview',
    referral: withEpisodes(episode({ declined: true })),
    errors: [{ ...finding(OFFER_0), message: /declined/ }],
  },
  { name: 'does not take completedAt as the offer date', referral: withEpisodes(episode({ completedAt: '2026-10-02T10:00:00Z' })), errors: [finding(OFFER_0)] },

  // option maxHours
  { name: 'shortens the limit for an offer: 60 hours is late with maxHours 48', referral: offer60h(), options: { maxHours: 48 }, errors: [finding(OFFER_0)] },
  { name: 'lengthens the limit for an offer: 80 hours is late by default', referral: offer80h(), errors: [finding(OFFER_0)] },
  { name: 'moves the deadline for a missing offer: late by default', referral: noOffer(), errors: [finding(OFFER_0)] },
  { name: 'moves the deadline for a missing offer: received exactly at 96.5 hours', referral: noOffer(), options: { maxHours: 96.5 }, errors: [finding(OFFER_0)] },

  // episodes and pointers
  {
    name: 'reports each late episode at its own index',
    referral: withEpisodes(episode({ offeredAt: '2026-10-04T11:00:00Z' }), episode({ offeredAt: '2026-10-02T11:00:00Z' }), episode({})),
    errors: [finding(OFFER_0), finding('/missingEpisodes/2/returnInterview/offeredAt')],
  },
  {
    name: 'points at the document index when an item that is not an object comes first',
    referral: withEpisodes('twice last month', episode(undefined)),
    errors: [finding('/missingEpisodes/1/returnInterview/offeredAt')],
  },

  // severity and messages
  { name: 'carries the configured severity', referral: noOffer(), severity: 'error', errors: [finding(OFFER_0, 'error')] },
  {
    name: 'names fields and never their values',
    referral: withEpisodes(
      episode({ offeredAt: '2026-10-07T13:14:15Z' }, { returnedAt: '2026-10-01T11:12:13Z' }),
      episode({ declined: true }, { returnedAt: '2026-09-28T17:18:19Z' }),
      episode(undefined, { returnedAt: '2026-09-27T21:22:23Z' }),
    ),
    errors: [0, 1, 2].map((i) => ({
      ruleId: RULE,
      pointer: `/missingEpisodes/${i}/returnInterview/offeredAt`,
      message: /^(?![\s\S]*(?:2026|13:14|11:12|17:18|21:22|Alex))[\s\S]*missingEpisodes\[\d\]\.returnInterview\.offeredAt/,
    })),
  },

  // never throws on odd data (RuleTester fails a case whose rule throws)
  { name: 'never throws on odd data: returnInterview is a string', referral: withEpisodes(episode('offered', {})), errors: [finding(OFFER_0)] },
  {
    name: 'never throws on odd data: offeredAt and declined of the wrong type',
    referral: withEpisodes(episode({ offeredAt: 17, declined: 'yes' })),
    errors: [finding(OFFER_0)],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    { name: 'rejects a negative maxHours', options: { maxHours: -1 }, error: /rules\.return-interview-timely\.options\.maxHours: must be >= 0/ },
    { name: 'rejects a maxHours that is not a number', options: { maxHours: '72' }, error: /rules\.return-interview-timely\.options\.maxHours: must be of type number/ },
  ],
});
