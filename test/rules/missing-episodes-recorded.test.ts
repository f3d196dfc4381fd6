import { describe, expect, it } from 'vitest';
import rule from '../../rules/missing-episodes-recorded.js';
import type { JsonObject } from '../../src/referral.js';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'missing-episodes-recorded';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

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

describe('missing-episodes-recorded', () => {
  it('passes a complete episode', async () => {
    const run = await runRule(rule, missingReferral(episode()));
    expect(run.applicable).toBe(true);
    expect(run.passed).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  describe('applicability', () => {
    it('is not applicable when missing is not a concern and there are no episodes', async () => {
      const run = await runRule(rule, cleanReferral());
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
    it('is not applicable with an empty missingEpisodes array and no missing concern', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [] }));
      expect(run.applicable).toBe(false);
    });
    it('applies to episodes recorded without the missing category', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { missingEpisodes: [episode({ riskLevel: undefined })] }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/riskLevel')]);
    });
    it('applies when missing is a concern', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'concerns.categories': ['missing'] }));
      expect(run.applicable).toBe(true);
    });
  });

  describe('at least one episode when missing is a concern', () => {
    it('fires when there is no missingEpisodes key', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'concerns.categories': ['missing'] }));
      expect(keys(run)).toEqual([finding('/missingEpisodes')]);
    });
    it('fires on an empty array', async () => {
      const run = await runRule(rule, missingReferral());
      expect(keys(run)).toEqual([finding('/missingEpisodes')]);
    });
    it('leaves items that are not objects to schema-valid, which reports each once', async () => {
      const run = await runRule(rule, missingReferral('ran off twice', null), { with: ['schema-valid'] });
      const schema = (i: number) => ({ ruleId: 'schema-valid', pointer: `/missingEpisodes/${i}`, severity: 'error' });
      expect(keys(run)).toEqual([schema(0), schema(1)]);
    });
    it('does not fire with one episode', async () => {
      const run = await runRule(rule, missingReferral(episode({ returnedAt: undefined })));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('each episode has startedAt, classification, riskLevel and reportedToPolice', () => {
    it.each(['startedAt', 'classification', 'riskLevel', 'reportedToPolice'])('fires when %s is absent', async (field) => {
      const run = await runRule(rule, missingReferral(episode({ [field]: undefined })));
      expect(keys(run)).toEqual([finding(`/missingEpisodes/0/${field}`)]);
    });
    it('fires once per absent field and per episode, with the episode index', async () => {
      const run = await runRule(rule, missingReferral(episode(), {}));
      expect(keys(run)).toEqual([
        finding('/missingEpisodes/1/startedAt'),
        finding('/missingEpisodes/1/classification'),
        finding('/missingEpisodes/1/riskLevel'),
        finding('/missingEpisodes/1/reportedToPolice'),
      ]);
    });
    it('accepts reportedToPolice: false as recorded', async () => {
      const run = await runRule(rule, missingReferral(episode({ reportedToPolice: false })));
      expect(keys(run)).toEqual([]);
    });
    it('points at the document index when an item that is not an object comes first', async () => {
      const run = await runRule(rule, missingReferral(null, episode({ riskLevel: undefined })), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/missingEpisodes/0', severity: 'error' }, finding('/missingEpisodes/1/riskLevel')]);
    });
    it('leaves a value of the wrong type to schema-valid, so the defect is reported once', async () => {
      const run = await runRule(rule, missingReferral(episode({ reportedToPolice: 'yes' })), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/missingEpisodes/0/reportedToPolice', severity: 'error' }]);
    });
    it('does not report a startedAt that is present but malformed (schema-valid does)', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: 'last Tuesday' })));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('returnedAt is not before startedAt', () => {
    it('fires when the child returned before going missing', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T13:59:00Z' })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/returnedAt')]);
    });
    it('compares instants, not the text: an offset is honoured', async () => {
      // 15:30+02:00 is 13:30Z, before the 14:00Z start.
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T15:30:00+02:00' })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/returnedAt')]);
    });
    it('does not fire when returnedAt equals startedAt', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2026-09-21T14:00:00Z', returnedAt: '2026-09-21T14:00:00Z' })));
      expect(keys(run)).toEqual([]);
    });
    it('skips the comparison when either date-time does not parse', async () => {
      const bad = await runRule(rule, missingReferral(episode({ returnedAt: '2026-13-45T99:00:00Z' }), episode({ startedAt: 'unknown', returnedAt: '2020-01-01T00:00:00Z' })));
      expect(keys(bad)).toEqual([]);
    });
    it('does not require returnedAt while the child is still missing', async () => {
      const run = await runRule(rule, missingReferral(episode({ returnedAt: undefined })));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('absent on or after absentRetiredOn (default 2017-01-31)', () => {
    it('fires on an absent episode that started on 2017-01-31', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2017-01-31T00:00:00Z', returnedAt: undefined, classification: 'absent' })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/classification')]);
      expect(run.findings[0]!.message).toContain('College of Policing APP of January 2017');
      expect(run.findings[0]!.message).toContain('recorded as missing with a risk level');
    });
    it('fires on a recent absent episode', async () => {
      const run = await runRule(rule, missingReferral(episode({ classification: 'absent' })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/classification')]);
    });
    it('does not fire on an absent episode that started on 2017-01-30: it is merely told apart from missing', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2017-01-30T23:59:59Z', returnedAt: '2017-01-31T10:00:00Z', classification: 'absent' })));
      expect(keys(run)).toEqual([]);
    });
    it('does not fire on a 2015 absent episode', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2015-06-01T18:00:00Z', returnedAt: '2015-06-01T23:00:00Z', classification: 'absent' })));
      expect(keys(run)).toEqual([]);
    });
    it.each(['missing', 'away-from-placement'])('does not fire on a recent %s episode', async (classification) => {
      const run = await runRule(rule, missingReferral(episode({ classification })));
      expect(keys(run)).toEqual([]);
    });
    it('reads the calendar date in the configured time zone (British Summer Time)', async () => {
      // 23:30Z on 30 June 2020 is 00:30 on 1 July in London; in UTC it is still 30 June.
      const started = missingReferral(episode({ startedAt: '2020-06-30T23:30:00Z', returnedAt: undefined, classification: 'absent' }));
      const london = await runRule(rule, started, { options: { absentRetiredOn: '2020-07-01' } });
      expect(keys(london)).toEqual([finding('/missingEpisodes/0/classification')]);
      const utc = await runRule(rule, started, { options: { absentRetiredOn: '2020-07-01' }, config: { timeZone: 'UTC' } });
      expect(keys(utc)).toEqual([]);
    });
    it('reads a startedAt without an offset in the configured time zone', async () => {
      // 00:30 on 31 January in Tokyo is 15:30Z on 30 January.
      const started = missingReferral(episode({ startedAt: '2017-01-31T00:30:00', returnedAt: undefined, classification: 'absent' }));
      expect(keys(await runRule(rule, started))).toEqual([finding('/missingEpisodes/0/classification')]);
      expect(keys(await runRule(rule, started, { config: { timeZone: 'Asia/Tokyo' } }))).toEqual([finding('/missingEpisodes/0/classification')]);
      const tokyoEarlier = missingReferral(episode({ startedAt: '2017-01-30T15:30:00Z', returnedAt: undefined, classification: 'absent' }));
      expect(keys(await runRule(rule, tokyoEarlier))).toEqual([]);
      expect(keys(await runRule(rule, tokyoEarlier, { config: { timeZone: 'Asia/Tokyo' } }))).toEqual([finding('/missingEpisodes/0/classification')]);
    });
    it('gives two findings for an absent episode without a risk level: the classification and the risk level', async () => {
      const run = await runRule(rule, missingReferral(episode({ classification: 'absent', riskLevel: undefined })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/riskLevel'), finding('/missingEpisodes/0/classification')]);
    });
    it('does not judge an absent episode whose startedAt does not parse', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '31/01/2019', returnedAt: undefined, classification: 'absent' })));
      expect(keys(run)).toEqual([]);
    });
    it('reports an absent episode without startedAt only for the missing startedAt', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: undefined, returnedAt: undefined, classification: 'absent' })));
      expect(keys(run)).toEqual([finding('/missingEpisodes/0/startedAt')]);
    });
    it('follows the absentRetiredOn option', async () => {
      const referral = missingReferral(episode({ startedAt: '2017-06-01T12:00:00Z', returnedAt: undefined, classification: 'absent' }));
      expect(keys(await runRule(rule, referral))).toEqual([finding('/missingEpisodes/0/classification')]);
      expect(keys(await runRule(rule, referral, { options: { absentRetiredOn: '2018-01-01' } }))).toEqual([]);
      expect(keys(await runRule(rule, referral, { options: { absentRetiredOn: '2017-06-01' } }))).toEqual([finding('/missingEpisodes/0/classification')]);
      expect(keys(await runRule(rule, referral, { options: { absentRetiredOn: '2017-06-02' } }))).toEqual([]);
    });
    it('rejects an absentRetiredOn that is not a date', async () => {
      await expect(runRule(rule, missingReferral(episode()), { options: { absentRetiredOn: '31/01/2017' } })).rejects.toThrow(/absentRetiredOn/);
      await expect(runRule(rule, missingReferral(episode()), { options: { absentRetiredOn: '2017-02-30' } })).rejects.toThrow(/absentRetiredOn/);
    });
  });

  describe('severity and messages', () => {
    it('defaults to error', () => {
      expect(rule.meta.severity).toBe('error');
      expect(rule.meta.dimension).toBe('validity');
    });
    it('carries the configured severity', async () => {
      const run = await runRule(rule, missingReferral(episode({ riskLevel: undefined })), { severity: 'warning' });
      expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/missingEpisodes/0/riskLevel', severity: 'warning' }]);
      expect(run.passed).toBe(false);
    });
    it('names fields and never their values', async () => {
      const run = await runRule(rule, missingReferral(episode({ startedAt: '2023-05-06T07:08:09Z', returnedAt: '2023-05-06T07:01:02Z', classification: 'absent', riskLevel: undefined })));
      expect(run.findings.map((f) => f.pointer)).toEqual(['/missingEpisodes/0/riskLevel', '/missingEpisodes/0/returnedAt', '/missingEpisodes/0/classification']);
      for (const f of run.findings) {
        expect(f.message).toMatch(/missingEpisodes\[0\]\.\w+/);
        for (const planted of ['2023', '07:08', '07:01', 'Testchild', 'Alex']) expect(f.message).not.toContain(planted);
      }
    });
  });

  it('never throws on odd data', async () => {
    const odd = [
      edit(cleanReferral(), { 'concerns.categories': ['missing'], missingEpisodes: 'three times' }),
      edit(cleanReferral(), { 'concerns.categories': 'missing', missingEpisodes: [{ startedAt: 5, returnedAt: null, returnInterview: [] }] }),
      edit(cleanReferral(), { concerns: undefined, missingEpisodes: [[], {}, 'x'] }),
    ];
    const expected = [[finding('/missingEpisodes')], fourOf(0), [...fourOf(0), ...fourOf(1), ...fourOf(2)]];
    for (const [i, referral] of odd.entries()) expect(keys(await runRule(rule, referral))).toEqual(expected[i]);
  });
});

function fourOf(i: number) {
  return ['startedAt', 'classification', 'riskLevel', 'reportedToPolice'].map((f) => finding(`/missingEpisodes/${i}/${f}`));
}
