// lintIgnore: a suppression with a reason takes effect and is still counted; one without a
// reason is a finding; one that suppressed nothing is reported when asked.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/run/lint.js';
import type { ConfigFile } from '../src/config/schema.js';
import type { JsonObject } from '../src/domain/referral.js';
import { run, runJson } from './cli-run.js';
import { NOW, otherChild } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('suppressions');
const REASON = 'Consent recorded on paper form 17; the export drops it (ticket 4411).';
const CONFIG: ConfigFile = { rules: { 'unique-referral': 'off' } };

/** A referral without a consent status (a consent-recorded error at /consent/status), with the given lintIgnore. */
const missingConsent = (id: string, lintIgnore: unknown[], agency = 'Agency One'): JsonObject =>
  otherChild(id, { 'consent.status': undefined, 'referrer.agency': agency, lintIgnore });

const lintAll = (referrals: JsonObject[], config: ConfigFile = CONFIG, extra: { strict?: boolean; reportUnusedSuppressions?: boolean } = {}) =>
  lint({ referrals, label: 'mem.json', now: NOW, config, ...extra });

const ruleFindings = (referral: { findings: { ruleId: string; pointer: string; severity: string }[] }) =>
  referral.findings.map((f) => [f.ruleId, f.pointer, f.severity]);

describe('a suppression with a reason', () => {
  it('moves the rule\'s findings to suppressed; the rule is not applicable there, so the score is 100', async () => {
    const result = await lintAll([missingConsent('REF-S1', [{ rule: 'consent-recorded', reason: REASON }])]);
    const [referral] = result.referrals;
    expect(ruleFindings(referral!)).toEqual([]);
    expect(referral!.suppressed.map((f) => [f.ruleId, f.pointer, f.severity])).toEqual([['consent-recorded', '/0/consent/status', 'error']]);
    expect(referral!.rulesApplied).not.toContain('consent-recorded');
    expect(referral!.score).toBe(100);
  });

  it('is counted per agency and in the summary, so nobody hides problems unseen', async () => {
    const result = await lintAll([
      missingConsent('REF-S1', [{ rule: 'consent-recorded', reason: REASON }], 'Agency One'),
      missingConsent('REF-S2', [{ rule: 'consent-recorded', reason: REASON }], 'Agency One'),
      missingConsent('REF-S3', [], 'Agency Two'),
    ]);
    expect(result.agencies.map((a) => [a.name, a.errors, a.suppressed])).toEqual([
      ['Agency Two', 1, 0],
      ['Agency One', 0, 2],
    ]);
    expect(result.summary.suppressed).toBe(2);
  });

  it('shows a Suppressed column in the terminal table', async () => {
    const dir = tempDir();
    write(dir, 'export.json', JSON.stringify([missingConsent('REF-S1', [{ rule: 'consent-recorded', reason: REASON }])]));
    const { stdout } = await run(dir, ['export.json', '--now', NOW, '--rule', 'unique-referral:off']);
    expect(stdout).toMatch(/Agency One\s+│ police\s+│\s+1 │ 100\.0 │\s+100\.0 │\s+0 │\s+0 │\s+1 │/);
    expect(stdout).toContain('1 finding suppressed');
  });
});

describe('a suppression without a reason is itself a finding, and suppresses nothing', () => {
  it('an absent reason: schema-valid reports it once; consent-recorded still fires', async () => {
    const result = await lintAll([missingConsent('REF-S1', [{ rule: 'consent-recorded' }])]);
    expect(ruleFindings(result.referrals[0]!)).toEqual([
      ['schema-valid', '/0/lintIgnore/0/reason', 'error'],
      ['consent-recorded', '/0/consent/status', 'error'],
    ]);
    expect(result.referrals[0]!.suppressed).toEqual([]);
  });

  it('an absent reason with schema-valid off: suppression-valid reports it', async () => {
    const result = await lintAll([missingConsent('REF-S1', [{ rule: 'consent-recorded' }])], { rules: { ...CONFIG.rules, 'schema-valid': 'off' } });
    expect(ruleFindings(result.referrals[0]!)).toEqual([
      ['consent-recorded', '/0/consent/status', 'error'],
      ['suppression-valid', '/0/lintIgnore/0/reason', 'error'],
    ]);
  });

  it.each(['n/a', '  ', 'TBC.', 'see notes'])('a placeholder reason (%j) does not count as one', async (reason) => {
    const result = await lintAll([missingConsent('REF-S1', [{ rule: 'consent-recorded', reason }])]);
    expect(ruleFindings(result.referrals[0]!)).toEqual([
      ['consent-recorded', '/0/consent/status', 'error'],
      ['suppression-valid', '/0/lintIgnore/0/reason', 'error'],
    ]);
    expect(result.referrals[0]!.findings.at(-1)!.message).toBe(
      'lintIgnore[0].reason is missing or a placeholder: a suppression needs a reason a reviewer can check, so this one suppresses nothing',
    );
  });

  it('an unknown rule id is a finding at the entry\'s rule, without echoing the id', async () => {
    const result = await lintAll([missingConsent('REF-S1', [{ rule: 'consent-recordd', reason: REASON }])]);
    expect(ruleFindings(result.referrals[0]!)).toEqual([
      ['consent-recorded', '/0/consent/status', 'error'],
      ['suppression-valid', '/0/lintIgnore/0/rule', 'error'],
    ]);
    expect(result.referrals[0]!.findings[1]!.message).not.toContain('consent-recordd');
  });

  it('suppression-valid and unused-suppression cannot be suppressed', async () => {
    const result = await lintAll([
      otherChild('REF-S1', { lintIgnore: [{ rule: 'suppression-valid', reason: REASON }, { rule: 'unused-suppression', reason: REASON }] }),
    ]);
    expect(ruleFindings(result.referrals[0]!)).toEqual([
      ['suppression-valid', '/0/lintIgnore/0/rule', 'error'],
      ['suppression-valid', '/0/lintIgnore/1/rule', 'error'],
    ]);
  });
});

describe('unused suppressions', () => {
  /** REF-U1 suppresses consent-recorded, which fires (used); REF-U2 suppresses it, but it passes (unused). */
  const referrals = () => [
    missingConsent('REF-U1', [{ rule: 'consent-recorded', reason: REASON }]),
    otherChild('REF-U2', { lintIgnore: [{ rule: 'child-voice-recorded', reason: REASON }, { rule: 'consent-recorded', reason: REASON }] }),
  ];

  it('are not reported by default (recommended)', async () => {
    const result = await lintAll(referrals());
    expect(result.referrals.map(ruleFindings)).toEqual([[], []]);
    expect(result.rules.map((r) => r.id)).not.toContain('unused-suppression');
  });

  it('are warnings at the entry with reportUnusedSuppressions, and change no score (weight 0)', async () => {
    const before = await lintAll(referrals());
    const result = await lintAll(referrals(), { ...CONFIG, reportUnusedSuppressions: true });
    expect(result.referrals.map(ruleFindings)).toEqual([
      [],
      [
        ['unused-suppression', '/1/lintIgnore/0', 'warning'],
        ['unused-suppression', '/1/lintIgnore/1', 'warning'],
      ],
    ]);
    expect(result.referrals[1]!.findings[0]!.message).toBe('lintIgnore[0] suppressed nothing: its rule reported no finding on this referral');
    expect(result.referrals.map((r) => r.score)).toEqual(before.referrals.map((r) => r.score));
    expect(result.rules.find((r) => r.id === 'unused-suppression')).toEqual({ id: 'unused-suppression', dimension: 'compliance', severity: 'warning', weight: 0, applicable: 2, failed: 1 });
  });

  it('are errors under the strict preset, and warnings with --strict', async () => {
    const preset = await lintAll(referrals(), { ...CONFIG, extends: 'strict' });
    expect(preset.referrals[1]!.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.severity)).toEqual(['error', 'error']);
    const flag = await lintAll(referrals(), CONFIG, { strict: true });
    expect(flag.referrals[1]!.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.severity)).toEqual(['warning', 'warning']);
  });

  it('counts a suppression of a rule that is off as unused', async () => {
    const result = await lintAll(referrals(), { rules: { ...CONFIG.rules, 'consent-recorded': 'off' }, reportUnusedSuppressions: true });
    expect(result.referrals.map(ruleFindings)).toEqual([
      [['unused-suppression', '/0/lintIgnore/0', 'warning']],
      [
        ['unused-suppression', '/1/lintIgnore/0', 'warning'],
        ['unused-suppression', '/1/lintIgnore/1', 'warning'],
      ],
    ]);
  });

  it('--report-unused-suppressions turns the check on from the command line', async () => {
    const dir = tempDir();
    write(dir, 'export.json', JSON.stringify(referrals()));
    const off = await runJson(dir, ['export.json', '--rule', 'unique-referral:off']);
    const on = await runJson(dir, ['export.json', '--rule', 'unique-referral:off', '--report-unused-suppressions']);
    expect(off.report.summary.warnings).toBe(0);
    expect(on.report.summary.warnings).toBe(2);
    expect(on.code).toBe(0);
    expect(on.report.referrals[1]!.findings.map((f) => [f.ruleId, f.pointer, f.line])).toEqual([
      ['unused-suppression', '/1/lintIgnore/0', expect.any(Number)],
      ['unused-suppression', '/1/lintIgnore/1', expect.any(Number)],
    ]);
  });
});

describe('suppressed findings in reports', () => {
  it('are listed as suppressed in the JSON and SARIF reports', async () => {
    const dir = tempDir();
    write(dir, 'export.json', JSON.stringify([missingConsent('REF-S1', [{ rule: 'consent-recorded', reason: REASON }])]));
    const json = await runJson(dir, ['export.json', '--rule', 'unique-referral:off']);
    expect(json.report.referrals[0]!.suppressed.map((f) => [f.ruleId, f.pointer])).toEqual([['consent-recorded', '/0/consent/status']]);
    const sarif = JSON.parse((await run(dir, ['export.json', '-f', 'sarif', '--now', NOW, '--rule', 'unique-referral:off'])).stdout) as {
      runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[];
    };
    expect(sarif.runs[0]!.results.map((r) => [r.ruleId, r.suppressions?.map((s) => s.kind)])).toEqual([['consent-recorded', ['inSource']]]);
  });
});

