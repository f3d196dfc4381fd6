import { describe, expect, it } from 'vitest';
import rule from '../../rules/early-help-agreement.js';
import { cleanReferral, edit, fiveLevelExample, keys, runRule } from '../helpers.js';

/** The shipped five-level example: 2 and 3 route to early help, 4 child in need, 5 child protection. */
const FIVE_LEVELS = fiveLevelExample();

const RULE = 'early-help-agreement';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

/** An early-help referral at default level 2 that passes. */
const earlyHelpReferral = () =>
  edit(cleanReferral(), {
    'threshold.level': 2,
    'threshold.pathway': 'early-help',
    earlyHelp: { parentalViews: 'Mother wants help with routines and is worried about school attendance.', parentalAgreement: 'agreed' },
  });


describe('early-help-agreement', () => {
  it('passes an early-help referral with parental views and agreement', async () => {
    const run = await runRule(rule, earlyHelpReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('reports with severity error by default', async () => {
    const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }));
    expect(run.passed).toBe(false);
    expect(run.findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('carries the configured severity', async () => {
    const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }), { severity: 'warning' });
    expect(keys(run)).toEqual([{ ruleId: RULE, pointer: '/earlyHelp/parentalAgreement', severity: 'warning' }]);
  });

  describe('applicability', () => {
    it('applies when the pathway asked for is early-help, at a social-care level', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'threshold.pathway': 'early-help' }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')]);
    });
    it('applies at the model\'s early-help level when the referrer asked for social care', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': 2 }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')]);
    });
    it('applies at the early-help level when no pathway is stated', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': 2, 'threshold.pathway': undefined }));
      expect(run.applicable).toBe(true);
    });
    it('is not applicable to a social-care referral at a social-care level', async () => {
      for (const level of [3, 4]) {
        const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': level }));
        expect(run.applicable).toBe(false);
        expect(run.findings).toEqual([]);
      }
    });
    it('is not applicable at the universal level without an early-help pathway', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': 1 }));
      expect(run.applicable).toBe(false);
    });
    it('is not applicable without a threshold, or at a level the model does not have', async () => {
      expect((await runRule(rule, edit(cleanReferral(), { threshold: undefined }))).applicable).toBe(false);
      expect((await runRule(rule, edit(cleanReferral(), { 'threshold.level': 9 }))).applicable).toBe(false);
    });
  });

  describe('a configured threshold model', () => {
    it('applies at level 3 when the model routes level 3 (targeted early help) to early help', async () => {
      const run = await runRule(rule, cleanReferral(), { config: FIVE_LEVELS.config });
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')]);
    });
    it('does not apply at level 3 under the default model (child in need)', async () => {
      const run = await runRule(rule, cleanReferral());
      expect(run.applicable).toBe(false);
    });
    it('passes level 3 of the configured model when views and agreement are recorded', async () => {
      const referral = edit(cleanReferral(), { earlyHelp: { parentalViews: 'Father welcomes a family support worker.', parentalAgreement: 'declined' } });
      const run = await runRule(rule, referral, { config: FIVE_LEVELS.config });
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('does not apply at the configured social-care levels 4 and 5', async () => {
      for (const level of [4, 5]) {
        const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': level }), { config: FIVE_LEVELS.config });
        expect(run.applicable).toBe(false);
      }
    });
  });

  describe('parentalViews', () => {
    it('fires when parentalViews is absent', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': undefined }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews')]);
    });
    it.each(['', '   ', 'N/A', 'see attached.', 'Unknown!'])('fires when parentalViews is the placeholder %j', async (views) => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': views }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews')]);
    });
    it('accepts a short but meaningful view', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': 'Agrees.' }));
      expect(keys(run)).toEqual([]);
    });
  });

  describe('parentalAgreement', () => {
    it.each(['agreed', 'declined'])('passes when the agreement is %s', async (agreement) => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': agreement }));
      expect(keys(run)).toEqual([]);
    });
    it('fires when the parents were not asked, and says so', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'not-asked' }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalAgreement')]);
      expect(run.findings[0]!.message).toContain('not asked');
    });
    it('fires when the agreement is absent', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': undefined }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalAgreement')]);
    });
    it('fires twice when there is no earlyHelp object', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { earlyHelp: undefined }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')]);
    });
  });

  describe('malformed values', () => {
    it('leaves a value outside the code list to schema-valid, so the defect is reported once', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'yes' }), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/earlyHelp/parentalAgreement', severity: 'error' }]);
    });
    it('reports a value outside the code list itself when schema-valid is off, without printing it', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalAgreement': 'yes-verbally' }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalAgreement')]);
      expect(run.findings[0]!.message).not.toContain('yes-verbally');
    });
    it('does not throw when earlyHelp is not an object', async () => {
      const run = await runRule(rule, edit(earlyHelpReferral(), { earlyHelp: 'Mum agrees' }));
      expect(keys(run)).toEqual([finding('/earlyHelp/parentalViews'), finding('/earlyHelp/parentalAgreement')]);
    });
  });

  it('never puts a personal value in a message', async () => {
    const run = await runRule(rule, edit(earlyHelpReferral(), { 'earlyHelp.parentalViews': 'tbc', 'earlyHelp.parentalAgreement': 'not-asked' }));
    expect(run.findings).toHaveLength(2);
    for (const f of run.findings) {
      expect(f.message).not.toContain('tbc');
      expect(f.message).not.toContain('Testparent');
    }
  });

  it('does not change the referral it checks', async () => {
    const referral = edit(earlyHelpReferral(), { earlyHelp: undefined });
    const before = structuredClone(referral);
    await runRule(rule, referral);
    expect(referral).toEqual(before);
  });
});
