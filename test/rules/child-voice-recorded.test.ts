import rule from '../../rules/child-voice-recorded.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'warning' });
const schemaFinding = (pointer: string): ExpectedFinding => ({ ruleId: 'schema-valid', pointer, severity: 'error' });
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };
const NO_PERSONAL_VALUE = /^(?![\s\S]*(?:Planted|Testchild|2014))/i;

// cleanReferral(): born 2014-03-02, received 2026-10-05T10:30:00Z, so 12; views recorded.
const withViews = (childsViews: unknown) => edit(cleanReferral(), { childsViews });
const fourthBirthdayAtMidnight = () => edit(cleanReferral(), { receivedAt: '2026-10-04T23:30:00Z', 'child.dateOfBirth': '2022-10-05', childsViews: undefined });
const baby = () => edit(cleanReferral(), { 'child.dateOfBirth': '2026-06-01', childsViews: undefined });

const valid: ValidCase[] = [
  { name: "passes when the child's views are recorded", referral: cleanReferral(), applicable: true },
  {
    name: 'passes when the views are not recorded and the reason is',
    referral: withViews({ recorded: false, reasonNotRecorded: 'Not safe to ask before the strategy discussion.' }),
  },

  // applicability: age known and at least minAge (default 4)
  {
    name: 'is not applicable without a date of birth',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': undefined, childsViews: undefined }),
    applicable: false,
  },
  {
    name: 'is not applicable to an unborn child',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10', childsViews: undefined }),
    applicable: false,
  },
  {
    name: 'is not applicable when the date of birth or receivedAt is not a real date',
    referrals: [
      edit(cleanReferral(), { 'child.dateOfBirth': '2014-02-30', childsViews: undefined }),
      edit(cleanReferral(), { receivedAt: 'last Tuesday', childsViews: undefined }),
    ],
    applicable: false,
  },
  {
    name: 'is not applicable the day before the fourth birthday',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2022-10-06', childsViews: undefined }),
    applicable: false,
  },
  {
    name: 'takes the age at the calendar date of receivedAt in the configured time zone (UTC: the day before)',
    referral: fourthBirthdayAtMidnight(),
    config: { timeZone: 'UTC' },
    applicable: false,
  },

  // option minAge
  { name: 'is not applicable below a raised minAge', referral: withViews(undefined), options: { minAge: 13 }, applicable: false },
  { name: 'applies to a baby with minAge 0 (not by default)', referral: baby(), applicable: false },

  // recorded true needs meaningful views: finding at childsViews.views
  { name: 'passes a short but meaningful view', referral: withViews({ recorded: true, views: 'Wants to stay with nan.' }) },
  { name: 'follows the global placeholders setting (default placeholders)', referral: withViews({ recorded: true, views: 'No comment.' }) },
];

const invalid: InvalidCase[] = [
  {
    name: 'reports with severity warning by default, and the configured severity when set (default)',
    referral: withViews(undefined),
    errors: [finding('/childsViews')],
  },
  {
    name: 'reports with severity warning by default, and the configured severity when set (error)',
    referral: withViews(undefined),
    severity: 'error',
    errors: [{ ruleId: RULE, pointer: '/childsViews', severity: 'error' }],
  },

  // applicability: age known and at least minAge (default 4)
  {
    name: 'applies on the fourth birthday',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': '2022-10-05', childsViews: undefined }),
    applicable: true,
    errors: [finding('/childsViews')],
  },
  {
    // 23:30 UTC on 4 October is 00:30 on 5 October in London (BST): the fourth birthday.
    name: 'takes the age at the calendar date of receivedAt in the configured time zone (London: the fourth birthday)',
    referral: fourthBirthdayAtMidnight(),
    applicable: true,
    errors: [finding('/childsViews')],
  },

  // option minAge
  { name: 'applies at exactly minAge', referral: withViews(undefined), options: { minAge: 12 }, errors: [finding('/childsViews')] },
  { name: 'applies to a baby with minAge 0', referral: baby(), options: { minAge: 0 }, errors: [finding('/childsViews')] },

  // nothing recorded: finding at childsViews
  { name: 'fires when there is no childsViews', referral: withViews(undefined), errors: [finding('/childsViews')] },
  { name: 'fires when childsViews is empty', referral: withViews({}), errors: [finding('/childsViews')] },
  {
    name: 'fires when there is no flag and only placeholders',
    referral: withViews({ views: 'n/a', reasonNotRecorded: 'see notes' }),
    errors: [finding('/childsViews')],
  },

  // recorded true needs meaningful views: finding at childsViews.views
  { name: 'fires when views is absent', referral: withViews({ recorded: true }), errors: [finding('/childsViews/views')] },
  ...['', '  ', 'N/A', 'None.', 'as above', 'TBC?'].map((views) => ({
    name: `fires when views is ${JSON.stringify(views)}`,
    referral: withViews({ recorded: true, views }),
    errors: [finding('/childsViews/views')],
  })),
  {
    name: 'fires even when a reason is given instead',
    referral: withViews({ recorded: true, reasonNotRecorded: 'Child is pre-verbal.' }),
    errors: [finding('/childsViews/views')],
  },
  {
    name: 'follows the global placeholders setting (configured placeholder)',
    referral: withViews({ recorded: true, views: 'No comment.' }),
    config: { placeholders: ['no comment'] },
    errors: [finding('/childsViews/views')],
  },

  // recorded false needs a meaningful reason: finding at childsViews.reasonNotRecorded
  { name: 'fires when the reason is absent', referral: withViews({ recorded: false }), errors: [finding('/childsViews/reasonNotRecorded')] },
  {
    name: 'fires when the reason is a placeholder',
    referral: withViews({ recorded: false, reasonNotRecorded: 'Unknown' }),
    errors: [finding('/childsViews/reasonNotRecorded')],
  },
  {
    name: 'fires when views are written but the flag says not recorded and no reason is given',
    referral: withViews({ recorded: false, views: 'She said she is scared.' }),
    errors: [finding('/childsViews/reasonNotRecorded')],
  },

  // recorded absent but views or a reason written: finding at childsViews.recorded
  {
    name: 'fires when views are written without the flag',
    referral: withViews({ views: 'She said she is scared to go home.' }),
    errors: [finding('/childsViews/recorded')],
  },
  {
    name: 'fires when a reason is written without the flag',
    referral: withViews({ reasonNotRecorded: 'Child is non-verbal.' }),
    errors: [finding('/childsViews/recorded')],
  },
  {
    name: 'leaves a flag of the wrong type to schema-valid when views are there',
    referral: withViews({ recorded: 'yes', views: 'She said she is scared.' }),
    config: WITH_SCHEMA,
    errors: [schemaFinding('/childsViews/recorded')],
  },
  {
    name: 'still reports missing views when the flag is of the wrong type and nothing else is written',
    referral: withViews({ recorded: 'yes' }),
    config: WITH_SCHEMA,
    errors: [schemaFinding('/childsViews/recorded'), finding('/childsViews')],
  },

  {
    name: 'does not throw when childsViews is not an object, and leaves it to schema-valid (schema-valid off)',
    referral: withViews('Child says she is fine'),
    errors: [finding('/childsViews')],
  },
  {
    name: 'does not throw when childsViews is not an object, and leaves it to schema-valid (schema-valid on)',
    referral: withViews('Child says she is fine'),
    config: WITH_SCHEMA,
    errors: [schemaFinding('/childsViews')],
  },
  {
    name: 'never puts a personal value in a message',
    referrals: [
      withViews({ views: 'Planted-views-text' }),
      withViews({ recorded: false, views: 'Planted-views-text' }),
      withViews({ recorded: true, reasonNotRecorded: 'Planted-reason-text' }),
    ],
    errors: [
      { ...finding('/childsViews/recorded'), referral: 0, message: NO_PERSONAL_VALUE },
      { ...finding('/childsViews/reasonNotRecorded'), referral: 1, message: NO_PERSONAL_VALUE },
      { ...finding('/childsViews/views'), referral: 2, message: NO_PERSONAL_VALUE },
    ],
  },
  {
    // RuleTester fails any case whose rule changes the referral it checks.
    name: 'does not change the referral it checks',
    referral: withViews({ views: 'She said she is scared.' }),
    errors: [finding('/childsViews/recorded')],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    { name: 'rejects a minAge that is not a whole number of years from 0 (-1)', options: { minAge: -1 }, error: /minAge/ },
    { name: 'rejects a minAge that is not a whole number of years from 0 ("four")', options: { minAge: 'four' }, error: /minAge/ },
  ],
});
