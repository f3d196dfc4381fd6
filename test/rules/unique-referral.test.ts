import { describe, expect, it } from 'vitest';
import rule, { foldName } from '../../rules/unique-referral.js';
import type { JsonObject } from '../../src/referral.js';
import { cleanReferral, edit, keys, runBatch } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });
const ID = finding('/id');
const SAME = finding('');

let serial = 0;
/** A clean referral with its own id, so only what a test sets can repeat. */
const referral = (fields: Record<string, unknown> = {}): JsonObject => edit(cleanReferral(), { id: `REF-${++serial}`, ...fields });
/** The findings of each referral of a run, in input order. */
const findingsOf = async (referrals: JsonObject[], options = {}) => (await runBatch(rule, referrals, options)).map(keys);

describe('unique-referral', () => {
  it('passes a single referral, and different children on the same day', async () => {
    const runs = await runBatch(rule, [referral(), referral({ 'child.nhsNumber': '401 023 2137', 'child.givenName': 'Robin' })]);
    expect(runs.map((r) => r.applicable)).toEqual([true, true]);
    expect(runs.map(keys)).toEqual([[], []]);
  });

  it('has dimension uniqueness and default severity error, and is a batch rule', () => {
    expect(rule.meta).toMatchObject({ id: 'unique-referral', dimension: 'uniqueness', severity: 'error' });
    expect(rule.batch).toBeTypeOf('function');
  });

  describe('the same id', () => {
    it('fires on the second and third of three occurrences', async () => {
      const a = { id: 'DUP-1' };
      const runs = await findingsOf([
        referral({ ...a, receivedAt: '2026-10-01T10:00:00Z' }),
        referral({ ...a, receivedAt: '2026-10-02T10:00:00Z' }),
        referral({ ...a, receivedAt: '2026-10-03T10:00:00Z' }),
      ]);
      expect(runs).toEqual([[], [ID], [ID]]);
    });
    it('fires only on the repeats, in input order, with other referrals between', async () => {
      const day = (d: number) => `2026-10-0${d}T10:00:00Z`;
      const runs = await findingsOf([
        referral({ id: 'A', receivedAt: day(1) }),
        referral({ id: 'B', receivedAt: day(2) }),
        referral({ id: 'A', receivedAt: day(3) }),
        referral({ id: 'C', receivedAt: day(4) }),
        referral({ id: 'B', receivedAt: day(5) }),
      ]);
      expect(runs).toEqual([[], [], [ID], [], [ID]]);
    });
    it('compares ids exactly', async () => {
      const runs = await findingsOf([referral({ id: 'ref-1', receivedAt: '2026-10-01T10:00:00Z' }), referral({ id: 'REF-1', receivedAt: '2026-10-02T10:00:00Z' })]);
      expect(runs).toEqual([[], []]);
    });
    it('reports a record exported twice once, as a repeated id', async () => {
      const twice = referral();
      const runs = await findingsOf([twice, structuredClone(twice), structuredClone(twice)]);
      expect(runs).toEqual([[], [ID], [ID]]);
    });
    it('does not match referrals without an id', async () => {
      const runs = await findingsOf([referral({ id: undefined, receivedAt: '2026-10-01T10:00:00Z' }), referral({ id: undefined, receivedAt: '2026-10-02T10:00:00Z' })]);
      expect(runs).toEqual([[], []]);
    });
  });

  describe('the same child, agency and day', () => {
    it('fires when the NHS number is the same, however it is spaced', async () => {
      const runs = await runBatch(rule, [
        referral({ 'child.nhsNumber': '943 476 5919', receivedAt: '2026-10-05T08:00:00Z' }),
        referral({ 'child.nhsNumber': '9434765919', 'child.givenName': 'Lexi', receivedAt: '2026-10-05T16:00:00Z' }),
        referral({ 'child.nhsNumber': ' 94347 65919 ', 'child.familyName': 'Otherchild', receivedAt: '2026-10-05T20:00:00Z' }),
      ]);
      expect(runs.map(keys)).toEqual([[], [SAME], [SAME]]);
      expect(runs[1]!.findings[0]!.message).toContain('matched by NHS number');
    });
    it('does not fire when both have NHS numbers and they differ, even with the same names and date of birth', async () => {
      const runs = await findingsOf([referral(), referral({ 'child.nhsNumber': '4010232137' })]);
      expect(runs).toEqual([[], []]);
    });
    it('fires on the same names and date of birth despite case, diacritics and inner spaces, when one lacks an NHS number', async () => {
      const runs = await runBatch(rule, [
        referral({ 'child.givenName': 'Zoë  Ann', 'child.familyName': "Ó'Briain" }),
        referral({ 'child.nhsNumber': undefined, 'child.givenName': ' zoe ann ', 'child.familyName': "O'BRIAIN" }),
      ]);
      expect(runs.map(keys)).toEqual([[], [SAME]]);
      expect(runs[1]!.findings[0]!.message).toContain('matched by names and date of birth');
    });
    it('matches by names when the earlier referral lacks the NHS number and the later has it', async () => {
      const runs = await findingsOf([referral({ 'child.nhsNumber': undefined }), referral({ 'child.givenName': 'ALEX' })]);
      expect(runs).toEqual([[], [SAME]]);
    });
    it('matches by names when neither has an NHS number', async () => {
      const runs = await findingsOf([referral({ 'child.nhsNumber': undefined }), referral({ 'child.nhsNumber': undefined })]);
      expect(runs).toEqual([[], [SAME]]);
    });
    it('does not match names with a different date of birth, given name or family name', async () => {
      const base = { 'child.nhsNumber': undefined };
      const runs = await findingsOf([
        referral(base),
        referral({ ...base, 'child.dateOfBirth': '2014-03-03' }),
        referral({ ...base, 'child.givenName': 'Alexa' }),
        referral({ ...base, 'child.familyName': 'Test-child' }),
      ]);
      expect(runs).toEqual([[], [], [], []]);
    });
    it('treats an NHS number that fails its check digit as no NHS number: a typo does not hide the repeat', async () => {
      const runs = await findingsOf([referral(), referral({ 'child.nhsNumber': '943 476 5918' })]);
      expect(runs).toEqual([[], [SAME]]);
    });
    it('does not merge two children given the same dummy NHS number', async () => {
      const runs = await findingsOf([referral({ 'child.nhsNumber': '0000000000' }), referral({ 'child.nhsNumber': '0000000000', 'child.givenName': 'Robin' })]);
      expect(runs).toEqual([[], []]);
    });
    it('fires on every occurrence after the first', async () => {
      const runs = await findingsOf([referral(), referral({ 'child.givenName': 'Alexandra' }), referral({ receivedAt: '2026-10-05T18:00:00Z' })]);
      expect(runs).toEqual([[], [SAME], [SAME]]);
    });

    describe('same day: the calendar day of receivedAt in the configured time zone', () => {
      it('23:30Z in summer is the next London day: not the same day as 22:30Z', async () => {
        const pair = [referral({ receivedAt: '2026-07-10T22:30:00Z' }), referral({ receivedAt: '2026-07-10T23:30:00Z' })];
        expect(await findingsOf(pair)).toEqual([[], []]);
        expect(await findingsOf(pair, { config: { timeZone: 'UTC' } })).toEqual([[], [SAME]]);
      });
      it('23:30Z in summer is the same London day as 10:00Z the next day', async () => {
        const pair = [referral({ receivedAt: '2026-07-10T23:30:00Z' }), referral({ receivedAt: '2026-07-11T10:00:00Z' })];
        expect(await findingsOf(pair)).toEqual([[], [SAME]]);
        expect(await findingsOf(pair, { config: { timeZone: 'UTC' } })).toEqual([[], []]);
      });
      it('does not fire on the next day', async () => {
        expect(await findingsOf([referral({ receivedAt: '2026-10-05T22:59:00Z' }), referral({ receivedAt: '2026-10-05T23:00:00Z' })])).toEqual([[], []]);
      });
    });

    describe('same agency', () => {
      it('does not fire for a different agency', async () => {
        expect(await findingsOf([referral(), referral({ 'referrer.agency': 'Example Hospital' })])).toEqual([[], []]);
      });
      it('fires for the same agency written with other case and surrounding spaces', async () => {
        expect(await findingsOf([referral(), referral({ 'referrer.agency': '  EXAMPLE police ' })])).toEqual([[], [SAME]]);
      });
      it('fires for two spellings of one agency joined by the alias table', async () => {
        const config = { agencies: [{ name: 'Example Police', aliases: ['POL'], patterns: ['^example constabulary'] }] };
        expect(await findingsOf([referral(), referral({ 'referrer.agency': 'POL' }), referral({ 'referrer.agency': 'Example Constabulary CAIT' })], { config })).toEqual([[], [SAME], [SAME]]);
      });
      it('never matches when no agency is stated', async () => {
        const none = { 'referrer.agency': undefined };
        expect(await findingsOf([referral(none), referral(none)])).toEqual([[], []]);
        expect(await findingsOf([referral({ 'referrer.agency': ' ' }), referral({ 'referrer.agency': '' })])).toEqual([[], []]);
      });
    });

    describe('never matched', () => {
      it('a referral without a receivedAt', async () => {
        expect(await findingsOf([referral({ receivedAt: undefined }), referral({ receivedAt: undefined })])).toEqual([[], []]);
        expect(await findingsOf([referral(), referral({ receivedAt: undefined }), referral({ receivedAt: 'today' })])).toEqual([[], [], []]);
      });
      it('a referral without a child identity', async () => {
        const anonymous = { 'child.nhsNumber': undefined, 'child.dateOfBirth': undefined };
        expect(await findingsOf([referral(anonymous), referral(anonymous)])).toEqual([[], []]);
        const unnamed = { 'child.nhsNumber': undefined, 'child.givenName': 'Unknown' };
        expect(await findingsOf([referral(unnamed), referral(unnamed)])).toEqual([[], []]);
        const noChild = { child: undefined };
        expect(await findingsOf([referral(noChild), referral(noChild)])).toEqual([[], []]);
      });
      it('an unborn child known only by an expected date of birth', async () => {
        const unborn = { 'child.nhsNumber': undefined, 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10' };
        expect(await findingsOf([referral(unborn), referral(unborn)])).toEqual([[], []]);
      });
    });
  });

  it('starts every run afresh', async () => {
    const a = referral();
    expect(await findingsOf([a])).toEqual([[]]);
    expect(await findingsOf([structuredClone(a)])).toEqual([[]]);
  });

  it('folds names as rules.md says', () => {
    expect(foldName('  Zoë   Ann ')).toBe('zoe ann');
    expect(foldName('JOSÉ')).toBe(foldName('jose'));
    expect(foldName('Strauß')).toBe(foldName('STRAUSS'));
    expect(foldName('Ann-Marie')).not.toBe(foldName('Ann Marie'));
  });

  it('carries the configured severity', async () => {
    const runs = await runBatch(rule, [referral({ id: 'X' }), referral({ id: 'X', receivedAt: '2026-10-06T10:00:00Z' })], { severity: 'warning' });
    expect(keys(runs[1]!)).toEqual([{ ruleId: RULE, pointer: '/id', severity: 'warning' }]);
  });

  it('never puts an id, name, NHS number, agency or date in a message', async () => {
    const runs = await runBatch(rule, [
      referral({ id: 'PLANTED-ID' }),
      referral({ id: 'PLANTED-ID', receivedAt: '2026-10-06T10:00:00Z' }),
      referral({ 'child.nhsNumber': undefined, receivedAt: '2026-10-06T11:00:00Z' }),
    ]);
    const messages = runs.flatMap((r) => r.findings.map((f) => f.message));
    expect(messages).toHaveLength(2);
    for (const m of messages) for (const planted of ['PLANTED', 'Alex', 'Testchild', '943', 'Example', '2014', '2026']) expect(m).not.toContain(planted);
  });
});
