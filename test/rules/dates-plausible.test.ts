import { describe, expect, it } from 'vitest';
import rule from '../../rules/dates-plausible.js';
import { cleanReferral, edit, keys, NOW, runRule } from '../helpers.js';

const RULE = rule.meta.id;
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });
const schema = (pointer: string) => ({ ruleId: 'schema-valid', pointer, severity: 'error' });

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

describe('dates-plausible', () => {
  it('passes the clean referral', async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('has dimension validity and default severity error', () => {
    expect(rule.meta).toMatchObject({ id: 'dates-plausible', dimension: 'validity', severity: 'error' });
  });

  it('applies to every referral, even one with no dates at all', async () => {
    const run = await runRule(rule, edit(cleanReferral(), { receivedAt: undefined, 'child.dateOfBirth': undefined, concerns: undefined, consent: undefined }));
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  describe('child.dateOfBirth after receivedAt', () => {
    it('fires when the child is born the day after the referral', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-06' }));
      expect(keys(run)).toEqual([finding('/child/dateOfBirth')]);
    });
    it('does not fire for a child born on the day of the referral', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-05' }));
      expect(keys(run)).toEqual([]);
    });
    it('compares with the calendar date of receivedAt in the configured time zone', async () => {
      // 23:30Z on 10 July 2026 is 00:30 on 11 July in London (BST).
      const referral = edit(cleanReferral(), { receivedAt: '2026-07-10T23:30:00Z', 'child.dateOfBirth': '2026-07-11', concerns: undefined });
      const london = await runRule(rule, referral);
      expect(keys(london)).toEqual([]);
      const utc = await runRule(rule, referral, { config: { timeZone: 'UTC' } });
      expect(keys(utc)).toEqual([finding('/child/dateOfBirth')]);
    });
  });

  describe('age 18 or over at receivedAt', () => {
    it('fires on the 18th birthday', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2008-10-05' }));
      expect(keys(run)).toEqual([finding('/child/dateOfBirth')]);
      expect(run.findings[0]!.message).toContain('18 or over');
    });
    it('fires well over 18', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '1990-01-01' }));
      expect(keys(run)).toEqual([finding('/child/dateOfBirth')]);
    });
    it('does not fire the day before the 18th birthday', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2008-10-06' }));
      expect(keys(run)).toEqual([]);
    });
    it('takes the age at the London date of receivedAt', async () => {
      // 23:30Z on 4 October is 00:30 on 5 October in London: the 18th birthday.
      const referral = edit(cleanReferral(), { receivedAt: '2026-10-04T23:30:00Z', 'child.dateOfBirth': '2008-10-05', concerns: undefined });
      expect(keys(await runRule(rule, referral))).toEqual([finding('/child/dateOfBirth')]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([]);
    });
  });

  describe('child.expectedDateOfBirth within 280 days after and 30 days before receivedAt', () => {
    it('does not fire exactly 280 days after', async () => {
      expect(keys(await runRule(rule, unborn('2027-07-12')))).toEqual([]);
    });
    it('fires 281 days after', async () => {
      const run = await runRule(rule, unborn('2027-07-13'));
      expect(keys(run)).toEqual([finding('/child/expectedDateOfBirth')]);
      expect(run.findings[0]!.message).toContain('280 days after');
    });
    it('does not fire exactly 30 days before', async () => {
      expect(keys(await runRule(rule, unborn('2026-09-05')))).toEqual([]);
    });
    it('fires 31 days before', async () => {
      const run = await runRule(rule, unborn('2026-09-04'));
      expect(keys(run)).toEqual([finding('/child/expectedDateOfBirth')]);
      expect(run.findings[0]!.message).toContain('30 days before');
    });
    it('does not judge an expected date of birth against the reference time', async () => {
      // After NOW, well within a pregnancy of receivedAt.
      expect(keys(await runRule(rule, unborn('2027-03-01')))).toEqual([]);
    });
    it('counts days from the London date of receivedAt', async () => {
      // Received 00:30 on 11 July 2026 in London; 280 days later is 2027-04-17.
      const referral = edit(unborn('2027-04-17'), { receivedAt: '2026-07-10T23:30:00Z', concerns: undefined });
      expect(keys(await runRule(rule, referral))).toEqual([]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([finding('/child/expectedDateOfBirth')]);
    });
  });

  describe('both dateOfBirth and expectedDateOfBirth', () => {
    it('fires at child.expectedDateOfBirth', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.expectedDateOfBirth': '2026-12-01' }));
      expect(keys(run)).toEqual([finding('/child/expectedDateOfBirth')]);
      expect(run.findings[0]!.message).toContain('both');
    });
    it('reports a stale expected date once, not also as too far before receivedAt', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.expectedDateOfBirth': '2014-03-01' }));
      expect(keys(run)).toEqual([finding('/child/expectedDateOfBirth')]);
    });
    it('still judges the date of birth', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-12-01', 'child.expectedDateOfBirth': '2026-12-01' }));
      expect(keys(run)).toEqual([finding('/child/dateOfBirth'), finding('/child/expectedDateOfBirth')]);
    });
  });

  describe('concerns.firstIdentifiedAt after receivedAt', () => {
    it('fires a minute after', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T10:31:00Z' }));
      expect(keys(run)).toEqual([finding('/concerns/firstIdentifiedAt')]);
      expect(run.findings[0]!.message).toContain('after receivedAt');
    });
    it('does not fire at the same instant, however the offset is written', async () => {
      expect(keys(await runRule(rule, edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T10:30:00Z' })))).toEqual([]);
      expect(keys(await runRule(rule, edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T11:30:00+01:00' })))).toEqual([]);
    });
    it('reads a date-time without an offset in the configured time zone', async () => {
      // 11:00 London wall clock is 10:00Z in October (BST): before receivedAt; read as UTC it is after.
      const referral = edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-10-05T11:00:00' });
      expect(keys(await runRule(rule, referral))).toEqual([]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([finding('/concerns/firstIdentifiedAt')]);
    });
    it('reports one in the future once, as in the future', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'concerns.firstIdentifiedAt': '2026-11-02T09:00:00Z' }));
      expect(keys(run)).toEqual([finding('/concerns/firstIdentifiedAt')]);
      expect(run.findings[0]!.message).toContain('reference time');
    });
  });

  describe('writtenConfirmationAt before receivedAt', () => {
    it.each(['telephone', 'in-person'])('fires a minute before, for mode %s', async (mode) => {
      const run = await runRule(rule, edit(cleanReferral(), { mode, writtenConfirmationAt: '2026-10-05T10:29:00Z' }));
      expect(keys(run)).toEqual([finding('/writtenConfirmationAt')]);
    });
    it('fires when no mode is stated', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { mode: undefined, writtenConfirmationAt: '2026-10-04T10:30:00Z' }));
      expect(keys(run)).toEqual([finding('/writtenConfirmationAt')]);
    });
    it('does not fire at the same instant or after', async () => {
      for (const at of ['2026-10-05T10:30:00Z', '2026-10-06T10:30:00Z']) {
        expect(keys(await runRule(rule, edit(cleanReferral(), { mode: 'telephone', writtenConfirmationAt: at })))).toEqual([]);
      }
    });
    it.each(['written', 'online'])('ignores writtenConfirmationAt for mode %s, even in the future (referral-format.md)', async (mode) => {
      for (const at of ['2026-10-04T10:30:00Z', '2026-12-01T10:30:00Z']) {
        expect(keys(await runRule(rule, edit(cleanReferral(), { mode, writtenConfirmationAt: at })))).toEqual([]);
      }
    });
  });

  describe('exploitationScreening.completedAt more than 1 day after receivedAt', () => {
    it('does not fire exactly 24 hours after', async () => {
      expect(keys(await runRule(rule, edit(cleanReferral(), screening('2026-10-06T10:30:00Z'))))).toEqual([]);
    });
    it('fires a minute past 24 hours', async () => {
      const run = await runRule(rule, edit(cleanReferral(), screening('2026-10-06T10:31:00Z')));
      expect(keys(run)).toEqual([finding('/exploitationScreening/completedAt')]);
    });
    it('does not fire for a screening before the referral', async () => {
      expect(keys(await runRule(rule, edit(cleanReferral(), screening('2026-06-01T10:00:00Z'))))).toEqual([]);
    });
  });

  describe("return interview offeredAt before its episode's startedAt", () => {
    it('fires an hour before the episode began', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [episode({ returnInterview: { offeredAt: '2026-09-01T19:00:00Z' } })] }));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/returnInterview/offeredAt')]);
      expect(run.findings[0]!.message).toContain('missingEpisodes[0].startedAt');
    });
    it('does not fire at the start or after', async () => {
      for (const offeredAt of ['2026-09-01T20:00:00Z', '2026-09-02T12:00:00Z']) {
        expect(keys(await runRule(rule, edit(cleanReferral(), { missingEpisodes: [episode({ returnInterview: { offeredAt } })] })))).toEqual([]);
      }
    });
    it("compares each offer with its own episode's start", async () => {
      const run = await runRule(rule, edit(cleanReferral(), {
        missingEpisodes: [
          episode({ startedAt: '2026-08-01T20:00:00Z', returnedAt: '2026-08-02T08:00:00Z', returnInterview: { offeredAt: '2026-08-02T12:00:00Z' } }),
          episode({ returnInterview: { offeredAt: '2026-08-03T12:00:00Z' } }),
        ],
      }));
      expect(keys(run)).toEqual([finding('/missingEpisodes/1/returnInterview/offeredAt')]);
    });
    it('keeps the index the export gave when an item of missingEpisodes is not an object', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: ['junk', episode({ returnInterview: { offeredAt: '2026-09-01T19:00:00Z' } })] }));
      expect(keys(run)).toEqual([finding('/missingEpisodes/1/returnInterview/offeredAt')]);
    });
  });

  describe('any date-time later than the reference time', () => {
    const future = '2026-11-01T09:00:01Z';
    it('fires at every date-time field, each at its own pointer', async () => {
      const run = await runRule(rule, edit(cleanReferral(), {
        mode: 'telephone',
        writtenConfirmationAt: future,
        'concerns.firstIdentifiedAt': future,
        'consent.recordedAt': future,
        missingEpisodes: [episode({ startedAt: future, returnedAt: future, returnInterview: { offeredAt: future, completedAt: future } })],
        ...screening(future),
      }));
      expect(keys(run)).toEqual([
        finding('/writtenConfirmationAt'),
        finding('/concerns/firstIdentifiedAt'),
        finding('/consent/recordedAt'),
        finding('/missingEpisodes/0/startedAt'),
        finding('/missingEpisodes/0/returnedAt'),
        finding('/missingEpisodes/0/returnInterview/offeredAt'),
        finding('/missingEpisodes/0/returnInterview/completedAt'),
        finding('/exploitationScreening/completedAt'),
      ]);
      for (const f of run.findings) expect(f.message).toContain('reference time');
    });
    it('fires at receivedAt', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { receivedAt: future }));
      expect(keys(run)).toEqual([finding('/receivedAt')]);
    });
    it('does not fire at exactly the reference time', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'consent.recordedAt': NOW, receivedAt: NOW, missingEpisodes: [episode({ returnInterview: { completedAt: NOW } })] }));
      expect(keys(run)).toEqual([]);
    });
    it('follows the configured reference time', async () => {
      const referral = edit(cleanReferral(), { 'consent.recordedAt': '2026-10-05T10:00:00Z' });
      expect(keys(await runRule(rule, referral, { now: '2026-10-05T09:59:00Z' }))).toEqual([finding('/receivedAt'), finding('/consent/recordedAt')]);
    });
    it('compares nothing with a receivedAt in the future: the one defect is reported once', async () => {
      // A year out: the child would be 18 at it, the telephone confirmation is before it,
      // the expected-date and screening comparisons would all echo the wrong receivedAt.
      const run = await runRule(rule, edit(cleanReferral(), {
        receivedAt: '2027-10-05T10:30:00Z',
        mode: 'telephone',
        writtenConfirmationAt: '2026-10-05T12:00:00Z',
        'child.dateOfBirth': '2009-03-02',
        ...screening('2026-10-01T10:00:00Z'),
      }));
      expect(keys(run)).toEqual([finding('/receivedAt')]);
    });
    it('does not compare an offer with an episode start in the future', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [episode({ startedAt: '2026-12-01T20:00:00Z', returnedAt: undefined, returnInterview: { offeredAt: '2026-10-01T12:00:00Z' } })] }));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/startedAt')]);
    });
    it('does not judge child.dateOfBirth against the reference time (only against receivedAt)', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-05' }), { now: '2026-10-05T11:00:00Z' });
      expect(keys(run)).toEqual([]);
    });
  });

  describe('values that cannot be judged', () => {
    it('skips comparisons with a receivedAt that does not parse (schema-valid reports it)', async () => {
      const referral = edit(cleanReferral(), { receivedAt: '5 October 2026', 'child.dateOfBirth': '1990-01-01', 'concerns.firstIdentifiedAt': '2026-10-06T09:00:00Z' });
      expect(keys(await runRule(rule, referral))).toEqual([]);
      expect(keys(await runRule(rule, referral, { with: ['schema-valid'] }))).toEqual([schema('/receivedAt')]);
    });
    it('skips a date of birth that is not a real date', async () => {
      expect(keys(await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-02-30' })))).toEqual([]);
    });
    it('skips a date-time that does not parse, and a comparison with it', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [episode({ startedAt: 'last Tuesday', returnInterview: { offeredAt: 'soon' } })] }));
      expect(keys(run)).toEqual([]);
    });
    it('does not throw on odd shapes', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [null, 3, { returnInterview: 'offered' }], exploitationScreening: [], concerns: 'none', child: { dateOfBirth: 20140302 } }));
      expect(keys(run)).toEqual([]);
    });
  });

  it('carries the configured severity', async () => {
    const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2026-10-06' }), { severity: 'warning' });
    expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/child/dateOfBirth', severity: 'warning' }]);
  });

  it('never puts a date in a message', async () => {
    const run = await runRule(rule, edit(cleanReferral(), {
      'child.dateOfBirth': '1997-06-13',
      'child.expectedDateOfBirth': '1997-06-14',
      'concerns.firstIdentifiedAt': '2026-10-05T17:47:00Z',
      missingEpisodes: [episode({ startedAt: '2026-09-01T21:47:00Z', returnInterview: { offeredAt: '2026-09-01T19:47:00Z' } })],
    }));
    expect(run.findings).toHaveLength(4);
    for (const f of run.findings) for (const planted of ['1997', '06-13', '06-14', '17:47', '21:47', '19:47', '2026']) expect(f.message).not.toContain(planted);
  });
});
