import { describe, expect, it } from 'vitest';
import rule from '../../rules/identifiers-valid.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string, message?: RegExp): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error', ...(message ? { message } : {}) });
const schema = (pointer: string): ExpectedFinding => ({ ruleId: 'schema-valid', pointer, severity: 'error' });
const WITH_SCHEMA = { rules: { 'schema-valid': 'error' as const } };

/** The clean referral without any identifier or postcode. */
const noIdentifiers = () => edit(cleanReferral(), { 'child.nhsNumber': undefined, 'child.upn': undefined, 'child.address.postcode': undefined });

describe('identifiers-valid', () => {
  it('has id identifiers-valid, dimension validity and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'identifiers-valid', dimension: 'validity', severity: 'error' });
  });
});

const NOT_TEN_DIGITS = ['943476591', '94347659190', '943-476-5919', 'unknown', ''];
const NOT_THIRTEEN_CHARACTERS = ['A95000017830', 'A9500001783010', ''];

const valid: ValidCase[] = [
  { name: 'passes the clean referral (spaced NHS number, permanent UPN, postcode)', referral: cleanReferral(), applicable: true },

  // applicability
  { name: 'applicability: is not applicable without an NHS number, a UPN or a postcode', referral: noIdentifiers(), applicable: false },
  ...['', '   ', 'N/A', 'unknown'].map((postcode) => ({
    name: `applicability: treats a postcode of ${JSON.stringify(postcode)} as absent (key-information-present reports it)`,
    referral: edit(noIdentifiers(), { 'child.address.postcode': postcode, carers: [{ name: 'A', address: { postcode } }] }),
    applicable: false,
  })),
  {
    name: 'applicability: is not applicable when the NHS number is not a string (schema-valid reports the type)',
    referral: edit(noIdentifiers(), { 'child.nhsNumber': 4380590096 }),
    applicable: false,
  },
  ...(
    [
      ['an NHS number', { 'child.nhsNumber': '9434765919' }],
      ['a UPN', { 'child.upn': 'A950000178301' }],
      ['a child postcode', { 'child.address.postcode': 'NE33 2RL' }],
      ['a carer postcode only', { carers: [{ name: 'A', address: { postcode: 'NE33 2RL' } }] }],
      ['a household postcode only', { household: [{ name: 'B', address: { postcode: 'NE33 2RL' } }] }],
    ] as const
  ).map(([what, fields]) => ({ name: `applicability: applies with ${what}`, referral: edit(noIdentifiers(), fields), applicable: true })),

  // child.nhsNumber: modulus 11, not one repeated digit
  ...['9434765919', '4010232137', '9449305552', '943 476 5919', ' 401 023 2137 ', '944\t930\t5552'].map((n) => ({
    name: `child.nhsNumber: passes ${JSON.stringify(n)}`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': n }),
  })),
  ...NOT_TEN_DIGITS.map((n) => ({
    name: `child.nhsNumber: leaves ${JSON.stringify(n)} (not 10 digits) to schema-valid (alone)`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': n }),
  })),

  // child.upn: DfE UPN 2.0 check letter
  ...['A950000178301', 'H243278544154', 'B801200005001', 'P207000016049', 'E20000000000A'].map((upn) => ({
    name: `child.upn: passes ${upn}`,
    referral: edit(cleanReferral(), { 'child.upn': upn }),
  })),
  ...NOT_THIRTEEN_CHARACTERS.map((upn) => ({
    name: `child.upn: leaves ${JSON.stringify(upn)} (not 13 characters) to schema-valid (alone)`,
    referral: edit(cleanReferral(), { 'child.upn': upn }),
  })),

  // postcodes: UK format
  ...['EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'NE33 2RL', 'SW1A2AA', 'ne33 2rl', 'GIR 0AA', ' NE33 2RL '].map((postcode) => ({
    name: `postcodes: passes ${JSON.stringify(postcode)}`,
    referral: edit(cleanReferral(), { 'child.address.postcode': postcode }),
  })),
  {
    name: 'postcodes: does not judge empty or placeholder postcodes',
    referral: edit(cleanReferral(), { carers: [{ name: 'A', parentalResponsibility: true, address: { postcode: '' } }, { name: 'B', address: { postcode: 'not known' } }] }),
  },
  {
    name: 'postcodes: does not throw on odd shapes (address not an object, postcode not a string)',
    referral: edit(cleanReferral(), { carers: [null, { address: 'NE33' }, { address: { postcode: 42 } }], household: 'none', 'child.address': 'NE33 2RL' }),
  },
];

const invalid: InvalidCase[] = [
  // child.nhsNumber: modulus 11, not one repeated digit
  ...['4380590096', '3459124359', '438 059 0096'].map((n) => ({
    name: `child.nhsNumber: fires on ${JSON.stringify(n)}, which fails the check digit`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': n }),
    errors: [finding('/child/nhsNumber', /check digit/)],
  })),
  ...['2222222222', '222 222 2222', '0000000000'].map((n) => ({
    name: `child.nhsNumber: fires on ${JSON.stringify(n)}, one repeated digit`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': n }),
    errors: [finding('/child/nhsNumber', /repeated/)],
  })),
  ...NOT_TEN_DIGITS.map((n) => ({
    name: `child.nhsNumber: leaves ${JSON.stringify(n)} (not 10 digits) to schema-valid (with schema-valid)`,
    referral: edit(cleanReferral(), { 'child.nhsNumber': n }),
    config: WITH_SCHEMA,
    errors: [schema('/child/nhsNumber')],
  })),

  // child.upn: DfE UPN 2.0 check letter
  ...['A801200005001', 'R247962919251', 'X428558133462', 'Q207000016049', 'A20000000000A'].map((upn) => ({
    name: `child.upn: fires on ${upn}, a wrong check letter`,
    referral: edit(cleanReferral(), { 'child.upn': upn }),
    errors: [finding('/child/upn', /check letter/)],
  })),
  ...['a950000178301', '1950000178301', 'I20000000000A', 'A95000017830O', 'A9500 0178301', 'A95000017830 '].map((upn) => ({
    name: `child.upn: fires on ${JSON.stringify(upn)}: 13 characters but not the shape of a UPN (schema-valid checks only the length)`,
    referral: edit(cleanReferral(), { 'child.upn': upn }),
    config: WITH_SCHEMA,
    errors: [finding('/child/upn', /shaped/)],
  })),
  ...NOT_THIRTEEN_CHARACTERS.map((upn) => ({
    name: `child.upn: leaves ${JSON.stringify(upn)} (not 13 characters) to schema-valid (with schema-valid)`,
    referral: edit(cleanReferral(), { 'child.upn': upn }),
    config: WITH_SCHEMA,
    errors: [schema('/child/upn')],
  })),

  // postcodes: UK format
  ...['GIR 0AAX', '12345', 'NE33', 'NE33  2RL', 'NE332 RL'].map((postcode) => ({
    name: `postcodes: fires on the child postcode ${JSON.stringify(postcode)}`,
    referral: edit(cleanReferral(), { 'child.address.postcode': postcode }),
    errors: [finding('/child/address/postcode')],
  })),
  {
    name: 'postcodes: fires on each carer and household postcode at its own pointer',
    referral: edit(cleanReferral(), {
      carers: [
        { name: 'Sam Testparent', relationship: 'mother', parentalResponsibility: true, address: { postcode: 'NE33 2RL' } },
        { name: 'Lee Testparent', relationship: 'father', address: { postcode: 'NE33' } },
      ],
      household: [{ name: 'Kim', address: { postcode: '12345' } }, { name: 'Jo', address: { postcode: 'SW1A 2AA' } }, { name: 'Al', address: { postcode: 'GIR 0AAX' } }],
    }),
    errors: [
      finding('/carers/1/address/postcode', /carers\[1\]\.address\.postcode/),
      finding('/household/0/address/postcode', /household\[0\]\.address\.postcode/),
      finding('/household/2/address/postcode', /household\[2\]\.address\.postcode/),
    ],
  },
  {
    name: 'postcodes: keeps the index the export gave when an item of the array is not an object',
    referral: edit(cleanReferral(), { household: ['not a person', { name: 'Kim', address: { postcode: 'NE33' } }] }),
    errors: [finding('/household/1/address/postcode')],
  },

  {
    name: 'reports every defect at once, in field order',
    referral: edit(cleanReferral(), {
      'child.nhsNumber': '4380590096',
      'child.upn': 'Q207000016049',
      'child.address.postcode': 'NE33',
      carers: [{ name: 'A', address: { postcode: '12345' } }],
    }),
    errors: [finding('/child/nhsNumber'), finding('/child/upn'), finding('/child/address/postcode'), finding('/carers/0/address/postcode')],
  },
  {
    name: 'carries the configured severity',
    referral: edit(cleanReferral(), { 'child.nhsNumber': '4380590096' }),
    severity: 'warning',
    errors: [{ ruleId: RULE, pointer: '/child/nhsNumber', severity: 'warning' }],
  },
  {
    name: 'never puts an identifier or postcode in a message',
    referral: edit(cleanReferral(), {
      'child.nhsNumber': '438 059 0096',
      'child.upn': 'Q207000016049',
      'child.address.postcode': 'ZZ9Z 9ZZZ',
      household: [{ address: { postcode: 'GIR 0AAX' } }],
    }),
    errors: ['/child/nhsNumber', '/child/upn', '/child/address/postcode', '/household/0/address/postcode'].map((pointer) =>
      finding(pointer, /^(?![\s\S]*(?:438|0096|Q207|ZZ9Z|GIR))/),
    ),
  },
];

new RuleTester().run(rule, { valid, invalid });
