// --baseline by agency and rule: month-on-month exports have different referral ids, so every
// finding is "new" referral by referral; the counts by agency and rule still compare.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import { run } from './cli-run.js';
import { cleanReferral, edit, NOW } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('baseline-by-rule');
const noConsent = (id: string) => edit(cleanReferral(), { id, 'consent.status': undefined });
const october = [noConsent('OCT-1'), edit(cleanReferral(), { id: 'OCT-2' })];
const november = [noConsent('NOV-1'), noConsent('NOV-2')];

describe('--baseline by agency and rule', () => {
  it('compares each agency\'s failures per rule from the counts, when referral ids differ between months', async () => {
    const before = await lint({ referrals: october, now: NOW });
    const after = await lint({ referrals: november, now: NOW, baseline: before });
    // Referral by referral, everything is new: the ids differ.
    expect(after.baseline).toMatchObject({ newFindings: 3, fixedFindings: 0 });
    expect(after.baseline!.byAgencyAndRule).toEqual([
      { agency: 'Example Police', ruleId: 'consent-recorded', previousApplicable: 2, previousFailed: 1, applicable: 2, failed: 2, previousRate: 50, rate: 100, rateChange: 50 },
    ]);
    const back = await lint({ referrals: october, now: NOW, baseline: after });
    expect(back.baseline!.byAgencyAndRule).toEqual([
      { agency: 'Example Police', ruleId: 'consent-recorded', previousApplicable: 2, previousFailed: 2, applicable: 2, failed: 1, previousRate: 100, rate: 50, rateChange: -50 },
    ]);
  });

  it('is empty when nothing changed, and ignores counts a hostile baseline does not hold as numbers', async () => {
    const before = await lint({ referrals: october, now: NOW });
    expect((await lint({ referrals: october, now: NOW, baseline: before })).baseline!.byAgencyAndRule).toEqual([]);
    const tampered = JSON.parse(JSON.stringify(before));
    tampered.agencies[0].rules = JSON.parse('{"__proto__": {"applicable": 1, "failed": 1}, "consent-recorded": {"applicable": "2", "failed": 1}}');
    const compared = await lint({ referrals: october, now: NOW, baseline: tampered });
    const rows = new Map(compared.baseline!.byAgencyAndRule!.map((r) => [r.ruleId, r]));
    // The "2" is not a count: the rule is read as absent from the baseline.
    expect(rows.get('consent-recorded')).toMatchObject({ previousApplicable: 0, previousFailed: 0, applicable: 2, failed: 1, previousRate: null, rate: 50, rateChange: null });
    // A key named __proto__ is data, a rule the baseline had and this run has not.
    expect(rows.get('__proto__')).toMatchObject({ previousApplicable: 1, previousFailed: 1, applicable: 0, failed: 0 });
    expect(({} as Record<string, unknown>).applicable).toBeUndefined();
  });

  it('is listed in the terminal report, said to come from counts', async () => {
    const dir = tempDir();
    write(dir, 'oct.json', JSON.stringify(october));
    write(dir, 'nov.json', JSON.stringify(november));
    const base = await run(dir, ['oct.json', '--now', NOW, '--format', 'json', '-o', 'base.json']);
    expect(base.code).toBe(1);
    const r = await run(dir, ['nov.json', '--now', NOW, '--baseline', 'base.json']);
    expect(r.stdout).toContain(
      "↕ by agency and rule since base.json (from the two reports' counts, not matched referral by referral):\n  Example Police: consent-recorded failed 2 of 2 (100.0%), was 1 of 2 (50.0%): +50.0 points\n",
    );
  });
});
