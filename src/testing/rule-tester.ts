// RuleTester: test a rule with `valid` and `invalid` referrals, the way ESLint's RuleTester
// tests a rule with code samples. Each case becomes one test of the running framework
// (vitest, jest, mocha: anything with describe and it).
import assert from 'node:assert/strict';
import { builtInRules } from '../../rules/index.js';
import type { Severity } from '../domain/codes.js';
import { resolveConfig } from '../config/resolve.js';
import type { ConfigFile, RuleSetting } from '../config/schema.js';
import type { Rule } from '../rule-api/rule.js';
import { scoreReferrals } from '../score/run.js';
import { ruleProblems } from '../rule-api/validate-rule.js';
import type { LoadEvent } from '../parse/types.js';
import type { JsonObject } from '../domain/referral.js';

export interface RuleTestCase {
  /** The test's title; default: "valid 1", "invalid 2"... */
  name?: string;
  /** The referral to lint. */
  referral?: unknown;
  /** Several referrals linted in this order (for batch rules); expected findings then name their `referral` index. */
  referrals?: unknown[];
  /** The rule's options, merged over its defaults. */
  options?: Record<string, unknown>;
  /** The level the rule runs at; default its own severity. */
  severity?: Severity;
  /** Other settings: thresholdModel, timeZone, placeholders, agencies, strict, and `rules` to turn other rules on. */
  config?: ConfigFile;
  /** "Now" for the run (RFC 3339); default the tester's. */
  now?: string;
  /** `--strict`: keys the referral format does not name are schema errors. */
  strict?: boolean;
  /** When given, whether the rule must (true) or must not (false) apply: to every referral, or per referral as a list. */
  applicable?: boolean | boolean[];
}

export type ValidCase = RuleTestCase;

export interface ExpectedFinding {
  /** Default: the rule under test. */
  ruleId?: string;
  /** JSON Pointer inside the referral, as the rule reports it. */
  pointer: string;
  severity?: Severity;
  /** The exact message, or a pattern it must match. */
  message?: string | RegExp;
  /** With `referrals`: the index of the referral the finding is on (default 0). */
  referral?: number;
}

export interface InvalidCase extends RuleTestCase {
  /** Every finding expected, in the order reported (referral by referral, then rule order). */
  errors: ExpectedFinding[];
}

/** Options the rule's options schema must reject, as a config file with them would be. */
export interface InvalidOptionsCase {
  name?: string;
  options: Record<string, unknown>;
  /** The configuration error's text, or a pattern it must match. */
  error: string | RegExp;
}

export interface RuleTests {
  valid: (ValidCase | JsonObject)[];
  invalid: InvalidCase[];
  invalidOptions?: InvalidOptionsCase[];
}

export interface RuleTesterSettings {
  /** "Now" for every case (RFC 3339); default 2026-11-01T09:00:00Z, so results do not depend on the clock. */
  now?: string;
  /** Settings every case starts from. */
  config?: ConfigFile;
}

type Describe = (name: string, body: () => void) => unknown;
type It = (name: string, body: () => Promise<void>) => unknown;

/** One finding as the tester sees it. */
export interface TestedFinding {
  referral: number;
  ruleId: string;
  pointer: string;
  severity: Severity;
  message: string;
}

export interface CaseRun {
  findings: TestedFinding[];
  /** Per referral: whether the rule under test applied to it. */
  applicable: boolean[];
}

const DEFAULT_NOW = '2026-11-01T09:00:00Z';

function isCase(entry: ValidCase | JsonObject): entry is ValidCase {
  return 'referral' in entry || 'referrals' in entry;
}

function referralsOf(test: RuleTestCase, title: string): unknown[] {
  if (test.referrals !== undefined && test.referral !== undefined) throw new Error(`${title}: give referral or referrals, not both`);
  const list = test.referrals ?? [test.referral];
  if (list.length === 0) throw new Error(`${title}: referrals is empty`);
  return list;
}

export class RuleTester {
  /** The framework's describe and it; default the global ones (vitest with globals, jest, mocha). */
  static describe: Describe | undefined;
  static it: It | undefined;

  readonly #settings: RuleTesterSettings;

  constructor(settings: RuleTesterSettings = {}) {
    this.#settings = settings;
  }

  /** Registers one test per case under `describe(<rule id>)`. */
  run(rule: Rule<object>, tests: RuleTests): void {
    const globals = globalThis as { describe?: Describe; it?: It };
    const describe = RuleTester.describe ?? globals.describe;
    const it = RuleTester.it ?? globals.it;
    if (!describe || !it) {
      throw new Error('RuleTester.run needs describe and it: enable your test framework\'s globals, or set RuleTester.describe and RuleTester.it');
    }
    const problems = ruleProblems(rule);
    describe(String((rule as Partial<Rule<object>>).meta?.id ?? 'rule'), () => {
      it('is a valid rule', async () => assert.deepEqual(problems, [], 'the rule object has problems'));
      tests.valid.forEach((entry, i) => {
        const test: ValidCase = isCase(entry) ? entry : { referral: entry };
        it(test.name ?? `valid ${i + 1}`, () => this.assertValid(rule, test));
      });
      tests.invalid.forEach((test, i) => {
        it(test.name ?? `invalid ${i + 1}`, () => this.assertInvalid(rule, test));
      });
      (tests.invalidOptions ?? []).forEach((test, i) => {
        it(test.name ?? `invalid options ${i + 1}`, () => this.assertInvalidOptions(rule, test));
      });
    });
  }

  /** Lints the case's referrals with the rule under test and the rules `config.rules` turns on; every other rule off. */
  async lintCase(rule: Rule<object>, test: RuleTestCase): Promise<CaseRun> {
    const id = rule.meta.id;
    const referrals = referralsOf(test, test.name ?? id);
    const registry = builtInRules.some((r) => r === rule) ? builtInRules : [...builtInRules.filter((r) => r.meta.id !== id), rule];
    const base = { ...this.#settings.config, ...test.config };
    const rules: Record<string, RuleSetting> = Object.fromEntries(registry.map((r) => [r.meta.id, 'off' as const]));
    Object.assign(rules, this.#settings.config?.rules, test.config?.rules);
    // At its own severity unless the case says otherwise, even when a preset turns it off (unused-suppression).
    rules[id] = { severity: test.severity ?? rule.meta.severity, ...(test.options ? { options: test.options } : {}) };
    // Test cases hold invented data, and a rule's author needs its exception's message.
    const config = resolveConfig({ ...base, rules }, registry, { now: test.now ?? this.#settings.now ?? DEFAULT_NOW, strict: test.strict, includePersonalData: true }, undefined, 'the test case');
    async function* events(): AsyncGenerator<LoadEvent> {
      yield { kind: 'file', file: 'rule-tester.json' };
      for (const data of checked) yield { kind: 'referral', file: 'rule-tester.json', pointer: '', data: data as JsonObject, locate: () => undefined };
    }
    // The engine freezes what it checks (a rule that writes to it crashes): copies, so the case's own objects stay as they were.
    const checked = structuredClone(referrals);
    const run = await scoreReferrals(events(), config);
    // A rule reads a referral; changing it would change what the rules after it see.
    assert.deepEqual(checked, referrals, `the rule changed the referral it checked`);
    const crash = run.internalErrors[0];
    if (crash) throw new assert.AssertionError({ message: `rule ${crash.ruleId} threw on referral ${referrals.length > 1 ? 'index ' : ''}${crash.referralId ?? ''}: ${crash.message}` });
    return {
      findings: run.referrals.flatMap((record, referral) =>
        record.findings.map(({ ruleId, pointer, severity, message }) => ({ referral, ruleId, pointer, severity, message })),
      ),
      applicable: run.referrals.map((record) => id in record.outcomes),
    };
  }

  /** Fails unless the case has no finding (and, when asked, the rule applies or not). */
  async assertValid(rule: Rule<object>, test: ValidCase): Promise<void> {
    const run = await this.lintCase(rule, test);
    assert.deepEqual(run.findings.map(summary(run.findings.length > 0)), [], 'a valid case must have no findings');
    assertApplicable(run, test);
  }

  /** Fails unless the findings are exactly those expected, in order. */
  async assertInvalid(rule: Rule<object>, test: InvalidCase): Promise<void> {
    if (test.errors.length === 0) throw new Error(`${test.name ?? rule.meta.id}: an invalid case must expect at least one finding (use valid for none)`);
    const run = await this.lintCase(rule, test);
    const multi = test.referrals !== undefined;
    const actual = run.findings.map((f, i) => {
      const want = test.errors[i];
      const shown: Record<string, unknown> = { ruleId: f.ruleId, pointer: f.pointer };
      if (multi) shown.referral = f.referral;
      if (want?.severity !== undefined) shown.severity = f.severity;
      if (want?.message !== undefined) shown.message = want.message instanceof RegExp && want.message.test(f.message) ? want.message : f.message;
      return shown;
    });
    const expected = test.errors.map((e) => {
      const shown: Record<string, unknown> = { ruleId: e.ruleId ?? rule.meta.id, pointer: e.pointer };
      if (multi) shown.referral = e.referral ?? 0;
      if (e.severity !== undefined) shown.severity = e.severity;
      if (e.message !== undefined) shown.message = e.message;
      return shown;
    });
    assert.deepEqual(actual, expected, 'the findings differ from those expected');
    assertApplicable(run, test);
  }

  /** Fails unless loading the rule with these options is a configuration error with this message. */
  async assertInvalidOptions(rule: Rule<object>, test: InvalidOptionsCase): Promise<void> {
    await assert.rejects(
      () => this.lintCase(rule, { referral: {}, options: test.options }),
      (error: Error) => {
        assert.equal(error.name, 'ConfigError', `expected a configuration error, got ${error.name}: ${error.message}`);
        if (typeof test.error === 'string') assert.equal(error.message, test.error);
        else assert.match(error.message, test.error);
        return true;
      },
      'the options were accepted',
    );
  }
}

function assertApplicable(run: CaseRun, test: RuleTestCase): void {
  const want = test.applicable;
  if (want === undefined) return;
  const expected = Array.isArray(want) ? want : run.applicable.map(() => want);
  const message = Array.isArray(want) ? 'the rule must apply to the referrals marked true only' : `the rule must ${want ? '' : 'not '}apply`;
  assert.deepEqual(run.applicable, expected, message);
}

/** A finding as shown in a failed assertion: the message only when there is something to explain. */
function summary(withMessage: boolean) {
  return (f: TestedFinding) => ({ referral: f.referral, ruleId: f.ruleId, pointer: f.pointer, severity: f.severity, ...(withMessage ? { message: f.message } : {}) });
}
