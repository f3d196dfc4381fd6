import { describe, expect, it } from 'vitest';
import rule from '../../rules/threshold-consistent.js';
import { cleanReferral, edit, fiveLevelExample, keys, runRule } from '../helpers.js';

/** The shipped five-level example: 2 and 3 route to early help, 4 child in need, 5 child protection. */
const FIVE_LEVELS = fiveLevelExample();

const RULE = 'threshold-consistent';
const finding = (pointer: string) => ({ ruleId: RULE, pointer, severity: 'error' });
const LEVEL = finding('/threshold/level');
const PATHWAY = finding('/threshold/pathway');

/** The default model's pathway for each level that routes somewhere. */
const DEFAULT_PATHWAY: Record<number, string> = { 2: 'early-help', 3: 'social-care', 4: 'social-care' };

/** A clean referral at a level of the default model, with the pathway that level routes to. */
const atLevel = (level: number, fields: Record<string, unknown> = {}) =>
  edit(cleanReferral(), { 'threshold.level': level, 'threshold.pathway': DEFAULT_PATHWAY[level], ...fields });


describe('threshold-consistent', () => {
  it('passes a level that meets its indicators, with the pathway the model gives it', async () => {
    const run = await runRule(rule, cleanReferral());
    expect(run.applicable).toBe(true);
    expect(keys(run)).toEqual([]);
  });

  it('reports with severity error by default, and the configured severity when set', async () => {
    const referral = atLevel(2, { 'concerns.categories': ['sexual-abuse'] });
    expect(keys(await runRule(rule, referral))).toEqual([LEVEL]);
    expect(keys(await runRule(rule, referral, { severity: 'warning' }))).toEqual([{ ruleId: RULE, pointer: '/threshold/level', severity: 'warning' }]);
  });

  describe('applicability', () => {
    it('is not applicable without a threshold or a level', async () => {
      expect((await runRule(rule, edit(cleanReferral(), { threshold: undefined }))).applicable).toBe(false);
      expect((await runRule(rule, edit(cleanReferral(), { 'threshold.level': undefined }))).applicable).toBe(false);
    });
    it('is not applicable at a level the model does not have (threshold-applied reports it)', async () => {
      for (const level of [0, 5]) {
        const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': level, 'concerns.categories': ['sexual-abuse'] }));
        expect(run.applicable).toBe(false);
        expect(run.findings).toEqual([]);
      }
    });
    it('is not applicable when the level is not a whole number', async () => {
      expect((await runRule(rule, edit(cleanReferral(), { 'threshold.level': '2' }))).applicable).toBe(false);
      expect((await runRule(rule, edit(cleanReferral(), { 'threshold.level': 2.5 }))).applicable).toBe(false);
    });
  });

  describe('clause 1: the level is below the minimum its indicators demand (default minimums)', () => {
    it('names the indicator and both levels', async () => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['sexual-abuse'] }));
      expect(keys(run)).toEqual([LEVEL]);
      expect(run.findings[0]!.message).toBe('threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse');
    });

    it.each([
      ['sexual-abuse', 4],
      ['trafficking', 4],
      ['fgm', 4],
      ['cse', 3],
      ['cce', 3],
      ['missing', 3],
      ['physical-abuse', 3],
    ] as const)('category %s demands level %i: fires one level below, passes at it', async (category, minimum) => {
      const below = await runRule(rule, atLevel(minimum - 1, { 'concerns.categories': [category] }));
      expect(keys(below)).toEqual([LEVEL]);
      expect(below.findings[0]!.message).toBe(`threshold.level ${minimum - 1} is below level ${minimum}, the minimum for concerns.categories ${category}`);
      const at = await runRule(rule, atLevel(minimum, { 'concerns.categories': [category] }));
      expect(keys(at)).toEqual([]);
    });

    it('fires for a level two below the minimum', async () => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['fgm'] }));
      expect(keys(run)).toEqual([LEVEL]);
    });

    it.each(['neglect', 'emotional-abuse', 'domestic-abuse', 'radicalisation', 'self-harm', 'other'])('category %s demands no minimum', async (category) => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': [category] }));
      expect(keys(run)).toEqual([]);
    });

    it('immediate risk demands level 4', async () => {
      const below = await runRule(rule, atLevel(3, { 'concerns.immediateRisk': true }));
      expect(keys(below)).toEqual([LEVEL]);
      expect(below.findings[0]!.message).toBe('threshold.level 3 is below level 4, the minimum for concerns.immediateRisk');
      expect(keys(await runRule(rule, atLevel(4, { 'concerns.immediateRisk': true })))).toEqual([]);
    });

    it('immediateRisk false or absent demands nothing', async () => {
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], 'concerns.immediateRisk': false })))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], 'concerns.immediateRisk': undefined })))).toEqual([]);
    });

    it('exploitation screening high demands level 4, medium level 3, whatever the categories', async () => {
      const high = await runRule(rule, atLevel(3, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel: 'high' } }));
      expect(keys(high)).toEqual([LEVEL]);
      expect(high.findings[0]!.message).toBe('threshold.level 3 is below level 4, the minimum for exploitationScreening.riskLevel high');
      expect(keys(await runRule(rule, atLevel(4, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel: 'high' } })))).toEqual([]);
      const medium = await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel: 'medium' } }));
      expect(keys(medium)).toEqual([LEVEL]);
      expect(keys(await runRule(rule, atLevel(3, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel: 'medium' } })))).toEqual([]);
    });

    it.each(['none', 'low'])('exploitation screening %s demands no minimum', async (riskLevel) => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel } }));
      expect(keys(run)).toEqual([]);
    });

    it('reports one finding per referral, naming only the indicator with the highest minimum', async () => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['cse', 'sexual-abuse', 'missing'], exploitationScreening: { riskLevel: 'medium' } }));
      expect(keys(run)).toEqual([LEVEL]);
      expect(run.findings[0]!.message).toBe('threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse');
    });

    it('names every indicator that ties for the highest minimum', async () => {
      const run = await runRule(rule, atLevel(2, {
        'concerns.immediateRisk': true,
        'concerns.categories': ['cse', 'sexual-abuse', 'trafficking'],
        exploitationScreening: { riskLevel: 'high' },
      }));
      expect(keys(run)).toEqual([LEVEL]);
      expect(run.findings[0]!.message).toBe(
        'threshold.level 2 is below level 4, the minimum for concerns.immediateRisk, concerns.categories sexual-abuse, concerns.categories trafficking and exploitationScreening.riskLevel high',
      );
    });

    it('names a category written twice once', async () => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['cse', 'cse'] }));
      expect(run.findings.map((f) => f.message)).toEqual(['threshold.level 2 is below level 3, the minimum for concerns.categories cse']);
    });

    it('ignores categories and screening outcomes outside the code lists, even ones named like object properties', async () => {
      const run = await runRule(rule, atLevel(2, {
        'concerns.categories': ['constructor', '__proto__', 'toString', 'hasOwnProperty'],
        exploitationScreening: { riskLevel: 'constructor' },
      }));
      expect(keys(run)).toEqual([]);
    });

    it('still reports a real category written alongside ones named like object properties', async () => {
      const run = await runRule(rule, atLevel(2, { 'concerns.categories': ['__proto__', 'sexual-abuse', 'constructor'], exploitationScreening: { riskLevel: 'constructor' } }));
      expect(run.findings.map((f) => f.message)).toEqual(['threshold.level 2 is below level 4, the minimum for concerns.categories sexual-abuse']);
    });

    it('does not throw on odd concerns and screening', async () => {
      expect(keys(await runRule(rule, atLevel(2, { concerns: 'physical abuse' })))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': [] })))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': [3, null, { cse: true }] })))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], exploitationScreening: ['high'] })))).toEqual([]);
    });
  });

  describe('option minimumLevels', () => {
    it('replaces the default table: a listed category demands its level, an unlisted one nothing', async () => {
      const options = { minimumLevels: { immediateRisk: 4, categories: { neglect: 3 }, exploitationRisk: {} } };
      const neglect = await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'] }), { options });
      expect(keys(neglect)).toEqual([LEVEL]);
      expect(neglect.findings[0]!.message).toBe('threshold.level 2 is below level 3, the minimum for concerns.categories neglect');
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': ['sexual-abuse'] }), { options }))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.categories': ['neglect'], exploitationScreening: { riskLevel: 'high' } }), { options: { minimumLevels: { ...options.minimumLevels, categories: {} } } }))).toEqual([]);
    });
    it('changes the level immediate risk and screening outcomes demand', async () => {
      const options = { minimumLevels: { immediateRisk: 3, categories: {}, exploitationRisk: { low: 3 } } };
      expect(keys(await runRule(rule, atLevel(3, { 'concerns.immediateRisk': true }), { options }))).toEqual([]);
      expect(keys(await runRule(rule, atLevel(2, { 'concerns.immediateRisk': true }), { options }))).toEqual([LEVEL]);
      expect(keys(await runRule(rule, atLevel(2, { exploitationScreening: { riskLevel: 'low' } }), { options }))).toEqual([LEVEL]);
    });
    it('rejects a category outside the concern code list', async () => {
      const options = { minimumLevels: { immediateRisk: 4, categories: { 'sexual-exploitation': 4 }, exploitationRisk: {} } };
      await expect(runRule(rule, cleanReferral(), { options })).rejects.toThrow(/minimumLevels\.categories\.sexual-exploitation: unknown key/);
    });
    it('rejects a screening outcome outside the risk-level code list', async () => {
      const options = { minimumLevels: { immediateRisk: 4, categories: {}, exploitationRisk: { 'very-high': 4 } } };
      await expect(runRule(rule, cleanReferral(), { options })).rejects.toThrow(/exploitationRisk\.very-high: unknown key/);
    });
    it('rejects a table without one of its three parts, so no default survives unseen', async () => {
      await expect(runRule(rule, cleanReferral(), { options: { minimumLevels: { immediateRisk: 5 } } })).rejects.toThrow(/minimumLevels\.categories: is required/);
    });
    it('rejects a level that is not a whole number', async () => {
      const options = { minimumLevels: { immediateRisk: 'four', categories: { cse: 3.5 }, exploitationRisk: {} } };
      await expect(runRule(rule, cleanReferral(), { options })).rejects.toThrow(/immediateRisk/);
      await expect(runRule(rule, cleanReferral(), { options: { minimumLevels: { immediateRisk: 4, categories: { cse: 3.5 }, exploitationRisk: {} } } })).rejects.toThrow(/categories\.cse/);
    });
  });

  describe('clause 2: the pathway disagrees with the model\'s pathway for the level', () => {
    it('fires on a social-care referral at the early-help level ("too many contacts")', async () => {
      const run = await runRule(rule, atLevel(2, { 'threshold.pathway': 'social-care', 'concerns.categories': ['neglect'] }));
      expect(keys(run)).toEqual([PATHWAY]);
      expect(run.findings[0]!.message).toContain('a social-care referral at an early-help level');
    });
    it('fires on an early-help referral at a social-care level', async () => {
      for (const level of [3, 4]) {
        const run = await runRule(rule, atLevel(level, { 'threshold.pathway': 'early-help', 'concerns.categories': ['neglect'] }));
        expect(keys(run)).toEqual([PATHWAY]);
        expect(run.findings[0]!.message).toBe(`threshold.pathway early-help disagrees with level ${level} (${level === 3 ? 'Child in need' : 'Child protection'}), which the threshold model routes to social-care`);
      }
    });
    it.each(['early-help', 'social-care'])('fires on any pathway (%s) at the universal level', async (pathway) => {
      const run = await runRule(rule, atLevel(1, { 'threshold.pathway': pathway, 'concerns.categories': ['neglect'] }));
      expect(keys(run)).toEqual([PATHWAY]);
      expect(run.findings[0]!.message).toContain('at a universal level no referral is expected');
    });
    it.each([2, 3, 4])('passes at level %i with the pathway the model gives it', async (level) => {
      const run = await runRule(rule, atLevel(level, { 'concerns.categories': ['neglect'] }));
      expect(keys(run)).toEqual([]);
    });
    it.each([1, 2, 3, 4])('leaves an absent pathway at level %i to threshold-applied', async (level) => {
      const run = await runRule(rule, atLevel(level, { 'threshold.pathway': undefined, 'concerns.categories': ['neglect'] }));
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
    });
    it('leaves a pathway outside the code list to schema-valid, so the defect is reported once', async () => {
      const run = await runRule(rule, atLevel(3, { 'threshold.pathway': 'cin-team' }), { with: ['schema-valid'] });
      expect(keys(run)).toEqual([{ ruleId: 'schema-valid', pointer: '/threshold/pathway', severity: 'error' }]);
    });
    it('reports a pathway outside the code list itself when schema-valid is off, without printing it', async () => {
      const run = await runRule(rule, atLevel(3, { 'threshold.pathway': 'cin-team' }));
      expect(keys(run)).toEqual([PATHWAY]);
      expect(run.findings[0]!.message).not.toContain('cin-team');
    });
  });

  it('reports both clauses when both fail, level first', async () => {
    const run = await runRule(rule, atLevel(2, { 'threshold.pathway': 'social-care', 'concerns.categories': ['sexual-abuse'] }));
    expect(keys(run)).toEqual([LEVEL, PATHWAY]);
  });

  describe('a configured five-level model with minimums for its scale', () => {
    const opts = { config: FIVE_LEVELS.config, options: FIVE_LEVELS.minimums };

    it('fires for sexual abuse at level 4 (child in need there), which the default would pass', async () => {
      const referral = edit(cleanReferral(), { 'threshold.level': 4, 'concerns.categories': ['sexual-abuse'] });
      const run = await runRule(rule, referral, opts);
      expect(keys(run)).toEqual([LEVEL]);
      expect(run.findings[0]!.message).toBe('threshold.level 4 is below level 5, the minimum for concerns.categories sexual-abuse');
      expect(keys(await runRule(rule, referral))).toEqual([]);
    });
    it('passes sexual abuse at level 5, a level the default model does not have', async () => {
      const referral = edit(cleanReferral(), { 'threshold.level': 5, 'concerns.categories': ['sexual-abuse'] });
      const run = await runRule(rule, referral, opts);
      expect(run.applicable).toBe(true);
      expect(keys(run)).toEqual([]);
      expect((await runRule(rule, referral)).applicable).toBe(false);
    });
    it('fires for immediate risk below level 5', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'threshold.level': 4, 'concerns.immediateRisk': true }), opts);
      expect(run.findings.map((f) => f.message)).toEqual(['threshold.level 4 is below level 5, the minimum for concerns.immediateRisk']);
    });
    it('uses the configured pathway: social care at level 3 (targeted early help) is too many contacts', async () => {
      const run = await runRule(rule, edit(cleanReferral(), { 'concerns.categories': ['neglect'] }), opts);
      expect(keys(run)).toEqual([PATHWAY]);
      expect(run.findings[0]!.message).toContain('level 3 (Targeted early help), which the threshold model routes to early-help');
      expect(keys(await runRule(rule, edit(cleanReferral(), { 'concerns.categories': ['neglect'] })))).toEqual([]);
    });
    it('passes early help at level 3 there, which the default model would route to social care', async () => {
      const referral = edit(cleanReferral(), { 'threshold.pathway': 'early-help', 'concerns.categories': ['neglect'] });
      expect(keys(await runRule(rule, referral, opts))).toEqual([]);
      expect(keys(await runRule(rule, referral))).toEqual([PATHWAY]);
    });
    it('puts physical abuse at level 4 there: the clean level-3 referral fails both clauses', async () => {
      const run = await runRule(rule, cleanReferral(), opts);
      expect(keys(run)).toEqual([LEVEL, PATHWAY]);
      expect(run.findings[0]!.message).toBe('threshold.level 3 is below level 4, the minimum for concerns.categories physical-abuse');
    });
    it('with the five-level model but default minimums, compares the default numbers', async () => {
      const referral = edit(cleanReferral(), { 'threshold.level': 4, 'concerns.categories': ['sexual-abuse'] });
      expect(keys(await runRule(rule, referral, { config: FIVE_LEVELS.config }))).toEqual([]);
    });
  });

  it('never puts a personal value in a message', async () => {
    const run = await runRule(rule, atLevel(2, {
      'threshold.pathway': 'social-care',
      'threshold.rationale': 'Planted-rationale-text',
      'concerns.categories': ['sexual-abuse'],
      'concerns.summary': 'Planted-summary-text',
    }));
    expect(run.findings).toHaveLength(2);
    for (const f of run.findings) {
      expect(f.message).not.toMatch(/Planted|Testchild|Testparent/);
    }
  });

  it('does not change the referral it checks', async () => {
    const referral = atLevel(2, { 'concerns.categories': ['sexual-abuse', 'cse'] });
    const before = structuredClone(referral);
    await runRule(rule, referral);
    expect(referral).toEqual(before);
  });
});
