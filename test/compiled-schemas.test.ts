// The validators `npm run build` compiles ahead of time (scripts/compile-schemas.mjs, in dist/)
// against those ajv compiles at run time from the same schemas (the source modules, which the
// other tests run): same verdict and the same errors, in the same order, on valid and broken
// referrals, configs and rule options.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { builtInRules } from '../rules/index.js';
import { referralValidator, AHEAD_OF_TIME } from '../src/schema/compiled.js';
import { configValidator, compiledOptionsValidator } from '../src/config/compiled.js';
import { optionsSchemaOf } from '../src/config/resolve.js';
import { createAjv } from '../src/schema/ajv.js';
import { FORMAT_NAMES } from '../src/report/names.js';
import { cleanReferral } from './helpers.js';
import { ROOT, useTempDirs } from './temp-files.js';

const tempDir = useTempDirs('compiled');

interface SchemaModule {
  AHEAD_OF_TIME: boolean;
  referralValidator(strict: boolean): ValidateFunction;
}
interface ConfigModule {
  AHEAD_OF_TIME: boolean;
  configValidator(): ValidateFunction;
  compiledOptionsValidator(text: string): ValidateFunction | undefined;
}
const built = {
  schema: (await import(new URL('../dist/src/schema/compiled.js', import.meta.url).href)) as SchemaModule,
  config: (await import(new URL('../dist/src/config/compiled.js', import.meta.url).href)) as ConfigModule,
};

function verdict(validate: ValidateFunction, data: unknown): { valid: boolean; errors: unknown } {
  const valid = validate(data) as boolean;
  return { valid, errors: structuredClone(validate.errors ?? null) };
}

const broken = (): unknown[] => {
  const r = cleanReferral() as Record<string, any>;
  return [
    cleanReferral(),
    { ...r, id: '', receivedAt: '31/01/2024', mode: 'carrier pigeon', extra: 1 },
    { ...r, referrer: { sector: 'nowhere' }, child: { nhsNumber: '12', upn: 'short', dateOfBirth: '2024-02-30', disabilities: ['XYZ'] } },
    { ...r, carers: [{ email: 'not an email', address: { line1: 3 } }], household: 'none' },
    { ...r, consent: { status: 'verbal', recordedAt: '2026-10-05T10:30' }, lintIgnore: [{ rule: 'x' }] },
    { ...r, missingEpisodes: [{ startedAt: 'yesterday', returnInterview: { declined: 'no' } }], exploitationScreening: { score: '7' } },
    [],
    null,
    'a referral',
  ];
};

describe('validators compiled by the build', () => {
  it('are the ones dist/ holds, while the tests run the source forms', () => {
    expect(built.schema.AHEAD_OF_TIME).toBe(true);
    expect(built.config.AHEAD_OF_TIME).toBe(true);
    expect(AHEAD_OF_TIME).toBe(false);
  });

  it.each([false, true])('referral schema (strict %s): same verdicts and errors as ajv at run time', (strict) => {
    for (const doc of broken()) {
      expect(verdict(built.schema.referralValidator(strict), doc)).toEqual(verdict(referralValidator(strict), doc));
    }
    // Not vacuous: the broken ones fail with several errors.
    expect(verdict(built.schema.referralValidator(strict), broken()[2]).valid).toBe(false);
  });

  it('config schema: same verdicts and errors', () => {
    const configs: unknown[] = [
      {},
      { extends: 'recommended', rules: { 'consent-recorded': 'warning' }, now: '2026-11-01T09:00:00Z' },
      { extends: [], rules: { x: 'loud' }, now: 'soon', agencies: [{ patterns: ['('] }], overrides: [{ rules: {} }], limits: { maxDepth: 0 } },
      { thresholdModel: { levels: [{ level: 'one' }] }, declarativeRules: [{ id: 'Bad Id' }], unknown: true },
      [],
    ];
    for (const c of configs) expect(verdict(built.config.configValidator(), c)).toEqual(verdict(configValidator(), c));
  });

  it("every built-in rule's options: found by schema text, same verdicts and errors", () => {
    for (const rule of builtInRules) {
      const schema = optionsSchemaOf(rule);
      const aot = built.config.compiledOptionsValidator(JSON.stringify(schema));
      expect(aot, rule.meta.id).toBeDefined();
      const runtime = createAjv().compile(schema);
      for (const options of [{}, rule.meta.defaultOptions, { weight: -1 }, { weight: 2, unknownOption: true }, { ...rule.meta.defaultOptions, weight: 'heavy' }]) {
        expect(verdict(aot!, options), rule.meta.id).toEqual(verdict(runtime, options));
      }
    }
    // The source form has none ready-made: src/config/resolve.ts compiles them.
    expect(compiledOptionsValidator(JSON.stringify(optionsSchemaOf(builtInRules[0]!)))).toBeUndefined();
  });
});

describe('the built command (validators compiled ahead of time)', () => {
  // test/golden-outputs.test.ts runs the command in-process, on the source forms; this runs
  // bin/referral-lint.js on dist/, every format written in one run, against the same files.
  const scenarios: Record<string, string[]> = {
    fixtures: ['fixtures/'],
    'five-level': ['fixtures/', '--config', 'fixtures/configs/five-level.config.yaml'],
    plugin: ['fixtures/', '--config', 'fixtures/configs/plugin.config.yaml'],
  };
  it.each(Object.keys(scenarios))('%s: every report is byte for byte test/golden', (scenario) => {
    const dir = tempDir();
    const outputs = FORMAT_NAMES.flatMap((format) => ['--format', format, '--output-file', path.join(dir, format)]);
    let code = 0;
    try {
      execFileSync(process.execPath, ['bin/referral-lint.js', ...scenarios[scenario]!, '--now', '2026-11-01T06:00:00Z', ...outputs], { cwd: ROOT, stdio: 'pipe' });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    for (const format of FORMAT_NAMES) {
      const golden = readFileSync(path.join(ROOT, 'test/golden', `${scenario}.${format}.out`), 'utf8');
      expect(golden.startsWith(`exit ${code}\n`), `${scenario} ${format}: exit code`).toBe(true);
      expect(readFileSync(path.join(dir, format), 'utf8'), `${scenario} ${format}`).toBe(golden.slice(golden.indexOf('--- stdout\n') + '--- stdout\n'.length));
    }
  });
});
