// --agency and the config's `only`: every referral is linted (batch rules see them all), but
// only the selected agencies' (or sectors') referrals are reported and scored, and a line says
// how many were left out.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { cleanReferral, edit, NOW } from './helpers.js';
import { ROOT } from './temp-files.js';

const FIXTURE_NOW = '2026-11-01T06:00:00Z';

describe('--agency', () => {
  it('reports and scores only that agency, with the same numbers as the whole run gives it', async () => {
    const whole = await lint({ paths: ['fixtures/'], cwd: ROOT, now: FIXTURE_NOW });
    const one = await lint({ paths: ['fixtures/'], cwd: ROOT, now: FIXTURE_NOW, agencies: ['Westoe Primary School'] });
    expect(one.agencies.map((a) => a.name)).toEqual(['Westoe Primary School']);
    expect(one.agencies[0]).toEqual(whole.agencies.find((a) => a.name === 'Westoe Primary School'));
    expect(one.summary).toMatchObject({ referrals: 6, errors: 8, warnings: 4, score: 76.67, cleanRate: 33.33 });
    expect(new Set(one.referrals.map((r) => r.agency))).toEqual(new Set(['Westoe Primary School']));
    expect(one.referrals).toHaveLength(6);
    expect(one.only).toEqual({ agencies: ['Westoe Primary School'], sectors: [], leftOut: 44, leftOutAgencies: 8 });
    expect(whole.only).toBeUndefined();
  });

  it('matches after the alias table, and is repeatable', async () => {
    const r = await lint({ paths: ['fixtures/'], cwd: ROOT, now: FIXTURE_NOW, agencies: ['westoe primary school', 'POL'] });
    expect(r.agencies.map((a) => a.name).sort()).toEqual(['POL', 'Westoe Primary School']);
    expect(r.only).toMatchObject({ leftOut: 43, leftOutAgencies: 7 });
  });

  it('lets batch rules see every referral: an id another agency used first is still a repeat', async () => {
    const first = edit(cleanReferral(), { id: 'REF-SHARED', 'referrer.agency': 'Other Agency' });
    const second = edit(cleanReferral(), { id: 'REF-SHARED' });
    const r = await lint({ referrals: [first, second], now: NOW, agencies: ['Example Police'] });
    expect(r.referrals.map((x) => x.findings.map((f) => [f.ruleId, f.pointer, f.severity]))).toEqual([[['unique-referral', '/1/id', 'error']]]);
    expect(r.only).toMatchObject({ leftOut: 1, leftOutAgencies: 1 });
  });

  it('the config selects by sector with only.sectors', async () => {
    const r = await lint({ paths: ['fixtures/'], cwd: ROOT, now: FIXTURE_NOW, config: { only: { sectors: ['police'] } } });
    expect(new Set(r.agencies.map((a) => a.sector))).toEqual(new Set(['police']));
    expect(r.only).toEqual({ agencies: [], sectors: ['police'], leftOut: 40, leftOutAgencies: 6 });
  });

  it('says in the stylish summary who the report is about and what it left out', async () => {
    const r = await run(ROOT, ['fixtures/', '--agency', 'Westoe Primary School', '--now', FIXTURE_NOW]);
    expect(r.stdout).toContain('\nℹ only Westoe Primary School: 44 referrals of 8 other agencies linted but left out of this report and its scores\n');
    expect(r.code).toBe(1);
  });
});
