import { describe, expect, it } from 'vitest';
import { cleanReferral, edit, keys, runRule } from '../helpers.js';

const RULE = 'threshold-applied';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });

describe('threshold-applied', () => {
  it('passes a level of the model with a rationale and a pathway', async () => {
    const run = await runRule(RULE, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('fires three times when there is no threshold at all', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { threshold: undefined }));
    expect(keys(run)).toEqual([finding('/threshold/level'), finding('/threshold/rationale'), finding('/threshold/pathway')]);
  });

  describe('level', () => {
    it('fires when the level is not one of the default model (1-4)', async () => {
      for (const level of [0, 5]) {
        const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': level }));
        expect(keys(run)).toEqual([finding('/threshold/level')]);
      }
    });
    it('accepts every level of the default model', async () => {
      for (const level of [1, 2, 3, 4]) {
        const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': level }));
        expect(keys(run)).toEqual([]);
      }
    });
    it('follows a configured five-level model', async () => {
      const config = {
        thresholdModel: {
          levels: [1, 2, 3, 4, 5].map((level) => ({ level, pathway: level < 3 ? 'early-help' : 'social-care' }) as const),
        },
      };
      const five = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 5 }), { config });
      expect(keys(five)).toEqual([]);
      const six = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': 6 }), { config });
      expect(keys(six)).toEqual([finding('/threshold/level')]);
    });
    it('leaves a level of the wrong type to schema-valid, so the defect is reported once', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': '3' }), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/threshold/level', severity: 'error' }]);
    });
    it('reports a wrong-typed level itself when schema-valid is off', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.level': '3' }));
      expect(keys(run)).toEqual([finding('/threshold/level')]);
    });
  });

  describe('rationale', () => {
    it('fires on a placeholder', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.rationale': 'see notes' }));
      expect(keys(run)).toEqual([finding('/threshold/rationale')]);
    });
    it('fires below 20 characters and passes at 20', async () => {
      const short = await runRule(RULE, edit(cleanReferral(), { 'threshold.rationale': 'Level 3 concerns.' }));
      expect(keys(short)).toEqual([finding('/threshold/rationale')]);
      const exact = await runRule(RULE, edit(cleanReferral(), { 'threshold.rationale': 'a'.repeat(20) }));
      expect(keys(exact)).toEqual([]);
    });
    it('uses the minRationaleLength option', async () => {
      const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.rationale': 'Bruising.' }), { options: { minRationaleLength: 5 } });
      expect(keys(run)).toEqual([]);
    });
  });

  it('fires when the pathway is absent', async () => {
    const run = await runRule(RULE, edit(cleanReferral(), { 'threshold.pathway': undefined }));
    expect(keys(run)).toEqual([finding('/threshold/pathway')]);
  });
});
