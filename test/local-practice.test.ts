// The shipped example configs (fixtures/configs/) change what the rules report.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { cleanReferral, edit, NOW } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIVE_LEVEL = path.join(ROOT, 'fixtures/configs/five-level.config.yaml');
const ALIASES = path.join(ROOT, 'fixtures/configs/agency-aliases.config.yaml');

const pointersOf = async (referral: object, configFile?: string, rules = ['consent-recorded', 'early-help-agreement', 'threshold-applied', 'threshold-consistent']) => {
  const result = await lint({ referrals: [referral], now: NOW, configFile, cwd: ROOT });
  return result.referrals[0]!.findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.pointer}`);
};

describe('a five-level threshold model (fixtures/configs/five-level.config.yaml)', () => {
  it('accepts level 5, which the default model does not have', async () => {
    const referral = edit(cleanReferral(), { 'threshold.level': 5, 'concerns.categories': ['sexual-abuse'] });
    expect(await pointersOf(referral)).toEqual(['threshold-applied /0/threshold/level']);
    expect(await pointersOf(referral, FIVE_LEVEL)).toEqual([]);
  });

  it('makes level 3 early help: early-help-agreement applies and social-care is too many contacts', async () => {
    const referral = edit(cleanReferral(), { 'threshold.level': 3, 'concerns.categories': ['neglect'] });
    expect(await pointersOf(referral)).toEqual([]);
    expect(await pointersOf(referral, FIVE_LEVEL)).toEqual([
      'early-help-agreement /0/earlyHelp/parentalViews',
      'early-help-agreement /0/earlyHelp/parentalAgreement',
      'threshold-consistent /0/threshold/pathway',
    ]);
  });

  it('raises the minimum level of each indicator: physical abuse needs level 4 there, 3 by default', async () => {
    const referral = edit(cleanReferral(), { 'threshold.level': 3, 'threshold.pathway': 'early-help', earlyHelp: { parentalViews: 'Mother wants help with routines.', parentalAgreement: 'agreed' } });
    expect(await pointersOf(referral, FIVE_LEVEL)).toEqual(['threshold-consistent /0/threshold/level']);
  });

  it('moves child protection to level 5: consent-recorded needs parentsInformed there, and consent at level 4', async () => {
    const notSought = { status: 'not-sought', reasonNotSought: { code: 'unable-to-contact' } };
    const level4 = edit(cleanReferral(), { 'threshold.level': 4, consent: notSought });
    // Default model: level 4 is child protection (consent not needed, parents' knowledge must be recorded).
    expect(await pointersOf(level4)).toEqual(['consent-recorded /0/consent/parentsInformed']);
    // Five levels: level 4 is child in need, so consent was required and not lawfully dispensed with.
    expect(await pointersOf(level4, FIVE_LEVEL)).toEqual(['consent-recorded /0/consent/reasonNotSought/code']);
    const level5 = edit(cleanReferral(), { 'threshold.level': 5, consent: notSought });
    expect(await pointersOf(level5, FIVE_LEVEL)).toEqual(['consent-recorded /0/consent/parentsInformed']);
  });
});

describe('agency aliases (fixtures/configs/agency-aliases.config.yaml)', () => {
  it('scores every spelling of Northumbria Police in the sample as one agency', async () => {
    const without = await lint({ paths: ['fixtures/'], now: NOW, cwd: ROOT });
    const police = without.agencies.filter((a) => a.sector === 'police').map((a) => [a.name, a.referrals]);
    expect(police).toHaveLength(3);
    expect(police).toEqual(expect.arrayContaining([['Northumbria Police', 7], ['Police - CAIT', 2], ['POL', 1]]));

    const joined = await lint({ paths: ['fixtures/'], now: NOW, cwd: ROOT, configFile: ALIASES });
    const row = joined.agencies.filter((a) => a.sector === 'police');
    expect(row.map((a) => [a.name, a.referrals])).toEqual([['Northumbria Police', 10]]);
    expect(joined.referrals.filter((r) => r.agency === 'Northumbria Police')).toHaveLength(10);
    expect(joined.summary.referrals).toBe(50);
  });

  it('matches the NORTHUMBRIA POLICE spelling and the pattern, case-insensitively', async () => {
    const spellings = ['NORTHUMBRIA POLICE', 'Northumbria Police - MASH', 'pol', ' Police - CAIT '];
    const referrals = spellings.map((agency, i) => edit(cleanReferral(), { id: `A${i}`, 'referrer.agency': agency, 'child.givenName': `Alex ${i}`, 'child.nhsNumber': undefined }));
    const result = await lint({ referrals, now: NOW, cwd: ROOT, configFile: ALIASES });
    expect(result.agencies.map((a) => [a.name, a.referrals])).toEqual([['Northumbria Police', 4]]);
  });
});

describe('the sample export', () => {
  it('exercises every built-in rule about referral content', async () => {
    const result = await lint({ paths: ['fixtures/'], now: '2026-11-01T06:00:00Z', cwd: ROOT, configFile: ALIASES });
    const silent = result.rules.filter((r) => r.failed === 0).map((r) => r.id);
    // The sample carries no lintIgnore: the suppression checks are exercised in test/suppressions.test.ts.
    expect(silent).toEqual(['suppression-valid']);
    expect(result.rules.find((r) => r.id === 'suppression-valid')?.applicable).toBe(0);
    // unused-suppression is off under the recommended preset.
    expect(result.rules.map((r) => r.id)).not.toContain('unused-suppression');
    expect(result.rules).toHaveLength(17);
  });
});
