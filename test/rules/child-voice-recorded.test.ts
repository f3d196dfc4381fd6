import { describe, expect, it } from 'vitest';
import rule from '../../rules/child-voice-recorded.js';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'child-voice-recorded';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'warning' });

// cleanReferral(): born 2014-03-02, received 2026-10-05T10:30:00Z, so 12; views recorded.
const withViews = (childsViews: unknown) => edit(cleanReferral(), { childsViews });

describe('child-voice-recorded', () => {
  it("passes when the child's views are recorded", async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('passes when the views are not recorded and the reason is', async () => {
    const run = await runRule(rule, withViews({ recorded: false, reasonNotRecorded: 'Not safe to ask before the strategy discussion.' }));
    expect(keys(run)).toEqual([]);
  });

  it('reports with severity warning by default, and the configured severity when set', async () => {
    const referral = withViews(undefined);
    const run = await runRule(rule, referral);
    expect(keys(run)).toEqual([finding('/childsViews')]);
    expect(run.passed).toBe(false);
    expect(keys(await runRule(rule, referral, { severity: 'error' }))).toEqual([{ ruleId: RULE, pointer: '/childsViews', severity: 'error' }]);
  });

  describe('applicability: age known and at least minAge (default 4)', () => {
    it('is not applicable without a date of birth', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': undefined, childsViews: undefined }));
      expect(run.applicable).toBe(false);
      expect(run.findings).toEqual([]);
    });
    it('is not applicable to an unborn child', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.expectedDateOfBirth': '2027-01-10', childsViews: undefined }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable when the date of birth or receivedAt is not a real date', async () => {
      expect((await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2014-02-30', childsViews: undefined }))).applicable).toBe(false);
      expect((await runRule(rule, edit(cleanReferral(), { receivedAt: 'last Tuesday', childsViews: undefined }))).applicable).toBe(false);
    });
    it('applies on the fourth birthday', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2022-10-05', childsViews: undefined }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/childsViews')]);
    });
    it('is not applicable the day before the fourth birthday', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'child.dateOfBirth': '2022-10-06', childsViews: undefined }));
      expect(run.applicable).toBe(false);
    });
    it('takes the age at the calendar date of receivedAt in the configured time zone', async () => {
      // 23:30 UTC on 4 October is 00:30 on 5 October in London (BST): the fourth birthday.
      const referral = edit(cleanReferral(), { receivedAt: '2026-10-04T23:30:00Z', 'child.dateOfBirth': '2022-10-05', childsViews: undefined });
      expect((await runRule(rule, referral)).applicable).toBe(true);
      expect((await runRule(rule, referral, { config: { timeZone: 'UTC' } })).applicable).toBe(false);
    });
  });

  describe('option minAge', () => {
    it('is not applicable below a raised minAge', async () => {
      const run = await runRule(rule, withViews(undefined), { options: { minAge: 13 } });
      expect(run.applicable).toBe(false);
    });
    it('applies at exactly minAge', async () => {
      const run = await runRule(rule, withViews(undefined), { options: { minAge: 12 } });
      expect(keys(run)).toEqual([finding('/childsViews')]);
    });
    it('applies to a baby with minAge 0', async () => {
      const referral = edit(cleanReferral(), { 'child.dateOfBirth': '2026-06-01', childsViews: undefined });
      expect((await runRule(rule, referral)).applicable).toBe(false);
      expect(keys(await runRule(rule, referral, { options: { minAge: 0 } }))).toEqual([finding('/childsViews')]);
    });
    it('rejects a minAge that is not a whole number of years from 0', async () => {
      await expect(runRule(rule, cleanReferral(), { options: { minAge: -1 } })).rejects.toThrow(/minAge/);
      await expect(runRule(rule, cleanReferral(), { options: { minAge: 'four' } })).rejects.toThrow(/minAge/);
    });
  });

  describe('nothing recorded: finding at childsViews', () => {
    it('fires when there is no childsViews', async () => {
      expect(keys(await runRule(rule, withViews(undefined)))).toEqual([finding('/childsViews')]);
    });
    it('fires when childsViews is empty', async () => {
      expect(keys(await runRule(rule, withViews({})))).toEqual([finding('/childsViews')]);
    });
    it('fires when there is no flag and only placeholders', async () => {
      expect(keys(await runRule(rule, withViews({ views: 'n/a', reasonNotRecorded: 'see notes' })))).toEqual([finding('/childsViews')]);
    });
  });

  describe('recorded true needs meaningful views: finding at childsViews.views', () => {
    it('fires when views is absent', async () => {
      expect(keys(await runRule(rule, withViews({ recorded: true })))).toEqual([finding('/childsViews/views')]);
    });
    it.each(['', '  ', 'N/A', 'None.', 'as above', 'TBC?'])('fires when views is %j', async (views) => {
      expect(keys(await runRule(rule, withViews({ recorded: true, views })))).toEqual([finding('/childsViews/views')]);
    });
    it('fires even when a reason is given instead', async () => {
      const run = await runRule(rule, withViews({ recorded: true, reasonNotRecorded: 'Child is pre-verbal.' }));
      expect(keys(run)).toEqual([finding('/childsViews/views')]);
    });
    it('passes a short but meaningful view', async () => {
      expect(keys(await runRule(rule, withViews({ recorded: true, views: 'Wants to stay with nan.' })))).toEqual([]);
    });
    it('follows the global placeholders setting', async () => {
      const referral = withViews({ recorded: true, views: 'No comment.' });
      expect(keys(await runRule(rule, referral))).toEqual([]);
      expect(keys(await runRule(rule, referral, { config: { placeholders: ['no comment'] } }))).toEqual([finding('/childsViews/views')]);
    });
  });

  describe('recorded false needs a meaningful reason: finding at childsViews.reasonNotRecorded', () => {
    it('fires when the reason is absent', async () => {
      expect(keys(await runRule(rule, withViews({ recorded: false })))).toEqual([finding('/childsViews/reasonNotRecorded')]);
    });
    it('fires when the reason is a placeholder', async () => {
      expect(keys(await runRule(rule, withViews({ recorded: false, reasonNotRecorded: 'Unknown' })))).toEqual([finding('/childsViews/reasonNotRecorded')]);
    });
    it('fires when views are written but the flag says not recorded and no reason is given', async () => {
      const run = await runRule(rule, withViews({ recorded: false, views: 'She said she is scared.' }));
      expect(keys(run)).toEqual([finding('/childsViews/reasonNotRecorded')]);
    });
  });

  describe('recorded absent but views or a reason written: finding at childsViews.recorded', () => {
    it('fires when views are written without the flag', async () => {
      expect(keys(await runRule(rule, withViews({ views: 'She said she is scared to go home.' })))).toEqual([finding('/childsViews/recorded')]);
    });
    it('fires when a reason is written without the flag', async () => {
      expect(keys(await runRule(rule, withViews({ reasonNotRecorded: 'Child is non-verbal.' })))).toEqual([finding('/childsViews/recorded')]);
    });
    it('leaves a flag of the wrong type to schema-valid when views are there', async () => {
      const run = await runRule(rule, withViews({ recorded: 'yes', views: 'She said she is scared.' }), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/childsViews/recorded', severity: 'error' }]);
    });
    it('still reports missing views when the flag is of the wrong type and nothing else is written', async () => {
      const run = await runRule(rule, withViews({ recorded: 'yes' }), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/childsViews/recorded', severity: 'error' }, finding('/childsViews')]);
    });
  });

  it('does not throw when childsViews is not an object, and leaves it to schema-valid', async () => {
    expect(keys(await runRule(rule, withViews('Child says she is fine')))).toEqual([finding('/childsViews')]);
    const run = await runRule(rule, withViews('Child says she is fine'), { with: ['schema-valid'] });
    expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/childsViews', severity: 'error' }]);
  });

  it('never puts a personal value in a message', async () => {
    const runs = await Promise.all([
      runRule(rule, withViews({ views: 'Planted-views-text' })),
      runRule(rule, withViews({ recorded: false, views: 'Planted-views-text' })),
      runRule(rule, withViews({ recorded: true, reasonNotRecorded: 'Planted-reason-text' })),
    ]);
    for (const run of runs) {
      expect(run.findings).toHaveLength(1);
      expect(run.findings[0]!.message).not.toMatch(/Planted|Testchild|2014/);
    }
  });

  it('does not change the referral it checks', async () => {
    const referral = withViews({ views: 'She said she is scared.' });
    const before = structuredClone(referral);
    await runRule(rule, referral);
    expect(referral).toEqual(before);
  });
});
