import { describe, expect, it } from 'vitest';
import rule from '../../rules/missing-episodes-recorded.js';
import type { JsonObject } from '../../src/domain/referral.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error' });
const schema = (pointer: string): ExpectedFinding => ({ ruleId: 'schema-valid', pointer, severity: 'error' });
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };
const FIELDS = ['startedAt', 'classification', 'riskLevel', 'reportedToPolice'];
const CLASSIFICATION_0 = finding('/missingEpisodes/0/classification');

const episode = (fields: Record<string, unknown> = {}): JsonObject => ({
  startedAt: '2026-09-20T22:00:00Z',
  returnedAt: '2026-09-21T14:00:00Z',
  classification: 'missing',
  riskLevel: 'medium',
  reportedToPolice: true,
  ...fields,
});

/** A clean referral about a child who goes missing, with the given episodes. */
const missingReferral = (...episodes: unknown[]): JsonObject =>
  edit(cleanReferral(), { 'concerns.categories': ['missing', 'cse'], missingEpisodes: episodes });

/** One finding for each of the four required fields of episode i. */
const fourOf = (i: number): ExpectedFinding[] => FIELDS.map((f) => finding(`/missingEpisodes/${i}/${f}`));

describe('missing-episodes-recorded', () => {
  it('defaults to error', () => {
    expect(rule.meta.severity).toBe('error');
    expect(rule.meta.dimension).toBe('validity');
  });
});

// 23:30Z on 30 June 2020 is 00:30 on 1 July in London; in UTC it is still 30 June.
const bstStart = () => missingReferral(episode({ startedAt: '2020-06-30T23:30:00Z', returnedAt: undefined, classification: 'absent' }));
// 00:30 on 31 January in Tokyo is 15:30Z on 30 January.
const noOffsetStart = () => missingReferral(episode({ startedAt: '2017-01-31T00:30:00', returnedAt: undefined, classification: 'absent' }));
const tokyoEarlier = () => missingReferral(episode({ startedAt: '2017-01-30T15:30:00Z', returnedAt: undefined, classification: 'absent' }));
const june2017Absent = () => missingReferral(episode({ startedAt: '2017-06-01T12:00:00Z', returnedAt: undefined, classification: 'absent' }));

const valid: ValidCase[] = [
  { name: 'passes a complete episode', referral: missingReferral(episode()), applicable: true },

  // applicability
  { name: 'is not applicable when missing is not a concern and there are no episodes', referral: cleanReferral(), applicable: false },
  { name: 'is not applicable with an empty missingEpisodes array and no missing concern', referral: edit(cleanReferral(), { missingEpisodes: [] }), applicable: false },

  // at least one episode when missing is a concern
  { name: 'does not fire with one episode', referral: missingReferral(episode({ returnedAt: undefined })) },

  // each episode has startedAt, classification, riskLevel and reportedToPolice
  { name: 'accepts reportedToPolice: false as recorded', referral: missingReferral(episode({ reportedToPolice: false })) },
  { name: 'does not report a startedAt that is present but malformed (schema-valid does)', referral: missingReferral(episode({ startedAt: 'last Tuesday' })) },

  // returnedAt is not before startedAt
  {
    name: 'does not fire when returnedAt equals startedAt',
    referral: missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T14:00:00Z' })),
  },
  {
    name: 'skips the comparison when either date-time does not parse',
    referral: missingReferral(episode({ returnedAt: '2026-13-45T99:00:00Z' }), episode({ startedAt: 'unknown', returnedAt: '2020-01-01T00:00:00Z' })),
  },
  { name: 'does not require returnedAt while the child is still missing', referral: missingReferral(episode({ returnedAt: undefined })) },

  // absent on or after absentRetiredOn (default 2017-01-31)
  {
    name: 'does not fire on an absent episode that started on 2017-01-30: it is merely told apart from missing',
    referral: missingReferral(episode({ startedAt: '2017-01-30T23:59:59Z', returnedAt: '2017-01-31T10:00:00Z', classification: 'absent' })),
  },
  {
    name: 'does not fire on a 2015 absent episode',
    referral: missingReferral(episode({ startedAt: '2015-06-01T18:00:00Z', returnedAt: '2015-06-01T23:00:00Z', classification: 'absent' })),
  },
  ...['missing', 'away-from-placement'].map((classification) => ({
    name: `does not fire on a recent ${classification} episode`,
    referral: missingReferral(episode({ classification })),
  })),
  {
    name: 'reads the calendar date in the configured time zone (British Summer Time): still 30 June in UTC',
    referral: bstStart(),
    options: { absentRetiredOn: '2020-07-01' },
    config: { timeZone: 'UTC' },
  },
  { name: 'reads a startedAt without an offset in the configured time zone: 15:30Z on 30 January is before the date in London', referral: tokyoEarlier() },
  {
    name: 'does not judge an absent episode whose startedAt does not parse',
    referral: missingReferral(episode({ startedAt: '31/01/2019', returnedAt: undefined, classification: 'absent' })),
  },
  { name: 'follows the absentRetiredOn option: 2018-01-01', referral: june2017Absent(), options: { absentRetiredOn: '2018-01-01' } },
  { name: 'follows the absentRetiredOn option: 2017-06-02', referral: june2017Absent(), options: { absentRetiredOn: '2017-06-02' } },

  // no-apparent-risk: the older name of the lowest grade, a recorded risk level like very-low
  ...['very-low', 'no-apparent-risk'].map((riskLevel) => ({
    name: `accepts riskLevel ${riskLevel} as a recorded risk level, and so does schema-valid`,
    referral: missingReferral(episode({ riskLevel })),
    config: WITH_SCHEMA,
  })),
];

const invalid: InvalidCase[] = [
  // applicability
  {
    name: 'applies to episodes recorded without the missing category',
    referral: edit(cleanReferral(), { missingEpisodes: [episode({ riskLevel: undefined })] }),
    errors: [finding('/missingEpisodes/0/riskLevel')],
  },
  {
    name: 'applies when missing is a concern',
    referral: edit(cleanReferral(), { 'concerns.categories': ['missing'] }),
    errors: [finding('/missingEpisodes')],
  },

  // at least one episode when missing is a concern
  { name: 'fires when there is no missingEpisodes key', referral: edit(cleanReferral(), { 'concerns.categories': ['missing'] }), errors: [finding('/missingEpisodes')] },
  { name: 'fires on an empty array', referral: missingReferral(), errors: [finding('/missingEpisodes')] },
  {
    name: 'leaves items that are not objects to schema-valid, which reports each once',
    referral: missingReferral('ran off twice', null),
    config: WITH_SCHEMA,
    errors: [schema('/missingEpisodes/0'), schema('/missingEpisodes/1')],
  },

  // each episode has startedAt, classification, riskLevel and reportedToPolice
  ...FIELDS.map((field) => ({
    name: `fires when ${field} is absent`,
    referral: missingReferral(episode({ [field]: undefined })),
    errors: [finding(`/missingEpisodes/0/${field}`)],
  })),
  {
    name: 'fires once per absent field and per episode, with the episode index',
    referral: missingReferral(episode(), {}),
    errors: fourOf(1),
  },
  {
    name: 'points at the document index when an item that is not an object comes first',
    referral: missingReferral(null, episode({ riskLevel: undefined })),
    config: WITH_SCHEMA,
    errors: [schema('/missingEpisodes/0'), finding('/missingEpisodes/1/riskLevel')],
  },
  {
    name: 'leaves a value of the wrong type to schema-valid, so the defect is reported once',
    referral: missingReferral(episode({ reportedToPolice: 'yes' })),
    config: WITH_SCHEMA,
    errors: [schema('/missingEpisodes/0/reportedToPolice')],
  },

  // returnedAt is not before startedAt
  {
    name: 'fires when the child returned before going missing',
    referral: missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T13:59:00Z' })),
    errors: [finding('/missingEpisodes/0/returnedAt')],
  },
  {
    // 15:30+02:00 is 13:30Z, before the 14:00Z start.
    name: 'compares instants, not the text: an offset is honoured',
    referral: missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T15:30:00+02:00' })),
    errors: [finding('/missingEpisodes/0/returnedAt')],
  },

  // absent on or after absentRetiredOn (default 2017-01-31)
  {
    name: 'fires on an absent episode that started on 2017-01-31',
    referral: missingReferral(episode({ startedAt: '2017-01-31T00:00:00Z', returnedAt: undefined, classification: 'absent' })),
    errors: [{ ...CLASSIFICATION_0, message: /^(?=[\s\S]*College of Policing APP of January 2017)(?=[\s\S]*recorded as missing with a risk level)/ }],
  },
  { name: 'fires on a recent absent episode', referral: missingReferral(episode({ classification: 'absent' })), errors: [CLASSIFICATION_0] },
  {
    name: 'reads the calendar date in the configured time zone (British Summer Time): already 1 July in London',
    referral: bstStart(),
    options: { absentRetiredOn: '2020-07-01' },
    errors: [CLASSIFICATION_0],
  },
  { name: 'reads a startedAt without an offset in the configured time zone: London', referral: noOffsetStart(), errors: [CLASSIFICATION_0] },
  { name: 'reads a startedAt without an offset in the configured time zone: Asia/Tokyo', referral: noOffsetStart(), config: { timeZone: 'Asia/Tokyo' }, errors: [CLASSIFICATION_0] },
  {
    name: 'reads a startedAt without an offset in the configured time zone: 15:30Z on 30 January is 31 January in Tokyo',
    referral: tokyoEarlier(),
    config: { timeZone: 'Asia/Tokyo' },
    errors: [CLASSIFICATION_0],
  },
  {
    name: 'gives two findings for an absent episode without a risk level: the classification and the risk level',
    referral: missingReferral(episode({ classification: 'absent', riskLevel: undefined })),
    errors: [finding('/missingEpisodes/0/riskLevel'), CLASSIFICATION_0],
  },
  {
    name: 'reports an absent episode without startedAt only for the missing startedAt',
    referral: missingReferral(episode({ startedAt: undefined, returnedAt: undefined, classification: 'absent' })),
    errors: [finding('/missingEpisodes/0/startedAt')],
  },
  { name: 'follows the absentRetiredOn option: default 2017-01-31', referral: june2017Absent(), errors: [CLASSIFICATION_0] },
  { name: 'follows the absentRetiredOn option: 2017-06-01', referral: june2017Absent(), options: { absentRetiredOn: '2017-06-01' }, errors: [CLASSIFICATION_0] },

  // severity and messages
  {
    name: 'carries the configured severity',
    referral: missingReferral(episode({ riskLevel: undefined })),
    severity: 'warning',
    errors: [{ ruleId: RULE, pointer: '/missingEpisodes/0/riskLevel', severity: 'warning' }],
  },
  {
    name: 'names fields and never their values',
    referral: missingReferral(episode({ startedAt: '2023-05-06T07:08:09Z', returnedAt: '2023-05-06T07:01:02Z', classification: 'absent', riskLevel: undefined })),
    errors: ['/missingEpisodes/0/riskLevel', '/missingEpisodes/0/returnedAt', '/missingEpisodes/0/classification'].map((pointer) => ({
      ...finding(pointer),
      message: /^(?![\s\S]*(?:2023|07:08|07:01|Testchild|Alex))[\s\S]*missingEpisodes\[0\]\.\w+/,
    })),
  },

  // never throws on odd data (RuleTester fails a case whose rule throws)
  {
    name: 'never throws on odd data: missingEpisodes is a string',
    referral: edit(cleanReferral(), { 'concerns.categories': ['missing'], missingEpisodes: 'three times' }),
    errors: [finding('/missingEpisodes')],
  },
  {
    name: 'never throws on odd data: categories a string, fields of the wrong type',
    referral: edit(cleanReferral(), { 'concerns.categories': 'missing', missingEpisodes: [{ startedAt: 5, returnedAt: null, returnInterview: [] }] }),
    errors: fourOf(0),
  },
  {
    name: 'never throws on odd data: no concerns, episodes that are not objects',
    referral: edit(cleanReferral(), { concerns: undefined, missingEpisodes: [[], {}, 'x'] }),
    errors: [...fourOf(0), ...fourOf(1), ...fourOf(2)],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: ['31/01/2017', '2017-02-30'].map((date) => ({
    name: `rejects an absentRetiredOn that is not a date (${date})`,
    options: { absentRetiredOn: date },
    error: /rules\.missing-episodes-recorded\.options\.absentRetiredOn: must match format "date"/,
  })),
});

// no-apparent-risk means very-low: every case above whose episodes carry a risk level gives the same findings
// (rule, pointer, severity and message, with schema-valid on) with each such level set to very-low and to no-apparent-risk.
describe('missing-episodes-recorded: no-apparent-risk is treated exactly as very-low', () => {
  const tester = new RuleTester();
  const withLevel = (referral: unknown, riskLevel: string): unknown => {
    const copy = structuredClone(referral) as JsonObject;
    const episodes = copy.missingEpisodes;
    if (Array.isArray(episodes)) for (const e of episodes) if (e !== null && typeof e === 'object' && !Array.isArray(e) && 'riskLevel' in e) e.riskLevel = riskLevel;
    return copy;
  };
  const graded = [...valid, ...invalid].filter((c) => JSON.stringify(c.referral).includes('"riskLevel"'));
  it('covers the cases the rule distinguishes (complete, absent after 2017, returned early, fields missing, before 2017)', () => {
    expect(graded.length).toBeGreaterThanOrEqual(20);
  });
  it.each(graded.map((c) => [c.name ?? '', c] as const))('%s', async (_name, test) => {
    const run = (riskLevel: string) =>
      tester.lintCase(rule, { ...test, referral: withLevel(test.referral, riskLevel) as JsonObject, config: { ...test.config, rules: { 'schema-valid': 'error', ...test.config?.rules } } });
    const [veryLow, older] = await Promise.all([run('very-low'), run('no-apparent-risk')]);
    expect(older.findings).toEqual(veryLow.findings);
    expect(older.applicable).toEqual(veryLow.applicable);
  });
});
