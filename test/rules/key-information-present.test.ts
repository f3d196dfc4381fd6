import rule from '../../rules/key-information-present.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error' });

const unborn = () => edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10', 'child.educationSetting': undefined });
const bornOn = (dob: string) => edit(cleanReferral(), { 'child.dateOfBirth': dob, 'child.educationSetting': undefined });

const valid: ValidCase[] = [
  { name: 'passes a complete referral', referral: cleanReferral(), applicable: true },
  {
    name: 'does not treat a real value that merely contains a placeholder word as missing',
    referral: edit(cleanReferral(), { 'concerns.actionsTaken': 'None of the family could be reached; voicemail left at 10:05.' }),
  },

  // date of birth or expected date of birth
  { name: 'date of birth or expected date of birth: accepts an expected date of birth for an unborn child', referral: unborn() },

  // education setting, only for ages 5 to 15
  ...([['2021-10-06', '4'], ['2010-10-05', '16']] as const).map(([dob, age]) => ({
    name: `education setting, only for ages 5 to 15: does not fire at 4, at 16, or when age is unknown (${age})`,
    referral: bornOn(dob),
  })),
  { name: 'education setting, only for ages 5 to 15: does not fire at 4, at 16, or when age is unknown (unborn)', referral: unborn() },

  // a carer with parental responsibility, named
  {
    name: 'a carer with parental responsibility, named: passes when any one carer qualifies',
    referral: edit(cleanReferral(), {
      carers: [{ name: 'Pat Testcarer', parentalResponsibility: false }, { name: 'Jo Testparent', parentalResponsibility: true }],
    }),
  },

  // the referrer
  { name: 'the referrer: needs a phone or an email, not both (phone only)', referral: edit(cleanReferral(), { 'referrer.email': undefined }) },
  {
    name: 'the referrer: is not required from an anonymous referrer',
    referral: edit(cleanReferral(), { referrer: { agency: 'Anonymous caller', sector: 'anonymous' } }),
  },

  // concerns
  {
    name: 'concerns: fires when the summary is shorter than 40 characters, and not at exactly 40 (40)',
    referral: edit(cleanReferral(), { 'concerns.summary': `  ${'x'.repeat(40)}  ` }),
  },

  { name: 'counts a value of the wrong type as present and leaves the report to schema-valid', referral: edit(cleanReferral(), { 'child.givenName': 42 }) },

  // the consistentIdentifier option
  { name: 'consistentIdentifier: off by default, a missing NHS number is no finding', referral: edit(cleanReferral(), { 'child.nhsNumber': undefined }) },
  { name: 'consistentIdentifier: off when false, a placeholder NHS number is no finding', referral: edit(cleanReferral(), { 'child.nhsNumber': 'n/a' }), options: { consistentIdentifier: false } },
  { name: 'consistentIdentifier: passes a present NHS number', referral: cleanReferral(), options: { consistentIdentifier: true } },
  {
    name: 'consistentIdentifier: does not ask for an NHS number for an unborn child (expected date of birth, no date of birth)',
    referral: edit(unborn(), { 'child.nhsNumber': undefined }),
    options: { consistentIdentifier: true },
  },
  {
    name: 'consistentIdentifier: leaves the check of the number itself to identifiers-valid',
    referral: edit(cleanReferral(), { 'child.nhsNumber': '4380590096' }),
    options: { consistentIdentifier: true },
  },
];

const invalid: InvalidCase[] = [
  ...(
    [
      ['child.givenName', '/child/givenName'],
      ['child.familyName', '/child/familyName'],
      ['child.address.line1', '/child/address/line1'],
      ['child.address.postcode', '/child/address/postcode'],
      ['referrer.name', '/referrer/name'],
      ['referrer.role', '/referrer/role'],
      ['concerns.summary', '/concerns/summary'],
      ['concerns.actionsTaken', '/concerns/actionsTaken'],
    ] as const
  ).map(([field, pointer]) => ({
    name: `fires when ${field} is absent`,
    referral: edit(cleanReferral(), { [field]: undefined }),
    errors: [finding(pointer)],
  })),
  ...['', '   ', 'n/a', 'N/A', 'Unknown.', 'TBC!', '?', '-', 'see attached', 'As above', 'not known?'].map((placeholder) => ({
    name: `treats the placeholder ${JSON.stringify(placeholder)} as missing`,
    referral: edit(cleanReferral(), { 'child.familyName': placeholder }),
    errors: [finding('/child/familyName')],
  })),

  // date of birth or expected date of birth
  {
    name: 'date of birth or expected date of birth: fires when neither is present',
    referral: edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.educationSetting': undefined }),
    errors: [finding('/child/dateOfBirth')],
  },

  // education setting, only for ages 5 to 15
  { name: 'education setting, only for ages 5 to 15: fires at age 12', referral: edit(cleanReferral(), { 'child.educationSetting': undefined }), errors: [finding('/child/educationSetting')] },
  ...([['2021-10-05', '5'], ['2010-10-06', '15']] as const).map(([dob, age]) => ({
    name: `education setting, only for ages 5 to 15: fires at exactly 5 (birthday on the day received) and at 15 (${age})`,
    referral: bornOn(dob),
    errors: [finding('/child/educationSetting')],
  })),

  // a carer with parental responsibility, named
  { name: 'a carer with parental responsibility, named: fires when there are no carers', referral: edit(cleanReferral(), { carers: undefined }), errors: [finding('/carers')] },
  {
    name: 'a carer with parental responsibility, named: fires when no carer has parental responsibility',
    referral: edit(cleanReferral(), { carers: [{ name: 'Pat Testcarer', relationship: 'partner-of-parent', parentalResponsibility: false }] }),
    errors: [finding('/carers')],
  },
  {
    name: 'a carer with parental responsibility, named: fires when the carer with parental responsibility has no name',
    referral: edit(cleanReferral(), { carers: [{ relationship: 'father', parentalResponsibility: true }] }),
    errors: [finding('/carers')],
  },

  // the referrer
  {
    name: 'the referrer: needs a phone or an email, not both (neither)',
    referral: edit(cleanReferral(), { 'referrer.email': undefined, 'referrer.phone': 'n/a' }),
    errors: [finding('/referrer/phone')],
  },

  // concerns
  { name: 'concerns: fires on an empty category list', referral: edit(cleanReferral(), { 'concerns.categories': [] }), errors: [finding('/concerns/categories')] },
  {
    name: 'concerns: fires when the summary is shorter than 40 characters, and not at exactly 40 (39)',
    referral: edit(cleanReferral(), { 'concerns.summary': 'x'.repeat(39) }),
    errors: [finding('/concerns/summary')],
  },
  { name: 'concerns: uses the minSummaryLength option', referral: cleanReferral(), options: { minSummaryLength: 200 }, errors: [finding('/concerns/summary')] },

  // the fields option
  {
    name: 'the fields option: replaces the default list',
    referral: edit(cleanReferral(), { 'child.givenName': undefined, 'child.gpPractice': undefined }),
    options: { fields: ['child.gpPractice'] },
    errors: [finding('/child/gpPractice')],
  },
  {
    name: 'the fields option: supports alternatives, age ranges and sector exceptions in items',
    referral: edit(cleanReferral(), { 'child.gpPractice': undefined, 'child.nhsNumber': undefined }),
    options: {
      fields: [
        'child.gpPractice|child.nhsNumber',
        { field: 'child.firstLanguage', minAge: 13 },
        { field: 'child.currentLocation', exceptSectors: ['police'] },
      ],
    },
    errors: [finding('/child/gpPractice')],
  },

  // the consistentIdentifier option
  {
    name: 'consistentIdentifier: fires when the NHS number is missing',
    referral: edit(cleanReferral(), { 'child.nhsNumber': undefined }),
    options: { consistentIdentifier: true },
    errors: [
      {
        ruleId: 'key-information-present',
        pointer: '/child/nhsNumber',
        severity: 'error',
        message: 'child.nhsNumber is missing, empty or a placeholder: this area uses the NHS number as the consistent child identifier (option consistentIdentifier)',
      },
    ],
  },
  ...['', '   ', 'n/a', 'unknown', 'TBC'].map((placeholder) => ({
    name: `consistentIdentifier: treats the NHS number ${JSON.stringify(placeholder)} as missing`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': placeholder }),
    options: { consistentIdentifier: true },
    errors: [finding('/child/nhsNumber')],
  })),
  {
    name: 'consistentIdentifier: asks for it when both a date of birth and an expected date of birth are recorded (the child is born)',
    referral: edit(cleanReferral(), { 'child.expectedDateOfBirth': '2014-03-01', 'child.nhsNumber': undefined }),
    options: { consistentIdentifier: true },
    errors: [finding('/child/nhsNumber')],
  },
  {
    name: 'consistentIdentifier: one finding beside the others, after the default list',
    referral: edit(cleanReferral(), { 'child.givenName': undefined, 'child.nhsNumber': undefined }),
    options: { consistentIdentifier: true },
    errors: [finding('/child/givenName'), finding('/child/nhsNumber')],
  },
];

new RuleTester().run(rule, {
  valid,
  invalid,
  invalidOptions: [
    {
      name: 'the fields option: rejects an invalid option value when the config loads',
      options: { minSummaryLength: -1 },
      error: /rules\.key-information-present\.options\.minSummaryLength/,
    },
    {
      name: 'consistentIdentifier: rejects a value that is not true or false',
      options: { consistentIdentifier: 'yes' },
      error: /rules\.key-information-present\.options\.consistentIdentifier/,
    },
  ],
});
