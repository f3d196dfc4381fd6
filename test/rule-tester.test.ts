// RuleTester itself: it must fail every case that does not hold, with a readable diff.
import { describe, expect, it } from 'vitest';
import rule from '../rules/child-voice-recorded.js';
import uniqueReferral from '../rules/unique-referral.js';
import { defineRule } from '../src/rule-api/rule.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { cleanReferral, edit } from './helpers.js';

const tester = new RuleTester();
const noViews = () => edit(cleanReferral(), { childsViews: undefined });
const VIEWS = { pointer: '/childsViews', severity: 'warning' as const };

describe('RuleTester.assertInvalid', () => {
  it('passes when the findings are exactly those expected', async () => {
    await expect(tester.assertInvalid(rule, { referral: noViews(), errors: [VIEWS] })).resolves.toBeUndefined();
    await expect(tester.assertInvalid(rule, { referral: noViews(), errors: [{ ...VIEWS, ruleId: 'child-voice-recorded', message: /the child's views are not recorded/ }] })).resolves.toBeUndefined();
  });

  it.each([
    ['a wrong pointer', [{ ...VIEWS, pointer: '/childsViews/views' }]],
    ['a wrong severity', [{ ...VIEWS, severity: 'error' as const }]],
    ['a wrong rule id', [{ ...VIEWS, ruleId: 'consent-recorded' }]],
    ['a message that does not match', [{ ...VIEWS, message: /no such words/ }]],
    ['an exact message that differs', [{ ...VIEWS, message: 'childsViews' }]],
    ['a finding too many expected', [VIEWS, VIEWS]],
  ])('fails on %s', async (_name, errors) => {
    await expect(tester.assertInvalid(rule, { referral: noViews(), errors })).rejects.toThrow('the findings differ from those expected');
  });

  it('fails when the rule reports nothing', async () => {
    await expect(tester.assertInvalid(rule, { referral: cleanReferral(), errors: [VIEWS] })).rejects.toThrow('the findings differ from those expected');
  });

  it('refuses an invalid case that expects no finding', async () => {
    await expect(tester.assertInvalid(rule, { name: 'empty', referral: noViews(), errors: [] })).rejects.toThrow('empty: an invalid case must expect at least one finding (use valid for none)');
  });

  it('applies the case\'s options and severity', async () => {
    const young = edit(noViews(), { 'child.dateOfBirth': '2021-06-01' });
    await expect(tester.assertValid(rule, { referral: young, options: { minAge: 6 }, applicable: false })).resolves.toBeUndefined();
    await expect(tester.assertInvalid(rule, { referral: young, severity: 'error', errors: [{ ...VIEWS, severity: 'error' }] })).resolves.toBeUndefined();
  });

  it('addresses the referrals of a batch case by index', async () => {
    const twice = [cleanReferral(), cleanReferral()];
    await expect(tester.assertInvalid(uniqueReferral, { referrals: twice, errors: [{ pointer: '/id', referral: 1 }] })).resolves.toBeUndefined();
    await expect(tester.assertInvalid(uniqueReferral, { referrals: twice, errors: [{ pointer: '/id', referral: 0 }] })).rejects.toThrow('the findings differ');
  });
});

describe('RuleTester.assertValid', () => {
  it('fails when the rule reports something, showing the finding', async () => {
    await expect(tester.assertValid(rule, { referral: noViews() })).rejects.toThrow('a valid case must have no findings');
  });
  it('checks applicability when asked', async () => {
    await expect(tester.assertValid(rule, { referral: cleanReferral(), applicable: true })).resolves.toBeUndefined();
    await expect(tester.assertValid(rule, { referral: cleanReferral(), applicable: false })).rejects.toThrow('the rule must not apply');
  });
  it('turns on other rules only through config.rules', async () => {
    const badSector = edit(cleanReferral(), { 'referrer.sector': 'fire-service' });
    await expect(tester.assertValid(rule, { referral: badSector })).resolves.toBeUndefined();
    await expect(tester.assertValid(rule, { referral: badSector, config: { rules: { 'schema-valid': 'error' } } })).rejects.toThrow('a valid case must have no findings');
  });
  it('reports a rule that throws as a failure naming the rule', async () => {
    const crashing = defineRule({
      meta: { id: 'local/crashes', description: 'Throws.', dimension: 'completeness', severity: 'error', docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } },
      check() {
        throw new Error('boom');
      },
    });
    await expect(tester.assertValid(crashing, { referral: cleanReferral() })).rejects.toThrow('rule local/crashes threw on referral REF-TEST-0001: boom');
  });
  it('refuses a case with both referral and referrals', async () => {
    await expect(tester.assertValid(rule, { name: 'both', referral: {}, referrals: [{}] })).rejects.toThrow('both: give referral or referrals, not both');
  });
});

describe('RuleTester: options, applicability lists and unchanged input', () => {
  it('assertInvalidOptions passes when the options are rejected with that message, and fails when accepted', async () => {
    await expect(tester.assertInvalidOptions(rule, { options: { minAge: 'four' }, error: /rules\.child-voice-recorded\.options\.minAge: must be of type integer/ })).resolves.toBeUndefined();
    await expect(tester.assertInvalidOptions(rule, { options: { minAge: 6 }, error: /minAge/ })).rejects.toThrow('the options were accepted');
    await expect(tester.assertInvalidOptions(rule, { options: { minAge: 'four' }, error: 'another message' })).rejects.toThrow(/Expected values to be strictly equal/);
  });

  it('checks applicability per referral with a list, on invalid cases too', async () => {
    const young = edit(noViews(), { 'child.dateOfBirth': '2025-06-01' });
    await expect(tester.assertInvalid(rule, { referrals: [noViews(), young], applicable: [true, false], errors: [{ ...VIEWS, referral: 0 }] })).resolves.toBeUndefined();
    await expect(tester.assertInvalid(rule, { referrals: [noViews(), young], applicable: [true, true], errors: [{ ...VIEWS, referral: 0 }] })).rejects.toThrow('the rule must apply to the referrals marked true only');
  });

  it('fails a rule that changes the referral it checks', async () => {
    const meddling = defineRule({
      meta: { id: 'local/meddles', description: 'Writes.', dimension: 'completeness', severity: 'error', docs: { checks: ['x'], rationale: 'x', fix: 'x', sources: [] } },
      check(_referral, ctx) {
        ctx.document.id = 'CHANGED';
      },
    });
    // The referral is frozen: the write throws, and the rule crashes (the tester shows the message: its data is invented).
    const referral = cleanReferral();
    await expect(tester.assertValid(meddling, { referral })).rejects.toThrow("rule local/meddles threw on referral REF-TEST-0001: Cannot assign to read only property 'id'");
    expect(Object.isFrozen(referral)).toBe(false); // the case's own object is not the one frozen
  });
});

describe('RuleTester.run', () => {
  it('registers a test that the rule object is valid, then one per case, under the rule id', () => {
    const names: string[] = [];
    const saved = { describe: RuleTester.describe, it: RuleTester.it };
    const checks: (() => Promise<void>)[] = [];
    RuleTester.describe = (name, body) => {
      names.push(`describe ${name}`);
      body();
    };
    RuleTester.it = (name, body) => {
      names.push(name);
      checks.push(body);
    };
    try {
      new RuleTester().run({ meta: { id: 'thin' } } as never, { valid: [cleanReferral(), { name: 'named', referral: cleanReferral() }], invalid: [{ referral: noViews(), errors: [VIEWS] }] });
    } finally {
      Object.assign(RuleTester, saved);
    }
    expect(names).toEqual(['describe thin', 'is a valid rule', 'valid 1', 'named', 'invalid 1']);
    return expect(checks[0]!()).rejects.toThrow('the rule object has problems');
  });

  it('says what to do when there is no describe or it', () => {
    const saved = { describe: RuleTester.describe, it: RuleTester.it };
    RuleTester.describe = undefined;
    RuleTester.it = undefined;
    try {
      expect(() => new RuleTester().run(rule, { valid: [], invalid: [] })).toThrow("RuleTester.run needs describe and it: enable your test framework's globals, or set RuleTester.describe and RuleTester.it");
    } finally {
      Object.assign(RuleTester, saved);
    }
  });
});
