import { describe, expect, it } from 'vitest';
import rule from '../../rules/referral-timely.js';
import type { JsonObject } from '../../src/referral.js';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'referral-timely';
const finding = (pointer: string, severity = 'warning') => ({ ruleId: RULE, pointer, severity });
const DELAY = finding('/concerns/firstIdentifiedAt');
const CONFIRMATION = finding('/writtenConfirmationAt');

// The clean referral: received 2026-10-05T10:30:00Z, concern first identified 09:00Z (1.5 hours), mode written.
// The pinned reference time is 2026-11-01T09:00:00Z.
const identifiedAt = (firstIdentifiedAt: string | undefined, fields: Record<string, unknown> = {}): JsonObject =>
  edit(cleanReferral(), { 'concerns.firstIdentifiedAt': firstIdentifiedAt, ...fields });

/** A telephone referral with no firstIdentifiedAt, so only check (b) applies. */
const spoken = (fields: Record<string, unknown> = {}): JsonObject =>
  edit(cleanReferral(), { mode: 'telephone', 'concerns.firstIdentifiedAt': undefined, ...fields });

describe('referral-timely', () => {
  it('passes a referral made 1.5 hours after the concern arose', async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(run.passed).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  describe('applicability', () => {
    it('is not applicable to a written referral without firstIdentifiedAt', async () => {
      const run = await runRule(rule, identifiedAt(undefined));
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
    it('is not applicable when firstIdentifiedAt does not parse and the mode is online', async () => {
      const run = await runRule(rule, identifiedAt('early last week', { mode: 'online' }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable to an anonymous telephone referral without firstIdentifiedAt', async () => {
      const run = await runRule(rule, spoken({ 'referrer.sector': 'anonymous' }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable when no mode is given and there is no firstIdentifiedAt', async () => {
      const run = await runRule(rule, identifiedAt(undefined, { mode: undefined }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable when receivedAt does not parse (schema-valid reports it)', async () => {
      expect((await runRule(rule, edit(cleanReferral(), { receivedAt: 'yesterday' }))).applicable).toBe(false);
      expect((await runRule(rule, spoken({ receivedAt: 'yesterday' }))).applicable).toBe(false);
    });
    it('applies through check (a) alone', async () => {
      expect((await runRule(rule, cleanReferral())).applicable).toBe(true);
    });
    it('applies through check (b) alone', async () => {
      const run = await runRule(rule, spoken({ writtenConfirmationAt: '2026-10-06T10:30:00Z' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('applies through requireFirstIdentified alone', async () => {
      const run = await runRule(rule, identifiedAt(undefined), { options: { requireFirstIdentified: true } });
      expect(run.applicable).toBe(true);
    });
  });

  describe('(a) the delay from firstIdentifiedAt to receivedAt', () => {
    it('fires one minute over 24 hours', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-04T10:29:00Z'));
      expect(keys(run)).toEqual([DELAY]);
    });
    it('does not fire at exactly 24 hours', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-04T10:30:00Z'));
      expect(keys(run)).toEqual([]);
    });
    it('does not fire on a negative delay (dates-plausible reports it)', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-06T10:30:00Z'));
      expect(keys(run)).toEqual([]);
    });
    it('fires one minute over 2 hours when the child is at immediate risk', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-05T08:29:00Z', { 'concerns.immediateRisk': true }));
      expect(keys(run)).toEqual([DELAY]);
      expect(run.findings[0]!.message).toContain('immediateRisk');
    });
    it('does not fire at exactly 2 hours with immediate risk', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-05T08:30:00Z', { 'concerns.immediateRisk': true }));
      expect(keys(run)).toEqual([]);
    });
    it('uses the 24-hour limit when immediateRisk is false or absent', async () => {
      for (const immediateRisk of [false, undefined]) {
        const run = await runRule(rule, identifiedAt('2026-10-05T06:30:00Z', { 'concerns.immediateRisk': immediateRisk }));
        expect(keys(run)).toEqual([]);
      }
    });
    it('reads a firstIdentifiedAt without an offset in Europe/London during British Summer Time', async () => {
      // 10:00 London on 1 July is 09:00Z: 24.5 hours before receipt. Read as UTC it would be 23.5 hours, in time.
      const referral = identifiedAt('2026-07-01T10:00:00', { receivedAt: '2026-07-02T09:30:00Z' });
      expect(keys(await runRule(rule, referral))).toEqual([DELAY]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([]);
    });
    it('is in time at exactly 24 hours when the no-offset time is read in London', async () => {
      const referral = identifiedAt('2026-07-01T10:30:00', { receivedAt: '2026-07-02T09:30:00Z' });
      expect(keys(await runRule(rule, referral))).toEqual([]);
    });
    it('does not judge a firstIdentifiedAt that does not parse', async () => {
      const run = await runRule(rule, identifiedAt('2026-02-30T10:00:00Z', { mode: 'telephone', writtenConfirmationAt: '2026-10-05T12:00:00Z' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('follows the maxHours option', async () => {
      const late = identifiedAt('2026-10-04T10:29:00Z');
      expect(keys(await runRule(rule, late, { options: { maxHours: 48 } }))).toEqual([]);
      expect(keys(await runRule(rule, cleanReferral(), { options: { maxHours: 1 } }))).toEqual([DELAY]);
      expect(keys(await runRule(rule, cleanReferral(), { options: { maxHours: 1.5 } }))).toEqual([]);
    });
    it('follows the immediateRiskMaxHours option, and maxHours does not apply with immediate risk', async () => {
      const urgent = edit(cleanReferral(), { 'concerns.immediateRisk': true }); // 1.5 hours
      expect(keys(await runRule(rule, urgent))).toEqual([]);
      expect(keys(await runRule(rule, urgent, { options: { immediateRiskMaxHours: 1 } }))).toEqual([DELAY]);
      const slow = identifiedAt('2026-10-05T06:30:00Z', { 'concerns.immediateRisk': true }); // 4 hours
      expect(keys(await runRule(rule, slow))).toEqual([DELAY]);
      expect(keys(await runRule(rule, slow, { options: { immediateRiskMaxHours: 4 } }))).toEqual([]);
      expect(keys(await runRule(rule, slow, { options: { maxHours: 100 } }))).toEqual([DELAY]);
    });
  });

  describe('(a) an absent firstIdentifiedAt', () => {
    it('is not a finding by default (a telephone referral confirmed in time)', async () => {
      const run = await runRule(rule, spoken({ writtenConfirmationAt: '2026-10-05T15:00:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('is a finding with requireFirstIdentified', async () => {
      const run = await runRule(rule, identifiedAt(undefined), { options: { requireFirstIdentified: true } });
      expect(keys(run)).toEqual([DELAY]);
    });
    it('is a finding with requireFirstIdentified when there is no concerns object at all', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { concerns: undefined }), { options: { requireFirstIdentified: true } });
      expect(keys(run)).toEqual([DELAY]);
    });
    it('is not a finding with requireFirstIdentified when it is present but does not parse (schema-valid reports it)', async () => {
      const run = await runRule(rule, identifiedAt('soon'), { options: { requireFirstIdentified: true } });
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('leaves a firstIdentifiedAt of the wrong type to schema-valid under requireFirstIdentified', async () => {
      const run = await runRule(rule, identifiedAt(undefined, { 'concerns.firstIdentifiedAt': 20261005 }), { options: { requireFirstIdentified: true }, with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/concerns/firstIdentifiedAt', severity: 'error' }]);
    });
  });

  describe('(b) written confirmation of a telephone or in-person referral', () => {
    it.each(['telephone', 'in-person'])('fires when a %s referral is confirmed one minute after 48 hours', async (mode) => {
      const run = await runRule(rule, spoken({ mode, writtenConfirmationAt: '2026-10-07T10:31:00Z' }));
      expect(keys(run)).toEqual([CONFIRMATION]);
    });
    it('does not fire at exactly 48 hours', async () => {
      const run = await runRule(rule, spoken({ writtenConfirmationAt: '2026-10-07T10:30:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('does not fire when the confirmation is dated before receivedAt (dates-plausible reports it)', async () => {
      const run = await runRule(rule, spoken({ writtenConfirmationAt: '2026-10-05T10:00:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('does not judge a writtenConfirmationAt that does not parse', async () => {
      const run = await runRule(rule, spoken({ writtenConfirmationAt: 'next day' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('fires when the confirmation is missing and the deadline has long passed', async () => {
      const run = await runRule(rule, spoken({ mode: 'in-person' }));
      expect(keys(run)).toEqual([CONFIRMATION]);
    });
    it('does not fire on a missing confirmation at exactly the deadline, and fires one second after it', async () => {
      // Received 48 hours before the pinned reference time 2026-11-01T09:00:00Z.
      const atDeadline = spoken({ receivedAt: '2026-10-30T09:00:00Z' });
      expect(keys(await runRule(rule, atDeadline))).toEqual([]);
      expect(keys(await runRule(rule, spoken({ receivedAt: '2026-10-30T08:59:59Z' })))).toEqual([CONFIRMATION]);
      expect(keys(await runRule(rule, atDeadline, { now: '2026-11-01T09:00:01Z' }))).toEqual([CONFIRMATION]);
    });
    it('does not fire on a missing confirmation while the deadline is still ahead', async () => {
      const run = await runRule(rule, spoken({ receivedAt: '2026-10-31T16:00:00Z' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('does not apply to an anonymous referrer', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { mode: 'telephone', 'referrer.sector': 'anonymous' }));
      expect(run.applicable).toBe(true); // check (a) still applies
      expect(keys(run)).toEqual([]);
    });
    it.each(['written', 'online'])('ignores writtenConfirmationAt on mode %s', async (mode) => {
      const run = await runRule(rule, edit(cleanReferral(), { mode, writtenConfirmationAt: '2026-10-20T10:30:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('ignores a late writtenConfirmationAt when no mode is given', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { mode: undefined, writtenConfirmationAt: '2026-10-20T10:30:00Z' }));
      expect(keys(run)).toEqual([]);
    });
    it('follows the writtenConfirmationHours option for a late confirmation', async () => {
      const thirty = spoken({ writtenConfirmationAt: '2026-10-06T16:30:00Z' }); // 30 hours
      expect(keys(await runRule(rule, thirty))).toEqual([]);
      expect(keys(await runRule(rule, thirty, { options: { writtenConfirmationHours: 24 } }))).toEqual([CONFIRMATION]);
      const fifty = spoken({ writtenConfirmationAt: '2026-10-07T12:30:00Z' }); // 50 hours
      expect(keys(await runRule(rule, fifty))).toEqual([CONFIRMATION]);
      expect(keys(await runRule(rule, fifty, { options: { writtenConfirmationHours: 72 } }))).toEqual([]);
    });
    it('follows the writtenConfirmationHours option for a missing confirmation', async () => {
      const received = spoken({ receivedAt: '2026-10-31T08:00:00Z' }); // 25 hours before now
      expect(keys(await runRule(rule, received))).toEqual([]);
      expect(keys(await runRule(rule, received, { options: { writtenConfirmationHours: 24 } }))).toEqual([CONFIRMATION]);
      expect(keys(await runRule(rule, received, { options: { writtenConfirmationHours: 25 } }))).toEqual([]);
    });
    it('reads a receivedAt without an offset in the configured time zone', async () => {
      // 11:00 London on 30 July is 10:00Z; confirmed 10:30Z two days later is 48.5 hours. Read as UTC it is 47.5.
      const referral = spoken({ receivedAt: '2026-07-30T11:00:00', writtenConfirmationAt: '2026-08-01T10:30:00Z' });
      expect(keys(await runRule(rule, referral))).toEqual([CONFIRMATION]);
      expect(keys(await runRule(rule, referral, { config: { timeZone: 'UTC' } }))).toEqual([]);
    });
  });

  it('reports both checks on one referral, (a) first', async () => {
    const run = await runRule(rule, identifiedAt('2026-10-01T09:00:00Z', { mode: 'telephone' }));
    expect(keys(run)).toEqual([DELAY, CONFIRMATION]);
  });

  it('rejects invalid options', async () => {
    await expect(runRule(rule, cleanReferral(), { options: { maxHours: -1 } })).rejects.toThrow(/maxHours/);
    await expect(runRule(rule, cleanReferral(), { options: { requireFirstIdentified: 'yes' } })).rejects.toThrow(/requireFirstIdentified/);
    await expect(runRule(rule, cleanReferral(), { options: { writtenConfirmationHour: 24 } })).rejects.toThrow(/writtenConfirmationHour/);
  });

  describe('severity and messages', () => {
    it('defaults to warning, dimension timeliness', () => {
      expect(rule.meta.severity).toBe('warning');
      expect(rule.meta.dimension).toBe('timeliness');
    });
    it('carries the configured severity', async () => {
      const run = await runRule(rule, identifiedAt('2026-10-01T09:00:00Z'), { severity: 'error' });
      expect(keys(run)).toEqual([finding('/concerns/firstIdentifiedAt', 'error')]);
      expect(run.passed).toBe(false);
    });
    it('names fields and never their values', async () => {
      const late = await runRule(rule, identifiedAt('2026-10-01T07:08:09Z', { mode: 'telephone', writtenConfirmationAt: '2026-10-19T13:14:15Z' }));
      const urgent = await runRule(rule, identifiedAt('2026-10-01T07:08:09Z', { 'concerns.immediateRisk': true, mode: 'in-person' }));
      const findings = [...late.findings, ...urgent.findings];
      expect(findings).toHaveLength(4);
      for (const f of findings) {
        expect(f.message).toMatch(/concerns\.firstIdentifiedAt|writtenConfirmationAt/);
        for (const planted of ['2026', '07:08', '13:14', '10:30', 'Alex', 'Example Police']) expect(f.message).not.toContain(planted);
      }
    });
  });

  it('never throws on odd data', async () => {
    const odd = [
      edit(cleanReferral(), { concerns: 'urgent', mode: 'telephone', referrer: undefined }),
      edit(cleanReferral(), { 'concerns.firstIdentifiedAt': null, mode: 7, writtenConfirmationAt: ['x'] }),
      edit(cleanReferral(), { receivedAt: undefined, mode: 'in-person' }),
    ];
    const runs = await Promise.all(odd.map((r) => runRule(rule, r)));
    expect(runs.map((r) => [r.applicable, keys(r)])).toEqual([
      [true, [CONFIRMATION]],
      [false, []],
      [false, []],
    ]);
  });
});
