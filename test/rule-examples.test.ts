// Each built-in rule's documented examples (meta.docs.examples, printed by `explain` and in
// docs/rules/<id>.md) run through RuleTester, so an example cannot drift from its rule. An
// example is a fragment laid over a referral that passes every rule (test/helpers.ts): its
// objects merge into the referral's, its other values replace them. A batch rule's example is
// a list of such fragments, one referral each. The rules its lintIgnore names are switched on with it.
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import { isObject, type JsonObject } from '../src/domain/referral.js';
import type { Rule } from '../src/rule-api/rule.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { cleanReferral } from './helpers.js';

const tester = new RuleTester();

function overlay(base: JsonObject, fragment: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(fragment)) {
    const under = out[key];
    out[key] = isObject(value) && isObject(under) ? overlay(under, value) : value;
  }
  return out;
}

function lintExample(rule: Rule<object>, example: unknown) {
  const referrals = (Array.isArray(example) ? example : [example]).map((fragment) => overlay(cleanReferral(), fragment as JsonObject));
  const named = referrals.flatMap((r) => (Array.isArray(r.lintIgnore) ? r.lintIgnore : [])).flatMap((e) => (isObject(e) && typeof e.rule === 'string' ? [e.rule] : []));
  const rules = Object.fromEntries(named.filter((id) => id !== rule.meta.id).map((id) => [id, 'error' as const]));
  return tester.lintCase(rule, { referrals, config: { rules } });
}

describe("every rule's documented examples", () => {
  const documented = builtInRules.filter((rule) => rule.meta.docs.examples);

  it('are given by most rules', () => {
    expect(documented.length).toBeGreaterThanOrEqual(builtInRules.length - 2);
  });

  for (const rule of documented) {
    const { pass, fail } = rule.meta.docs.examples!;
    it(`${rule.meta.id}: the example that passes has no finding of the rule`, async () => {
      const run = await lintExample(rule, pass);
      expect(run.findings.filter((f) => f.ruleId === rule.meta.id)).toEqual([]);
    });
    it(`${rule.meta.id}: the example that fails has a finding of the rule`, async () => {
      const run = await lintExample(rule, fail);
      expect(run.findings.filter((f) => f.ruleId === rule.meta.id).length).toBeGreaterThan(0);
      expect(run.applicable.some(Boolean)).toBe(true);
    });
  }
});
