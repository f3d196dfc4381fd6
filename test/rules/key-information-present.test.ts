import { describe, expect, it } from 'vitest';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'key-information-present';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

describe('key-information-present', () => {
  it('passes a complete referral', async () => {
    const run = await runRule(RULE, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it.each([
    ['child.givenName', '/child/givenName'],
    ['child.familyName', '/child/familyName'],
    ['child.address.line1', '/child/address/line1'],
    ['child.address.postcode', '/child/address/postcode'],
    ['referrer.name', '/referrer/name'],
    ['referrer.role', '/referrer/role'],
    ['concerns.summary', '/concerns/summary'],
    ['concerns.actionsTaken', '/concerns/actionsTaken'],
  ])('fires when %s is absent', async (field, pointer) => {
    const run = await runRule(RULE, edit(cleanReferral(), { [field]: undefined }));
    expect(keys(run)).toEqual([finding(pointer)]);
  });

  it.each(['', '   ', 'n/a', 'N/A', 'Unknown.', 'TBC!', '?', '-', 'see attached', 'As above', 'not known?'])(
    'treats the placeholder %j as missing',
    async (placeholder) => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'child.familyName': placeholder }));
      expect(keys(run)).toEqual([finding('/child/familyName')]);
    },
  );

  it('does not treat a real value that merely contains a placeholder word as missing', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'concerns.actionsTaken': 'None of the family could be reached; voicemail left at 10:05.' }));
    expect(keys(run)).toEqual([]);
  });

  describe('date of birth or expected date of birth', () => {
    it('fires when neither is present', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.educationSetting': undefined }));
      expect(keys(run)).toEqual([finding('/child/dateOfBirth')]);
    });
    it('accepts an expected date of birth for an unborn child', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10', 'child.educationSetting': undefined }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('education setting, only for ages 5 to 15', () => {
    it('fires at age 12', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'child.educationSetting': undefined }));
      expect(keys(run)).toEqual([finding('/child/educationSetting')]);
    });
    it('fires at exactly 5 (birthday on the day received) and at 15', async () => {
      const five = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': '2021-10-05', 'child.educationSetting': undefined }));
      expect(keys(five)).toEqual([finding('/child/educationSetting')]);
      const fifteen = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': '2010-10-06', 'child.educationSetting': undefined }));
      expect(keys(fifteen)).toEqual([finding('/child/educationSetting')]);
    });
    it('does not fire at 4, at 16, or when age is unknown', async () => {
      for (const dob of ['2021-10-06', '2010-10-05']) {
        const run = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': dob, 'child.educationSetting': undefined }));
        expect(keys(run)).toEqual([]);
      }
      const unborn = await runRule(RULE, edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10', 'child.educationSetting': undefined }));
      expect(keys(unborn)).toEqual([]);
    });
  });

  describe('a carer with parental responsibility, named', () => {
    it('fires when there are no carers', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { carers: undefined }));
      expect(keys(run)).toEqual([finding('/carers')]);
    });
    it('fires when no carer has parental responsibility', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { carers: [{ name: 'Pat Testcarer', relationship: 'partner-of-parent', parentalResponsibility: false }] }));
      expect(keys(run)).toEqual([finding('/carers')]);
    });
    it('fires when the carer with parental responsibility has no name', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { carers: [{ relationship: 'father', parentalResponsibility: true }] }));
      expect(keys(run)).toEqual([finding('/carers')]);
    });
    it('passes when any one carer qualifies', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), {
        carers: [{ name: 'Pat Testcarer', parentalResponsibility: false }, { name: 'Jo Testparent', parentalResponsibility: true }],
      }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('the referrer', () => {
    it('needs a phone or an email, not both', async () => {
      const phoneOnly = await runRule(RULE, edit(cleanReferral(), { 'referrer.email': undefined }));
      expect(keys(phoneOnly)).toEqual([]);
      const neither = await runRule(RULE, edit(cleanReferral(), { 'referrer.email': undefined, 'referrer.phone': 'n/a' }));
      expect(keys(neither)).toEqual([finding('/referrer/phone')]);
    });
    it('is not required from an anonymous referrer', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { referrer: { agency: 'Anonymous caller', sector: 'anonymous' } }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('concerns', () => {
    it('fires on an empty category list', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'concerns.categories': [] }));
      expect(keys(run)).toEqual([finding('/concerns/categories')]);
    });
    it('fires when the summary is shorter than 40 characters, and not at exactly 40', async () => {
      const short = await runRule(RULE, edit(cleanReferral(), { 'concerns.summary': 'x'.repeat(39) }));
      expect(keys(short)).toEqual([finding('/concerns/summary')]);
      const exact = await runRule(RULE, edit(cleanReferral(), { 'concerns.summary': `  ${'x'.repeat(40)}  ` }));
      expect(keys(exact)).toEqual([]);
    });
    it('uses the minSummaryLength option', async () => {
      const run = await runRule(RULE, cleanReferral(), { options: { minSummaryLength: 200 } });
      expect(keys(run)).toEqual([finding('/concerns/summary')]);
    });
  });

  describe('the fields option', () => {
    it('replaces the default list', async () => {
      const referral = edit(cleanReferral(), { 'child.givenName': undefined, 'child.gpPractice': undefined });
      const run = await runRule(RULE, referral, { options: { fields: ['child.gpPractice'] } });
      expect(keys(run)).toEqual([finding('/child/gpPractice')]);
    });
    it('supports alternatives, age ranges and sector exceptions in items', async () => {
      const referral = edit(cleanReferral(), { 'child.gpPractice': undefined, 'child.nhsNumber': undefined });
      const options = {
        fields: [
          'child.gpPractice|child.nhsNumber',
          { field: 'child.firstLanguage', minAge: 13 },
          { field: 'child.currentLocation', exceptSectors: ['police'] },
        ],
      };
      const run = await runRule(RULE, referral, { options });
      expect(keys(run)).toEqual([finding('/child/gpPractice')]);
    });
    it('rejects an invalid option value when the config loads', async () => {
      await expect(runRule(RULE, cleanReferral(), { options: { minSummaryLength: -1 } })).rejects.toThrow(/rules\.key-information-present\.options\.minSummaryLength/);
    });
  });

  it('counts a value of the wrong type as present and leaves the report to schema-valid', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'child.givenName': 42 }));
    expect(keys(run)).toEqual([]);
  });
});
