import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { readConfigFile } from '../src/load/config-file.js';
import { validateConfig } from '../src/config/validate.js';
import { resolveConfig } from '../src/config/resolve.js';
import { ConfigError, UsageError } from '../src/model/errors.js';
import { run } from './cli-run.js';
import { cleanReferral } from './helpers.js';
import { ROOT, useTempDirs, write } from './temp-files.js';

describe('configuration', () => {
  it('names the key path and what was expected', () => {
    expect(() => validateConfig({ rules: { 'consent-recorded': 'loud' } }, 'c.yaml')).toThrow(/rules\.consent-recorded: must be one of off, error, warning, info, or must be a mapping/);
    expect(() => validateConfig({ thresholdModel: { levels: [{ level: 1, pathway: 'somewhere' }] } }, 'c.yaml')).toThrow(/thresholdModel\.levels\[0\]\.pathway: must be one of universal, early-help, family-help, social-care, child-protection, or must be a list/);
    // A list of pathways: the entry at fault is named, and an empty list is not a level's pathways.
    expect(() => validateConfig({ thresholdModel: { levels: [{ level: 1, pathway: ['early-help', 'somewhere'] }] } }, 'c.yaml')).toThrow(
      /^Invalid configuration in c\.yaml:\n {2}thresholdModel\.levels\[0\]\.pathway\[1\]: must be one of universal, early-help, family-help, social-care, child-protection$/,
    );
    expect(() => validateConfig({ thresholdModel: { levels: [{ level: 1, pathway: [] }] } }, 'c.yaml')).toThrow(/thresholdModel\.levels\[0\]\.pathway: must be one of .*, or must list at least one entry/);
    expect(() => validateConfig({ colour: true }, 'c.yaml')).toThrow(/colour: unknown key/);
    expect(() => validateConfig({ agencies: [{ sector: 'police' }] }, 'c.yaml')).toThrow(/agencies\[0\]\.name: is required/);
  });

  it('reads a level that names one pathway or a list, the first being the principal one', () => {
    const model = resolveConfig(
      { thresholdModel: { levels: [{ level: 1, pathway: 'universal' }, { level: 2, pathway: 'early-help' }, { level: 3, pathway: ['family-help', 'social-care'] }, { level: 4, pathway: ['universal'] }] } },
      builtInRules,
    ).model;
    expect(model.levels.map((l) => [l.level, l.pathway, l.pathways])).toEqual([
      [1, 'universal', ['universal']],
      [2, 'early-help', ['early-help']],
      [3, 'family-help', ['family-help', 'social-care']],
      [4, 'universal', ['universal']],
    ]);
  });

  it('rejects universal listed with other pathways, and a pathway listed twice', () => {
    expect(() => resolveConfig({ thresholdModel: { levels: [{ level: 1, pathway: ['universal', 'early-help'] }] } }, builtInRules, {}, Date.now, 'area.yaml')).toThrow(
      new ConfigError(
        "thresholdModel.levels[0].pathway in area.yaml: universal cannot be listed with other pathways: it means no referral is expected at the level, so it must be the level's only pathway",
      ),
    );
    expect(() => resolveConfig({ thresholdModel: { levels: [{ level: 1, pathway: 'universal' }, { level: 2, pathway: ['early-help', 'universal'] }] } }, builtInRules)).toThrow(
      /thresholdModel\.levels\[1\]\.pathway in configuration: universal cannot be listed with other pathways/,
    );
    expect(() => resolveConfig({ thresholdModel: { levels: [{ level: 2, pathway: ['family-help', 'early-help', 'family-help'] }] } }, builtInRules, {}, Date.now, 'area.yaml')).toThrow(
      new ConfigError('thresholdModel.levels[0].pathway in area.yaml: family-help is listed twice'),
    );
  });

  it('rejects unknown rule ids, duplicate levels, bad time zones and bad options', () => {
    expect(() => resolveConfig({ rules: { 'consent-recorde': 'error' } }, builtInRules)).toThrow(ConfigError);
    expect(() => resolveConfig({ thresholdModel: { levels: [{ level: 1, pathway: 'universal' }, { level: 1, pathway: 'early-help' }] } }, builtInRules)).toThrow(/level 1 is listed twice/);
    expect(() => resolveConfig({ timeZone: 'Mars/Olympus' }, builtInRules)).toThrow(/not a known IANA time zone/);
    expect(() => resolveConfig({ rules: { 'threshold-applied': { options: { minRationaleLength: 'long' } } } }, builtInRules)).toThrow(/rules\.threshold-applied\.options\.minRationaleLength/);
    expect(() => resolveConfig({ rules: { 'threshold-applied': { options: { colour: 1 } } } }, builtInRules)).toThrow(/options\.colour: unknown key/);
  });

  it('applies --rule over the file, and rejects malformed --rule and --now', () => {
    const config = resolveConfig({ rules: { 'consent-recorded': 'error' } }, builtInRules, { rules: ['consent-recorded:warning', 'threshold-applied:off'] });
    expect(config.rules.slice(0, 4).map((r) => [r.rule.meta.id, r.severity, r.weight])).toEqual([
      ['schema-valid', 'error', 3],
      ['key-information-present', 'error', 3],
      ['consent-recorded', 'warning', 1],
      ['early-help-agreement', 'error', 3],
    ]);
    expect(config.levels.get('threshold-applied')).toBe('off');
    expect(config.rules.some((r) => r.rule.meta.id === 'threshold-applied')).toBe(false);
    expect(() => resolveConfig({}, builtInRules, { rules: ['consent-recorded'] })).toThrow(UsageError);
    expect(() => resolveConfig({}, builtInRules, { rules: ['nope:error'] })).toThrow(/no rule has the id nope/);
    expect(() => resolveConfig({}, builtInRules, { now: 'last Tuesday' })).toThrow(/--now/);
  });

  it('extends a preset: strict makes warnings errors and requires firstIdentifiedAt; the file wins over it', () => {
    const strict = resolveConfig({ extends: 'strict' }, builtInRules);
    const severity = (c: typeof strict, id: string) => c.rules.find((r) => r.rule.meta.id === id)?.severity;
    for (const id of ['referral-timely', 'child-voice-recorded', 'return-interview-timely']) expect(severity(strict, id)).toBe('error');
    expect(strict.options.get('referral-timely')).toMatchObject({ requireFirstIdentified: true, maxHours: 24 });
    expect(strict.rules.every((r) => r.severity === 'error')).toBe(true);

    const own = resolveConfig({ extends: 'strict', rules: { 'child-voice-recorded': 'warning', 'referral-timely': { options: { maxHours: 12 } } } }, builtInRules);
    expect(severity(own, 'child-voice-recorded')).toBe('warning');
    expect(severity(own, 'referral-timely')).toBe('error');
    expect(own.options.get('referral-timely')).toMatchObject({ requireFirstIdentified: true, maxHours: 12 });

    const recommended = resolveConfig({}, builtInRules);
    expect(severity(recommended, 'referral-timely')).toBe('warning');
    expect(recommended.options.get('referral-timely')).toMatchObject({ requireFirstIdentified: false });
    expect(() => resolveConfig({ extends: 'lenient' }, builtInRules)).toThrow(/no preset is called lenient \(presets: recommended, strict\)/);
  });

  it('pins now from --now over the config, else the clock', () => {
    expect(resolveConfig({ now: '2026-01-01T00:00:00Z' }, builtInRules, { now: '2026-02-01T00:00:00Z' }).now).toBe(Date.UTC(2026, 1, 1));
    expect(resolveConfig({ now: '2026-01-01T00:00:00Z' }, builtInRules).now).toBe(Date.UTC(2026, 0, 1));
    expect(resolveConfig({}, builtInRules, {}, () => 12345).now).toBe(12345);
  });

  it('reads YAML and JSON files and reports a syntax error with its line, without quoting it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rl-config-'));
    const yamlFile = path.join(dir, 'referral-lint.config.yaml');
    writeFileSync(yamlFile, 'timeZone: Europe/London\nrules:\n  consent-recorded: warning\n');
    expect(await readConfigFile(yamlFile)).toEqual({ timeZone: 'Europe/London', rules: { 'consent-recorded': 'warning' } });
    const broken = path.join(dir, 'broken.yaml');
    writeFileSync(broken, 'rules:\n  consent-recorded: [SECRET-VALUE\n');
    await expect(readConfigFile(broken)).rejects.toThrow(/line \d+/);
    await expect(readConfigFile(broken)).rejects.not.toThrow(/SECRET-VALUE/);
    const jsonFile = path.join(dir, 'c.json');
    writeFileSync(jsonFile, '{"strict": true}');
    expect(await readConfigFile(jsonFile)).toEqual({ strict: true });
  });

  it('says what is wrong with a YAML config: an alias to no anchor, a billion laughs, a repeated key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rl-config-'));
    const file = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 9; i++) laughs.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    const cases: [string, string, string][] = [
      ['undefined.yaml', 'rules:\n  consent-recorded: *nope\n', 'Cannot parse configuration file undefined.yaml at line 2, column 21: not valid YAML: an alias refers to an anchor that is not defined'],
      ['before.yaml', 'rules:\n  consent-recorded: *level\nnote: &level warning\n', 'Cannot parse configuration file before.yaml at line 2, column 21: not valid YAML: an alias refers to an anchor that is not defined'],
      ['laughs.yaml', `${laughs.join('\n')}\n`, 'Cannot parse configuration file laughs.yaml: YAML aliases expand too far (more than 100 alias uses)'],
      ['twice.yaml', 'rules:\n  consent-recorded: warning\n  consent-recorded: error\n', 'Cannot parse configuration file twice.yaml at line 3, column 3: not valid YAML: a key is repeated in the same mapping'],
    ];
    for (const [name, text, message] of cases) {
      await expect(readConfigFile(file(name, text), name), name).rejects.toThrow(new ConfigError(message));
    }
    // A syntax error gives the words and yaml's own reason, at its line.
    await expect(readConfigFile(file('unclosed.yaml', 'rules:\n  consent-recorded: [error\n'), 'unclosed.yaml')).rejects.toThrow(
      new ConfigError('Cannot parse configuration file unclosed.yaml at line 3, column 1: not valid YAML: bad indentation (yaml: Flow sequence in block collection must be sufficiently indented and end with a ])'),
    );
    await expect(readConfigFile(file('compact.yaml', 'rules: consent-recorded: error\n'), 'compact.yaml')).rejects.toThrow(
      new ConfigError('Cannot parse configuration file compact.yaml at line 1, column 8: not valid YAML: a nested block where a key was expected (yaml: Nested mappings are not allowed in compact mappings)'),
    );
    // An alias to an anchor defined before it is read as ever.
    expect(await readConfigFile(file('fine.yaml', 'rules:\n  consent-recorded: &level warning\n  threshold-applied: *level\n'), 'fine.yaml')).toEqual({
      rules: { 'consent-recorded': 'warning', 'threshold-applied': 'warning' },
    });
  });
});

describe('a config file that cannot be read', () => {
  it('says "not found" with the path, never a bare error code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rl-config-'));
    const missing = path.join(dir, 'nope.yaml');
    await expect(readConfigFile(missing, 'nope.yaml')).rejects.toThrow(new ConfigError(`Cannot read configuration file nope.yaml: not found (no file at ${missing})`));
    await expect(readConfigFile(dir, 'a-folder')).rejects.toThrow(new ConfigError('Cannot read configuration file a-folder: it is a directory, not a file'));
  });
});

describe('a threshold model that does not fit threshold-consistent\'s minimum levels', () => {
  const tempDir = useTempDirs('config-model-fit');
  const TWO_LEVELS = { levels: [{ level: 1, name: 'Support', pathway: 'early-help' as const }, { level: 2, name: 'Statutory', pathway: 'social-care' as const, childProtection: true }] };
  const HINT = 'Give threshold-consistent a minimumLevels table in levels of your model (rules.threshold-consistent.options), or add the level to thresholdModel.levels.';

  it('is a configuration error naming each minimum and the level the model lacks, not a finding', () => {
    expect(() => resolveConfig({ thresholdModel: TWO_LEVELS }, builtInRules, {}, Date.now, 'area.yaml')).toThrow(
      new ConfigError(
        "Options of rule threshold-consistent (area.yaml, the rule's default options) do not fit the configuration:\n" +
          '  minimumLevels.categories.cse, minimumLevels.categories.cce, minimumLevels.categories.missing, minimumLevels.categories.physical-abuse and minimumLevels.exploitationRisk.medium are level 3, which the threshold model does not have (its levels are 1 and 2)\n' +
          '  minimumLevels.immediateRisk, minimumLevels.categories.sexual-abuse, minimumLevels.categories.trafficking, minimumLevels.categories.fgm and minimumLevels.exploitationRisk.high are level 4, which the threshold model does not have (its levels are 1 and 2)\n' +
          `  ${HINT}`,
      ),
    );
    // One minimum off the model, set in the file.
    const minimumLevels = { immediateRisk: 2, categories: { 'physical-abuse': 3 }, exploitationRisk: { high: 2 } };
    expect(() => resolveConfig({ thresholdModel: TWO_LEVELS, rules: { 'threshold-consistent': { options: { minimumLevels } } } }, builtInRules, {}, Date.now, 'area.yaml')).toThrow(
      new ConfigError(
        'Options of rule threshold-consistent (area.yaml) do not fit the configuration:\n' +
          '  minimumLevels.categories.physical-abuse is level 3, which the threshold model does not have (its levels are 1 and 2)\n' +
          `  ${HINT}`,
      ),
    );
  });

  it('loads when the minimums are levels of the model, or the rule is off; an override that turns it on is checked too', () => {
    const minimumLevels = { immediateRisk: 2, categories: { 'physical-abuse': 2, cse: 1 }, exploitationRisk: { high: 2 } };
    expect(() => resolveConfig({ thresholdModel: TWO_LEVELS, rules: { 'threshold-consistent': { options: { minimumLevels } } } }, builtInRules)).not.toThrow();
    expect(() => resolveConfig({ thresholdModel: TWO_LEVELS, rules: { 'threshold-consistent': 'off' } }, builtInRules)).not.toThrow();
    expect(() =>
      resolveConfig({ thresholdModel: TWO_LEVELS, rules: { 'threshold-consistent': 'off' }, overrides: [{ sectors: ['police'], rules: { 'threshold-consistent': 'error' } }] }, builtInRules, {}, Date.now, 'area.yaml'),
    ).toThrow(/^Options of rule threshold-consistent \(overrides\[0\] in area\.yaml, the rule's default options\) do not fit the configuration:\n {2}minimumLevels\.categories\.cse/);
  });

  it('exits 2 before any referral is read', async () => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.yaml', 'thresholdModel:\n  levels:\n    - { level: 1, pathway: early-help }\n    - { level: 2, pathway: social-care }\n');
    write(dir, 'r.json', JSON.stringify([cleanReferral()]));
    const { code, stdout, stderr } = await run(dir, ['r.json', '--format', 'json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^referral-lint: Options of rule threshold-consistent \(referral-lint\.config\.yaml, the rule's default options\) do not fit the configuration:\n/);
    expect(stderr).toContain('are level 3, which the threshold model does not have (its levels are 1 and 2)');
  });
});

describe('regular expressions in a config', () => {
  const tempDir = useTempDirs('config-patterns');
  const WHY = 'can backtrack catastrophically (its matching time can grow exponentially with the text: a few dozen characters can take minutes)';
  const REWRITE = 'rewrite it so that each part of a text can be matched only one way';
  const config = [
    'agencies:',
    '  - name: Northumbria Police',
    '    patterns: [\'^northumbria\\s+police\\b\', \'^(\\w+\\s?)+$\']',
    'declarativeRules:',
    '  - id: local/postcode-shaped',
    '    description: The child\'s postcode is shaped like one.',
    '    dimension: validity',
    '    severity: warning',
    '    require:',
    '      - field: child.address.postcode',
    '      - field: child.address.postcode',
    "        pattern: '^(a+)+$'",
    '',
  ].join('\n');

  it('refuses a pattern that can backtrack catastrophically: exit 2 before any referral is read, naming the file, the key path and why', async () => {
    const dir = tempDir();
    write(dir, 'referral-lint.config.yaml', config);
    write(dir, 'r.json', JSON.stringify([cleanReferral()]));
    const { code, stdout, stderr } = await run(dir, ['r.json', '--format', 'json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'referral-lint: Invalid configuration in referral-lint.config.yaml:\n' +
        `  agencies[0].patterns[1]: "^(\\w+\\s?)+$" ${WHY}: the quantified \\w+ inside the repeated (\\w+\\s?)+ can match the same text as what may follow it; ${REWRITE}\n` +
        `  declarativeRules[0].require[1].pattern: "^(a+)+$" ${WHY}: the quantified a+ inside the repeated (a+)+ can match the same text as what may follow it; ${REWRITE}\n`,
    );
  });

  it('refuses an agency pattern that does not compile as it is used (i and u flags), instead of failing as an internal error', () => {
    expect(() => validateConfig({ agencies: [{ name: 'Example Police', patterns: ['^NE\\-'] }] }, 'c.yaml')).toThrow(
      'Invalid configuration in c.yaml:\n  agencies[0].patterns[0]: "^NE\\-" is not a regular expression (it is read with the i and u flags)',
    );
  });

  it('loads the patterns of the example configs and the ordinary patterns of the README and the tests', async () => {
    for (const name of readdirSync(path.join(ROOT, 'fixtures/configs'))) await expect(readConfigFile(path.join(ROOT, 'fixtures/configs', name)), name).resolves.toBeDefined();
    const patterns = ['^[A-Z]{1,2}[0-9]', '^\\p{Lu}', '^[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}$', '^\\d{3} ?\\d{3} ?\\d{4}$', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'];
    const rule = { id: 'local/shaped', description: 'x', dimension: 'validity', severity: 'warning', require: patterns.map((pattern) => ({ field: 'child.address.postcode', pattern })) };
    expect(() => validateConfig({ agencies: [{ name: 'Northumbria Police', patterns: ['^northumbria\\s+police\\b', '^northumbria'] }], declarativeRules: [rule] }, 'c.yaml')).not.toThrow();
  });
});
