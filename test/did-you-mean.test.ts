// "Did you mean": a misspelt rule id (config, --rule, lintIgnore) or field (--strict) is met
// with the nearest known name when it is close; a day/month/year date is named as such. Neither
// ever quotes what was written.
import { describe, expect, it } from 'vitest';
import { builtInRules } from '../rules/index.js';
import suppressionValid from '../rules/suppression-valid.js';
import { resolveConfig } from '../src/config/resolve.js';
import { closeName, nearest } from '../src/domain/nearest.js';
import { validateReferral, withoutKeyName } from '../src/schema/validate.js';
import { RuleTester } from '../src/testing/rule-tester.js';
import { cleanReferral, edit } from './helpers.js';

const ids = builtInRules.map((r) => r.meta.id);

describe('closeName', () => {
  it('suggests a known name one or two edits away, case aside', () => {
    expect(closeName('concent-recorded', ids)).toBe('consent-recorded');
    expect(closeName('threshold-consistant', ids)).toBe('threshold-consistent');
    expect(closeName('dateofBirth', ['dateOfBirth', 'expectedDateOfBirth'])).toBe('dateOfBirth');
  });

  it('suggests nothing far from every known name, nor the name itself', () => {
    expect(closeName('dates', ids)).toBeUndefined();
    expect(nearest('dates', ids)).toBe('dates-plausible'); // explain still guesses
    expect(closeName('zzqxw', ['dateOfBirth', 'upn'])).toBeUndefined();
    expect(closeName('consent-recorded', ids)).toBeUndefined();
  });
});

describe('a misspelt rule id in the config and in --rule', () => {
  it('names the nearest rule in rules', () => {
    expect(() => resolveConfig({ rules: { 'concent-recorded': 'off' } }, builtInRules, {}, Date.now, 'c.yaml')).toThrow(
      'rules.concent-recorded in c.yaml: no rule has this id; did you mean consent-recorded?',
    );
  });

  it('names the nearest rule in --rule, and none when nothing is close', () => {
    expect(() => resolveConfig({}, builtInRules, { rules: ['threshold-consistant:off'] })).toThrow(
      '--rule threshold-consistant:off: no rule has the id threshold-consistant; did you mean threshold-consistent?',
    );
    expect(() => resolveConfig({}, builtInRules, { rules: ['nope:error'] })).toThrow(/^--rule nope:error: no rule has the id nope$/);
  });
});

describe('a misspelt field under --strict', () => {
  const referral = edit(cleanReferral(), { 'child.dateOfBirth': undefined, 'child.dateofBirth': '2014-03-02', 'carers.0.nme': 'x' });

  it('names the known field it is close to, and the key itself only in the form kept with --include-personal-data', () => {
    const problems = validateReferral(referral, true);
    expect(problems).toContainEqual({ pointer: '/child/dateofBirth', message: 'child.dateofBirth is not a field of the referral format (--strict); did you mean child.dateOfBirth?' });
    expect(problems).toContainEqual({ pointer: '/carers/0/nme', message: 'carers[0].nme is not a field of the referral format (--strict); did you mean carers[0].name?' });
  });

  it('keeps the suggestion, and only it, when the key is withheld', () => {
    expect(withoutKeyName('/child/dateofBirth', 'child.dateofBirth is not a field of the referral format (--strict); did you mean child.dateOfBirth?')).toEqual({
      pointer: '/child',
      message: 'child has a key of 11 characters that is not a field of the referral format (--strict; --include-personal-data shows its name); did you mean child.dateOfBirth?',
    });
  });

  it('suggests nothing for a key far from every field', () => {
    expect(validateReferral(edit(cleanReferral(), { 'child.zzqxw': 'x' }), true)).toEqual([
      { pointer: '/child/zzqxw', message: 'child.zzqxw is not a field of the referral format (--strict)' },
    ]);
  });
});

describe('a day/month/year date', () => {
  it.each([
    ['child.dateOfBirth', '31/01/2014', 'child.dateOfBirth must be a date (YYYY-MM-DD): it looks like day/month/year'],
    ['receivedAt', '05/10/2026 10:30', 'receivedAt must be a date-time (RFC 3339, for example 2016-02-03T09:14:00Z): it looks like day/month/year'],
    ['consent.recordedAt', '5/10/2026', 'consent.recordedAt must be a date-time (RFC 3339, for example 2016-02-03T09:14:00Z): it looks like day/month/year'],
  ])('%s written as day/month/year says so and never quotes the value', (field, value, message) => {
    const problems = validateReferral(edit(cleanReferral(), { [field]: value }), false);
    expect(problems).toEqual([{ pointer: `/${field.replaceAll('.', '/')}`, message }]);
    expect(problems[0]!.message).not.toContain(value);
  });

  it('leaves another malformed date as it was', () => {
    expect(validateReferral(edit(cleanReferral(), { 'child.dateOfBirth': '2014-13-01' }), false)).toEqual([
      { pointer: '/child/dateOfBirth', message: 'child.dateOfBirth must be a date (YYYY-MM-DD)' },
    ]);
  });
});

new RuleTester().run(suppressionValid, {
  valid: [],
  invalid: [
    {
      name: 'a misspelt rule id in lintIgnore names the known rule, not what was written',
      referral: edit(cleanReferral(), { lintIgnore: [{ rule: 'concent-recorded', reason: 'Recorded on paper form 17; the export drops it.' }] }),
      errors: [{ pointer: '/lintIgnore/0/rule', message: 'lintIgnore[0].rule names no rule known to this configuration (did you mean consent-recorded? referral-lint rules lists them)' }],
    },
    {
      name: 'a lintIgnore rule far from every rule gets no guess',
      referral: edit(cleanReferral(), { lintIgnore: [{ rule: 'Sam Smith', reason: 'Recorded on paper form 17; the export drops it.' }] }),
      errors: [{ pointer: '/lintIgnore/0/rule', message: 'lintIgnore[0].rule names no rule known to this configuration (referral-lint rules lists them)' }],
    },
  ],
});
