import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { bandOf, dimensionScore, mean, referralScore, round2, type ScoredRule } from '../src/score/score.js';
import { cleanReferral, coreRulesOnly, edit, NOW, otherChild } from './helpers.js';

const rules: ScoredRule[] = [
  { id: 'a', dimension: 'completeness', weight: 3, penalty: 25 },
  { id: 'b', dimension: 'timeliness', weight: 1, penalty: 5 },
  { id: 'c', dimension: 'validity', weight: 0, penalty: 0 },
  { id: 'd', dimension: 'completeness', weight: 5, penalty: 40 },
];

describe('the deficit formula (the default model)', () => {
  it('takes each failed rule\'s penalty from 100, once per rule', () => {
    expect(referralScore({ a: true, b: true, d: true }, rules, 'deficit')).toBe(100);
    expect(referralScore({ a: false, b: true }, rules, 'deficit')).toBe(75);
    expect(referralScore({ a: false, b: false, d: true }, rules, 'deficit')).toBe(70);
    expect(referralScore({ b: false }, rules, 'deficit')).toBe(95);
  });
  it('never goes below 0', () => {
    expect(referralScore({ a: false, b: false, d: false }, rules, 'deficit')).toBe(30);
    const errors: ScoredRule[] = Array.from({ length: 6 }, (_, i) => ({ id: `e${i}`, dimension: 'validity', weight: 3, penalty: 25 }));
    expect(referralScore(Object.fromEntries(errors.map((r) => [r.id, false])), errors, 'deficit')).toBe(0);
  });
  it('is 100 when no rule applies, and a failed rule of penalty 0 costs nothing', () => {
    expect(referralScore({}, rules, 'deficit')).toBe(100);
    expect(referralScore({ c: false }, rules, 'deficit')).toBe(100);
  });
  it('scores a dimension over its own rules, and not at all when none applies', () => {
    expect(dimensionScore({ a: false, b: true, d: false }, rules, 'completeness', 'deficit')).toBe(35);
    expect(dimensionScore({ a: false, b: false }, rules, 'timeliness', 'deficit')).toBe(95);
    expect(dimensionScore({ a: false }, rules, 'timeliness', 'deficit')).toBeUndefined();
  });
});

describe('bands', () => {
  const bands = { good: 90, 'requires-improvement': 70 };
  it('are good from 90, requires-improvement from 70, else inadequate', () => {
    expect([100, 90, 89.99, 70, 69.99, 0].map((s) => bandOf(s, bands))).toEqual(['good', 'good', 'requires-improvement', 'requires-improvement', 'inadequate', 'inadequate']);
  });
  it('follow the cut-offs given', () => {
    expect([95, 80, 60].map((s) => bandOf(s, { good: 95, 'requires-improvement': 60 }))).toEqual(['good', 'requires-improvement', 'requires-improvement']);
    expect(bandOf(59.5, { good: 95, 'requires-improvement': 60 })).toBe('inadequate');
  });
});

describe('the weighted-pass formula', () => {
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

describe('scores in the lint result (hand-computed, model weighted-pass: the scores of earlier versions)', () => {
  // The four core rules only, each of weight 3: schema-valid (validity), key-information-present
  // and threshold-applied (completeness), consent-recorded (compliance).
  const core = coreRulesOnly();
  const weightedPass = { model: 'weighted-pass' } as const;
  const r1 = cleanReferral();
  const r2 = edit(cleanReferral(), { id: 'R2', 'consent.status': undefined });
  const r3 = edit(cleanReferral(), { id: 'R3', referrer: { agency: 'Anonymous caller', sector: 'anonymous' }, threshold: undefined });

  it('scores referrals, agencies, sectors, dimensions and the run', async () => {
    const result = await lint({ referrals: [r1, r2, r3], now: NOW, config: { rules: core, scoring: weightedPass } });
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

  it('weighs all sixteen rules: nine errors of weight 3 and three warnings apply to a clean referral', async () => {
    const result = await lint({ referrals: [r1, otherChild('R2', { 'consent.status': undefined, 'childsViews.views': 'n/a' })], now: NOW, config: { scoring: weightedPass } });
    // R2 fails consent-recorded (3) and child-voice-recorded (1): 26 of 30.
    expect(result.referrals.map((r) => r.score)).toEqual([100, 86.67]);
    expect(result.summary).toMatchObject({ errors: 1, warnings: 1, score: 93.33, cleanRate: 50 });
    expect(result.rules.filter((r) => r.applicable > 0).map((r) => r.id)).toEqual([
      'schema-valid', 'key-information-present', 'consent-recorded', 'threshold-applied', 'threshold-consistent',
      'referral-timely', 'child-voice-recorded', 'identifiers-valid', 'source-code-consistent', 'dates-plausible', 'unique-referral',
      'referral-purpose-clear',
    ]);
  });

  it('uses a weight option in place of the severity weight', async () => {
    const result = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': { options: { weight: 6 } } }, scoring: weightedPass } });
    expect(result.referrals[0]!.score).toBe(60);
  });

  it('weighs a warning 1', async () => {
    const result = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': 'warning' }, scoring: weightedPass } });
    expect(result.referrals[0]!.score).toBe(90);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 1, cleanRate: 100 });
  });

  it('scores 100 a referral with no applicable weighted rule, findings or not', async () => {
    const rulesAtInfo = { 'schema-valid': 'info', 'key-information-present': 'info', 'consent-recorded': 'info', 'threshold-applied': 'info' } as const;
    const result = await lint({ referrals: [r3], now: NOW, config: { rules: { ...core, ...rulesAtInfo }, scoring: weightedPass } });
    expect(result.referrals[0]!.score).toBe(100);
    expect(result.summary).toMatchObject({ errors: 0, warnings: 0, infos: 3, score: 100, cleanRate: 100 });
  });

  it('counts a rule suppressed with a reason as not applicable', async () => {
    const suppressed = edit(r2, { lintIgnore: [{ rule: 'consent-recorded', reason: 'Consent recorded on paper form 17; export gap logged.' }] });
    const result = await lint({ referrals: [suppressed], now: NOW, config: { rules: core, scoring: weightedPass } });
    expect(result.referrals[0]!.score).toBe(100);
    expect(result.referrals[0]!.findings).toEqual([]);
    expect(result.referrals[0]!.suppressed.map((f) => [f.ruleId, f.pointer])).toEqual([['consent-recorded', '/0/consent/status']]);
    expect(result.agencies[0]!.rules['consent-recorded']).toEqual({ applicable: 0, failed: 0 });
    expect(result.summary.suppressed).toBe(1);
  });
});

describe('scores in the lint result (hand-computed, model deficit: the default)', () => {
  const core = coreRulesOnly();
  const r1 = cleanReferral();
  const r2 = edit(cleanReferral(), { id: 'R2', 'consent.status': undefined });
  const r3 = edit(cleanReferral(), { id: 'R3', referrer: { agency: 'Anonymous caller', sector: 'anonymous' }, threshold: undefined });

  it('a referral missing consent loses 25 (75, where weighted-pass gave 89.66); one with many errors falls to 0', async () => {
    // All sixteen rules. The many-errors referral fails seven error rules and one warning rule: 100 − 7×25 − 5 < 0.
    const many = otherChild('R-MANY', {
      'consent.status': undefined, childsViews: undefined, 'threshold.rationale': undefined, 'concerns.summary': 'n/a',
      'child.dateOfBirth': '2030-01-01', 'child.upn': 'A000', 'referrer.sourceCode': '3E', 'concerns.firstIdentifiedAt': '2026-09-01T09:00:00Z',
      'threshold.level': 1, carers: [], 'referrer.name': undefined, 'child.address': undefined,
    });
    const referrals = [r1, otherChild('R2', { 'consent.status': undefined }), otherChild('R-VOICE', { childsViews: undefined }), many];
    const result = await lint({ referrals, now: NOW });
    expect(result.referrals.map((r) => [r.id, r.score, r.band])).toEqual([
      ['REF-TEST-0001', 100, 'good'],
      ['R2', 75, 'requires-improvement'],
      ['R-VOICE', 95, 'good'],
      ['R-MANY', 0, 'inadequate'],
    ]);
    const failed = (id: string): string[] => [...new Set(result.referrals.find((r) => r.id === id)!.findings.map((f) => `${f.ruleId}:${f.severity}`))];
    expect(failed('R-MANY')).toEqual([
      'schema-valid:error', 'key-information-present:error', 'consent-recorded:error', 'threshold-applied:error',
      'threshold-consistent:error', 'referral-timely:warning', 'source-code-consistent:error', 'dates-plausible:error',
    ]);
    expect(result.summary).toMatchObject({ score: 67.5, band: 'inadequate', scoring: { model: 'deficit', penalties: { error: 25, warning: 5, info: 0 }, bands: { good: 90, 'requires-improvement': 70 } } });
    expect(result.rules.find((r) => r.id === 'consent-recorded')).toMatchObject({ severity: 'error', penalty: 25, weight: 3 });
    expect(result.rules.find((r) => r.id === 'child-voice-recorded')).toMatchObject({ severity: 'warning', penalty: 5, weight: 1 });

    const before = await lint({ referrals, now: NOW, config: { scoring: { model: 'weighted-pass' } } });
    expect(before.referrals.map((r) => r.score)).toEqual([100, 90, 96.67, 24.14]);
  });

  it('scores referrals, agencies, sectors, dimensions and the run, with their bands', async () => {
    const result = await lint({ referrals: [r1, r2, r3], now: NOW, config: { rules: core } });
    // R2 fails consent-recorded (25); R3 fails threshold-applied (25), consent-recorded does not apply.
    expect(result.referrals.map((r) => [r.score, r.band])).toEqual([[100, 'good'], [75, 'requires-improvement'], [75, 'requires-improvement']]);
    const police = result.agencies.find((a) => a.name === 'Example Police')!;
    expect(police).toMatchObject({ referrals: 2, score: 87.5, band: 'requires-improvement', cleanRate: 50 });
    // A dimension scores over its own rules: consent-recorded alone, 100 and 75.
    expect(police.dimensions).toMatchObject({ compliance: 87.5, completeness: 100, validity: 100, timeliness: null });
    expect(result.agencies.map((a) => [a.name, a.score, a.band])).toEqual([['Anonymous caller', 75, 'requires-improvement'], ['Example Police', 87.5, 'requires-improvement']]);
    expect(result.sectors.map((s) => [s.name, s.score, s.band])).toEqual([['anonymous', 75, 'requires-improvement'], ['police', 87.5, 'requires-improvement']]);
    expect(result.summary).toMatchObject({ score: 83.33, band: 'requires-improvement', cleanRate: 33.33 });
    expect(result.dimensions.find((d) => d.name === 'completeness')).toEqual({ name: 'completeness', score: 91.67, referrals: 3 });
  });

  it('takes the penalties and bands from the config, and a rule\'s penalty option over both', async () => {
    const scoring = { penalties: { error: 40 }, bands: { good: 95, 'requires-improvement': 50 } };
    const result = await lint({ referrals: [r1, r2], now: NOW, config: { rules: core, scoring } });
    expect(result.referrals.map((r) => [r.score, r.band])).toEqual([[100, 'good'], [60, 'requires-improvement']]);
    expect(result.summary).toMatchObject({ score: 80, band: 'requires-improvement', scoring: { model: 'deficit', penalties: { error: 40, warning: 5, info: 0 }, bands: { good: 95, 'requires-improvement': 50 } } });
    const own = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': { options: { penalty: 60 } } }, scoring } });
    expect(own.referrals[0]).toMatchObject({ score: 40, band: 'inadequate' });
  });

  it('follows the severity in force: a warning costs 5, info nothing', async () => {
    const warning = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': 'warning' } } });
    expect(warning.referrals[0]!.score).toBe(95);
    const info = await lint({ referrals: [r2], now: NOW, config: { rules: { ...core, 'consent-recorded': 'info' } } });
    expect(info.referrals[0]!.score).toBe(100);
  });

  it('scores one pattern of outcomes by the severities an override put in force for each referral', async () => {
    // Same outcome (consent-recorded fails) on both; the hospital's override makes it a warning there.
    const hospital = edit(r2, { id: 'R-H', 'child.givenName': 'Hospital child', referrer: { agency: 'Example Hospital', sector: 'health', sourceCode: '3E', name: 'Dr Test', role: 'Paediatrician', email: 'dr@example.org' } });
    const overrides = [{ agencies: ['Example Hospital'], rules: { 'consent-recorded': 'warning' as const } }];
    const result = await lint({ referrals: [r2, hospital], now: NOW, config: { rules: core, overrides } });
    expect(result.referrals.map((r) => [r.id, r.score])).toEqual([['R2', 75], ['R-H', 95]]);
    expect(result.agencies.map((a) => [a.name, a.score])).toEqual([['Example Police', 75], ['Example Hospital', 95]]);
    expect(result.summary.score).toBe(85);
  });

  it('rejects bands whose good cut-off is below requires-improvement, and an unknown model', async () => {
    await expect(lint({ referrals: [r1], now: NOW, config: { scoring: { bands: { good: 60, 'requires-improvement': 70 } } } })).rejects.toThrow(/scoring\.bands .*good \(60\) must be at least requires-improvement \(70\)/);
    await expect(lint({ referrals: [r1], now: NOW, config: { scoring: { model: 'share' as never } } })).rejects.toThrow(/scoring\.model/);
  });
});

describe('the sample export (fixtures/) under the default model', () => {
  it('spreads the agencies over the bands, and the agency with the lowest clean rate is not good', async () => {
    const result = await lint({ paths: ['fixtures/'], now: '2026-11-01T06:00:00Z' });
    const agencies = result.agencies;
    const lowest = agencies.reduce((a, b) => ((b.cleanRate ?? 101) < (a.cleanRate ?? 101) ? b : a));
    expect(lowest).toMatchObject({ name: 'POL', cleanRate: 0, score: 70, band: 'requires-improvement' });
    // Every agency with a clean rate under 50 % is below good.
    for (const a of agencies) if (a.cleanRate! < 50) expect(a.band, a.name).not.toBe('good');
    expect(agencies.map((a) => [a.name, a.score, a.band])).toEqual([
      ['Ocean Road Medical Practice', 65, 'inadequate'],
      ['South Tyneside District Hospital A&E', 65.71, 'inadequate'],
      ['POL', 70, 'requires-improvement'],
      ['Westoe Primary School', 76.67, 'requires-improvement'],
      ["Tyneside Young People's Project", 85.71, 'requires-improvement'],
      ['Harton Academy', 88.57, 'requires-improvement'],
      ['Northumbria Police', 90, 'good'],
      ['South Tyneside Health Visiting Service', 99.17, 'good'],
      ['Police - CAIT', 100, 'good'],
    ]);
    const scores = agencies.map((a) => a.score!);
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(30);
    expect(new Set(agencies.map((a) => a.band))).toEqual(new Set(['good', 'requires-improvement', 'inadequate']));
    expect(result.summary).toMatchObject({ score: 81.8, band: 'requires-improvement', cleanRate: 50 });
  });

  it('keeps the earlier scores under scoring.model weighted-pass: they bunch high', async () => {
    const result = await lint({ paths: ['fixtures/'], now: '2026-11-01T06:00:00Z', config: { scoring: { model: 'weighted-pass' } } });
    expect(result.agencies.map((a) => [a.name, a.score])).toEqual([
      ['South Tyneside District Hospital A&E', 84.85],
      ['Ocean Road Medical Practice', 85.92],
      ['POL', 89.19],
      ['Westoe Primary School', 90.91],
      ["Tyneside Young People's Project", 94.71],
      ['Harton Academy', 95.77],
      ['Northumbria Police', 95.88],
      ['South Tyneside Health Visiting Service', 99.43],
      ['Police - CAIT', 100],
    ]);
    // Under the default bands six agencies of nine would be good: the bunching that hid those that need support.
    expect(result.agencies.filter((a) => a.band === 'good')).toHaveLength(6);
    expect(result.summary).toMatchObject({ score: 92.62, band: 'good', scoring: { model: 'weighted-pass' } });
  });
});

describe("the README's worked example (section Scores)", () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Scores\n'), readme.indexOf('\n## Configuration\n'));

  it('gives each of Ocean Road Medical Practice\'s referrals the score and failed rules the run gives it, under both models', async () => {
    const [deficit, weighted] = await Promise.all([
      lint({ paths: ['fixtures/'], now: '2026-11-01T06:00:00Z' }),
      lint({ paths: ['fixtures/'], now: '2026-11-01T06:00:00Z', config: { scoring: { model: 'weighted-pass' } } }),
    ]);
    const rows = [...section.matchAll(/^\| (REF-[\d-]+) \| (.*) \| (?:.* = )?(\d+(?:\.\d+)?) \| (\d+(?:\.\d+)?) \|$/gm)].map((m) => ({
      id: m[1]!,
      rules: [...m[2]!.matchAll(/`([a-z-]+)`/g)].map((r) => r[1]!),
      score: Number(m[3]),
      weighted: Number(m[4]),
    }));
    const ocean = deficit.referrals.filter((r) => r.agency === 'Ocean Road Medical Practice');
    expect(rows.map((r) => r.id)).toEqual(ocean.map((r) => r.id));
    for (const row of rows) {
      const referral = ocean.find((r) => r.id === row.id)!;
      // Findings are in document order; the table lists the failed rules in rule order.
      expect([...new Set(referral.findings.map((f) => f.ruleId))].sort(), row.id).toEqual([...row.rules].sort());
      // Errors, and referral-purpose-clear's warnings: the table says which.
      expect(referral.findings.every((f) => (f.ruleId === 'referral-purpose-clear' ? f.severity === 'warning' : f.severity === 'error'))).toBe(true);
      expect(referral.score, row.id).toBe(row.score);
      expect(weighted.referrals.find((r) => r.id === row.id && r.agency === referral.agency)!.score, row.id).toBe(row.weighted);
    }
    const agency = (result: typeof deficit, name: string) => result.agencies.find((a) => a.name === name)!;
    expect(agency(deficit, 'Ocean Road Medical Practice')).toMatchObject({ score: 65, band: 'inadequate', cleanRate: 14.29 });
    expect(section).toContain('(45 + 45 + 70 + 100 + 75 + 45 + 75) / 7 = 65: `inadequate`, with a clean\nrate of 14.29');
    const police = deficit.referrals.filter((r) => r.agency === 'Northumbria Police');
    expect(police.map((r) => r.score)).toEqual([100, 70, 100, 95, 75, 95, 95]);
    expect(agency(deficit, 'Northumbria Police')).toMatchObject({ score: 90, band: 'good' });
    expect(section).toContain('(100 + 70 + 100 + 95 + 75 + 95 + 95) / 7 =\n90, `good`');
    expect(agency(weighted, 'Ocean Road Medical Practice').score).toBe(85.92);
    expect(section).toContain('scores 85.92 under it');
    expect(section).toContain('the nine agencies run from 65 to 100: two `inadequate`, four\n`requires-improvement`, three `good`');
  });
});
