// Overrides: rule settings for the referrals a files / agencies / sectors selector matches,
// applied in order (last match wins); and --print-config, which shows what is in force.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ConfigFile } from '../src/config/schema.js';
import { lint } from '../src/run/lint.js';
import type { JsonObject } from '../src/domain/referral.js';
import { run, runJson } from './cli-run.js';
import { coreRulesOnly, NOW, otherChild } from './helpers.js';
import { useTempDirs, write } from './temp-files.js';

const tempDir = useTempDirs('overrides');

/** A referral without the child's views (a child-voice-recorded warning at /childsViews). */
const noViews = (id: string, agency = 'Example Police', sector = 'police'): JsonObject =>
  otherChild(id, { childsViews: undefined, 'referrer.agency': agency, 'referrer.sector': sector, 'referrer.sourceCode': undefined });

/** A folder with a config and the given files; returns it. */
function project(config: ConfigFile, files: Record<string, JsonObject[]>): string {
  const dir = tempDir();
  write(dir, 'referral-lint.config.yaml', stringify(config));
  for (const [name, referrals] of Object.entries(files)) write(dir, name, JSON.stringify(referrals));
  return dir;
}

const findingsByReferral = (report: { referrals: { id: string | null; findings: { ruleId: string; severity: string }[] }[] }) =>
  Object.fromEntries(report.referrals.map((r) => [r.id, r.findings.map((f) => `${f.ruleId}:${f.severity}`)]));

const BASE: ConfigFile = { rules: { 'unique-referral': 'off' } };

describe('overrides', () => {
  it('files: globs relative to the config file select whole files', async () => {
    const dir = project(
      { ...BASE, overrides: [{ files: ['police/**'], rules: { 'child-voice-recorded': 'off' } }] },
      { 'police/october.json': [noViews('REF-P1')], 'health/october.json': [noViews('REF-H1')] },
    );
    const { report } = await runJson(dir, ['police/', 'health/']);
    expect(findingsByReferral(report)).toEqual({ 'REF-P1': [], 'REF-H1': ['child-voice-recorded:warning'] });
    expect(report.rules.find((r) => r.id === 'child-voice-recorded')).toMatchObject({ applicable: 1, failed: 1 });
  });

  it('agencies: every spelling the alias table maps to a named agency matches', async () => {
    const dir = project(
      {
        ...BASE,
        agencies: [{ name: 'Northumbria Police', sector: 'police', aliases: ['POL', 'Police - CAIT'] }],
        overrides: [{ agencies: ['Northumbria Police'], rules: { 'child-voice-recorded': 'error' } }],
      },
      { 'export.json': [noViews('REF-1', 'POL'), noViews('REF-2', 'Police - CAIT'), noViews('REF-3', 'Other Police')] },
    );
    const { report } = await runJson(dir, ['export.json']);
    expect(findingsByReferral(report)).toEqual({
      'REF-1': ['child-voice-recorded:error'],
      'REF-2': ['child-voice-recorded:error'],
      'REF-3': ['child-voice-recorded:warning'],
    });
  });

  it('sectors: select by the sector a referral is reported under; several selectors must all match', async () => {
    const dir = project(
      {
        ...BASE,
        overrides: [
          { sectors: ['health'], rules: { 'child-voice-recorded': 'error' } },
          { sectors: ['health'], files: ['b.json'], rules: { 'child-voice-recorded': 'info' } },
        ],
      },
      { 'a.json': [noViews('REF-A1', 'Example Hospital', 'health'), noViews('REF-A2')], 'b.json': [noViews('REF-B1', 'Example Hospital', 'health')] },
    );
    const { report } = await runJson(dir, ['a.json', 'b.json']);
    expect(findingsByReferral(report)).toEqual({
      'REF-A1': ['child-voice-recorded:error'],
      'REF-A2': ['child-voice-recorded:warning'],
      'REF-B1': ['child-voice-recorded:info'],
    });
  });

  it('applies matching overrides in order: the last match wins, options merge', async () => {
    const young = (id: string) => otherChild(id, { childsViews: undefined, 'child.dateOfBirth': '2021-06-01' }); // 5 at receipt
    const overrides = [
      { sectors: ['police' as const], rules: { 'child-voice-recorded': { severity: 'error' as const, options: { minAge: 6 } } } },
      { files: ['*.json'], rules: { 'child-voice-recorded': 'warning' as const } },
    ];
    const inOrder = await lint({ referrals: [young('REF-Y1')], label: 'mem.json', now: NOW, config: { ...BASE, overrides } });
    // minAge 6 from the first override still holds under the second: the 5-year-old is out of scope.
    expect(inOrder.referrals[0]!.rulesApplied).not.toContain('child-voice-recorded');
    const older = await lint({ referrals: [noViews('REF-O1')], label: 'mem.json', now: NOW, config: { ...BASE, overrides } });
    expect(older.referrals[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['child-voice-recorded', 'warning']]);
    const reversed = await lint({ referrals: [noViews('REF-O1')], label: 'mem.json', now: NOW, config: { ...BASE, overrides: [...overrides].reverse() } });
    expect(reversed.referrals[0]!.findings.map((f) => [f.ruleId, f.severity])).toEqual([['child-voice-recorded', 'error']]);
  });

  it('scores a referral with the penalties of its own rule set', async () => {
    // Core rules only, each an error of penalty 25; without consent status the referral loses 25: 75.
    const referral = otherChild('REF-W1', { 'consent.status': undefined });
    const config: ConfigFile = { rules: { ...coreRulesOnly(), 'unique-referral': 'off' } };
    const plain = await lint({ referrals: [referral], label: 'mem.json', now: NOW, config });
    expect(plain.referrals[0]!.score).toBe(75);
    // As a warning (penalty 5) for police referrals: 95.
    const overridden = await lint({ referrals: [referral], label: 'mem.json', now: NOW, config: { ...config, overrides: [{ sectors: ['police'], rules: { 'consent-recorded': 'warning' } }] } });
    expect(overridden.referrals[0]!.score).toBe(95);
    expect(overridden.summary.score).toBe(95);
    expect(overridden.agencies[0]!.score).toBe(95);
    // Under weighted-pass, its weights: 9 of 10 (the warning weighs 1, the three errors 3 each).
    const weighted = await lint({ referrals: [referral], label: 'mem.json', now: NOW, config: { ...config, scoring: { model: 'weighted-pass' }, overrides: [{ sectors: ['police'], rules: { 'consent-recorded': 'warning' } }] } });
    expect(weighted.referrals[0]!.score).toBe(90);
  });

  it('lists a rule only an override turns on among the run\'s rules, with its tallies', async () => {
    const result = await lint({
      referrals: [noViews('REF-1'), noViews('REF-2', 'Example Hospital', 'health')],
      label: 'mem.json',
      now: NOW,
      config: { rules: { 'unique-referral': 'off', 'child-voice-recorded': 'off' }, overrides: [{ sectors: ['health'], rules: { 'child-voice-recorded': 'warning' } }] },
    });
    expect(result.rules.find((r) => r.id === 'child-voice-recorded')).toEqual({ id: 'child-voice-recorded', dimension: 'completeness', severity: 'warning', weight: 1, penalty: 5, applicable: 1, failed: 1 });
    expect(result.referrals.map((r) => r.findings.length)).toEqual([0, 1]);
  });

  it('--rule on the command line goes over every override', async () => {
    const dir = project({ ...BASE, overrides: [{ sectors: ['police'], rules: { 'child-voice-recorded': 'error' } }] }, { 'export.json': [noViews('REF-1')] });
    const { report } = await runJson(dir, ['export.json', '--rule', 'child-voice-recorded:off']);
    expect(findingsByReferral(report)).toEqual({ 'REF-1': [] });
  });

  describe('mistakes are configuration errors (exit 2) naming the place', () => {
    const cases: [string, ConfigFile, RegExp][] = [
      ['an unknown rule id', { overrides: [{ sectors: ['police'], rules: { 'child-voice-recordd': 'off' } }] }, /overrides\[0\]\.rules\.child-voice-recordd in referral-lint\.config\.yaml: no rule has this id/],
      ['bad options', { overrides: [{ sectors: ['police'], rules: { 'child-voice-recorded': { options: { minAge: 'four' } } } }] }, /Invalid options for rule child-voice-recorded \(overrides\[0\] in referral-lint\.config\.yaml\)/],
      ['options for a batch rule', { overrides: [{ files: ['*.json'], rules: { 'unique-referral': { options: {} } } }] }, /overrides\[0\]\.rules\.unique-referral in referral-lint\.config\.yaml: unique-referral compares referrals across the run, so its options can only be set in rules/],
      ['no selector', { overrides: [{ rules: { 'child-voice-recorded': 'off' } } as never] }, /overrides\[0\]: needs at least one of files, agencies, sectors/],
      ['an unknown sector', { overrides: [{ sectors: ['fire-service' as never], rules: {} }] }, /overrides\[0\]\.sectors\[0\]: must be one of police/],
    ];
    it.each(cases)('%s', async (_name, config, message) => {
      const dir = project(config, { 'export.json': [noViews('REF-1')] });
      const { code, stderr, stdout } = await run(dir, ['export.json']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    });
  });
});

describe('--print-config', () => {
  const config: ConfigFile = {
    ...BASE,
    agencies: [{ name: 'Northumbria Police', sector: 'police', aliases: ['POL'] }],
    overrides: [
      { files: ['police/**'], rules: { 'child-voice-recorded': 'off' } },
      { files: ['police/**'], agencies: ['Northumbria Police'], rules: { 'consent-recorded': 'warning' } },
      { files: ['health/**'], rules: { 'referral-timely': 'error' } },
    ],
  };

  it('prints the settings in force for a file: overrides its globs match applied, conditional ones listed', async () => {
    const dir = project(config, {});
    const { code, stdout } = await run(dir, ['--print-config', 'police/october.json', '--rule', 'threshold-applied:warning']);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, unknown> & { rules: Record<string, { severity: string; options: Record<string, unknown> }> };
    expect(printed.file).toBe('police/october.json');
    expect(printed.configFile).toBe('referral-lint.config.yaml');
    expect(printed.extends).toEqual(['recommended']);
    expect(printed.overridesApplied).toEqual([0]);
    expect(printed.rules['child-voice-recorded']).toEqual({ severity: 'off', options: { minAge: 4 } });
    expect(printed.rules['consent-recorded']!.severity).toBe('error');
    expect(printed.rules['threshold-applied']!.severity).toBe('warning');
    expect(printed.rules['unique-referral']!.severity).toBe('off');
    expect(printed.rules['referral-timely']!.severity).toBe('warning');
    expect(printed.conditionalOverrides).toEqual([{ index: 1, files: ['police/**'], agencies: ['Northumbria Police'], rules: { 'consent-recorded': 'warning' } }]);
    expect(Object.keys(printed.rules)).toHaveLength(18);
  });

  it('shows the resource limits in force: the config\'s over the defaults', async () => {
    const dir = project({ ...config, limits: { maxDepth: 32 } }, {});
    const printed = JSON.parse((await run(dir, ['--print-config', 'police/october.json'])).stdout) as { limits: Record<string, number> };
    expect(printed.limits).toEqual({
      maxDepth: 32,
      maxStringLength: 1_000_000,
      maxLineLength: 10_485_760,
      maxReferralLength: 10_485_760,
      maxDocumentLength: 16_777_216,
      maxAliasCount: 100,
      maxDocumentTokens: 2_000_000,
    });
  });

  it('applies only the overrides whose globs match', async () => {
    const dir = project(config, {});
    const printed = JSON.parse((await run(dir, ['--print-config', 'health/october.json'])).stdout) as { overridesApplied: number[]; rules: Record<string, { severity: string }>; conditionalOverrides: unknown[] };
    expect(printed.overridesApplied).toEqual([2]);
    expect(printed.rules['referral-timely']!.severity).toBe('error');
    expect(printed.rules['child-voice-recorded']!.severity).toBe('warning');
    expect(printed.conditionalOverrides).toEqual([]);
  });

  it('shows plugins and their rules, and fails with exit 2 on a bad config', async () => {
    const dir = project({ plugins: ['./nowhere/'] }, {});
    const { code, stderr } = await run(dir, ['--print-config', 'a.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('./nowhere/ does not exist');
  });
});
