import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { dimensionScore, mean, referralScore, round2, type ScoredRule } from '../src/score/score.js';
import { cleanReferral, coreRulesOnly, edit, NOW, otherChild } from './helpers.js';

const rules: ScoredRule[] = [
  { id: 'a', dimension: 'completeness', weight: 3 },
  { id: 'b', dimension: 'timeliness', weight: 1 },
  { id: 'c', dimension: 'validity', weight: 0 },
  { id: 'd', dimension: 'completeness', weight: 5 },
];

describe('the score formula', () => {
  it('weights passed rules over applicable rules', () => {
    expect(referralScore({ a: true, b: false }, rules)).toBe(75);
    expect(referralScore({ a: false, b: true, d: true }, rules)).toBeCloseTo(66.6667, 3);
    expect(round2(referralScore({ a: false, b: true, d: true }, rules))).toBe(66.67);
  });
  it('is 100 when no rule applies', () => {
    expect(referralScore({}, rules)).toBe(100);
  });
  it('is 100 when the applicable rules weigh nothing, even if they failed', () => {
    expect(referralScore({ c: false }, rules)).toBe(100);
  });
  it('scores a dimension over its own rules, and not at all when none applies', () => {
    expect(dimensionScore({ a: false, b: true, d: true }, rules, 'completeness')).toBe(62.5);
    expect(dimensionScore({ a: false }, rules, 'timeliness')).toBeUndefined();
  });
  it('means nothing over no values', () => {
    expect(mean([])).toBeNull();
    expect(mean([100, 75, 200 / 3])).toBeCloseTo(80.5556, 3);
  });
});

describe('scores in the lint result (hand-computed)', () => {
  // The four core rules only, each of weight 3: schema-valid (validity), key-information-present
  // and threshold-applied (completeness), consent-recorded (compliance).
  const core = coreRulesOnly();
  const r1 = cleanReferral();
  const r2 = edit(cleanReferral(), { id: 'R2', 'consent.status': undefined });
  const r3 = edit(cleanReferral(), { id: 'R3', referrer: { agency: 'Anonymous caller', sector: 'anonymous' }, threshold: undefined });

  it('scores referrals, agencies, sectors, dimensions and the run', async () => {
    const result = await lint({ referrals: [r1, r2, r3], now: NOW, config: { rules: core } });
    expect(result.referrals.map((r) => r.score)).toEqual([100, 75, 66.67]);

    const police = result.agencies.find((a) => a.name === 'Example Police')!;
    expect(police).toMatchObject({ sector: 'police', referrals: 2, score: 87.5, cleanRate: 50, errors: 1, warnings: 0 });
    expect(police.dimensions).toMatchObject({ compliance: 50, completeness: 100, validity: 100, timeliness: null });
    expect(police.rules['consent-recorded']).toEqual({ applicable: 2, failed: 1 });

    const anonymous = result.agencies.find((a) => a.name === 'Anonymous caller')!;
    expect(anonymous).toMatchObject({ referrals: 1, score: 66.67, cleanRate: 0, errors: 3 });
    expect(anonymous.dimensions).toMatchObject({ completeness: 50, compliance: null });
    expect(anonymous.rules['consent-recorded']).toEqual({ applicable: 0, failed: 0 });

    expect(result.agencies.map((a) => a.name)).toEqual(['Anonymous caller', 'Example Police']);
    expect(result.sectors.map((s) => [s.name, s.score])).toEqual([['anonymous', 66.67], ['police', 87.5]]);
    expect(result.summary).toMatchObject({ referrals: 3, errors: 4, warnings: 0, score: 80.56, cleanRate: 33.33 });
    expect(result.dimensions.find((d) => d.name === 'compliance')).toEqual({ name: 'compliance', score: 50, referrals: 2 });
    expect(result.dimensions.find((d) => d.name === 'completeness')).toEqual({ name: 'completeness', score: 83.33, referrals: 3 });
    expect(result.rules.find((r) => r.id === 'threshold-applied')).toMatchObject({ applicable: 3, failed: 1, weight: 3 });
  });

  it('weighs all fifteen rules: nine errors of weight 3 and two warnings apply to a clean referral', async () => {
    const result = await lint({ referrals: [r1, otherChild('R2', { 'consent.status': undefined, 'childsViews.views': 'n/a' })], now: NOW });
    // R2 fails consent-recorded (3) and child-voice-recorded (1): 25 of 29.
    expect(result.referrals.map((r) => r.score)).toEqual([100, 86.21]);
    expect(result.summary).toMatchObject({ errors: 1, warnings: 1, score: 93.1, cleanRate: 50 });
    expect(result.rules.filter((r) => r.applicable > 0).map((r) => r.id)).toEqual([
      'schema-valid', 'key-information-present', 'consent-recorded', 'threshold-applied', 'threshold-consistent',
      'referral-timely', 'child-voice-recorded', 'identifiers-valid', 'source-code-consistent', 'dates-plausible', 'unique-referral',
    ]);
  });

  it('uses a weight option in place of the severity weight', async () => {
    const result = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': { options: { weight: 6 } } } } });
    expect(result.referrals[0]!.score).toBe(60);
  });

  it('weighs a warning 1', async () => {
    const result = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': 'warning' } } });
    expect(result.referrals[0]!.score).toBe(90);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 1, cleanRate: 100 });
  });

  it('scores 100 a referral with no applicable weighted rule, findings or not', async () => {
    const rulesAtInfo = { 'schema-valid': 'info', 'key-information-present': 'info', 'consent-recorded': 'info', 'threshold-applied': 'info' } as const;
    const result = await lint({ referrals: [r3], now: NOW, config: { rules: { ...core, ...rulesAtInfo } } });
    expect(result.referrals[0]!.score).toBe(100);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 0, infos: 3, score: 100, cleanRate: 100 });
  });

  it('counts a rule suppressed with a reason as not applicable', async () => {
    const suppressed = edit(r2, { lintIgnore: [{ rule: 'consent-recorded', reason: 'Consent recorded on paper form 17; export gap logged.' }] });
    const result = await lint({ referrals: [suppressed], now: NOW, config: { rules: core } });
    expect(result.referrals[0]!.score).toBe(100);
    expect(result.referrals[0]!.findings).toEqual([]);
    expect(result.referrals[0]!.suppressed.map((f) => [f.ruleId, f.pointer])).toEqual([['consent-recorded', '/0/consent/status']]);
    expect(result.agencies[0]!.rules['consent-recorded']).toEqual({ applicable: 0, failed: 0 });
    expect(result.summary.suppressed).toBe(1);
  });
});
