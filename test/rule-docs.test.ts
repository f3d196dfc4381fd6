import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { editDistance, nearest, rulesMarkdown, rulesTable, type RuleRow } from '../src/report/rule-docs.js';
import { run } from './cli-run.js';
import { ROOT } from './temp-files.js';


const cli = (args: string[]) => run(ROOT, args, undefined, {}, { columns: 160 });

describe('every rule documents itself', () => {
  it.each(builtInRules.map((r) => [r.meta.id, r] as const))('%s has checks, rationale, fix, sources, option docs and examples', (_id, rule) => {
    const { docs, defaultOptions } = rule.meta;
    expect(docs.checks.length).toBeGreaterThan(0);
    expect(docs.rationale.length).toBeGreaterThan(80);
    expect(docs.fix.length).toBeGreaterThan(40);
    expect(docs.sources.length).toBeGreaterThan(0);
    for (const option of Object.keys(defaultOptions)) expect(docs.options?.[option], option).toBeTruthy();
    expect(docs.examples?.pass).toBeDefined();
    expect(docs.examples?.fail).toBeDefined();
  });

  it('docs/rules.md is the generated text (run npm run docs after changing a rule)', () => {
    expect(readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8')).toBe(rulesMarkdown(builtInRules));
  });
});

describe('referral-lint rules', () => {
  it('lists all eighteen rules as a table with id, dimension, default severity and description', async () => {
    const { code, stdout } = await cli(['rules']);
    expect(code).toBe(0);
    for (const rule of builtInRules) expect(stdout).toContain(rule.meta.id);
    expect(stdout).toMatch(/│ consent-recorded\s+│ compliance\s+│ error\s+│ error\s+│/);
    expect(stdout).toMatch(/│ referral-timely\s+│ timeliness\s+│ warning\s+│ warning\s+│/);
  });

  it('prints JSON with --format json, and the severities a config puts in force', async () => {
    const { code, stdout } = await cli(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { id: string; dimension: string; defaultSeverity: string; severity: string }[];
    expect(rows).toHaveLength(18);
    expect(rows.find((r) => r.id === 'unique-referral')).toMatchObject({ dimension: 'uniqueness', defaultSeverity: 'error', severity: 'error' });
    expect(rows.find((r) => r.id === 'unused-suppression')).toMatchObject({ dimension: 'compliance', defaultSeverity: 'warning', severity: 'off' });
  });
});

describe('the rules table', () => {
  const row = (id: string): RuleRow => ({ id, dimension: 'completeness', defaultSeverity: 'warning', severity: 'warning', description: 'A GP practice is named when the referrer is a health agency.' });
  const LONG = 'local/gp-practice-named-when-the-referrer-is-health';

  it('never cuts a rule id: the column grows to the longest, at any width', () => {
    for (const width of [60, 120, 200]) {
      const table = rulesTable([row('consent-recorded'), row(LONG)], width);
      expect(table, `width ${width}`).toContain(`│ ${LONG} │`);
      expect(table).not.toContain('…');
    }
  });

  it('keeps the table as wide as the terminal when the ids fit the usual column', () => {
    const lines = rulesTable([row('consent-recorded')], 120).split('\n');
    expect(lines[0]!.length).toBe(117);
    // A long id takes its room from the description, down to the description's 30 columns.
    expect(rulesTable([row(LONG)], 160).split('\n')[0]!.length).toBe(157);
    expect(rulesTable([row('consent-recorded')], 160).split('\n')[0]!.length).toBe(157);
  });
});

describe('referral-lint explain', () => {
  it('prints what consent-recorded checks, why, how to fix it, and its options', async () => {
    const { code, stdout } = await cli(['explain', 'consent-recorded']);
    expect(code).toBe(0);
    for (const heading of ['What it checks:', 'Why:', 'How to fix a failing referral:', 'Sources:', 'Options (default -> in force):', 'Example that passes:', 'Example that fails:']) {
      expect(stdout).toContain(heading);
    }
    expect(stdout).toContain('Inspection finding 2');
    expect(stdout).toContain("penalty: by severity: error 25, warning 5, info 0, unless the config's scoring.penalties change them -> 25");
    expect(stdout).toContain('weight: 3 (by severity unless set) -> 3 (used by the weighted-pass score model only)');
  });

  it('shows the option values a config puts in force beside the defaults', async () => {
    const { stdout } = await cli(['explain', 'threshold-consistent', '--config', 'fixtures/configs/five-level.config.yaml']);
    expect(stdout).toMatch(/minimumLevels: \{"immediateRisk":4,.*\} -> \{"immediateRisk":5,/);
  });

  it('suggests the nearest id for an unknown one, and exits 2', async () => {
    const { code, stderr } = await cli(['explain', 'consent-recorde']);
    expect(code).toBe(2);
    expect(stderr).toContain('No rule is called consent-recorde. Did you mean consent-recorded?');
  });

  it('measures nearness by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearest('uniqe-referral', builtInRules.map((r) => r.meta.id))).toBe('unique-referral');
    expect(nearest('dates', builtInRules.map((r) => r.meta.id))).toBe('dates-plausible');
  });
});
