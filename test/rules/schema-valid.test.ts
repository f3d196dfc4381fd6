import { expect, it } from 'vitest';
import rule from '../../rules/schema-valid.js';
import { RuleTester, type ExpectedFinding, type InvalidCase, type ValidCase } from '../../src/testing/rule-tester.js';
import { cleanReferral, edit } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string, more: Partial<ExpectedFinding> = {}): ExpectedFinding => ({ ruleId: RULE, pointer, severity: 'error', ...more });

const unknownKeys = () => edit(cleanReferral(), { systemRowId: 17, 'child.caseNoteRef': 'X' });
const protoKeys = () => JSON.parse(JSON.stringify(cleanReferral()).replace('{', '{"__proto__":{"polluted":true},"constructor":1,')) as object;

const valid: ValidCase[] = [
  { name: 'passes a referral that matches the format', referral: cleanReferral(), applicable: true },
  { name: 'allows unknown keys, and reports them under --strict (not strict)', referral: unknownKeys() },
  { name: 'treats __proto__ and constructor keys as ordinary unknown keys', referral: protoKeys() },
  ...['very-low', 'no-apparent-risk', 'low', 'medium', 'high'].map((riskLevel) => ({
    name: `accepts the police risk grade ${riskLevel} of a missing episode (no-apparent-risk: the older name of very-low)`,
    referral: edit(cleanReferral(), {
      'concerns.categories': ['missing'],
      missingEpisodes: [{ startedAt: '2026-09-20T22:00:00Z', classification: 'missing', riskLevel, reportedToPolice: true }],
    }),
  })),
];

const invalid: InvalidCase[] = [
  {
    name: 'reports each missing required key at its own pointer',
    referral: { id: 'X' },
    errors: [
      finding('/receivedAt', { message: 'receivedAt is required' }),
      finding('/referrer', { message: 'referrer is required' }),
      finding('/child', { message: 'child is required' }),
    ],
  },
  {
    name: 'names the police risk grades, the older no-apparent-risk among them, when a missing episode has another',
    referral: edit(cleanReferral(), { missingEpisodes: [{ startedAt: '2026-09-20T22:00:00Z', classification: 'missing', riskLevel: 'none', reportedToPolice: true }] }),
    errors: [finding('/missingEpisodes/0/riskLevel', { message: 'missingEpisodes[0].riskLevel must be one of very-low, no-apparent-risk, low, medium, high' })],
  },
  {
    name: 'names the allowed values of a code list in plain words',
    referral: edit(cleanReferral(), { 'consent.status': 'verbal' }),
    errors: [finding('/consent/status', { message: 'consent.status must be one of given, refused, not-sought' })],
  },
  {
    // The exact message cannot quote the value 4711.
    name: 'reports a wrong type without quoting the value',
    referral: edit(cleanReferral(), { 'child.givenName': 4711 }),
    errors: [finding('/child/givenName', { message: 'child.givenName must be text' })],
  },
  {
    name: 'checks date and date-time formats, accepting a date-time without an offset',
    referral: edit(cleanReferral(), {
      'child.dateOfBirth': '02/03/2014',
      'concerns.firstIdentifiedAt': '2026-02-30T09:00:00Z',
      receivedAt: '2026-10-05T10:30:00',
    }),
    errors: [finding('/child/dateOfBirth', { message: 'child.dateOfBirth must be a date (YYYY-MM-DD): it looks like day/month/year' }), finding('/concerns/firstIdentifiedAt')],
  },
  {
    name: 'checks email addresses, and names array items by index',
    referral: edit(cleanReferral(), { carers: [{ name: 'A', email: 'not-an-email' }] }),
    errors: [finding('/carers/0/email', { message: 'carers[0].email must be an email address' })],
  },
  {
    name: 'accepts all-digit source codes written as numbers, and rejects unknown codes',
    referrals: [6, '3G', 11].map((code) => edit(cleanReferral(), { 'referrer.sourceCode': code })),
    errors: [finding('/referrer/sourceCode', { referral: 1 }), finding('/referrer/sourceCode', { referral: 2 })],
  },
  {
    name: 'checks the shape of NHS numbers and UPNs but not their check digits',
    referrals: [
      edit(cleanReferral(), { 'child.nhsNumber': '4380590096' }),
      edit(cleanReferral(), { 'child.nhsNumber': '943 476 591' }),
      edit(cleanReferral(), { 'child.upn': 'A95000017830' }),
    ],
    errors: [finding('/child/nhsNumber', { referral: 1 }), finding('/child/upn', { referral: 2 })],
  },
  {
    name: 'requires a reason on each lintIgnore entry',
    referral: edit(cleanReferral(), { lintIgnore: [{ rule: 'consent-recorded' }] }),
    errors: [finding('/lintIgnore/0/reason')],
  },
  {
    name: 'allows unknown keys, and reports them under --strict (strict)',
    referral: unknownKeys(),
    strict: true,
    errors: [finding('/systemRowId'), finding('/child/caseNoteRef')],
  },
];

new RuleTester().run(rule, { valid, invalid });

// RuleTester does not look at global state: lint the referral, then check Object.prototype.
it('treats __proto__ and constructor keys as ordinary unknown keys, without polluting Object.prototype', async () => {
  await new RuleTester().assertValid(rule, { referral: protoKeys() });
  expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
});
