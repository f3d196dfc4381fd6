import { describe, expect, it } from 'vitest';
import rule from '../../rules/return-interview-timely.js';
import type { JsonObject } from '../../src/referral.js';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'return-interview-timely';
const finding = (pointer: string, severity = 'warning') => ({ ruleId: RULE, pointer, severity });
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
  it('passes an interview offered within 72 hours of the return', async () => {
    const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-10-02T09:00:00Z', completedAt: '2026-10-03T16:00:00Z' })));
    expect(run.applicable).toBe(true);
    expect(run.passed).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  describe('applicability', () => {
    it('is not applicable without missing episodes', async () => {
      const run = await runRule(rule, cleanReferral());
      expect(run.applicable).toBe(false);
    });
    it('is not applicable when no episode has a returnedAt (the child is still missing)', async () => {
      const run = await runRule(rule, withEpisodes(episode(undefined, { returnedAt: undefined })));
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
    it('is not applicable when the only returnedAt does not parse', async () => {
      const run = await runRule(rule, withEpisodes(episode(undefined, { returnedAt: 'Sunday evening' })));
      expect(run.applicable).toBe(false);
    });
    it('applies when one of several episodes has a returnedAt, and judges only that one', async () => {
      const run = await runRule(rule, withEpisodes(episode(undefined, { returnedAt: undefined }), episode(undefined)));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/missingEpisodes/1/returnInterview/offeredAt')]);
    });
  });

  describe('an offer more than maxHours after returnedAt', () => {
    it('fires one minute after 72 hours', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-10-04T10:01:00Z' })));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('does not fire at exactly 72 hours', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-10-04T10:00:00Z' })));
      expect(keys(run)).toEqual([]);
    });
    it('fires on a late offer that was declined', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-10-05T09:00:00Z', declined: true })));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('does not fire on a declined interview offered in time', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-10-01T15:00:00Z', declined: true })));
      expect(keys(run)).toEqual([]);
    });
    it('does not fire on an offer before returnedAt (dates-plausible judges impossible orders)', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: '2026-09-30T09:00:00Z' })));
      expect(keys(run)).toEqual([]);
    });
    it('judges a late offer even when the referral was received before the deadline', async () => {
      const run = await runRule(rule, edit(withEpisodes(episode({ offeredAt: '2026-10-04T12:00:00Z' })), { receivedAt: '2026-10-02T10:00:00Z' }));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('reads a returnedAt without an offset in the configured time zone (British Summer Time)', async () => {
      // 12:00 London in July is 11:00Z, so 11:30Z three days later is 72.5 hours; read as UTC it would be 71.5.
      const referral = withEpisodes(episode({ offeredAt: '2026-07-04T11:30:00Z' }, { startedAt: '2026-07-01T08:00:00Z', returnedAt: '2026-07-01T12:00:00' }));
      expect(keys(await runRule(rule, referral))).toEqual([finding(OFFER_0)]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([]);
    });
    it('does not judge an offeredAt that does not parse', async () => {
      const run = await runRule(rule, withEpisodes(episode({ offeredAt: 'next week' })));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('no offer recorded', () => {
    it('fires when the referral was received after the deadline', async () => {
      const run = await runRule(rule, withEpisodes(episode({ completedAt: undefined })));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('fires when there is no returnInterview at all', async () => {
      const run = await runRule(rule, withEpisodes(episode(undefined)));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('fires when the referral was received exactly at returnedAt + 72 hours', async () => {
      const run = await runRule(rule, edit(withEpisodes(episode(undefined)), { receivedAt: '2026-10-04T10:00:00Z' }));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('does not fire when the referral was received before the deadline', async () => {
      const run = await runRule(rule, edit(withEpisodes(episode(undefined)), { receivedAt: '2026-10-04T09:59:59Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('fires on declined: true without an offer date, naming the declined interview', async () => {
      const run = await runRule(rule, withEpisodes(episode({ declined: true })));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
      expect(run.findings[0]!.message).toContain('declined');
    });
    it('does not fire on declined: true without an offer date before the deadline', async () => {
      const run = await runRule(rule, edit(withEpisodes(episode({ declined: true })), { receivedAt: '2026-10-02T10:00:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('does not take completedAt as the offer date', async () => {
      const run = await runRule(rule, withEpisodes(episode({ completedAt: '2026-10-02T10:00:00Z' })));
      expect(keys(run)).toEqual([finding(OFFER_0)]);
    });
    it('does not judge when receivedAt does not parse', async () => {
      const run = await runRule(rule, edit(withEpisodes(episode(undefined)), { receivedAt: 'Monday' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
  });

  describe('option maxHours', () => {
    it('shortens the limit for an offer', async () => {
      const referral = withEpisodes(episode({ offeredAt: '2026-10-03T22:00:00Z' })); // 60 hours
      expect(keys(await runRule(rule, referral))).toEqual([]);
      expect(keys(await runRule(rule, referral, { options: { maxHours: 48 } }))).toEqual([finding(OFFER_0)]);
      expect(keys(await runRule(rule, referral, { options: { maxHours: 60 } }))).toEqual([]);
    });
    it('lengthens the limit for an offer', async () => {
      const referral = withEpisodes(episode({ offeredAt: '2026-10-04T18:00:00Z' })); // 80 hours
      expect(keys(await runRule(rule, referral))).toEqual([finding(OFFER_0)]);
      expect(keys(await runRule(rule, referral, { options: { maxHours: 96 } }))).toEqual([]);
    });
    it('moves the deadline for a missing offer', async () => {
      const referral = withEpisodes(episode(undefined)); // received 96.5 hours after the return
      expect(keys(await runRule(rule, referral))).toEqual([finding(OFFER_0)]);
      expect(keys(await runRule(rule, referral, { options: { maxHours: 96.5 } }))).toEqual([finding(OFFER_0)]);
      expect(keys(await runRule(rule, referral, { options: { maxHours: 97 } }))).toEqual([]);
    });
    it('rejects a maxHours that is not a non-negative number', async () => {
      await expect(runRule(rule, withEpisodes(episode(undefined)), { options: { maxHours: -1 } })).rejects.toThrow(/maxHours/);
      await expect(runRule(rule, withEpisodes(episode(undefined)), { options: { maxHours: '72' } })).rejects.toThrow(/maxHours/);
    });
  });

  describe('episodes and pointers', () => {
    it('reports each late episode at its own index', async () => {
      const run = await runRule(rule, withEpisodes(
        episode({ offeredAt: '2026-10-04T11:00:00Z' }),
        episode({ offeredAt: '2026-10-02T11:00:00Z' }),
        episode({}),
      ));
      expect(keys(run)).toEqual([finding(OFFER_0), finding('/missingEpisodes/2/returnInterview/offeredAt')]);
    });
    it('points at the document index when an item that is not an object comes first', async () => {
      const run = await runRule(rule, withEpisodes('twice last month', episode(undefined)));
      expect(keys(run)).toEqual([finding('/missingEpisodes/1/returnInterview/offeredAt')]);
    });
  });

  describe('severity and messages', () => {
    it('defaults to warning, dimension timeliness', () => {
      expect(rule.meta.severity).toBe('warning');
      expect(rule.meta.dimension).toBe('timeliness');
    });
    it('carries the configured severity', async () => {
      const run = await runRule(rule, withEpisodes(episode(undefined)), { severity: 'error' });
      expect(keys(run)).toEqual([finding(OFFER_0, 'error')]);
      expect(run.passed).toBe(false);
    });
    it('names fields and never their values', async () => {
      const run = await runRule(rule, withEpisodes(
        episode({ offeredAt: '2026-10-07T13:14:15Z' }, { returnedAt: '2026-10-01T11:12:13Z' }),
        episode({ declined: true }, { returnedAt: '2026-09-28T17:18:19Z' }),
        episode(undefined, { returnedAt: '2026-09-27T21:22:23Z' }),
      ));
      expect(run.findings).toHaveLength(3);
      for (const f of run.findings) {
        expect(f.message).toMatch(/missingEpisodes\[\d\]\.returnInterview\.offeredAt/);
        for (const planted of ['2026', '13:14', '11:12', '17:18', '21:22', 'Alex']) expect(f.message).not.toContain(planted);
      }
    });
  });

  it('never throws on odd data', async () => {
    const odd = [
      withEpisodes(episode('offered', {})),
      withEpisodes(episode({ offeredAt: 17, declined: 'yes' })),
      withEpisodes(episode(undefined, { returnedAt: 2026 }), null, [], 'x'),
      edit(cleanReferral(), { missingEpisodes: { returnedAt: RETURNED } }),
      edit(withEpisodes(episode(undefined)), { receivedAt: undefined }),
    ];
    const runs = await Promise.all(odd.map((r) => runRule(rule, r)));
    expect(runs.map((r) => [r.applicable, keys(r)])).toEqual([
      [true, [finding(OFFER_0)]],
      [true, [finding(OFFER_0)]],
      [false, []],
      [false, []],
      [true, []],
    ]);
  });
});
