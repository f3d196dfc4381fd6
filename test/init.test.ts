// `referral-lint init`: the starter config is valid as written, its threshold model is the
// default one, its commented examples are valid once uncommented, and it never overwrites.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { builtInRules } from '../rules/index.js';
import { DEFAULT_PLACEHOLDERS, SECTORS } from '../src/domain/codes.js';
import { readConfigFile } from '../src/load/config-file.js';
import { validateConfig } from '../src/config/validate.js';
import { DEFAULT_THRESHOLD_MODEL } from '../src/domain/threshold-model.js';
import { resolveConfig } from '../src/config/resolve.js';
import type { ConfigFile } from '../src/config/schema.js';
import { UsageError } from '../src/model/errors.js';
import { starterConfig, writeStarterConfig } from '../src/cli/init.js';
import { DEFAULT_LIMITS } from '../src/parse/limits.js';
import { loadConfig } from '../src/run/config.js';
import { run, runJson } from './cli-run.js';
import { otherChild } from './helpers.js';
import { useTempDirs } from './temp-files.js';

const tempDir = useTempDirs('init');
const NOW = () => Date.parse('2026-11-01T09:00:00Z');

/** The commented-out block that starts `# <key>:`, with its "# " removed from every line. */
function uncomment(text: string, key: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`# ${key}:`));
  expect(start, `a commented-out ${key} block`).toBeGreaterThanOrEqual(0);
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#   ')) break;
    block.push(line);
  }
  return block.map((line) => line.slice(2)).join('\n');
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('starterConfig', () => {
  const text = starterConfig();
  const data = parseYaml(text) as ConfigFile;

  it('parses as YAML and passes the config schema as written', () => {
    expect(validateConfig(data, 'referral-lint.config.yaml')).toBe(data);
  });

  it('sets extends: recommended and timeZone: Europe/London, and leaves the optional parts commented out', () => {
    expect(Object.keys(data)).toEqual(['extends', 'timeZone', 'thresholdModel']);
    expect(data.extends).toBe('recommended');
    expect(data.timeZone).toBe('Europe/London');
  });

  it('spells out the default threshold model, which resolves to DEFAULT_THRESHOLD_MODEL', () => {
    const resolved = resolveConfig(data, builtInRules, {}, NOW, 'referral-lint.config.yaml');
    expect(resolved.model).toEqual(DEFAULT_THRESHOLD_MODEL);
    expect(resolved.extends).toEqual(['recommended']);
    expect(resolved.timeZone).toBe('Europe/London');
    expect(text).toContain('    - { level: 1, name: Universal,        pathway: universal,                       consentRequired: false, childProtection: false }\n');
    expect(text).toContain('    - { level: 2, name: Early help,       pathway: [early-help, family-help],       consentRequired: true,  childProtection: false }\n');
  });

  it('says how to edit the threshold model for a local threshold document', () => {
    expect(text).toContain("# model: edit it to match your area's document, one entry per level.");
    expect(text).toContain('fixtures/configs/five-level.config.yaml');
    expect(text).toContain("set threshold-consistent's minimumLevels option");
  });

  it('mentions plugins, declarative rules, overrides and agencies in its comments', () => {
    const comments = text
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
    for (const word of ['# plugins:', '#   - ./rules/local/', '# declarativeRules:', '# overrides:', '# agencies:', '# rules:']) expect(comments).toContain(word);
    expect(comments).toContain('A plugin is code and runs with your rights');
  });

  it('lists every sector an agency may have', () => {
    for (const sector of SECTORS) expect(text).toMatch(new RegExp(`^#   .*\\b${sector}\\b`, 'm'));
  });

  it('has an agency alias example that is valid once uncommented', () => {
    const agencies = validateConfig(parseYaml(uncomment(text, 'agencies')), 'agencies example').agencies;
    expect(agencies).toEqual([{ name: 'Northumbria Police', sector: 'police', aliases: ['POL', 'Police - CAIT', 'NORTHUMBRIA POLICE'], patterns: ['^northumbria\\s+police\\b'] }]);
  });

  it('has a plugins example that is valid once uncommented', () => {
    expect(validateConfig(parseYaml(uncomment(text, 'plugins')), 'plugins example').plugins).toEqual(['./rules/local/', 'referral-lint-plugin-tyneside']);
  });

  it('has overrides and rules examples that are valid and resolve once uncommented', () => {
    const config = validateConfig(parseYaml(`${uncomment(text, 'overrides')}\n${uncomment(text, 'rules')}`), 'rules example');
    expect(config.rules).toEqual({ 'referral-timely': { severity: 'error', options: { maxHours: 12, penalty: 10 } }, 'child-voice-recorded': 'off' });
    const resolved = resolveConfig({ ...data, ...config }, builtInRules, {}, NOW, 'rules example');
    expect(resolved.levels.get('referral-timely')).toBe('error');
    expect(resolved.rules.find((r) => r.rule.meta.id === 'referral-timely')).toMatchObject({ penalty: 10, weight: 3 });
    expect(resolved.overrides).toHaveLength(2);
  });

  it('shows the default scoring, valid once uncommented, which resolves to the defaults', () => {
    const config = validateConfig(parseYaml(uncomment(text, 'scoring')), 'scoring example');
    expect(config.scoring).toEqual({ model: 'deficit', penalties: { error: 25, warning: 5, info: 0 }, bands: { good: 90, 'requires-improvement': 70 } });
    expect(resolveConfig(config, builtInRules, {}, NOW, 'scoring example').scoring).toEqual(resolveConfig({}, builtInRules, {}, NOW, 'none').scoring);
    expect(text).toContain('model: weighted-pass gives the scores of earlier versions');
  });

  it('shows the default placeholders, valid once uncommented', () => {
    expect(validateConfig(parseYaml(uncomment(text, 'placeholders')), 'placeholders example').placeholders).toEqual([...DEFAULT_PLACEHOLDERS]);
  });

  it('explains suppressions, with a reportUnusedSuppressions switch that is valid once uncommented', () => {
    expect(text).toContain('lintIgnore: [{ rule, reason }]');
    expect(validateConfig(parseYaml(uncomment(text, 'reportUnusedSuppressions')), 'suppressions example').reportUnusedSuppressions).toBe(true);
  });

  it('shows the default resource limits, valid once uncommented', () => {
    expect(validateConfig(parseYaml(uncomment(text, 'limits')), 'limits example').limits).toEqual({ ...DEFAULT_LIMITS });
  });

  it('has a declarativeRules example that is valid and compiles once uncommented', async () => {
    const config = validateConfig(parseYaml(uncomment(text, 'declarativeRules')), 'declarativeRules example');
    expect(config.declarativeRules).toEqual([
      { id: 'local/gp-named', description: "A referral from health names the child's GP practice.", dimension: 'completeness', severity: 'warning', when: [{ sector: ['health'] }], require: [{ field: 'child.gpPractice' }] },
    ]);
    const resolved = await loadConfig({ config });
    expect(resolved.levels.get('local/gp-named')).toBe('warning');
  });
});

describe('writeStarterConfig', () => {
  it('writes referral-lint.config.yaml into the folder and returns its path; the file loads', async () => {
    const dir = tempDir();
    const written = writeStarterConfig(dir);
    expect(written).toBe(path.join(dir, 'referral-lint.config.yaml'));
    expect(readFileSync(written, 'utf8')).toBe(starterConfig());
    expect((await readConfigFile(written)).thresholdModel?.levels).toHaveLength(4);
  });

  it('writes another .yaml name when asked', () => {
    const dir = tempDir();
    expect(writeStarterConfig(dir, 'local.config.yml')).toBe(path.join(dir, 'local.config.yml'));
    expect(existsSync(path.join(dir, 'referral-lint.config.yaml'))).toBe(false);
  });

  it('refuses to overwrite an existing file, and leaves it unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, 'referral-lint.config.yaml');
    writeFileSync(file, 'extends: strict\n');
    const error = thrown(() => writeStarterConfig(dir));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('referral-lint.config.yaml already exists: not overwriting it');
    expect(readFileSync(file, 'utf8')).toBe('extends: strict\n');
  });

  it('refuses when the folder already has another config file, naming it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'referral-lint.config.json'), '{}\n');
    const error = thrown(() => writeStarterConfig(dir));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      'referral-lint.config.json already exists: not writing referral-lint.config.yaml beside it, as a second configuration file would be confusing. Edit referral-lint.config.json, or remove it and run init again',
    );
    expect(existsSync(path.join(dir, 'referral-lint.config.yaml'))).toBe(false);
    expect(readFileSync(path.join(dir, 'referral-lint.config.json'), 'utf8')).toBe('{}\n');
  });

  it('refuses a file name that is not .yaml or .yml', () => {
    const dir = tempDir();
    expect(() => writeStarterConfig(dir, 'referral-lint.config.json')).toThrow('referral-lint.config.json: the starter config is YAML; name the file .yaml or .yml');
    expect(existsSync(path.join(dir, 'referral-lint.config.json'))).toBe(false);
  });

  it('reports a folder it cannot write to as a usage error', () => {
    const dir = tempDir();
    expect(() => writeStarterConfig(path.join(dir, 'missing'))).toThrow('Cannot write referral-lint.config.yaml: ENOENT');
  });
});

describe('referral-lint init (the command)', () => {
  it('writes the starter, which lints exactly like no config at all; a second init exits 2 and changes nothing', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'export.json'), JSON.stringify([otherChild('REF-1', { childsViews: undefined }), otherChild('REF-2', { 'consent.status': undefined })]));
    const without = await runJson(dir, ['export.json']);
    const first = await run(dir, ['init']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Wrote referral-lint.config.yaml: edit the threshold model and agencies for your area, then run referral-lint <export>.\n');
    const written = readFileSync(path.join(dir, 'referral-lint.config.yaml'), 'utf8');
    expect(written).toBe(starterConfig());
    const withStarter = await runJson(dir, ['export.json']);
    expect(withStarter.report.referrals.map((r) => [r.score, r.findings.map((f) => f.ruleId)])).toEqual(
      without.report.referrals.map((r) => [r.score, r.findings.map((f) => f.ruleId)]),
    );
    expect(withStarter.report.summary.score).toBe(without.report.summary.score);
    const second = await run(dir, ['init']);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe('referral-lint: referral-lint.config.yaml already exists: not overwriting it\n');
    expect(readFileSync(path.join(dir, 'referral-lint.config.yaml'), 'utf8')).toBe(written);
  });

  it('writes another .yaml name when given one', async () => {
    const dir = tempDir();
    const { code } = await run(dir, ['init', 'area.config.yaml']);
    expect(code).toBe(0);
    expect(existsSync(path.join(dir, 'area.config.yaml'))).toBe(true);
  });
});
